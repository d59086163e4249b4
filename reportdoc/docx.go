package reportdoc

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// WriteDOCX writes the document as Office Open XML (Word 2007 and later,
// LibreOffice). It is our own small writer over archive/zip: the document
// needs paragraphs, tables, inline pictures, a header with the page number
// and a section's page size and margins, which is a few hundred lines of
// WordprocessingML; no maintained pure-Go library writing DOCX was on the
// module proxy (see README, "Design notes").
func WriteDOCX(w io.Writer, d *Doc) error {
	z := zip.NewWriter(w)
	var media []string
	var body strings.Builder
	writeHeading(&body, d)
	for _, b := range d.Blocks {
		switch b := b.(type) {
		case *Para:
			docxPara(&body, b)
		case *Table:
			docxTable(&body, b)
		case *Picture:
			media = append(media, fmt.Sprintf("image%d.png", len(media)+1))
			docxPicture(&body, b, len(media))
			if err := put(z, "word/media/"+media[len(media)-1], b.PNG, zip.Store); err != nil {
				return err
			}
		}
	}
	for _, n := range d.Notes {
		docxPara(&body, &Para{Style: Note, Runs: []Run{{Text: n, Italic: true}}})
	}
	lang := "vi-VN"
	if d.Lang == "en" {
		lang = "en-GB"
	}
	var rels strings.Builder
	rels.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
		`<Relationship Id="rIdHeader" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>`)
	for i, m := range media {
		fmt.Fprintf(&rels, `<Relationship Id="rIdImg%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/%s"/>`, i+1, m)
	}
	rels.WriteString(`</Relationships>`)
	doc := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<w:document ` + namespaces + `><w:body>` + body.String() +
		fmt.Sprintf(`<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/>`+
			`<w:pgSz w:w="%d" w:h="%d"/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="567" w:footer="567" w:gutter="0"/>`+
			`<w:titlePg/></w:sectPr></w:body></w:document>`,
			twips(PageW), twips(PageH), twips(MarginTop), twips(MarginRight), twips(MarginBottom), twips(MarginLeft))
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
			`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
			`<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>` +
			`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`},
		{"docProps/core.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">` +
			`<dc:title>` + esc(d.Title) + `</dc:title><dc:creator>chitieu</dc:creator><dc:language>` + lang + `</dc:language></cp:coreProperties>`},
		{"word/_rels/document.xml.rels", rels.String()},
		{"word/document.xml", doc},
		{"word/styles.xml", docxStyles(lang)},
		{"word/header1.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr ` + namespaces + `>` +
			`<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
			`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>`},
	}
	for _, p := range parts {
		if err := put(z, p.name, []byte(p.body), zip.Deflate); err != nil {
			return err
		}
	}
	return z.Close()
}

const namespaces = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
	`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ` +
	`xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" ` +
	`xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ` +
	`xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"`

func put(z *zip.Writer, name string, b []byte, method uint16) error {
	f, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: method})
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	return err
}

func twips(mm float64) int  { return int(mm/25.4*1440 + 0.5) }
func emu(mm float64) int    { return int(mm * 36000) }
func halfPt(pt float64) int { return int(pt*2 + 0.5) }

