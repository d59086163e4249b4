package main

import (
	"archive/zip"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// genScale is shared/tools/gen-scale.py beside the repository, or "".
func genScale() string {
	for _, p := range []string{os.Getenv("CHITIEU_GEN_SCALE"), "../../../shared/tools/gen-scale.py", "/work/shared/tools/gen-scale.py"} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// At province size (40 agencies, 300 indicators) one block's DOCX stays
// readable: the best and weakest ten in sentences, at most six indicator
// charts and the block's ranking chart, the tables in full. Its time is
// logged against the sample's DOCX in the same run.
func TestReportDOCXProvince(t *testing.T) {
	gen := genScale()
	py, err := exec.LookPath("python3")
	if gen == "" || err != nil {
		t.Skip("needs python3 and shared/tools/gen-scale.py")
	}
	dir := t.TempDir()
	if out, err := exec.Command(py, gen, "province", dir).CombinedOutput(); err != nil {
		t.Fatalf("gen-scale: %v %s", err, out)
	}
	db := filepath.Join(dir, "p.duckdb")
	if _, errOut, err := runCmd(t, "ingest", "--db", db, filepath.Join(dir, "units.csv"), filepath.Join(dir, "indicators.csv"),
		filepath.Join(dir, "observations.csv")); err != nil {
		t.Fatalf("%v %s", err, errOut)
	}
	sample := t.TempDir()
	start := time.Now()
	writeReport(t, sample, "docx")
	small := time.Since(start)

	out := filepath.Join(dir, "block.docx")
	start = time.Now()
	if _, errOut, err := runCmd(t, "report", "--db", db, "--year", "2024", "--block", "Khối các huyện, thành phố", "--out", out); err != nil {
		t.Fatalf("%v %s", err, errOut)
	}
	big := time.Since(start)
	t.Logf("province block DOCX in %v, the sample's in %v (ratio %.2f)", big, small, big.Seconds()/small.Seconds())

	media, drawings := docxPictures(t, out)
	if media != drawings || media < 2 || media > 7 {
		t.Errorf("%d pictures (%d drawings): want the ranking chart and at most six more", media, drawings)
	}
	z, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	var doc string
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			r, _ := f.Open()
			b, _ := io.ReadAll(r)
			r.Close()
			doc = string(b)
		}
	}
	for _, w := range []string{"Cao nhất so với kế hoạch", "Thấp nhất so với kế hoạch", "Thành phố Rạch Giá", "Thành phố Hà Tiên", "KHỐI CÁC HUYỆN, THÀNH PHỐ"} {
		if !strings.Contains(doc, w) {
			t.Errorf("the document lacks %q", w)
		}
	}
	if n := strings.Count(doc, "— "); n > 20+10 {
		t.Errorf("%d sentence lines: not top and bottom ten", n)
	}
}
