package xls

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"chitieu/ingest/sheet"
)

// oneSheet is a workbook of the crafted globals and one sheet of recs.
func oneSheet(recs ...[]byte) []byte {
	return compoundFile(workbookStream(craftedGlobals(false), []testSheet{{name: "S", recs: recs}}), "Workbook", false)
}

// patch returns a copy of b with v written at off.
func patch(b []byte, off int, v uint32) []byte {
	out := append([]byte(nil), b...)
	binary.LittleEndian.PutUint32(out[off:], v)
	return out
}

func TestHostileFilesRefused(t *testing.T) {
	good := compoundFile(craftedStream(false), "Workbook", false)
	// In compoundFile's layout: sector 0 is the FAT (at 512), sector 1 the
	// directory (at 1024), the stream from sector 2.
	const fatAt, dirAt = 512, 1024
	manySheets := func() []byte {
		var sheets []testSheet
		var cells [][]byte
		for i := 0; i < 500; i++ {
			cells = append(cells, rec(rNumber, cellHead(i, 0, 0), f64(1)))
		}
		sheets = append(sheets, testSheet{name: "S", recs: cells})
		st := workbookStream(nil, sheets)
		// 5,000 more sheets, every one pointing at the same substream.
		var g []byte
		g = append(g, bof(bofGlobals)...)
		var bs []byte
		for i := 0; i < 5000; i++ {
			bs = append(bs, rec(rBoundSheet, u32(0), []byte{0, 0}, str8("T"))...)
		}
		g = append(g, bs...)
		g = append(g, rec(rEOF)...)
		sheetAt := len(g)
		for p := len(bof(bofGlobals)); p < sheetAt-4; p += 4 + 4 + 2 + 3 {
			binary.LittleEndian.PutUint32(g[p+4:], uint32(sheetAt))
		}
		// The one substream, as workbookStream wrote it.
		_, off, _ := strings.Cut(string(st), string(rec(rEOF)))
		return compoundFile(append(g, off...), "Workbook", false)
	}
	farCells := func() []byte {
		var recs [][]byte
		for i := 0; i < 10; i++ {
			recs = append(recs, rec(rNumber, cellHead(i, 255, 0), f64(1)))
		}
		return oneSheet(recs...)
	}
	// Twenty sheets of one cell in the last row, and ten thousand rows of
	// one cell in the last column: a few hundred KB that would hold a
	// gigabyte of empty cells.
	lastRows := func() []byte {
		var sheets []testSheet
		for i := 0; i < 20; i++ {
			sheets = append(sheets, testSheet{name: fmt.Sprint("S", i), recs: [][]byte{rec(rNumber, cellHead(65535, 0, 0), f64(1))}})
		}
		return compoundFile(workbookStream(nil, sheets), "Workbook", false)
	}
	tooManySheets := func() []byte {
		sheets := make([]testSheet, maxSheets+1)
		for i := range sheets {
			sheets[i].name = "S"
		}
		return compoundFile(workbookStream(nil, sheets), "Workbook", false)
	}
	lastCols := func() []byte {
		var recs [][]byte
		for i := 0; i < 10000; i++ {
			recs = append(recs, rec(rNumber, cellHead(i, 255, 0), f64(1)))
		}
		return oneSheet(recs...)
	}
	small := sheet.Limits{MaxRows: 100, MaxCols: 256, MaxCells: 1000, MaxTextBytes: 1 << 20}
	tests := []struct {
		name string
		file []byte
		lim  sheet.Limits
		want error
		text string // in the message
	}{
		{"password protected", compoundFile(workbookStream(append([][]byte{rec(rFilePass, u16(1), make([]byte, 52))}, craftedGlobals(false)...), craftedSheets()), "Workbook", false),
			sheet.Limits{}, ErrEncrypted, "mật khẩu"},
		{"BIFF5 workbook", compoundFile(cat(rec(rBOF, u16(0x0500), u16(5), u32(0)), rec(rEOF)), "Workbook", false),
			sheet.Limits{}, ErrTooOld, "quá cũ"},
		{"BIFF5 Book stream", compoundFile(craftedStream(false), "Book", false), sheet.Limits{}, ErrTooOld, "quá cũ"},
		{"Excel 4.0 file", cat(rec(rBOF4, u16(0), u16(0x10), u16(0)), rec(rEOF), make([]byte, 600)), sheet.Limits{}, ErrTooOld, "quá cũ"},
		{"not a compound file", []byte(strings.Repeat("Năm,2024\n", 100)), sheet.Limits{}, ErrFormat, "D0 CF 11 E0"},
		{"too short", good[:300], sheet.Limits{}, ErrFormat, "quá ngắn"},
		{"no Workbook stream", compoundFile(craftedStream(false), "Other", false), sheet.Limits{}, ErrFormat, "Workbook"},
		{"FAT loop", patch(good, fatAt+4*3, 2), sheet.Limits{}, ErrFormat, "chuỗi sector"},
		{"sector outside the file", patch(good, fatAt+4*2, 1_000_000), sheet.Limits{}, ErrFormat, "chuỗi sector"},
		{"stream longer than the file", patch(good, dirAt+128+120, 1<<30), sheet.Limits{}, ErrFormat, "dài hơn"},
		{"FAT sector outside the file", patch(good, 76, 999_999), sheet.Limits{}, ErrFormat, "FAT"},
		{"huge FAT count", patch(good, 44, 1<<31), sheet.Limits{}, ErrFormat, "FAT"},
		{"directory cycle", patch(patch(good, dirAt+128+68, 1), dirAt+128, 0x4F), sheet.Limits{}, ErrFormat, "Workbook"},
		{"record over 8224 bytes", oneSheet(cat(u16(rNumber), u16(9000), make([]byte, 9000))), sheet.Limits{}, ErrFormat, "8224"},
		{"string longer than its record", oneSheet(rec(rLabel, cellHead(0, 0, 0), u16(60000), []byte{1}, []byte("abc"))), sheet.Limits{}, ErrFormat, "A1"},
		{"shared string out of range", oneSheet(rec(rLabelSST, cellHead(2, 1, 0), u32(1<<30))), sheet.Limits{}, ErrFormat, "B3"},
		{"not a number", oneSheet(rec(rNumber, cellHead(0, 0, 0), f64(math.NaN()))), sheet.Limits{}, ErrFormat, "A1"},
		{"inverted merge", oneSheet(rec(rMerged, u16(1), u16(5), u16(1), u16(0), u16(0))), sheet.Limits{}, ErrFormat, "gộp"},
		{"short MULRK", oneSheet(rec(rMulRK, u16(0), u16(0), u16(0), u32(1))), sheet.Limits{}, ErrFormat, "MULRK"},
		{"sheet outside the stream", compoundFile(patch(craftedStream(false), recordAt(t, craftedStream(false), rBoundSheet), 1<<31), "Workbook", false),
			sheet.Limits{}, ErrFormat, "ngoài luồng"},
		{"empty stream", compoundFile(nil, "Workbook", false), sheet.Limits{}, ErrFormat, "BOF"},
		{"sheets pointing at one substream", manySheets(), sheet.Limits{}, ErrFormat, "chồng"},
		{"row over the limit", oneSheet(rec(rNumber, cellHead(100, 0, 0), f64(1))), small, sheet.ErrLimit, "A101"},
		{"column over the limit", oneSheet(rec(rNumber, cellHead(0, 300, 0), f64(1))), small, sheet.ErrLimit, "KO1"},
		{"cells over the limit, empty ones inside rows counted", farCells(), small, sheet.ErrLimit, "1000"},
		{"empty rows held", lastRows(), sheet.Limits{}, sheet.ErrLimit, "ô trống"},
		{"empty cells held", lastCols(), sheet.Limits{}, sheet.ErrLimit, "ô trống"},
		{"too many sheets", tooManySheets(), sheet.Limits{}, sheet.ErrLimit, "10000 trang"},
		{"text over the limit", good, sheet.Limits{MaxTextBytes: 50}, sheet.ErrLimit, "50"},
		{"dimensions over the limit", oneSheet(rec(rDimensions, u32(0), u32(5_000_000), u16(0), u16(3), u16(0))), sheet.Limits{}, sheet.ErrLimit, "5000000"},
		{"merge over the limit", oneSheet(rec(rMerged, u16(1), u16(0), u16(5000), u16(0), u16(0))), small, sheet.ErrLimit, "gộp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			wb, err := readBytes(t, tt.file, tt.lim)
			if err == nil {
				t.Fatalf("read %d sheets, want a refusal", len(wb.Sheets))
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("error %q is not %q", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.text) {
				t.Errorf("error %q does not say %q", err, tt.text)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

// recordAt is the offset of the data of the first record of type typ.
func recordAt(t testing.TB, st []byte, typ uint16) int {
	t.Helper()
	for pos := 0; pos < len(st); {
		r, err := readRecord(st, pos)
		if err != nil {
			t.Fatal(err)
		}
		if r.typ == typ {
			return pos + 4
		}
		pos = r.next
	}
	t.Fatalf("no record 0x%04X", typ)
	return 0
}

// A file cut anywhere, or with any byte of its head changed, is refused or
// read, never a panic.
func TestDamagedFiles(t *testing.T) {
	for _, mini := range []bool{false, true} {
		good := compoundFile(craftedStream(false), "Workbook", mini)
		for cut := 0; cut < len(good); cut += 13 {
			readBytes(t, good[:cut], sheet.Limits{})
		}
		for i := 0; i < len(good) && i < 4096; i++ {
			b := append([]byte(nil), good...)
			b[i] ^= 0xA5
			readBytes(t, b, sheet.Limits{})
		}
	}
}

func TestCancelledRead(t *testing.T) {
	var recs [][]byte
	for i := 0; i < 10000; i++ {
		recs = append(recs, rec(rNumber, cellHead(i, 0, 0), f64(float64(i))))
	}
	f := oneSheet(recs...)
	if _, err := readBytes(t, f, sheet.Limits{}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Read(ctx, strings.NewReader(string(f)), int64(len(f)), sheet.Limits{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
}
