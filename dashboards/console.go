package dashboards

import (
	"context"
	"encoding/json"
	"html/template"
	"io"
	"net/url"

	"chitieu/msg"
)

// Example is a worked query the console offers to start from.
type Example struct {
	Key  string `json:"-"` // its title's catalog code, page.sql.example.*
	Name string `json:"name"`
	SQL  string `json:"sql"`
}

// examples are the console's worked queries: what analysts ask first.
func examples() []Example {
	return []Example{
		{Key: "page.sql.example.growth",
			SQL: `SELECT year, unit_code, indicator_code, actual, prev_actual, round(yoy_pct, 2) AS yoy_pct
FROM performance
WHERE yoy_pct IS NOT NULL
ORDER BY year DESC, yoy_pct DESC`},
		{Key: "page.sql.example.attainment",
			SQL: `SELECT year, unit_name_vi, indicator_name_vi, actual, plan,
       round(attainment_pct, 2) AS attainment_pct, status
FROM performance
WHERE plan IS NOT NULL
ORDER BY attainment_pct`},
		{Key: "page.sql.example.ranking",
			SQL: `SELECT block, rank, unit_name_vi, total_score, indicator_score, criteria_score,
       n_planned, n_exceeded + n_met AS n_met_or_exceeded, round(avg_attainment_pct, 2) AS avg_attainment_pct
FROM ranking
WHERE year = (SELECT max(year) FROM observations)
ORDER BY block, rank NULLS LAST`},
		{Key: "page.sql.example.missed_runs",
			SQL: `WITH missed AS (
    SELECT unit_code, indicator_code, year
    FROM performance WHERE status = 'missed'
), runs AS (
    SELECT *, year - row_number() OVER (PARTITION BY unit_code, indicator_code ORDER BY year) AS run
    FROM missed
)
SELECT unit_code, indicator_code, min(year) AS from_year, max(year) AS to_year, count(*) AS years
FROM runs
GROUP BY unit_code, indicator_code, run
HAVING count(*) >= 3
ORDER BY years DESC, unit_code`},
		{Key: "page.sql.example.growth_between",
			SQL: `SELECT unit_code, indicator_code, from_actual, to_actual,
       round(growth_pct, 2) AS growth_pct, round(cagr_pct, 2) AS cagr_pct, plan_met_share_pct
FROM growth_between(2017, 2018)
ORDER BY cagr_pct DESC`},
		{Key: "page.sql.example.derived",
			SQL: `SELECT year, unit_code, indicator_code, actual, plan, target, derived, note
FROM observations
WHERE derived IS NOT NULL
ORDER BY year, unit_code`},
	}
}

type consoleView struct {
	page
	Examples []Example
	Data     template.JS
}

// Console renders the SQL console.
func (p *Pages) Console(ctx context.Context, w io.Writer, lang Lang, info DataInfo) error {
	v := consoleView{page: p.newPage(lang, "/sql", url.Values{}, "SQL", info)}
	v.HasEditor = p.assets.Has(AssetEditor)
	exs := examples()
	for i := range exs {
		exs[i].Name = msg.Text(string(lang), exs[i].Key, nil)
	}
	v.Examples = exs
	b, err := json.Marshal(map[string]any{"labels": p.cat.All(lang), "examples": exs, "lang": lang})
	if err != nil {
		return err
	}
	v.Data = template.JS(b)
	return p.render(w, "sql.html", v)
}
