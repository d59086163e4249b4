package rtable

import (
	"math"
	"strings"
	"testing"

	"chitieu/ingest/sheet"
)

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		header  string
		role    string
		year    int
		field   string
		release string
	}{
		{"TH 2023", RoleValue, 2023, "actual", Official},
		{"Thực hiện năm 2023", RoleValue, 2023, "actual", Official},
		{"Chính thức 2022", RoleValue, 2022, "actual", Official},
		{"KH 2025", RoleValue, 2025, "plan", ""},
		{"Kế hoạch năm 2025", RoleValue, 2025, "plan", ""},
		{"ĐK 2024", RoleValue, 2024, "target", ""},
		{"Ước TH 2024", RoleValue, 2024, "actual", Estimate},
		{"Ước thực hiện năm 2024", RoleValue, 2024, "actual", Estimate},
		{"Ước tính năm 2024", RoleValue, 2024, "actual", Estimate},
		{"UTH 2024", RoleValue, 2024, "actual", Estimate},
		{"ƯTH 2024", RoleValue, 2024, "actual", Estimate},
		{"Ước 2024", RoleValue, 2024, "actual", Estimate},
		{"Sơ bộ 2016", RoleValue, 2016, "actual", Preliminary},
		{"Pre. 2016", RoleValue, 2016, "actual", Preliminary},
		{"Prel. 2016", RoleValue, 2016, "actual", Preliminary},
		{"Năm 2024 Cả năm", RoleValue, 2024, "actual", Official},
		{"Cộng dồn cả năm 2019", RoleValue, 2019, "actual", Official},
		{"Thực hiện tháng 11 năm 2024", RoleIgnored, 0, "", ""},
		{"Năm 2024 Quý II", RoleIgnored, 0, "", ""},
		{"6 tháng năm 2024", RoleIgnored, 0, "", ""},
		{"Lũy kế đến tháng 11 năm 2024", RoleIgnored, 0, "", ""},
		{"% so với KH", RoleIgnored, 0, "", ""},
		{"Năm 2024 % so với KH", RolePctPlan, 2024, "", ""},
		{"Ước TH 2024 so với KH 2024", RolePctPlan, 2024, "", ""},
		{"Năm 2024 so với cùng kỳ (%)", RolePctPrev, 2024, "", ""},
		{"Năm 2024 so với năm trước (%)", RolePctPrev, 2024, "", ""},
		{"Cơ cấu (%) 2024", RoleIgnored, 0, "", ""},
		{"Chỉ số phát triển (%) 2024", RoleIgnored, 0, "", ""},
		{"Ghi chú", RoleIgnored, 0, "", ""},
		{"STT", RoleSTT, 0, "", ""},
		{"ĐVT", RoleMeasure, 0, "", ""},
		{"Chỉ tiêu", RoleLabel, 0, "", ""},
	} {
		c := classify(tc.header)
		if c.Role != tc.role || c.Year != tc.year || c.Field != tc.field && tc.field != "" || tc.release != "" && c.Release != tc.release {
			t.Errorf("%q: %s %d %s %s (%s), want %s %d %s %s", tc.header, c.Role, c.Year, c.Field, c.Release, c.Reason, tc.role, tc.year, tc.field, tc.release)
		}
		if c.Role == RoleIgnored && c.Reason == "" {
			t.Errorf("%q ignored without a reason", tc.header)
		}
	}
	if c := classify("2002 Primary"); c.Year != 2002 || c.Breakdown != "Primary" {
		t.Errorf("2002 Primary: %+v", c)
	}
	if c := classify("2002 Total"); c.Year != 2002 || c.Breakdown != "" {
		t.Errorf("2002 Total: %+v", c)
	}
	// Registered capital is a figure of its own, not a registered target.
	if c := classify("Năm 2019 Vốn đăng ký (Tỷ đồng)"); c.Field != "actual" || c.Breakdown != "Vốn đăng ký (Tỷ đồng)" {
		t.Errorf("Vốn đăng ký: %+v", c)
	}
	if c := classify("Ước tính năm 2019 Chia ra: Miền Nam"); c.Release != Estimate || c.Breakdown != "Miền Nam" {
		t.Errorf("Miền Nam: %+v", c)
	}
}

func TestCleanLabel(t *testing.T) {
	for _, tc := range []struct{ in, label, measure string }{
		{"Dân số trung bình (Nghìn người)(*)", "Dân số trung bình", "Nghìn người"},
		{"2.1. Tỷ lệ hộ nghèo (%)", "Tỷ lệ hộ nghèo", "%"},
		{"II. CHỈ TIÊU XÃ HỘI", "CHỈ TIÊU XÃ HỘI", ""},
		{"Trong đó: - Nam", "Nam", ""},
		{"Chia ra: Thành thị", "Thành thị", ""},
		{"   - Nữ (**)", "Nữ", ""},
		{"Human Development Index (HDI)", "Human Development Index (HDI)", ""},
		{"Patient bed per 10,000 inhabitants (Bed)(**)", "Patient bed per 10,000 inhabitants", "Bed"},
	} {
		l, m := CleanLabel(tc.in)
		if l != tc.label || m != tc.measure {
			t.Errorf("CleanLabel(%q) = %q, %q; want %q, %q", tc.in, l, m, tc.label, tc.measure)
		}
	}
}

