package xls

import (
	"bytes"
	"encoding/binary"
	"math"
	"unicode/utf16"
)

// A small writer of BIFF8 records and compound files, for crafted
// workbooks: valid ones that hold every record kind the reader knows, and
// broken ones that a hostile file could be.

func u16(v int) []byte { return binary.LittleEndian.AppendUint16(nil, uint16(v)) }
func u32(v int) []byte { return binary.LittleEndian.AppendUint32(nil, uint32(v)) }
func f64(v float64) []byte {
	return binary.LittleEndian.AppendUint64(nil, math.Float64bits(v))
}

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// rec is one record: type, length, data.
func rec(typ int, parts ...[]byte) []byte {
	d := cat(parts...)
	return cat(u16(typ), u16(len(d)), d)
}

func bof(dt int) []byte {
	return rec(rBOF, u16(0x0600), u16(dt), u16(0x0DBB), u16(0x07CC), u32(0), u32(0x06))
}

// chars encodes s compressed when every character fits in a byte, else as
// UTF-16LE; it returns the option byte's high-byte flag and the bytes.
func chars(s string) (byte, []byte) {
	u := utf16.Encode([]rune(s))
	high := false
	for _, c := range u {
		if c > 0xFF {
			high = true
		}
	}
	var b []byte
	for _, c := range u {
		if high {
			b = binary.LittleEndian.AppendUint16(b, c)
		} else {
			b = append(b, byte(c))
		}
	}
	if high {
		return 1, b
	}
	return 0, b
}

// str16 is an XLUnicodeString, str8 a ShortXLUnicodeString.
func str16(s string) []byte {
	f, b := chars(s)
	return cat(u16(len(utf16.Encode([]rune(s)))), []byte{f}, b)
}

func str8(s string) []byte {
	f, b := chars(s)
	return cat([]byte{byte(len(utf16.Encode([]rune(s))))}, []byte{f}, b)
}

func cellHead(r, c, xf int) []byte { return cat(u16(r), u16(c), u16(xf)) }

type testSheet struct {
	name   string
	hidden bool
	dt     byte // BOUNDSHEET type: 0 worksheet, 2 chart
	recs   [][]byte
}

// workbookStream lays out the globals (BOF, the given records, one
// BOUNDSHEET per sheet, EOF) and then each sheet's substream.
func workbookStream(globals [][]byte, sheets []testSheet) []byte {
	var g []byte
	g = append(g, bof(bofGlobals)...)
	for _, r := range globals {
		g = append(g, r...)
	}
	bsAt := make([]int, len(sheets))
	for i, s := range sheets {
		bsAt[i] = len(g) + 4
		hs := byte(0)
		if s.hidden {
			hs = 1
		}
		g = append(g, rec(rBoundSheet, u32(0), []byte{hs, s.dt}, str8(s.name))...)
	}
	g = append(g, rec(rEOF)...)
	for i, s := range sheets {
		binary.LittleEndian.PutUint32(g[bsAt[i]:], uint32(len(g)))
		dt := bofWorksheet
		if s.dt == 2 {
			dt = 0x20
		}
		g = append(g, bof(dt)...)
		for _, r := range s.recs {
			g = append(g, r...)
		}
		g = append(g, rec(rEOF)...)
	}
	return g
}

// compoundFile puts one stream named name in a version 3 compound file
// (512-byte sectors), in the mini stream if mini (the stream must then be
// under 4,096 bytes), else in regular sectors (padded to 4,096 bytes).
func compoundFile(stream []byte, name string, mini bool) []byte {
	return compoundFileSectors(stream, name, mini, 512)
}

