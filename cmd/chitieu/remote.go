package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"time"
)

// While chitieu serve holds the database, the other commands find it through
// a small file beside the database, readable by its owner only, and do their
// work through its API with the local token the file holds.

type serverInfo struct {
	Addr  string `json:"addr"`
	PID   int    `json:"pid"`
	Token string `json:"token"`
}

func serverFile(db string) string { return db + ".server" }

func writeServerFile(db, addr, token string) error {
	if db == "" || db == ":memory:" {
		return nil
	}
	b, _ := json.Marshal(serverInfo{Addr: addr, PID: os.Getpid(), Token: token})
	os.Remove(serverFile(db))
	if err := os.WriteFile(serverFile(db), b, 0o600); err != nil {
		return cliErr("cli.record_server", err)
	}
	return nil
}

// remote is the running server that holds a database.
type remote struct {
	base, token string
}

// do sends a request with the local token.
func (r remote) do(req *http.Request) (*http.Response, error) {
	req.Header.Set("Authorization", "Bearer "+r.token)
	req.Header.Set("Accept-Language", langOf(req.Context()))
	return http.DefaultClient.Do(req)
}

// findServer returns the server that holds db, when one answers; a stale
// file from a server that died is ignored.
func findServer(ctx context.Context, db string) (remote, bool) {
	b, err := os.ReadFile(serverFile(db))
	if err != nil {
		return remote{}, false
	}
	var si serverInfo
	if json.Unmarshal(b, &si) != nil || si.Addr == "" {
		return remote{}, false
	}
	r := remote{base: "http://" + si.Addr, token: si.Token}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, r.base+"/healthz", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return remote{}, false
	}
	resp.Body.Close()
	return r, resp.StatusCode == http.StatusOK
}

// apiError reads the server's {"error": "..."} answer.
func apiError(resp *http.Response) error {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	var e struct {
		Error string `json:"error"`
	}
	if json.Unmarshal(b, &e) == nil && e.Error != "" {
		return cliErr("cli.server_said", nil, "error", e.Error)
	}
	return cliErr("cli.server_status", nil, "status", resp.Status)
}

// download GETs path?q from the server into w; failCode words a request
// that never reached it.
func (r remote) download(ctx context.Context, path string, q url.Values, w io.Writer, failCode string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.base+path+"?"+q.Encode(), nil)
	if err != nil {
		return err
	}
	resp, err := r.do(req)
	if err != nil {
		return cliErr(failCode, err, "url", r.base)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return apiError(resp)
	}
	_, err = io.Copy(w, resp.Body)
	return err
}
