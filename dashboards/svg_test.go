package dashboards

import (
	"context"
	"encoding/xml"
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/dop251/goja"
)

func newTestRenderer(t *testing.T) *Renderer {
	t.Helper()
	assets, err := NewAssets()
	if err != nil {
		t.Fatal(err)
	}
	if !assets.Has(AssetECharts) {
		t.Fatal("ECharts is not embedded: run make assets")
	}
	return NewRenderer(assets, 2)
}

// The browser's formatter (format.js, also run by the SVG renderer) agrees
// with Go's on every value, format and language.
func TestFormatJSAgreesWithGo(t *testing.T) {
	assets, _ := NewAssets()
	src, _ := assets.Body(AssetFormatJS)
	vm := goja.New()
	if _, err := vm.RunString(string(src)); err != nil {
		t.Fatal(err)
	}
	fn, _ := goja.AssertFunction(vm.Get("ctFmt"))
	vals := []float64{0, 1, -1, 0.004, 0.005, 2.06, 12.9, 38527, 110.07714285714285, 57.49998642241496, -3.2,
		1234567.8, 5119291, 1e12, -0.001, 99.999, 0.125, math.NaN(), math.Inf(1)}
	for _, lang := range []Lang{VI, EN} {
		for _, spec := range []FmtSpec{FmtNum, FmtPct, FmtPctAxis, FmtSignedPc} {
			for _, v := range vals {
				got, err := fn(goja.Undefined(), vm.ToValue(v), vm.ToValue(string(spec)), vm.ToValue(string(lang)))
				if err != nil {
					t.Fatal(err)
				}
				if want := lang.Format(v, spec); got.String() != want {
					t.Errorf("%s %s %v: JS %q, Go %q", lang, spec, v, got, want)
				}
			}
		}
	}
}

func TestSVGConcurrent(t *testing.T) {
	r := newTestRenderer(t)
	cb := NewCharts(NewCatalog())
	ch, err := cb.Compare(Spec{Kind: KindBar, Lang: VI, Title: "Khách du lịch quốc tế"}, sampleRows()[:2])
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			svg, err := r.SVG(context.Background(), ch.Option, 800, 400)
			// The axis counts 100.000 by 100.000, the Vietnamese way.
			if err == nil && !strings.Contains(string(svg), ">100.000<") {
				err = fmt.Errorf("no Vietnamese number in %.200s", svg)
			}
			if err == nil {
				err = xml.Unmarshal(svg, new(struct{}))
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}
