package ingest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"chitieu/internal/testutil/hostile"

	"github.com/apache/arrow-go/v18/arrow/array"
)

// fuzzLimits are the reader's limits made small, so that each input is
// judged in milliseconds; what is over them must be refused as such.
func fuzzLimits() xlsxLimits {
	l := defaultXLSXLimits()
	l.MaxRows, l.MaxCols, l.MaxCells = 10_000, 200, 100_000
	l.MaxTextBytes, l.MaxCellBytes, l.MaxSharedStrings = 4<<20, 64<<10, 100_000
	l.MaxPartBytes, l.MaxTotalBytes = 16<<20, 32<<20
	return l
}

// readWorkbook reads every sheet of the workbook at p within lim.
func readWorkbook(ctx context.Context, p string, lim xlsxLimits) error {
	b, err := openXLSXLimits(ctx, p, lim)
	if err != nil {
		return err
	}
	defer b.Close()
	for _, s := range b.sheets {
		err := b.eachRow(s.Path, func(row int, cells []xlsxCell) (bool, error) {
			for _, c := range cells {
				if c.Col < 1 || c.Col > lim.MaxCols || row < 1 || row > lim.MaxRows || len(c.Text) > lim.MaxCellBytes {
					return false, errors.New("a cell outside the limits came through")
				}
			}
			return true, nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// The attack files, small, as bytes.
func xlsxSeeds(tb testing.TB) [][]byte {
	dir := tb.TempDir()
	var out [][]byte
	for _, p := range []string{
		hostile.XLSXColumnBomb(tb, tb.TempDir(), "ZZZZZZZZZ2"),
		hostile.XLSXColumnBomb(tb, tb.TempDir(), "XFD2"),
		hostile.XLSXSharedStringBomb(tb, tb.TempDir(), 70_000, 20),
		hostile.XLSXEmptyStringsBomb(tb, tb.TempDir(), 400_000),
		hostile.WriteXLSX(tb, filepath.Join(dir, "ok.xlsx"), hostile.Rows(3, func(i int) string {
			return `<row><c t="n" s="1"><v>2019</v></c><c t="inlineStr"><is><t>SYT</t></is></c><c t="b"><v>1</v></c><c t="e"><v>#N/A</v></c></row>`
		})),
	} {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// Any bytes given as an XLSX file are read or refused, never a panic, and
// nothing over a limit comes through.
func FuzzXLSXFile(f *testing.F) {
	for _, b := range xlsxSeeds(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		p := filepath.Join(t.TempDir(), "f.xlsx")
		os.WriteFile(p, raw, 0o600)
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		readWorkbook(ctx, p, fuzzLimits())
	})
}

// A workbook whose sheet and shared strings are any XML: the reader keeps
// every limit whatever the markup.
func FuzzXLSXParts(f *testing.F) {
	f.Add([]byte(`<row r="2"><c r="ZZZZZZZZZ2"><v>1</v></c></row>`), []byte(`<sst><si><t>a</t></si></sst>`))
	f.Add([]byte(`<row r="1048577"><c><v>1</v></c></row>`), []byte(`<sst><si/><si/><si/></sst>`))
	f.Add([]byte(`<row><c t="s"><v>0</v></c><c t="s"><v>-1</v></c><c t="s"><v>99999999999999999999</v></c></row>`),
		[]byte(`<sst><si><r><t>a</t></r><r><t>b</t></r><rPh><t>x</t></rPh></si></sst>`))
	f.Add([]byte(`<row><c><is><t>x</t></is></c><c r="A"><v>1</v></c><c r="1A"><v>1</v></c></row>`), []byte(`<x><x><x><x/></x></x></x>`))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, sheetXML, shared []byte) {
		p := hostile.WriteXLSX(t, filepath.Join(dir, "p.xlsx"), func(w io.Writer) error {
			_, err := w.Write(sheetXML)
			return err
		}, hostile.XLSXPart{Name: "xl/sharedStrings.xml", Write: func(w io.Writer) error {
			_, err := w.Write(shared)
			return err
		}})
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		err := readWorkbook(ctx, p, fuzzLimits())
		if err != nil && errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("a workbook of %d + %d bytes of XML took over 20 s", len(sheetXML), len(shared))
		}
	})
}

// Any bytes given as an Arrow IPC file or stream are refused, or read into
// batches that, having passed validation, can be read value by value:
// what DuckDB would be handed is sound.
func FuzzArrowIPC(f *testing.F) {
	dir := f.TempDir()
	seed, err := os.ReadFile(hostile.ArrowNegativeOffsets(f, dir))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add(seed[:len(seed)/2])
	f.Add([]byte("ARROW1\x00\x00"))
	// The same table as a stream.
	if i := bytes.Index(seed, []byte{0xff, 0xff, 0xff, 0xff}); i >= 0 {
		f.Add(seed[i:])
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		p := filepath.Join(dir, "f.arrow")
		os.WriteFile(p, raw, 0o600)
		_, recs, err := readArrowBatches(context.Background(), p, 16<<20)
		defer func() {
			for _, r := range recs {
				r.Release()
			}
		}()
		if err != nil {
			return
		}
		if validateBatches(recs) != nil {
			return
		}
		for _, rec := range recs {
			for _, col := range rec.Columns() {
				for i := 0; i < col.Len(); i++ {
					_ = col.ValueStr(i)
				}
				_ = array.ValidateFull(col)
			}
		}
	})
}
