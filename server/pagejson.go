package server

import (
	"encoding/json"
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
)

// pageParts is a page as its script redraws it without a reload
// (?format=json on every main page): the same rendering as the HTML, so the
// server stays the source of truth, cut into what changes with a filter.
// Charts come as their options, apart from the markup, so the script sets
// a new option on a chart already drawn and leaves an unchanged one alone.
type pageParts struct {
	Title        string                     `json:"title"`
	Year         int                        `json:"year,omitempty"`
	OtherLangURL string                     `json:"other_lang_url"`
	Main         string                     `json:"main"`
	Charts       map[string]json.RawMessage `json:"charts"`
}

var (
	titleRe    = regexp.MustCompile(`(?s)<title>(.*?)</title>`)
	otherRe    = regexp.MustCompile(`<a href="([^"]*)" hreflang=`)
	yearSelRe  = regexp.MustCompile(`(?s)<select name="year" data-nav[^>]*>(.*?)</select>`)
	selectedRe = regexp.MustCompile(`<option value="(\d+)" selected>`)
	// The options are json.Marshal's output, which escapes <, > and &: no
	// "</script>" can occur inside one.
	optionRe = regexp.MustCompile(`(?s)<script type="application/json" id="(opt-[^"]+)">(.*?)</script>`)
)

// splitPage cuts a page the dashboards rendered into its parts.
func splitPage(raw []byte) (pageParts, error) {
	s := string(raw)
	start, end := strings.Index(s, "<main>"), strings.LastIndex(s, "</main>")
	if start < 0 || end < start {
		return pageParts{}, fmt.Errorf("server: page without its main part")
	}
	p := pageParts{Charts: map[string]json.RawMessage{}}
	if m := titleRe.FindStringSubmatch(s[:start]); m != nil {
		p.Title = html.UnescapeString(m[1])
	}
	if m := otherRe.FindStringSubmatch(s[:start]); m != nil {
		p.OtherLangURL = html.UnescapeString(m[1])
	}
	if m := yearSelRe.FindStringSubmatch(s[:start]); m != nil {
		if y := selectedRe.FindStringSubmatch(m[1]); y != nil {
			p.Year, _ = strconv.Atoi(y[1])
		}
	}
	main := s[start+len("<main>") : end]
	var bad error
	p.Main = optionRe.ReplaceAllStringFunc(main, func(tag string) string {
		m := optionRe.FindStringSubmatch(tag)
		if !json.Valid([]byte(m[2])) {
			bad = fmt.Errorf("server: chart %s: option is not JSON", m[1])
		}
		p.Charts[m[1]] = json.RawMessage(m[2])
		return ""
	})
	return p, bad
}

// servePageParts answers ?format=json of a page from its rendered HTML,
// kept for the data version like the page itself.
func (s *Server) servePageParts(c *gin.Context, version int64, key string, raw []byte) {
	b, err := s.cache.load(version, "parts|"+key, func() ([]byte, error) {
		p, err := splitPage(raw)
		if err != nil {
			return nil, err
		}
		b, err := jsonPage(p, 0)
		if err != nil {
			return nil, fmt.Errorf("server: page parts: %w", err)
		}
		return b, nil
	})
	if err != nil {
		s.writeError(c, err)
		return
	}
	h := c.Writer.Header()
	h.Set("Cache-Control", "no-cache")
	h.Add("Vary", "Accept-Language")
	s.writeBody(c, "application/json; charset=utf-8", decodePage(b))
}

// wantsParts says whether a page request asks for its parts as JSON.
func wantsParts(c *gin.Context) bool { return c.Query("format") == "json" }
