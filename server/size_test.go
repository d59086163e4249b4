package server_test

import (
	"compress/gzip"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chitieu/analytics"
	"chitieu/dashboards"
	"chitieu/data"
	"chitieu/ingest"
	"chitieu/internal/testutil"
)

// provinceStore makes a province's figures at test time, the shape of
// gen-scale.py's: 40 agencies and districts in 5 blocks, 300 indicators with
// long Vietnamese names, 2013-2024, plans for about 70% of the series. The
// districts report 150 indicators each, the agencies 8 to 25.
func provinceStore(tb testing.TB) *data.Store {
	tb.Helper()
	dir := tb.TempDir()
	rng := rand.New(rand.NewPCG(2024, 16))
	stems := []struct{ name, measure, dir, kind, cat string }{
		{"Giải quyết việc làm mới", "lượt", "higher", "count", "Lao động - việc làm"},
		{"Tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ", "%", "higher", "rate", "Lao động - việc làm"},
		{"Tỷ lệ hộ nghèo theo chuẩn đa chiều", "%", "lower", "rate", "Giảm nghèo - an sinh"},
		{"Lượt khám chữa bệnh", "lượt", "higher", "count", "Y tế"},
		{"Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi", "%", "lower", "rate", "Y tế"},
		{"Tổng lượt khách du lịch", "lượt", "higher", "count", "Du lịch"},
		{"Doanh thu du lịch", "tỷ đồng", "higher", "amount", "Du lịch"},
		{"Thu ngân sách nhà nước trên địa bàn", "tỷ đồng", "higher", "amount", "Kinh tế"},
		{"Số vụ tai nạn giao thông", "vụ", "lower", "count", "Nội chính"},
		{"Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn", "%", "higher", "rate", "Cải cách hành chính"},
	}
	quals := []string{"", " - khu vực thành thị", " - khu vực nông thôn", " - nữ", " - đồng bào dân tộc thiểu số",
		" - vùng ven biển", " - thanh niên", " (lũy kế 5 năm)", " - hộ gia đình", " - doanh nghiệp nhỏ và vừa"}
	var ind strings.Builder
	ind.WriteString("code,name_vi,name_en,measure,measure_en,direction,kind,category\n")
	type indicator struct{ code, kind string }
	var inds []indicator
	for i := 0; i < 300; i++ {
		s := stems[i%len(stems)]
		code := fmt.Sprintf("CT%03d", i+1)
		name := fmt.Sprintf("%s%s (%d)", s.name, quals[(i/len(stems))%len(quals)], i/100+1)
		fmt.Fprintf(&ind, "%s,\"%s\",Indicator %d,%s,%s,%s,%s,%s\n", code, name, i+1, s.measure, s.measure, s.dir, s.kind, s.cat)
		inds = append(inds, indicator{code, s.kind})
	}
	blocks := []struct {
		name  string
		units int
	}{{"Khối các huyện, thành phố", 15}, {"Khối kinh tế - tổng hợp", 8}, {"Khối văn hóa - xã hội", 7}, {"Khối nội chính", 5}, {"Khối đảng, đoàn thể", 5}}
	var units, obs strings.Builder
	units.WriteString("code,name_vi,name_en,block\n")
	obs.WriteString("year,unit,indicator,actual,plan\n")
	n := 0
	for bi, b := range blocks {
		for u := 0; u < b.units; u++ {
			code := fmt.Sprintf("DV%d%02d", bi+1, u+1)
			fmt.Fprintf(&units, "%s,\"Đơn vị số %d của %s\",Unit %s,\"%s\"\n", code, u+1, strings.ToLower(b.name), code, b.name)
			k := 150
			if bi > 0 {
				k = 8 + rng.IntN(18)
			}
			for _, i := range rng.Perm(len(inds))[:k] {
				base := 50 + rng.Float64()*5000
				planned := rng.Float64() < 0.72
				for y := 2013; y <= 2024; y++ {
					v := base * (1 + 0.05*float64(y-2013)) * (0.9 + 0.2*rng.Float64())
					if inds[i].kind == "rate" {
						v = 5 + 90*rng.Float64()
					}
					plan := ""
					if planned {
						plan = fmt.Sprintf("%.2f", v*(0.85+0.3*rng.Float64()))
					}
					fmt.Fprintf(&obs, "%d,%s,%s,%.2f,%s\n", y, code, inds[i].code, v, plan)
					n++
				}
			}
		}
	}
	for name, b := range map[string]string{"units.csv": units.String(), "indicators.csv": ind.String(), "observations.csv": obs.String()} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(b), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	st := testutil.Store(tb, filepath.Join(tb.TempDir(), "province.duckdb"), data.Options{})
	rep, err := testutil.Ingester(st).LoadUploads(context.Background(), tb.TempDir(),
		ingest.FSUploads(os.DirFS(dir), "units.csv", "indicators.csv", "observations.csv"), ingest.Options{User: "test", Locale: "en"})
	if err != nil || !rep.OK {
		tb.Fatalf("load the province: %v\n%v", err, rep.Summary())
	}
	if got := testutil.Count(tb, st, "SELECT count(*) FROM observations"); got != int64(n) {
		tb.Fatalf("%d observations loaded, want %d", got, n)
	}
	return st
}

