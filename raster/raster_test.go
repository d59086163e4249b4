package raster

import (
	"image"
	"math"
	"os"
	"testing"
)

func testFonts(t testing.TB) *Fonts {
	t.Helper()
	reg, err := os.ReadFile("../dashboards/static/vendor/ttf/BeVietnamPro_400Regular.ttf")
	if err != nil {
		t.Fatalf("%v: run make assets", err)
	}
	bold, err := os.ReadFile("../dashboards/static/vendor/ttf/BeVietnamPro_700Bold.ttf")
	if err != nil {
		t.Fatal(err)
	}
	f, err := NewFonts(reg, bold)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestParsePath(t *testing.T) {
	tests := []struct {
		d    string
		last pt
		n    int
	}{
		{"M70 440.5L840 440.5", pt{840, 440.5}, 2},
		{"M106.6 440l67.8 0l0 -281.3l-67.8 0Z", pt{}, 5},
		{"M1 2 3 4 5 6", pt{5, 6}, 3}, // implicit lineto after moveto
		{"M0 0H10V-5h-2v1", pt{8, -4}, 5},
		{"M0 0C1 1 2 1 3 0S5 -1 6 0", pt{6, 0}, 3},
		{"M0 0Q1 1 2 0T4 0", pt{4, 0}, 3},
		{"M0 0A5 5 0 0 1 10 0", pt{10, 0}, 3},
		{"M0 0a5 5 0 1110 0", pt{10, 0}, 3}, // flags without separators
		{"M1e1-2e0", pt{10, -2}, 1},
	}
	for _, tc := range tests {
		p, err := parsePath(tc.d)
		if err != nil {
			t.Errorf("%s: %v", tc.d, err)
			continue
		}
		if len(p) != tc.n {
			t.Errorf("%s: %d segments, want %d: %v", tc.d, len(p), tc.n, p)
			continue
		}
		l := p[len(p)-1]
		if l.op == opClose {
			continue
		}
		end := l.p[0]
		switch l.op {
		case opQuad:
			end = l.p[1]
		case opCube:
			end = l.p[2]
		}
		if math.Abs(end.x-tc.last.x) > 1e-9 || math.Abs(end.y-tc.last.y) > 1e-9 {
			t.Errorf("%s: ends at %v, want %v", tc.d, end, tc.last)
		}
	}
	for _, bad := range []string{"X10", "M10", "M1 2L", "M1 2LNaN 3"} {
		if _, err := parsePath(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

func TestParseColor(t *testing.T) {
	for in, want := range map[string]rgba{"#5470c6": {0x54, 0x70, 0xc6, 1}, "#fff": {255, 255, 255, 1},
		"rgba(255,112,112,0.5)": {255, 112, 112, 0.5}, "rgb(0,0,0)": {0, 0, 0, 1}, "white": {255, 255, 255, 1}} {
		if got, ok := parseColor(in); !ok || got != want {
			t.Errorf("%s: %v %v", in, got, ok)
		}
	}
	if _, ok := parseColor("none"); ok {
		t.Error("none is a colour")
	}
}

// A red square with a blue border at 2×: the pixels are where a person
// measures them.
func TestRenderShapes(t *testing.T) {
	svg := `<svg width="100" height="50" xmlns="http://www.w3.org/2000/svg">
<rect x="10" y="10" width="20" height="20" fill="#ff0000" stroke="#0000ff" stroke-width="2"/>
<g transform="translate(50 0)" opacity="0.5"><circle cx="20" cy="25" r="10" fill="#000"/></g>
<g clip-path="url(#c)"><path d="M0 40L100 40L100 50L0 50Z" fill="#00ff00"/></g>
<defs><clipPath id="c"><path d="M0 0l50 0l0 50l-50 0Z"/></clipPath></defs></svg>`
	img, err := Render([]byte(svg), 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds() != image.Rect(0, 0, 200, 100) {
		t.Fatalf("bounds %v", img.Bounds())
	}
	check := func(x, y int, r, g, b uint8) {
		t.Helper()
		c := img.RGBAAt(x, y)
		if absDiff(c.R, r) > 8 || absDiff(c.G, g) > 8 || absDiff(c.B, b) > 8 {
			t.Errorf("(%d,%d) = %v, want %d,%d,%d", x, y, c, r, g, b)
		}
	}
	check(40, 40, 255, 0, 0)      // inside the square
	check(20, 40, 0, 0, 255)      // on its left border (x 9..11 → 18..22 at 2×)
	check(5, 5, 255, 255, 255)    // background white
	check(140, 50, 128, 128, 128) // half-opaque black disc
	check(50, 90, 0, 255, 0)      // the band inside the clip
	check(150, 90, 255, 255, 255) // the band outside the clip
}

func absDiff(a, b uint8) uint8 {
	if a > b {
		return a - b
	}
	return b - a
}

// Vietnamese text is shaped: the word with its marks is wider than without,
// and a stacked mark (ệ) draws above the x-height.
func TestShapeVietnamese(t *testing.T) {
	f := testFonts(t)
	a := f.Measure("Khách du lịch quốc tế", false, 12)
	b := f.Measure("Khach du lich quoc te", false, 12)
	if a < b*0.95 || a > b*1.2 || a < 80 || a > 200 {
		t.Errorf("widths %.1f and %.1f", a, b)
	}
	if bw := f.Measure("Khách", true, 12); bw <= f.Measure("Khách", false, 12) {
		t.Error("bold is not wider")
	}
	// NFD input is drawn as NFC.
	if nfd := f.Measure("Tie\u0302\u0301ng", false, 12); math.Abs(nfd-f.Measure("Tiếng", false, 12)) > 0.01 {
		t.Errorf("NFD %.2f", nfd)
	}
	img, err := Render([]byte(`<svg width="60" height="30"><text x="2" y="20" style="font-size:16px">ệ</text></svg>`), 1, f)
	if err != nil {
		t.Fatal(err)
	}
	top := 30
	for y := 0; y < 30 && top == 30; y++ {
		for x := 0; x < 20; x++ {
			if img.RGBAAt(x, y).R < 128 {
				top = y
				break
			}
		}
	}
	if top > 9 { // the x-height is at y≈12
		t.Errorf("ệ's highest ink at y=%d: the circumflex is missing", top)
	}
}

func TestRenderRefuses(t *testing.T) {
	for _, bad := range []string{"", "<html/>", `<svg width="100000" height="100000"/>`, `<svg width="0" height="0"/>`} {
		if _, err := Render([]byte(bad), 2, nil); err == nil {
			t.Errorf("%q rendered", bad)
		}
	}
}

func FuzzRender(f *testing.F) {
	f.Add([]byte(`<svg width="50" height="50"><path d="M0 0L50 50A5 5 0 1 1 10 10Z" stroke="#000" stroke-dasharray="2,1"/><text x="1" y="9">Sở Y tế</text></svg>`))
	f.Add([]byte(`<svg viewBox="0 0 10 10"><g transform="rotate(45 5 5) scale(2)"><rect width="3" height="3" rx="1"/></g></svg>`))
	fonts := testFonts(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		img, err := render(b, 1, fonts, 1<<20)
		if err == nil && img.Bounds().Dx()*img.Bounds().Dy() > 1<<20 {
			t.Fatal("over the size bound")
		}
	})
}

// Path data never hangs or panics, and what parses has only known operations.
func FuzzParsePath(f *testing.F) {
	for _, s := range []string{"M70 440.5L840 440.5", "M1 0A1 1 0 1 1 1 -0.1A1 1 0 0 1 1 0", "M0 0C1 1 2 1 3 0S5 -1 6 0Z", "M0 0a5 5 0 1110 0", "Z0 0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, d string) {
		p, err := parsePath(d)
		if err != nil {
			return
		}
		for _, s := range p {
			if s.op < opMove || s.op > opClose {
				t.Fatalf("op %d", s.op)
			}
		}
		stroke(p, strokeStyle{width: 2, cap: "round", join: "bevel", dash: []float64{3, 1}})
	})
}
