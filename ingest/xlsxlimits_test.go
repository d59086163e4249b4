package ingest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"chitieu/ingest/sheet"
	"chitieu/internal/testutil/hostile"
)

// readAllRows opens a workbook within lim and streams its first sheet.
func readAllRows(ctx context.Context, path string, lim xlsxLimits) (int, error) {
	b, err := openXLSXLimits(ctx, path, lim)
	if err != nil {
		return 0, err
	}
	defer b.Close()
	n := 0
	err = b.eachRow(b.sheets[0].Path, func(row int, cells []xlsxCell) (bool, error) {
		n++
		return true, nil
	})
	return n, err
}

// Each limit of the XLSX reader refuses the file built to pass every other
// one, with a message that says which limit.
func TestXLSXLimits(t *testing.T) {
	dir := t.TempDir()
	rowsOf := func(name string, n int, row func(i int) string) string {
		return hostile.WriteXLSX(t, dir+"/"+name, hostile.Rows(n, row))
	}
	loose := defaultXLSXLimits()
	loose.MaxRatio = 1 << 40
	loose.MaxPartBytes, loose.MaxTotalBytes = 1<<40, 1<<40
	tests := []struct {
		name string
		path string
		lim  xlsxLimits
		want string
	}{
		{"a column past XFD", hostile.XLSXColumnBomb(t, t.TempDir(), "ZZZZZZZZZ2"), defaultXLSXLimits(), `ô "ZZZZZZZZZ2"`},
		{"column XFE, one past Excel's last", hostile.XLSXColumnBomb(t, t.TempDir(), "XFE2"), defaultXLSXLimits(), `ô "XFE2"`},
		{"a row number past Excel's last", rowsOf("rows.xlsx", 1, func(i int) string { return `<row r="1048577"><c><v>1</v></c></row>` }),
			defaultXLSXLimits(), `dòng "1048577"`},
		{"cells without references past the last column", rowsOf("wide.xlsx", 1, func(i int) string {
			return `<row r="2">` + strings.Repeat(`<c><v>1</v></c>`, 16_385) + `</row>`
		}), defaultXLSXLimits(), "dòng 2 có quá 16384 cột"},
		{"one cell's text", rowsOf("cell.xlsx", 1, func(i int) string {
			return `<row r="2"><c t="inlineStr"><is><t>` + strings.Repeat("x", 200_000) + `</t></is></c></row>`
		}), defaultXLSXLimits(), "dòng 2: một ô có nội dung quá dài"},
		{"XML nesting", rowsOf("deep.xlsx", 1, func(i int) string {
			return `<row r="2"><c><v>1</v></c></row>` + strings.Repeat("<x>", 100) + strings.Repeat("</x>", 100)
		}), defaultXLSXLimits(), "lồng XML quá sâu"},
		{"a 4 MB shared string used 60,000 times: its ratio", hostile.XLSXSharedStringBomb(t, t.TempDir(), 4<<20, 60_000),
			defaultXLSXLimits(), "nén bất thường"},
		{"a 4 MB shared string: its length", hostile.XLSXSharedStringBomb(t, t.TempDir(), 4<<20, 10), loose,
			"có một chuỗi quá dài"},
		{"a 100 KB shared string used 60,000 times: the text held", hostile.XLSXSharedStringBomb(t, t.TempDir(), 100_000, 60_000),
			defaultXLSXLimits(), "tổng nội dung chữ của các ô quá lớn"},
		{"200M empty shared strings: the ratio", hostile.XLSXEmptyStringsBomb(t, t.TempDir(), 200_000_000), defaultXLSXLimits(),
			"nén bất thường"},
		{"200M empty shared strings: their count", hostile.XLSXEmptyStringsBomb(t, t.TempDir(), 20_000_000), loose,
			"có quá 4000000 chuỗi"},
		{"the package's size", hostile.XLSXEmptyStringsBomb(t, t.TempDir(), 2_000_000),
			func() xlsxLimits { l := loose; l.MaxTotalBytes = 5 << 20; return l }(), "tệp XLSX quá lớn khi giải nén"},
		{"one part's size", hostile.XLSXEmptyStringsBomb(t, t.TempDir(), 2_000_000),
			func() xlsxLimits { l := loose; l.MaxPartBytes = 5 << 20; return l }(), "phần xl/sharedStrings.xml của tệp XLSX quá lớn"},
		{"cells of the workbook", rowsOf("cells.xlsx", 100, func(i int) string { return fmt.Sprintf(`<row r="%d"><c><v>1</v></c></row>`, i) }),
			func() xlsxLimits { l := defaultXLSXLimits(); l.MaxCells = 50; return l }(), "quá 50 ô có dữ liệu"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readAllRows(context.Background(), tc.path, tc.lim)
			if !errors.Is(err, sheet.ErrLimit) {
				t.Fatalf("not refused over a limit: %v", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("refusal %q lacks %q", err, tc.want)
			}
			// The refusal a user reads is coded: in English it is English.
			p := problemOf("a.xlsx", "", err)
			if en := p.Text("en"); p.Code == "" || en == p.Text("vi") || strings.ContainsAny(en, "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ") {
				t.Errorf("the refusal in English: %q (code %q)", en, p.Code)
			}
		})
	}
	t.Run("a file within every limit reads", func(t *testing.T) {
		p := rowsOf("ok.xlsx", 3, func(i int) string { return fmt.Sprintf(`<row r="%d"><c r="XFD%d"><v>1</v></c></row>`, i, i) })
		n, err := readAllRows(context.Background(), p, defaultXLSXLimits())
		if err != nil || n != 4 {
			t.Fatalf("%d rows, %v; want 4 rows", n, err)
		}
	})
}

// A cancelled context stops the reader at its next read.
func TestXLSXReaderHonoursContext(t *testing.T) {
	p := hostile.WriteXLSX(t, t.TempDir()+"/big.xlsx", hostile.Rows(200_000, func(i int) string {
		return fmt.Sprintf(`<row r="%d"><c><v>%d</v></c><c><v>2</v></c></row>`, i, i)
	}))
	ctx, cancel := context.WithCancel(context.Background())
	b, err := openXLSXLimits(ctx, p, defaultXLSXLimits())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	n := 0
	err = b.eachRow(b.sheets[0].Path, func(row int, cells []xlsxCell) (bool, error) {
		if n++; n == 1000 {
			cancel()
		}
		return true, nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("after cancel: %v", err)
	}
	if n > 50_000 {
		t.Errorf("read %d rows after the cancel, want it to stop within a buffer", n)
	}
}

func TestCellColumn(t *testing.T) {
	for ref, want := range map[string]int{"A1": 1, "Z9": 26, "AA1": 27, "XFD1": 16384, "XFE1": 0, "ZZZZZZZZZ2": 0, "1": 0, "": 0, "a1": 0} {
		if got := cellColumn(ref, 16384); got != want {
			t.Errorf("cellColumn(%q) = %d, want %d", ref, got, want)
		}
	}
}
