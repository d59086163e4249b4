package msg

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// Both catalogs hold the same codes, and each text names the same arguments.
func TestCatalogsAgree(t *testing.T) {
	vi, en := Codes(VI), Codes(EN)
	if strings.Join(vi, "\n") != strings.Join(en, "\n") {
		t.Errorf("the catalogs' codes differ:\nvi only: %v\nen only: %v", minus(vi, en), minus(en, vi))
	}
	arg := regexp.MustCompile(`\{[a-z_]+\}`)
	for _, c := range vi {
		a, b := arg.FindAllString(Text(VI, c, nil), -1), arg.FindAllString(Text(EN, c, nil), -1)
		sort.Strings(a)
		sort.Strings(b)
		if strings.Join(a, ",") != strings.Join(b, ",") {
			t.Errorf("%s: vi names %v, en names %v", c, a, b)
		}
	}
}

func minus(a, b []string) []string {
	in := map[string]bool{}
	for _, s := range b {
		in[s] = true
	}
	var out []string
	for _, s := range a {
		if !in[s] {
			out = append(out, s)
		}
	}
	return out
}

// Every message code the program's Go source names is in the catalogs: a
// code is a string literal passed to coded, New, E, sqlMsg or Text.
func TestEveryCodeUsedIsInTheCatalog(t *testing.T) {
	use := regexp.MustCompile(`(?:coded|msg\.New|msg\.E\([a-zA-Z.]+,|sqlMsg|msg\.Text\([^,()]+(?:\([^()]*\))?,|cliErr|Coded\("[^"]*", [a-zA-Z.]+,)\(?\s*"([a-z_0-9.\-]+)"`)
	seen := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != ".." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range use.FindAllStringSubmatch(string(b), -1) {
			seen++
			code := m[1]
			if strings.HasSuffix(code, ".") {
				continue // a prefix, completed at run time
			}
			if !Has(VI, code) || !Has(EN, code) {
				t.Errorf("%s: code %q is not in both catalogs", path, code)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < 20 {
		t.Errorf("found only %d uses of message codes: the pattern no longer matches the code", seen)
	}
}

func TestText(t *testing.T) {
	if got := Text(VI, "ingest.unit_ambiguous", map[string]string{"value": "Khám bệnh", "candidates": "HX-KB, KHAM_BENH"}); got != `"Khám bệnh" trùng tên: HX-KB, KHAM_BENH — hãy dùng mã` {
		t.Errorf("vi: %q", got)
	}
	if got := Text("fr", "outcome.loaded", nil); got != "đã nạp" {
		t.Errorf("an unknown language is Vietnamese: %q", got)
	}
	if got := Text(EN, "no.such.code", nil); got != "no.such.code" {
		t.Errorf("a missing code: %q", got)
	}
}

func TestFromRequest(t *testing.T) {
	for _, tc := range []struct{ query, accept, want string }{
		{"", "", VI},
		{"en", "vi", EN},
		{"vi", "en", VI},
		{"", "en-US,en;q=0.9", EN},
		{"", "fr-FR, en;q=0.8, vi;q=0.9", VI},
		{"", "fr-FR, en;q=0.5", EN},
		{"", "de", VI},
		{"", "en;q=x", EN},
	} {
		if got := FromRequest(tc.query, tc.accept); got != tc.want {
			t.Errorf("FromRequest(%q, %q) = %q, want %q", tc.query, tc.accept, got, tc.want)
		}
	}
}

func TestPageLang(t *testing.T) {
	for _, tc := range []struct{ query, accept, want string }{
		{"", "", VI},
		{"vi", "en-US,en;q=0.9", VI},
		{"en", "vi", EN},
		{"", "en-US,en;q=0.9", EN},
		{"", "en", EN},
		{"", "en-US,en;q=0.9,vi;q=0.8", VI}, // an English browser that lists vi
		{"", "vi-VN,vi;q=0.9,en;q=0.8", VI},
		{"", "fr-FR,en;q=0.9", VI}, // English not first
		{"", "de", VI},
	} {
		if got := PageLang(tc.query, tc.accept); got != tc.want {
			t.Errorf("PageLang(%q, %q) = %q, want %q", tc.query, tc.accept, got, tc.want)
		}
	}
}

// Refusals people read come from the catalogs: outside ingest (whose
// messages are checked by its own tests), no data.E (data's E) with a
// literal text and no s.fail with a literal text remain; such a text is
// one language only. Internal errors (fmt.Errorf) end as "internal error".
func TestNoLiteralRefusals(t *testing.T) {
	literal := regexp.MustCompile(`(?:\bdata\.E\(|[^.\w]E\()[^,]+, [^,]+, "[^"%]|s\.fail\(c, [^,]+, "[^"]`)
	for _, dir := range []string{"../data", "../server", "../dashboards", "../auth", "../cmd", "../reportdoc"} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for i, line := range strings.Split(string(b), "\n") {
				if literal.MatchString(line) {
					t.Errorf("%s:%d: a refusal with a literal text; give it a catalog code: %s", path, i+1, strings.TrimSpace(line))
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestPlurals(t *testing.T) {
	for _, tc := range []struct{ n, want string }{
		{"1", "refused: 1 problem; nothing was written"},
		{"2", "refused: 2 problems; nothing was written"},
		{"0", "refused: 0 problems; nothing was written"},
	} {
		if got := Text(EN, "cli.refused", map[string]string{"n": tc.n}); got != tc.want {
			t.Errorf("n=%s: %q, want %q", tc.n, got, tc.want)
		}
	}
	if got := plurals("{x|a|b} {y} {n|c", map[string]string{"x": "1"}); got != "a {y} {n|c" {
		t.Errorf("plurals kept the rest wrongly: %q", got)
	}
}
