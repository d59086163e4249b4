// Package raster draws the SVG that ECharts' server-side renderer writes
// into a picture, in pure Go: a small SVG reader (paths, rects, circles,
// lines, polylines, text, groups with transforms, clip paths, fills,
// strokes, dashes, opacity) over golang.org/x/image/vector, with text shaped
// by go-text/typesetting from TrueType fonts. It is not a general SVG
// renderer: no filters, masks, patterns or images, gradients drawn in their
// first colour.
package raster

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"
	"strconv"
	"strings"

	"golang.org/x/image/vector"
)

// MaxPixels bounds the picture's size (width × height after scaling): a
// 4000 × 2250 chart at 2×, 144 MB of RGBA.
const MaxPixels = 36_000_000

// ErrTooLarge says the picture asked for is bigger than MaxPixels.
var ErrTooLarge = errors.New("raster: the picture is too large")

// Render draws an SVG document at scale times its size on white.
func Render(svg []byte, scale float64, fonts *Fonts) (*image.RGBA, error) {
	return render(svg, scale, fonts, MaxPixels)
}

func render(svg []byte, scale float64, fonts *Fonts, maxPixels int) (*image.RGBA, error) {
	root, ids, err := parseSVG(svg)
	if err != nil {
		return nil, err
	}
	if scale <= 0 || math.IsNaN(scale) || scale > 16 {
		scale = 1
	}
	vb := strings.Fields(strings.ReplaceAll(root.attrs["viewBox"], ",", " "))
	w, h := root.num("width", 0), root.num("height", 0)
	base := matrix{a: scale, d: scale}
	if len(vb) == 4 {
		var v [4]float64
		for i := range v {
			v[i], _ = strconv.ParseFloat(vb[i], 64)
		}
		if w == 0 {
			w = v[2]
		}
		if h == 0 {
			h = v[3]
		}
		if v[2] > 0 && v[3] > 0 {
			base = base.then(matrix{a: w / v[2], d: h / v[3]}).then(matrix{a: 1, d: 1, e: -v[0], f: -v[1]})
		}
	}
	pw, ph := int(math.Round(w*scale)), int(math.Round(h*scale))
	if pw <= 0 || ph <= 0 {
		return nil, errors.New("raster: the SVG has no size")
	}
	if pw*ph > maxPixels || pw > 1e6 || ph > 1e6 {
		return nil, ErrTooLarge
	}
	img := image.NewRGBA(image.Rect(0, 0, pw, ph))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	r := &renderer{dst: img, fonts: fonts, ids: ids, clips: map[string]*image.Alpha{}, z: vector.NewRasterizer(1, 1)}
	r.walk(root, base, paint{fill: rgba{0, 0, 0, 1}, hasFill: true, opacity: 1, strokeWidth: 1}, nil)
	return img, nil
}

// EncodePNG writes img as a PNG, compressed for speed.
func EncodePNG(w io.Writer, img image.Image) error {
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	return enc.Encode(w, img)
}

// PNG renders svg at scale and encodes it.
func PNG(svg []byte, scale float64, fonts *Fonts) ([]byte, error) {
	img, err := Render(svg, scale, fonts)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	err = EncodePNG(&b, img)
	return b.Bytes(), err
}

// paint is the inherited presentation state.
type paint struct {
	fill, stroke               rgba
	hasFill, hasStroke         bool
	fillOpacity, strokeOpacity float64 // 0 means unset: 1
	opacity                    float64
	strokeWidth                float64
	cap, join                  string
	dash                       []float64
	fontSize                   float64
	bold                       bool
	anchor, baseline           string
}

type renderer struct {
	dst   *image.RGBA
	fonts *Fonts
	ids   map[string]*node
	clips map[string]*image.Alpha
	z     *vector.Rasterizer
	mask  *image.Alpha
}

