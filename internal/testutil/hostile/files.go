// Package hostile writes the hostile files of issue 12 (zip and XML bombs,
// malformed Arrow) at test time, in a test's own folder; it imports nothing
// of chitieu, so the readers' own tests can use it.
package hostile

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// XLSXPart is one part of a workbook package, written by Write.
type XLSXPart struct {
	Name  string
	Write func(w io.Writer) error
}

// XLSXHeaderRow is a header row chitieu recognises (year, unit, indicator,
// actual), as row 1 of a sheet.
const XLSXHeaderRow = `<row r="1"><c r="A1" t="inlineStr"><is><t>Năm</t></is></c><c r="B1" t="inlineStr"><is><t>Đơn vị</t></is></c>` +
	`<c r="C1" t="inlineStr"><is><t>Chỉ tiêu</t></is></c><c r="D1" t="inlineStr"><is><t>Thực hiện</t></is></c></row>`

// WriteXLSX writes a workbook of one sheet, "Số liệu", whose sheetData is
// written by rows; extra parts (such as xl/sharedStrings.xml) come after.
func WriteXLSX(tb testing.TB, path string, rows func(w io.Writer) error, extra ...XLSXPart) string {
	tb.Helper()
	text := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}
	parts := []XLSXPart{
		{"[Content_Types].xml", text(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
			`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`)},
		{"_rels/.rels", text(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)},
		{"xl/workbook.xml", text(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
			`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Số liệu" sheetId="1" r:id="rId1"/></sheets></workbook>`)},
		{"xl/_rels/workbook.xml.rels", text(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`)},
		{"xl/worksheets/sheet1.xml", func(w io.Writer) error {
			if _, err := io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`); err != nil {
				return err
			}
			if err := rows(w); err != nil {
				return err
			}
			_, err := io.WriteString(w, `</sheetData></worksheet>`)
			return err
		}},
	}
	parts = append(parts, extra...)
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestCompression) })
	for _, p := range parts {
		w, err := zw.Create(p.Name)
		if err != nil {
			tb.Fatal(err)
		}
		if err := p.Write(w); err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return path
}

// Rows writes the header row and then n data rows made by row(i), i from 2.
func Rows(n int, row func(i int) string) func(io.Writer) error {
	return func(w io.Writer) error {
		if _, err := io.WriteString(w, XLSXHeaderRow); err != nil {
			return err
		}
		for i := 2; i < n+2; i++ {
			if _, err := io.WriteString(w, row(i)); err != nil {
				return err
			}
		}
		return nil
	}
}

