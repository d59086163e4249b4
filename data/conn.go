package data

import (
	"context"
	"database/sql"
	"fmt"
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

// DataVersion is a number that grows with every load that changed something;
// caches keyed by it are invalidated by a load.
func (s *Store) DataVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM loads WHERE outcome = 'loaded'`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("data version: %w", err)
	}
	return v, nil
}

// Ping checks the store answers a query.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	return s.db.QueryRowContext(ctx, `SELECT 1`).Scan(&one)
}