// The performance API pages: the first page keeps the old shape with a
// total, limit and offset; Link names the next page; pages do not overlap
// and together make the whole; the answer is gzipped for a client that asks.
func TestPerformancePages(t *testing.T) {
	base := startServer(t, provinceStore(t))
	var all struct {
		Total, Limit, Offset int
		Rows                 []analytics.Row
	}
	getJSON(t, base+"/api/performance?year=2024&limit=100000", 400, nil)
	getJSON(t, base+"/api/performance?year=2024&offset=-1", 400, nil)
	getJSON(t, base+"/api/performance?year=2024&limit=50000", 200, &all)
	if all.Total < 2000 || len(all.Rows) != all.Total || all.Offset != 0 {
		t.Fatalf("the year has %d rows in all and %d in the answer", all.Total, len(all.Rows))
	}
	var first struct {
		Total, Limit int
		Rows         []analytics.Row
	}
	code, h, _ := get(t, base+"/api/performance?year=2024")
	getJSON(t, base+"/api/performance?year=2024", 200, &first)
	if code != 200 || first.Limit != 1000 || len(first.Rows) != 1000 || first.Total != all.Total {
		t.Errorf("the first page: %d rows of %d, limit %d", len(first.Rows), first.Total, first.Limit)
	}
	if l := h.Get("Link"); !strings.Contains(l, `offset=1000`) || !strings.Contains(l, `rel="next"`) {
		t.Errorf("Link header %q does not name the next page", l)
	}
	seen := map[string]bool{}
	for off := 0; off < all.Total; off += 1000 {
		var page struct{ Rows []analytics.Row }
		getJSON(t, fmt.Sprintf("%s/api/performance?year=2024&offset=%d", base, off), 200, &page)
		for i, r := range page.Rows {
			k := r.UnitCode + "/" + r.IndicatorCode
			if seen[k] {
				t.Fatalf("%s is on two pages", k)
			}
			seen[k] = true
			if want := all.Rows[off+i]; want.UnitCode != r.UnitCode || want.IndicatorCode != r.IndicatorCode {
				t.Fatalf("row %d is %s, in the whole %s/%s", off+i, k, want.UnitCode, want.IndicatorCode)
			}
		}
	}
	if len(seen) != all.Total {
		t.Errorf("the pages hold %d rows, the year %d", len(seen), all.Total)
	}
	req, _ := http.NewRequest("GET", base+"/api/performance?year=2024", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding %q", resp.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	if !strings.Contains(string(plain), `"total":`+fmt.Sprint(all.Total)) {
		t.Errorf("the gzipped answer does not read as the page: %.200s", plain)
	}
}

// The search finds units and indicators by code or name, with or without
// diacritics, each word at the start of a word.
func TestFind(t *testing.T) {
	base := startServer(t, testutil.SampleStore(t))
	for _, tc := range []struct {
		q, want, notWant string
	}{
		{"so y te", "SYT", "SKHCN"},
		{"Sở Y tế", "SYT", ""},
		{"SYT", "SYT", ""},
		{"khach du lich", "KHACH_QUOC_TE", ""},
		{"duoi 5", "SDD_DUOI_5", ""},
		{"đoàn", "", ""},
	} {
		t.Run(tc.q, func(t *testing.T) {
			var res struct {
				Results []analytics.Found
			}
			getJSON(t, base+"/api/find?q="+urlQuery(tc.q), 200, &res)
			var codes []string
			for _, f := range res.Results {
				codes = append(codes, f.Code)
			}
			got := strings.Join(codes, ",")
			if tc.want != "" && !strings.Contains(","+got+",", ","+tc.want+",") {
				t.Errorf("%q found %s, not %s", tc.q, got, tc.want)
			}
			if tc.notWant != "" && strings.Contains(","+got+",", ","+tc.notWant+",") {
				t.Errorf("%q found %s, which it should not", tc.q, got)
			}
		})
	}
}

