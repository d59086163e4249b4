package ingest

import (
	"fmt"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// validateBatches checks every column of every batch in full (offsets,
// lengths, nulls, dictionary indices, children) before DuckDB reads the
// buffers: DuckDB trusts them, and a negative string offset in a file would
// otherwise crash the process. Validation itself can panic on some
// malformed arrays; that too is a refusal.
func validateBatches(recs []arrow.RecordBatch) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%v", p)
		}
	}()
	for i, rec := range recs {
		for j, col := range rec.Columns() {
			if int64(col.Len()) != rec.NumRows() {
				return fmt.Errorf("lô %d, cột %q: %d giá trị thay vì %d", i+1, rec.ColumnName(j), col.Len(), rec.NumRows())
			}
			if err := array.ValidateFull(col); err != nil {
				return fmt.Errorf("lô %d, cột %q: %w", i+1, rec.ColumnName(j), err)
			}
		}
	}
	return nil
}

// budgetAllocator is arrow-go's Go allocator with a ceiling on what it holds
// at once, so a compressed buffer that declares a huge length is refused
// instead of taking the machine's memory.
type budgetAllocator struct {
	mem  memory.Allocator
	max  int64
	used atomic.Int64
}

func newBudgetAllocator(max int64) *budgetAllocator {
	return &budgetAllocator{mem: memory.NewGoAllocator(), max: max}
}

// take counts n more bytes (fewer when n is negative) and panics past the
// ceiling or on a negative size.
func (a *budgetAllocator) take(size, n int) {
	if size < 0 || a.used.Add(int64(n)) > a.max {
		a.used.Add(-int64(n))
		panic(limitErr("arrow", "max", a.max>>20)) // the reader's recover makes it a refusal
	}
}

func (a *budgetAllocator) Allocate(size int) []byte {
	a.take(size, size)
	return a.mem.Allocate(size)
}

func (a *budgetAllocator) Reallocate(size int, b []byte) []byte {
	a.take(size, size-len(b))
	return a.mem.Reallocate(size, b)
}

func (a *budgetAllocator) Free(b []byte) {
	a.used.Add(-int64(len(b)))
	a.mem.Free(b)
}
