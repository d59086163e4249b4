package ingest

import (
	"strings"

	"chitieu/data"
)

// sqlMsg is SQL building a message as one text: its code, then pairs of
// argument names and values (SQL expressions), separated by chr(31). The
// checks run in SQL say what is wrong this way; parseMsg reads it back.
func sqlMsg(code string, kv ...string) string {
	parts := []string{data.QuoteString(code)}
	for i := 0; i+1 < len(kv); i += 2 {
		parts = append(parts, data.QuoteString(kv[i]), "coalesce(CAST("+kv[i+1]+" AS VARCHAR), '')")
	}
	return "concat_ws(chr(31), " + strings.Join(parts, ", ") + ")"
}

// parseMsg sets p's code and arguments from the text sqlMsg built.
func parseMsg(p *Problem, s string) {
	f := strings.Split(s, "\x1f")
	p.Code = f[0]
	if len(f) > 2 {
		p.Args = make(map[string]string, len(f)/2)
		for i := 1; i+1 < len(f); i += 2 {
			p.Args[f[i]] = f[i+1]
		}
	}
}
