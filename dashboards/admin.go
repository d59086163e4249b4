package dashboards

import (
	"io"
	"net/url"
	"strings"

	"chitieu/data"
	"chitieu/msg"
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
	Filter  data.AuditFilter
	Rows    []auditRow
	Actions []auditAction
}

// auditAction is an action the audit records: its code, and its name in the
// page's language (from the message catalog, msg/*.json).
type auditAction struct{ Code, Name string }

// auditActions are the actions the audit's search offers.
func auditActions() []string {
	return []string{"sql", "load", "login", "logout", "user-add", "user-remove", "token-new", "token-revoke"}
}

// actionName is an audit action in lang, or its code when the catalog has none.
func actionName(lang Lang, code string) string {
	if !msg.Has(string(lang), "audit.action."+code) {
		return code
	}
	return msg.Text(string(lang), "audit.action."+code, nil)
}

// OutcomeText is an audit outcome in lang: its word (ok, refused, a load's
// outcome…) from the catalogs, and the detail after ": " as recorded.
func OutcomeText(lang Lang, s string) string {
	word, detail, has := strings.Cut(s, ": ")
	for _, code := range []string{"audit.outcome." + word, "outcome." + word} {
		if msg.Has(string(lang), code) {
			word = msg.Text(string(lang), code, nil)
			break
		}
	}
	if has {
		return word + ": " + detail
	}
	return word
}

// Audit renders the audit, newest first, with its search form.
func (p *Pages) Audit(w io.Writer, lang Lang, f data.AuditFilter, es []data.AuditEntry, info DataInfo) error {
	v := auditView{page: p.newPage(lang, "/admin/audit", url.Values{"actor": {f.Actor}, "action": {f.Action}, "q": {f.Text}},
		p.cat.T(lang, "audit.title"), info), Filter: f}
	for _, a := range auditActions() {
		v.Actions = append(v.Actions, auditAction{Code: a, Name: actionName(lang, a)})
	}
	for _, e := range es {
		r := auditRow{ID: e.ID, When: lang.DateTime(e.At.Local()), Actor: e.Actor, Action: actionName(lang, e.Action), Object: e.Object,
			Detail: e.Detail, Outcome: OutcomeText(lang, e.Outcome)}
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
