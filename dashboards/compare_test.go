package dashboards

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/analytics"
)

var update = flag.Bool("update", false, "rewrite the golden chart options in testdata/")

func f(v float64) *float64 { return &v }

// sampleRows are the sample's tourism figures: two units' worth, two years.
func sampleRows() []analytics.Row {
	base := func(year int, unit, unitVI, ind, indVI string) analytics.Row {
		return analytics.Row{Year: year, UnitCode: unit, UnitNameVI: unitVI, UnitNameEN: unit, IndicatorCode: ind,
			IndicatorNameVI: indVI, IndicatorNameEN: ind, Measure: "lượt", Direction: "higher", Kind: "count"}
	}
	r1 := base(2017, "SDL", "Sở Du lịch", "KHACH_QUOC_TE", "Khách du lịch quốc tế")
	r1.Actual = f(368254)
	r2 := base(2018, "SDL", "Sở Du lịch", "KHACH_QUOC_TE", "Khách du lịch quốc tế")
	r2.Actual, r2.Plan, r2.AttainmentPct, r2.YoYPct, r2.Status = f(580000), f(430000), f(134.88372093023256), f(57.49998642241496), "exceeded"
	r3 := base(2017, "SDL", "Sở Du lịch", "KHACH_DU_LICH", "Tổng lượt khách du lịch")
	r3.Actual = f(6081405)
	r4 := base(2018, "SDL", "Sở Du lịch", "KHACH_DU_LICH", "Tổng lượt khách du lịch")
	r4.Actual, r4.Plan, r4.AttainmentPct, r4.YoYPct, r4.Status = f(7620000), f(7100000), f(107.32394366197182), f(25.299992353740624), "exceeded"
	return []analytics.Row{r1, r2, r3, r4}
}

// One golden option per kind: what the browser, the SVG renderer and the
// HTML export all draw. go test ./dashboards -run Golden -update rewrites them.
func TestGoldenCompareOptions(t *testing.T) {
	cb := NewCharts(NewCatalog())
	for _, kind := range Kinds() {
		t.Run(kind, func(t *testing.T) {
			ch, err := cb.Compare(Spec{Kind: kind, Lang: VI, Subtitle: "Nguồn: chitieu, dữ liệu phiên bản 3"}, sampleRows())
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := json.Indent(&buf, ch.Option, "", "  "); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "compare-"+kind+".json")
			if *update {
				os.WriteFile(path, buf.Bytes(), 0o644)
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to write it)", err)
			}
			if buf.String() != string(want) {
				t.Errorf("%s differs from %s; run with -update if the change is meant", kind, path)
			}
			for _, must := range []string{`"ct"`, `"lang": "vi"`, "Khách du lịch quốc tế"} {
				if !strings.Contains(buf.String(), must) {
					t.Errorf("%s lacks %s", kind, must)
				}
			}
		})
	}
}
