package auth

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"chitieu/data"
	"chitieu/internal/testutil"
	"chitieu/msg"
)

// clock is a time a test moves by hand.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newService(tb testing.TB) (*Service, *clock) {
	tb.Helper()
	c := &clock{t: time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)}
	s := New(testutil.PrivateStore(tb), nil)
	s.now = c.now
	s.limiter.now = c.now
	return s, c
}

func TestAddUserRefusals(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	if _, err := s.AddUser(ctx, "lan", Admin, "mật khẩu dài đủ", nil); err != nil {
		t.Fatal(err)
	}
	// Refusals read in Vietnamese by default and in English on request.
	for _, tc := range []struct{ name, user, role, password, vi, en string }{
		{"empty name", "", Viewer, "0123456789", "tên người dùng", "user name"},
		{"space in name", "lan anh", Viewer, "0123456789", "tên người dùng", "user name"},
		{"unknown role", "binh", "owner", "0123456789", `không phải "owner"`, `not "owner"`},
		{"short password", "binh", Viewer, "123456789", "Mật khẩu phải có ít nhất 10 ký tự", "at least 10 characters"},
		// Nine letters, fifteen bytes: the rule counts what a person types.
		{"short Vietnamese password", "binh", Viewer, "mậtkhẩuơi", "Mật khẩu phải có ít nhất 10 ký tự", "at least 10 characters"},
		{"taken name", "lan", Viewer, "0123456789", `người dùng "lan" đã có`, `user "lan" exists`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.AddUser(ctx, tc.user, tc.role, tc.password, nil)
			vi, _ := msg.Render(msg.VI, err)
			en, _ := msg.Render(msg.EN, err)
			if err == nil || !strings.Contains(vi, tc.vi) || !strings.Contains(en, tc.en) {
				t.Errorf("AddUser(%q, %q) = %v (vi %q, en %q), want %q and %q", tc.user, tc.role, err, vi, en, tc.vi, tc.en)
			}
		})
	}
	users, err := s.Users(ctx)
	if err != nil || len(users) != 1 {
		t.Errorf("users after refusals: %v %v", users, err)
	}
}

func TestTokens(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	// The last admin cannot be removed: one stays while hoa goes.
	if _, err := s.AddUser(ctx, "lan", Admin, "mật khẩu dài đủ", nil); err != nil {
		t.Fatal(err)
	}
	token, err := s.AddUser(ctx, "hoa", Analyst, "mật khẩu dài đủ", []string{" syt ", "sdl"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.Authenticate(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "hoa" || p.Role != Analyst || strings.Join(p.Units, ",") != "SYT,SDL" || !p.CanLoad() {
		t.Errorf("principal %+v", p)
	}
	second, err := s.NewToken(ctx, "hoa")
	if err != nil || second == token {
		t.Fatalf("second token %q %v", second, err)
	}
	if err := s.Revoke(ctx, token); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, token); !errors.Is(err, ErrUnauthenticated) {
		t.Errorf("a revoked token still works: %v", err)
	}
	if _, err := s.Authenticate(ctx, second); err != nil {
		t.Errorf("revoking one token ended another: %v", err)
	}
	if err := s.RemoveUser(ctx, "hoa"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, second); !errors.Is(err, ErrUnauthenticated) {
		t.Errorf("the token of a removed user still works: %v", err)
	}
	for _, bad := range []string{"", "ct_", "ct_" + strings.Repeat("0", 64), "cs_nothing"} {
		if _, err := s.Authenticate(ctx, bad); !errors.Is(err, ErrUnauthenticated) {
			t.Errorf("Authenticate(%q) = %v", bad, err)
		}
	}
	if _, err := s.NewToken(ctx, "nobody"); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("a token for no user: %v", err)
	}
}

func TestSessionsExpire(t *testing.T) {
	s, c := newService(t)
	ctx := context.Background()
	if _, err := s.AddUser(ctx, "minh", Viewer, "mật khẩu dài đủ", nil); err != nil {
		t.Fatal(err)
	}
	first, csrf, err := s.Login(ctx, "minh", "mật khẩu dài đủ", "10.0.0.1")
	if err != nil || !strings.HasPrefix(first, "cs_") || csrf == "" {
		t.Fatalf("login: %q %q %v", first, csrf, err)
	}
	second, _, err := s.Login(ctx, "minh", "mật khẩu dài đủ", "10.0.0.1")
	if err != nil || second == first {
		t.Fatalf("a second login must get a fresh session: %v", err)
	}
	p, err := s.Authenticate(ctx, first)
	if err != nil || p.Kind != "session" || p.CSRF != csrf {
		t.Fatalf("session principal %+v %v", p, err)
	}
	c.t = c.t.Add(SessionTTL - time.Minute)
	if _, err := s.Authenticate(ctx, first); err != nil {
		t.Errorf("a session ended before its %v: %v", SessionTTL, err)
	}
	c.t = c.t.Add(2 * time.Minute)
	if _, err := s.Authenticate(ctx, first); !errors.Is(err, ErrUnauthenticated) {
		t.Errorf("a session outlived its %v: %v", SessionTTL, err)
	}
	if err := s.Logout(ctx, second); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, second); !errors.Is(err, ErrUnauthenticated) {
		t.Errorf("a session outlived logout: %v", err)
	}
	if err := s.Logout(ctx, "cs_unknown"); err != nil {
		t.Errorf("logging out an unknown session: %v", err)
	}
}

