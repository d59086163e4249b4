package xls

import (
	"encoding/binary"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
)

// The compound file (OLE2) container: a FAT of sector chains, a directory
// of named streams, and a mini stream for small streams. Only what is
// needed to find and read one stream is implemented, and every sector
// number, chain and size is checked against the file's real size, so a
// hostile file cannot make the reader loop or allocate more than the file.

const cfbMagic = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"

const (
	secFree   = 0xFFFFFFFF
	secEnd    = 0xFFFFFFFE
	secFAT    = 0xFFFFFFFD
	secDIFAT  = 0xFFFFFFFC
	secMaxReg = 0xFFFFFFFA
	noStream  = 0xFFFFFFFF

	dirStorage = 1
	dirStream  = 2
	dirRoot    = 5
)

type cfb struct {
	r         io.ReaderAt
	size      int64
	secSize   int64
	miniSize  int64
	cutoff    int64
	nSectors  uint32
	fat       []uint32
	miniFAT   []uint32
	dir       []dirEntry
	miniBytes []byte // the root's mini stream, read on first need
}

type dirEntry struct {
	name               string
	typ                byte
	left, right, child uint32
	start              uint32
	size               int64
}

// openCFB reads the header, FAT, mini FAT and directory of a compound file.
func openCFB(r io.ReaderAt, size int64) (*cfb, error) {
	if size < 512 {
		return nil, formatErr("tệp quá ngắn để là tệp Excel 97-2003 (%d byte)", size)
	}
	h := make([]byte, 512)
	if _, err := r.ReadAt(h, 0); err != nil {
		return nil, fmt.Errorf("xls: đọc phần đầu tệp: %w", err)
	}
	if string(h[:8]) != cfbMagic {
		return nil, formatErr("không phải tệp Excel 97-2003 (thiếu chữ ký D0 CF 11 E0)")
	}
	le := binary.LittleEndian
	secShift := le.Uint16(h[30:])
	miniShift := le.Uint16(h[32:])
	if secShift != 9 && secShift != 12 {
		return nil, formatErr("kích thước sector không hợp lệ (2^%d)", secShift)
	}
	if miniShift != 6 {
		return nil, formatErr("kích thước mini sector không hợp lệ (2^%d)", miniShift)
	}
	c := &cfb{r: r, size: size, secSize: 1 << secShift, miniSize: 1 << miniShift}
	c.cutoff = int64(le.Uint32(h[56:]))
	if c.cutoff != 4096 {
		return nil, formatErr("ngưỡng mini stream không hợp lệ (%d)", c.cutoff)
	}
	n := (size - c.secSize + c.secSize - 1) / c.secSize
	if n <= 0 {
		return nil, formatErr("tệp không có sector nào")
	}
	if n > secMaxReg {
		n = secMaxReg
	}
	c.nSectors = uint32(n)

	numFAT := le.Uint32(h[44:])
	firstDir := le.Uint32(h[48:])
	firstMini := le.Uint32(h[60:])
	numMini := le.Uint32(h[64:])
	firstDIFAT := le.Uint32(h[68:])
	numDIFAT := le.Uint32(h[72:])
	if numFAT == 0 || numFAT > c.nSectors {
		return nil, formatErr("số sector FAT không hợp lệ (%d)", numFAT)
	}
	if numDIFAT > c.nSectors || numMini > c.nSectors {
		return nil, formatErr("số sector DIFAT hoặc mini FAT không hợp lệ")
	}

	// The FAT sectors: 109 in the header, the rest in the DIFAT chain.
	fatSecs := make([]uint32, 0, numFAT)
	for i := 0; i < 109 && uint32(len(fatSecs)) < numFAT; i++ {
		fatSecs = append(fatSecs, le.Uint32(h[76+4*i:]))
	}
	per := int(c.secSize/4) - 1
	buf := make([]byte, c.secSize)
	next := firstDIFAT
	for d := uint32(0); uint32(len(fatSecs)) < numFAT; d++ {
		if d >= numDIFAT || next >= c.nSectors {
			return nil, formatErr("chuỗi DIFAT hỏng")
		}
		if err := c.readSector(next, buf); err != nil {
			return nil, err
		}
		for i := 0; i < per && uint32(len(fatSecs)) < numFAT; i++ {
			fatSecs = append(fatSecs, le.Uint32(buf[4*i:]))
		}
		next = le.Uint32(buf[4*per:])
	}
	c.fat = make([]uint32, 0, int64(numFAT)*c.secSize/4)
	for _, s := range fatSecs {
		if s >= c.nSectors {
			return nil, formatErr("sector FAT %d nằm ngoài tệp", s)
		}
		if err := c.readSector(s, buf); err != nil {
			return nil, err
		}
		for i := int64(0); i < c.secSize; i += 4 {
			c.fat = append(c.fat, le.Uint32(buf[i:]))
		}
	}

	dirBytes, err := c.readChain(firstDir, -1)
	if err != nil {
		return nil, fmt.Errorf("thư mục: %w", err)
	}
	for i := 0; i+128 <= len(dirBytes); i += 128 {
		c.dir = append(c.dir, parseDirEntry(dirBytes[i:i+128], secShift == 9))
	}
	if len(c.dir) == 0 || c.dir[0].typ != dirRoot {
		return nil, formatErr("thiếu mục gốc của thư mục")
	}
	if numMini > 0 && firstMini != secEnd {
		mb, err := c.readChain(firstMini, int64(numMini)*c.secSize)
		if err != nil {
			return nil, fmt.Errorf("mini FAT: %w", err)
		}
		c.miniFAT = make([]uint32, len(mb)/4)
		for i := range c.miniFAT {
			c.miniFAT[i] = le.Uint32(mb[4*i:])
		}
	}
	return c, nil
}

