package server_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"chitieu/internal/testutil"
	"chitieu/server"
)

// call makes a request with a Bearer token (or none) and returns its status.
func call(t *testing.T, method, url, token, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// multipartBody is an upload of one CSV file.
func multipartBody(name, content string) (string, string) {
	return multipartFiles(map[string][]byte{name: []byte(content)})
}

// multipartFiles is the body and content type of an upload of files in the
// field "file".
func multipartFiles(files map[string][]byte) (string, string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for name, content := range files {
		w, _ := mw.CreateFormFile("file", name)
		w.Write(content)
	}
	mw.Close()
	return b.String(), mw.FormDataContentType()
}

func TestRolesOverHTTP(t *testing.T) {
	st, spool := sandboxedStore(t)
	ts := startTestServer(t, st, 0, spool)
	ctx := context.Background()
	tokens := map[string]string{}
	for _, u := range []struct{ name, role, units string }{
		{"vien", "viewer", ""}, {"an", "analyst", ""}, {"officer", "analyst", "SYT"}, {"ad", "admin", ""},
	} {
		var units []string
		if u.units != "" {
			units = []string{u.units}
		}
		tok, err := ts.auth.AddUser(ctx, u.name, u.role, "mật khẩu đủ dài", units)
		if err != nil {
			t.Fatal(err)
		}
		tokens[u.name] = tok
	}
	// The server learns of users added behind its back at a user change
	// through its API; tell it now.
	if code, body := call(t, "POST", ts.base+"/api/users", tokens["ad"], `{"name":"spare","role":"viewer","password":"another long one"}`); code != 201 {
		t.Fatalf("add a user: %d %s", code, body)
	}
	upload, ctype := multipartBody("syt.csv", "year,unit,indicator,actual\n2019,SYT,KHAM_BENH,1\n")
	for _, tc := range []struct {
		method, path, body string
		want               map[string]int // by user; "" is anonymous
	}{
		{"GET", "/healthz", "", map[string]int{"": 200, "vien": 200, "an": 200, "officer": 200, "ad": 200}},
		{"GET", "/api/performance?year=2018", "", map[string]int{"": 401, "vien": 200, "an": 200, "officer": 200, "ad": 200}},
		{"GET", "/api/ranking", "", map[string]int{"": 401, "vien": 200, "an": 200, "ad": 200}},
		{"GET", "/api/charts/compare?indicator=KHAM_BENH&format=json", "", map[string]int{"": 401, "vien": 200, "ad": 200}},
		{"GET", "/", "", map[string]int{"": 303, "vien": 200, "an": 200, "ad": 200}},
		{"GET", "/indicators/KHAM_BENH", "", map[string]int{"": 303, "vien": 200}},
		{"POST", "/api/sql", `{"sql":"SELECT 1"}`, map[string]int{"": 401, "vien": 403, "an": 200, "officer": 200, "ad": 200}},
		{"GET", "/sql", "", map[string]int{"": 303, "vien": 403, "an": 200, "ad": 200}},
		{"GET", "/api/schema", "", map[string]int{"": 401, "vien": 403, "an": 200}},
		{"GET", "/load", "", map[string]int{"": 303, "vien": 403, "an": 403, "officer": 200, "ad": 200}},
		{"GET", "/api/loads", "", map[string]int{"": 401, "vien": 403, "an": 403, "officer": 200, "ad": 200}},
		{"GET", "/api/users", "", map[string]int{"": 401, "vien": 403, "an": 403, "officer": 403, "ad": 200}},
		{"GET", "/api/audit", "", map[string]int{"": 401, "an": 403, "ad": 200}},
		{"GET", "/admin/audit", "", map[string]int{"": 303, "an": 403, "ad": 200}},
		{"GET", "/login", "", map[string]int{"": 200}},
	} {
		for who, want := range tc.want {
			code, body := call(t, tc.method, ts.base+tc.path, tokens[who], tc.body)
			if code != want {
				t.Errorf("%s %s as %q: %d, want %d (%.120s)", tc.method, tc.path, who, code, want, body)
			}
		}
	}
	// Loads: viewers and plain analysts may not; a data officer loads rows
	// of their own unit only; an admin loads anything.
	for who, want := range map[string]int{"": 401, "vien": 403, "an": 403, "officer": 200, "ad": 200} {
		req, _ := http.NewRequest("POST", ts.base+"/api/ingest?dry_run=true", strings.NewReader(upload))
		req.Header.Set("Content-Type", ctype)
		if tokens[who] != "" {
			req.Header.Set("Authorization", "Bearer "+tokens[who])
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("upload as %q: %d, want %d", who, resp.StatusCode, want)
		}
	}
	other, ctype2 := multipartBody("sdl.csv", "year,unit,indicator,actual\n2019,SDL,KHACH_QUOC_TE,1\n")
	req, _ := http.NewRequest("POST", ts.base+"/api/ingest?lang=en", strings.NewReader(other))
	req.Header.Set("Content-Type", ctype2)
	req.Header.Set("Authorization", "Bearer "+tokens["officer"])
	resp, _ := http.DefaultClient.Do(req)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 422 || !strings.Contains(string(b), "you may load only the rows of SYT, not of SDL") {
		t.Errorf("an officer loading another unit: %d %s", resp.StatusCode, b)
	}

	t.Run("a revoked token stops at once", func(t *testing.T) {
		if code, _ := call(t, "GET", ts.base+"/api/ranking", tokens["vien"], ""); code != 200 {
			t.Fatalf("before: %d", code)
		}
		if code, body := call(t, "POST", ts.base+"/api/tokens/revoke", tokens["ad"], fmt.Sprintf(`{"token":%q}`, tokens["vien"])); code != 204 {
			t.Fatalf("revoke: %d %s", code, body)
		}
		if code, _ := call(t, "GET", ts.base+"/api/ranking", tokens["vien"], ""); code != 401 {
			t.Errorf("after the revocation: %d", code)
		}
	})

	t.Run("a removed user's token stops at once", func(t *testing.T) {
		if code, _ := call(t, "DELETE", ts.base+"/api/users/an", tokens["ad"], ""); code != 204 {
			t.Fatalf("remove: %d", code)
		}
		if code, _ := call(t, "POST", ts.base+"/api/sql", tokens["an"], `{"sql":"SELECT 1"}`); code != 401 {
			t.Errorf("after the removal: %d", code)
		}
	})

	t.Run("the audit has a row for each action", func(t *testing.T) {
		for action, min := range map[string]int64{"sql": 3, "user-add": 1, "token-revoke": 1, "user-remove": 1, "load": 1} {
			if n := testutil.Count(t, ts.private, `SELECT count(*) FROM audit WHERE action = ?`, action); n < min {
				t.Errorf("%d %s rows in the audit, want %d or more", n, action, min)
			}
		}
	})
}

// browser is an HTTP client with cookies that does not follow redirects.
func browser(t *testing.T) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// login logs a browser in through the form and returns the session's CSRF token.
func login(t *testing.T, c *http.Client, base, name, password string) (int, string) {
	t.Helper()
	resp, err := c.Get(base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfField.FindSubmatch(page)
	if m == nil {
		t.Fatal("no CSRF field in the login form")
	}
	resp, err = c.PostForm(base+"/login", url.Values{"name": {name}, "password": {password}, "csrf": {string(m[1])}, "next": {"/sql"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	u, _ := url.Parse(base)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == "chitieu_csrf" {
			return resp.StatusCode, ck.Value
		}
	}
	return resp.StatusCode, ""
}

func TestSessions(t *testing.T) {
	st, spool := sandboxedStore(t)
	ts := startTestServer(t, st, 0, spool)
	ctx := context.Background()
	if _, err := ts.auth.AddUser(ctx, "chi", "analyst", "mật khẩu đủ dài", nil); err != nil {
		t.Fatal(err)
	}
	// The server counted no user at start; adding one through the API tells it.
	admin, _ := ts.auth.AddUser(ctx, "root", "admin", "mật khẩu quản trị", nil)
	call(t, "POST", ts.base+"/api/users/root/token", admin, "")
	call(t, "POST", ts.base+"/api/users", admin, `{"name":"x","role":"viewer","password":"xxxxxxxxxxxx"}`)

	t.Run("log in, query with the CSRF token, log out", func(t *testing.T) {
		c := browser(t)
		code, csrf := login(t, c, ts.base, "chi", "mật khẩu đủ dài")
		if code != 303 || csrf == "" {
			t.Fatalf("login: %d, csrf %q", code, csrf)
		}
		resp, _ := c.Get(ts.base + "/sql")
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("the console after login: %d", resp.StatusCode)
		}
		post := func(withCSRF bool) int {
			req, _ := http.NewRequest("POST", ts.base+"/api/sql", strings.NewReader(`{"sql":"SELECT 1"}`))
			req.Header.Set("Content-Type", "application/json")
			if withCSRF {
				req.Header.Set("X-CSRF-Token", csrf)
			}
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp.StatusCode
		}
		if code := post(false); code != 403 {
			t.Errorf("a cookie-borne POST without the CSRF token: %d, want 403", code)
		}
		if code := post(true); code != 200 {
			t.Errorf("with the CSRF token: %d", code)
		}
		resp, _ = c.PostForm(ts.base+"/logout", url.Values{"csrf": {csrf}})
		resp.Body.Close()
		if code := post(true); code != 401 {
			t.Errorf("after logout: %d, want 401", code)
		}
	})

	t.Run("the login form refuses a forged post", func(t *testing.T) {
		c := browser(t)
		resp, _ := c.PostForm(ts.base+"/login", url.Values{"name": {"chi"}, "password": {"mật khẩu đủ dài"}, "csrf": {"forged"}})
		resp.Body.Close()
		if resp.StatusCode != 403 {
			t.Errorf("%d, want 403", resp.StatusCode)
		}
	})

	t.Run("a planted session id is replaced at login", func(t *testing.T) {
		c := browser(t)
		u, _ := url.Parse(ts.base)
		planted := &http.Cookie{Name: "chitieu_session", Value: "cs_planted_by_an_attacker", Path: "/"}
		c.Jar.SetCookies(u, []*http.Cookie{planted})
		login(t, c, ts.base, "chi", "mật khẩu đủ dài")
		var session string
		for _, ck := range c.Jar.Cookies(u) {
			if ck.Name == "chitieu_session" {
				session = ck.Value
			}
		}
		if session == "" || session == planted.Value {
			t.Errorf("the session after login is %q", session)
		}
		if code, _ := call(t, "GET", ts.base+"/api/ranking", planted.Value, ""); code != 401 {
			t.Errorf("the planted id authenticates: %d", code)
		}
	})

	t.Run("failed logins are rate-limited and audited", func(t *testing.T) {
		c := browser(t)
		codes := []int{}
		for i := 0; i < 6; i++ {
			code, _ := login(t, c, ts.base, "chi", "wrong password")
			codes = append(codes, code)
		}
		if codes[0] != 401 || codes[5] != 429 {
			t.Errorf("codes %v: want 401 first and 429 at the sixth", codes)
		}
		if n := testutil.Count(t, ts.private, `SELECT count(*) FROM audit WHERE action = 'login' AND outcome = 'failed'`); n != 5 {
			t.Errorf("%d failed logins audited", n)
		}
		if n := testutil.Count(t, ts.private, `SELECT count(*) FROM audit WHERE action = 'login' AND outcome = 'ok'`); n < 2 {
			t.Errorf("%d logins audited", n)
		}
	})
}

func TestOpenModeWithoutUsers(t *testing.T) {
	ts := startTestServer(t, testutil.SampleStore(t), 0, "")
	code, body := call(t, "GET", ts.base+"/api/me", "", "")
	if code != 200 || !strings.Contains(body, `"open":true`) {
		t.Errorf("%d %s", code, body)
	}
	if code, _ := call(t, "POST", ts.base+"/api/sql", "", `{"sql":"SELECT 1"}`); code != 200 {
		t.Errorf("SQL in the desktop mode: %d", code)
	}
	if code, _ := call(t, "GET", ts.base+"/api/ranking", "ct_not_a_token", ""); code != 401 {
		t.Errorf("a wrong token is refused even in the desktop mode: %d", code)
	}
}

func TestLimits(t *testing.T) {
	st := testutil.SampleStore(t)
	ts := startTestServerDeps(t, st, server.Deps{MaxUpload: 1024, ReadHeaderTimeout: time.Second})

	t.Run("an upload over the limit is a 413", func(t *testing.T) {
		body, ctype := multipartBody("big.csv", "year,unit,indicator,actual\n"+strings.Repeat("2019,SYT,KHAM_BENH,1\n", 200))
		resp, err := http.Post(ts.base+"/api/ingest", ctype, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 413 {
			t.Errorf("%d, want 413", resp.StatusCode)
		}
	})

	t.Run("a client that sends its headers too slowly is cut off", func(t *testing.T) {
		conn, err := net.Dial("tcp", strings.TrimPrefix(ts.base, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conn.Write([]byte("GET /healthz HTTP/1.1\r\nHost: x\r\n"))
		start := time.Now()
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		buf := make([]byte, 512)
		n, err := conn.Read(buf)
		if time.Since(start) > 5*time.Second {
			t.Errorf("the connection was held %v", time.Since(start))
		}
		if err == nil && !strings.Contains(string(buf[:n]), "408") {
			t.Errorf("answered %q", buf[:n])
		}
		// The server still answers others.
		if code, _ := call(t, "GET", ts.base+"/healthz", "", ""); code != 200 {
			t.Errorf("healthz: %d", code)
		}
	})
}
