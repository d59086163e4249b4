package ingest

import (
	"context"
	"fmt"
	"os"

	"chitieu/data"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
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
		return rawTable{}, []Problem{{File: in.Name, Message: fmt.Sprintf("cannot read as %s: %s", format, firstLine(err.Error()))}}, nil
	}
	rt, err := describeRaw(ctx, c, table)
	rt.RowExpr = "rowid + 1"
	return rt, nil, err
}

// readArrowIPC loads an Arrow IPC file or stream through arrow-go, handing
// its record batches to DuckDB as a view. Dictionary-encoded strings arrive
// as DuckDB enums and are read as their text.
func readArrowIPC(ctx context.Context, c *data.Conn, in Input, table string) (rawTable, []Problem, error) {
	f, err := os.Open(in.Path)
	if err != nil {
		return rawTable{}, []Problem{{File: in.Name, Message: "cannot open the file: " + err.Error()}}, nil
	}
	defer f.Close()
	head := make([]byte, 6)
	f.ReadAt(head, 0)
	var reader array.RecordReader
	mem := memory.NewGoAllocator()
	if string(head) == "ARROW1" {
		fr, err := ipc.NewFileReader(f, ipc.WithAllocator(mem))
		if err != nil {
			return rawTable{}, []Problem{{File: in.Name, Message: "cannot read as an Arrow IPC file: " + err.Error()}}, nil
		}
		defer fr.Close()
		var recs []arrow.RecordBatch
		for i := 0; i < fr.NumRecords(); i++ {
			rec, err := fr.RecordBatch(i)
			if err != nil {
				return rawTable{}, []Problem{{File: in.Name, Message: fmt.Sprintf("Arrow IPC record batch %d: %v", i, err)}}, nil
			}
			rec.Retain()
			recs = append(recs, rec)
		}
		defer func() {
			for _, r := range recs {
				r.Release()
			}
		}()
		if reader, err = array.NewRecordReader(fr.Schema(), recs); err != nil {
			return rawTable{}, nil, err
		}
	} else {
		sr, err := ipc.NewReader(f, ipc.WithAllocator(mem))
		if err != nil {
			return rawTable{}, []Problem{{File: in.Name, Message: "cannot read as an Arrow IPC stream: " + err.Error()}}, nil
		}
		reader = sr
	}
	defer reader.Release()
	view := table + "_arrow"
	release, err := c.RegisterArrow(ctx, view, reader)
	if err != nil {
		return rawTable{}, nil, err
	}
	defer release()
	if _, err := c.ExecContext(ctx, fmt.Sprintf("CREATE TEMP TABLE %s AS SELECT * FROM %s", data.QuoteIdent(table), data.QuoteIdent(view))); err != nil {
		return rawTable{}, []Problem{{File: in.Name, Message: "cannot read the Arrow data: " + firstLine(err.Error())}}, nil
	}
	c.ExecContext(ctx, "DROP VIEW IF EXISTS "+data.QuoteIdent(view))
	rt, err := describeRaw(ctx, c, table)
	rt.RowExpr = "rowid + 1"
	return rt, nil, err
}
