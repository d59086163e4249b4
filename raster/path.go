package raster

import (
	"fmt"
	"math"
	"strconv"
)

// pt is a point in user or device space.
type pt struct{ x, y float64 }

// Path operations, all with absolute points.
const (
	opMove = iota
	opLine
	opQuad
	opCube
	opClose
)

type seg struct {
	op int
	p  [3]pt
}

type path []seg

// matrix is an affine transform: x' = a*x + c*y + e, y' = b*x + d*y + f.
type matrix struct{ a, b, c, d, e, f float64 }

var identity = matrix{a: 1, d: 1}

// then returns the transform that applies n first and m after.
func (m matrix) then(n matrix) matrix {
	return matrix{
		a: m.a*n.a + m.c*n.b, b: m.b*n.a + m.d*n.b,
		c: m.a*n.c + m.c*n.d, d: m.b*n.c + m.d*n.d,
		e: m.a*n.e + m.c*n.f + m.e, f: m.b*n.e + m.d*n.f + m.f,
	}
}

func (m matrix) apply(p pt) pt { return pt{m.a*p.x + m.c*p.y + m.e, m.b*p.x + m.d*p.y + m.f} }

// scale is how much the transform grows lengths (for stroke widths).
func (m matrix) scale() float64 { return math.Sqrt(math.Abs(m.a*m.d - m.b*m.c)) }

func (p path) transform(m matrix) path {
	out := make(path, len(p))
	for i, s := range p {
		out[i].op = s.op
		for j := range s.p {
			out[i].p[j] = m.apply(s.p[j])
		}
	}
	return out
}

// pathParser reads SVG path data (every command of SVG 1.1).
type pathParser struct {
	s   string
	i   int
	out path
}

// parsePath reads the d attribute of a path.
func parsePath(d string) (path, error) {
	pp := &pathParser{s: d}
	var cur, start, lastCtl pt
	var lastCmd byte
	for {
		pp.skipSpace()
		if pp.i >= len(pp.s) {
			return pp.out, nil
		}
		c := pp.s[pp.i]
		cmd := lastCmd
		if isCommand(c) {
			cmd = c
			pp.i++
		} else if lastCmd == 0 || lastCmd == 'Z' || lastCmd == 'z' {
			return nil, fmt.Errorf("path data: %q at %d is not a command", c, pp.i)
		} else if lastCmd == 'M' {
			cmd = 'L'
		} else if lastCmd == 'm' {
			cmd = 'l'
		}
		rel := cmd >= 'a'
		abs := func(p pt) pt {
			if rel {
				return pt{cur.x + p.x, cur.y + p.y}
			}
			return p
		}
		switch cmd {
		case 'Z', 'z':
			pp.out = append(pp.out, seg{op: opClose})
			cur = start
			lastCtl = cur
			lastCmd = cmd
			continue
		case 'M', 'm':
			p, err := pp.point()
			if err != nil {
				return nil, err
			}
			cur = abs(p)
			start = cur
			pp.out = append(pp.out, seg{op: opMove, p: [3]pt{cur}})
		case 'L', 'l':
			p, err := pp.point()
			if err != nil {
				return nil, err
			}
			cur = abs(p)
			pp.line(cur)
		case 'H', 'h':
			x, err := pp.number()
			if err != nil {
				return nil, err
			}
			if rel {
				x += cur.x
			}
			cur = pt{x, cur.y}
			pp.line(cur)
		case 'V', 'v':
			y, err := pp.number()
			if err != nil {
				return nil, err
			}
			if rel {
				y += cur.y
			}
			cur = pt{cur.x, y}
			pp.line(cur)
		case 'C', 'c', 'S', 's':
			var c1 pt
			var ps []pt
			n := 3
			if cmd == 'S' || cmd == 's' {
				n = 2
				c1 = cur
				if lastCmd == 'C' || lastCmd == 'c' || lastCmd == 'S' || lastCmd == 's' {
					c1 = pt{2*cur.x - lastCtl.x, 2*cur.y - lastCtl.y}
				}
			}
			for k := 0; k < n; k++ {
				p, err := pp.point()
				if err != nil {
					return nil, err
				}
				ps = append(ps, abs(p))
			}
			if n == 3 {
				c1 = ps[0]
				ps = ps[1:]
			}
			pp.out = append(pp.out, seg{op: opCube, p: [3]pt{c1, ps[0], ps[1]}})
			lastCtl, cur = ps[0], ps[1]
			lastCmd = cmd
			continue
		case 'Q', 'q', 'T', 't':
			var c1 pt
			if cmd == 'Q' || cmd == 'q' {
				p, err := pp.point()
				if err != nil {
					return nil, err
				}
				c1 = abs(p)
			} else {
				c1 = cur
				if lastCmd == 'Q' || lastCmd == 'q' || lastCmd == 'T' || lastCmd == 't' {
					c1 = pt{2*cur.x - lastCtl.x, 2*cur.y - lastCtl.y}
				}
			}
			p, err := pp.point()
			if err != nil {
				return nil, err
			}
			end := abs(p)
			pp.out = append(pp.out, seg{op: opQuad, p: [3]pt{c1, end}})
			lastCtl, cur = c1, end
			lastCmd = cmd
			continue
		case 'A', 'a':
			var v [5]float64
			for k := range v {
				f, err := pp.arcNumber(k == 3 || k == 4)
				if err != nil {
					return nil, err
				}
				v[k] = f
			}
			p, err := pp.point()
			if err != nil {
				return nil, err
			}
			end := abs(p)
			pp.arc(cur, end, v[0], v[1], v[2], v[3] != 0, v[4] != 0)
			cur = end
		}
		lastCtl = cur
		lastCmd = cmd
	}
}

