package server_test

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"chitieu/internal/browsertest"
	"chitieu/internal/testutil"
)

// svgTexts reads the texts of an SVG, failing on anything not well-formed XML.
func svgTexts(t *testing.T, svg string) []string {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	var texts []string
	inText := false
	for {
		tok, err := d.Token()
		if err != nil {
			if err.Error() == "EOF" {
				return texts
			}
			t.Fatalf("not XML: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			inText = e.Name.Local == "text" || e.Name.Local == "tspan"
		case xml.CharData:
			if inText {
				texts = append(texts, string(e))
			}
		case xml.EndElement:
			inText = false
		}
	}
}

func TestCompareChart(t *testing.T) {
	base := startServer(t, testutil.SampleStore(t))
	chart := base + "/api/charts/compare?"

	t.Run("svg in Vietnamese", func(t *testing.T) {
		code, h, body := get(t, chart+"indicator=KHACH_QUOC_TE&unit=SDL&kind=bar")
		if code != 200 || h.Get("Content-Type") != "image/svg+xml" {
			t.Fatalf("%d %s %.300s", code, h.Get("Content-Type"), body)
		}
		texts := strings.Join(svgTexts(t, body), "|")
		for _, w := range []string{"2017", "2018", "Sở Du lịch", "Khách du lịch quốc tế 2017–2018", "100.000", "600.000", "Nguồn: chitieu, dữ liệu phiên bản 3"} {
			if !strings.Contains(texts, w) {
				t.Errorf("the SVG lacks %q: %s", w, texts)
			}
		}
	})

	t.Run("svg in English, actual against plan", func(t *testing.T) {
		_, _, body := get(t, chart+"indicator=KHACH_QUOC_TE&kind=actualplan&lang=en")
		texts := strings.Join(svgTexts(t, body), "|")
		for _, w := range []string{"Actual", "Plan", "% of plan", "600,000", "150%"} {
			if !strings.Contains(texts, w) {
				t.Errorf("the SVG lacks %q: %s", w, texts)
			}
		}
	})

	t.Run("standalone html refers to nothing outside", func(t *testing.T) {
		code, h, body := get(t, chart+"indicator=KHACH_DU_LICH&format=html")
		if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
			t.Fatalf("%d", code)
		}
		if m := externalRef.FindString(body); m != "" {
			t.Errorf("the HTML refers outside: %q", m)
		}
		if !strings.Contains(body, "echarts") || !strings.Contains(body, "data:font/woff2;base64,") {
			t.Error("ECharts or the font is not inlined")
		}
	})

	t.Run("codes repeated, as a form sends them", func(t *testing.T) {
		code, _, body := get(t, chart+"indicator=KHACH_QUOC_TE&indicator=KHACH_DU_LICH&format=csv")
		if code != 200 || !strings.Contains(body, "KHACH_DU_LICH") || !strings.Contains(body, "KHACH_QUOC_TE") {
			t.Errorf("%d %s", code, body)
		}
	})

	t.Run("json is the option", func(t *testing.T) {
		_, _, body := get(t, chart+"indicator=KHACH_DU_LICH&format=json&kind=growth")
		var opt struct {
			CT     struct{ Lang string } `json:"ct"`
			Series []struct{ Type string }
		}
		if err := json.Unmarshal([]byte(body), &opt); err != nil || opt.CT.Lang != "vi" || len(opt.Series) != 1 || opt.Series[0].Type != "bar" {
			t.Errorf("%v %+v", err, opt)
		}
	})

	t.Run("csv is the data, plain for programs", func(t *testing.T) {
		_, h, body := get(t, chart+"indicator=KHACH_QUOC_TE&format=csv&download=1&csv=plain")
		if !strings.Contains(h.Get("Content-Disposition"), "khach_quoc_te-line.csv") || strings.HasPrefix(body, "\ufeff") ||
			!strings.Contains(body, "2018,SDL,Sở Du lịch,KHACH_QUOC_TE,Khách du lịch quốc tế,lượt,580000,430000,,134.88372093023256") {
			t.Errorf("%s\n%s", h.Get("Content-Disposition"), body)
		}
	})

	t.Run("csv for people opens right in Excel", func(t *testing.T) {
		for _, tc := range []struct{ query, head, row string }{
			{"", "\ufeffNăm,Mã đơn vị,Đơn vị,Mã chỉ tiêu,Chỉ tiêu,ĐVT,Thực hiện,Kế hoạch,Đăng ký,% KH,So cùng kỳ,Trạng thái\n",
				"2018,SDL,Sở Du lịch,KHACH_QUOC_TE,Khách du lịch quốc tế,lượt,580000,430000,,134.883720930233,"},
			{"&lang=en", "\ufeffYear,Unit code,", "134.883720930233,"},
		} {
			_, _, body := get(t, chart+"indicator=KHACH_QUOC_TE&format=csv"+tc.query)
			if !strings.HasPrefix(body, tc.head) || !strings.Contains(body, tc.row) {
				t.Errorf("%q:\n%s", tc.query, body)
			}
		}
	})

	t.Run("png drawn in the process", func(t *testing.T) {
		code, h, body := get(t, chart+"indicator=KHACH_QUOC_TE&format=png&width=640&height=360")
		if code != 200 || h.Get("Content-Type") != "image/png" || !strings.HasPrefix(body, "\x89PNG") {
			t.Fatalf("%d %s %.200s", code, h.Get("Content-Type"), body)
		}
		os.WriteFile(filepath.Join(browsertest.OutDir(t, "charts"), "khach-quoc-te.png"), []byte(body), 0o644)
	})

	for _, tc := range []struct {
		name, query string
		code        int
		says        string
	}{
		{"unknown indicator", "indicator=NOPE", 404, `không có chỉ tiêu \"NOPE\"`},
		{"unknown unit", "indicator=KHACH_QUOC_TE&unit=XYZ", 404, `không có đơn vị \"XYZ\"`},
		{"no data for the choice", "indicator=KHACH_QUOC_TE&from=2000&to=2005", 404, "Không có số liệu cho KHACH_QUOC_TE trong các năm 2000–2005"},
		{"no data, in English", "indicator=KHACH_QUOC_TE&unit=SDL&from=2000&to=2005&lang=en", 404, "No data for KHACH_QUOC_TE for SDL in 2000–2005"},
		{"no indicator", "unit=SDL", 400, "hãy nêu ít nhất một chỉ tiêu"},
		{"absurd size", "indicator=KHACH_QUOC_TE&width=100000", 400, "từ 200 đến 4000"},
		{"absurd range", "indicator=KHACH_QUOC_TE&from=1900&to=2100", 400, "tối đa 60 năm"},
		{"unknown kind", "indicator=KHACH_QUOC_TE&kind=pie", 400, "kind phải là một trong"},
		{"unknown format", "indicator=KHACH_QUOC_TE&format=gif", 400, "format phải là"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, body := get(t, chart+tc.query)
			if code != tc.code || !strings.Contains(body, tc.says) {
				t.Errorf("%d %s", code, body)
			}
		})
	}

	t.Run("concurrent renders", func(t *testing.T) {
		var wg sync.WaitGroup
		errs := make(chan string, 12)
		for i := 0; i < 12; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				// Different sizes: no two requests share a cached answer.
				code, _, body := get(t, fmt.Sprintf("%sindicator=KHACH_DU_LICH,KHACH_QUOC_TE&kind=index&width=%d", chart, 600+i))
				if code != 200 || !strings.Contains(body, fmt.Sprintf(`width="%d"`, 600+i)) {
					errs <- fmt.Sprintf("%d: %d %.100s", i, code, body)
				}
			}(i)
		}
		wg.Wait()
		close(errs)
		for e := range errs {
			t.Error(e)
		}
	})
}

