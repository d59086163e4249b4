package rtable

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"chitieu/ingest/sheet"
)

// columns gives every column its meaning from the header rows above it.
func (g *grid) columns(head []int, first int, t *Table) error {
	width := 0
	for r := head[0]; r < len(g.sh.Rows); r++ {
		width = max(width, g.width(r))
	}
	seen := map[string]int{}
	firstValue, firstFigure := -1, -1
	for c := 0; c < width; c++ {
		var parts []string
		for _, h := range head {
			s := g.headerText(h, c)
			if s != "" && (len(parts) == 0 || parts[len(parts)-1] != s) {
				parts = append(parts, s)
			}
		}
		col := classify(strings.Join(parts, " "))
		col.Col, col.Letter = c, sheet.ColumnName(c)
		if col.Role == RoleValue || col.Role == RolePctPlan || col.Role == RolePctPrev {
			key := fmt.Sprintf("%s %d %s %s", col.Role, col.Year, col.Field, col.Breakdown)
			if firstValue < 0 {
				firstValue = c
			}
			if prev, dup := seen[key]; dup {
				if rank(col.Release) > rank(t.Columns[prev].Release) {
					o := &t.Columns[prev]
					o.ignore(NoteDuplicate, "field", o.Field, "year", strconv.Itoa(o.Year), "column", col.Letter)
					seen[key] = c
				} else {
					col.ignore(NoteDuplicate, "field", col.Field, "year", strconv.Itoa(col.Year), "column", t.Columns[prev].Letter)
				}
			} else {
				seen[key] = c
			}
		}
		if firstFigure < 0 && (col.Role == RoleValue || col.Role == RolePctPlan || col.Role == RolePctPrev ||
			col.Role == RoleIgnored && col.Code != NoteNoHeader && col.Code != NoteNoYear) {
			firstFigure = c
		}
		t.Columns = append(t.Columns, col)
	}
	if firstValue < 0 {
		return noTable(NoTableNoYear)
	}
	if !hasValues(t.Columns) {
		return noTable(NoTableOnlyCompar)
	}
	// Left of the figures: row labels, STT and ĐVT columns; a column headed
	// by a month or a comparison stays ignored.
	for c := 0; c < firstFigure; c++ {
		col := &t.Columns[c]
		if col.Role != RoleLabel && (col.Role != RoleIgnored || col.Code != NoteNoHeader && col.Code != NoteNoYear) {
			continue
		}
		if g.sttColumn(c, first, firstFigure) {
			col.Role = RoleSTT
			col.clearNote()
			continue
		}
		col.Role = RoleLabel
		col.clearNote()
	}
	for c := firstFigure; c < width; c++ {
		col := &t.Columns[c]
		if col.Role == RoleLabel {
			col.ignore(NoteTextRight)
		}
	}
	return nil
}

// sttColumn: a column of numbering (I, 1, 2.1, a) with text to its right.
func (g *grid) sttColumn(c, first, firstValue int) bool {
	n, stt := 0, 0
	for r := first; r < len(g.sh.Rows) && n < 200; r++ {
		s := g.text(r, c)
		if s == "" {
			continue
		}
		n++
		if sttToken.MatchString(s) || roman(s) {
			stt++
		}
	}
	return n > 0 && stt*10 >= n*8 && c+1 < firstValue
}

// rowState follows the rows of the body.
type rowState struct {
	groupParent  int    // a "Phân theo …" heading's parent, or -1
	groupFirst   bool   // the next data row is the group's first
	structure    bool   // under a "Cơ cấu" section: ignored
	structureWhy string // the code of why
	notes        bool   // past the table, in its notes
	measure      string
}

// rows reads every row: the title block and header, then the body.
func (g *grid) rows(first int, head []int, above int, t *Table) {
	isHead := map[int]bool{}
	for _, h := range head {
		isHead[h] = true
	}
	body := head[len(head)-1] + 1
	for r := 0; r < body; r++ {
		kind := KindBlank
		switch {
		case isHead[r]:
			kind = KindHeader
		case nonEmpty(g.texts(r)) == 0:
		case columnNumbers(g.texts(r)):
			kind = KindColNums
		case r <= above:
			kind = KindTitle
		default:
			kind = KindMeasure
		}
		t.Rows = append(t.Rows, Row{Row: r + 1, Kind: kind, Text: onlyText(g.texts(r)), Parent: -1})
	}
	st := rowState{groupParent: -1, measure: t.Measure}
	for r := body; r < len(g.sh.Rows); r++ {
		t.Rows = append(t.Rows, g.bodyRow(r, t, &st))
	}
}

