package ingest

import (
	"context"
	"fmt"
	"strings"

	"chitieu/data"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// reportColumns are the columns of the raw relation of report tables, as
// the staging reads them.
func reportColumns() []rawColumn {
	var out []rawColumn
	for _, f := range reportSchema().Fields()[2:] {
		typ := "VARCHAR"
		switch f.Type.ID() {
		case arrow.INT32:
			typ = "INTEGER"
		case arrow.FLOAT64:
			typ = "DOUBLE"
		}
		out = append(out, rawColumn{Name: f.Name, Type: typ, Label: f.Name})
	}
	return out
}

// reportSchema: a figure's sheet (its place in the batch) and row, then
// what the staging reads.
func reportSchema() *arrow.Schema {
	return arrow.NewSchema([]arrow.Field{
		{Name: "__sheet", Type: arrow.PrimitiveTypes.Int32},
		{Name: "__row", Type: arrow.PrimitiveTypes.Int32},
		{Name: "year", Type: arrow.PrimitiveTypes.Int32},
		{Name: "unit", Type: arrow.BinaryTypes.String},
		{Name: "indicator", Type: arrow.BinaryTypes.String},
		{Name: "actual", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
		{Name: "plan", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
		{Name: "target", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
		{Name: "derived", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "release", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "source", Type: arrow.BinaryTypes.String, Nullable: true},
	}, nil)
}

// registerObservations writes the figures of every sheet of a batch,
// figures[i] of the sheet at place i, as one raw relation: handed to DuckDB
// as an Arrow record batch, not row by row.
func registerObservations(ctx context.Context, c *data.Conn, table string, figures [][]rtObservation) error {
	schema := reportSchema()
	b := array.NewRecordBuilder(memory.NewGoAllocator(), schema)
	defer b.Release()
	str := func(i int, s string, null bool) {
		sb := b.Field(i).(*array.StringBuilder)
		if null {
			sb.AppendNull()
		} else {
			sb.Append(s)
		}
	}
	num := func(i int, v *float64) {
		fb := b.Field(i).(*array.Float64Builder)
		if v == nil {
			fb.AppendNull()
		} else {
			fb.Append(*v)
		}
	}
	for s, obs := range figures {
		for _, o := range obs {
			b.Field(0).(*array.Int32Builder).Append(int32(s))
			b.Field(1).(*array.Int32Builder).Append(int32(o.row))
			b.Field(2).(*array.Int32Builder).Append(int32(o.year))
			str(3, o.unit, false)
			str(4, o.indicator, false)
			num(5, o.actual)
			num(6, o.plan)
			num(7, o.target)
			str(8, strings.Join(o.derived, ","), len(o.derived) == 0)
			str(9, o.release, o.actual == nil)
			str(10, strings.Join(o.cells, "; "), false)
		}
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	reader, err := array.NewRecordReader(schema, []arrow.RecordBatch{rec})
	if err != nil {
		return fmt.Errorf("report tables: %w", err)
	}
	defer reader.Release()
	view := table + "_arrow"
	release, err := c.RegisterArrow(ctx, view, reader)
	if err != nil {
		return err
	}
	defer release()
	if _, err := c.ExecContext(ctx, fmt.Sprintf("CREATE TEMP TABLE %s AS SELECT * FROM %s", data.QuoteIdent(table), data.QuoteIdent(view))); err != nil {
		return fmt.Errorf("report tables: %w", err)
	}
	c.ExecContext(ctx, "DROP VIEW IF EXISTS "+data.QuoteIdent(view))
	return nil
}

// registerEntries makes the planned units and indicators a view called
// name: catalog, ord (the order planned), code, name, measure, kind.
func registerEntries(ctx context.Context, c *data.Conn, name string, units, indicators []NewEntry) (func(), error) {
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "catalog", Type: arrow.BinaryTypes.String},
		{Name: "ord", Type: arrow.PrimitiveTypes.Int32},
		{Name: "code", Type: arrow.BinaryTypes.String},
		{Name: "name", Type: arrow.BinaryTypes.String},
		{Name: "measure", Type: arrow.BinaryTypes.String},
		{Name: "kind", Type: arrow.BinaryTypes.String},
	}, nil)
	b := array.NewRecordBuilder(memory.NewGoAllocator(), schema)
	defer b.Release()
	for _, l := range []struct {
		catalog string
		entries []NewEntry
	}{{"units", units}, {"indicators", indicators}} {
		for i, e := range l.entries {
			b.Field(0).(*array.StringBuilder).Append(l.catalog)
			b.Field(1).(*array.Int32Builder).Append(int32(i))
			for f, v := range []string{e.Code, e.Name, e.Measure, e.Kind} {
				b.Field(2 + f).(*array.StringBuilder).Append(v)
			}
		}
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	reader, err := array.NewRecordReader(schema, []arrow.RecordBatch{rec})
	if err != nil {
		return nil, err
	}
	release, err := c.RegisterArrow(ctx, name, reader)
	if err != nil {
		reader.Release()
		return nil, err
	}
	return func() {
		release()
		reader.Release()
	}, nil
}
