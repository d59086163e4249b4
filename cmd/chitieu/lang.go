package main

import (
	"context"
	"errors"
	"strings"

	"chitieu/msg"
)

// The language of the command line: --lang vi|en given to any command,
// else $CHITIEU_LANG, else Vietnamese. The commands with a --lang flag of
// their own read it there; for the others run takes it out of the arguments.

// hasLangFlag reports whether cmd has a --lang flag of its own.
func hasLangFlag(cmd string) bool {
	switch cmd {
	case "ingest", "sample", "chart", "report", "start":
		return true
	}
	return false
}

// cliLang finds the language asked for in args (before a lone "--") or in
// the environment, and returns args without --lang when cmd has no flag
// for it; when only the environment asks, a command with the flag gets it.
func cliLang(cmd string, args []string, getenv func(string) string) (string, []string) {
	lang, found := "", false
	rest := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		name, val, hasVal := strings.Cut(a, "=")
		if name != "--lang" && name != "-lang" {
			rest = append(rest, a)
			continue
		}
		found = true
		if !hasVal && i+1 < len(args) {
			i++
			val = args[i]
		}
		lang = msg.Lang(val)
		if hasLangFlag(cmd) {
			rest = append(rest, name, val)
		}
	}
	if !found {
		lang = msg.Lang(getenv("CHITIEU_LANG"))
		if hasLangFlag(cmd) && lang == msg.EN {
			rest = append([]string{"--lang", msg.EN}, rest...)
		}
	}
	return lang, rest
}

// cliError is a command-line message from the catalogs ("cli.*"), with
// the internal cause it wraps, if any: run renders it in the language
// asked for; Error gives the Vietnamese text.
type cliError struct {
	m     msg.M
	cause error
}

// cliErr makes a cliError from a code, a cause (may be nil) and argument pairs.
func cliErr(code string, cause error, kv ...string) error {
	return &cliError{m: msg.New(code, kv...), cause: cause}
}

func (e *cliError) Error() string { return errText(msg.VI, e) }
func (e *cliError) Unwrap() error { return e.cause }

// errText renders err in lang: the catalogs' part in lang, the wrapped
// internal causes as they are.
func errText(lang string, err error) string {
	switch e := err.(type) {
	case *cliError:
		s := e.m.Text(lang)
		if e.cause != nil {
			s += ": " + errText(lang, e.cause)
		}
		return s
	case *msg.Error:
		return e.M.Text(lang)
	}
	// a cause wrapped by fmt.Errorf("cmd: %w"): its catalog part in lang
	s := err.Error()
	var ce *cliError
	if errors.As(err, &ce) {
		return strings.Replace(s, ce.Error(), errText(lang, ce), 1)
	}
	if c, ok := msg.Carrier(err); ok {
		m, _ := msg.Find(err)
		s = strings.Replace(s, c.Error(), m.Text(lang), 1)
	}
	return s
}

// langError is err as the user reads it in their language; errors.Is and
// errors.As see through it (exit codes keep working).
type langError struct {
	text string
	err  error
}

func (e *langError) Error() string { return e.text }
func (e *langError) Unwrap() error { return e.err }

// inLang renders err in lang, keeping it underneath.
func inLang(lang string, err error) error {
	if err == nil {
		return nil
	}
	var ce *cliError
	if _, coded := msg.Carrier(err); !errors.As(err, &ce) && !coded {
		return err
	}
	return &langError{text: errText(lang, err), err: err}
}

// langKey keys the language in a command's context: the requests sent to a
// running server carry it as Accept-Language, so its answers are in it.
type langKey struct{}

func withLang(ctx context.Context, lang string) context.Context {
	return context.WithValue(ctx, langKey{}, lang)
}

func langOf(ctx context.Context) string {
	l, _ := ctx.Value(langKey{}).(string)
	return msg.Lang(l)
}