func (g *grid) bodyRow(r int, t *Table, st *rowState) Row {
	row := Row{Row: r + 1, Parent: -1}
	var stt string
	labelCol := -1
	for _, col := range t.Columns {
		s := g.text(r, col.Col)
		if s == "" {
			continue
		}
		switch col.Role {
		case RoleSTT:
			stt = s
		case RoleMeasure:
			row.Measure = s
		case RoleLabel:
			if l, _ := CleanLabel(s); labelCol < 0 && l != "" {
				labelCol = col.Col
				raw := ""
				if cell := g.sh.At(r, col.Col); cell.Kind == sheet.Text {
					raw = cell.Text
				}
				row.Text, row.Cell = s, sheet.CellName(r, col.Col)
				row.Depth = depthOf(raw, g.sh.At(r, col.Col).Indent, col.Col, t)
				row.Bold = g.sh.At(r, col.Col).Bold
			}
		}
	}
	if row.Text == "" && stt != "" && !sttToken.MatchString(stt) {
		row.Text = stt
	}
	figures, anyCell := 0, 0
	for _, col := range t.Columns {
		if col.Role != RoleValue && col.Role != RolePctPlan && col.Role != RolePctPrev {
			continue
		}
		s := g.text(r, col.Col)
		if s == "" {
			continue
		}
		anyCell++
		if _, ok := g.num(r, col.Col); ok {
			figures++
		} else if missing(s) {
			figures++
		}
	}
	all := onlyText(g.texts(r))
	switch {
	case figures == 0 && columnNumbers(g.texts(r)):
		row.Kind = KindColNums
		return row
	case all == "":
		row.Kind = KindBlank
		if !st.notes {
			st.groupParent = -1
		}
		return row
	case figures == 0 && (st.notes || noteRe.MatchString(all) || dateRe.MatchString(all)):
		row.Kind, row.Text = KindNote, all
		st.notes = true
		if signRe.MatchString(all) || dateRe.MatchString(all) {
			row.Kind = KindSignature
		}
		return row
	case figures == 0 && signRe.MatchString(all):
		row.Kind, row.Text = KindSignature, all
		st.notes = true
		return row
	case figures == 0 && row.Text == "" && anyCell > 0 && !strings.HasPrefix(plain(all), "co cau") && !strings.HasPrefix(plain(all), "chi so phat trien"):
		row.Text = all
		row.refuse(NoteRowNoFigures)
		return row
	case figures == 0 && row.Text == "":
		row.Text = all // a section or measure line written over the figure columns
	}
	row.Label, row.Measure = labelMeasure(row.Text, row.Measure)
	own := row.Measure
	if row.Measure == "" {
		row.Measure = st.measure
	}
	if stt == "" {
		row.Depth += numberingDepth(row.Text)
	}
	if figures == 0 {
		row.Kind = KindSection
		p := plain(strings.TrimLeft(row.Text, "-–—+•* "))
		switch {
		case strings.HasPrefix(p, "co cau") || strings.HasPrefix(p, "chi so phat trien"):
			st.structure, st.groupParent = true, -1
			st.structureWhy = NoteStructure
			if strings.HasPrefix(p, "chi so") {
				st.structureWhy = NoteGrowthIndex
			}
		case own == "" && isMeasure(row.Text) && len([]rune(row.Text)) <= 30:
			row.Kind, st.measure, st.structure = KindMeasure, row.Text, false
		case strings.HasPrefix(p, "phan theo") || strings.HasPrefix(p, "chia ra") || strings.HasPrefix(p, "chia theo") ||
			strings.HasPrefix(p, "trong do") || strings.HasPrefix(p, "by "):
			st.groupParent, st.groupFirst = groupParentOf(t.Rows), true
		default:
			st.structure, st.groupParent = false, -1
			row.Heading = row.Label != "" && (stt == "" || !roman(stt))
			if stt != "" {
				row.Depth = sttDepth(stt)
			}
			row.Parent = parentOf(t.Rows, row.Depth)
			if own != "" {
				st.measure = own // "Sản lượng (Nghìn tấn)" measures the rows under it
			}
		}
		return row
	}
	if st.structure {
		row.refuse(st.structureWhy)
		return row
	}
	if row.Label == "" {
		row.refuse(NoteRowNoLabel)
		return row
	}
	row.Kind = KindData
	if isTotal(row.Label) {
		row.Kind = KindTotal
	}
	if stt != "" {
		row.Depth = sttDepth(stt)
	}
	if gp := st.groupParent; gp >= 0 && st.groupFirst && row.Depth > t.Rows[gp].Depth {
		st.groupParent = -1 // indents tell the breakdown
	}
	st.groupFirst = false
	if gp := st.groupParent; gp >= 0 && row.Depth <= t.Rows[gp].Depth {
		if row.Bold {
			st.groupParent = -1
		} else {
			row.Depth = t.Rows[gp].Depth + 1
		}
	}
	if row.Kind == KindTotal && !anyData(t.Rows) && !anyHeading(t.Rows) {
		row.Depth = -1 // a total opening the table sums the rows under it
	}
	row.Parent = parentOf(t.Rows, row.Depth)
	if h := lastNonBlank(t.Rows); row.Kind == KindTotal && h >= 0 && t.Rows[h].Heading && t.Rows[h].Depth <= row.Depth {
		row.Parent = h // "XUẤT KHẨU DỊCH VỤ" over "Tổng số"
	}
	idx := len(t.Rows)
	for _, col := range t.Columns {
		if col.Role != RoleValue && col.Role != RolePctPlan && col.Role != RolePctPrev {
			continue
		}
		v := Value{Row: idx, Cell: sheet.CellName(r, col.Col), Year: col.Year, Field: col.Field,
			Release: col.Release, Breakdown: col.Breakdown}
		if col.Role != RoleValue {
			v.Field = col.Role
		}
		n, ok := g.num(r, col.Col)
		if ok {
			v.Num = n
			if f := g.sh.At(r, col.Col).Format; col.Role != RoleValue && strings.Contains(f, "%") {
				v.Num = sheet.AsShown(n * 100)
			}
		} else {
			v.Empty = true
		}
		t.Values = append(t.Values, v)
	}
	return row
}