func (r *renderer) inherit(n *node, p paint) paint {
	a := n.attrs
	if v, ok := a["fill"]; ok {
		p.fill, p.hasFill = r.color(v)
		p.fillOpacity = 0
	}
	if v, ok := a["stroke"]; ok {
		p.stroke, p.hasStroke = r.color(v)
		p.strokeOpacity = 0
	}
	if _, ok := a["fill-opacity"]; ok {
		p.fillOpacity = clamp(n.num("fill-opacity", 1), 0, 1) + 1e-9
	}
	if _, ok := a["stroke-opacity"]; ok {
		p.strokeOpacity = clamp(n.num("stroke-opacity", 1), 0, 1) + 1e-9
	}
	if _, ok := a["opacity"]; ok {
		p.opacity *= clamp(n.num("opacity", 1), 0, 1)
	}
	if _, ok := a["stroke-width"]; ok {
		p.strokeWidth = math.Max(0, n.num("stroke-width", 1))
	}
	if v, ok := a["stroke-linecap"]; ok {
		p.cap = v
	}
	if v, ok := a["stroke-linejoin"]; ok {
		p.join = v
	}
	if v, ok := a["stroke-dasharray"]; ok {
		p.dash = nil
		for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' }) {
			x, err := strconv.ParseFloat(strings.TrimSuffix(f, "px"), 64)
			if err == nil && x >= 0 && !math.IsInf(x, 0) {
				p.dash = append(p.dash, x)
			}
		}
	}
	if v, ok := a["font"]; ok { // "normal normal 12px 'Be Vietnam Pro', sans-serif"
		for _, t := range strings.Fields(v) {
			switch {
			case strings.HasSuffix(t, "px"):
				if f, err := strconv.ParseFloat(strings.TrimSuffix(t, "px"), 64); err == nil {
					p.fontSize = f
				}
			case t == "bold" || t == "bolder" || t == "600" || t == "700" || t == "800" || t == "900":
				p.bold = true
			}
		}
	}
	if _, ok := a["font-size"]; ok {
		p.fontSize = n.num("font-size", p.fontSize)
	}
	if v, ok := a["font-weight"]; ok {
		w, err := strconv.Atoi(v)
		p.bold = v == "bold" || v == "bolder" || (err == nil && w >= 600)
	}
	if v, ok := a["text-anchor"]; ok {
		p.anchor = v
	}
	if v, ok := a["dominant-baseline"]; ok {
		p.baseline = v
	}
	return p
}

// color reads a paint, taking a gradient's first stop.
func (r *renderer) color(v string) (rgba, bool) {
	v = strings.TrimSpace(v)
	if strings.HasPrefix(v, "url(") {
		id := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(v, "url("), "#"), ")")
		if g, ok := r.ids[id]; ok {
			for _, s := range g.children {
				if s.name == "stop" {
					c, ok := parseColor(s.attrs["stop-color"])
					c.a *= clamp(s.num("stop-opacity", 1), 0, 1)
					return c, ok
				}
			}
		}
		return rgba{}, false
	}
	return parseColor(v)
}

func (r *renderer) walk(n *node, ctm matrix, p paint, clip *image.Alpha) {
	switch n.name {
	case "defs", "clipPath", "style", "title", "desc", "metadata", "linearGradient", "radialGradient", "pattern", "mask", "filter", "symbol", "image":
		return
	}
	if v, ok := n.attrs["display"]; ok && v == "none" {
		return
	}
	if v, ok := n.attrs["visibility"]; ok && v == "hidden" {
		return
	}
	if t, ok := n.attrs["transform"]; ok {
		ctm = ctm.then(parseTransform(t))
	}
	p = r.inherit(n, p)
	if c, ok := n.attrs["clip-path"]; ok {
		clip = r.clipMask(c, ctm, clip)
	}
	switch n.name {
	case "svg", "g", "a":
		for _, c := range n.children {
			r.walk(c, ctm, p, clip)
		}
	case "text":
		r.text(n, ctm, p, clip)
	default:
		if pa := shapePath(n); pa != nil {
			r.shape(pa, ctm, p, clip)
		}
	}
}

