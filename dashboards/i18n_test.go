package dashboards

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// Every label the templates and scripts ask for exists in both languages, so
// no page shows a raw key such as "load.title".
func TestLabelsExist(t *testing.T) {
	cat := NewCatalog()
	patterns := map[string]*regexp.Regexp{
		"templates/*.html": regexp.MustCompile(`\bt \.Lang "([^"]+)"`),
		"static/*.js":      regexp.MustCompile(`\bL\['([^']+)'\]`),
		"*.go":             regexp.MustCompile(`cat\.T\([a-z]+, "([^"]+)"\)`),
	}
	n := 0
	for glob, re := range patterns {
		files, _ := filepath.Glob(glob)
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				n++
				key := m[1]
				if _, ok := cat.vi[key]; !ok {
					t.Errorf("%s: %q has no Vietnamese label", f, key)
				}
				if _, ok := cat.en[key]; !ok {
					t.Errorf("%s: %q has no English label", f, key)
				}
			}
		}
	}
	if n < 20 {
		t.Errorf("found only %d label uses: the patterns no longer match the code", n)
	}
}
