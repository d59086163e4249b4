package ingest

import (
	"context"
	"os"
	"testing"

	"chitieu/data"
)

// evidenceOf reads a CSV's text into a raw table and decides its locale.
func evidenceOf(t *testing.T, path string, skip int) (*fileWork, []Problem, []Problem) {
	t.Helper()
	ctx := context.Background()
	st, err := data.Open(ctx, "", data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var w *fileWork
	var probs, warns []Problem
	err = st.WithConn(ctx, func(c *data.Conn) error {
		if err := prepareSession(ctx, c); err != nil {
			return err
		}
		if _, err := c.ExecContext(ctx, "CREATE TEMP TABLE raw AS SELECT * FROM read_csv("+data.QuoteString(path)+
			", header = true, all_varchar = true, normalize_names = false, skip = "+string(rune('0'+skip))+")"); err != nil {
			return err
		}
		rt, err := describeRaw(ctx, c, "raw")
		if err != nil {
			return err
		}
		rt.RowExpr = "rowid + 2"
		sh, _ := detectShape(rt.Cols, "")
		w = &fileWork{raw: rt, shape: sh, report: &FileReport{}}
		probs, warns, err = decideLocale(ctx, c, w, Options{})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return w, probs, warns
}

// The statistics office's English file prints 15.500, 0.649 and 1387.000:
// its values prove it English, whatever its headers say.
func TestEvidenceOfARealFile(t *testing.T) {
	const real = "/work/shared/real/gso-en-key-social-indicators.csv"
	if _, err := os.Stat(real); err != nil {
		t.Skip("the real files are not on this machine")
	}
	w, probs, warns := evidenceOf(t, real, 2)
	if len(probs) > 0 || len(warns) > 0 || w.shape.Locale != "en" || w.report.LocaleBy != "values" {
		t.Fatalf("locale %s by %s, problems %v, warnings %v", w.shape.Locale, w.report.LocaleBy, probs, warns)
	}
}

func TestEvidence(t *testing.T) {
	for _, tc := range []struct {
		name, content   string
		locale, by      string
		problem, warned string
	}{
		{"English by a leading zero", "năm,đơn vị,chỉ tiêu,thực hiện\n2018,A,B,0.649\n2019,A,B,15.500\n", "en", "values", "", ""},
		{"English by a 4-digit integer part", "năm,đơn vị,chỉ tiêu,thực hiện\n2018,A,B,1387.000\n", "en", "values", "", ""},
		{"English by two decimals", "năm,đơn vị,chỉ tiêu,thực hiện\n2018,A,B,15.50\n", "en", "values", "", ""},
		{"English grouping", "year,unit,indicator,actual\n2018,A,B,\"1,234,567\"\n", "en", "values", "", ""},
		{"Vietnamese grouping", "year,unit,indicator,actual\n2018,A,B,1.234.567\n", "vi", "values", "", ""},
		{"a Vietnamese decimal comma", "year,unit,indicator,actual\n2018,A,B,\"12,5\"\n", "vi", "values", "", ""},
		{"only ambiguous: the headers decide", "năm,đơn vị,chỉ tiêu,thực hiện\n2018,A,B,38.527\n2019,A,B,12.900\n", "vi", "headers", "", "ambiguous_locale"},
		{"only ambiguous, English headers", "year,unit,indicator,actual\n2018,A,B,38.527\n", "en", "headers", "", "ambiguous_locale"},
		{"plain integers", "năm,đơn vị,chỉ tiêu,thực hiện\n2018,A,B,38527\n", "vi", "headers", "", ""},
		{"both ways", "năm,đơn vị,chỉ tiêu,thực hiện\n2018,A,B,0.649\n2019,A,B,\"1.234,5\"\n", "", "", "ingest.locale_conflict", ""},
		{"wide columns count", "đơn vị,chỉ tiêu,2018,2019\nA,B,0.649,1.5\n", "en", "values", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := t.TempDir() + "/f.csv"
			os.WriteFile(p, []byte(tc.content), 0o644)
			w, probs, warns := evidenceOf(t, p, 0)
			if tc.problem != "" {
				if len(probs) != 1 || probs[0].Code != tc.problem {
					t.Fatalf("problems %+v, want %s", probs, tc.problem)
				}
				return
			}
			if len(probs) > 0 || w.shape.Locale != tc.locale || w.report.LocaleBy != tc.by {
				t.Errorf("%s by %s (problems %+v), want %s by %s", w.shape.Locale, w.report.LocaleBy, probs, tc.locale, tc.by)
			}
			if (tc.warned == "") != (len(warns) == 0) || tc.warned != "" && warns[0].Code != tc.warned {
				t.Errorf("warnings %+v, want %q", warns, tc.warned)
			}
		})
	}
}
