package reportdoc

import (
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/signintech/gopdf"
)

// Fonts are the TrueType files the PDF embeds (subset): Tinos, metric-
// compatible with Times New Roman, in three faces.
type Fonts struct {
	Regular, Bold, Italic []byte
}

// WritePDF lays the document out on A4 pages with signintech/gopdf, the
// fonts embedded, and writes it.
func WritePDF(w io.Writer, d *Doc, f Fonts) error {
	pw := &pdfWriter{}
	pw.pdf.Start(pdfConfig())
	pw.pdf.SetInfo(gopdf.PdfInfo{Title: d.Title, Creator: "chitieu", Producer: "chitieu"})
	for _, face := range []struct {
		b     []byte
		style int
	}{{f.Regular, gopdf.Regular}, {f.Bold, gopdf.Bold}, {f.Italic, gopdf.Italic}} {
		if len(face.b) == 0 {
			return fmt.Errorf("pdf: a font is missing")
		}
		if err := pw.pdf.AddTTFFontDataWithOption("Tinos", face.b, gopdf.TtfOption{Style: face.style, UseKerning: true}); err != nil {
			return fmt.Errorf("pdf: font: %w", err)
		}
	}
	pw.newPage()
	pw.heading(d)
	for _, b := range d.Blocks {
		switch b := b.(type) {
		case *Para:
			pw.para(b)
		case *Table:
			pw.table(b)
		case *Picture:
			if err := pw.picture(b); err != nil {
				return err
			}
		}
	}
	for _, n := range d.Notes {
		pw.para(&Para{Style: Note, Runs: []Run{{Text: n, Italic: true}}})
	}
	if pw.err != nil {
		return fmt.Errorf("pdf: %w", pw.err)
	}
	return pw.pdf.Write(w)
}

func pdfConfig() gopdf.Config { return gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitMM} }

type pdfWriter struct {
	pdf  gopdf.GoPdf
	y    float64
	page int
	err  error
}

const ptMM = 25.4 / 72

func lineH(size float64) float64 { return size * lineSpacing * ptMM }

func (p *pdfWriter) font(bold, italic bool, size float64) {
	style := gopdf.Regular
	switch {
	case bold:
		style = gopdf.Bold
	case italic:
		style = gopdf.Italic
	}
	if err := p.pdf.SetFontWithStyle("Tinos", style, size); err != nil && p.err == nil {
		p.err = err
	}
}

// newPage starts a page; from the second on, its number stands at the top
// centre (Decree 30/2020, Annex I).
func (p *pdfWriter) newPage() {
	p.pdf.AddPage()
	p.page++
	p.y = MarginTop
	if p.page > 1 {
		p.font(false, false, HeaderNumPt)
		p.text(fmt.Sprint(p.page), MarginLeft, MarginTop-10, TextW, "center")
	}
}

func (p *pdfWriter) ensure(h float64) {
	if p.y+h > PageH-MarginBottom && p.y > MarginTop+1 {
		p.newPage()
	}
}

func (p *pdfWriter) width(s string) float64 {
	w, err := p.pdf.MeasureTextWidth(s)
	if err != nil {
		return float64(len(s)) * 2
	}
	return w
}

// text draws one line in a box of width w, aligned.
func (p *pdfWriter) text(s string, x, y, w float64, align string) {
	switch align {
	case "center":
		x += (w - p.width(s)) / 2
	case "right":
		x += w - p.width(s)
	}
	p.pdf.SetXY(x, y)
	if err := p.pdf.Cell(nil, s); err != nil && p.err == nil {
		p.err = err
	}
}

// wrap breaks text into lines no wider than w, at spaces (a word longer
// than a line is cut).
func (p *pdfWriter) wrap(s string, w, first float64) []string {
	var lines []string
	words := strings.FieldsFunc(s, unicode.IsSpace)
	cur := ""
	limit := w - first
	for _, word := range words {
		try := word
		if cur != "" {
			try = cur + " " + word
		}
		if p.width(try) <= limit || cur == "" {
			cur = try
			for p.width(cur) > limit && len([]rune(cur)) > 1 {
				r := []rune(cur)
				cut := len(r) - 1
				for cut > 1 && p.width(string(r[:cut])) > limit {
					cut--
				}
				lines = append(lines, string(r[:cut]))
				cur = string(r[cut:])
				limit = w
			}
			continue
		}
		lines = append(lines, cur)
		cur, limit = word, w
	}
	if cur != "" || len(lines) == 0 {
		lines = append(lines, cur)
	}
	return lines
}

