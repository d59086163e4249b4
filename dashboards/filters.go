package dashboards

import (
	"fmt"

	"chitieu/analytics"
	"net/url"
	"strings"
)

// filterState is what a page is filtered by; every filter lives in the URL,
// so a permalink keeps them all.
type filterState struct {
	Year                       int
	Block, Category, Unit, Ind string
	Release                    string
	Statuses                   []string
}

// filterView is the filter form of a page and its filters in words, which
// the heading shows on screen and on paper.
type filterView struct {
	Blocks, Categories, Statuses []option
	Releases                     []option // only where the store has releases
	State                        filterState
	Line                         string
	Active                       bool
	Sort                         string // kept by the form, so filtering keeps the order
	Desc                         bool
}

func (p *Pages) filterView(lang Lang, f filterState, blocks, categories []string) filterView {
	v := filterView{State: f}
	for _, b := range blocks {
		v.Blocks = append(v.Blocks, option{Value: b, Label: b, Selected: b == f.Block})
	}
	for _, c := range categories {
		v.Categories = append(v.Categories, option{Value: c, Label: c, Selected: c == f.Category})
	}
	sel := map[string]bool{}
	for _, s := range f.Statuses {
		sel[s] = true
	}
	for _, s := range Statuses() {
		v.Statuses = append(v.Statuses, option{Value: s, Label: p.cat.T(lang, "status."+s), Selected: sel[s]})
	}
	var parts []string
	if f.Year != 0 {
		parts = append(parts, fmt.Sprintf("%s %d", p.cat.T(lang, "year"), f.Year))
	}
	add := func(key, val string) {
		if val != "" {
			parts = append(parts, p.cat.T(lang, key)+": "+val)
			v.Active = true
		}
	}
	add("filter.block", f.Block)
	add("filter.category", f.Category)
	if f.Release != "" {
		add("filter.release", p.cat.T(lang, "release."+f.Release))
	}
	add("filter.unit", f.Unit)
	add("filter.indicator", f.Ind)
	var sts []string
	for _, s := range f.Statuses {
		sts = append(sts, p.cat.T(lang, "status."+s))
	}
	add("filter.status", strings.Join(sts, ", "))
	v.Line = strings.Join(parts, " · ")
	return v
}

// validStatuses keeps the known statuses of a list.
func validStatuses(in []string) []string {
	known := map[string]bool{}
	for _, s := range Statuses() {
		known[s] = true
	}
	var out []string
	for _, s := range in {
		if known[s] {
			out = append(out, s)
		}
	}
	return out
}

// withLang adds the language to a query when it is not the default.
func withLang(q url.Values, lang Lang) url.Values {
	if lang == EN {
		q.Set("lang", "en")
	}
	return q
}

// withReleases offers the release filter.
func (p *Pages) withReleases(lang Lang, v *filterView, releases []string) {
	for _, r := range releases {
		v.Releases = append(v.Releases, option{Value: r, Label: p.cat.T(lang, "release."+r), Selected: r == v.State.Release})
	}
}

// validRelease keeps a known release, else nothing.
func validRelease(r string) string {
	for _, k := range analytics.Releases {
		if r == k {
			return r
		}
	}
	return ""
}
