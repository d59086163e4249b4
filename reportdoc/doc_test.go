package reportdoc

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"strings"
	"testing"
)

func sampleDoc() *Doc {
	return &Doc{Lang: "vi", Agency: "SỞ Y TẾ", Number: "Số: …/BC", Motto: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		Motto2: "Độc lập - Tự do - Hạnh phúc", PlaceDate: "……, ngày 07 tháng 12 năm 2026", Kind: "BÁO CÁO",
		Title: "Kết quả thực hiện chỉ tiêu năm 2018",
		Blocks: []Block{
			P(Heading1, "I. KẾT QUẢ CHUNG"),
			P(Bullet, "Lượt khám bệnh — Sở Y tế: 5.119.291 lượt, đạt 113,76% kế hoạch <&>"),
			&Table{Header: []string{"STT", "Chỉ tiêu", "% so KH"}, Widths: []float64{0.1, 0.7, 0.2}, Right: []bool{true, false, true},
				Rows: []Row{{Group: "Sở Y tế"}, {Cells: []string{"1", "Lượt khám bệnh", "113,76% (1)"}}}},
		},
		Notes: []string{"(1) Sở Y tế, Lượt khám bệnh: kế hoạch suy ra."},
	}
}

// The DOCX is well-formed XML in every part, A4 with the decree's margins,
// the page number in the header from page 2, and the figures as text.
func TestWriteDOCX(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteDOCX(&buf, sampleDoc()); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range z.File {
		r, _ := f.Open()
		b, _ := io.ReadAll(r)
		r.Close()
		parts[f.Name] = string(b)
		if strings.HasSuffix(f.Name, ".xml") || strings.HasSuffix(f.Name, ".rels") {
			dec := xml.NewDecoder(bytes.NewReader(b))
			for {
				if _, err := dec.Token(); err == io.EOF {
					break
				} else if err != nil {
					t.Errorf("%s: %v", f.Name, err)
					break
				}
			}
		}
	}
	doc := parts["word/document.xml"]
	for _, w := range []string{`<w:pgSz w:w="11906" w:h="16838"/>`, `w:top="1134" w:right="850" w:bottom="1134" w:left="1701"`, `<w:titlePg/>`,
		"113,76% (1)", "&lt;&amp;&gt;", `<w:gridSpan w:val="3"/>`, `<w:tblHeader/>`, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"} {
		if !strings.Contains(doc, w) {
			t.Errorf("document.xml lacks %s", w)
		}
	}
	if !strings.Contains(parts["word/header1.xml"], " PAGE ") {
		t.Error("no page number")
	}
	if !strings.Contains(parts["word/styles.xml"], `w:ascii="Times New Roman"`) || !strings.Contains(parts["word/styles.xml"], `<w:sz w:val="26"/>`) {
		t.Error("not Times New Roman 13 pt")
	}
}

func TestWritePDFAndHTML(t *testing.T) {
	var f Fonts
	for _, x := range []struct {
		dst  *[]byte
		name string
	}{{&f.Regular, "Tinos_400Regular.ttf"}, {&f.Bold, "Tinos_700Bold.ttf"}, {&f.Italic, "Tinos_400Regular_Italic.ttf"}} {
		b, err := os.ReadFile("../dashboards/static/vendor/ttf/" + x.name)
		if err != nil {
			t.Fatalf("%v: run make assets", err)
		}
		*x.dst = b
	}
	var buf bytes.Buffer
	if err := WritePDF(&buf, sampleDoc(), f); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) || !bytes.Contains(buf.Bytes(), []byte("/FontFile2")) {
		t.Errorf("not a PDF with an embedded TrueType font")
	}
	if err := WritePDF(&buf, sampleDoc(), Fonts{}); err == nil {
		t.Error("a PDF without fonts")
	}
	buf.Reset()
	if err := WriteHTML(&buf, sampleDoc()); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"113,76% (1)", "&lt;&amp;&gt;", `<td class="g" colspan="3">Sở Y tế</td>`, "@page { size: A4; margin: 20mm 15mm 20mm 30mm; }"} {
		if !strings.Contains(buf.String(), w) {
			t.Errorf("HTML lacks %s", w)
		}
	}
}

// A long word is cut; words wrap at spaces within the width.
func TestWrap(t *testing.T) {
	var f Fonts
	f.Regular, _ = os.ReadFile("../dashboards/static/vendor/ttf/Tinos_400Regular.ttf")
	f.Bold, f.Italic = f.Regular, f.Regular
	if f.Regular == nil {
		t.Fatal("run make assets")
	}
	pw := &pdfWriter{}
	pw.pdf.Start(pdfConfig())
	pw.pdf.AddTTFFontData("Tinos", f.Regular)
	pw.font(false, false, 13)
	lines := pw.wrap("Sở Lao động, Thương binh và Xã hội: 38.527 lượt, đạt 110,08% kế hoạch", 40, 0)
	if len(lines) < 2 {
		t.Fatalf("%q", lines)
	}
	for _, l := range lines {
		if pw.width(l) > 40 {
			t.Errorf("%q is %.1f mm wide", l, pw.width(l))
		}
	}
	if got := strings.Join(lines, " "); got != "Sở Lao động, Thương binh và Xã hội: 38.527 lượt, đạt 110,08% kế hoạch" {
		t.Errorf("words lost: %q", got)
	}
	long := pw.wrap(strings.Repeat("x", 200), 40, 0)
	if len(long) < 3 || strings.Join(long, "") != strings.Repeat("x", 200) {
		t.Errorf("long word: %q", long)
	}
}
