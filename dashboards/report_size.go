package dashboards

import (
	"fmt"
	"sort"
	"strings"

	"chitieu/analytics"
)

// maxDetailedIndicators is the size of a pack that still gets a section and
// charts per indicator; a larger one (a province's 300) is summarised by
// block and category with its top and bottom figures.
const maxDetailedIndicators = 30

// Ends of a pack's lists: the lowest attainments of a category, its
// highest, and the units at each end of a block's ranking.
const (
	packWorst    = 10
	packBest     = 5
	packRankHead = 10
	packRankTail = 5
)

// reportGroup is a block or a category of the pack at size: its counts, its
// lowest and highest figures in words, and one chart.
type reportGroup struct {
	Name, Counts string
	Worst, Best  []string
	Ranking      []rankRowView
	Chart        string // a file under charts/
	More         int    // ranked units left out of the table
	HeadingWorst string
	HeadingBest  string
	HeadingRank  string
}

// statusLine words counts by status: "12 vượt kế hoạch, 3 đạt, …".
func (e *Exporter) statusLine(lang Lang, counts map[string]int) string {
	var parts []string
	for _, st := range []string{"exceeded", "met", "near", "missed", "no plan"} {
		if n := counts[st]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, strings.ToLower(e.cat.T(lang, "status."+st))))
		}
	}
	return strings.Join(parts, ", ")
}

// byAttainment orders rows by attainment, the lowest first, leaving out
// those without one.
func byAttainment(rows []analytics.Row) []analytics.Row {
	var rs []analytics.Row
	for _, r := range rows {
		if basisPct(r) != nil {
			rs = append(rs, r)
		}
	}
	sort.SliceStable(rs, func(i, j int) bool { return *basisPct(rs[i]) < *basisPct(rs[j]) })
	return rs
}

// packSentence is a figure of a summary list: the indicator, then the
// sentence a review writes of it.
func packSentence(lang Lang, r analytics.Row) string {
	return lang.indicatorName(r) + " — " + sentence(lang, r)
}

// categoryGroups summarises a year's rows by category: counts, the lowest
// and highest attainments, and a chart of the lowest.
func (e *Exporter) categoryGroups(lang Lang, rows []analytics.Row, chart func(name string, ch Chart, w, h int) (string, error)) ([]reportGroup, error) {
	byCat := map[string][]analytics.Row{}
	var cats []string
	for _, r := range rows {
		if byCat[r.Category] == nil {
			cats = append(cats, r.Category)
		}
		byCat[r.Category] = append(byCat[r.Category], r)
	}
	sort.Strings(cats)
	var out []reportGroup
	for i, c := range cats {
		rs := byCat[c]
		counts := map[string]int{}
		for _, r := range rs {
			counts[r.Status]++
		}
		g := reportGroup{Name: c, Counts: e.statusLine(lang, counts),
			HeadingWorst: e.cat.T(lang, "chart.worst"), HeadingBest: e.cat.T(lang, "chart.best")}
		if g.Name == "" {
			g.Name = "–"
		}
		ranked := byAttainment(rs)
		worst := ranked[:min(packWorst, len(ranked))]
		for _, r := range worst {
			g.Worst = append(g.Worst, packSentence(lang, r))
		}
		if len(ranked) > packWorst {
			for k := len(ranked) - 1; k >= max(packWorst, len(ranked)-packBest); k-- {
				g.Best = append(g.Best, packSentence(lang, ranked[k]))
			}
		}
		if len(worst) > 0 {
			ch, err := e.charts.Attainment(lang, "worst", e.cat.T(lang, "chart.worst")+" — "+g.Name,
				fmt.Sprintf(e.cat.T(lang, "chart.worst.sub"), len(worst)), worst)
			if err != nil {
				return nil, err
			}
			if g.Chart, err = chart(fmt.Sprintf("category-%02d", i+1), ch, 900, ch.Height); err != nil {
				return nil, err
			}
		}
		out = append(out, g)
	}
	return out, nil
}

// blockGroups summarises a year by block: counts, and the ranking's head
// and tail with its chart.
func (e *Exporter) blockGroups(lang Lang, rows []analytics.Row, ranking []analytics.RankRow, chart func(name string, ch Chart, w, h int) (string, error)) ([]reportGroup, error) {
	counts := map[string]map[string]int{}
	var names []string
	for _, r := range rows {
		if counts[r.Block] == nil {
			counts[r.Block] = map[string]int{}
			names = append(names, r.Block)
		}
		counts[r.Block][r.Status]++
	}
	sort.Strings(names)
	var out []reportGroup
	for i, b := range names {
		g := reportGroup{Name: b, Counts: e.statusLine(lang, counts[b]), HeadingRank: e.cat.T(lang, "nav.ranking")}
		if g.Name == "" {
			g.Name = e.cat.T(lang, "block.none")
		}
		var rs []analytics.RankRow
		for _, rr := range ranking {
			if rr.Block == b && rr.Rank != nil {
				rs = append(rs, rr)
			}
		}
		for k, rr := range rs {
			if k >= packRankHead && k < len(rs)-packRankTail {
				g.More++
				continue
			}
			g.Ranking = append(g.Ranking, e.rankRow(lang, rr))
		}
		if len(rs) > 0 {
			ch, err := e.charts.RankScores(lang, b, ranking)
			if err != nil {
				return nil, err
			}
			if ch.Empty == "" {
				if g.Chart, err = chart(fmt.Sprintf("block-%02d", i+1), ch, 900, ch.Height); err != nil {
					return nil, err
				}
			}
		}
		out = append(out, g)
	}
	return out, nil
}

func (e *Exporter) rankRow(lang Lang, rr analytics.RankRow) rankRowView {
	rv := rankRowView{Code: rr.UnitCode, Unit: rr.UnitNameVI, Rank: "–", Total: "–", IndicatorScore: "–", AvgAttainment: "–",
		Max: lang.Number(rr.MaxScore, 0), CriteriaScore: lang.Number(rr.CriteriaScore, 2)}
	if lang == EN {
		rv.Unit = rr.UnitNameEN
	}
	if rr.Rank != nil {
		rv.Rank = fmt.Sprint(*rr.Rank)
	}
	if rr.TotalScore != nil {
		rv.Total = lang.Number(*rr.TotalScore, 2)
	}
	if rr.IndicatorScore != nil {
		rv.IndicatorScore = lang.Number(*rr.IndicatorScore, 2)
	}
	if rr.AvgAttainmentPct != nil {
		rv.AvgAttainment = lang.Pct(*rr.AvgAttainmentPct)
	}
	return rv
}
