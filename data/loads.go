package data

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// LoadRecord is one load attempt as the loads table keeps it.
type LoadRecord struct {
	ID         int64      `json:"id"`
	FileName   string     `json:"file_name"`
	SHA256     string     `json:"sha256"`
	Format     string     `json:"format"`
	Content    string     `json:"content"`
	Read       int64      `json:"rows_read"`
	Inserted   int64      `json:"rows_inserted"`
	Updated    int64      `json:"rows_updated"`
	Unchanged  int64      `json:"rows_unchanged"`
	Refused    int64      `json:"rows_refused"`
	StartedAt  time.Time  `json:"started_at"`
	FinishedAt *time.Time `json:"finished_at"`
	Outcome    string     `json:"outcome"`
	Message    string     `json:"message"`
	LoadedBy   string     `json:"loaded_by"`
}

// Loads returns the latest load attempts, newest first.
func (s *Store) Loads(ctx context.Context, limit int) ([]LoadRecord, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, file_name, coalesce(sha256, ''), coalesce(format, ''),
		coalesce(content, ''), rows_read, rows_inserted, rows_updated, rows_unchanged, rows_refused,
		started_at, finished_at, outcome, coalesce(message, ''), coalesce(loaded_by, '')
		FROM loads ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("loads: %w", err)
	}
	defer rows.Close()
	var out []LoadRecord
	for rows.Next() {
		var r LoadRecord
		var fin sql.NullTime
		if err := rows.Scan(&r.ID, &r.FileName, &r.SHA256, &r.Format, &r.Content, &r.Read, &r.Inserted, &r.Updated,
			&r.Unchanged, &r.Refused, &r.StartedAt, &fin, &r.Outcome, &r.Message, &r.LoadedBy); err != nil {
			return nil, fmt.Errorf("loads: %w", err)
		}
		if fin.Valid {
			r.FinishedAt = &fin.Time
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
