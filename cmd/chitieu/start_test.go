package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer a running command writes while the test reads.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestVersionPrintsDuckDB(t *testing.T) {
	out, _, err := runCmd(t, "version")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^chitieu dev \(DuckDB v1\.5\.\d+, \w+/\w+\)\n$`).MatchString(out) {
		t.Fatalf("got %q", out)
	}
}

// The desktop mode: the store in Documents/chitieu (the home folder comes
// from the environment, as Windows' Documents folder does), the console
// text in Vietnamese, and a second start that finds the running server
// instead of opening the store a second time.
func TestStartUsesDocumentsAndASecondStartFindsTheServer(t *testing.T) {
	home := filepath.Join(t.TempDir(), "Nguyễn Văn An")
	env := func(k string) string {
		switch k {
		case "HOME":
			return home
		case "CHITIEU_BROWSER":
			return "none"
		}
		return ""
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"start", "--addr", "127.0.0.1:0"}, env, strings.NewReader(""), &stdout, &stderr)
	}()
	db := filepath.Join(home, "Documents", "chitieu", "chitieu.duckdb")
	url := waitForText(t, &stdout, done, regexp.MustCompile(`chitieu đang chạy tại (http://127\.0\.0\.1:\d+)\n`))
	for _, want := range []string{"Dữ liệu lưu ở: " + db + "\n", "Để dừng: đóng cửa sổ này hoặc nhấn Ctrl+C."} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("the console lacks %q:\n%s", want, stdout.String())
		}
	}
	if _, err := os.Stat(db); err != nil {
		t.Fatalf("no store in Documents/chitieu: %v", err)
	}
	resp, err := http.Get(url + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /: %s", resp.Status)
	}

	var second bytes.Buffer
	ctx2, cancel2 := context.WithTimeout(ctx, 20*time.Second) // a second server would run until then
	err = run(ctx2, []string{"start", "--lang", "en"}, env, strings.NewReader(""), &second, &second)
	cancel2()
	if err != nil {
		t.Fatalf("a second start: %v\n%s", err, second.String())
	}
	if want := "chitieu is already running at " + url + " (data: " + db + ")"; !strings.Contains(second.String(), want) {
		t.Fatalf("a second start said %q, want %q", second.String(), want)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("start ended with %v\n%s", err, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("start did not stop when cancelled")
	}
	if _, err := os.Stat(serverFile(db)); !os.IsNotExist(err) {
		t.Fatalf("the server file is still there: %v", err)
	}
}

func TestStartRefusesANetworkAddress(t *testing.T) {
	_, _, err := runCmd(t, "start", "--db", filepath.Join(t.TempDir(), "x.duckdb"), "--addr", "0.0.0.0:8080")
	if err == nil || !strings.Contains(err.Error(), "chỉ phục vụ trên máy này") {
		t.Fatalf("got %v", err)
	}
}

// waitForText waits until w holds a match of re and returns its first group.
func waitForText(t *testing.T, w *syncBuffer, done <-chan error, re *regexp.Regexp) string {
	t.Helper()
	deadline := time.After(60 * time.Second)
	for {
		if m := re.FindStringSubmatch(w.String()); m != nil {
			return m[1]
		}
		select {
		case err := <-done:
			t.Fatalf("ended before %q: %v\n%s", re, err, w.String())
		case <-deadline:
			t.Fatalf("no %q in 60 s:\n%s", re, w.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// A double-clicked chitieu.exe has a console window of its own that closes
// when it ends: an error stays on screen until Enter.
func TestDoubleClickErrorWaitsForEnter(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "Tài liệu")
	if err := os.WriteFile(blocker, []byte("a file where the folder should be"), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	stdin := strings.NewReader("\nleft over")
	env := &environment{getenv: func(string) string { return "" }, stdin: stdin, stdout: &stdout, stderr: &stderr}
	err := env.start(context.Background(), []string{"--db", filepath.Join(blocker, "chitieu", "chitieu.duckdb")}, startOptions{doubleClicked: true})
	if err == nil || !strings.Contains(err.Error(), "không tạo được thư mục dữ liệu") {
		t.Fatalf("got %v", err)
	}
	if want := "chitieu: " + err.Error() + "\nNhấn Enter để đóng cửa sổ này.\n"; stderr.String() != want {
		t.Fatalf("stderr %q, want %q", stderr.String(), want)
	}
	if stdin.Len() == len("\nleft over") {
		t.Fatal("it did not wait for Enter: nothing was read")
	}
}
