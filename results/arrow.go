package results

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/xuri/excelize/v2"
)

// WriteArrowStream writes record batches as an Arrow IPC stream as they come
// from DuckDB: memory holds one batch at a time, whatever the result's size.
func WriteArrowStream(w io.Writer, rr array.RecordReader) (int64, error) {
	iw := ipc.NewWriter(w, ipc.WithSchema(rr.Schema()), ipc.WithAllocator(memory.DefaultAllocator))
	var n int64
	for rr.Next() {
		rec := rr.RecordBatch()
		if err := iw.Write(rec); err != nil {
			return n, fmt.Errorf("arrow stream: %w", err)
		}
		n += rec.NumRows()
	}
	if err := rr.Err(); err != nil {
		return n, err
	}
	return n, iw.Close()
}

// WriteParquet writes record batches as a Parquet file, compressed with
// zstd, one row group per few batches.
func WriteParquet(w io.Writer, rr array.RecordReader) (int64, error) {
	props := parquet.NewWriterProperties(parquet.WithCompression(compress.Codecs.Zstd), parquet.WithAllocator(memory.DefaultAllocator))
	pw, err := pqarrow.NewFileWriter(rr.Schema(), w, props, pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema()))
	if err != nil {
		return 0, fmt.Errorf("parquet: %w", err)
	}
	var n int64
	for rr.Next() {
		rec := rr.RecordBatch()
		if err := pw.WriteBuffered(rec); err != nil {
			return n, fmt.Errorf("parquet: %w", err)
		}
		n += rec.NumRows()
	}
	if err := rr.Err(); err != nil {
		return n, err
	}
	return n, pw.Close()
}

// MaxXLSXRows is what a sheet holds below its header.
const MaxXLSXRows = 1_048_575

// ErrTooManyRows says a result does not fit the format asked for.
var ErrTooManyRows = errors.New("the result has more rows than a sheet holds (1.048.575): download CSV or Parquet")

// WriteXLSX writes record batches as a workbook of one sheet, streamed by
// excelize, numbers as numbers. A result longer than a sheet is refused
// before anything is written.
func WriteXLSX(ctx context.Context, w io.Writer, rr array.RecordReader) (int64, error) {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return 0, err
	}
	schema := rr.Schema()
	header := make([]any, schema.NumFields())
	for i, fld := range schema.Fields() {
		header[i] = fld.Name
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err := sw.SetRow("A1", header, excelize.RowOpts{StyleID: bold}); err != nil {
		return 0, err
	}
	var n int64
	row := make([]any, schema.NumFields())
	for rr.Next() {
		rec := rr.RecordBatch()
		for r := 0; r < int(rec.NumRows()); r++ {
			if n >= MaxXLSXRows {
				return n, ErrTooManyRows
			}
			for c := 0; c < int(rec.NumCols()); c++ {
				row[c] = cellValue(rec.Column(c), r)
			}
			cell, _ := excelize.CoordinatesToCellName(1, int(n)+2)
			if err := sw.SetRow(cell, row); err != nil {
				return n, err
			}
			n++
		}
		if err := ctx.Err(); err != nil {
			return n, err
		}
	}
	if err := rr.Err(); err != nil {
		return n, err
	}
	if err := sw.Flush(); err != nil {
		return n, err
	}
	return n, f.Write(w)
}

// cellValue is an Arrow value as excelize writes it: numbers as numbers,
// anything else as its text.
func cellValue(col arrow.Array, i int) any {
	if col.IsNull(i) {
		return nil
	}
	switch a := col.(type) {
	case *array.Float64:
		return JSONValue(a.Value(i), "")
	case *array.Float32:
		return JSONValue(a.Value(i), "")
	case *array.Int64:
		return a.Value(i)
	case *array.Int32:
		return a.Value(i)
	case *array.Int16:
		return a.Value(i)
	case *array.Int8:
		return a.Value(i)
	case *array.Uint64:
		return a.Value(i)
	case *array.Uint32:
		return a.Value(i)
	case *array.Boolean:
		return a.Value(i)
	case *array.String:
		return a.Value(i)
	case *array.LargeString:
		return a.Value(i)
	}
	return col.ValueStr(i)
}
