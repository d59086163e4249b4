package rtable

import (
	"errors"
	"strconv"
	"strings"

	"chitieu/ingest/sheet"
	"chitieu/ingest/vnlegacy"
	"chitieu/msg"
)

// Refusal is a sheet the interpreter will not read, as a message code and
// its arguments; its text is in Vietnamese.
type Refusal struct {
	Code string
	Args map[string]string
}

func (r *Refusal) Error() string { return msg.Text(msg.VI, r.Code, r.Args) }

// AsRefusal finds a Refusal in err.
func AsRefusal(err error) (*Refusal, bool) {
	var r *Refusal
	ok := errors.As(err, &r)
	return r, ok
}

// Message codes of legacy encodings.
const (
	WarnLegacyText = "legacy_encoding"
	WarnLegacyFont = "legacy_font"
	RefuseMixed    = "legacy_mixed"
)

var encodingName = map[vnlegacy.Encoding]string{vnlegacy.Unicode: "Unicode", vnlegacy.TCVN3: "TCVN3 (ABC)", vnlegacy.VNI: "VNI"}

// legacyText converts the text of a sheet typed in TCVN3 or VNI to
// Unicode, in place, and says so: a cell in a legacy font (.VnTime,
// VNI-Times) is read as its font says, unless its text is Unicode already;
// the other cells as the evidence of their words says (vnlegacy.Evidence).
// Unicode and legacy words together, or words that read as TCVN3 and VNI
// alike, are refused: converting them would guess.
func legacyText(sh *sheet.Sheet) ([]Warning, error) {
	type pos struct{ r, c int }
	var ev vnlegacy.Evidence
	var rest []pos
	var warns []Warning
	type fontInfo struct {
		enc   vnlegacy.Encoding
		upper bool
	}
	fontEnc := map[string]fontInfo{} // a sheet has a few fonts and many cells
	nFont := 0                       // cells read as their legacy font says
	var fontFirst, fontBefore, fontAfter, fontName string
	for r, row := range sh.Rows {
		for c := range row {
			cell := &row[c]
			if cell.Kind != sheet.Text {
				continue
			}
			fe, ok := fontEnc[cell.Font]
			if !ok {
				fe.enc, fe.upper = vnlegacy.FontEncoding(cell.Font)
				fontEnc[cell.Font] = fe
			}
			enc, upper := fe.enc, fe.upper
			if enc == vnlegacy.Unicode || vnlegacy.HasUnicode(cell.Text) {
				ev.Add(cell.Text)
				rest = append(rest, pos{r, c})
				continue
			}
			out, _ := vnlegacy.Decode(cell.Text, enc, upper)
			if out == cell.Text {
				continue
			}
			if fontFirst == "" {
				fontFirst, fontBefore, fontAfter, fontName = sheet.CellName(r, c), cell.Text, out, cell.Font
			}
			nFont++
			cell.Text = out
		}
	}
	if nFont > 0 {
		warns = append(warns, newWarning(WarnLegacyFont, fontFirst, "sheet", sh.Name, "font", fontName,
			"cells", strconv.Itoa(nFont), "before", clip(fontBefore), "after", clip(fontAfter)))
	}
	enc, err := ev.Decide()
	if err != nil {
		var mixed *vnlegacy.ErrMixed
		errors.As(err, &mixed)
		find := func(word string) string {
			for _, p := range rest {
				if containsWord(sh.Rows[p.r][p.c].Text, word) {
					return sheet.CellName(p.r, p.c)
				}
			}
			return ""
		}
		return nil, &Refusal{Code: RefuseMixed, Args: map[string]string{"sheet": sh.Name,
			"a": encodingName[mixed.A], "word_a": mixed.WordA, "cell_a": find(mixed.WordA),
			"b": encodingName[mixed.B], "word_b": mixed.WordB, "cell_b": find(mixed.WordB)}}
	}
	if enc == vnlegacy.Unicode {
		return warns, nil
	}
	n, first, before, after := 0, "", "", ""
	for _, p := range rest {
		cell := &sh.Rows[p.r][p.c]
		out, _ := vnlegacy.Decode(cell.Text, enc, false)
		if out == cell.Text {
			continue
		}
		if n++; first == "" {
			first, before, after = sheet.CellName(p.r, p.c), cell.Text, out
		}
		cell.Text = out
	}
	word := ev.TCVN3Word
	if enc == vnlegacy.VNI {
		word = ev.VNIWord
	}
	warns = append(warns, newWarning(WarnLegacyText, first, "sheet", sh.Name, "encoding", encodingName[enc],
		"cells", strconv.Itoa(n), "word", clip(word), "before", clip(before), "after", clip(after)))
	return warns, nil
}

// clip keeps an example short, and what a single-byte file held readable.
func clip(s string) string {
	rs := []rune(vnlegacy.Readable(s))
	if len(rs) > 60 {
		return string(rs[:59]) + "…"
	}
	return string(rs)
}

func containsWord(text, word string) bool {
	return word != "" && strings.Contains(vnlegacy.Readable(text), word)
}
