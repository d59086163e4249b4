package dashboards

import (
	"context"
	"encoding/json"
	"html/template"
	"io"
	"net/url"

	"chitieu/data"
)

// LoadLister is what the load page reads of the store.
type LoadLister interface {
	Loads(ctx context.Context, limit int) ([]data.LoadRecord, error)
}

type loadView struct {
	ID                                      int64
	When, FileName, SHA256, Format, Content string
	Outcome, Class, Message, LoadedBy       string
	Read, Inserted, Updated                 string
}

type loadPageView struct {
	page
	Loads     []loadView
	Labels    template.JS
	MaxUpload int64
}

// Load renders the page where files are checked, then loaded, and the
// history of loads.
func (p *Pages) Load(ctx context.Context, w io.Writer, lang Lang, loads LoadLister, info DataInfo) error {
	recs, err := loads.Loads(ctx, 100)
	if err != nil {
		return err
	}
	v := loadPageView{page: p.newPage(lang, "/load", url.Values{}, p.cat.T(lang, "load.title"), info)}
	labels, err := json.Marshal(p.cat.All(lang))
	if err != nil {
		return err
	}
	v.Labels = template.JS(labels)
	v.MaxUpload = info.MaxUpload
	// What the store keeps as a word of its own (observations, local) is
	// shown in the page's words where the catalog has them.
	word := func(prefix, v string) string {
		if s := p.cat.T(lang, prefix+v); v != "" && s != prefix+v {
			return s
		}
		return v
	}
	for _, r := range recs {
		class := map[string]string{"loaded": "exceeded", "unchanged": "no-plan", "refused": "missed"}[r.Outcome]
		v.Loads = append(v.Loads, loadView{ID: r.ID, When: lang.DateTime(r.StartedAt), FileName: r.FileName, SHA256: r.SHA256,
			Format: r.Format, Content: word("content.", r.Content), Outcome: p.cat.T(lang, "outcome."+r.Outcome), Class: class,
			Message: r.Message, LoadedBy: word("who.", r.LoadedBy), Read: lang.Number(float64(r.Read), 0),
			Inserted: lang.Number(float64(r.Inserted), 0), Updated: lang.Number(float64(r.Updated), 0)})
	}
	return p.render(w, "load.html", v)
}
