package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"chitieu/data"
	"chitieu/msg"
)

// 40 wrong passwords sent at once for one name check at most 5 of them: the
// attempt is counted before bcrypt runs, not after.
func TestParallelLoginsCheckAtMostFive(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	if _, err := s.AddUser(ctx, "tuan", Admin, "mật khẩu dài đủ", nil); err != nil {
		t.Fatal(err)
	}
	var checked atomic.Int32
	compare := s.compare
	s.compare = func(h, pw []byte) error { checked.Add(1); return compare(h, pw) }

	var wrong, refused atomic.Int32
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range 40 {
		wg.Go(func() {
			<-start
			// Every attempt from its own address: only the name's limit holds.
			_, _, err := s.Login(ctx, "tuan", "sai mật khẩu", fmt.Sprintf("10.0.1.%d", i))
			switch {
			case errors.Is(err, ErrUnauthenticated):
				wrong.Add(1)
			case errors.Is(err, ErrTooManyAttempts):
				refused.Add(1)
			default:
				t.Errorf("login: %v", err)
			}
		})
	}
	close(start)
	wg.Wait()
	if n := checked.Load(); n > 5 {
		t.Errorf("%d passwords checked, want at most 5", n)
	}
	if wrong.Load() != 5 || refused.Load() != 35 {
		t.Errorf("%d wrong, %d refused; want 5 and 35", wrong.Load(), refused.Load())
	}
	// The right password is refused now too, unchecked.
	before := checked.Load()
	if _, _, err := s.Login(ctx, "tuan", "mật khẩu dài đủ", "10.0.2.1"); !errors.Is(err, ErrTooManyAttempts) {
		t.Errorf("the right password during the pause: %v", err)
	}
	if checked.Load() != before {
		t.Errorf("a paused login checked its password")
	}
}

// A good login gives its reservation back: five good logins in a row from
// one address leave the sixth free.
func TestGoodLoginsDoNotCount(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	if _, err := s.AddUser(ctx, "an", Viewer, "mật khẩu dài đủ", nil); err != nil {
		t.Fatal(err)
	}
	for i := range 8 {
		if _, _, err := s.Login(ctx, "an", "mật khẩu dài đủ", "10.0.3.1"); err != nil {
			t.Fatalf("login %d: %v", i+1, err)
		}
	}
}

func TestLastAdminAndLastUserStay(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	for _, u := range []struct{ name, role string }{{"lan", Admin}, {"hoa", Analyst}, {"minh", Viewer}} {
		if _, err := s.AddUser(ctx, u.name, u.role, "mật khẩu dài đủ", nil); err != nil {
			t.Fatal(err)
		}
	}
	err := s.RemoveUser(ctx, "lan")
	if vi, _ := msg.Render(msg.VI, err); !errors.Is(err, data.ErrConflict) || !strings.Contains(vi, "quản trị viên (admin) cuối cùng") {
		t.Errorf("removing the last admin: %v", err)
	}
	if err := s.RemoveUser(ctx, "nobody"); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("removing no one: %v", err)
	}
	for _, name := range []string{"hoa", "minh"} {
		if err := s.RemoveUser(ctx, name); err != nil {
			t.Errorf("remove %s: %v", name, err)
		}
	}
	// A second admin makes the first removable; then the last one stays.
	if _, err := s.AddUser(ctx, "binh", Admin, "mật khẩu dài đủ", nil); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveUser(ctx, "lan"); err != nil {
		t.Errorf("remove one of two admins: %v", err)
	}
	err = s.RemoveUser(ctx, "binh")
	if vi, _ := msg.Render(msg.VI, err); !errors.Is(err, data.ErrConflict) || !strings.Contains(vi, "người dùng cuối cùng") {
		t.Errorf("removing the last user: %v", err)
	}
	if open, err := s.Open(ctx); err != nil || open {
		t.Errorf("after the refusals: open %v, %v", open, err)
	}
}

// Many removals at once still leave one admin.
func TestParallelRemovalsLeaveAnAdmin(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	names := []string{"a1", "a2", "a3", "a4"}
	for _, n := range names {
		if _, err := s.AddUser(ctx, n, Admin, "mật khẩu dài đủ", nil); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Go(func() { s.RemoveUser(ctx, n) })
	}
	wg.Wait()
	us, err := s.Users(ctx)
	if err != nil || len(us) != 1 || us[0].Role != Admin {
		t.Errorf("after parallel removals: %+v %v", us, err)
	}
}
