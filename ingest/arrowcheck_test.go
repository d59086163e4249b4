package ingest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// arrowFile writes n rows of one string column, LZ4-compressed: a small
// file whose batches take far more memory once read.
func arrowFile(tb testing.TB, n int) string {
	schema := arrow.NewSchema([]arrow.Field{{Name: "unit", Type: arrow.BinaryTypes.String}}, nil)
	b := array.NewRecordBuilder(memory.NewGoAllocator(), schema)
	defer b.Release()
	for i := 0; i < n; i++ {
		b.Field(0).(*array.StringBuilder).Append("Sở Y tế tỉnh Kiên Giang")
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	var buf bytes.Buffer
	w, err := ipc.NewFileWriter(&buf, ipc.WithSchema(schema), ipc.WithLZ4())
	if err != nil {
		tb.Fatal(err)
	}
	w.Write(rec)
	w.Close()
	p := filepath.Join(tb.TempDir(), "units.arrow")
	os.WriteFile(p, buf.Bytes(), 0o600)
	return p
}

// Batches are read within a memory budget: over it, the file is refused
// (arrow-go allocates what a compressed buffer declares before reading it).
func TestArrowBudget(t *testing.T) {
	p := arrowFile(t, 100_000)
	info, _ := os.Stat(p)
	_, recs, err := readArrowBatches(context.Background(), p, 1<<20)
	for _, r := range recs {
		r.Release()
	}
	if err == nil || !strings.Contains(err.Error(), "quá lớn khi giải nén") {
		t.Fatalf("a %d-byte file of 3 MB of strings read within 1 MB: %v", info.Size(), err)
	}
	_, recs, err = readArrowBatches(context.Background(), p, 64<<20)
	defer func() {
		for _, r := range recs {
			r.Release()
		}
	}()
	if err != nil || len(recs) != 1 || recs[0].NumRows() != 100_000 || validateBatches(recs) != nil {
		t.Fatalf("within 64 MB: %v", err)
	}
}
