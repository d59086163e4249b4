package data

import (
	"regexp"
	"strconv"
	"strings"
)

// fileFunctions are table and scalar functions that read files, list
// folders or run SQL given as text. Names are matched lower-case; a name
// ending in "_" matches every function that starts with it.
var fileFunctions = []string{
	"read_", "parquet_", "sniff_", "iceberg_", "delta_", "st_read", "glob", "query", "query_table",
	"csv_scan", "parquet_scan", "json_scan", "arrow_scan", "excel_", "sqlite_", "postgres_", "mysql_",
	"getenv", "load_", "install_", "import_", "export_", "copy_", "duckdb_secrets", "which_secret",
}

func fileFunction(name string) bool {
	name = strings.ToLower(name)
	for _, f := range fileFunctions {
		if name == f || (strings.HasSuffix(f, "_") && strings.HasPrefix(name, f)) {
			return true
		}
	}
	return false
}

// pathLike finds text that names a place on disk or on the network: a path
// from a root, home or the current folder, a Windows drive or share, a URL.
var pathLike = regexp.MustCompile(`(?i)^\s*(/[^\s/]|~|\.\.?[/\\]|[a-z]:[/\\]|\\\\)|^[a-z][a-z0-9+.-]*:(//|[/\\])`)

// dataFileText is a name with a data file's extension: DuckDB reads
// FROM 'x.csv' as a file, but WHERE file = 'x.csv' is only text.
var dataFileText = regexp.MustCompile(`(?i)\.(csv|tsv|txt|parquet|json|jsonl|ndjson|arrow|arrows|ipc|feather|duckdb|db|wal|xlsx|xls|gz|zst|zip|tmp|sqlite)\s*$`)

// guardQuery refuses, before DuckDB binds anything, a query that calls a
// function able to read files or run other SQL, or that holds a string or
// a quoted name that looks like a path (DuckDB reads FROM 'x.csv' and
// FROM "x.csv" as files), or one naming a file in paths (the store, its
// WAL, the upload spool). DuckDB's own sandbox stays on behind it; this
// check closes what the sandbox must leave open for the server itself.
func guardQuery(query string, paths []string) error {
	toks := lexSQL(query)
	for i, t := range toks {
		switch t.kind {
		case tokIdent, tokQuoted:
			if t.kind == tokIdent && strings.EqualFold(t.text, "u") && i+1 < len(toks) && toks[i+1].text == "&" {
				return Coded("sql", ErrForbidden, "sql.unicode_name")
			}
			if i+1 < len(toks) && toks[i+1].kind == tokPunct && toks[i+1].text == "(" && fileFunction(t.text) {
				return Coded("sql", ErrForbidden, "sql.file_function", "name", t.text)
			}
			if t.kind == tokQuoted && (suspectPath(t.text, paths) || dataFileText.MatchString(t.text)) {
				return Coded("sql", ErrForbidden, "sql.path_literal", "text", strconv.Quote(clipText(t.text)))
			}
		case tokString:
			// A file name is text to compare with, except where a table
			// goes (FROM 'x.csv', JOIN 'x.csv', FROM t, 'x.csv').
			if suspectPath(t.text, paths) || dataFileText.MatchString(t.text) && i > 0 && tableContext(toks[i-1]) {
				return Coded("sql", ErrForbidden, "sql.path_literal", "text", strconv.Quote(clipText(t.text)))
			}
		}
	}
	return nil
}

// tableContext says whether a token is one after which a table goes.
func tableContext(t token) bool {
	return t.text == "," || (t.kind == tokIdent && (strings.EqualFold(t.text, "from") || strings.EqualFold(t.text, "join")))
}

func suspectPath(s string, paths []string) bool {
	if pathLike.MatchString(s) {
		return true
	}
	ls := strings.ToLower(s)
	for _, p := range paths {
		if p = strings.ToLower(strings.TrimSpace(p)); p != "" && strings.Contains(ls, p) {
			return true
		}
	}
	return false
}