func isCommand(c byte) bool {
	switch c {
	case 'M', 'm', 'L', 'l', 'H', 'h', 'V', 'v', 'C', 'c', 'S', 's', 'Q', 'q', 'T', 't', 'A', 'a', 'Z', 'z':
		return true
	}
	return false
}

func (pp *pathParser) line(p pt) { pp.out = append(pp.out, seg{op: opLine, p: [3]pt{p}}) }

func (pp *pathParser) skipSpace() {
	for pp.i < len(pp.s) {
		switch pp.s[pp.i] {
		case ' ', ',', '\t', '\n', '\r':
			pp.i++
		default:
			return
		}
	}
}

func (pp *pathParser) point() (pt, error) {
	x, err := pp.number()
	if err != nil {
		return pt{}, err
	}
	y, err := pp.number()
	return pt{x, y}, err
}

// arcNumber reads a number, or a single 0/1 flag which SVG lets stand
// without a separator.
func (pp *pathParser) arcNumber(flag bool) (float64, error) {
	pp.skipSpace()
	if flag && pp.i < len(pp.s) && (pp.s[pp.i] == '0' || pp.s[pp.i] == '1') {
		pp.i++
		return float64(pp.s[pp.i-1] - '0'), nil
	}
	return pp.number()
}

func (pp *pathParser) number() (float64, error) {
	pp.skipSpace()
	start := pp.i
	if pp.i < len(pp.s) && (pp.s[pp.i] == '-' || pp.s[pp.i] == '+') {
		pp.i++
	}
	dot, exp := false, false
	for pp.i < len(pp.s) {
		c := pp.s[pp.i]
		switch {
		case c >= '0' && c <= '9':
		case c == '.' && !dot && !exp:
			dot = true
		case (c == 'e' || c == 'E') && !exp && pp.i > start:
			exp = true
			if pp.i+1 < len(pp.s) && (pp.s[pp.i+1] == '-' || pp.s[pp.i+1] == '+') {
				pp.i++
			}
		default:
			goto done
		}
		pp.i++
	}
done:
	if pp.i == start {
		return 0, fmt.Errorf("path data: a number is missing at %d", start)
	}
	f, err := strconv.ParseFloat(pp.s[start:pp.i], 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("path data: %q is not a number", pp.s[start:pp.i])
	}
	return f, nil
}

