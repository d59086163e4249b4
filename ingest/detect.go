package ingest

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"

	"chitieu/msg"
)

// Formats the ingester reads.
const (
	FormatCSV     = "csv"
	FormatXLSX    = "xlsx"
	FormatParquet = "parquet"
	FormatArrow   = "arrow"
	FormatJSON    = "json"
)

// formatByName maps a file extension to the format it claims.
func formatByName(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv", ".tsv", ".txt":
		return FormatCSV
	case ".xlsx", ".xlsm":
		return FormatXLSX
	case ".parquet", ".pq":
		return FormatParquet
	case ".arrow", ".arrows", ".ipc", ".feather":
		return FormatArrow
	case ".json", ".ndjson", ".jsonl":
		return FormatJSON
	}
	return ""
}

// sniff reads the first bytes of a file and says what it really is, or "" for
// text, which may be CSV or JSON.
func sniff(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return FormatXLSX // a zip; XLSX is the only zip we read
	case bytes.HasPrefix(head, []byte("PAR1")):
		return FormatParquet
	case bytes.HasPrefix(head, []byte("ARROW1")):
		return FormatArrow
	case len(head) >= 8 && bytes.Equal(head[:4], []byte{0xff, 0xff, 0xff, 0xff}):
		return FormatArrow // IPC stream with continuation marker
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return "xls" // the old binary Excel format
	}
	t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		return FormatJSON
	}
	return ""
}

// detectFormat decides a file's format from its name and checks its content
// agrees. It returns a problem (a message code, see package msg) when they
// disagree, with a Code of "" when they do.
func detectFormat(path, name string) (format string, problem msg.M) {
	f, err := os.Open(path)
	if err != nil {
		return "", msg.New("ingest.cannot_open", "detail", err.Error())
	}
	defer f.Close()
	head := make([]byte, 512)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return "", msg.New("ingest.cannot_read", "detail", err.Error())
	}
	head = head[:n]
	if n == 0 {
		return "", msg.New("ingest.empty_file")
	}
	claimed := formatByName(name)
	actual := sniff(head)
	switch {
	case actual == "xls":
		return FormatXLS, msg.M{}
	case claimed == "" && actual == "":
		return FormatCSV, msg.M{}
	case claimed == "":
		return actual, msg.M{}
	case claimed == FormatCSV && actual == "":
		return FormatCSV, msg.M{}
	case claimed == FormatJSON && actual == FormatJSON:
		return FormatJSON, msg.M{}
	case claimed == actual:
		return actual, msg.M{}
	case actual == "":
		return "", msg.New("ingest.name_says_text", "claimed", claimed)
	default:
		return "", msg.New("ingest.name_says", "claimed", claimed, "actual", actual)
	}
}