func clipText(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

type tokKind uint8

const (
	tokIdent  tokKind = iota // a bare word
	tokQuoted                // "a quoted name"
	tokString                // 'a string', E'…', $$…$$
	tokPunct                 // anything else, one character
)

type token struct {
	kind tokKind
	text string
}

// lexSQL splits a query into words, quoted names, strings and single
// characters, leaving out spaces and comments, as DuckDB's lexer does
// closely enough for the guard: what matters is where strings, names and
// comments start and end.
func lexSQL(q string) []token {
	var toks []token
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			i++
		case c == '-' && strings.HasPrefix(q[i:], "--"):
			if j := strings.IndexByte(q[i:], '\n'); j >= 0 {
				i += j + 1
			} else {
				i = len(q)
			}
		case c == '/' && strings.HasPrefix(q[i:], "/*"):
			depth := 0
			for i < len(q) {
				if strings.HasPrefix(q[i:], "/*") {
					depth++
					i += 2
				} else if strings.HasPrefix(q[i:], "*/") {
					depth--
					i += 2
					if depth == 0 {
						break
					}
				} else {
					i++
				}
			}
		case c == '\'':
			s, n := quoted(q[i:], '\'', false)
			toks = append(toks, token{tokString, s})
			i += n
		case (c == 'e' || c == 'E') && i+1 < len(q) && q[i+1] == '\'' && !wordByte(prev(q, i)):
			s, n := quoted(q[i+1:], '\'', true)
			toks = append(toks, token{tokString, s})
			i += 1 + n
		case c == '"':
			s, n := quoted(q[i:], '"', false)
			toks = append(toks, token{tokQuoted, s})
			i += n
		case c == '$' && i+1 < len(q) && !(q[i+1] >= '0' && q[i+1] <= '9') && !wordByte(prev(q, i)):
			// $tag$ … $tag$, the tag possibly empty.
			end := strings.IndexByte(q[i+1:], '$')
			if end < 0 || strings.ContainsAny(q[i+1:i+1+end], " \t\n'\"") {
				toks = append(toks, token{tokPunct, "$"})
				i++
				continue
			}
			tag := q[i : i+end+2]
			body := q[i+len(tag):]
			if j := strings.Index(body, tag); j >= 0 {
				toks = append(toks, token{tokString, body[:j]})
				i += len(tag) + j + len(tag)
			} else {
				toks = append(toks, token{tokString, body})
				i = len(q)
			}
		case wordByte(c) && !(c >= '0' && c <= '9'):
			j := i
			for j < len(q) && wordByte(q[j]) {
				j++
			}
			toks = append(toks, token{tokIdent, q[i:j]})
			i = j
		case c >= '0' && c <= '9':
			j := i
			for j < len(q) && (wordByte(q[j]) || q[j] == '.') {
				j++
			}
			i = j
		default:
			toks = append(toks, token{tokPunct, string(c)})
			i++
		}
	}
	return toks
}

func prev(q string, i int) byte {
	if i == 0 {
		return ' '
	}
	return q[i-1]
}

// wordByte is a byte of a bare word: ASCII letters, digits, _ and $, and
// every byte of a non-ASCII letter.
func wordByte(c byte) bool {
	return c == '_' || c == '$' || c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

// quoted reads a quoted run starting at s[0] == q, a doubled quote standing
// for one (and, with backslash, \x escapes), and returns its text and the
// bytes it took. An unclosed run takes the rest.
func quoted(s string, q byte, backslash bool) (string, int) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch {
		case backslash && s[i] == '\\' && i+1 < len(s):
			i++
			b.WriteByte(s[i])
		case s[i] == q && i+1 < len(s) && s[i+1] == q:
			b.WriteByte(q)
			i++
		case s[i] == q:
			return b.String(), i + 1
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String(), len(s)
}
