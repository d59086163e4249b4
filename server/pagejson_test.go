package server_test

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"chitieu/internal/testutil"
)

// TestPagePartsJSON asks each main page for its parts (?format=json, what
// filters.js swaps in): the same words and figures as the HTML, the charts
// as their options apart from the markup, in the page's language.
func TestPagePartsJSON(t *testing.T) {
	base := startServer(t, testutil.SampleStore(t))
	for _, tc := range []struct {
		name, path, title string
		year              int
		texts             []string
		charts            []string
	}{
		{"overview", "/?year=2018", "Tổng quan", 2018, []string{"110,08%", "38.527", "Kết quả thực hiện chỉ tiêu năm 2018"}, []string{"opt-attainment", "opt-status"}},
		{"overview-2017", "/?year=2017&category=Du+l%E1%BB%8Bch", "Tổng quan", 2017, []string{"Kết quả thực hiện chỉ tiêu năm 2017", "Lĩnh vực: Du lịch"}, []string{"opt-status"}},
		{"overview-en", "/?year=2018&lang=en", "Overview", 2018, []string{"110.08%", "38,527"}, []string{"opt-attainment"}},
		{"ranking", "/ranking?year=2018", "Xếp hạng", 2018, []string{"Sở Khoa học và Công nghệ", "175,00%"}, nil},
		{"unit", "/units/SYT?year=2018", "Sở Y tế", 2018, []string{"5.119.291", "113,76%"}, nil},
		{"indicator", "/indicators/KHACH_QUOC_TE?year=2017", "Khách du lịch quốc tế", 2017, []string{"368.254", "Số liệu năm 2017"}, nil},
		{"figures", "/figures?year=2018&sort=attainment", "Bảng số liệu", 2018, []string{"110,08%"}, nil},
		{"compare", "/compare?indicator=KHACH_QUOC_TE", "So sánh", 0, []string{"Khách du lịch quốc tế"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, base+tc.path+"&format=json", nil)
			req.Header.Set("Accept-Encoding", "gzip") // set by hand: Go then leaves the body as sent
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") ||
				resp.Header.Get("Content-Encoding") != "gzip" {
				t.Fatalf("status %d, %s, encoding %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Encoding"))
			}
			zr, err := gzip.NewReader(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			raw, err := io.ReadAll(zr)
			if err != nil {
				t.Fatal(err)
			}
			var p struct {
				Title, Main string
				Year        int
				Other       string `json:"other_lang_url"`
				Charts      map[string]json.RawMessage
			}
			if err := json.Unmarshal(raw, &p); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(p.Title, tc.title) || p.Year != tc.year || !strings.Contains(p.Other, "lang=") {
				t.Errorf("title %q, year %d, other language %q", p.Title, p.Year, p.Other)
			}
			for _, w := range tc.texts {
				if !strings.Contains(text(p.Main), w) {
					t.Errorf("parts lack %q", w)
				}
			}
			if strings.Contains(p.Main, `id="opt-`) || strings.Contains(p.Main, "<header") || strings.Contains(p.Main, "<main") {
				t.Errorf("the markup carries what travels apart: %.300s", p.Main)
			}
			for _, id := range tc.charts {
				var opt map[string]any
				if err := json.Unmarshal(p.Charts[id], &opt); err != nil || opt["series"] == nil {
					t.Errorf("chart %s: %v %.200s", id, err, p.Charts[id])
				}
				if !strings.Contains(p.Main, `data-chart="`+id+`"`) {
					t.Errorf("chart %s has no place in the markup", id)
				}
			}
		})
	}

	t.Run("a bad filter is refused as the page refuses it", func(t *testing.T) {
		code, _, _ := get(t, base+"/?year=abc&format=json")
		if code != http.StatusBadRequest {
			t.Errorf("status %d", code)
		}
	})
}
