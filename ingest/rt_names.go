package ingest

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode"

	"chitieu/data"

	"golang.org/x/text/unicode/norm"
)

// catalogNames maps a folded code or name of a catalog to its code, and
// keeps what a load creates, so a name is resolved the same way throughout.
type catalogNames struct {
	byKey map[string]string // folded code or name -> code
	codes map[string]bool
	names map[string]string // code -> name
	added []NewEntry
}

// NewEntry is a unit or indicator a load creates (--create-missing) or
// would need (without it).
type NewEntry struct {
	Code    string `json:"code"`
	Name    string `json:"name"`
	Measure string `json:"measure,omitempty"`
	Kind    string `json:"kind,omitempty"`
}

func loadCatalogNames(ctx context.Context, c *data.Conn, table string) (*catalogNames, error) {
	cn := &catalogNames{byKey: map[string]string{}, codes: map[string]bool{}, names: map[string]string{}}
	rows, err := c.QueryContext(ctx, "SELECT code, name_vi, coalesce(name_en, '') FROM "+table)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", table, err)
	}
	defer rows.Close()
	taken := map[string]int{}
	for rows.Next() {
		var code, vi, en string
		if err := rows.Scan(&code, &vi, &en); err != nil {
			return nil, err
		}
		cn.codes[code], cn.names[code] = true, vi
		for _, k := range []string{FoldName(code), FoldName(vi), FoldName(en)} {
			if k == "" {
				continue
			}
			if prev, ok := cn.byKey[k]; ok && prev != code {
				taken[k]++
			}
			cn.byKey[k] = code
		}
	}
	for k := range taken {
		delete(cn.byKey, k) // a name two entries share names neither
	}
	return cn, rows.Err()
}

func (cn *catalogNames) find(name string) (string, bool) {
	code, ok := cn.byKey[FoldName(name)]
	return code, ok
}

// findOld finds a name among the entries the catalog held before the load.
func (cn *catalogNames) findOld(name string) (string, bool) {
	code, ok := cn.find(name)
	if ok && cn.isNew(code) {
		return "", false
	}
	return code, ok
}

func (cn *catalogNames) isNew(code string) bool {
	for _, e := range cn.added {
		if e.Code == code {
			return true
		}
	}
	return false
}

// rollback forgets the entries planned after the first n: their sheet was
// refused or skipped.
func (cn *catalogNames) rollback(n int) {
	for _, e := range cn.added[n:] {
		delete(cn.codes, e.Code)
		delete(cn.names, e.Code)
		for k, c := range cn.byKey {
			if c == e.Code {
				delete(cn.byKey, k)
			}
		}
	}
	cn.added = cn.added[:n]
}

// add plans a new entry named name and returns its code.
func (cn *catalogNames) add(name, measure, kind string) string {
	if code, ok := cn.find(name); ok {
		return code
	}
	code := codeOf(name)
	for i := 2; cn.codes[code]; i++ {
		code = fmt.Sprintf("%s_%d", codeOf(name), i)
	}
	cn.codes[code], cn.names[code] = true, name
	cn.byKey[FoldName(name)] = code
	cn.byKey[FoldName(code)] = code
	cn.added = append(cn.added, NewEntry{Code: code, Name: name, Measure: measure, Kind: kind})
	return code
}

// codeOf derives a code from a name: "Dân số trung bình - Nam" is
// DAN_SO_TRUNG_BINH_NAM; a long name is cut and keeps a short hash.
func codeOf(name string) string {
	var b strings.Builder
	under := false
	for _, r := range norm.NFD.String(name) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'D'
		}
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(unicode.ToUpper(r))
			under = false
		} else if !under && b.Len() > 0 {
			b.WriteByte('_')
			under = true
		}
	}
	code := strings.Trim(b.String(), "_")
	if code == "" {
		code = "X"
	}
	if len(code) > 40 {
		h := sha1.Sum([]byte(name))
		code = strings.TrimRight(code[:32], "_") + "_" + hex.EncodeToString(h[:3])
	}
	return code
}

// kindOf guesses a new indicator's kind from its measure and name.
func kindOf(name, measure string) string {
	m := strings.ToLower(measure)
	n := strings.ToLower(name)
	switch {
	case strings.Contains(m, "%") || strings.Contains(m, "‰"):
		return "rate"
	case strings.Contains(n, "chỉ số") || strings.Contains(n, "index"):
		return "index"
	case strings.Contains(m, "đồng") || strings.Contains(m, "usd") || strings.Contains(m, "dong"):
		return "amount"
	}
	return "count"
}

// createEntries writes the planned entries into the catalog, inside the
// load's transaction: all of them in one Arrow record batch, one INSERT for
// units and one for indicators, as a workbook may plan hundreds.
func createEntries(ctx context.Context, c *data.Conn, units, indicators []NewEntry) error {
	// The first plan of a code counts, and an entry the catalog has stays.
	first := `QUALIFY row_number() OVER (PARTITION BY code ORDER BY ord) = 1`
	return withEntries(ctx, c, units, indicators, "create entries",
		`INSERT INTO units (code, name_vi) SELECT code, name FROM %s
			WHERE catalog = 'units' AND code NOT IN (SELECT code FROM units) `+first,
		`INSERT INTO indicators (code, name_vi, measure, kind, direction)
			SELECT code, name, nullif(measure, ''), kind, 'higher' FROM %s
			WHERE catalog = 'indicators' AND code NOT IN (SELECT code FROM indicators) `+first)
}

// dropUnused removes entries a load created that no figure uses.
func dropUnused(ctx context.Context, c *data.Conn, units, indicators []NewEntry) error {
	return withEntries(ctx, c, units, indicators, "drop entries",
		`DELETE FROM units WHERE code IN (SELECT code FROM %s WHERE catalog = 'units')
			AND code NOT IN (SELECT unit_code FROM observations)`,
		`DELETE FROM indicators WHERE code IN (SELECT code FROM %s WHERE catalog = 'indicators')
			AND code NOT IN (SELECT indicator_code FROM observations)`)
}

// withEntries runs statements over a table of the entries (catalog, ord,
// code, name, measure, kind), each naming it with %s. The entries reach
// DuckDB as one Arrow record batch; an Arrow view reads once, so they go to
// a table every statement reads.
func withEntries(ctx context.Context, c *data.Conn, units, indicators []NewEntry, what string, stmts ...string) error {
	if len(units)+len(indicators) == 0 {
		return nil
	}
	table := "ct_entries"
	release, err := registerEntries(ctx, c, table+"_arrow", units, indicators)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	_, err = c.ExecContext(ctx, "CREATE OR REPLACE TEMP TABLE "+table+" AS SELECT * FROM "+table+"_arrow")
	release()
	c.ExecContext(ctx, "DROP VIEW IF EXISTS "+table+"_arrow")
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	for _, q := range stmts {
		if _, err := c.ExecContext(ctx, fmt.Sprintf(q, table)); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
	}
	return nil
}
