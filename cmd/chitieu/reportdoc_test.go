package main

import (
	"archive/zip"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The sample's agencies, all of block 4 in 2018.
var sampleAgencies = []string{"Ban Dân tộc", "Sở Giáo dục và Đào tạo", "Sở Du lịch", "Sở Lao động, Thương binh và Xã hội",
	"Sở Khoa học và Công nghệ", "Sở Y tế", "Sở Văn hóa và Thể thao"}

// figures a person checks in the article: Sở Y tế's 113,76% of plan and
// Sở Lao động's 110,08%.
var sampleFigures = []string{"113,76%", "110,08%", "Sở Du lịch: 7.620.000 lượt, đạt 107,32% kế hoạch, tăng 25,3% so cùng kỳ",
	"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"}

func writeReport(t *testing.T, dir, format string, extra ...string) string {
	t.Helper()
	out := filepath.Join(dir, "bao-cao."+format)
	if _, err := os.Stat(filepath.Join(dir, "r.duckdb")); err != nil {
		if _, errOut, err := runCmd(t, "sample", "--db", filepath.Join(dir, "r.duckdb")); err != nil {
			t.Fatalf("chitieu sample: %v %s", err, errOut)
		}
	}
	args := append([]string{"report", "--db", filepath.Join(dir, "r.duckdb"), "--year", "2018", "--format", format, "--out", out}, extra...)
	start := time.Now()
	if stdout, errOut, err := runCmd(t, args...); err != nil {
		t.Fatalf("%v %s %s", err, stdout, errOut)
	}
	t.Logf("%s in %v", format, time.Since(start))
	return out
}

// docxPictures counts the pictures a DOCX holds and the drawings that show them.
func docxPictures(t *testing.T, path string) (media, drawings int) {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	for _, f := range z.File {
		if strings.HasPrefix(f.Name, "word/media/") {
			media++
		}
		if f.Name == "word/document.xml" {
			r, _ := f.Open()
			b := make([]byte, f.UncompressedSize64)
			n, _ := r.Read(b)
			for n < len(b) {
				m, err := r.Read(b[n:])
				n += m
				if err != nil {
					break
				}
			}
			r.Close()
			drawings = strings.Count(string(b), "<w:drawing>")
		}
	}
	return media, drawings
}

// LibreOffice opens the DOCX: its text holds the figures and every agency,
// and one picture per chart.
func TestReportDOCXInLibreOffice(t *testing.T) {
	dir := t.TempDir()
	docx := writeReport(t, dir, "docx")
	media, drawings := docxPictures(t, docx)
	if media < 2 || media != drawings {
		t.Errorf("%d pictures, %d drawings", media, drawings)
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice is not installed (apt-get install libreoffice-writer)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	conv := filepath.Join(dir, "conv")
	cmd := exec.CommandContext(ctx, soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "lo"),
		"--convert-to", "html", "--outdir", conv, docx)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v %s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(conv, "bao-cao.html"))
	if err != nil {
		t.Fatal(err)
	}
	html := string(b)
	text := regexp.MustCompile(`\s+`).ReplaceAllString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(html, " "), " ")
	text = strings.NewReplacer("&nbsp;", " ").Replace(text)
	for _, w := range append(sampleFigures, sampleAgencies...) {
		if !strings.Contains(text, w) {
			t.Errorf("LibreOffice's text lacks %q", w)
		}
	}
	if imgs := strings.Count(html, "<img "); imgs != media {
		t.Errorf("LibreOffice shows %d pictures, the document has %d charts", imgs, media)
	}
	if !strings.Contains(html, "<table") {
		t.Error("no table")
	}
}

// The PDF: A4 pages, every font embedded, the same figures in its text.
func TestReportPDF(t *testing.T) {
	dir := t.TempDir()
	pdf := writeReport(t, dir, "pdf")
	for _, tool := range []string{"pdfinfo", "pdffonts", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (apt-get install poppler-utils)", tool)
		}
	}
	info, err := exec.Command("pdfinfo", pdf).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v %s", err, info)
	}
	if !regexp.MustCompile(`Page size:\s+595(\.\d+)? x 842(\.\d+)? pts \(A4\)`).Match(info) {
		t.Errorf("not A4:\n%s", info)
	}
	fonts, err := exec.Command("pdffonts", pdf).CombinedOutput()
	if err != nil {
		t.Fatalf("pdffonts: %v %s", err, fonts)
	}
	lines := strings.Split(strings.TrimSpace(string(fonts)), "\n")
	if len(lines) < 3 {
		t.Fatalf("no fonts:\n%s", fonts)
	}
	for _, l := range lines[2:] {
		f := strings.Fields(l)
		// name type encoding emb sub uni object ID: emb is the 5th field from the end
		if len(f) < 7 || f[len(f)-5] != "yes" {
			t.Errorf("a font is not embedded: %s", l)
		}
		if !strings.Contains(l, "Tinos") {
			t.Errorf("not Tinos: %s", l)
		}
	}
	txt, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := regexp.MustCompile(`\s+`).ReplaceAllString(string(txt), " ")
	for _, w := range append(sampleFigures[:2], sampleAgencies...) {
		if !strings.Contains(text, w) {
			t.Errorf("the PDF's text lacks %q", w)
		}
	}
}

func TestReportHTMLAndUnit(t *testing.T) {
	dir := t.TempDir()
	b, err := os.ReadFile(writeReport(t, dir, "html"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, w := range append(sampleFigures, sampleAgencies...) {
		if !strings.Contains(page, w) {
			t.Errorf("the HTML lacks %q", w)
		}
	}
	if strings.Contains(page, "<script") {
		t.Error("the document has a script")
	}
	unit := filepath.Join(dir, "syt.docx")
	if _, errOut, err := runCmd(t, "report", "--db", filepath.Join(dir, "r.duckdb"), "--year", "2018", "--unit", "syt", "--out", unit); err != nil {
		t.Fatalf("%v %s", err, errOut)
	}
	if _, _, err := runCmd(t, "report", "--db", filepath.Join(dir, "r.duckdb"), "--year", "2018", "--unit", "NOPE", "--out", filepath.Join(dir, "x.docx")); err == nil {
		t.Error("an unknown unit gave a report")
	}
	if _, _, err := runCmd(t, "report", "--db", filepath.Join(dir, "r.duckdb"), "--year", "2018", "--format", "odt", "--out", filepath.Join(dir, "x.odt")); err == nil {
		t.Error("odt accepted")
	}
}
