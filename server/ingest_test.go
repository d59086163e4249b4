package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"chitieu/analytics"
	"chitieu/ingest"
	"chitieu/internal/testutil"
)

// upload posts files to /api/ingest and decodes the report.
func upload(t *testing.T, url string, files map[string][]byte) (int, ingest.Report) {
	t.Helper()
	code, body := postFiles(t, url, files)
	var rep ingest.Report
	if err := json.Unmarshal([]byte(body), &rep); err != nil {
		t.Fatalf("%d %s", code, body)
	}
	return code, rep
}

// postFiles posts files as multipart/form-data in the field "file".
func postFiles(tb testing.TB, url string, files map[string][]byte) (int, string) {
	tb.Helper()
	body, ctype := multipartFiles(files)
	resp, err := http.Post(url, ctype, strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out)
}

func TestIngestAPI(t *testing.T) {
	base := startServer(t, testutil.SampleStore(t))
	file := []byte("năm;đơn vị;chỉ tiêu;thực hiện;kế hoạch\n2019;SYT;KHAM_BENH;5.300.000;5.000.000\n")

	t.Run("a refused file is a 422 listing its problems", func(t *testing.T) {
		code, rep := upload(t, base+"/api/ingest", map[string][]byte{"bad.csv": []byte("year,unit,indicator,actual\n2019,XYZ,KHAM_BENH,1\n")})
		if code != 422 || rep.OK || len(rep.Files) != 1 || len(rep.Files[0].Problems) != 1 ||
			rep.Files[0].Problems[0].Row != 2 || rep.Files[0].Problems[0].Column != "unit" {
			t.Fatalf("%d %+v", code, rep)
		}
	})

	t.Run("the load page's refusals name its fields", func(t *testing.T) {
		bad := map[string][]byte{"a.csv": []byte("year,unit,indicator,actual\n2019,SYT,KHAM_BENH,5.300.000\n")}
		for _, tc := range []struct{ q, want string }{
			{"?locale=en&page=true", "«Cách viết số»"},
			{"?locale=en", "--locale vi"},
		} {
			code, rep := upload(t, base+"/api/ingest"+tc.q, bad)
			if code != 422 || len(rep.Files) != 1 || len(rep.Files[0].Problems) != 1 || !strings.Contains(rep.Files[0].Problems[0].Message, tc.want) {
				t.Errorf("%s: %d, want a refusal saying %s: %+v", tc.q, code, tc.want, rep.Files)
			}
		}
	})

	t.Run("a dry run reports and writes nothing", func(t *testing.T) {
		code, rep := upload(t, base+"/api/ingest?dry_run=true", map[string][]byte{"syt-2019.csv": file})
		if code != 200 || !rep.OK || !rep.DryRun || rep.Files[0].Inserted != 1 || len(rep.Files[0].Changes) != 1 {
			t.Fatalf("%d %+v", code, rep)
		}
		var out struct{ Rows []analytics.Row }
		getJSON(t, base+"/api/performance?year=2019", 200, &out)
		if len(out.Rows) != 0 {
			t.Fatalf("the dry run wrote %d rows", len(out.Rows))
		}
	})

	t.Run("a load shows at once in the API", func(t *testing.T) {
		code, rep := upload(t, base+"/api/ingest", map[string][]byte{"syt-2019.csv": file})
		if code != 200 || !rep.OK || rep.Files[0].Outcome != "loaded" {
			t.Fatalf("%d %+v", code, rep)
		}
		var out struct {
			DataVersion int64 `json:"data_version"`
			Rows        []analytics.Row
		}
		getJSON(t, base+"/api/performance?year=2019", 200, &out)
		if len(out.Rows) != 1 || *out.Rows[0].Actual != 5300000 || out.DataVersion != rep.Files[0].LoadID {
			t.Fatalf("after the load: %+v", out)
		}
		var loads struct {
			Loads []struct {
				FileName string `json:"file_name"`
				Outcome  string `json:"outcome"`
			} `json:"loads"`
		}
		getJSON(t, base+"/api/loads?limit=2", 200, &loads)
		if len(loads.Loads) != 2 || loads.Loads[0].FileName != "syt-2019.csv" || loads.Loads[1].Outcome != "refused" {
			t.Fatalf("history: %+v", loads)
		}
		// The page's history says what a load held and who loaded it in words.
		for lang, want := range map[string]string{"vi": "syt-2019.csv <small>(csv, số liệu)</small>", "en": "syt-2019.csv <small>(csv, figures)</small>"} {
			if _, _, body := get(t, base+"/load?lang="+lang); !strings.Contains(body, want) || strings.Contains(body, "<td>local</td>") {
				t.Errorf("/load?lang=%s lacks %q or shows the loader as local", lang, want)
			}
		}
	})
}

// The server keeps answering while a large load runs.
func TestServesDuringLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 600,000 rows")
	}
	st := testutil.SampleStore(t)
	base := startServer(t, st)
	catalog, big := trafficFiles()
	if code, rep := upload(t, base+"/api/ingest", catalog); code != 200 {
		t.Fatalf("catalog: %+v", rep)
	}

	var wg sync.WaitGroup
	done := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(done)
		if code, rep := upload(t, base+"/api/ingest", map[string][]byte{"big.csv": big}); code != 200 {
			t.Errorf("big load: %d %+v", code, rep.Files)
		}
	}()
	served, slowest := 0, time.Duration(0)
	for {
		select {
		case <-done:
			wg.Wait()
			if served < 5 {
				t.Errorf("only %d requests answered during the load", served)
			}
			t.Logf("%d requests answered during the load, slowest %v", served, slowest)
			return
		default:
		}
		start := time.Now()
		// A query, not a cached page: the store itself must answer.
		resp, err := http.Post(base+"/api/sql", "application/json",
			strings.NewReader(`{"sql": "SELECT count(*) FROM performance WHERE year = 2018"}`))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), `"rows":[[16]]`) {
			t.Fatalf("during the load: %d %s", resp.StatusCode, body)
		}
		if code, _, _ := get(t, base+"/healthz"); code != 200 {
			t.Fatalf("healthz during the load: %d", code)
		}
		slowest = max(slowest, time.Since(start))
		served++
		time.Sleep(20 * time.Millisecond)
	}
}