// The figures API filters, sorts and pages, and its CSV has every row the
// filters select, with a BOM and the names.
func TestFiguresAPI(t *testing.T) {
	base := startServer(t, provinceStore(t))
	var res struct {
		Total int
		Rows  []analytics.Row
	}
	getJSON(t, base+"/api/figures?year=2024&status=missed&sort=attainment&limit=20", 200, &res)
	if res.Total == 0 || len(res.Rows) != min(20, res.Total) {
		t.Fatalf("%d missed figures, %d on the page", res.Total, len(res.Rows))
	}
	for i, r := range res.Rows {
		if r.Status != "missed" || r.Year != 2024 {
			t.Errorf("row %d: %s in %d", i, r.Status, r.Year)
		}
		if i > 0 && *r.AttainmentPct < *res.Rows[i-1].AttainmentPct {
			t.Errorf("row %d: %.2f after %.2f: not the lowest first", i, *r.AttainmentPct, *res.Rows[i-1].AttainmentPct)
		}
	}
	var cat struct{ Total int }
	getJSON(t, base+"/api/figures?year=2024&category="+urlQuery("Y tế")+"&block="+urlQuery("Khối các huyện, thành phố"), 200, &cat)
	if cat.Total == 0 {
		t.Error("no health figure of the districts")
	}
	getJSON(t, base+"/api/figures?sort=nonsense", 400, nil)
	code, h, body := get(t, base+"/api/figures?year=2024&status=missed&format=csv")
	if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") || !strings.HasPrefix(body, "\ufeff") {
		t.Fatalf("CSV: %d %s", code, h.Get("Content-Type"))
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs)-1 != res.Total || recs[0][0] != "year" || !strings.HasPrefix(recs[1][3], "Đơn vị số") {
		t.Errorf("the CSV has %d rows for %d figures; first %v", len(recs)-1, res.Total, recs[1])
	}
}

func urlQuery(s string) string { return url.QueryEscape(s) }

// The review pack of a province's year groups by block and category, with
// the lowest and highest figures in words and a chart per group, not one
// per indicator; and it is made in seconds.
func TestReportPackAtSize(t *testing.T) {
	st := provinceStore(t)
	an := analytics.New(st.DB())
	assets, err := dashboards.NewAssets()
	if err != nil {
		t.Fatal(err)
	}
	ex := dashboards.NewExporter(an, assets, dashboards.NewCatalog(), dashboards.NewRenderer(assets, 2))
	dir := t.TempDir()
	start := time.Now()
	files, err := ex.Report(context.Background(), dashboards.ReportRequest{Year: 2024, Lang: dashboards.VI, Dir: dir}, 1)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("the province's pack: %d files in %s", len(files), time.Since(start).Round(time.Millisecond))
	b, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	svgs := strings.Count(page, `<img src="charts/`)
	// 5 blocks and 7 categories: a chart each.
	if svgs != 12 || len(files) != 13 {
		t.Errorf("%d charts in the page, %d files", svgs, len(files))
	}
	for _, w := range []string{"Khối các huyện, thành phố", "Cải cách hành chính", "Thấp nhất so với kế hoạch", "Cao nhất so với kế hoạch", "kế hoạch"} {
		if !strings.Contains(page, w) {
			t.Errorf("the pack lacks %q", w)
		}
	}
	if n := strings.Count(page, "<li>"); n > 7*(10+5) {
		t.Errorf("%d figures in words: the lists are not capped", n)
	}
	if len(b) > 300_000 {
		t.Errorf("index.html is %d bytes", len(b))
	}
}

// The figures filter by release (official, preliminary, estimate).
func TestReleaseFilter(t *testing.T) {
	st := testutil.SampleStore(t)
	base := startServer(t, st)
	if _, err := st.DB().ExecContext(context.Background(), `UPDATE observations SET release = 'preliminary' WHERE unit_code = 'SDL'`); err != nil {
		t.Fatal(err)
	}
	var res struct {
		Total int
		Rows  []analytics.Row
	}
	getJSON(t, base+"/api/figures?year=2018&release=preliminary", 200, &res)
	if res.Total == 0 {
		t.Fatal("no preliminary figure")
	}
	for _, r := range res.Rows {
		if r.UnitCode != "SDL" {
			t.Errorf("%s/%s is not preliminary", r.UnitCode, r.IndicatorCode)
		}
	}
	_, _, body := get(t, base+"/figures?year=2018&release=preliminary")
	if !strings.Contains(body, `name="release"`) || !strings.Contains(body, "Loại số liệu: Sơ bộ") || strings.Contains(body, "Sở Y tế") {
		t.Errorf("the figures page does not filter by release")
	}
}
