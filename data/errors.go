package data

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Kinds of failure the rest of the program branches on. The server maps them
// to HTTP statuses in one place; everything else is an internal error.
var (
	ErrNotFound  = errors.New("not found")
	ErrInvalid   = errors.New("invalid")
	ErrForbidden = errors.New("forbidden")
	ErrConflict  = errors.New("conflict")
	ErrBusy      = errors.New("busy")
	// ErrTimeout says the work took longer than it may (HTTP 504).
	ErrTimeout = errors.New("timeout")
	// ErrUnavailable says a needed part is down or stopping (HTTP 503).
	ErrUnavailable = errors.New("unavailable")
)

// Kinds lists the kinds above, for code that names them.
func Kinds() []error {
	return []error{ErrNotFound, ErrInvalid, ErrForbidden, ErrConflict, ErrBusy, ErrTimeout, ErrUnavailable}
}

// Error carries the operation that failed and a kind, in the manner of
// upspin's errors.E, on top of %w so errors.Is works on the kind and the cause.
type Error struct {
	Op   string // what was being done, e.g. "data.Open"
	Kind error  // one of the sentinels above, or nil
	Msg  string // safe to show to a user
	Err  error  // underlying cause, for logs
	// Code and Args are the message people read, rendered from the
	// catalogs (msg/*.json) by the server and the command line; data
	// imports no project package, so it carries the code, not the text.
	Code string
	Args map[string]string
}

// MessageCode is the error's message code and arguments (msg.Coded).
func (e *Error) MessageCode() (string, map[string]string) { return e.Code, e.Args }

// Coded builds an *Error whose message is a catalog code and pairs of
// argument names and values.
func Coded(op string, kind error, code string, kv ...string) error {
	return &Error{Op: op, Kind: kind, Code: code, Args: args(kv...)}
}

// args makes a message's arguments from pairs of names and values.
func args(kv ...string) map[string]string {
	if len(kv) < 2 {
		return nil
	}
	m := make(map[string]string, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

// codeText shows a coded message in logs and tests: its code and arguments.
func (e *Error) codeText() string {
	keys := make([]string, 0, len(e.Args))
	for k := range e.Args {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(e.Code)
	for _, k := range keys {
		fmt.Fprintf(&b, " %s=%q", k, e.Args[k])
	}
	return b.String()
}

// Error is the operation and the message; the cause is in the message when
// there is none, else only behind Unwrap, for logs that want it.
func (e *Error) Error() string {
	switch {
	case e.Msg != "":
		return e.Op + ": " + e.Msg
	case e.Code != "":
		return e.Op + ": " + e.codeText()
	case e.Err != nil:
		return e.Op + ": " + e.Err.Error()
	case e.Kind != nil:
		return e.Op + ": " + e.Kind.Error()
	}
	return e.Op
}

// Unwrap lets errors.Is match both the kind and the cause.
func (e *Error) Unwrap() []error {
	var errs []error
	if e.Kind != nil {
		errs = append(errs, e.Kind)
	}
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	return errs
}

// E builds an *Error with a user-facing message.
func E(op string, kind error, format string, args ...any) error {
	return &Error{Op: op, Kind: kind, Msg: fmt.Sprintf(format, args...)}
}

// PublicMessage returns the part of err that may be shown to a client: the
// message of the outermost *Error that has one, else the kind's name. A
// coded message shows as its code: callers that face people render it
// through the catalogs first (msg.Render).
func PublicMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Msg != "" {
		return e.Msg
	}
	if errors.As(err, &e) && e.Code != "" {
		return e.codeText()
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return ErrTimeout.Error()
	}
	for _, k := range Kinds() {
		if errors.Is(err, k) {
			return k.Error()
		}
	}
	return "internal error"
}