// shapePath is the outline of a basic shape or path element.
func shapePath(n *node) path {
	switch n.name {
	case "path":
		p, _ := parsePath(n.attrs["d"]) // what parsed before an error is drawn, as browsers do
		return p
	case "rect":
		x, y, w, h := n.num("x", 0), n.num("y", 0), n.num("width", 0), n.num("height", 0)
		if w <= 0 || h <= 0 {
			return nil
		}
		rx, ry := n.num("rx", -1), n.num("ry", -1)
		if rx < 0 {
			rx = math.Max(ry, 0)
		}
		if ry < 0 {
			ry = rx
		}
		rx, ry = math.Min(rx, w/2), math.Min(ry, h/2)
		if rx == 0 || ry == 0 {
			return path{{op: opMove, p: [3]pt{{x, y}}}, {op: opLine, p: [3]pt{{x + w, y}}}, {op: opLine, p: [3]pt{{x + w, y + h}}},
				{op: opLine, p: [3]pt{{x, y + h}}}, {op: opClose}}
		}
		d := "M" + ftoa(x+rx) + " " + ftoa(y) + "H" + ftoa(x+w-rx) + "A" + ftoa(rx) + " " + ftoa(ry) + " 0 0 1 " + ftoa(x+w) + " " + ftoa(y+ry) +
			"V" + ftoa(y+h-ry) + "A" + ftoa(rx) + " " + ftoa(ry) + " 0 0 1 " + ftoa(x+w-rx) + " " + ftoa(y+h) +
			"H" + ftoa(x+rx) + "A" + ftoa(rx) + " " + ftoa(ry) + " 0 0 1 " + ftoa(x) + " " + ftoa(y+h-ry) +
			"V" + ftoa(y+ry) + "A" + ftoa(rx) + " " + ftoa(ry) + " 0 0 1 " + ftoa(x+rx) + " " + ftoa(y) + "Z"
		p, _ := parsePath(d)
		return p
	case "circle", "ellipse":
		cx, cy := n.num("cx", 0), n.num("cy", 0)
		rx, ry := n.num("r", 0), n.num("r", 0)
		if n.name == "ellipse" {
			rx, ry = n.num("rx", 0), n.num("ry", 0)
		}
		if rx <= 0 || ry <= 0 {
			return nil
		}
		d := "M" + ftoa(cx+rx) + " " + ftoa(cy) + "A" + ftoa(rx) + " " + ftoa(ry) + " 0 1 1 " + ftoa(cx-rx) + " " + ftoa(cy) +
			"A" + ftoa(rx) + " " + ftoa(ry) + " 0 1 1 " + ftoa(cx+rx) + " " + ftoa(cy) + "Z"
		p, _ := parsePath(d)
		return p
	case "line":
		return path{{op: opMove, p: [3]pt{{n.num("x1", 0), n.num("y1", 0)}}}, {op: opLine, p: [3]pt{{n.num("x2", 0), n.num("y2", 0)}}}}
	case "polyline", "polygon":
		p, _ := parsePath("M" + n.attrs["points"])
		if n.name == "polygon" && len(p) > 0 {
			p = append(p, seg{op: opClose})
		}
		return p
	}
	return nil
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func (p paint) fillColor() (rgba, bool) {
	c := p.fill
	if p.fillOpacity > 0 {
		c.a *= math.Min(1, p.fillOpacity)
	}
	c.a *= p.opacity
	return c, p.hasFill && c.a > 0.001
}

func (p paint) strokeColor() (rgba, bool) {
	c := p.stroke
	if p.strokeOpacity > 0 {
		c.a *= math.Min(1, p.strokeOpacity)
	}
	c.a *= p.opacity
	return c, p.hasStroke && c.a > 0.001 && p.strokeWidth > 0
}

func (r *renderer) shape(pa path, ctm matrix, p paint, clip *image.Alpha) {
	dev := pa.transform(ctm)
	if c, ok := p.fillColor(); ok {
		r.fill(dev, c, clip)
	}
	if c, ok := p.strokeColor(); ok {
		s := ctm.scale()
		dash := make([]float64, len(p.dash))
		for i, d := range p.dash {
			dash[i] = d * s
		}
		r.fill(stroke(dev, strokeStyle{width: p.strokeWidth * s, cap: p.cap, join: p.join, dash: dash}), c, clip)
	}
}

// fill rasterises a device-space path within its bounds and composites it
// in colour c, through the clip mask if any.
func (r *renderer) fill(dev path, c rgba, clip *image.Alpha) {
	box := r.bounds(dev)
	if clip != nil {
		box = box.Intersect(clip.Rect)
	}
	if box.Empty() {
		return
	}
	r.raster(dev, box)
	src := image.NewUniform(color.NRGBA{uint8(c.r + 0.5), uint8(c.g + 0.5), uint8(c.b + 0.5), uint8(c.a*255 + 0.5)})
	if clip == nil {
		r.z.DrawOp = draw.Over
		r.z.Draw(r.dst, box, src, image.Point{})
		return
	}
	m := r.maskOf(box)
	r.z.DrawOp = draw.Src
	r.z.Draw(m, box, image.Opaque, image.Point{})
	for y := box.Min.Y; y < box.Max.Y; y++ {
		mi, ci := m.PixOffset(box.Min.X, y), clip.PixOffset(box.Min.X, y)
		for x := 0; x < box.Dx(); x++ {
			m.Pix[mi+x] = uint8(uint32(m.Pix[mi+x]) * uint32(clip.Pix[ci+x]) / 255)
		}
	}
	draw.DrawMask(r.dst, box, src, image.Point{}, m, box.Min, draw.Over)
}

// maskOf is a reusable alpha image covering box.
func (r *renderer) maskOf(box image.Rectangle) *image.Alpha {
	if r.mask == nil || !box.In(r.mask.Rect) {
		r.mask = image.NewAlpha(r.dst.Rect)
	}
	return r.mask.SubImage(box).(*image.Alpha)
}

func (r *renderer) bounds(dev path) image.Rectangle {
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, s := range dev {
		n := 0
		switch s.op {
		case opMove, opLine:
			n = 1
		case opQuad:
			n = 2
		case opCube:
			n = 3
		}
		for _, q := range s.p[:n] {
			minX, minY, maxX, maxY = math.Min(minX, q.x), math.Min(minY, q.y), math.Max(maxX, q.x), math.Max(maxY, q.y)
		}
	}
	if minX > maxX {
		return image.Rectangle{}
	}
	b := image.Rect(int(math.Floor(clamp(minX, -1, 1e6))), int(math.Floor(clamp(minY, -1, 1e6))),
		int(math.Ceil(clamp(maxX, -1, 1e6)))+1, int(math.Ceil(clamp(maxY, -1, 1e6)))+1)
	return b.Intersect(r.dst.Rect)
}

// raster feeds the path, relative to box, to the rasteriser.
func (r *renderer) raster(dev path, box image.Rectangle) {
	r.z.Reset(box.Dx(), box.Dy())
	ox, oy := float64(box.Min.X), float64(box.Min.Y)
	f := func(p pt) (float32, float32) { return float32(p.x - ox), float32(p.y - oy) }
	open := false
	for _, s := range dev {
		switch s.op {
		case opMove:
			if open {
				r.z.ClosePath()
			}
			r.z.MoveTo(f(s.p[0]))
			open = true
		case opLine:
			x, y := f(s.p[0])
			r.z.LineTo(x, y)
		case opQuad:
			x1, y1 := f(s.p[0])
			x2, y2 := f(s.p[1])
			r.z.QuadTo(x1, y1, x2, y2)
		case opCube:
			x1, y1 := f(s.p[0])
			x2, y2 := f(s.p[1])
			x3, y3 := f(s.p[2])
			r.z.CubeTo(x1, y1, x2, y2, x3, y3)
		case opClose:
			if open {
				r.z.ClosePath()
			}
			open = false
		}
	}
	if open {
		r.z.ClosePath()
	}
}

// clipMask is the coverage of a clip-path reference in device space,
// intersected with the clip already in force.
func (r *renderer) clipMask(ref string, ctm matrix, outer *image.Alpha) *image.Alpha {
	id := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(ref), "url("), "#"), ")")
	cp, ok := r.ids[id]
	if !ok {
		return outer
	}
	key := id + "|" + strconv.FormatFloat(ctm.a, 'g', -1, 64) + "," + strconv.FormatFloat(ctm.b, 'g', -1, 64) + "," +
		strconv.FormatFloat(ctm.c, 'g', -1, 64) + "," + strconv.FormatFloat(ctm.d, 'g', -1, 64) + "," +
		strconv.FormatFloat(ctm.e, 'g', -1, 64) + "," + strconv.FormatFloat(ctm.f, 'g', -1, 64)
	m, ok := r.clips[key]
	if !ok {
		type part struct {
			dev path
			box image.Rectangle
		}
		var parts []part
		var all image.Rectangle
		for _, c := range cp.children {
			cm := ctm
			if t, ok := c.attrs["transform"]; ok {
				cm = cm.then(parseTransform(t))
			}
			pa := shapePath(c)
			if pa == nil {
				continue
			}
			dev := pa.transform(cm)
			box := r.bounds(dev)
			if box.Empty() {
				continue
			}
			parts = append(parts, part{dev, box})
			all = all.Union(box)
		}
		// The mask covers only the clip's bounds: outside them nothing shows.
		m = image.NewAlpha(all)
		for _, p := range parts {
			r.raster(p.dev, p.box)
			r.z.DrawOp = draw.Over
			r.z.Draw(m, p.box, image.Opaque, image.Point{})
		}
		r.clips[key] = m
	}
	if outer == nil {
		return m
	}
	both := image.NewAlpha(m.Rect.Intersect(outer.Rect))
	for y := both.Rect.Min.Y; y < both.Rect.Max.Y; y++ {
		for x := both.Rect.Min.X; x < both.Rect.Max.X; x++ {
			both.Pix[both.PixOffset(x, y)] = uint8(uint32(m.Pix[m.PixOffset(x, y)]) * uint32(outer.Pix[outer.PixOffset(x, y)]) / 255)
		}
	}
	return both
}

