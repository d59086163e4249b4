package server_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"testing"

	"chitieu/ingest"
	"chitieu/internal/testutil"
	"chitieu/server"
)

// An upload is read as a stream: a body without a stated length that goes
// over --max-upload is cut off with a 413 in the reader's language, the spool
// keeps nothing, and the fields that are not files are passed over.
func TestUploadLimitAndParts(t *testing.T) {
	spool := t.TempDir()
	ts := startTestServerDeps(t, testutil.SampleStore(t), server.Deps{Spool: spool, MaxUpload: 1 << 20})

	// post sends the body with no Content-Length (chunked), as a stream.
	post := func(t *testing.T, url string, body []byte, ctype string, header http.Header) (int, string, []byte) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, url, io.MultiReader(bytes.NewReader(body)))
		req.ContentLength = -1
		if header != nil {
			req.Header = header.Clone()
		}
		req.Header.Set("Content-Type", ctype)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var e struct{ Error string }
		b, _ := io.ReadAll(resp.Body)
		json.Unmarshal(b, &e)
		return resp.StatusCode, e.Error, b
	}
	big, bigType := multipartFiles(map[string][]byte{"lon.csv": bytes.Repeat([]byte("2019,SYT,KHAM_BENH,1\n"), 60000)})
	for _, tc := range []struct {
		name, query, acceptLanguage, want string
	}{
		{"Vietnamese by default", "", "", "Tệp tải lên lớn hơn giới hạn máy chủ cho phép (1 MiB mỗi lần nạp)"},
		{"English by Accept-Language", "", "en-GB,en;q=0.9", "The upload is larger than this server accepts (1 MiB in one load)"},
		{"?lang=vi over Accept-Language", "?lang=vi", "en", "chitieu serve --max-upload"},
		{"English by ?lang=en", "?lang=en", "vi", "ask the administrator to raise the limit: chitieu serve --max-upload"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			if tc.acceptLanguage != "" {
				h.Set("Accept-Language", tc.acceptLanguage)
			}
			code, msg, _ := post(t, ts.base+"/api/ingest"+tc.query, []byte(big), bigType, h)
			if code != http.StatusRequestEntityTooLarge || !strings.Contains(msg, tc.want) {
				t.Errorf("%d %q, want 413 with %q", code, msg, tc.want)
			}
		})
	}
	if left, _ := os.ReadDir(spool); len(left) != 0 {
		t.Errorf("the spool kept %d entries after refused uploads", len(left))
	}

	t.Run("fields that are not files are passed over", func(t *testing.T) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		mw.WriteField("note", "bỏ qua")
		w, _ := mw.CreateFormFile("file", "syt-2019.csv")
		first := []byte("năm;đơn vị;chỉ tiêu;thực hiện\n2019;SYT;KHAM_BENH;5.300.000\n")
		w.Write(first)
		w, _ = mw.CreateFormFile("file", "syt-2018.csv")
		w.Write([]byte("năm;đơn vị;chỉ tiêu;thực hiện\n2018;SYT;KHAM_BENH;5.200.000\n"))
		mw.Close()
		code, msg, body := post(t, ts.base+"/api/ingest?dry_run=true", b.Bytes(), mw.FormDataContentType(), nil)
		var rep ingest.Report
		json.Unmarshal(body, &rep)
		if code != http.StatusOK || msg != "" || len(rep.Files) != 2 || rep.Files[0].File != "syt-2019.csv" ||
			rep.Files[1].File != "syt-2018.csv" || rep.Files[0].Rows+rep.Files[1].Rows != 2 ||
			rep.Files[0].SHA256 != fmt.Sprintf("%x", sha256.Sum256(first)) {
			t.Errorf("%d %q %+v", code, msg, rep)
		}
		code, msg, _ = post(t, ts.base+"/api/ingest", []byte("year,unit\n"), "text/csv", nil)
		if code != http.StatusUnsupportedMediaType || !strings.Contains(msg, "multipart/form-data") {
			t.Errorf("not multipart: %d %q", code, msg)
		}
		only, ctype := func() (string, string) {
			var b bytes.Buffer
			mw := multipart.NewWriter(&b)
			mw.WriteField("note", "không có tệp")
			mw.Close()
			return b.String(), mw.FormDataContentType()
		}()
		code, msg, _ = post(t, ts.base+"/api/ingest", []byte(only), ctype, nil)
		if code != http.StatusBadRequest || !strings.Contains(msg, `không có tệp nào trong trường "file"`) {
			t.Errorf("no file: %d %q", code, msg)
		}
		b.Reset()
		mw = multipart.NewWriter(&b)
		for i := 0; i < 1001; i++ {
			w, _ := mw.CreateFormFile("file", fmt.Sprintf("t%d.csv", i))
			w.Write([]byte("year\n"))
		}
		mw.Close()
		code, msg, _ = post(t, ts.base+"/api/ingest", b.Bytes(), mw.FormDataContentType(), nil)
		if code != http.StatusBadRequest || !strings.Contains(msg, "tối đa 1000 tệp") {
			t.Errorf("1001 files: %d %q", code, msg)
		}
		if left, _ := os.ReadDir(spool); len(left) != 0 {
			t.Errorf("the spool kept %d entries", len(left))
		}
	})
}
