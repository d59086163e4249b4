package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/data"
	"chitieu/ingest"
	"chitieu/internal/testutil"
)

// postFilesLang posts files to /api/ingest with an Accept-Language header.
func postFilesLang(t *testing.T, u, acceptLanguage string, files map[string][]byte) (int, ingest.Report, string) {
	t.Helper()
	body, ctype := multipartFiles(files)
	req, err := http.NewRequest(http.MethodPost, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", ctype)
	if acceptLanguage != "" {
		req.Header.Set("Accept-Language", acceptLanguage)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var raw json.RawMessage
	if err := json.NewDecoder(resp.Body).Decode(&raw); err != nil {
		t.Fatal(err)
	}
	var rep ingest.Report
	json.Unmarshal(raw, &rep)
	return resp.StatusCode, rep, string(raw)
}

// The "Done when" lines of issue 15 over HTTP.
func TestFiguresReadRightAPI(t *testing.T) {
	st := testutil.SampleStore(t)
	base := startServer(t, st)
	head := "năm,đơn vị,chỉ tiêu,thực hiện\n"
	rows := "2016,SYT,KHAM_BENH,0.649\n2017,SYT,KHAM_BENH,15.500\n"

	t.Run("0.649 and 15.500 under Vietnamese headers load as 0.649 and 15.5", func(t *testing.T) {
		code, rep, body := postFilesLang(t, base+"/api/ingest", "", map[string][]byte{"e.csv": []byte(head + rows)})
		if code != 200 || rep.Files[0].Locale != "en" || rep.Files[0].LocaleBy != "values" {
			t.Fatalf("%d %s", code, body)
		}
		if n := testutil.Count(t, st, `SELECT count(*) FROM observations WHERE unit_code = 'SYT' AND indicator_code = 'KHAM_BENH'
			AND ((year = 2016 AND actual = 0.649) OR (year = 2017 AND actual = 15.5))`); n != 2 {
			t.Errorf("%d of 0.649 and 15.5 stored", n)
		}
	})

	t.Run("one 1.234,5 refuses the file naming both rows, in the asked language", func(t *testing.T) {
		file := map[string][]byte{"both.csv": []byte(head + rows + "2015,SYT,KHAM_BENH,\"1.234,5\"\n")}
		for _, tc := range []struct{ query, accept, want string }{
			{"", "", `"0.649" ở dòng 2, cột "thực hiện" là kiểu Anh, còn "1.234,5" ở dòng 4`},
			{"?lang=en", "", `"0.649" in row 2, column "thực hiện" is English, and "1.234,5" in row 4`},
			{"", "en-GB,en;q=0.9", `"0.649" in row 2, column "thực hiện" is English, and "1.234,5" in row 4`},
			{"", "fr, vi;q=0.5, en;q=0.4", `"0.649" ở dòng 2`},
		} {
			code, rep, body := postFilesLang(t, base+"/api/ingest"+tc.query, tc.accept, file)
			if code != 422 || len(rep.Files[0].Problems) != 1 || rep.Files[0].Problems[0].Code != "ingest.locale_conflict" {
				t.Fatalf("%q %q: %d %s", tc.query, tc.accept, code, body)
			}
			if m := rep.Files[0].Problems[0].Message; !strings.Contains(m, tc.want) {
				t.Errorf("%q %q: %q lacks %q", tc.query, tc.accept, m, tc.want)
			}
		}
	})

	t.Run("a ×1000 jump is a scale_jump warning; ?strict=true refuses", func(t *testing.T) {
		jump := map[string][]byte{"jump.csv": []byte("year,unit,indicator,actual\n2019,SLDTBXH,VIEC_LAM,38.527\n")}
		code, rep, body := postFilesLang(t, base+"/api/ingest?dry_run=true&locale=en", "", jump)
		if code != 200 || len(rep.Files[0].Warnings) != 1 {
			t.Fatalf("%d %s", code, body)
		}
		w := rep.Files[0].Warnings[0]
		if w.Code != "scale_jump" || w.Row != 2 || w.Column != "actual" || w.Args["prev"] != "38527" || w.Args["prev_year"] != "2018" {
			t.Errorf("warning %+v", w)
		}
		code, rep, body = postFilesLang(t, base+"/api/ingest?strict=true&locale=en", "", jump)
		if code != 422 || len(rep.Files[0].Problems) != 1 || rep.Files[0].Problems[0].Code != "scale_jump" {
			t.Fatalf("strict: %d %s", code, body)
		}
		if n := testutil.Count(t, st, "SELECT count(*) FROM observations WHERE year = 2019 AND unit_code = 'SLDTBXH'"); n != 0 {
			t.Errorf("strict wrote %d rows", n)
		}
	})

	t.Run("a catalog with Hong Kong, China loads and its pages answer", func(t *testing.T) {
		units := "code,name_vi,block\n\"Hong Kong, China\",Hồng Kông,Châu Á\nSỞ/YT,Sở Y tế (có gạch chéo),Khối 1\n"
		obs := "year,unit,indicator,actual\n2018,\"Hong Kong, China\",KHAM_BENH,7\n2018,SỞ/YT,KHAM_BENH,8\n"
		code, _, body := postFilesLang(t, base+"/api/ingest", "", map[string][]byte{"units.csv": []byte(units), "obs.csv": []byte(obs)})
		if code != 200 {
			t.Fatalf("%d %s", code, body)
		}
		for _, c := range []string{"Hong Kong, China", "SỞ/YT"} {
			code, _, page := get(t, base+"/units/"+url.PathEscape(c)+"?year=2018")
			if code != 200 || !strings.Contains(page, "Hồng Kông") && !strings.Contains(page, "gạch chéo") {
				t.Errorf("%s: %d", c, code)
			}
			var out struct{ Rows []struct{ Actual *float64 } }
			getJSON(t, base+"/api/performance?year=2018&unit="+url.QueryEscape(c), 200, &out)
			if len(out.Rows) != 1 {
				t.Errorf("%s: %d rows", c, len(out.Rows))
			}
		}
	})

	t.Run("API errors are Vietnamese by default, with a stable code", func(t *testing.T) {
		code, _, body := get(t, base+"/api/loads?limit=0")
		if code != 400 || !strings.Contains(body, "limit phải nằm trong khoảng từ 1 đến 10000") || !strings.Contains(body, `"code":"params.sql_limit"`) {
			t.Errorf("%d %s", code, body)
		}
		for _, tc := range []struct{ query, want, code string }{
			{"/api/growth?indicator=KHACH_QUOC_TE&from=20x", `from phải là một năm từ 1900 đến 2100, không phải \"20x\"`, "params.year"},
			{"/api/growth?indicator=KHACH_QUOC_TE&from=20x&lang=en", `from must be a year between 1900 and 2100, not \"20x\"`, "params.year"},
			{"/api/figures?year=2024&limit=0", `limit phải là một số từ 1 đến`, "params.limit"},
			{"/api/figures?year=2024&sort=size&lang=en", `sort must be one of year, unit`, "params.sort"},
			{"/api/figures?year=2024&page=-1", `page phải là một số từ 1 trở lên, không phải \"-1\"`, "params.page"},
			{"/api/growth?indicator=NOPE", `không có chỉ tiêu \"NOPE\"`, "analytics.unknown_indicator"},
			{"/api/growth?indicator=NOPE&lang=en", `unknown indicator \"NOPE\"`, "analytics.unknown_indicator"},
		} {
			_, _, body := get(t, base+tc.query)
			if !strings.Contains(body, tc.want) || !strings.Contains(body, `"code":"`+tc.code+`"`) {
				t.Errorf("%s: %s", tc.query, body)
			}
		}
		for _, tc := range []struct{ accept, want string }{
			{"", `không có tệp nào trong trường "file"`},
			{"en", `no file in the field "file"`},
		} {
			code, _, body := postFilesLang(t, base+"/api/ingest", tc.accept, map[string][]byte{})
			var e struct{ Error, Code string }
			json.Unmarshal([]byte(body), &e)
			if code != 400 || !strings.Contains(e.Error, tc.want) || e.Code == "" {
				t.Errorf("%q: %d %s", tc.accept, code, body)
			}
		}
	})
}

// A new store without the sample answers, and its pages say how to load files.
func TestEmptyStorePages(t *testing.T) {
	st := testutil.Store(t, filepath.Join(t.TempDir(), "empty.duckdb"), data.Options{})
	base := startServer(t, st)
	for _, tc := range []struct{ path, want string }{
		{"/", "chitieu ingest"},
		{"/?lang=en", "chitieu sample"},
	} {
		code, _, page := get(t, base+tc.path)
		if code != 200 || !strings.Contains(page, tc.want) {
			t.Errorf("%s: %d, lacks %q", tc.path, code, tc.want)
		}
	}
}

// /api/performance?format=csv is for people unless ?csv=plain.
func TestPerformanceCSV(t *testing.T) {
	base := startServer(t, testutil.SampleStore(t))
	for _, tc := range []struct{ query, prefix, has string }{
		{"", "\ufeffNăm,Mã đơn vị,", ",110.077142857143,,Vượt kế hoạch"},
		{"&lang=en", "\ufeffYear,Unit code,", "Exceeded"},
		{"&csv=plain", "year,unit_code,unit,", ",110.07714285714285,,exceeded"},
	} {
		code, h, body := get(t, base+"/api/performance?year=2018&indicator=VIEC_LAM&format=csv"+tc.query)
		if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") || !strings.HasPrefix(body, tc.prefix) || !strings.Contains(body, tc.has) {
			t.Errorf("%q: %d %s\n%s", tc.query, code, h.Get("Content-Type"), body)
		}
		if strings.Contains(body, "0000000000") {
			t.Errorf("%q: a 17-digit float: %s", tc.query, body)
		}
	}
}

// attainment_reason is in the asked language; its code stays.
func TestAttainmentReasonLang(t *testing.T) {
	base := startServer(t, testutil.SampleStore(t))
	for _, tc := range []struct{ query, want string }{
		{"", "chưa có kế hoạch"},
		{"&lang=en", "no plan"},
	} {
		var out struct {
			Rows []struct {
				Reason *string `json:"attainment_reason"`
				Code   *string `json:"attainment_reason_code"`
			}
		}
		getJSON(t, base+"/api/performance?year=2018&indicator=DAO_TAO_NGHE"+tc.query, 200, &out)
		if len(out.Rows) == 0 || out.Rows[0].Reason == nil || *out.Rows[0].Reason != tc.want || out.Rows[0].Code == nil || *out.Rows[0].Code != "no_plan" {
			t.Errorf("%q: %+v", tc.query, out.Rows)
		}
	}
}

// Pages are Vietnamese unless ?lang=en, or a browser that puts English
// first and does not list Vietnamese at all.
func TestPagesFollowAnEnglishOnlyBrowser(t *testing.T) {
	base := startServer(t, testutil.Store(t, filepath.Join(t.TempDir(), "empty.duckdb"), data.Options{}))
	for _, tc := range []struct{ query, accept, want string }{
		{"/", "", `<html lang="vi">`},
		{"/", "en-US,en;q=0.9", `<html lang="en">`},
		{"/", "en-US,en;q=0.9,vi;q=0.8", `<html lang="vi">`},
		{"/?lang=vi", "en-US,en;q=0.9", `<html lang="vi">`},
		{"/?lang=en", "vi", `<html lang="en">`},
	} {
		req, _ := http.NewRequest(http.MethodGet, base+tc.query, nil)
		if tc.accept != "" {
			req.Header.Set("Accept-Language", tc.accept)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(b), tc.want) || !strings.Contains(strings.Join(resp.Header.Values("Vary"), ","), "Accept-Language") {
			t.Errorf("%s with %q: want %s, got %d %.300s", tc.query, tc.accept, tc.want, resp.StatusCode, b)
		}
	}
}