// arc appends an elliptical arc as cubic Béziers (SVG 1.1, appendix F.6).
func (pp *pathParser) arc(p0, p1 pt, rx, ry, phiDeg float64, large, sweep bool) {
	if p0 == p1 {
		return
	}
	rx, ry = math.Abs(rx), math.Abs(ry)
	if rx == 0 || ry == 0 {
		pp.line(p1)
		return
	}
	phi := phiDeg * math.Pi / 180
	cos, sin := math.Cos(phi), math.Sin(phi)
	dx, dy := (p0.x-p1.x)/2, (p0.y-p1.y)/2
	x1 := cos*dx + sin*dy
	y1 := -sin*dx + cos*dy
	if l := x1*x1/(rx*rx) + y1*y1/(ry*ry); l > 1 {
		s := math.Sqrt(l)
		rx, ry = rx*s, ry*s
	}
	num := rx*rx*ry*ry - rx*rx*y1*y1 - ry*ry*x1*x1
	den := rx*rx*y1*y1 + ry*ry*x1*x1
	co := 0.0
	if den != 0 && num > 0 {
		co = math.Sqrt(num / den)
	}
	if large == sweep {
		co = -co
	}
	cx1, cy1 := co*rx*y1/ry, -co*ry*x1/rx
	cx := cos*cx1 - sin*cy1 + (p0.x+p1.x)/2
	cy := sin*cx1 + cos*cy1 + (p0.y+p1.y)/2
	angle := func(ux, uy, vx, vy float64) float64 { return math.Atan2(ux*vy-uy*vx, ux*vx+uy*vy) }
	t1 := angle(1, 0, (x1-cx1)/rx, (y1-cy1)/ry)
	dt := angle((x1-cx1)/rx, (y1-cy1)/ry, (-x1-cx1)/rx, (-y1-cy1)/ry)
	if !sweep && dt > 0 {
		dt -= 2 * math.Pi
	} else if sweep && dt < 0 {
		dt += 2 * math.Pi
	}
	n := int(math.Ceil(math.Abs(dt) / (math.Pi / 2)))
	if n < 1 {
		n = 1
	}
	step := dt / float64(n)
	k := 4.0 / 3 * math.Tan(step/4)
	at := func(t float64) (pt, pt) { // point and derivative
		ct, st := math.Cos(t), math.Sin(t)
		x, y := rx*ct, ry*st
		ddx, ddy := -rx*st, ry*ct
		return pt{cos*x - sin*y + cx, sin*x + cos*y + cy}, pt{cos*ddx - sin*ddy, sin*ddx + cos*ddy}
	}
	t := t1
	for i := 0; i < n; i++ {
		a, da := at(t)
		b, db := at(t + step)
		if i == n-1 {
			b = p1
		}
		pp.out = append(pp.out, seg{op: opCube, p: [3]pt{{a.x + k*da.x, a.y + k*da.y}, {b.x - k*db.x, b.y - k*db.y}, b}})
		t += step
	}
}

// polylines flattens a path in device space into polylines for stroking;
// closed says which ones end where they started.
func (p path) polylines(tol float64) (lines [][]pt, closed []bool) {
	var cur []pt
	var last, start pt
	flush := func(c bool) {
		if len(cur) > 1 {
			lines = append(lines, cur)
			closed = append(closed, c)
		}
		cur = nil
	}
	for _, s := range p {
		switch s.op {
		case opMove:
			flush(false)
			cur = []pt{s.p[0]}
			last, start = s.p[0], s.p[0]
		case opLine:
			if cur == nil {
				cur = []pt{last}
			}
			cur = append(cur, s.p[0])
			last = s.p[0]
		case opQuad, opCube:
			if cur == nil {
				cur = []pt{last}
			}
			ctl := []pt{last, s.p[0], s.p[1]}
			if s.op == opCube {
				ctl = append(ctl, s.p[2])
			}
			n := curveSteps(ctl, tol)
			for i := 1; i <= n; i++ {
				cur = append(cur, bezier(ctl, float64(i)/float64(n)))
			}
			last = ctl[len(ctl)-1]
		case opClose:
			if cur != nil {
				if last != start {
					cur = append(cur, start)
				}
				flush(true)
			}
			last = start
			cur = nil
		}
	}
	flush(false)
	return lines, closed
}

func curveSteps(ctl []pt, tol float64) int {
	var l float64
	for i := 1; i < len(ctl); i++ {
		l += math.Hypot(ctl[i].x-ctl[i-1].x, ctl[i].y-ctl[i-1].y)
	}
	n := int(math.Ceil(math.Sqrt(l / tol)))
	return max(1, min(n, 64))
}

func bezier(ctl []pt, t float64) pt {
	u := 1 - t
	if len(ctl) == 3 {
		return pt{u*u*ctl[0].x + 2*u*t*ctl[1].x + t*t*ctl[2].x, u*u*ctl[0].y + 2*u*t*ctl[1].y + t*t*ctl[2].y}
	}
	a, b, c, d := u*u*u, 3*u*u*t, 3*u*t*t, t*t*t
	return pt{a*ctl[0].x + b*ctl[1].x + c*ctl[2].x + d*ctl[3].x, a*ctl[0].y + b*ctl[1].y + c*ctl[2].y + d*ctl[3].y}
}