func (p *pdfWriter) heading(d *Doc) {
	lw := TextW * 0.42
	rx, rw := MarginLeft+lw, TextW*0.58
	y := p.y
	line := func(s string, x, w float64, bold, italic bool, size float64, yy *float64) {
		p.font(bold, italic, size)
		p.text(s, x, *yy, w, "center")
		*yy += lineH(size)
	}
	ly, ry := y, y
	if d.Parent != "" {
		line(d.Parent, MarginLeft, lw, false, false, 12, &ly)
	}
	line(d.Agency, MarginLeft, lw, true, false, 12, &ly)
	line("———", MarginLeft, lw, false, false, 12, &ly)
	if d.Number != "" {
		line(d.Number, MarginLeft, lw, false, false, BodyPt, &ly)
	}
	line(d.Motto, rx, rw, true, false, 12, &ry)
	line(d.Motto2, rx, rw, true, false, BodyPt, &ry)
	line("———————————", rx, rw, false, false, 12, &ry)
	line(d.PlaceDate, rx, rw, false, true, BodyPt, &ry)
	p.y = max(ly, ry) + 6
	for _, s := range []struct {
		t      string
		b, i   bool
		size   float64
		exists bool
	}{{d.Kind, true, false, TitlePt, d.Kind != ""}, {d.Title, true, false, TitlePt, true}, {d.Subtitle, false, true, BodyPt, d.Subtitle != ""}} {
		if !s.exists {
			continue
		}
		p.font(s.b, s.i, s.size)
		for _, l := range p.wrap(s.t, TextW, 0) {
			p.text(l, MarginLeft, p.y, TextW, "center")
			p.y += lineH(s.size)
		}
	}
	p.font(false, false, 12)
	p.text("———", MarginLeft, p.y, TextW, "center")
	p.y += lineH(12) + 4
}

func (p *pdfWriter) para(para *Para) {
	var b strings.Builder
	bold, italic := false, false
	for i, r := range para.Runs {
		b.WriteString(r.Text)
		if i == 0 {
			bold, italic = r.Bold, r.Italic
		}
	}
	size, indent, first, x := BodyPt, 0.0, indentFirstMM, MarginLeft
	switch para.Style {
	case Heading1:
		bold, first = true, 0
		p.y += 2
	case Heading2:
		bold, italic = true, true
	case Note:
		size, first = 11, 0
	case Bullet:
		indent, first = 10, 0
	}
	text := b.String()
	if para.Style == Bullet {
		text = "- " + text
	}
	p.font(bold, italic, size)
	lh := lineH(size)
	keep := lh
	if para.Style == Heading1 || para.Style == Heading2 {
		keep = 3 * lh // not alone at the foot of a page
	}
	p.ensure(keep)
	for i, l := range p.wrap(text, TextW-indent, first) {
		p.ensure(lh)
		lx := x + indent
		if i == 0 {
			lx += first
		}
		p.text(l, lx, p.y, TextW, "left")
		p.y += lh
	}
	p.y += paraAfterPt * ptMM
}

func (p *pdfWriter) table(t *Table) {
	cols := make([]float64, len(t.Header))
	for i := range cols {
		cols[i] = TextW / float64(len(cols))
		if i < len(t.Widths) {
			cols[i] = TextW * t.Widths[i]
		}
	}
	const pad = 1.0
	lh := lineH(TablePt)
	row := func(cells []string, bold bool, align func(int) string, fill bool) {
		p.font(bold, false, TablePt)
		wrapped := make([][]string, len(cols))
		n := 1
		for i := range cols {
			s := ""
			if i < len(cells) {
				s = cells[i]
			}
			wrapped[i] = p.wrap(s, cols[i]-2*pad, 0)
			n = max(n, len(wrapped[i]))
		}
		h := float64(n)*lh + 2*pad
		x := MarginLeft
		for i, c := range cols {
			if fill {
				p.pdf.SetFillColor(235, 238, 242)
				p.pdf.RectFromUpperLeftWithStyle(x, p.y, c, h, "FD")
				p.pdf.SetFillColor(0, 0, 0) // text is painted with the fill colour
			} else {
				p.pdf.RectFromUpperLeftWithStyle(x, p.y, c, h, "D")
			}
			for k, l := range wrapped[i] {
				p.text(l, x+pad, p.y+pad+float64(k)*lh, c-2*pad, align(i))
			}
			x += c
		}
		p.y += h
	}
	header := func() { row(t.Header, true, func(int) string { return "center" }, true) }
	p.pdf.SetLineWidth(0.2)
	p.ensure(3 * lh)
	header()
	for _, r := range t.Rows {
		if p.y+lh*2+2*pad > PageH-MarginBottom {
			p.newPage()
			header()
		}
		if r.Group != "" {
			p.font(true, false, TablePt)
			h := lh + 2*pad
			p.pdf.RectFromUpperLeftWithStyle(MarginLeft, p.y, TextW, h, "D")
			p.text(r.Group, MarginLeft+pad, p.y+pad, TextW-2*pad, "left")
			p.y += h
			continue
		}
		row(r.Cells, r.Bold, func(i int) string {
			if i < len(t.Right) && t.Right[i] {
				return "right"
			}
			return "left"
		}, false)
	}
	p.y += 4
}

func (p *pdfWriter) picture(pic *Picture) error {
	w, h := pictureSize(pic)
	p.ensure(h + 3*lineH(12))
	holder, err := gopdf.ImageHolderByBytes(pic.PNG)
	if err != nil {
		return fmt.Errorf("pdf: picture: %w", err)
	}
	if err := p.pdf.ImageByHolder(holder, MarginLeft+(TextW-w)/2, p.y, &gopdf.Rect{W: w, H: h}); err != nil {
		return fmt.Errorf("pdf: picture: %w", err)
	}
	p.y += h + 1.5
	if pic.Caption != "" {
		p.font(true, false, 12)
		for _, l := range p.wrap(pic.Caption, TextW, 0) {
			p.text(l, MarginLeft, p.y, TextW, "center")
			p.y += lineH(12)
		}
	}
	if pic.Source != "" {
		p.font(false, true, 11)
		p.text(pic.Source, MarginLeft, p.y, TextW, "center")
		p.y += lineH(11)
	}
	p.y += 4
	return nil
}
