package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"chitieu/data"
	"chitieu/ingest"
	"chitieu/internal/testutil"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// copyTo writes the 2019 figures with DuckDB's own writers, as another
// system would export them: numbers typed, not text.
func copyTo(tb testing.TB, path, format string) {
	tb.Helper()
	st, err := data.Open(context.Background(), "", data.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	defer st.Close()
	_, err = st.DB().ExecContext(context.Background(), `COPY (SELECT * FROM (VALUES
		(2019, 'SYT', 'KHAM_BENH', 5300000.0, 5000000),
		(2019, 'SYT', 'SDD_DUOI_5', 12.5, 13)) t(year, unit, indicator, actual, plan)) TO '`+path+`' (`+format+`)`)
	if err != nil {
		tb.Fatal(err)
	}
}

// arrowFile writes the 2019 figures as Arrow IPC, the unit and indicator
// columns dictionary-encoded, as a file or a stream.
func arrowFile(tb testing.TB, path string, stream bool) {
	tb.Helper()
	mem := memory.NewGoAllocator()
	dictType := &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int16, ValueType: arrow.BinaryTypes.String}
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "year", Type: arrow.PrimitiveTypes.Int32},
		{Name: "unit", Type: dictType},
		{Name: "indicator", Type: dictType},
		{Name: "actual", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
		{Name: "plan", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	}, nil)
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()
	b.Field(0).(*array.Int32Builder).AppendValues([]int32{2019, 2019}, nil)
	b.Field(1).(*array.BinaryDictionaryBuilder).AppendString("SYT")
	b.Field(1).(*array.BinaryDictionaryBuilder).AppendString("SYT")
	b.Field(2).(*array.BinaryDictionaryBuilder).AppendString("KHAM_BENH")
	b.Field(2).(*array.BinaryDictionaryBuilder).AppendString("SDD_DUOI_5")
	b.Field(3).(*array.Float64Builder).AppendValues([]float64{5300000, 12.5}, nil)
	b.Field(4).(*array.Float64Builder).AppendValues([]float64{5000000, 13}, nil)
	rec := b.NewRecordBatch()
	defer rec.Release()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	if stream {
		w := ipc.NewWriter(f, ipc.WithSchema(schema), ipc.WithAllocator(mem))
		if err := w.Write(rec); err != nil {
			tb.Fatal(err)
		}
		w.Close()
		return
	}
	w, err := ipc.NewFileWriter(f, ipc.WithSchema(schema), ipc.WithAllocator(mem))
	if err != nil {
		tb.Fatal(err)
	}
	if err := w.Write(rec); err != nil {
		tb.Fatal(err)
	}
	w.Close()
}

func TestTypedFormats(t *testing.T) {
	dir := t.TempDir()
	files := map[string]func(string){
		"f.parquet":  func(p string) { copyTo(t, p, "FORMAT parquet") },
		"f.json":     func(p string) { copyTo(t, p, "FORMAT json, ARRAY true") },
		"f.ndjson":   func(p string) { copyTo(t, p, "FORMAT json") },
		"f.arrow":    func(p string) { arrowFile(t, p, false) },
		"f.arrows":   func(p string) { arrowFile(t, p, true) },
		"vi.parquet": func(p string) { copyTo(t, p, "FORMAT parquet") },
	}
	for name, make := range files {
		t.Run(name, func(t *testing.T) {
			if filepath.Ext(name) == ".arrow" || filepath.Ext(name) == ".arrows" {
				needArrow(t)
			}
			p := filepath.Join(dir, name)
			make(p)
			st := testutil.SampleStore(t)
			// A typed number is never read by a locale: --locale vi must not
			// turn 12.5 into 125.
			opts := ingest.Options{}
			if name == "vi.parquet" {
				opts.Locale = "vi"
			}
			load(t, st, opts, p)
			if got := obs(t, st, 2019, "SYT", "KHAM_BENH"); got != "5.3e+06|5e+06|-" {
				t.Errorf("KHAM_BENH: %s", got)
			}
			if got := obs(t, st, 2019, "SYT", "SDD_DUOI_5"); got != "12.5|13|-" {
				t.Errorf("SDD_DUOI_5: %s", got)
			}
		})
	}
}