func labelMeasure(text, measure string) (string, string) {
	label, m := CleanLabel(text)
	if measure != "" {
		m = measure
	}
	return label, m
}

// depthOf is how deep a label sits: its column, its indent, leading spaces.
func depthOf(raw string, indent, col int, t *Table) int {
	d := indent
	for _, c := range t.Columns {
		if c.Role == RoleLabel {
			d += (col - c.Col) * 4
			break
		}
	}
	if strings.IndexFunc(raw, func(r rune) bool { return !unicode.IsSpace(r) }) > 0 {
		d++
	}
	if strings.HasPrefix(strings.TrimSpace(raw), "-") || strings.HasPrefix(strings.TrimSpace(raw), "+") {
		d += 2
	}
	return d
}

// sttDepth: I is a section (0), 1 an item (1), 2.1 a sub-item (2), a or - deeper.
func sttDepth(s string) int {
	s = strings.TrimRight(strings.TrimSpace(s), ".")
	switch {
	case roman(s):
		return 0
	case s == "-" || s == "+" || s == "*" || len(s) == 1 && s[0] >= 'a' && s[0] <= 'z':
		return 4
	}
	return 1 + strings.Count(s, ".")
}

func isTotal(label string) bool {
	switch plain(label) {
	case "tong so", "tong", "tong cong", "cong", "toan tinh", "toan thanh pho", "ca nuoc", "whole country", "total", "tong so chung":
		return true
	}
	p := plain(label)
	for _, pre := range []string{"tong so ", "tong tri gia", "tong gia tri", "tong muc", "tong cong "} {
		if strings.HasPrefix(p, pre) {
			return true
		}
	}
	return false
}

// parentOf is the nearest data row or heading above with a smaller depth.
func parentOf(rows []Row, depth int) int {
	for i := len(rows) - 1; i >= 0; i-- {
		if (rows[i].Kind == KindData || rows[i].Kind == KindTotal || rows[i].Heading) && rows[i].Depth < depth {
			return i
		}
	}
	return -1
}

func anyData(rows []Row) bool {
	for _, r := range rows {
		if r.Kind == KindData || r.Kind == KindTotal {
			return true
		}
	}
	return false
}

// groupParentOf is the row a "Phân theo …" heading breaks down: the last
// data row, or the row it itself breaks down.
func groupParentOf(rows []Row) int {
	i := lastData(rows, 1<<30)
	for i >= 0 && rows[i].Parent >= 0 && (rows[rows[i].Parent].Kind == KindData || rows[rows[i].Parent].Kind == KindTotal) {
		i = rows[i].Parent
	}
	return i
}

// lastData is the last data row at depth or above it.
func lastData(rows []Row, depth int) int {
	for i := len(rows) - 1; i >= 0; i-- {
		if (rows[i].Kind == KindData || rows[i].Kind == KindTotal) && rows[i].Depth <= depth {
			return i
		}
	}
	return -1
}

func hasValues(cols []Column) bool {
	for _, c := range cols {
		if c.Role == RoleValue {
			return true
		}
	}
	return false
}

func anyHeading(rows []Row) bool {
	for _, r := range rows {
		if r.Heading {
			return true
		}
	}
	return false
}

var (
	letterSection = regexp.MustCompile(`^\s*[A-Z]\s*[.)]\s+`)
	romanSection  = regexp.MustCompile(`^\s*[IVX]+\s*[.)]\s+`)
)

// numberingDepth: a label numbered "A." sits above one numbered "I.",
// which sits above the rest.
func numberingDepth(text string) int {
	switch {
	case romanSection.MatchString(text):
		return -1
	case letterSection.MatchString(text):
		return -2
	}
	return 0
}

func lastNonBlank(rows []Row) int {
	for i := len(rows) - 1; i >= 0; i-- {
		if rows[i].Kind != KindBlank {
			return i
		}
	}
	return -1
}
