package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"

	"chitieu/msg"
)

// flags is a command's flag set that speaks the language asked for: the
// help of each flag, the usage it prints and its parse errors come from
// the catalogs, not from the flag package's English.
type flags struct {
	*flag.FlagSet
	cmd, lang string
	out       io.Writer
}

// newFlags makes the flag set of cmd ("ingest", "user"…), writing its
// usage to e.stderr in the language of ctx.
func (e *environment) newFlags(ctx context.Context, cmd, name string) *flags {
	fs := &flags{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError), cmd: cmd, lang: langOf(ctx), out: e.stderr}
	// The flag package's own error lines are English: parse prints ours.
	fs.SetOutput(io.Discard)
	fs.Usage = fs.printUsage
	return fs
}

// help is a flag's help: cli.flag.<cmd>.<name>, else cli.flag.<name> for
// a flag many commands share (--db).
func (f *flags) help(name string) string {
	if code := "cli.flag." + f.cmd + "." + name; msg.Has(f.lang, code) {
		return msg.Text(f.lang, code, nil)
	}
	return msg.Text(f.lang, "cli.flag."+name, nil)
}

// printUsage lists the flags, each with its help and its default.
func (f *flags) printUsage() {
	t := func(code string, kv ...string) string { return msg.New(code, kv...).Text(f.lang) }
	fmt.Fprintln(f.out, t("cli.flags_usage", "cmd", f.Name()))
	f.VisitAll(func(fl *flag.Flag) {
		line := "  --" + fl.Name
		if len(fl.Name) == 1 {
			line = "  -" + fl.Name
		}
		if _, isBool := fl.Value.(interface{ IsBoolFlag() bool }); !isBool {
			line += " " + t("cli.flags_value")
		}
		fmt.Fprintln(f.out, line)
		help := fl.Usage
		if d := fl.DefValue; d != "" && d != "0" && d != "false" && d != "[]" {
			help += " " + t("cli.flags_default", "value", d)
		}
		fmt.Fprintln(f.out, "      "+help)
	})
}

// flagErrors are the flag package's parse errors, each with its message.
var flagErrors = []struct {
	re   *regexp.Regexp
	code string
	args []string
}{
	{regexp.MustCompile(`^flag provided but not defined: -+(.*)$`), "cli.flag_unknown", []string{"flag"}},
	{regexp.MustCompile(`^flag needs an argument: -+(.*)$`), "cli.flag_needs_value", []string{"flag"}},
	{regexp.MustCompile(`^invalid (?:boolean )?value "(.*)" for (?:flag )?-+([^:]*):`), "cli.flag_bad_value", []string{"value", "flag"}},
	{regexp.MustCompile(`^bad flag syntax: (.*)$`), "cli.flag_syntax", []string{"arg"}},
}

// parse parses args, flags and other arguments mixed (see
// parseInterleaved); a refusal prints the usage and says why in the
// language asked for; -h prints the usage alone.
func (f *flags) parse(args []string) ([]string, error) {
	pos, err := parseInterleaved(f.FlagSet, args)
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return pos, err
	}
	for _, fe := range flagErrors {
		if m := fe.re.FindStringSubmatch(err.Error()); m != nil {
			var kv []string
			for i, name := range fe.args {
				v := m[i+1]
				if name == "flag" {
					v = "--" + v
				}
				kv = append(kv, name, v)
			}
			return nil, cliErr(fe.code, nil, kv...)
		}
	}
	return nil, err
}
