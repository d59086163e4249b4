package data

import (
	"context"
	"database/sql"

	"fmt"
	"strconv"
	"strings"
	"time"
)

// SchemaColumn is a column as the console's schema browser shows it.
type SchemaColumn struct {
	Name    string `json:"name"`
	Type    string `json:"type"`
	Comment string `json:"comment,omitempty"`
}

// SchemaObject is a table, a view or a macro analysts can use.
type SchemaObject struct {
	Name    string         `json:"name"`
	Kind    string         `json:"kind"` // table, view, macro, table macro
	Comment string         `json:"comment,omitempty"`
	Columns []SchemaColumn `json:"columns,omitempty"`
	Params  []string       `json:"params,omitempty"`
}

// Schema lists the tables, views and macros of the database, with the
// comments that explain them.
func (s *Store) Schema(ctx context.Context) ([]SchemaObject, error) {
	var out []SchemaObject
	idx := map[string]int{}
	rows, err := s.db.QueryContext(ctx, `
		SELECT table_name, 'table', coalesce(comment, '') FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal
		UNION ALL
		SELECT view_name, 'view', coalesce(comment, '') FROM duckdb_views() WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal
		ORDER BY 2 DESC, 1`)
	if err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	for rows.Next() {
		var o SchemaObject
		if err := rows.Scan(&o.Name, &o.Kind, &o.Comment); err != nil {
			rows.Close()
			return nil, err
		}
		idx[o.Name] = len(out)
		out = append(out, o)
	}
	rows.Close()
	rows, err = s.db.QueryContext(ctx, `SELECT table_name, column_name, data_type, coalesce(comment, '')
		FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main' ORDER BY table_name, column_index`)
	if err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	for rows.Next() {
		var t string
		var c SchemaColumn
		if err := rows.Scan(&t, &c.Name, &c.Type, &c.Comment); err != nil {
			rows.Close()
			return nil, err
		}
		if i, ok := idx[t]; ok {
			out[i].Columns = append(out[i].Columns, c)
		}
	}
	rows.Close()
	rows, err = s.db.QueryContext(ctx, `SELECT DISTINCT function_name, function_type, parameters::VARCHAR[]
		FROM duckdb_functions() WHERE database_name = current_database() AND schema_name = 'main'
		AND function_type IN ('macro', 'table_macro') AND NOT internal ORDER BY function_name`)
	if err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var o SchemaObject
		var params []any
		if err := rows.Scan(&o.Name, &o.Kind, &params); err != nil {
			return nil, err
		}
		o.Kind = strings.ReplaceAll(o.Kind, "_", " ")
		for _, p := range params {
			o.Params = append(o.Params, fmt.Sprint(p))
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// SavedQuery is a query kept in the console.
type SavedQuery struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	SQL         string    `json:"sql"`
	Owner       string    `json:"owner"`
	Shared      bool      `json:"shared"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// SavedQueries lists the queries user may see: their own and shared ones.
func (s *Store) SavedQueries(ctx context.Context, user string) ([]SavedQuery, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, coalesce(description, ''), sql, owner, shared, updated_at
		FROM saved_queries WHERE owner = ? OR shared ORDER BY lower(name), id`, user)
	if err != nil {
		return nil, fmt.Errorf("saved queries: %w", err)
	}
	defer rows.Close()
	var out []SavedQuery
	for rows.Next() {
		var q SavedQuery
		if err := rows.Scan(&q.ID, &q.Name, &q.Description, &q.SQL, &q.Owner, &q.Shared, &q.UpdatedAt); err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

// SaveQuery adds a query, or updates one of user's own when q.ID is set.
func (s *Store) SaveQuery(ctx context.Context, user string, q SavedQuery) (SavedQuery, error) {
	q.Name, q.SQL = strings.TrimSpace(q.Name), strings.TrimSpace(q.SQL)
	if q.Name == "" || q.SQL == "" {
		return q, Coded("saved queries", ErrInvalid, "sql.saved_needs_name")
	}
	now := time.Now().UTC()
	q.Owner, q.UpdatedAt = user, now
	if q.ID == 0 {
		err := s.db.QueryRowContext(ctx, `INSERT INTO saved_queries (name, description, sql, owner, shared, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, q.Name, q.Description, q.SQL, user, q.Shared, now, now).Scan(&q.ID)
		return q, err
	}
	res, err := s.db.ExecContext(ctx, `UPDATE saved_queries SET name = ?, description = ?, sql = ?, shared = ?, updated_at = ?
		WHERE id = ? AND owner = ?`, q.Name, q.Description, q.SQL, q.Shared, now, q.ID, user)
	if err != nil {
		return q, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return q, Coded("saved queries", ErrNotFound, "sql.saved_not_found", "id", strconv.FormatInt(q.ID, 10))
	}
	return q, nil
}

// DeleteQuery removes one of user's own saved queries.
func (s *Store) DeleteQuery(ctx context.Context, user string, id int64) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM saved_queries WHERE id = ? AND owner = ?`, id, user)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Coded("saved queries", ErrNotFound, "sql.saved_not_found", "id", strconv.FormatInt(id, 10))
	}
	return nil
}

// AuditEntry is one record of the audit.
type AuditEntry struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	Actor      string    `json:"actor"`
	Action     string    `json:"action"`
	Object     string    `json:"object,omitempty"`
	Detail     string    `json:"detail,omitempty"`
	DurationMS *int64    `json:"duration_ms,omitempty"`
	Rows       *int64    `json:"rows,omitempty"`
	Outcome    string    `json:"outcome"`
}

// Audit appends a record; the audit is never updated or deleted from.
func (s *Store) Audit(ctx context.Context, e AuditEntry) error {
	if e.At.IsZero() {
		e.At = time.Now().UTC()
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO audit (occurred_at, actor, action, object, detail, duration_ms, rows, outcome)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, e.At, e.Actor, e.Action, nullable(e.Object), nullable(e.Detail), e.DurationMS, e.Rows, e.Outcome)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// AuditFilter narrows a search of the audit; zero values match everything.
type AuditFilter struct {
	Actor, Action, Text string
	Limit               int
}

// SearchAudit returns the newest records that match f.
func (s *Store) SearchAudit(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	if f.Limit <= 0 || f.Limit > 10000 {
		f.Limit = 200
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, occurred_at, actor, action, coalesce(object, ''), coalesce(detail, ''), duration_ms, rows, outcome
		FROM audit WHERE (? = '' OR actor = ?) AND (? = '' OR action = ?)
		AND (? = '' OR contains(lower(coalesce(detail, '') || ' ' || coalesce(object, '')), lower(?)))
		ORDER BY id DESC LIMIT ?`, f.Actor, f.Actor, f.Action, f.Action, f.Text, f.Text, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		if err := rows.Scan(&e.ID, &e.At, &e.Actor, &e.Action, &e.Object, &e.Detail, &e.DurationMS, &e.Rows, &e.Outcome); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func nullable(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }
