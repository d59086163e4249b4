package dashboards

import (
	"io"
	"net/url"

	"chitieu/data"
)

// Label is a label in lang.
func (p *Pages) Label(lang Lang, key string) string { return p.cat.T(lang, key) }

type loginView struct {
	page
	Next, CSRF, Message string
}

// Login renders the login form; csrf is the form's double-submit token.
func (p *Pages) Login(w io.Writer, lang Lang, next, csrf, message string) error {
	v := loginView{page: p.newPage(lang, "/login", url.Values{"next": {next}}, p.cat.T(lang, "login.title"), DataInfo{}),
		Next: next, CSRF: csrf, Message: message}
	v.DataLine = ""
	v.Bare = true
	return p.render(w, "login.html", v)
}

type auditRow struct {
	ID                                           int64
	When, Actor, Action, Object, Detail, Outcome string
	Duration, Rows                               string
}

type auditView struct {
	page
	Filter data.AuditFilter
	Rows   []auditRow
}

// Audit renders the audit, newest first, with its search form.
func (p *Pages) Audit(w io.Writer, lang Lang, f data.AuditFilter, es []data.AuditEntry, info DataInfo) error {
	v := auditView{page: p.newPage(lang, "/admin/audit", url.Values{"actor": {f.Actor}, "action": {f.Action}, "q": {f.Text}},
		p.cat.T(lang, "audit.title"), info), Filter: f}
	for _, e := range es {
		r := auditRow{ID: e.ID, When: lang.DateTime(e.At.Local()), Actor: e.Actor, Action: e.Action, Object: e.Object,
			Detail: e.Detail, Outcome: e.Outcome}
		if e.DurationMS != nil {
			r.Duration = lang.Number(float64(*e.DurationMS), 0) + " ms"
		}
		if e.Rows != nil {
			r.Rows = lang.Number(float64(*e.Rows), 0)
		}
		v.Rows = append(v.Rows, r)
	}
	return p.render(w, "audit.html", v)
}
