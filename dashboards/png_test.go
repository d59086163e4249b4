package dashboards

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"sort"
	"testing"
	"time"
)

// pixelSpread is the variance of the picture's grey levels: near zero for
// a blank picture.
func pixelSpread(img image.Image) float64 {
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

func TestPNGInProcess(t *testing.T) {
	r := newTestRenderer(t)
	if r.fonts == nil {
		t.Fatal("the TrueType fonts are not embedded: run make assets")
	}
	ch, err := NewCharts(NewCatalog()).Compare(Spec{Kind: KindActualPlan, Lang: VI, Title: "Khách du lịch quốc tế"}, sampleRows())
	if err != nil {
		t.Fatal(err)
	}
	for _, opt := range []struct {
		name string
		o    []byte
	}{{"browser", ch.Option}, {"word", ForWord(ch.Option, "Nguồn: chitieu")}} {
		t.Run(opt.name, func(t *testing.T) {
			b, err := r.PNG(context.Background(), opt.o, 640, 360)
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if got := img.Bounds().Size(); got != (image.Point{1280, 720}) {
				t.Errorf("size %v, want 1280×720 (2× of 640×360)", got)
			}
			if v := pixelSpread(img); v < 100 {
				t.Errorf("grey variance %.1f: the picture is blank", v)
			}
			// The title is drawn: dark pixels in its band at the top left.
			dark := 0
			for y := 0; y < 50; y++ {
				for x := 0; x < 500; x++ {
					if c, _, _, _ := img.At(x, y).RGBA(); c < 0x6000 {
						dark++
					}
				}
			}
			if dark < 300 {
				t.Errorf("%d dark pixels where the title is", dark)
			}
		})
	}
}

// ForWord names every series: the legend is plain, never paged.
func TestForWordPlainLegend(t *testing.T) {
	got := string(ForWord([]byte(`{"title":{"text":"Điểm xếp hạng","subtext":"Khối thi đua 4"},"legend":{"type":"scroll","bottom":"0"},"series":[]}`),
		"Nguồn: chitieu, dữ liệu phiên bản 3"))
	for _, w := range []string{`"type":"plain"`, `"backgroundColor":"#ffffff"`, `"animation":false`, `"subtext":"Khối thi đua 4 · Nguồn: chitieu, dữ liệu phiên bản 3"`} {
		if !bytes.Contains([]byte(got), []byte(w)) {
			t.Errorf("%s lacks %s", got, w)
		}
	}
}

// BenchmarkPNGWarm is one chart drawn to PNG by a warm renderer: ECharts'
// layout in goja, then the rasteriser. It reports the median wall time and
// the CPU time per picture (the process's, garbage collection included),
// which a loaded machine inflates less.
func BenchmarkPNGWarm(b *testing.B) {
	assets, err := NewAssets()
	if err != nil {
		b.Fatal(err)
	}
	r := NewRenderer(assets, 1)
	ch, err := NewCharts(NewCatalog()).Compare(Spec{Kind: KindActualPlan, Lang: VI, Title: "Khách du lịch quốc tế"}, sampleRows())
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	if _, err := r.PNG(ctx, ch.Option, DefaultW, DefaultH); err != nil {
		b.Fatal(err)
	}
	var times []time.Duration
	cpu0 := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if _, err := r.PNG(ctx, ch.Option, DefaultW, DefaultH); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
}
