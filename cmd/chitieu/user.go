package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"chitieu/data"
	"chitieu/msg"
)

// userAdmin is what the user commands do, on the store or through the server.
type userAdmin interface {
	add(ctx context.Context, name, role, password string, units []string) (string, error)
	list(ctx context.Context) ([]data.User, error)
	remove(ctx context.Context, name string) error
	token(ctx context.Context, name string) (string, error)
	revoke(ctx context.Context, token string) error
}

func (e *environment) user(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return cliErr("cli.user_usage", nil, "usage", msg.Text(langOf(ctx), "cli.usage_user", nil))
	}
	verb := args[0]
	fs := e.newFlags(ctx, "user", "user "+verb)
	db := fs.String("db", "", fs.help("db"))
	role := fs.String("role", "", fs.help("role"))
	units := fs.String("units", "", fs.help("units"))
	pos, err := fs.parse(args[1:])
	if err != nil {
		return err
	}
	arg := func() (string, error) {
		if len(pos) != 1 {
			return "", cliErr(map[bool]string{true: "cli.user_one_token", false: "cli.user_one_user"}[verb == "revoke"], nil, "verb", verb)
		}
		return pos[0], nil
	}
	path := e.dbPath(*db)
	var ua userAdmin
	if srv, ok := findServer(ctx, path); ok {
		ua = remoteUsers{srv}
	} else {
		a, err := openApp(ctx, path, appOptions{sandbox: true}, e.logger(slog.LevelWarn))
		if err != nil {
			return err
		}
		defer a.close()
		ua = localUsers{a}
	}
	switch verb {
	case "add":
		name, err := arg()
		if err != nil {
			return err
		}
		password, err := readPassword(e, langOf(ctx))
		if err != nil {
			return err
		}
		token, err := ua.add(ctx, name, *role, password, upperList(*units))
		if err != nil {
			return fmt.Errorf("user add: %w", err)
		}
		fmt.Fprintf(e.stdout, "%s\n%s\n", msg.New("cli.user_added", "name", name, "role", *role).Text(langOf(ctx)), token)
	case "list":
		us, err := ua.list(ctx)
		if err != nil {
			return err
		}
		for _, u := range us {
			fmt.Fprintf(e.stdout, "%-20s %-8s %s\n", u.Name, u.Role, strings.Join(u.Units, ","))
		}
	case "remove":
		name, err := arg()
		if err != nil {
			return err
		}
		if err := ua.remove(ctx, name); err != nil {
			return fmt.Errorf("user remove: %w", err)
		}
		fmt.Fprintln(e.stdout, msg.New("cli.user_removed", "name", name).Text(langOf(ctx)))
	case "token":
		name, err := arg()
		if err != nil {
			return err
		}
		token, err := ua.token(ctx, name)
		if err != nil {
			return fmt.Errorf("user token: %w", err)
		}
		fmt.Fprintf(e.stdout, "%s\n%s\n", msg.New("cli.user_token", "name", name).Text(langOf(ctx)), token)
	case "revoke":
		token, err := arg()
		if err != nil {
			return err
		}
		if err := ua.revoke(ctx, token); err != nil {
			return fmt.Errorf("user revoke: %w", err)
		}
		fmt.Fprintln(e.stdout, msg.Text(langOf(ctx), "cli.user_revoked", nil))
	default:
		return cliErr("cli.user_unknown", nil, "verb", strconv.Quote(verb), "usage", msg.Text(langOf(ctx), "cli.usage_user", nil))
	}
	return nil
}

// readPassword reads the first line of standard input.
func readPassword(e *environment, lang string) (string, error) {
	if isTerminal(e.stdin) {
		fmt.Fprint(e.stderr, msg.Text(lang, "cli.user_password_prompt", nil)+" ")
	}
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", cliErr("cli.user_password", err)
	}
	return line, nil
}

type localUsers struct{ a *app }

func (l localUsers) audit(ctx context.Context, action, object string, err error) {
	outcome := "ok"
	if err != nil {
		outcome = "refused: " + errText(msg.VI, err)
	}
	l.a.private.Audit(ctx, data.AuditEntry{Actor: "cli", Action: action, Object: object, Outcome: outcome})
}

func (l localUsers) add(ctx context.Context, name, role, password string, units []string) (string, error) {
	t, err := l.a.auth.AddUser(ctx, name, role, password, units)
	l.audit(ctx, "user-add", name, err)
	return t, err
}
func (l localUsers) list(ctx context.Context) ([]data.User, error) { return l.a.auth.Users(ctx) }
func (l localUsers) remove(ctx context.Context, name string) error {
	err := l.a.auth.RemoveUser(ctx, name)
	l.audit(ctx, "user-remove", name, err)
	return err
}
func (l localUsers) token(ctx context.Context, name string) (string, error) {
	t, err := l.a.auth.NewToken(ctx, name)
	l.audit(ctx, "token-new", name, err)
	return t, err
}
func (l localUsers) revoke(ctx context.Context, token string) error {
	err := l.a.auth.Revoke(ctx, token)
	l.audit(ctx, "token-revoke", "", err)
	return err
}

type remoteUsers struct{ srv remote }

func (r remoteUsers) call(ctx context.Context, method, path string, body any, out any) error {
	var buf bytes.Buffer
	if body != nil {
		json.NewEncoder(&buf).Encode(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, r.srv.base+path, &buf)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := r.srv.do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return apiError(resp)
	}
	if out != nil {
		return json.NewDecoder(resp.Body).Decode(out)
	}
	return nil
}

func (r remoteUsers) add(ctx context.Context, name, role, password string, units []string) (string, error) {
	var out struct{ Token string }
	err := r.call(ctx, "POST", "/api/users", map[string]any{"name": name, "role": role, "password": password, "units": units}, &out)
	return out.Token, err
}
func (r remoteUsers) list(ctx context.Context) ([]data.User, error) {
	var out struct{ Users []data.User }
	err := r.call(ctx, "GET", "/api/users", nil, &out)
	return out.Users, err
}
func (r remoteUsers) remove(ctx context.Context, name string) error {
	return r.call(ctx, "DELETE", "/api/users/"+url.PathEscape(name), nil, nil)
}
func (r remoteUsers) token(ctx context.Context, name string) (string, error) {
	var out struct{ Token string }
	err := r.call(ctx, "POST", "/api/users/"+url.PathEscape(name)+"/token", nil, &out)
	return out.Token, err
}
func (r remoteUsers) revoke(ctx context.Context, token string) error {
	return r.call(ctx, "POST", "/api/tokens/revoke", map[string]string{"token": token}, nil)
}
