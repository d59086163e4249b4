package data

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Conn is one connection taken from the store for work that needs the same
// session throughout: temporary tables, a transaction, Arrow views.
type Conn struct {
	*sql.Conn
}

// WithConn runs fn on a dedicated connection and returns it to the pool.
func (s *Store) WithConn(ctx context.Context, fn func(*Conn) error) error {
	c, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("data: connection: %w", err)
	}
	defer c.Close()
	return fn(&Conn{Conn: c})
}

// Info says which data the store holds: Version grows with every load that
// changed something, so caches keyed by it are invalidated by a load.
type Info struct {
	Version  int64
	LoadedAt time.Time
}

// Info reads the data version and the time of the last load that changed data.
func (s *Store) Info(ctx context.Context) (Info, error) {
	var in Info
	var at sql.NullTime
	err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(id), 0), max(finished_at) FROM loads WHERE outcome = 'loaded'`).Scan(&in.Version, &at)
	if err != nil {
		return Info{}, fmt.Errorf("data info: %w", err)
	}
	in.LoadedAt = at.Time
	return in, nil
}

// Ping checks the store answers a query.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	return s.db.QueryRowContext(ctx, `SELECT 1`).Scan(&one)
}
