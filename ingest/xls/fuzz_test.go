package xls

import (
	"bytes"
	"context"
	"testing"

	"chitieu/ingest/sheet"
)

func FuzzOpen(f *testing.F) {
	for _, mini := range []bool{false, true} {
		good := compoundFile(craftedStream(false), "Workbook", mini)
		f.Add(good)
		f.Add(good[:len(good)/2])
		f.Add(good[:len(good)-100])
		bad := append([]byte(nil), good...)
		bad[600] ^= 0xFF
		f.Add(bad)
	}
	f.Add(compoundFile(craftedStream(true), "Workbook", true))
	f.Add(compoundFileSectors(craftedStream(false), "Workbook", false, 4096))
	f.Add(compoundFile(cat(rec(rBOF, u16(0x0500), u16(5), u32(0)), rec(rEOF)), "Workbook", true))
	f.Add(cat(rec(rBOF4, u16(0), u16(0x10), u16(0)), rec(rEOF)))
	f.Fuzz(func(t *testing.T, b []byte) { checkFuzzed(t, b) })
}

// FuzzStream fuzzes the Workbook stream inside a sound compound file, so
// the mutations reach the BIFF records rather than break the container.
func FuzzStream(f *testing.F) {
	f.Add(craftedStream(false))
	f.Add(craftedStream(true))
	f.Add(workbookStream(nil, []testSheet{{name: "S", recs: [][]byte{rec(rNumber, cellHead(0, 0, 0), f64(1))}}}))
	f.Fuzz(func(t *testing.T, st []byte) {
		checkFuzzed(t, compoundFile(st, "Workbook", len(st) < 4096))
	})
}

// checkFuzzed reads b and, if it reads, checks what the limits promise.
func checkFuzzed(t *testing.T, b []byte) {
	lim := sheet.Limits{MaxRows: 5000, MaxCols: 300, MaxCells: 50_000, MaxTextBytes: 1 << 20}
	wb, err := Read(context.Background(), bytes.NewReader(b), int64(len(b)), lim)
	if err != nil {
		return
	}
	var cells int64
	for _, s := range wb.Sheets {
		if len(s.Rows) > lim.MaxRows {
			t.Fatalf("sheet %q: %d rows", s.Name, len(s.Rows))
		}
		for _, r := range s.Rows {
			if len(r) > lim.MaxCols {
				t.Fatalf("sheet %q: %d columns", s.Name, len(r))
			}
			cells += int64(len(r))
		}
		for _, m := range s.Merges {
			if m.Row0 > m.Row1 || m.Col0 > m.Col1 || m.Row1 >= lim.MaxRows || m.Col1 >= lim.MaxCols {
				t.Fatalf("sheet %q: merge %v", s.Name, m)
			}
		}
	}
	if cells > lim.MaxCells {
		t.Fatalf("%d cells held", cells)
	}
}
