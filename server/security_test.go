package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"chitieu/internal/testutil"
	"chitieu/server"
)

// withUsers adds an admin "lan" and an analyst "hoa" and tells the running
// server, as chitieu user add does; it returns their API tokens.
func withUsers(t *testing.T, ts *testServer) (admin, analyst string) {
	t.Helper()
	admin, err := ts.auth.AddUser(t.Context(), "lan", "admin", "mật khẩu đủ dài", nil)
	if err != nil {
		t.Fatal(err)
	}
	code, body := call(t, "POST", ts.base+"/api/users", admin, `{"name":"hoa","role":"analyst","password":"mật khẩu đủ dài"}`)
	if code != 201 {
		t.Fatalf("add a user: %d %s", code, body)
	}
	var out struct{ Token string }
	json.Unmarshal([]byte(body), &out)
	return admin, out.Token
}

// do sends a request with headers and returns the status and body.
func do(t *testing.T, method, url string, headers map[string]string, body string) (int, http.Header, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	for k, v := range headers {
		if k == "Host" {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

func TestSecurityHeaders(t *testing.T) {
	ts := startTestServer(t, testutil.SampleStore(t), 0, "")
	for _, path := range []string{"/", "/healthz", "/login", "/sql", "/api/performance?year=2018", "/static/app.js",
		"/api/charts/compare?indicator=KHAM_BENH&format=svg", "/no/such/page"} {
		t.Run(path, func(t *testing.T) {
			_, h, _ := do(t, "GET", ts.base+path, nil, "")
			csp := h.Get("Content-Security-Policy")
			for _, w := range []string{"script-src 'self';", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"} {
				if !strings.Contains(csp, w) {
					t.Errorf("CSP %q lacks %q", csp, w)
				}
			}
			if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "same-origin" || h.Get("X-Frame-Options") != "DENY" {
				t.Errorf("headers %v", h)
			}
		})
	}
	t.Run("the standalone HTML export runs sandboxed", func(t *testing.T) {
		code, h, body := do(t, "GET", ts.base+"/api/charts/compare?indicator=KHAM_BENH&format=html", nil, "")
		csp := h.Get("Content-Security-Policy")
		if code != 200 || !strings.HasPrefix(csp, "sandbox allow-scripts;") || strings.Contains(csp, "allow-same-origin") {
			t.Errorf("%d CSP %q", code, csp)
		}
		if !strings.Contains(body, "<script>") {
			t.Errorf("the export carries no script of its own")
		}
	})
}

// A page from another site cannot act through the user's browser: its
// unsafe requests carry Sec-Fetch-Site: cross-site or a foreign Origin.
func TestCrossOriginRefused(t *testing.T) {
	ts := startTestServer(t, testutil.SampleStore(t), 0, "")
	upload, ctype := multipartBody("syt.csv", "year,unit,indicator,actual\n2019,SYT,KHAM_BENH,1\n")
	for _, tc := range []struct {
		name, method, path, ctype, body string
		headers                         map[string]string
	}{
		{"form text/plain", "POST", "/api/users", "text/plain", `{"name":"evil","role":"admin","password":"0123456789","x":"="}`,
			map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "http://evil.example"}},
		{"no-cors fetch", "POST", "/api/sql", "text/plain", `{"sql":"SELECT 1"}`, map[string]string{"Sec-Fetch-Site": "cross-site"}},
		{"an old browser: Origin only", "POST", "/api/sql", "application/json", `{"sql":"SELECT 1"}`, map[string]string{"Origin": "http://evil.example"}},
		{"multipart", "POST", "/api/ingest", ctype, upload, map[string]string{"Sec-Fetch-Site": "same-site", "Origin": "http://127.0.0.1:1"}},
		{"delete", "DELETE", "/api/queries/1", "", "", map[string]string{"Sec-Fetch-Site": "cross-site"}},
		{"logout", "POST", "/logout", "application/x-www-form-urlencoded", "", map[string]string{"Sec-Fetch-Site": "cross-site"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := map[string]string{"Content-Type": tc.ctype}
			for k, v := range tc.headers {
				h[k] = v
			}
			code, _, body := do(t, tc.method, ts.base+tc.path, h, tc.body)
			if code != 403 || !strings.Contains(body, "trang web khác") {
				t.Errorf("%d %s", code, body)
			}
		})
	}
	if n := testutil.Count(t, ts.private, `SELECT count(*) FROM users`); n != 0 {
		t.Errorf("%d users made", n)
	}
	// The server's own pages send same-origin requests, which pass.
	code, _, body := do(t, "POST", ts.base+"/api/sql", map[string]string{"Content-Type": "application/json",
		"Sec-Fetch-Site": "same-origin", "Origin": ts.base}, `{"sql":"SELECT 42 AS n"}`)
	if code != 200 || !strings.Contains(body, "42") {
		t.Errorf("same-origin: %d %s", code, body)
	}
}

// A page that rebinds its own name to 127.0.0.1 sends its name as the Host:
// without users, only this machine's names are answered.
func TestRebindingHostRefusedInOpenMode(t *testing.T) {
	ts := startTestServer(t, testutil.SampleStore(t), 0, "")
	port := ts.base[strings.LastIndex(ts.base, ":")+1:]
	for host, want := range map[string]int{
		"evil.example:" + port: 421, "evil.example": 421, "127.0.0.1.nip.io:" + port: 421, "localhost.evil.example": 421,
		"10.0.0.1:" + port:  421,
		"localhost:" + port: 200, "127.0.0.1:" + port: 200, "[::1]:" + port: 200, "LOCALHOST": 200,
	} {
		for _, path := range []string{"/api/me", "/"} {
			code, _, body := do(t, "GET", ts.base+path, map[string]string{"Host": host}, "")
			if code != want {
				t.Errorf("Host %s %s: %d, want %d (%.100s)", host, path, code, want, body)
			}
		}
	}
	code, _, body := do(t, "POST", ts.base+"/api/sql", map[string]string{"Host": "evil.example:" + port, "Content-Type": "application/json"}, `{"sql":"SELECT 1"}`)
	if code != 421 || !strings.Contains(body, "localhost") {
		t.Errorf("SQL through a rebound name: %d %s", code, body)
	}
	// With users, a foreign name carries no session: no need to refuse it.
	withUsers(t, ts)
	if code, _, _ := do(t, "GET", ts.base+"/healthz", map[string]string{"Host": "chitieu.so-ke-hoach.example"}, ""); code != 200 {
		t.Errorf("a server with users behind a proxy: %d", code)
	}
}

func TestMediaTypes(t *testing.T) {
	ts := startTestServer(t, testutil.SampleStore(t), 0, "")
	upload, ctype := multipartBody("syt.csv", "year,unit,indicator,actual\n2019,SYT,KHAM_BENH,1\n")
	for _, tc := range []struct {
		name, method, path, ctype, body string
		want                            int
	}{
		{"sql as text/plain", "POST", "/api/sql", "text/plain", `{"sql":"SELECT 1"}`, 415},
		{"sql as a form", "POST", "/api/sql", "application/x-www-form-urlencoded", `sql=SELECT+1`, 415},
		{"sql without a type", "POST", "/api/sql", "", `{"sql":"SELECT 1"}`, 415},
		{"sql as JSON", "POST", "/api/sql", "application/json; charset=utf-8", `{"sql":"SELECT 1"}`, 200},
		{"users as multipart", "POST", "/api/users", ctype, upload, 415},
		{"ingest as JSON", "POST", "/api/ingest", "application/json", `{}`, 415},
		{"ingest as text/plain", "POST", "/api/ingest?dry_run=true", "text/plain", upload, 415},
		{"ingest as multipart", "POST", "/api/ingest?dry_run=true", ctype, upload, 200},
		{"delete without a body", "DELETE", "/api/queries/999", "", "", 404},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, body := do(t, tc.method, ts.base+tc.path, map[string]string{"Content-Type": tc.ctype}, tc.body)
			if code != tc.want {
				t.Errorf("%d, want %d: %.200s", code, tc.want, body)
			}
			if code == 415 && !strings.Contains(body, "hãy gửi") {
				t.Errorf("the refusal does not say what to send: %s", body)
			}
		})
	}
	if code, _, body := do(t, "POST", ts.base+"/api/sql?lang=en", map[string]string{"Content-Type": "text/plain"}, `{}`); code != 415 || !strings.Contains(body, "Content-Type: application/json") {
		t.Errorf("in English: %d %s", code, body)
	}
}

