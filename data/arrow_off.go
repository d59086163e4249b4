//go:build !duckdb_arrow

package data

import (
	"context"
	"errors"

	"github.com/apache/arrow-go/v18/arrow/array"
)

// ArrowEnabled reports whether this binary speaks Arrow to DuckDB. Build with
// -tags duckdb_arrow (as the Makefile does) to turn it on.
const ArrowEnabled = false

var errNoArrow = errors.New("this binary was built without the duckdb_arrow tag; build it with make build")

// RegisterArrow is unavailable without the duckdb_arrow build tag.
func (c *Conn) RegisterArrow(ctx context.Context, name string, r array.RecordReader) (func(), error) {
	return nil, errNoArrow
}

// QueryArrow is unavailable without the duckdb_arrow build tag.
func (c *Conn) QueryArrow(ctx context.Context, query string, args ...any) (array.RecordReader, error) {
	return nil, errNoArrow
}

// ReadQueryArrow is unavailable without the duckdb_arrow build tag.
func (s *Store) ReadQueryArrow(ctx context.Context, query string, fn func(array.RecordReader) error) error {
	return errNoArrow
}
