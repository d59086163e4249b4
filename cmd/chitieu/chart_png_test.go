package main

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// A PNG is drawn in the process: with an empty PATH (no Chromium, no
// anything) the picture comes at twice the size asked and is not blank.
func TestChartPNGWithoutBrowser(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.duckdb")
	out := filepath.Join(dir, "khach.png")
	if _, errOut, err := runCmd(t, "sample", "--db", db); err != nil {
		t.Fatalf("chitieu sample: %v %s", err, errOut)
	}
	t.Setenv("PATH", "")
	t.Setenv("CHROMIUM", "")
	if _, errOut, err := runCmd(t, "chart", "--db", db, "--indicator", "KHACH_DU_LICH", "--kind", "actualplan",
		"--width", "600", "--height", "300", "-o", out); err != nil {
		t.Fatalf("%v %s", err, errOut)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if got := img.Bounds().Size(); got != (image.Point{1200, 600}) {
		t.Errorf("size %v, want 1200×600", got)
	}
	if v := greyVariance(img); v < 100 {
		t.Errorf("grey variance %.1f: blank", v)
	}
}

func greyVariance(img image.Image) float64 {
	var sum, sq, n float64
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			v := float64(r+g+bl) / 3 / 257
			sum += v
			sq += v * v
			n++
		}
	}
	m := sum / n
	return sq/n - m*m
}
