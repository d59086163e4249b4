package ingest

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Upload is a file that arrives as a stream: an HTTP upload or an embedded file.
type Upload struct {
	Name string
	Open func() (io.ReadCloser, error)
}

// LoadUploads writes each upload to a private folder inside spool, a folder
// DuckDB may read even when the store is sandboxed, loads them, and removes
// them again.
func (in *Ingester) LoadUploads(ctx context.Context, spool string, ups []Upload, opts Options) (*Report, error) {
	if err := os.MkdirAll(spool, 0o700); err != nil {
		return nil, fmt.Errorf("ingest: spool: %w", err)
	}
	dir, err := os.MkdirTemp(spool, "load-")
	if err != nil {
		return nil, fmt.Errorf("ingest: spool: %w", err)
	}
	defer os.RemoveAll(dir)
	inputs := make([]Input, len(ups))
	for i, u := range ups {
		// The index keeps two uploads of the same name apart; the base name
		// keeps a client from writing outside the folder.
		path := filepath.Join(dir, fmt.Sprintf("%03d-%s", i, filepath.Base(u.Name)))
		if err := spoolOne(u, path); err != nil {
			return nil, fmt.Errorf("ingest: spool %s: %w", u.Name, err)
		}
		inputs[i] = Input{Name: u.Name, Path: path}
	}
	return in.Load(ctx, inputs, opts)
}

func spoolOne(u Upload, path string) error {
	r, err := u.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// FSUploads turns files of an fs.FS into uploads, in the order given.
func FSUploads(fsys fs.FS, names ...string) []Upload {
	ups := make([]Upload, len(names))
	for i, n := range names {
		ups[i] = Upload{Name: n, Open: func() (io.ReadCloser, error) { return fsys.Open(n) }}
	}
	return ups
}
