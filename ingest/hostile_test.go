package ingest_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"chitieu/ingest"
	"chitieu/internal/testutil"
	"chitieu/internal/testutil/hostile"
)

// The hostile files of issue 12, loaded as a user would load them: each is
// refused with a message that says why, nothing is written, and the
// process neither dies nor grows past a few hundred MB.
func TestHostileFilesRefused(t *testing.T) {
	needArrow(t)
	st := testutil.SampleStore(t)
	before := fingerprint(t, st)
	dir := t.TempDir()
	tests := []struct {
		name, path, want string
	}{
		{"Arrow IPC with negative string offsets", hostile.ArrowNegativeOffsets(t, t.TempDir()), "tệp Arrow không hợp lệ"},
		{"one 4 MB shared string used 60,000 times", hostile.XLSXSharedStringBomb(t, t.TempDir(), 4<<20, 60_000), "nén bất thường"},
		{"a 100 KB shared string used 60,000 times", hostile.XLSXSharedStringBomb(t, t.TempDir(), 100_000, 60_000), "tổng nội dung chữ"},
		{"200M empty shared strings", hostile.XLSXEmptyStringsBomb(t, t.TempDir(), 200_000_000), "nén bất thường"},
		{"cell reference ZZZZZZZZZ2", hostile.XLSXColumnBomb(t, dir, "ZZZZZZZZZ2"), `ô "ZZZZZZZZZ2"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			info, _ := os.Stat(tc.path)
			start := time.Now()
			rep := tryLoad(t, st, ingest.Options{}, tc.path)
			t.Logf("%d bytes refused in %v", info.Size(), time.Since(start))
			if rep.OK {
				t.Fatalf("accepted:\n%s", rep.Summary())
			}
			if s := rep.Summary(); !strings.Contains(s, tc.want) {
				t.Errorf("the refusal lacks %q:\n%s", tc.want, s)
			}
		})
	}
	if fingerprint(t, st) != before {
		t.Error("the store changed")
	}
	if rss := hostile.PeakRSS(); rss > 1<<30 {
		t.Errorf("peak RSS %d MB, want under 1 GiB", rss>>20)
	} else {
		t.Logf("peak RSS of the test process: %d MB", rss>>20)
	}
}

// A reader that panics refuses its file; the load's machinery, the store
// and the process carry on, and the next load works.
func TestReaderPanicIsRefusal(t *testing.T) {
	needArrow(t)
	st := testutil.SampleStore(t)
	in := testutil.Ingester(st)
	ingest.SetBeforeReadForTest(in, func(f ingest.Input) {
		if strings.Contains(f.Name, "boom") {
			panic("index out of range [7] with length 3")
		}
	})
	boom := hostile.XLSXColumnBomb(t, t.TempDir(), "B2")
	os.Rename(boom, boom+".boom.xlsx")
	rep, err := in.Load(context.Background(), []ingest.Input{{Name: "boom.xlsx", Path: boom + ".boom.xlsx"}}, ingest.Options{})
	if err != nil {
		t.Fatalf("a reader's panic became a machinery error: %v", err)
	}
	if rep.OK || !strings.Contains(rep.Summary(), "bộ đọc") {
		t.Fatalf("not refused as a reader's failure:\n%s", rep.Summary())
	}
	good := write(t, "good.csv", "year,unit,indicator,actual\n2019,SYT,KHAM_BENH,5300000\n")
	rep, err = in.Load(context.Background(), []ingest.Input{{Name: "good.csv", Path: good}}, ingest.Options{})
	if err != nil || !rep.OK {
		t.Fatalf("the next load: %v\n%v", err, rep)
	}
}

// A load whose context ends while it reads a large workbook stops with the
// context's error instead of reading on.
func TestCancelledLoadStops(t *testing.T) {
	needArrow(t)
	st := testutil.SampleStore(t)
	p := hostile.WriteXLSX(t, t.TempDir()+"/big.xlsx", hostile.Rows(300_000, func(i int) string {
		return `<row r="` + strconv.Itoa(i) + `"><c><v>2019</v></c><c t="inlineStr"><is><t>SYT</t></is></c>` +
			`<c t="inlineStr"><is><t>KHAM_BENH</t></is></c><c><v>` + strconv.Itoa(i) + `</v></c></row>`
	}))
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := testutil.Ingester(st).Load(ctx, []ingest.Input{{Name: "big.xlsx", Path: p}}, ingest.Options{})
	t.Logf("stopped %v after the deadline", time.Since(start)-100*time.Millisecond)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a load past its deadline ended with %v", err)
	}
}

// DuckDB's Parquet reader names the file it failed on, which lies in the
// private upload spool: the refusal names the user's file instead.
func TestParquetErrorsHideTheSpool(t *testing.T) {
	st := testutil.SampleStore(t)
	spool := t.TempDir()
	bad := []byte("PAR1 not really parquet PAR1")
	up := ingest.Upload{Name: "so-lieu.parquet", Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(bad)), nil }}
	rep, err := testutil.Ingester(st).LoadUploads(context.Background(), spool, []ingest.Upload{up}, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := rep.Summary()
	if rep.OK || !strings.Contains(s, "so-lieu.parquet") {
		t.Fatalf("not refused by the user's name:\n%s", s)
	}
	if strings.Contains(s, spool) || strings.Contains(s, "load-") {
		t.Errorf("the refusal shows the spool:\n%s", s)
	}
}