func parseDirEntry(b []byte, v3 bool) dirEntry {
	le := binary.LittleEndian
	nameLen := int(le.Uint16(b[64:]))
	if nameLen > 64 {
		nameLen = 64
	}
	u := make([]uint16, 0, 32)
	for i := 0; i+1 < nameLen; i += 2 {
		ch := le.Uint16(b[i:])
		if ch == 0 {
			break
		}
		u = append(u, ch)
	}
	e := dirEntry{
		name:  string(utf16.Decode(u)),
		typ:   b[66],
		left:  le.Uint32(b[68:]),
		right: le.Uint32(b[72:]),
		child: le.Uint32(b[76:]),
		start: le.Uint32(b[116:]),
		size:  int64(le.Uint64(b[120:])),
	}
	if v3 || e.size < 0 {
		e.size &= 0xFFFFFFFF // version 3 files may leave the high half unset
	}
	return e
}

func (c *cfb) readSector(s uint32, buf []byte) error {
	off := (int64(s) + 1) * c.secSize
	n, err := c.r.ReadAt(buf, off)
	if n == len(buf) {
		return nil
	}
	if off+int64(n) >= c.size && (err == nil || err == io.EOF) {
		clear(buf[n:]) // the last sector may be cut short
		return nil
	}
	if err == nil {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("xls: đọc sector %d: %w", s, err)
}

// readChain reads a regular sector chain. want < 0 reads the whole chain;
// otherwise the chain must hold at least want bytes and exactly that many
// are returned. A chain longer than the file has sectors is a loop.
func (c *cfb) readChain(start uint32, want int64) ([]byte, error) {
	if want > c.size {
		return nil, formatErr("luồng dài hơn cả tệp (%d byte)", want)
	}
	var out []byte
	if want >= 0 {
		out = make([]byte, 0, want)
	}
	buf := make([]byte, c.secSize)
	seen := make([]uint64, (c.nSectors+63)/64)
	for s := start; s != secEnd; {
		if want >= 0 && int64(len(out)) >= want {
			break
		}
		if s >= c.nSectors || int(s) >= len(c.fat) || seen[s/64]&(1<<(s%64)) != 0 {
			return nil, formatErr("chuỗi sector hỏng (sector %d)", s)
		}
		seen[s/64] |= 1 << (s % 64)
		if err := c.readSector(s, buf); err != nil {
			return nil, err
		}
		out = append(out, buf...)
		s = c.fat[s]
	}
	if want >= 0 {
		if int64(len(out)) < want {
			return nil, formatErr("luồng bị cắt cụt (%d/%d byte)", len(out), want)
		}
		out = out[:want]
	}
	return out, nil
}

// readMiniChain reads a stream kept in the mini stream.
func (c *cfb) readMiniChain(start uint32, want int64) ([]byte, error) {
	if c.miniBytes == nil {
		root := c.dir[0]
		mb, err := c.readChain(root.start, root.size)
		if err != nil {
			return nil, fmt.Errorf("mini stream: %w", err)
		}
		c.miniBytes = mb
	}
	out := make([]byte, 0, want)
	seen := make(map[uint32]bool)
	for s := start; int64(len(out)) < want; {
		if int(s) >= len(c.miniFAT) || seen[s] {
			return nil, formatErr("chuỗi mini sector hỏng (%d)", s)
		}
		seen[s] = true
		off := int64(s) * c.miniSize
		if off+c.miniSize > int64(len(c.miniBytes)) {
			return nil, formatErr("mini sector %d nằm ngoài mini stream", s)
		}
		out = append(out, c.miniBytes[off:off+c.miniSize]...)
		s = c.miniFAT[s]
	}
	return out[:want], nil
}

// find returns the stream of the given names (case-insensitive) directly
// under the root storage, walking the root's children tree with a guard
// against cycles.
func (c *cfb) find(names ...string) (dirEntry, bool) {
	seen := make(map[uint32]bool)
	stack := []uint32{c.dir[0].child}
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if id == noStream || int64(id) >= int64(len(c.dir)) || seen[id] {
			continue
		}
		seen[id] = true
		e := c.dir[id]
		if e.typ == dirStream {
			for _, n := range names {
				if strings.EqualFold(e.name, n) {
					return e, true
				}
			}
		}
		stack = append(stack, e.left, e.right)
	}
	return dirEntry{}, false
}

// stream reads a directory entry's whole stream.
func (c *cfb) stream(e dirEntry) ([]byte, error) {
	if e.size < c.cutoff {
		return c.readMiniChain(e.start, e.size)
	}
	return c.readChain(e.start, e.size)
}