func TestNextAfterLoginStaysLocal(t *testing.T) {
	ts := startTestServer(t, testutil.SampleStore(t), 0, "")
	withUsers(t, ts)
	for next, want := range map[string]string{
		"/sql":                                   "/sql",
		"/indicators/KHAM_BENH?unit=SYT&lang=en": "/indicators/KHAM_BENH?unit=SYT&lang=en",
		"/\t/evil.example":                       "/",
		"//evil.example":                         "/",
		"/\\evil.example":                        "/",
		"\\\\evil.example":                       "/",
		"https://evil.example/":                  "/",
		"javascript:alert(1)":                    "/",
		"/\r\n/evil.example":                     "/",
		"evil.example":                           "/",
		" /sql":                                  "/",
		"/%09/evil.example":                      "/%09/evil.example", // a path with an encoded tab stays on this site
	} {
		c := browser(t)
		resp, err := c.Get(ts.base + "/login?next=" + url.QueryEscape(next))
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		m := csrfField.FindSubmatch(page)
		if m == nil {
			t.Fatal("no CSRF field")
		}
		if !strings.Contains(text(string(page)), `name="next" value="`+want+`"`) {
			t.Errorf("next=%q: the form keeps a different next", next)
		}
		resp, err = c.PostForm(ts.base+"/login", url.Values{"name": {"hoa"}, "password": {"mật khẩu đủ dài"}, "csrf": {string(m[1])}, "next": {next}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); resp.StatusCode != 303 || loc != want {
			t.Errorf("next=%q: %d to %q, want %q", next, resp.StatusCode, loc, want)
		}
		for _, ck := range resp.Cookies() {
			if ck.Name == "chitieu_session" && ck.SameSite != http.SameSiteStrictMode {
				t.Errorf("the session cookie is not SameSite=Strict: %v", ck)
			}
		}
	}
}

// API tokens, and the command line's own, work as Bearer only: as a
// session cookie they are nobody.
func TestTokensAreBearerOnly(t *testing.T) {
	ts := startTestServer(t, testutil.SampleStore(t), 0, "")
	admin, _ := withUsers(t, ts)
	ts.auth.SetLocalToken("cl_local_secret")
	for name, secret := range map[string]string{"api token": admin, "local token": "cl_local_secret"} {
		t.Run(name, func(t *testing.T) {
			if code, _, _ := do(t, "GET", ts.base+"/api/users", map[string]string{"Authorization": "Bearer " + secret}, ""); code != 200 {
				t.Errorf("as Bearer: %d", code)
			}
			ck := map[string]string{"Cookie": "chitieu_session=" + secret}
			if code, _, _ := do(t, "GET", ts.base+"/api/users", ck, ""); code != 401 {
				t.Errorf("as a cookie: %d, want 401", code)
			}
			if code, h, _ := do(t, "GET", ts.base+"/admin/audit", ck, ""); code != 303 || !strings.HasPrefix(h.Get("Location"), "/login") {
				t.Errorf("a page with the token as a cookie: %d %s", code, h.Get("Location"))
			}
		})
	}
}

// The last admin cannot be removed over HTTP either, and a server that had
// users never turns open, even when its users are removed behind its back.
func TestUsersStayWhileTheServerRuns(t *testing.T) {
	ts := startTestServer(t, testutil.SampleStore(t), 0, "")
	admin, _ := withUsers(t, ts)
	code, _, body := do(t, "DELETE", ts.base+"/api/users/lan", map[string]string{"Authorization": "Bearer " + admin}, "")
	if code != 409 || !strings.Contains(body, "quản trị viên (admin) cuối cùng") {
		t.Errorf("removing the last admin: %d %s", code, body)
	}
	// Every user gone from the store behind the server's back; then one
	// removal through the API makes the server count again.
	ts.auth.SetLocalToken("cl_local_secret")
	if err := ts.private.RemoveUser(t.Context(), "lan"); err != nil {
		t.Fatal(err)
	}
	if code, _, body := do(t, "DELETE", ts.base+"/api/users/hoa", map[string]string{"Authorization": "Bearer cl_local_secret"}, ""); code != 409 {
		t.Errorf("removing the last user: %d %s", code, body)
	}
	if err := ts.private.RemoveUser(t.Context(), "hoa"); err != nil {
		t.Fatal(err)
	}
	code, _, body = do(t, "POST", ts.base+"/api/users", map[string]string{"Authorization": "Bearer cl_local_secret", "Content-Type": "application/json"},
		`{"name":"x","role":"viewer","password":"ngắn"}`)
	if code != 400 {
		t.Errorf("a refused user: %d %s", code, body)
	}
	if code, _, body := do(t, "GET", ts.base+"/api/me", nil, ""); code != 401 {
		t.Errorf("a server with users turned open: %d %s", code, body)
	}
}

// 40 wrong passwords at once through the login form: at most 5 are
// checked (401), the others refused at once (429).
func TestParallelLoginsOverHTTP(t *testing.T) {
	ts := startTestServer(t, testutil.SampleStore(t), 0, "")
	withUsers(t, ts)
	c := browser(t)
	resp, err := c.Get(ts.base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	token := string(csrfField.FindSubmatch(page)[1])
	var mu sync.Mutex
	codes := map[int]int{}
	var wg sync.WaitGroup
	for range 40 {
		wg.Go(func() {
			resp, err := c.PostForm(ts.base+"/login", url.Values{"name": {"hoa"}, "password": {"sai mật khẩu"}, "csrf": {token}})
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			mu.Lock()
			codes[resp.StatusCode]++
			mu.Unlock()
		})
	}
	wg.Wait()
	if codes[401] > 5 || codes[401]+codes[429] != 40 {
		t.Errorf("statuses %v: want at most 5 checked (401) and the rest 429", codes)
	}
	if n := testutil.Count(t, ts.private, `SELECT count(*) FROM audit WHERE action = 'login' AND outcome = 'failed'`); n > 5 {
		t.Errorf("%d failed logins, want at most 5", n)
	}
}

// slowUpload starts a load whose body arrives in two halves: the request is
// under way until finish is called.
func slowUpload(t *testing.T, base, name, content string) (finish func(), result <-chan string) {
	t.Helper()
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	out := make(chan string, 1)
	req, _ := http.NewRequest("POST", base+"/api/ingest", pr)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			out <- "error: " + err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		out <- fmt.Sprintf("%d %s", resp.StatusCode, b)
	}()
	w, _ := mw.CreateFormFile("file", name)
	half := len(content) / 2
	io.WriteString(w, content[:half])
	return func() {
		io.WriteString(w, content[half:])
		mw.Close()
		pw.Close()
	}, out
}

// Told to stop, the server lets a load under way finish: its requests do
// not inherit the signal's context.
func TestShutdownLetsRequestsFinish(t *testing.T) {
	st := testutil.SampleStore(t)
	ts := startTestServerDeps(t, st, server.Deps{ShutdownTimeout: 20 * time.Second})
	finish, result := slowUpload(t, ts.base, "syt-2019.csv", "năm;đơn vị;chỉ tiêu;thực hiện;kế hoạch\n2019;Sở Y tế;Lượt khám bệnh;5.300.000;5.000.000\n")
	time.Sleep(300 * time.Millisecond) // the request is in the handler
	stopped := make(chan error, 1)
	go func() { stopped <- ts.stop() }()
	time.Sleep(300 * time.Millisecond) // the shutdown has begun
	select {
	case err := <-stopped:
		t.Fatalf("the server stopped with a request under way: %v", err)
	default:
	}
	finish()
	if r := <-result; !strings.HasPrefix(r, "200 ") {
		t.Errorf("the load under way: %s", r)
	}
	if err := <-stopped; err != nil {
		t.Errorf("shutdown: %v", err)
	}
	if n := testutil.Count(t, st, `SELECT count(*) FROM observations WHERE year = 2019 AND actual = 5300000`); n != 1 {
		t.Errorf("the load is not in the store (%d rows)", n)
	}
}

// A request that never ends does not hold the shutdown past its bound.
func TestShutdownIsBounded(t *testing.T) {
	ts := startTestServerDeps(t, testutil.SampleStore(t), server.Deps{ShutdownTimeout: 300 * time.Millisecond})
	finish, result := slowUpload(t, ts.base, "never.csv", "year,unit,indicator,actual\n2019,SYT,KHAM_BENH,1\n")
	time.Sleep(300 * time.Millisecond)
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- ts.stop() }()
	select {
	case err := <-done:
		if err == nil {
			t.Errorf("the shutdown cut a request short without saying so")
		}
	case <-ctx.Done():
		t.Fatal("the shutdown waited for a request that never ends")
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("the shutdown took %v with a bound of 300 ms", took)
	}
	finish() // the client stops writing to a closed connection
	if r := <-result; !strings.HasPrefix(r, "error") {
		t.Errorf("the cut request: %s", r)
	}
}