func TestLoginIsRateLimited(t *testing.T) {
	s, c := newService(t)
	ctx := context.Background()
	const pw = "mật khẩu dài đủ"
	if _, err := s.AddUser(ctx, "tuan", Viewer, pw, nil); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if _, _, err := s.Login(ctx, "tuan", "sai mật khẩu", "10.0.0.2"); !errors.Is(err, ErrUnauthenticated) {
			t.Fatalf("attempt %d: %v", i+1, err)
		}
	}
	// Paused for the name, whatever address, even with the right password.
	if _, _, err := s.Login(ctx, "tuan", pw, "10.0.0.3"); !errors.Is(err, ErrTooManyAttempts) {
		t.Errorf("sixth attempt: %v", err)
	}
	// And for the address, whatever name.
	if _, _, err := s.Login(ctx, "khac", pw, "10.0.0.2"); !errors.Is(err, ErrTooManyAttempts) {
		t.Errorf("another name from the same address: %v", err)
	}
	c.t = c.t.Add(10*time.Minute + time.Second)
	if _, _, err := s.Login(ctx, "tuan", pw, "10.0.0.2"); err != nil {
		t.Errorf("after the pause: %v", err)
	}
	// A user that does not exist is refused the same way as a wrong password.
	if _, _, err := s.Login(ctx, "không-có", pw, "10.0.0.4"); !errors.Is(err, ErrUnauthenticated) {
		t.Errorf("unknown user: %v", err)
	}
}

func TestLocalTokenAndRoles(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	s.SetLocalToken("cl_secret")
	p, err := s.Authenticate(ctx, "cl_secret")
	if err != nil || p.Role != Admin || p.MayLoadUnits() != nil {
		t.Errorf("local: %+v %v", p, err)
	}
	if _, err := s.Authenticate(ctx, "cl_secreT"); !errors.Is(err, ErrUnauthenticated) {
		t.Errorf("a near-miss local token: %v", err)
	}
	for _, tc := range []struct {
		role, need string
		want       bool
	}{
		{Viewer, Viewer, true}, {Viewer, Analyst, false}, {Analyst, Viewer, true},
		{Analyst, Admin, false}, {Admin, Analyst, true}, {"", Viewer, false}, {Admin, "", false},
	} {
		if got := Allows(tc.role, tc.need); got != tc.want {
			t.Errorf("Allows(%q, %q) = %v", tc.role, tc.need, got)
		}
	}
	for _, tc := range []struct {
		p    Principal
		want bool
	}{
		{Principal{Role: Admin}, true},
		{Principal{Role: Analyst}, false},
		{Principal{Role: Analyst, Units: []string{"SYT"}}, true},
		{Principal{Role: Viewer, Units: []string{"SYT"}}, false},
	} {
		if got := tc.p.CanLoad(); got != tc.want {
			t.Errorf("%+v CanLoad = %v", tc.p, got)
		}
	}
}
