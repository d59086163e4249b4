package ingest

// plainScan watches the bytes of a CSV file for the number forms DuckDB's
// typed reader accepts but the strict readers (ct_num_vi, ct_num_en, ct_year)
// refuse: an exponent (1e5), digits joined by an underscore (1_000), two
// signs (+-0), a
// decimal mark with no digit before or after it (.5, 5.), a tab that is not
// the delimiter (DuckDB trims it around a number; the strict readers trim
// spaces only). None of them in a file means a typed read gives what the
// strict reading would. The watch is coarse, it may see such a form in a
// name, which only costs the quick path; it needs a decimal mark that is not
// the delimiter.
type plainScan struct {
	delim, dec byte
	special    [256]bool
	buf        []byte // the last bytes of the previous chunk, then the chunk
	sigBefore  byte   // the last byte before buf that is not a space, quote or sign
	seen       bool
}

// history is how many bytes of one chunk the next one keeps to look back on.
const history = 8

func newPlainScan(delim, dec byte) *plainScan {
	s := &plainScan{delim: delim, dec: dec}
	for _, c := range []byte{'e', 'E', '_', '\v', '\f', '+', '-', dec} {
		s.special[c] = true
	}
	if delim != '\t' {
		s.special['\t'] = true
	}
	// The file starts as if after a line end.
	s.buf, s.sigBefore = []byte{'\n'}, '\n'
	return s
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// Write never fails; it feeds the scan a chunk of the file.
func (s *plainScan) Write(p []byte) (int, error) {
	if s.seen {
		return len(p), nil
	}
	keep := len(s.buf)
	s.buf = append(s.buf, p...)
	// Bytes at keep-1 and later are looked at now: the first of them was the
	// last byte of the previous chunk, left until its successor arrived.
	from := max(keep-1, 1)
	buf := s.buf
	for i := from; i < len(buf)-1; i++ {
		if s.special[buf[i]] && s.odd(buf, i) {
			s.seen = true
			break
		}
	}
	// Keep the tail, the last byte still to be looked at.
	if tail := len(buf) - history; tail > 0 {
		s.sigBefore = lastSignificant(buf[:tail], s.sigBefore)
		n := copy(s.buf, buf[tail:])
		s.buf = s.buf[:n]
	}
	return len(p), nil
}

// lastSignificant is the last byte of b that is not a space, quote or sign,
// or prev when there is none.
func lastSignificant(b []byte, prev byte) byte {
	for j := len(b) - 1; j >= 0; j-- {
		switch b[j] {
		case ' ', '"', '+', '-':
			continue
		}
		return b[j]
	}
	return prev
}

// odd reports whether the special byte at i, with buf[i+1] after it, is one
// of the forms; 0 < i < len(buf)-1.
func (s *plainScan) odd(buf []byte, i int) bool {
	a, b, c := buf[i-1], buf[i], buf[i+1]
	switch b {
	case 'e', 'E':
		return (isDigit(a) || a == '.' || a == ',') && (isDigit(c) || c == '+' || c == '-')
	case '_':
		return isDigit(a) && isDigit(c)
	case '+', '-':
		return c == '+' || c == '-'
	case '\t', '\v', '\f':
		return true
	}
	// b is the decimal mark.
	if isDigit(a) {
		return s.ends(c) // 5.
	}
	if !isDigit(c) {
		return false
	}
	// .5, -.5, " .5": a field's start before the mark, past spaces, quotes and signs.
	return s.ends(lastSignificant(buf[:i], s.sigBefore))
}

// ends: c ends a field, or the quotes around it.
func (s *plainScan) ends(c byte) bool {
	return c == s.delim || c == '\n' || c == '\r' || c == '"' || c == ' '
}

// plain reports, once the whole file was written, that it holds none of
// the forms.
func (s *plainScan) plain() bool {
	if !s.seen && len(s.buf) > 0 {
		// The last byte never had a successor: the end of the file is one.
		s.Write([]byte{'\n'})
	}
	return !s.seen
}