// sheetOf builds a sheet from lines of cells separated by |; a cell
// "=n" is a number, "~" continues the merge of the cell to its left.
func sheetOf(lines ...string) *sheet.Sheet {
	sh := &sheet.Sheet{Name: "Biểu"}
	for r, line := range lines {
		var row []sheet.Cell
		for c, s := range strings.Split(line, "|") {
			switch {
			case s == "~":
				row = append(row, sheet.Cell{})
				n := len(sh.Merges)
				if n > 0 && sh.Merges[n-1].Row0 == r && sh.Merges[n-1].Col1 == c-1 {
					sh.Merges[n-1].Col1 = c
				} else {
					sh.Merges = append(sh.Merges, sheet.Range{Row0: r, Col0: c - 1, Row1: r, Col1: c})
				}
			case strings.HasPrefix(s, "="):
				v, _ := parseNumber(s[1:], "en")
				row = append(row, sheet.Cell{Kind: sheet.Number, Num: v})
			case s == "":
				row = append(row, sheet.Cell{})
			default:
				row = append(row, sheet.Cell{Kind: sheet.Text, Text: s})
			}
		}
		sh.Rows = append(sh.Rows, row)
	}
	return sh
}

// The three misreadings the issue found: a month under "Thực hiện" read as
// the year; the second quarter under a merged "Năm 2024" read as the year;
// an estimate column dropped.
func TestInterpretPitfalls(t *testing.T) {
	sh := sheetOf(
		"BIỂU 01: Kết quả năm 2024",
		"",
		"Chỉ tiêu|Thực hiện|~|Năm 2024|~|~|~|Ước tính năm 2024",
		"|tháng 11|năm|Quý II|Quý III|Quý IV|Cả năm|",
		"|năm|2023||||",
		"|2024||||||",
		"Doanh thu|=10|=100|=20|=30|=40|=120|=121",
		"Ghi chú: số liệu sơ bộ",
	)
	tb, err := Interpret(sh, "vi")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, c := range tb.Columns {
		got[c.Letter] = c.Role + " " + c.Field + " " + c.Release
	}
	want := map[string]string{"A": "label  ", "B": "ignored  ", "C": "value actual official", "D": "ignored  ", "E": "ignored  ",
		"F": "ignored  ", "G": "value actual official", "H": "ignored actual estimate"}
	for col, w := range want {
		if got[col] != w {
			t.Errorf("column %s: %q, want %q", col, got[col], w)
		}
	}
	if len(tb.Rows) != len(sh.Rows) {
		t.Errorf("%d rows accounted for, the sheet has %d", len(tb.Rows), len(sh.Rows))
	}
	if k := tb.Rows[7].Kind; k != KindNote {
		t.Errorf("the note row is %s", k)
	}
}

func FuzzInterpret(f *testing.F) {
	f.Add("BIỂU 01\n\nChỉ tiêu;ĐVT;TH 2023;Năm 2024;~\n;;;KH;Ước TH\n(1);(2);(3);(4);(5)\nI;x\nDân số;người;=1;=2;=3\n- Nam;người;..;=1;=1.5\nGhi chú")
	f.Add("\"Poverty\"\n\n\"Cities\";\"2006\";\"Pre. 2016\"\n\" WHOLE COUNTRY\";15.5;..\n")
	f.Add("Chỉ tiêu;Năm 2024;~;So sánh (%)\n;Kế hoạch;Ước thực hiện;% so với KH\nA;=100;=101;=99\nB;;=50;=125")
	f.Add("BiÓu 01: KÕt qu¶\nChØ tiªu;Thùc hiÖn 2023\nTæng s¶n phÈm;=100\nD\xa9n s\xe8;=5") // TCVN3, some of it as bytes
	f.Add("Chæ tieâu;Thöïc hieän 2023\nToång saûn phaåm;=100\nKết quả;=1")                  // VNI mixed with Unicode
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 4096 {
			return
		}
		lines := strings.Split(s, "\n")
		for i := range lines {
			lines[i] = strings.ReplaceAll(lines[i], ";", "|")
		}
		sh := sheetOf(lines...)
		tb, err := Interpret(sh, "en")
		if ref, ok := AsRefusal(err); ok && (ref.Args["cell_a"] == "" || ref.Args["cell_b"] == "") {
			t.Fatalf("a refusal that names no cell: %+v", ref)
		}
		if err != nil {
			return
		}
		for _, w := range tb.Warnings {
			if w.Code == "" || w.Row == 0 || w.Column == "" {
				t.Fatalf("a warning not placed: %+v", w)
			}
		}
		if len(tb.Rows) != len(sh.Rows) {
			t.Fatalf("%d rows accounted for, the sheet has %d", len(tb.Rows), len(sh.Rows))
		}
		for _, c := range tb.Columns {
			if c.Role == "" || c.Role == RoleIgnored && c.Reason == "" {
				t.Fatalf("column %s not accounted for: %+v", c.Letter, c)
			}
		}
		for _, v := range tb.Values {
			if v.Row < 0 || v.Row >= len(tb.Rows) || math.IsNaN(v.Num) || math.IsInf(v.Num, 0) {
				t.Fatalf("bad value %+v", v)
			}
			if k := tb.Rows[v.Row].Kind; k != KindData && k != KindTotal {
				t.Fatalf("a figure from a %s row", k)
			}
		}
	})
}
