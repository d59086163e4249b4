package raster

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// node is one element of the SVG document.
type node struct {
	name     string
	attrs    map[string]string
	children []*node
	text     strings.Builder
}

// Limits on what a document may hold: ECharts' charts stay far below them.
const (
	maxNodes = 200_000
	maxDepth = 64
)

// parseSVG reads the element tree, with the style attribute's declarations
// folded into the attributes (style wins, as in CSS).
func parseSVG(b []byte) (*node, map[string]*node, error) {
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.Strict = false
	var root *node
	var stack []*node
	ids := map[string]*node{}
	count := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("svg: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			count++
			if count > maxNodes || len(stack) >= maxDepth {
				return nil, nil, errors.New("svg: too many or too deeply nested elements")
			}
			n := &node{name: t.Name.Local, attrs: make(map[string]string, len(t.Attr))}
			for _, a := range t.Attr {
				n.attrs[a.Name.Local] = a.Value
			}
			if st, ok := n.attrs["style"]; ok {
				for _, decl := range strings.Split(st, ";") {
					k, v, ok := strings.Cut(decl, ":")
					if ok {
						n.attrs[strings.TrimSpace(k)] = strings.TrimSpace(v)
					}
				}
			}
			if id := n.attrs["id"]; id != "" {
				ids[id] = n
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.children = append(p.children, n)
			} else if root == nil {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			if len(stack) > 0 {
				top := stack[len(stack)-1]
				if top.name == "text" || top.name == "tspan" {
					top.text.Write(t)
					if top.name == "tspan" && len(stack) > 1 {
						stack[len(stack)-2].text.Write(t)
					}
				}
			}
		}
	}
	if root == nil || root.name != "svg" {
		return nil, nil, errors.New("svg: the document has no svg element")
	}
	return root, ids, nil
}

func (n *node) num(name string, def float64) float64 {
	v, ok := n.attrs[name]
	if !ok {
		return def
	}
	f, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), "px"), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return def
	}
	return f
}

// parseTransform reads translate, scale, rotate, matrix, skewX and skewY.
func parseTransform(s string) matrix {
	m := identity
	for {
		s = strings.TrimLeft(s, " ,\t\n")
		open := strings.IndexByte(s, '(')
		end := strings.IndexByte(s, ')')
		if open < 0 || end < open {
			return m
		}
		name := strings.TrimSpace(s[:open])
		var v []float64
		for _, f := range strings.FieldsFunc(s[open+1:end], func(r rune) bool { return r == ' ' || r == ',' || r == '\t' || r == '\n' }) {
			x, err := strconv.ParseFloat(f, 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
				return m
			}
			v = append(v, x)
		}
		arg := func(i int, def float64) float64 {
			if i < len(v) {
				return v[i]
			}
			return def
		}
		var t matrix
		switch name {
		case "translate":
			t = matrix{a: 1, d: 1, e: arg(0, 0), f: arg(1, 0)}
		case "scale":
			t = matrix{a: arg(0, 1), d: arg(1, arg(0, 1))}
		case "rotate":
			r := arg(0, 0) * math.Pi / 180
			cx, cy := arg(1, 0), arg(2, 0)
			t = matrix{a: 1, d: 1, e: cx, f: cy}.then(matrix{a: math.Cos(r), b: math.Sin(r), c: -math.Sin(r), d: math.Cos(r)}).
				then(matrix{a: 1, d: 1, e: -cx, f: -cy})
		case "matrix":
			if len(v) != 6 {
				return m
			}
			t = matrix{v[0], v[1], v[2], v[3], v[4], v[5]}
		case "skewX":
			t = matrix{a: 1, d: 1, c: math.Tan(arg(0, 0) * math.Pi / 180)}
		case "skewY":
			t = matrix{a: 1, d: 1, b: math.Tan(arg(0, 0) * math.Pi / 180)}
		default:
			return m
		}
		m = m.then(t)
		s = s[end+1:]
	}
}

// rgba is a colour with straight alpha in 0..1.
type rgba struct{ r, g, b, a float64 }

var named = map[string]rgba{
	"black": {0, 0, 0, 1}, "white": {255, 255, 255, 1}, "red": {255, 0, 0, 1}, "green": {0, 128, 0, 1},
	"blue": {0, 0, 255, 1}, "gray": {128, 128, 128, 1}, "grey": {128, 128, 128, 1}, "transparent": {0, 0, 0, 0},
	"orange": {255, 165, 0, 1}, "yellow": {255, 255, 0, 1}, "silver": {192, 192, 192, 1},
}

// parseColor reads #rgb, #rrggbb, rgb(), rgba() and a few names; ok is
// false for none or what it cannot read.
func parseColor(s string) (rgba, bool) {
	s = strings.TrimSpace(strings.ToLower(s))
	switch {
	case s == "" || s == "none":
		return rgba{}, false
	case strings.HasPrefix(s, "#"):
		h := s[1:]
		if len(h) == 3 || len(h) == 4 {
			var x []byte
			for i := range h {
				x = append(x, h[i], h[i])
			}
			h = string(x)
		}
		if len(h) != 6 && len(h) != 8 {
			return rgba{}, false
		}
		v, err := strconv.ParseUint(h, 16, 32)
		if err != nil {
			return rgba{}, false
		}
		if len(h) == 6 {
			return rgba{float64(v >> 16 & 255), float64(v >> 8 & 255), float64(v & 255), 1}, true
		}
		return rgba{float64(v >> 24 & 255), float64(v >> 16 & 255), float64(v >> 8 & 255), float64(v&255) / 255}, true
	case strings.HasPrefix(s, "rgb"):
		open, end := strings.IndexByte(s, '('), strings.IndexByte(s, ')')
		if open < 0 || end < open {
			return rgba{}, false
		}
		parts := strings.Split(s[open+1:end], ",")
		if len(parts) < 3 {
			return rgba{}, false
		}
		c := rgba{a: 1}
		for i, p := range parts[:min(4, len(parts))] {
			p = strings.TrimSpace(p)
			f, err := strconv.ParseFloat(strings.TrimSuffix(p, "%"), 64)
			if err != nil || math.IsNaN(f) {
				return rgba{}, false
			}
			if strings.HasSuffix(p, "%") {
				f = f * 255 / 100
				if i == 3 {
					f = f / 255
				}
			}
			switch i {
			case 0:
				c.r = clamp(f, 0, 255)
			case 1:
				c.g = clamp(f, 0, 255)
			case 2:
				c.b = clamp(f, 0, 255)
			case 3:
				c.a = clamp(f, 0, 1)
			}
		}
		return c, true
	}
	c, ok := named[s]
	return c, ok
}

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }
