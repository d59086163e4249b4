// Package msg renders the words users read from message catalogs kept as
// data files (vi.json, en.json): a message is a stable code and named
// arguments, so programs keep the code and people read the text in their
// language. Vietnamese is the default; English by --lang en, ?lang=en or
// Accept-Language.
package msg

import (
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
)

//go:embed vi.json en.json
var files embed.FS

// Languages.
const (
	VI = "vi"
	EN = "en"
)

// M is one message: a code and its arguments.
type M struct {
	Code string            `json:"code"`
	Args map[string]string `json:"args,omitempty"`
	// Parts are arguments that are messages themselves ("for K1, K2",
	// "in 2018–2020"), rendered in the same language; a part with no
	// code renders empty, so a phrase may be left out.
	Parts map[string]M `json:"parts,omitempty"`
}

// New makes a message from a code and pairs of argument names and values.
func New(code string, kv ...string) M {
	m := M{Code: code}
	if len(kv) > 1 {
		m.Args = make(map[string]string, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			m.Args[kv[i]] = kv[i+1]
		}
	}
	return m
}

// Text renders m in lang.
func (m M) Text(lang string) string {
	if len(m.Parts) == 0 {
		return Text(lang, m.Code, m.Args)
	}
	args := make(map[string]string, len(m.Args)+len(m.Parts))
	for k, v := range m.Args {
		args[k] = v
	}
	for k, p := range m.Parts {
		args[k] = p.Text(lang)
	}
	return Text(lang, m.Code, args)
}

// With returns m with a part: an argument that is a message itself.
func (m M) With(name string, part M) M {
	parts := make(map[string]M, len(m.Parts)+1)
	for k, v := range m.Parts {
		parts[k] = v
	}
	parts[name] = part
	m.Parts = parts
	return m
}

// catalogs are the parsed catalogs, read once: they never change.
var catalogs = sync.OnceValue(func() map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, l := range []string{VI, EN} {
		b, err := files.ReadFile(l + ".json")
		if err != nil {
			panic(err) // embedded: cannot happen
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			panic(fmt.Sprintf("msg/%s.json: %v", l, err)) // caught by the catalog test
		}
		out[l] = m
	}
	return out
})

// Has reports whether the catalog of lang has code.
func Has(lang, code string) bool {
	_, ok := catalogs()[Lang(lang)][code]
	return ok
}

// Codes lists the codes of lang's catalog, sorted.
func Codes(lang string) []string {
	var out []string
	for k := range catalogs()[Lang(lang)] {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Text renders the message code in lang with its arguments: {name} in the
// catalog's text is replaced by args[name]. A code missing from lang's
// catalog falls back to the other language, then to the code itself.
func Text(lang, code string, args map[string]string) string {
	if code == "" {
		return ""
	}
	cats := catalogs()
	t, ok := cats[Lang(lang)][code]
	if !ok {
		if t, ok = cats[VI][code]; !ok {
			t = code
		}
	}
	if len(args) == 0 || !strings.Contains(t, "{") {
		return t
	}
	if strings.Contains(t, "|") {
		t = plurals(t, args)
	}
	pairs := make([]string, 0, 2*len(args))
	for k, v := range args {
		pairs = append(pairs, "{"+k+"}", v)
	}
	return strings.NewReplacer(pairs...).Replace(t)
}

// plurals picks each {name|one|other} of t by the count args[name]: "one"
// when it is 1, else "other", so English says 1 problem and 2 problems.
func plurals(t string, args map[string]string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			return b.String() + t
		}
		j := strings.IndexByte(t[i:], '}')
		if j < 0 {
			return b.String() + t
		}
		parts := strings.Split(t[i+1:i+j], "|")
		b.WriteString(t[:i])
		if v, ok := args[parts[0]]; ok && len(parts) == 3 {
			if v == "1" {
				b.WriteString(parts[1])
			} else {
				b.WriteString(parts[2])
			}
		} else {
			b.WriteString(t[i : i+j+1])
		}
		t = t[i+j+1:]
	}
}

// Lang is "en" for English, else "vi".
func Lang(s string) string {
	if strings.EqualFold(strings.TrimSpace(s), EN) {
		return EN
	}
	return VI
}

// FromRequest picks the language of a request: an explicit ?lang wins, then
// the first of Accept-Language's languages that is vi or en (by weight),
// else Vietnamese.
func FromRequest(query, acceptLanguage string) string {
	if q := strings.TrimSpace(query); q != "" {
		return Lang(q)
	}
	best, bestQ := VI, -1.0
	for _, part := range strings.Split(acceptLanguage, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		tag = strings.ToLower(strings.TrimSpace(tag))
		base, _, _ := strings.Cut(tag, "-")
		if base != VI && base != EN {
			continue
		}
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if _, err := fmt.Sscanf(v, "%g", &q); err != nil {
				q = 0
			}
		}
		if q > bestQ {
			best, bestQ = base, q
		}
	}
	return best
}

// Error is a message that is also an error of a kind (data.ErrInvalid…),
// so that the one place mapping errors to statuses can render it in the
// request's language.
type Error struct {
	M
	Kind error
}

func (e *Error) Error() string { return e.M.Text(EN) }

// Unwrap lets errors.Is match the kind.
func (e *Error) Unwrap() error { return e.Kind }

// MessageCode is the message's code and arguments (see Coded).
func (e *Error) MessageCode() (string, map[string]string) { return e.Code, e.Args }

// Coded is an error of any package that carries a message code and its
// arguments, so that packages below msg (data) can refuse in words the
// catalogs hold without importing msg. An empty code means none.
type Coded interface {
	error
	MessageCode() (code string, args map[string]string)
}

// Find is the first message carried by err or the errors it wraps.
func Find(err error) (M, bool) {
	c, ok := Carrier(err)
	if !ok {
		return M{}, false
	}
	if e, ok := c.(*Error); ok {
		return e.M, true
	}
	code, args := c.MessageCode()
	return M{Code: code, Args: args}, true
}

// Carrier is the first error in err's chain that carries a message.
func Carrier(err error) (Coded, bool) {
	for err != nil {
		if c, ok := err.(Coded); ok {
			if code, _ := c.MessageCode(); code != "" {
				return c, true
			}
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				if c, ok := Carrier(e); ok {
					return c, true
				}
			}
			return nil, false
		default:
			return nil, false
		}
	}
	return nil, false
}

// Render is the text of the first message err carries, in lang.
func Render(lang string, err error) (string, bool) {
	m, ok := Find(err)
	if !ok {
		return "", false
	}
	return m.Text(lang), true
}

// Err makes an Error of a kind from a message.
func Err(kind error, m M) error { return &Error{M: m, Kind: kind} }

// E makes an Error of a kind from a code and argument pairs.
func E(kind error, code string, kv ...string) error { return &Error{M: New(code, kv...), Kind: kind} }

// Prefixed returns a copy of lang's entries whose codes start with prefix,
// keyed by the rest of the code: the pages' labels are the "page." entries.
func Prefixed(lang, prefix string) map[string]string {
	out := map[string]string{}
	for k, v := range catalogs()[Lang(lang)] {
		if rest, ok := strings.CutPrefix(k, prefix); ok {
			out[rest] = v
		}
	}
	return out
}

// PageLang picks the language of a page: an explicit ?lang wins; else
// English only when the browser's first language is English and it does
// not list Vietnamese at all (a Vietnamese official with an English
// browser that lists vi still reads Vietnamese); else Vietnamese.
func PageLang(query, acceptLanguage string) string {
	if q := strings.TrimSpace(query); q != "" {
		return Lang(q)
	}
	first := ""
	for _, part := range strings.Split(acceptLanguage, ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		base, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
		if base == "" {
			continue
		}
		if base == VI {
			return VI
		}
		if first == "" {
			first = base
		}
	}
	if first == EN {
		return EN
	}
	return VI
}
