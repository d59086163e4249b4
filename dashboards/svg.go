package dashboards

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"chitieu/data"
	"chitieu/msg"
	"chitieu/raster"

	"github.com/dop251/goja"
)

// Renderer draws chart options as SVG inside the process with ECharts' own
// server-side renderer, run by goja, a JavaScript engine in pure Go. Starting
// a runtime costs a fraction of a second, so a few are kept warm and lent
// out one request at a time.
type Renderer struct {
	echarts, format []byte
	mu              sync.Mutex
	idle            chan *goja.Runtime
	made, size      int
	fonts           *raster.Fonts // nil when the build lacks them (png.go)
}

// ErrNoECharts says the binary was built without ECharts.
var ErrNoECharts = msg.E(data.ErrUnavailable, "assets.no_echarts")

// NewRenderer returns a renderer of at most size warm runtimes, made as
// they are first needed.
func NewRenderer(assets *Assets, size int) *Renderer {
	ec, _ := assets.Body(AssetECharts)
	f, _ := assets.Body(AssetFormatJS)
	if size < 1 {
		size = 1
	}
	fonts, _ := loadChartFonts()
	return &Renderer{echarts: ec, format: f, idle: make(chan *goja.Runtime, size), size: size, fonts: fonts}
}

// shim gives ECharts what it looks for in a browser and finds nothing to do
// with when it renders to a string: no timers run, nothing is animated.
const shim = `var window = this, self = this;
function setTimeout() { return 0; } function clearTimeout() {}
function setInterval() { return 0; } function clearInterval() {}
var console = { log: function () {}, warn: function () {}, error: function () {} };`

const renderJS = `function __ctRender(optJSON, w, h) {
  var c = echarts.init(null, null, { renderer: 'svg', ssr: true, width: w, height: h });
  try {
    c.setOption(ctApplyFormats(JSON.parse(optJSON)));
    return c.renderToSVGString();
  } finally { c.dispose(); }
}`

func (r *Renderer) newRuntime() (*goja.Runtime, error) {
	if len(r.echarts) == 0 {
		return nil, ErrNoECharts
	}
	vm := goja.New()
	for _, s := range []struct{ name, src string }{{"shim.js", shim}, {"echarts.min.js", string(r.echarts)},
		{"format.js", string(r.format)}, {"render.js", renderJS}} {
		if _, err := vm.RunScript(s.name, s.src); err != nil {
			return nil, fmt.Errorf("svg renderer: %s: %w", s.name, err)
		}
	}
	if err := r.installMeasure(vm); err != nil {
		return nil, fmt.Errorf("svg renderer: %w", err)
	}
	return vm, nil
}

// get lends a runtime: an idle one, a new one while fewer than size exist,
// else the next one returned.
func (r *Renderer) get(ctx context.Context) (*goja.Runtime, error) {
	select {
	case vm := <-r.idle:
		return vm, nil
	default:
	}
	r.mu.Lock()
	if r.made < r.size {
		r.made++
		r.mu.Unlock()
		vm, err := r.newRuntime()
		if err != nil {
			r.mu.Lock()
			r.made--
			r.mu.Unlock()
		}
		return vm, err
	}
	r.mu.Unlock()
	select {
	case vm := <-r.idle:
		return vm, nil
	case <-ctx.Done():
		return nil, msg.E(data.ErrBusy, "api.chart.svg_busy")
	}
}

// Warm starts one runtime now, so the first chart does not wait for it.
func (r *Renderer) Warm(ctx context.Context) error {
	vm, err := r.get(ctx)
	if err != nil {
		return err
	}
	r.idle <- vm
	return nil
}

// SVG renders an option at a size in pixels.
func (r *Renderer) SVG(ctx context.Context, option json.RawMessage, width, height int) ([]byte, error) {
	vm, err := r.get(ctx)
	if err != nil {
		return nil, err
	}
	stop := context.AfterFunc(ctx, func() { vm.Interrupt("cancelled") })
	fn, _ := goja.AssertFunction(vm.Get("__ctRender"))
	out, err := fn(goja.Undefined(), vm.ToValue(string(option)), vm.ToValue(width), vm.ToValue(height))
	if !stop() {
		vm.ClearInterrupt()
	}
	r.idle <- vm
	if err != nil {
		return nil, fmt.Errorf("svg renderer: %w", err)
	}
	return []byte(out.String()), nil
}
