package analytics_test

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/data"
	"chitieu/ingest"
	"chitieu/internal/testutil"
	"chitieu/results"
)

var update = flag.Bool("update", false, "rewrite the expected results of testdata/*.test")

// The files in testdata/ are scripts a clerk can read, in the manner of
// Prometheus' promqltest: "load" blocks of CSV (any file chitieu ingests:
// units, indicators, observations, criterion scores, period targets) and
// "eval" blocks of SQL followed by "----" and the rows expected, as CSV.
// "load sample" loads the bundled sample; "set KEY VALUE" changes a setting.
// go test -run Scripts -update rewrites the expected rows.
func TestScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/*.test")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".test"), func(t *testing.T) { runScript(t, f) })
	}
}

type block struct {
	kind  string // load, eval, set
	arg   string
	body  []string // CSV of a load; SQL of an eval
	want  []string // expected CSV of an eval
	start int      // line of the block, for messages
}

func parseScript(t *testing.T, path string) ([]string, []block) {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	var blocks []block
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			continue
		}
		verb, arg, _ := strings.Cut(l, " ")
		bl := block{kind: verb, arg: arg, start: i + 1}
		switch verb {
		case "set":
		case "load", "eval":
			inWant := false
			for i+1 < len(lines) && strings.TrimSpace(lines[i+1]) != "" {
				i++
				if verb == "eval" && lines[i] == "----" {
					inWant = true
					continue
				}
				if inWant {
					bl.want = append(bl.want, lines[i])
				} else {
					bl.body = append(bl.body, lines[i])
				}
			}
		default:
			t.Fatalf("%s:%d: unknown directive %q", path, i+1, verb)
		}
		blocks = append(blocks, bl)
	}
	return lines, blocks
}

func runScript(t *testing.T, path string) {
	ctx := context.Background()
	lines, blocks := parseScript(t, path)
	st := testutil.Store(t, "", data.Options{})
	in := testutil.Ingester(st)
	var out []string // the file rewritten, for -update
	last := 0
	for n, bl := range blocks {
		switch bl.kind {
		case "set":
			key, val, _ := strings.Cut(bl.arg, " ")
			if _, err := st.DB().ExecContext(ctx, `INSERT OR REPLACE INTO settings VALUES (?, ?)`, key, val); err != nil {
				t.Fatalf("%s:%d: %v", path, bl.start, err)
			}
		case "load":
			if bl.arg == "sample" {
				testutil.LoadSample(t, st)
				continue
			}
			f := filepath.Join(t.TempDir(), fmt.Sprintf("block%d.csv", n))
			os.WriteFile(f, []byte(strings.Join(bl.body, "\n")+"\n"), 0o644)
			rep, err := in.Load(ctx, []ingest.Input{{Name: fmt.Sprintf("%s:%d", filepath.Base(path), bl.start), Path: f}}, ingest.Options{})
			if err != nil {
				t.Fatalf("%s:%d: %v", path, bl.start, err)
			}
			if !rep.OK {
				t.Fatalf("%s:%d: load refused:\n%s", path, bl.start, rep.Summary())
			}
		case "eval":
			got := evalCSV(t, st, strings.Join(bl.body, "\n"))
			if *update {
				end := bl.start + len(bl.body) + len(bl.want)
				if len(bl.want) > 0 || strings.Contains(strings.Join(lines[bl.start-1:end], "\n"), "----") {
					end++
				}
				out = append(out, lines[last:bl.start+len(bl.body)]...)
				out = append(out, "----")
				out = append(out, got...)
				last = end
				continue
			}
			if strings.Join(got, "\n") != strings.Join(bl.want, "\n") {
				t.Errorf("%s:%d: %s\ngot:\n%s\nwant:\n%s", path, bl.start, strings.Join(bl.body, " "),
					strings.Join(got, "\n"), strings.Join(bl.want, "\n"))
			}
		}
	}
	if *update {
		out = append(out, lines[last:]...)
		if err := os.WriteFile(path, []byte(strings.Join(out, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func evalCSV(t *testing.T, st *data.Store, query string) []string {
	var buf bytes.Buffer
	err := st.ReadQuery(context.Background(), query, func(rows *sql.Rows) error {
		_, err := results.WriteCSV(&buf, rows)
		return err
	})
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	var lines []string
	sc := bufio.NewScanner(&buf)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	return lines
}