func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func docxStyles(lang string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles ` + namespaces + `>` +
		`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman"/>` +
		fmt.Sprintf(`<w:sz w:val="%d"/><w:szCs w:val="%d"/><w:lang w:val="%s"/></w:rPr></w:rPrDefault>`, halfPt(BodyPt), halfPt(BodyPt), lang) +
		`<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="288" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
		`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:pPr><w:ind w:firstLine="567"/><w:jc w:val="both"/></w:pPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>` +
		`<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>` +
		`<w:pPr><w:keepNext/><w:spacing w:before="120" w:after="60"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:i/></w:rPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/><w:basedOn w:val="Normal"/>` +
		`<w:pPr><w:spacing w:after="0"/><w:ind w:firstLine="0"/><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:sz w:val="24"/></w:rPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Source"><w:name w:val="Source"/><w:basedOn w:val="Normal"/>` +
		`<w:pPr><w:spacing w:after="240"/><w:ind w:firstLine="0"/><w:jc w:val="center"/></w:pPr><w:rPr><w:i/><w:sz w:val="22"/></w:rPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/>` +
		fmt.Sprintf(`<w:pPr><w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0"/><w:jc w:val="left"/></w:pPr><w:rPr><w:sz w:val="%d"/></w:rPr></w:style>`, halfPt(TablePt)) +
		`<w:style w:type="paragraph" w:styleId="Note"><w:name w:val="Note"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:firstLine="0"/></w:pPr><w:rPr><w:sz w:val="22"/></w:rPr></w:style>` +
		`<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders>` +
		`<w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
		`<w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
		`<w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
		`</w:tblBorders><w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>`
}

func runs(b *strings.Builder, rs []Run, size float64) {
	for _, r := range rs {
		b.WriteString(`<w:r><w:rPr>`)
		if r.Bold {
			b.WriteString(`<w:b/>`)
		}
		if r.Italic {
			b.WriteString(`<w:i/>`)
		}
		if size > 0 {
			fmt.Fprintf(b, `<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, halfPt(size), halfPt(size))
		}
		b.WriteString(`</w:rPr><w:t xml:space="preserve">` + esc(r.Text) + `</w:t></w:r>`)
	}
}

func docxPara(b *strings.Builder, p *Para) {
	b.WriteString(`<w:p><w:pPr>`)
	switch p.Style {
	case Heading1:
		b.WriteString(`<w:pStyle w:val="Heading1"/>`)
	case Heading2:
		b.WriteString(`<w:pStyle w:val="Heading2"/>`)
	case Note:
		b.WriteString(`<w:pStyle w:val="Note"/>`)
	case Bullet:
		b.WriteString(`<w:ind w:left="567" w:hanging="283"/>`)
	}
	b.WriteString(`</w:pPr>`)
	rs := p.Runs
	if p.Style == Bullet {
		rs = append([]Run{{Text: "- "}}, rs...)
	}
	runs(b, rs, 0)
	b.WriteString(`</w:p>`)
}

// plain is a paragraph with explicit alignment, used in the heading block
// and in tables.
func plain(b *strings.Builder, style, align string, rs []Run, size float64) {
	b.WriteString(`<w:p><w:pPr>`)
	if style != "" {
		b.WriteString(`<w:pStyle w:val="` + style + `"/>`)
	}
	b.WriteString(`<w:spacing w:before="0" w:after="0"/><w:ind w:firstLine="0"/><w:jc w:val="` + align + `"/></w:pPr>`)
	runs(b, rs, size)
	b.WriteString(`</w:p>`)
}

