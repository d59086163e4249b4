package ingest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"chitieu/data"
	"chitieu/ingest/sheet"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
)

// readWithDuckDB loads Parquet, JSON (an array of objects) or NDJSON with
// DuckDB's own readers. Their columns keep their types: a number stored as
// a number is taken as it is, with no locale to guess. A row is the record's
// position, the first being 1.
func readWithDuckDB(ctx context.Context, c *data.Conn, in Input, format, table string) (rawTable, []Problem, error) {
	fn := "read_parquet(%s)"
	if format == FormatJSON {
		fn = "read_json(%s, format = 'auto')"
	}
	q := fmt.Sprintf("CREATE TEMP TABLE %s AS SELECT * FROM "+fn, data.QuoteIdent(table), data.QuoteString(in.Path))
	if _, err := c.ExecContext(ctx, q); err != nil {
		if ctx.Err() != nil {
			return rawTable{}, nil, ctx.Err()
		}
		// DuckDB names the file it read, which is in the private spool: the
		// user knows it by its own name.
		msg := strings.ReplaceAll(firstLine(err.Error()), in.Path, in.Name)
		if dir := filepath.Dir(in.Path); filepath.IsAbs(dir) && len(dir) > 1 {
			msg = strings.ReplaceAll(msg, dir, "…")
		}
		p := coded("ingest.cannot_read_format", "format", format, "detail", msg)
		p.File = in.Name
		return rawTable{}, []Problem{p}, nil
	}
	rt, err := describeRaw(ctx, c, table)
	rt.RowExpr = "rowid + 1"
	return rt, nil, err
}

// arrowBudget is the most memory an Arrow file's batches may take once read.
const arrowBudget = 768 << 20

// readArrowIPC loads an Arrow IPC file or stream through arrow-go, handing
// its record batches to DuckDB as a view. Dictionary-encoded strings arrive
// as DuckDB enums and are read as their text. Every batch is read within a
// memory budget and validated in full before DuckDB sees its buffers.
func readArrowIPC(ctx context.Context, c *data.Conn, in Input, table string) (rawTable, []Problem, error) {
	refuse := func(p Problem) (rawTable, []Problem, error) {
		p.File = in.Name
		return rawTable{}, []Problem{p}, nil
	}
	schema, recs, err := readArrowBatches(ctx, in.Path, arrowBudget)
	defer func() {
		for _, r := range recs {
			r.Release()
		}
	}()
	if err != nil {
		if ctx.Err() != nil {
			return rawTable{}, nil, ctx.Err()
		}
		if errors.Is(err, sheet.ErrLimit) {
			return refuse(problemOf(in.Name, "", err))
		}
		return refuse(coded("ingest.arrow_invalid", "detail", err.Error()))
	}
	if err := validateBatches(recs); err != nil {
		return refuse(coded("ingest.arrow_invalid", "detail", err.Error()))
	}
	reader, err := array.NewRecordReader(schema, recs)
	if err != nil {
		return refuse(coded("ingest.arrow_invalid", "detail", err.Error()))
	}
	defer reader.Release()
	view := table + "_arrow"
	release, err := c.RegisterArrow(ctx, view, reader)
	if err != nil {
		return rawTable{}, nil, err
	}
	defer release()
	if _, err := c.ExecContext(ctx, fmt.Sprintf("CREATE TEMP TABLE %s AS SELECT * FROM %s", data.QuoteIdent(table), data.QuoteIdent(view))); err != nil {
		return refuse(coded("ingest.cannot_read_format", "format", "Arrow", "detail", firstLine(err.Error())))
	}
	c.ExecContext(ctx, "DROP VIEW IF EXISTS "+data.QuoteIdent(view))
	rt, err := describeRaw(ctx, c, table)
	rt.RowExpr = "rowid + 1"
	return rt, nil, err
}

// readArrowBatches reads every record batch of an Arrow IPC file or stream
// into memory, within budget bytes; a malformed file that makes arrow-go
// panic, or one over the budget, is an error. The caller releases the
// batches, also on error.
func readArrowBatches(ctx context.Context, path string, budget int64) (schema *arrow.Schema, recs []arrow.RecordBatch, err error) {
	defer func() {
		if p := recover(); p != nil {
			if over, ok := p.(*limitError); ok {
				err = over
				return
			}
			err = fmt.Errorf("%v", p)
		}
	}()
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if err := preflightArrow(f, info.Size()); err != nil {
		return nil, nil, err
	}
	head := make([]byte, 6)
	f.ReadAt(head, 0)
	mem := newBudgetAllocator(budget)
	if string(head) == "ARROW1" {
		fr, err := ipc.NewFileReader(f, ipc.WithAllocator(mem))
		if err != nil {
			return nil, nil, err
		}
		defer fr.Close()
		for i := 0; i < fr.NumRecords(); i++ {
			if err := ctx.Err(); err != nil {
				return nil, recs, err
			}
			rec, err := fr.RecordBatch(i)
			if err != nil {
				return nil, recs, fmt.Errorf("lô %d: %w", i+1, err)
			}
			rec.Retain()
			recs = append(recs, rec)
		}
		return fr.Schema(), recs, nil
	}
	sr, err := ipc.NewReader(ctxReader{ctx, f}, ipc.WithAllocator(mem))
	if err != nil {
		return nil, nil, err
	}
	defer sr.Release()
	for sr.Next() {
		rec := sr.RecordBatch()
		rec.Retain()
		recs = append(recs, rec)
	}
	if err := sr.Err(); err != nil {
		return nil, recs, err
	}
	return sr.Schema(), recs, nil
}
