package raster

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/unicode/norm"
)

// Fonts are the TrueType faces text is drawn with: a regular and a bold
// weight. Text is shaped by HarfBuzz's Go port (go-text/typesetting), so
// Vietnamese marks sit where the font's GPOS puts them and pairs are kerned.
// Shaping is not safe for concurrent use, so it runs under a lock; the
// rasterising, which costs more, does not.
type Fonts struct {
	mu     sync.Mutex
	faces  [2]*font.Face
	shaper shaping.HarfbuzzShaper
	glyphs [2]map[font.GID][]font.Segment
	asc    [2]float64 // ascender and descender, in em
	desc   [2]float64
	upem   [2]float64
	lang   language.Language
}

// NewFonts reads a regular and a bold TrueType font.
func NewFonts(regular, bold []byte) (*Fonts, error) {
	f := &Fonts{lang: language.NewLanguage("vi")}
	for i, b := range [][]byte{regular, bold} {
		face, err := font.ParseTTF(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("font %d: %w", i, err)
		}
		f.faces[i] = face
		f.glyphs[i] = map[font.GID][]font.Segment{}
		f.upem[i] = float64(face.Upem())
		if ext, ok := face.FontHExtents(); ok {
			f.asc[i], f.desc[i] = float64(ext.Ascender)/f.upem[i], float64(ext.Descender)/f.upem[i]
		} else {
			f.asc[i], f.desc[i] = 0.9, -0.25
		}
	}
	return f, nil
}

// textRun is shaped text: glyph outlines placed in em units from the pen's
// start on the baseline (y down), and its advance in em.
type textRun struct {
	outline  path
	advance  float64
	asc, dsc float64
}

// shape lays out one line of text at size 1 (em units).
func (f *Fonts) shape(s string, bold bool) textRun {
	w := 0
	if bold {
		w = 1
	}
	runes := []rune(norm.NFC.String(s))
	f.mu.Lock()
	defer f.mu.Unlock()
	const size = 64 // in 26.6: one em is 64 units
	out := f.shaper.Shape(shaping.Input{Text: runes, RunStart: 0, RunEnd: len(runes), Direction: di.DirectionLTR,
		Face: f.faces[w], Size: fixed.I(size), Script: language.Latin, Language: f.lang})
	run := textRun{asc: f.asc[w], dsc: f.desc[w]}
	em := func(v fixed.Int26_6) float64 { return float64(v) / 64 / size }
	x := 0.0
	scale := 1 / f.upem[w]
	for _, g := range out.Glyphs {
		segs, ok := f.glyphs[w][g.GlyphID]
		if !ok {
			if o, ok := f.faces[w].GlyphData(g.GlyphID).(font.GlyphOutline); ok {
				segs = o.Segments
			}
			f.glyphs[w][g.GlyphID] = segs
		}
		ox, oy := x+em(g.XOffset), -em(g.YOffset)
		for _, s := range segs {
			var sg seg
			switch s.Op {
			case ot.SegmentOpMoveTo:
				sg.op = opMove
				if len(run.outline) > 0 && run.outline[len(run.outline)-1].op != opClose {
					run.outline = append(run.outline, seg{op: opClose})
				}
			case ot.SegmentOpLineTo:
				sg.op = opLine
			case ot.SegmentOpQuadTo:
				sg.op = opQuad
			case ot.SegmentOpCubeTo:
				sg.op = opCube
			}
			for k, a := range s.Args {
				sg.p[k] = pt{ox + float64(a.X)*scale, oy - float64(a.Y)*scale}
			}
			run.outline = append(run.outline, sg)
		}
		if len(run.outline) > 0 && run.outline[len(run.outline)-1].op != opClose {
			run.outline = append(run.outline, seg{op: opClose})
		}
		x += em(g.XAdvance)
	}
	run.advance = x
	return run
}

// Measure is the advance of one line of text at size pixels.
func (f *Fonts) Measure(s string, bold bool, size float64) float64 {
	w := 0
	if bold {
		w = 1
	}
	runes := []rune(norm.NFC.String(s))
	f.mu.Lock()
	defer f.mu.Unlock()
	out := f.shaper.Shape(shaping.Input{Text: runes, RunStart: 0, RunEnd: len(runes), Direction: di.DirectionLTR,
		Face: f.faces[w], Size: fixed.I(64), Script: language.Latin, Language: f.lang})
	return float64(out.Advance) / 64 / 64 * size
}

// MeasureCSS measures text in a CSS font shorthand as canvas takes it
// ("bold 15px 'Be Vietnam Pro', sans-serif"), for ECharts' layout.
func (f *Fonts) MeasureCSS(s, cssFont string) float64 {
	size, bold := 12.0, false
	for _, t := range strings.Fields(cssFont) {
		switch {
		case strings.HasSuffix(t, "px"):
			if v, err := strconv.ParseFloat(strings.TrimSuffix(t, "px"), 64); err == nil && v > 0 && v < 1000 {
				size = v
			}
		case t == "bold" || t == "bolder" || t == "600" || t == "700" || t == "800" || t == "900":
			bold = true
		}
	}
	return f.Measure(s, bold, size)
}
