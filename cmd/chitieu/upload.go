package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"chitieu/ingest"
)

// An upload to a running server is streamed: the multipart body is the
// framing strings and the open files one after the other (io.MultiReader),
// its exact length is known before the first byte goes, and no file is ever
// held whole in memory, however large.

// uploadBody is a multipart/form-data body of files in the field "file".
type uploadBody struct {
	parts       []io.Reader
	files       []*os.File
	size        int64
	contentType string
}

// newUploadBody opens the files and works out the body's length.
func newUploadBody(paths []string) (*uploadBody, error) {
	b := &uploadBody{}
	var frame bytes.Buffer
	mw := multipart.NewWriter(&frame)
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			b.Close()
			return nil, err
		}
		b.files = append(b.files, f)
		fi, err := f.Stat()
		if err != nil {
			b.Close()
			return nil, err
		}
		if !fi.Mode().IsRegular() {
			b.Close()
			return nil, cliErr("cli.not_regular", nil, "file", p)
		}
		if _, err := mw.CreateFormFile("file", filepath.Base(p)); err != nil {
			b.Close()
			return nil, err
		}
		b.addFrame(&frame)
		b.parts = append(b.parts, &exactReader{r: f, left: fi.Size(), name: p})
		b.size += fi.Size()
	}
	if err := mw.Close(); err != nil {
		b.Close()
		return nil, err
	}
	b.addFrame(&frame)
	b.contentType = mw.FormDataContentType()
	return b, nil
}

// addFrame takes what the multipart writer wrote so far as one part of the
// body.
func (b *uploadBody) addFrame(frame *bytes.Buffer) {
	s := frame.String()
	frame.Reset()
	b.parts = append(b.parts, bytes.NewReader([]byte(s)))
	b.size += int64(len(s))
}

// Close closes the files.
func (b *uploadBody) Close() error {
	for _, f := range b.files {
		f.Close()
	}
	return nil
}

// exactReader gives exactly left bytes of a file, and fails when the file
// turns out shorter or longer than it was when the length was worked out.
type exactReader struct {
	r    io.Reader
	left int64
	name string
}

func (e *exactReader) Read(p []byte) (int, error) {
	if e.left == 0 {
		var one [1]byte
		if n, _ := e.r.Read(one[:]); n > 0 {
			return 0, cliErr("cli.file_grew", nil, "file", e.name)
		}
		return 0, io.EOF
	}
	if int64(len(p)) > e.left {
		p = p[:e.left]
	}
	n, err := e.r.Read(p)
	e.left -= int64(n)
	if err == io.EOF && e.left > 0 {
		return n, cliErr("cli.file_shrank", nil, "file", e.name)
	}
	if err == io.EOF {
		err = nil
	}
	return n, err
}

// postFiles sends the files to url, streamed, with a progress bar on bar
// when bar is not nil. The caller closes the answer's body.
func (r remote) postFiles(ctx context.Context, url string, files []string, bar io.Writer) (*http.Response, error) {
	body, err := newUploadBody(files)
	if err != nil {
		return nil, err
	}
	defer body.Close()
	var rd io.Reader = io.MultiReader(body.parts...)
	if bar != nil {
		p := &uploadProgress{w: bar, total: body.size, start: time.Now()}
		defer p.finish()
		rd = io.TeeReader(rd, p)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, io.NopCloser(rd))
	if err != nil {
		return nil, err
	}
	req.ContentLength = body.size
	req.Header.Set("Content-Type", body.contentType)
	// The server answers a body over its limit before reading it; with
	// this, the body is then never sent.
	req.Header.Set("Expect", "100-continue")
	return r.do(req)
}

// uploadBar is where a load's upload shows its progress: stderr, when the
// load shows its steps there (a terminal and large files).
func (e *environment) uploadBar(opts ingest.Options) io.Writer {
	if opts.Progress == nil {
		return nil
	}
	return e.stderr
}

// uploadProgress draws the bytes sent so far, at most five times a second.
type uploadProgress struct {
	mu    sync.Mutex
	w     io.Writer
	total int64
	sent  int64
	start time.Time
	drawn time.Time
}

func (p *uploadProgress) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sent += int64(len(b))
	if now := time.Now(); now.Sub(p.drawn) >= 200*time.Millisecond || p.sent == p.total {
		p.drawn = now
		p.draw()
	}
	return len(b), nil
}

func (p *uploadProgress) draw() {
	pct := 100.0
	if p.total > 0 {
		pct = float64(p.sent) * 100 / float64(p.total)
	}
	line := fmt.Sprintf("Đang gửi lên máy chủ: %s / %s MiB (%.0f%%)", viNum(mib(p.sent)), viNum(mib(p.total)), pct)
	if p.sent == p.total {
		line = fmt.Sprintf("Đã gửi %s MiB trong %s giây; máy chủ đang nạp…", viNum(mib(p.total)), viNum(time.Since(p.start).Seconds()))
	}
	fmt.Fprintf(p.w, "\r\033[K%s", line)
}

func (p *uploadProgress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprint(p.w, "\r\033[K")
}

func mib(n int64) float64 { return float64(n) / (1 << 20) }

// viNum writes a figure with one decimal as Vietnamese write it: 12,5.
func viNum(f float64) string { return strings.Replace(strconv.FormatFloat(f, 'f', 1, 64), ".", ",", 1) }
