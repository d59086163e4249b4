// Command chitieu loads yearly indicator reports into DuckDB and serves
// dashboards of growth and plan attainment. See README.md.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"chitieu/msg"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "chitieu:", err)
		var ee exitError
		if errors.As(err, &ee) {
			os.Exit(ee.code)
		}
		os.Exit(1)
	}
}

const usage = `chitieu: yearly indicators, growth and plan attainment

  chitieu start  [--db PATH] [--no-browser]   (what a double-click on chitieu.exe runs)
  chitieu serve  [--db PATH] [--addr HOST:PORT] [--query-timeout 30s] [--sample] [--max-upload 256MiB]
  chitieu ingest [--db PATH] [--dry-run] [--json] [--locale vi|en] [--lang vi|en] [--strict]
                 [--sheet NAME]... [--unit CODE | --indicator CODE] [--create-missing] [--partial]
                 [--write-catalog FILE] FILE...
  chitieu sample [--db PATH] [--remove] [--lang vi|en]
  chitieu sql    [--db PATH] [--format table|csv|json|arrow|parquet|xlsx] [-o FILE] QUERY
  chitieu chart  [--db PATH] --indicator CODE[,CODE…] [--unit CODE[,CODE…]] [--from YEAR] [--to YEAR]
                 [--kind line|bar|grouped|index|actualplan|growth] [--lang vi|en]
                 [--format svg|png|html|json|csv] [--width PX] [--height PX] -o FILE
  chitieu report --year YEAR [--block BLOCK] [--lang vi|en] --out DIR
  chitieu user   add|list|remove|token|revoke …   (chitieu user for details)
  chitieu audit  [--db PATH] [--actor NAME] [--action ACTION] [--q TEXT] [--limit N]
  chitieu backup [--db PATH] DIR
  chitieu restore DIR --db NEW
  chitieu version
  chitieu recover [--db PATH]     a store whose WAL cannot be replayed: keep the WAL aside, open the last checkpoint

--db defaults to $CHITIEU_DB, else chitieu.duckdb in this folder (on Windows,
Documents\chitieu\chitieu.duckdb, the store a double-click on chitieu.exe uses). A database
that does not exist yet is created empty; serve --sample creates it with the
bundled sample, and chitieu sample loads (or --remove takes out) the sample.
`

// run is the whole program, with its environment passed in. Its errors
// are in the language asked for (--lang, $CHITIEU_LANG; Vietnamese).
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	lang := msg.Lang(getenv("CHITIEU_LANG"))
	if len(args) > 0 {
		var rest []string
		lang, rest = cliLang(args[0], args[1:], getenv)
		args = append([]string{args[0]}, rest...)
	}
	return inLang(lang, runCommand(withLang(ctx, lang), args, getenv, stdin, stdout, stderr))
}

// runCommand runs the command args[0].
func runCommand(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	privateFiles()
	env := &environment{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 && startsWithoutArguments {
		return env.start(ctx, nil, startOptions{doubleClicked: true})
	}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return cliErr("cli.no_command", nil)
	}
	switch args[0] {
	case "start":
		return env.start(ctx, args[1:], startOptions{})
	case "version", "--version":
		return env.printVersion(ctx)
	case "serve":
		return env.serve(ctx, args[1:])
	case "ingest":
		return env.ingest(ctx, args[1:])
	case "sql":
		return env.sql(ctx, args[1:])
	case "chart":
		return env.chart(ctx, args[1:])
	case "report":
		return env.report(ctx, args[1:])
	case "user":
		return env.user(ctx, args[1:])
	case "audit":
		return env.audit(ctx, args[1:])
	case "sample":
		return env.sample(ctx, args[1:])
	case "backup":
		return env.backup(ctx, args[1:])
	case "restore":
		return env.restore(ctx, args[1:])
	case "recover":
		return env.recover(ctx, args[1:])
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return cliErr("cli.unknown_command", nil, "cmd", args[0])
}
