package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// startServe runs chitieu serve on db at a random loopback port until the
// test ends, and returns the server other commands find.
func startServe(t *testing.T, db string, args ...string) remote {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var out, errOut bytes.Buffer
	go func() {
		done <- run(ctx, append([]string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, args...),
			func(string) string { return "" }, strings.NewReader(""), &out, &errOut)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Error("serve did not stop")
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if srv, ok := findServer(ctx, db); ok {
			return srv
		}
		select {
		case err := <-done:
			t.Fatalf("serve stopped: %v\n%s", err, errOut.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	t.Fatal("serve did not start in 60 s")
	return remote{}
}

// heapPeak samples the Go heap in use until stop is called, and returns the
// highest figure above the heap at the start.
func heapPeak() (stop func() uint64) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base, peak := ms.HeapInuse, ms.HeapInuse
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-t.C:
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
			}
		}
	}()
	var once sync.Once
	return func() uint64 {
		once.Do(func() { close(quit); <-done })
		return peak - base
	}
}

// A 200 MiB file goes to a running server through chitieu ingest without
// ever being held in memory, client or server (both run in this process),
// and arrives whole: the server's SHA-256 is the file's. Over the limit, the
// server refuses before the body is sent, in Vietnamese, naming the limit
// and how to raise it.
func TestIngestStreamsToServer(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.duckdb")
	srv := startServe(t, db)

	// Text under a Parquet name: the server takes the whole upload, hashes
	// it, and refuses it at once, so the test times the upload, not a load.
	const size = 200 << 20
	big := filepath.Join(dir, "lon.parquet")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	line := []byte("2019,SYT,KHAM_BENH,5300000,5000000\n")
	chunk := bytes.Repeat(line, (1<<20)/len(line)+1)[:1<<20]
	h := sha256.New()
	for i := 0; i < size>>20; i++ {
		chunk[0] = byte('0' + i%10) // no two MiB alike
		f.Write(chunk)
		h.Write(chunk)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	want := hex.EncodeToString(h.Sum(nil))

	stop := heapPeak()
	started := time.Now()
	out, errOut, err := runCmd(t, "ingest", "--lang", "en", "--db", db, big)
	grew := stop()
	t.Logf("200 MiB sent and refused in %v; heap grew at most %.1f MiB", time.Since(started), float64(grew)/(1<<20))
	if err == nil || !strings.Contains(out, "the name says parquet but the content is text") {
		t.Fatalf("want the refusal of text under a Parquet name: %v\n%s%s", err, out, errOut)
	}
	if grew > 48<<20 {
		t.Errorf("the heap grew by %d MiB for a 200 MiB upload: something holds the file", grew>>20)
	}
	got, _, err := runCmd(t, "sql", "--db", db, "--format", "csv", "select sha256 from loads order by id desc limit 1")
	if err != nil || got != "sha256\n"+want+"\n" {
		t.Errorf("the server's hash of the upload: %q %v, want %s", got, err, want)
	}
	spooled, _ := filepath.Glob(filepath.Join(dir, "*", "load-*"))
	if len(spooled) != 0 {
		t.Errorf("the spool kept %v", spooled)
	}

	// 300 MiB, over the default 256 MiB: a sparse file, refused before a
	// byte of it is sent.
	huge := filepath.Join(dir, "qua-lon.csv")
	f, err = os.Create(huge)
	if err == nil {
		err = f.Truncate(300 << 20)
		f.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	started = time.Now()
	_, _, err = runCmd(t, "ingest", "--db", db, huge)
	if err == nil {
		t.Fatal("a 300 MiB upload was taken")
	}
	for _, w := range []string{"lớn hơn giới hạn", "256 MiB", "chitieu serve --max-upload"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("the refusal lacks %q: %v", w, err)
		}
	}
	if d := time.Since(started); d > 5*time.Second {
		t.Errorf("the refusal took %v: the body was sent", d)
	}

	resp, err := srv.postFiles(context.Background(), srv.base+"/api/ingest?lang=en", []string{huge}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	err = apiError(resp)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(err.Error(), "larger than this server accepts (256 MiB in one load)") {
		t.Errorf("?lang=en: %d %v", resp.StatusCode, err)
	}
}

// The body's length is worked out before it is sent and is exact, and a
// file that changes size while it is sent fails the upload instead of
// sending something else.
func TestUploadBody(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b c.csv")
	os.WriteFile(a, []byte("year,unit\n"), 0o600)
	os.WriteFile(b, []byte("năm,đơn vị\n2019,SYT\n"), 0o600)
	body, err := newUploadBody([]string{a, b})
	if err != nil {
		t.Fatal(err)
	}
	all, err := io.ReadAll(io.MultiReader(body.parts...))
	body.Close()
	if err != nil || int64(len(all)) != body.size {
		t.Fatalf("%d bytes sent, %d announced, %v", len(all), body.size, err)
	}
	req, _ := http.NewRequest(http.MethodPost, "/", bytes.NewReader(all))
	req.Header.Set("Content-Type", body.contentType)
	mr, err := req.MultipartReader()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		c, _ := io.ReadAll(p)
		got = append(got, p.FormName()+" "+p.FileName()+" "+string(c))
	}
	want := []string{"file a.csv year,unit\n", "file b c.csv năm,đơn vị\n2019,SYT\n"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("parts %q, want %q", got, want)
	}

	body, err = newUploadBody([]string{a})
	if err != nil {
		t.Fatal(err)
	}
	defer body.Close()
	os.WriteFile(a, []byte("year,unit,indicator\n"), 0o600)
	if _, err := io.ReadAll(io.MultiReader(body.parts...)); err == nil || !strings.Contains(err.Error(), "lớn lên trong khi đang gửi") {
		t.Errorf("a file that grew: %v", err)
	}
	if _, err := newUploadBody([]string{dir}); err == nil {
		t.Error("a folder was taken for a file")
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"256MiB": 256 << 20, "1GB": 1e9, "1 GiB": 1 << 30, "512mb": 512e6, "1.5GiB": 3 << 29, "4096": 4096, "10KiB": 10240} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("%s: %d %v, want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "lots", "-1GB", "0", "5 parsecs", "1e3MB"} {
		if _, err := parseSize(in); err == nil {
			t.Errorf("%q was taken for a size", in)
		}
	}
}

// The progress bar says how much has gone, in Vietnamese, and says when the
// server has it all.
func TestUploadProgress(t *testing.T) {
	var buf bytes.Buffer
	p := &uploadProgress{w: &buf, total: 4 << 20, start: time.Now()}
	p.Write(make([]byte, 1<<20))
	if got := buf.String(); !strings.Contains(got, "Đang gửi lên máy chủ: 1,0 / 4,0 MiB (25%)") {
		t.Errorf("after 1 MiB of 4: %q", got)
	}
	p.Write(make([]byte, 1<<20)) // within 200 ms of the last: not drawn
	p.Write(make([]byte, 2<<20))
	if got := buf.String(); strings.Contains(got, "2,0 / 4,0") || !strings.Contains(got, "Đã gửi 4,0 MiB trong") ||
		!strings.HasSuffix(got, "máy chủ đang nạp…") {
		t.Errorf("at the end: %q", got)
	}
}

func TestServeRefusesABadMaxUpload(t *testing.T) {
	_, _, err := runCmd(t, "serve", "--db", filepath.Join(t.TempDir(), "m.duckdb"), "--max-upload", "lots")
	if err == nil || !strings.Contains(err.Error(), `--max-upload: "lots" không phải là một dung lượng: hãy viết như 256MiB, 512MB hoặc 1GB`) {
		t.Errorf("%v", err)
	}
}
