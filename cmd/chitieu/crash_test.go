package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildBinary builds chitieu as make build does, once per test.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "chitieu")
	out, err := exec.Command("go", "build", "-tags", "duckdb_arrow", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

func runBin(t *testing.T, bin string, args ...string) string {
	t.Helper()
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("chitieu %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// A load killed with SIGKILL at any moment leaves the store as it was before
// the load or as it is after it, never in between, and the store opens.
func TestKillDuringLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and loads 600,000 rows several times")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "crash.duckdb")
	units, inds := filepath.Join(dir, "units.csv"), filepath.Join(dir, "indicators.csv")
	writeFile(t, units, "code,name_vi,block\n", func(w *bufio.Writer) {
		for i := 0; i < 300; i++ {
			fmt.Fprintf(w, "U%d,Đơn vị %d,K%d\n", i, i, i%5)
		}
	})
	writeFile(t, inds, "code,name_vi,direction,kind\n", func(w *bufio.Writer) {
		for i := 0; i < 200; i++ {
			fmt.Fprintf(w, "I%d,Chỉ tiêu %d,higher,count\n", i, i)
		}
	})
	runBin(t, bin, "ingest", "--db", db, units, inds)
	big := filepath.Join(dir, "big.csv")
	writeFile(t, big, "year,unit,indicator,actual,plan\n", func(w *bufio.Writer) {
		for y := 0; y < 10; y++ {
			for i := 0; i < 200; i++ {
				for u := 0; u < 300; u++ {
					fmt.Fprintf(w, "%d,U%d,I%d,%d,%d\n", 2010+y, u, i, 100+u+i+y, 150)
				}
			}
		}
	})
	count := func() string {
		return strings.TrimSpace(runBin(t, bin, "sql", "--db", db, "--format", "csv",
			"select count(*) || '/' || (select count(*) from loads where outcome = 'loaded') from observations"))
	}
	before := count()
	// A new store starts empty: the catalogs' two loads, no figure.
	if !strings.HasSuffix(before, "\n0/2") {
		t.Fatalf("before: %q", before)
	}
	after := "\n600000/3"
	seen := map[string]bool{}
	for _, ms := range []int{30, 60, 100, 150, 200, 250, 300, 350, 500, 700, 1000, 2000, 20000} {
		delay := time.Duration(ms) * time.Millisecond
		cmd := exec.Command(bin, "ingest", "--db", db, big)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(delay):
			cmd.Process.Signal(syscall.SIGKILL)
			<-done
		}
		got := count()
		t.Logf("killed after %v: %s", delay, got[strings.LastIndex(got, "\n")+1:])
		switch {
		case strings.HasSuffix(got, "\n0/2"):
			seen["before"] = true
		case strings.HasSuffix(got, after):
			seen["after"] = true
			if !seen["before"] {
				t.Error("no kill came before the load finished: the test proved nothing")
			}
			return // loaded: later kills have nothing left to break
		default:
			t.Fatalf("after a kill at %v the store holds %q: neither before nor after", delay, got)
		}
	}
	if !seen["after"] {
		t.Error("the load never completed, even unkilled")
	}
}

func writeFile(t *testing.T, path, header string, body func(*bufio.Writer)) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString(header)
	body(w)
	w.Flush()
	f.Close()
}
