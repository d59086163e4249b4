// Command chitieu loads yearly indicator reports into DuckDB and serves
// dashboards of growth and plan attainment. See README.md.
package main

import (
	"context"
	"errors"
	"flag"
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

// run is the whole program, with its environment passed in. Its errors
// are in the language asked for (--lang, $CHITIEU_LANG; Vietnamese).
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	lang := msg.Lang(getenv("CHITIEU_LANG"))
	if len(args) > 0 {
		var rest []string
		lang, rest = cliLang(args[0], args[1:], getenv)
		args = append([]string{args[0]}, rest...)
	}
	err := runCommand(withLang(ctx, lang), args, getenv, stdin, stdout, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil // -h: the usage is printed
	}
	return inLang(lang, err)
}

// runCommand runs the command args[0].
func runCommand(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	privateFiles()
	env := &environment{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 && startsWithoutArguments {
		return env.start(ctx, nil, startOptions{doubleClicked: true})
	}
	if len(args) == 0 {
		fmt.Fprint(stderr, msg.Text(langOf(ctx), "cli.usage", nil))
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
		fmt.Fprint(stdout, msg.Text(langOf(ctx), "cli.usage", nil))
		return nil
	}
	fmt.Fprint(stderr, msg.Text(langOf(ctx), "cli.usage", nil))
	return cliErr("cli.unknown_command", nil, "cmd", args[0])
}
