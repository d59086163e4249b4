package sheet

import "testing"

func TestCellName(t *testing.T) {
	for _, tc := range []struct {
		r, c int
		want string
	}{{0, 0, "A1"}, {10, 5, "F11"}, {0, 25, "Z1"}, {1, 26, "AA2"}, {2, 701, "ZZ3"}, {3, 702, "AAA4"}, {0, 16383, "XFD1"}} {
		if got := CellName(tc.r, tc.c); got != tc.want {
			t.Errorf("CellName(%d, %d) = %q, want %q", tc.r, tc.c, got, tc.want)
		}
	}
}

func TestAtOutside(t *testing.T) {
	s := &Sheet{Rows: [][]Cell{{{Kind: Number, Num: 1}}}}
	if s.At(0, 0).Num != 1 || s.At(5, 5).Kind != Empty || s.At(-1, 0).Kind != Empty {
		t.Fatal("At must return the cell inside and Empty outside")
	}
}
