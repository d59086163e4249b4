package ingest

import (
	"bytes"
	"encoding/csv"
	"io"
	"os"
)

// csvHead is the start of a CSV file as Go reads it: its delimiter, its
// header and the first records. The quick path reads no further in Go.
type csvHead struct {
	Delim   byte
	Header  []string
	Records [][]string
}

// headBytes is how much of a file the head is read from.
const headBytes = 64 << 10

// readCSVHead reads the header and up to n records of a CSV file with the
// delimiter given. ok is false when the start is not plain CSV to Go's reader.
func readCSVHead(path string, delim byte, n int) (csvHead, bool) {
	f, err := os.Open(path)
	if err != nil {
		return csvHead{}, false
	}
	defer f.Close()
	buf := make([]byte, headBytes)
	m, err := io.ReadFull(f, buf)
	if err != nil && err != io.ErrUnexpectedEOF {
		return csvHead{}, false
	}
	buf = bytes.TrimPrefix(buf[:m], []byte("\ufeff"))
	h := csvHead{Delim: delim}
	r := csv.NewReader(bytes.NewReader(buf))
	r.Comma = rune(h.Delim)
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	if h.Header, err = r.Read(); err != nil {
		return csvHead{}, false
	}
	for len(h.Records) < n {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			// The head may end in the middle of a record; what came before
			// it is enough, unless nothing did.
			if m < headBytes || len(h.Records) == 0 {
				return csvHead{}, false
			}
			break
		}
		h.Records = append(h.Records, rec)
	}
	if m == headBytes && len(h.Records) > 1 {
		h.Records = h.Records[:len(h.Records)-1] // it may be cut short
	}
	return h, true
}
