package main

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestChartCLI(t *testing.T) {
	dir := t.TempDir()
	db := sampleDB(t, "c.duckdb")
	svg := filepath.Join(dir, "khach.svg")
	if _, errOut, err := runCmd(t, "chart", "--db", db, "--indicator", "KHACH_QUOC_TE,KHACH_DU_LICH", "--kind", "index", "-o", svg); err != nil {
		t.Fatalf("%v %s", err, errOut)
	}
	b, _ := os.ReadFile(svg)
	if err := xml.Unmarshal(b, new(struct{})); err != nil || !strings.Contains(string(b), ">Sở Du lịch") && !strings.Contains(string(b), "Khách du lịch quốc tế") {
		t.Fatalf("%v %.300s", err, b)
	}
	for _, ext := range []string{"html", "json", "csv"} {
		out := filepath.Join(dir, "k."+ext)
		if _, _, err := runCmd(t, "chart", "--db", db, "--indicator", "KHAM_BENH", "-o", out); err != nil {
			t.Errorf("%s: %v", ext, err)
		}
	}
	_, _, err := runCmd(t, "chart", "--db", db, "--indicator", "NOPE", "-o", filepath.Join(dir, "x.svg"))
	if err == nil || !strings.Contains(err.Error(), `không có chỉ tiêu "NOPE"`) {
		t.Errorf("unknown indicator: %v", err)
	}
	_, _, err = runCmd(t, "chart", "--db", db, "--indicator", "KHAM_BENH", "--from", "2001", "--to", "2003", "-o", filepath.Join(dir, "x.svg"))
	if err == nil || !strings.Contains(err.Error(), "Không có số liệu cho KHAM_BENH trong các năm 2001–2003") {
		t.Errorf("no data: %v", err)
	}
	_, _, err = runCmd(t, "chart", "--db", db, "--lang", "en", "--indicator", "KHAM_BENH", "--to", "2003", "-o", filepath.Join(dir, "x.svg"))
	if err == nil || !strings.Contains(err.Error(), "No data for KHAM_BENH until 2003") {
		t.Errorf("no data, in English: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "x.svg")); err == nil {
		t.Error("a refused chart left a file")
	}
}

func TestReportCLI(t *testing.T) {
	dir := t.TempDir()
	db := sampleDB(t, "r.duckdb")
	out := filepath.Join(dir, "pack")
	start := time.Now()
	if stdout, errOut, err := runCmd(t, "report", "--db", db, "--year", "2018", "--out", out); err != nil {
		t.Fatalf("%v %s %s", err, stdout, errOut)
	}
	t.Logf("report pack in %v", time.Since(start))
	b, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, w := range []string{"Tổng kết thực hiện chỉ tiêu năm 2018", "Sở Y tế: 5.119.291 lượt, đạt 113,76% kế hoạch",
		"Sở Du lịch: 7.620.000 lượt, đạt 107,32% kế hoạch, tăng 25,3% so cùng kỳ", "đạt 101,55% kế hoạch",
		"đạt 103,19% chỉ tiêu đăng ký", "Sở Khoa học và Công nghệ"} {
		if !strings.Contains(page, w) {
			t.Errorf("index.html lacks %q", w)
		}
	}
	imgs := regexp.MustCompile(`src="([^"]+)"`).FindAllStringSubmatch(page, -1)
	if len(imgs) < 17 {
		t.Errorf("%d charts in the pack", len(imgs))
	}
	for _, m := range imgs {
		if strings.Contains(m[1], "//") {
			t.Errorf("external reference %s", m[1])
		}
		if _, err := os.Stat(filepath.Join(out, m[1])); err != nil {
			t.Errorf("missing %s", m[1])
		}
	}
}
