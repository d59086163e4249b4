package server

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"chitieu/data"
	"chitieu/ingest"
	"chitieu/msg"

	"github.com/gin-gonic/gin"
)

// uploadDeadline bounds reading one upload and answering it: long enough for
// a national year's files over a slow line, unlike the server's other
// requests.
const uploadDeadline = 2 * time.Hour

// maxUploadFiles bounds the files of one upload, each a file in the spool.
const maxUploadFiles = 1000

// receiveUploads reads a multipart upload as a stream, each part of the field
// "file" written straight into a new spool folder while it is hashed; nothing
// is held whole in memory or in the OS temp folder. It answers the request
// itself and returns false when the upload cannot be taken: 413 over the
// size limit, 400 when it is not a multipart upload of files.
func (s *Server) receiveUploads(c *gin.Context) (*ingest.Spool, bool) {
	if c.Request.ContentLength > s.d.MaxUpload {
		// Answered before a byte of the body is read: a client that sent
		// "Expect: 100-continue" never sends it.
		s.fail(c, http.StatusRequestEntityTooLarge, tooLargeMessage(c, s.d.MaxUpload))
		return nil, false
	}
	rc := http.NewResponseController(c.Writer)
	rc.SetReadDeadline(time.Now().Add(uploadDeadline))
	rc.SetWriteDeadline(time.Now().Add(uploadDeadline))
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, s.d.MaxUpload)
	mr, err := c.Request.MultipartReader()
	if err != nil {
		s.writeError(c, msg.E(data.ErrInvalid, "api.ingest_no_form"))
		return nil, false
	}
	sp, err := ingest.NewSpool(s.d.Spool)
	if err != nil {
		s.writeError(c, err)
		return nil, false
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err == nil && (part.FormName() != "file" || part.FileName() == "") {
			continue // NextPart skips what is left of it
		}
		if err == nil && len(sp.Inputs()) == maxUploadFiles {
			sp.Remove()
			s.writeError(c, msg.E(data.ErrInvalid, "api.ingest_too_many_files", "n", strconv.Itoa(maxUploadFiles)))
			return nil, false
		}
		if err == nil {
			body := &clientReader{r: part}
			_, err = sp.Add(part.FileName(), body)
			if err != nil && body.err == nil {
				sp.Remove()
				s.writeError(c, err) // our side: the disk, not the client
				return nil, false
			}
		}
		if err != nil {
			sp.Remove()
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				s.fail(c, http.StatusRequestEntityTooLarge, tooLargeMessage(c, s.d.MaxUpload))
			} else {
				s.writeError(c, msg.E(data.ErrInvalid, "api.ingest_cut_off"))
			}
			return nil, false
		}
	}
	if len(sp.Inputs()) == 0 {
		sp.Remove()
		s.writeError(c, msg.E(data.ErrInvalid, "api.ingest_no_file"))
		return nil, false
	}
	return sp, true
}

// clientReader remembers a failure to read the client's upload, to tell it
// from a failure to write the spool.
type clientReader struct {
	r   io.Reader
	err error
}

func (cr *clientReader) Read(p []byte) (int, error) {
	n, err := cr.r.Read(p)
	if err != nil && err != io.EOF {
		cr.err = err
	}
	return n, err
}

// tooLargeMessage says, in the request's language, that the upload is over
// the limit, what the limit is and how to raise it.
func tooLargeMessage(c *gin.Context, limit int64) string {
	return say(c, "upload-over-limit", "limit", formatSize(limit))
}

// formatSize writes a byte count the way --max-upload takes it: 256 MiB,
// 1 GB, 300 B.
func formatSize(n int64) string {
	units := []struct {
		name string
		size int64
	}{{"TiB", 1 << 40}, {"TB", 1e12}, {"GiB", 1 << 30}, {"GB", 1e9}, {"MiB", 1 << 20}, {"MB", 1e6}, {"KiB", 1 << 10}, {"kB", 1e3}}
	for _, u := range units {
		if n >= u.size && n%u.size == 0 {
			return fmt.Sprintf("%d %s", n/u.size, u.name)
		}
	}
	return fmt.Sprintf("%d B", n)
}
