package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
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

// Spool is a private folder inside the spool root, a folder DuckDB may read
// even when the store is sandboxed, where one load's uploads wait. Each file
// is written straight from its stream and hashed on the way, so no upload is
// ever held whole in memory.
type Spool struct {
	dir    string
	inputs []Input
}

// NewSpool makes a new private folder under root; Remove takes it away.
func NewSpool(root string) (*Spool, error) {
	if err := os.MkdirAll(root, 0o700); err != nil {
		return nil, fmt.Errorf("ingest: spool: %w", err)
	}
	dir, err := os.MkdirTemp(root, "load-")
	if err != nil {
		return nil, fmt.Errorf("ingest: spool: %w", err)
	}
	return &Spool{dir: dir}, nil
}

// Add writes the stream r as the file name, hashing it as it goes, and
// returns the bytes written. The error is r's own when r failed, so a caller
// can tell a client's upload over a limit from a full disk.
func (s *Spool) Add(name string, r io.Reader) (int64, error) {
	// The index keeps two uploads of the same name apart; the base name
	// keeps a client from writing outside the folder.
	path := filepath.Join(s.dir, fmt.Sprintf("%03d-%s", len(s.inputs), filepath.Base(name)))
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return 0, fmt.Errorf("ingest: spool %s: %w", name, err)
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return n, fmt.Errorf("ingest: spool %s: %w", name, err)
	}
	s.inputs = append(s.inputs, Input{Name: name, Path: path, SHA256: hex.EncodeToString(h.Sum(nil))})
	return n, nil
}

// Inputs are the files added so far, in order, ready for Load.
func (s *Spool) Inputs() []Input { return s.inputs }

// Remove deletes the folder and every file in it.
func (s *Spool) Remove() error { return os.RemoveAll(s.dir) }

// LoadUploads spools each upload, loads them in one load, and removes them
// again.
func (in *Ingester) LoadUploads(ctx context.Context, spool string, ups []Upload, opts Options) (*Report, error) {
	sp, err := NewSpool(spool)
	if err != nil {
		return nil, err
	}
	defer sp.Remove()
	for _, u := range ups {
		if err := sp.addUpload(u); err != nil {
			return nil, err
		}
	}
	return in.Load(ctx, sp.Inputs(), opts)
}

func (s *Spool) addUpload(u Upload) error {
	r, err := u.Open()
	if err != nil {
		return fmt.Errorf("ingest: spool %s: %w", u.Name, err)
	}
	defer r.Close()
	_, err = s.Add(u.Name, r)
	return err
}

// FSUploads turns files of an fs.FS into uploads, in the order given.
func FSUploads(fsys fs.FS, names ...string) []Upload {
	ups := make([]Upload, len(names))
	for i, n := range names {
		ups[i] = Upload{Name: n, Open: func() (io.ReadCloser, error) { return fsys.Open(n) }}
	}
	return ups
}
