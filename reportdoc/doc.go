// Package reportdoc is the year-end report as a document model, written as
// DOCX, PDF or HTML in the administrative layout of Decree 30/2020/NĐ-CP:
// A4, Times New Roman 13 pt (Tinos, its metric twin, embedded in the PDF),
// margins 20 mm top and bottom, 30 mm left, 15 mm right, the heading block
// (agency left, national motto right), the title, page numbers at the top
// centre from the second page.
package reportdoc

// Doc is one report.
type Doc struct {
	Lang string // vi or en

	// The heading block: the agency on the left (Agency above Parent when
	// it belongs to one), the motto and the place and date on the right.
	Parent, Agency string
	Number         string // "Số: …/BC-…"
	Motto, Motto2  string
	PlaceDate      string

	Kind            string // "BÁO CÁO", above the title
	Title, Subtitle string
	Blocks          []Block
	Notes           []string // footnotes at the end: "(*) …"
}

// Block is one of *Para, *Table or *Picture.
type Block interface{ isBlock() }

// Paragraph styles.
const (
	Body     = ""
	Heading1 = "h1"
	Heading2 = "h2"
	Bullet   = "bullet"
	Note     = "note"
)

// Para is a paragraph of runs.
type Para struct {
	Style string
	Runs  []Run
}

// Run is text in one face.
type Run struct {
	Text         string
	Bold, Italic bool
}

// Table is a real table: a header row repeated on each page, rows, and
// group rows spanning every column (a block, an agency).
type Table struct {
	Header []string
	Widths []float64 // shares of the text width, summing to 1
	Right  []bool    // columns aligned right (numbers)
	Rows   []Row
}

// Row is a table row, or a group heading when Group is set.
type Row struct {
	Group string
	Cells []string
	Bold  bool
}

// Picture is a chart: a PNG drawn at 2×, with its caption and source line.
type Picture struct {
	PNG           []byte
	Width, Height int // pixels of the PNG
	Caption       string
	Source        string
}

func (*Para) isBlock()    {}
func (*Table) isBlock()   {}
func (*Picture) isBlock() {}

// P is a body paragraph of plain text.
func P(style, text string) *Para { return &Para{Style: style, Runs: []Run{{Text: text}}} }

// Page geometry in millimetres.
const (
	PageW, PageH  = 210.0, 297.0
	MarginTop     = 20.0
	MarginBottom  = 20.0
	MarginLeft    = 30.0
	MarginRight   = 15.0
	TextW         = PageW - MarginLeft - MarginRight
	BodyPt        = 13.0
	TablePt       = 11.0
	PictureMaxW   = TextW
	PictureMaxH   = 120.0
	HeaderNumPt   = 13.0
	Heading1Pt    = 13.0
	TitlePt       = 14.0
	lineSpacing   = 1.2
	paraAfterPt   = 6.0
	indentFirstMM = 10.0
)

// pictureSize is a picture's size on the page in millimetres: the text
// width, or less to keep it within PictureMaxH.
func pictureSize(p *Picture) (w, h float64) {
	if p.Width <= 0 || p.Height <= 0 {
		return PictureMaxW, PictureMaxW / 2
	}
	w = PictureMaxW
	h = w * float64(p.Height) / float64(p.Width)
	if h > PictureMaxH {
		h = PictureMaxH
		w = h * float64(p.Width) / float64(p.Height)
	}
	return w, h
}
