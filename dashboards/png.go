package dashboards

import (
	"bytes"
	"chitieu/data"
	"chitieu/msg"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"strings"

	"chitieu/raster"

	"github.com/dop251/goja"
)

// PNG is drawn in the process: ECharts' SVG (svg.go) rasterised by package
// raster with the embedded TrueType Be Vietnam Pro. No browser is started.

// PNGScale is how much larger than asked a PNG is drawn: 2× (192 dpi), for
// print and for Word.
const PNGScale = 2

// ErrNoFonts says the binary was built without its TrueType fonts.
var ErrNoFonts = msg.E(data.ErrUnavailable, "assets.no_fonts")

// TrueType font files make assets copies into the embedded vendor folder.
const (
	TTFSans     = "BeVietnamPro_400Regular.ttf"
	TTFSansBold = "BeVietnamPro_700Bold.ttf"
	TTFSerif    = "Tinos_400Regular.ttf"
	TTFSerifB   = "Tinos_700Bold.ttf"
	TTFSerifI   = "Tinos_400Regular_Italic.ttf"
)

// TTF returns an embedded TrueType font.
func TTF(name string) ([]byte, error) {
	b, err := fs.ReadFile(static, "static/vendor/ttf/"+name)
	if err != nil {
		return nil, ErrNoFonts
	}
	return b, nil
}

func loadChartFonts() (*raster.Fonts, error) {
	reg, err := TTF(TTFSans)
	if err != nil {
		return nil, err
	}
	bold, err := TTF(TTFSansBold)
	if err != nil {
		return nil, err
	}
	return raster.NewFonts(reg, bold)
}

// measureJS makes ECharts measure text with the fonts the PNG is drawn
// with, so labels fit (zrender's fallback guesses one em per letter).
const measureJS = `echarts.setPlatformAPI({ measureText: function (t, f) { return { width: __ctMeasure(String(t == null ? '' : t), String(f || '')) }; } });`

func (r *Renderer) installMeasure(vm *goja.Runtime) error {
	if r.fonts == nil {
		return nil
	}
	if err := vm.Set("__ctMeasure", r.fonts.MeasureCSS); err != nil {
		return err
	}
	_, err := vm.RunScript("measure.js", measureJS)
	return err
}

// PNG renders an option at width × height CSS pixels, drawn at PNGScale.
func (r *Renderer) PNG(ctx context.Context, option json.RawMessage, width, height int) ([]byte, error) {
	if r.fonts == nil {
		return nil, ErrNoFonts
	}
	svg, err := r.SVG(ctx, option, width, height)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return raster.PNG(svg, PNGScale, r.fonts)
}

// PNG writes the chart as a PNG at twice its size.
// At most MaxPNGRenders are drawn at once; a request that waits past its
// end gives up busy.
func (e *Exporter) PNG(ctx context.Context, w io.Writer, ch Chart, lang Lang, width, height int) error {
	select {
	case e.pngSlots <- struct{}{}:
		defer func() { <-e.pngSlots }()
	case <-ctx.Done():
		return msg.E(data.ErrBusy, "api.chart.png_busy")
	}
	b, err := e.renderer.PNG(ctx, ch.Option, width, height)
	if err != nil {
		return err
	}
	_, err = io.Copy(w, bytes.NewReader(b))
	return err
}

// ForWord is a chart's option as a document wants it: a white background,
// every legend plain (no pages: every series named), no animation, and the
// source line inside the picture, under the title.
func ForWord(option json.RawMessage, source string) json.RawMessage {
	var o map[string]any
	if err := json.Unmarshal(option, &o); err != nil {
		return option
	}
	title, _ := o["title"].(map[string]any)
	if ts, ok := o["title"].([]any); ok && len(ts) > 0 {
		title, _ = ts[0].(map[string]any)
	}
	if title != nil && source != "" {
		sub, _ := title["subtext"].(string)
		switch {
		case sub == "":
			title["subtext"] = source
		case !strings.Contains(sub, source):
			title["subtext"] = sub + " · " + source
		}
	}
	o["backgroundColor"] = "#ffffff"
	o["animation"] = false
	switch l := o["legend"].(type) {
	case map[string]any:
		l["type"] = "plain"
	case []any:
		for _, x := range l {
			if m, ok := x.(map[string]any); ok {
				m["type"] = "plain"
			}
		}
	}
	b, err := json.Marshal(o)
	if err != nil {
		return option
	}
	return b
}
