package server_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/internal/browsertest"
	"chitieu/internal/testutil"
	"chitieu/server"

	"github.com/chromedp/chromedp"
)

// The load page shows how much of an upload has gone, and says a file over
// the server's limit is too large before sending a byte of it.
func TestLoadPageUploadProgress(t *testing.T) {
	ts := startTestServerDeps(t, testutil.SampleStore(t), server.Deps{MaxUpload: 2 << 20})
	b := browsertest.New(t)
	dir := t.TempDir()
	rows := bytes.Repeat([]byte("2019;SYT;KHAM_BENH;5.300.000\n"), (3<<19)/29+1)[:3<<19] // 1.5 MiB
	// Text under a Parquet name is refused at once: the test is about the upload.
	mid := filepath.Join(dir, "vua.parquet")
	os.WriteFile(mid, append([]byte("năm;đơn vị;chỉ tiêu;thực hiện\n"), rows...), 0o600)
	big := filepath.Join(dir, "lon.csv")
	os.WriteFile(big, bytes.Repeat(rows, 2), 0o600)

	b.Visit(t, ts.base+"/load")
	b.Do(t, chromedp.SetUploadFiles(chromedp.CSS(`input[type=file]`), []string{mid}),
		chromedp.Click(chromedp.CSS(`#load-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#load-report .report-file`)))
	bar := browsertest.Eval[[]float64](t, b, `(function(){var p=document.querySelector('#upload-progress progress');return [p.value,p.max];})()`)
	said := browsertest.Eval[string](t, b, `document.getElementById('upload-progress').textContent`)
	if len(bar) != 2 || bar[0] != bar[1] || bar[1] < 3<<19 || !strings.Contains(said, "Đã gửi 1,5 MiB") {
		t.Errorf("after the upload the bar is %v and says %q", bar, said)
	}
	b.Screenshot(t, "load-upload-progress")

	b.Requests() // forget the requests so far
	b.Do(t, chromedp.SetUploadFiles(chromedp.CSS(`input[type=file]`), []string{big}),
		chromedp.Click(chromedp.CSS(`#load-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#load-report .banner`)))
	text := b.Text(t)
	if !strings.Contains(text, "lớn hơn giới hạn máy chủ cho phép (2 MiB mỗi lần nạp)") || !strings.Contains(text, "--max-upload") {
		t.Errorf("a 3 MiB file under a 2 MiB limit:\n%s", text)
	}
	for _, r := range b.Requests() {
		if strings.Contains(r, "/api/ingest") {
			t.Errorf("the page sent a file over the limit: %s", r)
		}
	}
	if errs := b.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}