// The standalone HTML opens from a file, offline, and draws its chart.
func TestStandaloneHTMLInBrowser(t *testing.T) {
	base := startServer(t, testutil.SampleStore(t))
	_, _, body := get(t, base+"/api/charts/compare?"+url.Values{"indicator": {"KHACH_QUOC_TE"}, "format": {"html"}, "kind": {"actualplan"}}.Encode())
	file := filepath.Join(t.TempDir(), "chart.html")
	os.WriteFile(file, []byte(body), 0o644)
	b := browsertest.New(t)
	b.Do(t)
	b.Visit(t, "file://"+file)
	if drawn := browsertest.Eval[bool](t, b, `document.getElementById('chart').getAttribute('data-drawn') === 'true' && document.querySelector('#chart svg') !== null`); !drawn {
		t.Error("the chart is not drawn")
	}
	for _, r := range b.Requests() {
		if !strings.HasPrefix(r, "file://") && !strings.HasPrefix(r, "data:") {
			t.Errorf("the file asked for %s", r)
		}
	}
	if errs := b.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
	// The attainment axis counts in Vietnamese per cents, drawn by the browser.
	svgText := browsertest.Eval[string](t, b, `document.querySelector('#chart svg').textContent`)
	if !strings.Contains(svgText, "600.000") || !strings.Contains(svgText, "%") {
		t.Errorf("the drawn chart lacks Vietnamese numbers: %s", svgText)
	}
	b.Screenshot(t, "standalone-html")
}
