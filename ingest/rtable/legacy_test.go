package rtable

import (
	"testing"

	"chitieu/ingest/sheet"
)

// withFont sets the font of every text cell of rows from..to.
func withFont(sh *sheet.Sheet, font string, from, to int) *sheet.Sheet {
	for r := from; r <= to && r < len(sh.Rows); r++ {
		for c := range sh.Rows[r] {
			if sh.Rows[r][c].Kind == sheet.Text {
				sh.Rows[r][c].Font = font
			}
		}
	}
	return sh
}

// A sheet in a legacy encoding is read in Unicode, by its font or by its
// words, and says so; a sheet that mixes encodings is refused, naming cells.
func TestLegacySheets(t *testing.T) {
	for _, tc := range []struct {
		name      string
		sh        *sheet.Sheet
		code      string // of the warning or the refusal
		cell      string
		label     string // the first data row's label as read
		refused   bool
		firstYear int
	}{
		{"TCVN3 words", sheetOf("ChØ tiªu|TH 2023", "Tæng s¶n phÈm trªn ®Þa bµn|=100", "D©n sè|=5"),
			WarnLegacyText, "A1", "Tổng sản phẩm trên địa bàn", false, 2023},
		{"VNI words", sheetOf("Chæ tieâu|Thöïc hieän 2023", "Toång saûn phaåm treân ñòa baøn|=100"),
			WarnLegacyText, "A1", "Tổng sản phẩm trên địa bàn", false, 2023},
		{"an upper-case ABC font", withFont(sheetOf("Chỉ tiêu|TH 2023", "tæng sè|=100", "n«ng nghiÖp|=40"), ".VnTimeH", 1, 2),
			WarnLegacyFont, "A2", "TỔNG SỐ", false, 2023},
		{"a legacy font over Unicode text", withFont(sheetOf("Chỉ tiêu|TH 2023", "Tổng số|=100"), ".VnTime", 0, 1),
			"", "", "Tổng số", false, 2023},
		{"Unicode and TCVN3", sheetOf("Chỉ tiêu|Thực hiện 2023", "Tæng s¶n phÈm|=100"),
			RefuseMixed, "", "", true, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tab, err := Interpret(tc.sh, "vi")
			if tc.refused {
				ref, ok := AsRefusal(err)
				if !ok || ref.Code != tc.code || ref.Args["cell_a"] != "A1" || ref.Args["cell_b"] != "A2" {
					t.Fatalf("got %v (%+v), want %s naming A1 and A2", err, ref, tc.code)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tc.code == "" && len(tab.Warnings) > 0:
				t.Errorf("warnings %+v, want none", tab.Warnings)
			case tc.code != "" && (len(tab.Warnings) != 1 || tab.Warnings[0].Code != tc.code || tab.Warnings[0].Cell != tc.cell):
				t.Errorf("warnings %+v, want one %s at %s", tab.Warnings, tc.code, tc.cell)
			}
			for _, r := range tab.Rows {
				if r.Kind == KindData || r.Kind == KindTotal {
					if r.Label != tc.label {
						t.Errorf("first row %q, want %q", r.Label, tc.label)
					}
					break
				}
			}
			if len(tab.Values) == 0 || tab.Values[0].Year != tc.firstYear {
				t.Errorf("values %+v, want a %d figure", tab.Values, tc.firstYear)
			}
		})
	}
}
