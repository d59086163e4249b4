//go:build duckdb_arrow

package data

import (
	"context"
	"database/sql/driver"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow/array"
	duckdb "github.com/duckdb/duckdb-go/v2"
)

// ArrowEnabled reports whether this binary speaks Arrow to DuckDB.
const ArrowEnabled = true

// RegisterArrow makes the record reader queryable as a view called name on
// this connection. Call release once the view is no longer used.
func (c *Conn) RegisterArrow(ctx context.Context, name string, r array.RecordReader) (release func(), err error) {
	err = c.Raw(func(dc any) error {
		a, err := duckdb.NewArrowFromConn(dc.(driver.Conn))
		if err != nil {
			return err
		}
		release, err = a.RegisterView(r, name)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("register arrow view %s: %w", name, err)
	}
	return release, nil
}

// QueryArrow runs query on this connection and returns its result as Arrow
// record batches. The reader must be released before the connection is used again.
func (c *Conn) QueryArrow(ctx context.Context, query string, args ...any) (array.RecordReader, error) {
	var rr array.RecordReader
	err := c.Raw(func(dc any) error {
		a, err := duckdb.NewArrowFromConn(dc.(driver.Conn))
		if err != nil {
			return err
		}
		rr, err = a.QueryContext(ctx, query, args...)
		return err
	})
	return rr, err
}

// ReadQueryArrow is ReadQuery with the result as Arrow record batches,
// streamed from DuckDB: fn reads them as they come.
func (s *Store) ReadQueryArrow(ctx context.Context, query string, fn func(array.RecordReader) error) error {
	return s.readSession(ctx, query, func(c *Conn) error {
		rr, err := c.QueryArrow(ctx, query)
		if err != nil {
			return queryError(ctx, err)
		}
		defer rr.Release()
		if err := fn(rr); err != nil {
			return err
		}
		if err := rr.Err(); err != nil {
			return queryError(ctx, err)
		}
		return nil
	})
}