// text draws one line of text: shaped, anchored and put on its baseline.
func (r *renderer) text(n *node, ctm matrix, p paint, clip *image.Alpha) {
	s := n.text.String()
	if n.attrs["space"] != "preserve" {
		s = strings.Join(strings.Fields(s), " ")
	}
	if strings.TrimSpace(s) == "" || r.fonts == nil {
		return
	}
	size := p.fontSize
	if size <= 0 {
		size = 12
	}
	run := r.fonts.shape(s, p.bold)
	x, y := n.num("x", 0), n.num("y", 0)
	switch p.anchor {
	case "middle":
		x -= run.advance * size / 2
	case "end":
		x -= run.advance * size
	}
	switch p.baseline {
	case "central", "middle":
		y += (run.asc + run.dsc) / 2 * size
	case "hanging", "text-before-edge", "text-top":
		y += run.asc * 0.8 * size
	case "text-after-edge", "ideographic", "text-bottom":
		y += run.dsc * size
	}
	m := ctm.then(matrix{a: size, d: size, e: x, f: y})
	// Text strokes (a label's halo) go under the fill.
	if c, ok := p.strokeColor(); ok {
		r.fill(stroke(run.outline.transform(m), strokeStyle{width: p.strokeWidth * ctm.scale(), join: "round"}), c, clip)
	}
	if c, ok := p.fillColor(); ok {
		r.fill(run.outline.transform(m), c, clip)
	}
}