// XLSXSharedStringBomb is the issue's "one 4 MB shared string used 60,000
// times": a file of a few hundred KB that would hold 240 GB of cell text.
func XLSXSharedStringBomb(tb testing.TB, dir string, size, uses int) string {
	tb.Helper()
	return WriteXLSX(tb, filepath.Join(dir, "shared-string-bomb.xlsx"),
		Rows(uses, func(i int) string {
			return fmt.Sprintf(`<row r="%d"><c r="A%d"><v>2019</v></c><c r="B%d" t="s"><v>0</v></c></row>`, i, i, i)
		}),
		XLSXPart{"xl/sharedStrings.xml", func(w io.Writer) error {
			io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>`)
			io.WriteString(w, strings.Repeat("A", size))
			_, err := io.WriteString(w, `</t></si></sst>`)
			return err
		}})
}

// XLSXColumnBomb is a workbook with one cell whose reference names a
// column far past Excel's last (ref such as "ZZZZZZZZZ2").
func XLSXColumnBomb(tb testing.TB, dir, ref string) string {
	tb.Helper()
	return WriteXLSX(tb, filepath.Join(dir, "column-bomb.xlsx"), Rows(1, func(i int) string {
		return `<row r="2"><c r="A2"><v>2019</v></c><c r="` + ref + `"><v>1</v></c></row>`
	}))
}

// XLSXEmptyStringsBomb is the issue's "200M empty shared strings in
// 1.4 MB": n empty <si/> entries, written straight as deflate data (the
// same compressed block repeated), so making it takes well under a second.
// The zip headers tell the truth about the sizes.
func XLSXEmptyStringsBomb(tb testing.TB, dir string, n int) string {
	tb.Helper()
	const unit = "<si/>"
	const perChunk = 200_000 // 1,000,000 bytes, whole entries
	head := `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`
	tail := `</sst>`
	chunk := strings.Repeat(unit, perChunk)
	window := chunk[len(chunk)-32768:] // what precedes every chunk but the first
	var raw bytes.Buffer
	crc := crc32.NewIEEE()
	size := 0
	emit := func(to *bytes.Buffer, dict, text string, final bool) {
		var fw *flate.Writer
		if dict == "" {
			fw, _ = flate.NewWriter(to, flate.BestCompression)
		} else {
			fw, _ = flate.NewWriterDict(to, flate.BestCompression, []byte(dict))
		}
		fw.Write([]byte(text))
		if final {
			fw.Close()
		} else {
			fw.Flush()
		}
	}
	chunks := n / perChunk
	emit(&raw, "", head+chunk, false)
	crc.Write([]byte(head + chunk))
	size += len(head) + len(chunk)
	var block bytes.Buffer
	emit(&block, window, chunk, false)
	for i := 1; i < chunks; i++ {
		raw.Write(block.Bytes())
		crc.Write([]byte(chunk))
		size += len(chunk)
	}
	emit(&raw, window, tail, true)
	crc.Write([]byte(tail))
	size += len(tail)
	extra := XLSXPart{Name: "xl/sharedStrings.xml"}
	path := filepath.Join(dir, "empty-strings-bomb.xlsx")
	WriteXLSX(tb, path, Rows(1, func(i int) string { return `<row r="2"><c r="A2" t="s"><v>0</v></c></row>` }))
	// Append the raw part to the package written above.
	appendRaw(tb, path, &zip.FileHeader{Name: extra.Name, Method: zip.Deflate, CRC32: crc.Sum32(),
		CompressedSize64: uint64(raw.Len()), UncompressedSize64: uint64(size)}, raw.Bytes())
	return path
}

// appendRaw rewrites the package at path with one more part, already compressed.
func appendRaw(tb testing.TB, path string, fh *zip.FileHeader, body []byte) {
	tb.Helper()
	old, err := zip.OpenReader(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer old.Close()
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		tb.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, p := range old.File {
		if err := zw.Copy(p); err != nil {
			tb.Fatal(err)
		}
	}
	w, err := zw.CreateRaw(fh)
	if err != nil {
		tb.Fatal(err)
	}
	w.Write(body)
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	f.Close()
	if err := os.Rename(tmp, path); err != nil {
		tb.Fatal(err)
	}
}

// ArrowNegativeOffsets is the Arrow IPC file (about 700 bytes)
// whose string column's offsets point before its data: DuckDB, handed such
// buffers unchecked, reads outside them and the process dies.
func ArrowNegativeOffsets(tb testing.TB, dir string) string {
	tb.Helper()
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "year", Type: arrow.PrimitiveTypes.Int64},
		{Name: "unit", Type: arrow.BinaryTypes.String},
		{Name: "indicator", Type: arrow.BinaryTypes.String},
		{Name: "actual", Type: arrow.PrimitiveTypes.Float64},
	}, nil)
	b := array.NewRecordBuilder(memory.NewGoAllocator(), schema)
	defer b.Release()
	b.Field(0).(*array.Int64Builder).AppendValues([]int64{2019, 2019}, nil)
	b.Field(1).(*array.StringBuilder).AppendValues([]string{"SYTQ", "SGDQ"}, nil)
	b.Field(2).(*array.StringBuilder).AppendValues([]string{"KHAMBENH", "TRANHTHA"}, nil)
	b.Field(3).(*array.Float64Builder).AppendValues([]float64{1, 2}, nil)
	rec := b.NewRecordBatch()
	defer rec.Release()
	var buf bytes.Buffer
	w, err := ipc.NewFileWriter(&buf, ipc.WithSchema(schema))
	if err != nil {
		tb.Fatal(err)
	}
	if err := w.Write(rec); err != nil {
		tb.Fatal(err)
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	// The unit column's offsets are 0, 4, 8: make the middle one point
	// a gigabyte before the data.
	file := buf.Bytes()
	offsets := make([]byte, 12)
	binary.LittleEndian.PutUint32(offsets[4:], 4)
	binary.LittleEndian.PutUint32(offsets[8:], 8)
	i := bytes.Index(file, offsets)
	if i < 0 {
		tb.Fatal("arrow attack: offsets not found in the file")
	}
	neg := int32(-1 << 30)
	binary.LittleEndian.PutUint32(file[i+4:], uint32(neg))
	path := filepath.Join(dir, "negative-offsets.arrow")
	if err := os.WriteFile(path, file, 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}
