package raster

import "math"

// strokeStyle is how a line is drawn, in device pixels.
type strokeStyle struct {
	width float64
	cap   string // butt, round, square
	join  string // miter, round, bevel
	dash  []float64
}

// stroke turns a device-space path into filled polygons covering its
// outline. Every polygon is wound the same way, so the rasteriser's summed
// coverage (clamped at full) is their union: one quad per segment, and a
// disc or wedge at each joint.
func stroke(p path, st strokeStyle) path {
	hw := st.width / 2
	if hw <= 0 {
		return nil
	}
	lines, closed := p.polylines(0.25)
	if len(st.dash) > 0 {
		lines, closed = dashLines(lines, closed, st.dash)
	}
	var out path
	for i, l := range lines {
		l = dedupe(l)
		if len(l) < 2 {
			if len(l) == 1 && st.cap != "butt" && st.cap != "" {
				out = appendDisc(out, l[0], hw)
			}
			continue
		}
		n := len(l)
		for k := 0; k+1 < n; k++ {
			a, b := l[k], l[k+1]
			if !closed[i] && st.cap == "square" {
				d := unit(pt{b.x - a.x, b.y - a.y})
				if k == 0 {
					a = pt{a.x - d.x*hw, a.y - d.y*hw}
				}
				if k == n-2 {
					b = pt{b.x + d.x*hw, b.y + d.y*hw}
				}
			}
			out = appendQuad(out, a, b, hw)
		}
		first, last := 1, n-2
		if closed[i] && l[0] == l[n-1] {
			first = 0
		}
		for k := first; k <= last; k++ {
			j := l[k]
			if st.join == "round" || hw <= 1.5 {
				out = appendDisc(out, j, hw)
				continue
			}
			// bevel (and miter, drawn as bevel): the triangles between the
			// two segments' corners.
			prev := l[k-1+boolInt(k == 0)*(n-1)]
			next := l[k+1]
			d0, d1 := unit(pt{j.x - prev.x, j.y - prev.y}), unit(pt{next.x - j.x, next.y - j.y})
			for _, s := range []float64{1, -1} {
				a := pt{j.x - d0.y*hw*s, j.y + d0.x*hw*s}
				b := pt{j.x - d1.y*hw*s, j.y + d1.x*hw*s}
				out = appendPoly(out, []pt{j, a, b})
			}
		}
		if !closed[i] && st.cap == "round" {
			out = appendDisc(out, l[0], hw)
			out = appendDisc(out, l[n-1], hw)
		}
	}
	return out
}

func unit(d pt) pt {
	l := math.Hypot(d.x, d.y)
	if l == 0 {
		return pt{}
	}
	return pt{d.x / l, d.y / l}
}

func dedupe(l []pt) []pt {
	out := l[:0:0]
	for i, p := range l {
		if i > 0 && math.Abs(p.x-out[len(out)-1].x) < 1e-6 && math.Abs(p.y-out[len(out)-1].y) < 1e-6 {
			continue
		}
		out = append(out, p)
	}
	return out
}

func appendQuad(out path, a, b pt, hw float64) path {
	d := unit(pt{b.x - a.x, b.y - a.y})
	nx, ny := -d.y*hw, d.x*hw
	return appendPoly(out, []pt{{a.x + nx, a.y + ny}, {b.x + nx, b.y + ny}, {b.x - nx, b.y - ny}, {a.x - nx, a.y - ny}})
}

func appendDisc(out path, c pt, r float64) path {
	n := max(8, min(48, int(r*3)))
	ps := make([]pt, n)
	for i := range ps {
		t := 2 * math.Pi * float64(i) / float64(n)
		ps[i] = pt{c.x + r*math.Cos(t), c.y + r*math.Sin(t)}
	}
	return appendPoly(out, ps)
}

// appendPoly adds a closed polygon wound positively.
func appendPoly(out path, ps []pt) path {
	var area float64
	for i := range ps {
		j := (i + 1) % len(ps)
		area += ps[i].x*ps[j].y - ps[j].x*ps[i].y
	}
	if area == 0 {
		return out
	}
	if area < 0 {
		for i, j := 0, len(ps)-1; i < j; i, j = i+1, j-1 {
			ps[i], ps[j] = ps[j], ps[i]
		}
	}
	out = append(out, seg{op: opMove, p: [3]pt{ps[0]}})
	for _, p := range ps[1:] {
		out = append(out, seg{op: opLine, p: [3]pt{p}})
	}
	return append(out, seg{op: opClose})
}

// maxDashes bounds the dash patterns one stroke is cut into.
const maxDashes = 100_000

// dashLines cuts polylines by a dash pattern (on, off, on, ...).
func dashLines(lines [][]pt, closed []bool, dash []float64) ([][]pt, []bool) {
	var total float64
	for _, d := range dash {
		if d < 0 {
			return lines, closed
		}
		total += d
	}
	if total <= 0 {
		return lines, closed
	}
	var length float64
	for _, l := range lines {
		for i := 1; i < len(l); i++ {
			length += math.Hypot(l[i].x-l[i-1].x, l[i].y-l[i-1].y)
		}
	}
	if length/total > maxDashes {
		return lines, closed // too many dashes to draw: a solid line
	}
	if len(dash)%2 == 1 {
		dash = append(dash, dash...)
	}
	var out [][]pt
	for _, l := range lines {
		k, left, on := 0, dash[0], true
		cur := []pt{l[0]}
		for i := 1; i < len(l); i++ {
			a, b := l[i-1], l[i]
			segLen := math.Hypot(b.x-a.x, b.y-a.y)
			pos := 0.0
			for segLen-pos > left {
				pos += left
				t := pos / segLen
				p := pt{a.x + (b.x-a.x)*t, a.y + (b.y-a.y)*t}
				if on {
					out = append(out, append(cur, p))
					cur = nil
				} else {
					cur = []pt{p}
				}
				on = !on
				k = (k + 1) % len(dash)
				left = dash[k]
			}
			left -= segLen - pos
			if on {
				cur = append(cur, b)
			}
		}
		if on && len(cur) > 1 {
			out = append(out, cur)
		}
	}
	return out, make([]bool, len(out))
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