// compoundFileSectors is compoundFile with sectors of ss bytes: 512
// (version 3) or 4,096 (version 4).
func compoundFileSectors(stream []byte, name string, mini bool, ss int) []byte {
	perDIFAT := ss/4 - 1
	pad := func(b []byte, n int) []byte {
		if r := len(b) % n; r != 0 || len(b) == 0 {
			b = append(b, make([]byte, n-r)...)
		}
		return b
	}
	var data, miniFAT []byte // regular-sector payloads after the directory
	rootStart, rootSize := uint32(secEnd), 0
	if mini {
		n := (len(stream) + 63) / 64
		for i := 0; i < n; i++ {
			next := i + 1
			if i == n-1 {
				next = secEnd
			}
			miniFAT = append(miniFAT, u32(next)...)
		}
		for len(miniFAT)%ss != 0 {
			miniFAT = append(miniFAT, 0xFF)
		}
		rootSize = n * 64
		data = pad(append([]byte(nil), stream...), 64)
	} else {
		data = append([]byte(nil), stream...)
		if len(data) < 4096 {
			data = append(data, make([]byte, 4096-len(data))...)
		}
		stream = data
	}
	data = pad(data, ss)
	nMini := len(miniFAT) / ss
	nData := len(data) / ss
	// FAT sectors first, then the DIFAT sectors for FAT sectors past the
	// header's 109, the directory, the mini FAT, the data.
	nFAT, nDIFAT := 1, 0
	for {
		nDIFAT = (max(0, nFAT-109) + perDIFAT - 1) / perDIFAT
		if nFAT+nDIFAT+1+nMini+nData <= nFAT*ss/4 {
			break
		}
		nFAT++
	}
	dirSec := nFAT + nDIFAT
	miniSec := dirSec + 1
	dataSec := miniSec + nMini
	fat := make([]uint32, nFAT*ss/4)
	for i := range fat {
		fat[i] = secFree
	}
	for i := 0; i < nFAT; i++ {
		fat[i] = secFAT
	}
	for i := 0; i < nDIFAT; i++ {
		fat[nFAT+i] = secDIFAT
	}
	fat[dirSec] = secEnd
	chain := func(start, n int) {
		for i := 0; i < n; i++ {
			fat[start+i] = uint32(start + i + 1)
		}
		fat[start+n-1] = secEnd
	}
	if nMini > 0 {
		chain(miniSec, nMini)
	}
	chain(dataSec, nData)

	h := make([]byte, ss)
	copy(h, cfbMagic)
	if ss == 4096 {
		copy(h[24:], cat(u16(0x3E), u16(4), u16(0xFFFE), u16(12), u16(6)))
		copy(h[40:], u32(1)) // directory sectors, counted in version 4
	} else {
		copy(h[24:], cat(u16(0x3E), u16(3), u16(0xFFFE), u16(9), u16(6)))
	}
	copy(h[44:], cat(u32(nFAT), u32(dirSec), u32(0), u32(4096)))
	if nMini > 0 {
		copy(h[60:], cat(u32(miniSec), u32(nMini)))
	} else {
		copy(h[60:], cat(u32(secEnd), u32(0)))
	}
	copy(h[68:], cat(u32(secEnd), u32(0)))
	var difat []byte
	if nDIFAT > 0 {
		copy(h[68:], cat(u32(nFAT), u32(nDIFAT)))
		for k := 0; k < nDIFAT; k++ {
			for i := 0; i < perDIFAT; i++ {
				v := secFree
				if f := 109 + perDIFAT*k + i; f < nFAT {
					v = f
				}
				difat = append(difat, u32(v)...)
			}
			next := nFAT + k + 1
			if k == nDIFAT-1 {
				next = secEnd
			}
			difat = append(difat, u32(next)...)
		}
	}
	for i := 0; i < 109; i++ {
		v := secFree
		if i < nFAT {
			v = i
		}
		copy(h[76+4*i:], u32(v))
	}
	if mini {
		rootStart = uint32(dataSec)
	}
	dir := cat(
		dirEntryBytes("Root Entry", dirRoot, 1, rootStart, rootSize),
		dirEntryBytes(name, dirStream, noStream, uint32(dataSec), len(stream)),
	)
	for len(dir) < ss {
		dir = append(dir, dirEntryBytes("", 0, noStream, 0, 0)...)
	}
	if mini {
		// The stream itself lives in the mini stream from mini sector 0.
		copy(dir[128+116:], u32(0))
	}
	var out []byte
	out = append(out, h...)
	for _, v := range fat {
		out = binary.LittleEndian.AppendUint32(out, v)
	}
	out = append(out, difat...)
	out = append(out, dir...)
	out = append(out, miniFAT...)
	out = append(out, data...)
	return out
}

func dirEntryBytes(name string, typ byte, child, start uint32, size int) []byte {
	e := make([]byte, 128)
	u := utf16.Encode([]rune(name))
	for i, c := range u {
		binary.LittleEndian.PutUint16(e[2*i:], c)
	}
	if name != "" {
		binary.LittleEndian.PutUint16(e[64:], uint16(2*len(u)+2))
	}
	e[66] = typ
	e[67] = 1
	copy(e[68:], cat(u32(noStream), u32(noStream), u32(int(child))))
	copy(e[116:], cat(u32(int(start)), u32(size), u32(0)))
	return e
}