// writeHeading writes the heading block as a borderless two-column table
// (agency | motto), then the title.
func writeHeading(b *strings.Builder, d *Doc) {
	left, right := twips(TextW*0.42), twips(TextW*0.58)
	fmt.Fprintf(b, `<w:tbl><w:tblPr><w:tblW w:w="%d" w:type="dxa"/><w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders>`+
		`<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid><w:gridCol w:w="%d"/><w:gridCol w:w="%d"/></w:tblGrid><w:tr>`, left+right, left, right)
	fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr>`, left)
	if d.Parent != "" {
		plain(b, "", "center", []Run{{Text: d.Parent}}, 12)
	}
	plain(b, "", "center", []Run{{Text: d.Agency, Bold: true}}, 12)
	plain(b, "", "center", []Run{{Text: "———"}}, 12)
	if d.Number != "" {
		plain(b, "", "center", []Run{{Text: d.Number}}, BodyPt)
	}
	fmt.Fprintf(b, `</w:tc><w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr>`, right)
	plain(b, "", "center", []Run{{Text: d.Motto, Bold: true}}, 12)
	plain(b, "", "center", []Run{{Text: d.Motto2, Bold: true}}, BodyPt)
	plain(b, "", "center", []Run{{Text: "———————————"}}, 12)
	plain(b, "", "center", []Run{{Text: d.PlaceDate, Italic: true}}, BodyPt)
	b.WriteString(`</w:tc></w:tr></w:tbl>`)
	b.WriteString(`<w:p><w:pPr><w:spacing w:before="240" w:after="0"/><w:ind w:firstLine="0"/><w:jc w:val="center"/></w:pPr>`)
	runs(b, []Run{{Text: d.Kind, Bold: true}}, TitlePt)
	b.WriteString(`</w:p>`)
	plain(b, "", "center", []Run{{Text: d.Title, Bold: true}}, TitlePt)
	if d.Subtitle != "" {
		plain(b, "", "center", []Run{{Text: d.Subtitle, Italic: true}}, BodyPt)
	}
	plain(b, "", "center", []Run{{Text: "———"}}, 12)
}

func docxTable(b *strings.Builder, t *Table) {
	total := twips(TextW)
	cols := make([]int, len(t.Header))
	for i := range cols {
		share := 1 / float64(len(cols))
		if i < len(t.Widths) {
			share = t.Widths[i]
		}
		cols[i] = int(float64(total) * share)
	}
	fmt.Fprintf(b, `<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="%d" w:type="dxa"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>`, total)
	for _, c := range cols {
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, c)
	}
	b.WriteString(`</w:tblGrid>`)
	b.WriteString(`<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>`)
	for i, h := range t.Header {
		fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>`, cols[i])
		plain(b, "TableText", "center", []Run{{Text: h, Bold: true}}, TablePt)
		b.WriteString(`</w:tc>`)
	}
	b.WriteString(`</w:tr>`)
	for _, r := range t.Rows {
		b.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
		if r.Group != "" {
			fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/><w:gridSpan w:val="%d"/></w:tcPr>`, total, len(cols))
			plain(b, "TableText", "left", []Run{{Text: r.Group, Bold: true}}, TablePt)
			b.WriteString(`</w:tc></w:tr>`)
			continue
		}
		for i := range cols {
			text := ""
			if i < len(r.Cells) {
				text = r.Cells[i]
			}
			align := "left"
			if i < len(t.Right) && t.Right[i] {
				align = "right"
			}
			fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr>`, cols[i])
			plain(b, "TableText", align, []Run{{Text: text, Bold: r.Bold}}, TablePt)
			b.WriteString(`</w:tc>`)
		}
		b.WriteString(`</w:tr>`)
	}
	b.WriteString(`</w:tbl><w:p><w:pPr><w:spacing w:after="0"/></w:pPr></w:p>`)
}

func docxPicture(b *strings.Builder, p *Picture, n int) {
	wmm, hmm := pictureSize(p)
	cx, cy := emu(wmm), emu(hmm)
	b.WriteString(`<w:p><w:pPr><w:keepNext/><w:spacing w:before="120" w:after="60"/><w:ind w:firstLine="0"/><w:jc w:val="center"/></w:pPr><w:r><w:drawing>`)
	fmt.Fprintf(b, `<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="%d" cy="%d"/><wp:docPr id="%d" name="Hình %d" descr="%s"/>`+
		`<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>`+
		`<pic:nvPicPr><pic:cNvPr id="%d" name="image%d.png"/><pic:cNvPicPr/></pic:nvPicPr>`+
		`<pic:blipFill><a:blip r:embed="rIdImg%d"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>`+
		`<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="%d" cy="%d"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>`+
		`</pic:pic></a:graphicData></a:graphic></wp:inline>`, cx, cy, n, n, esc(p.Caption), n, n, n, cx, cy)
	b.WriteString(`</w:drawing></w:r></w:p>`)
	if p.Caption != "" {
		plain(b, "Caption", "center", []Run{{Text: p.Caption, Bold: true}}, 0)
	}
	if p.Source != "" {
		b.WriteString(`<w:p><w:pPr><w:pStyle w:val="Source"/></w:pPr>`)
		runs(b, []Run{{Text: p.Source, Italic: true}}, 0)
		b.WriteString(`</w:p>`)
	}
}
