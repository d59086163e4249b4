package server

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestCacheBuildsOnceForACrowd(t *testing.T) {
	c := newCache(8)
	var builds atomic.Int32
	release := make(chan struct{})
	build := func() ([]byte, error) {
		builds.Add(1)
		<-release
		return []byte("page v2"), nil
	}
	var wg sync.WaitGroup
	got := make([]string, 32)
	for i := range got {
		wg.Go(func() {
			b, err := c.load(2, "/", build)
			if err != nil {
				t.Error(err)
			}
			got[i] = string(b)
		})
	}
	time.Sleep(50 * time.Millisecond) // let the crowd gather behind the first build
	close(release)
	wg.Wait()
	if n := builds.Load(); n != 1 {
		t.Errorf("%d builds for one key and version, want 1", n)
	}
	for i, g := range got {
		if g != "page v2" {
			t.Fatalf("request %d got %q", i, g)
		}
	}
	// A new version builds again; a failed build is not kept.
	fail := errors.New("store gone")
	if _, err := c.load(3, "/", func() ([]byte, error) { return nil, fail }); !errors.Is(err, fail) {
		t.Errorf("failed build: %v", err)
	}
	if b, err := c.load(3, "/", func() ([]byte, error) { return []byte("page v3"), nil }); err != nil || string(b) != "page v3" {
		t.Errorf("after a failure: %q %v", b, err)
	}
	if b, _ := c.get(2, "/"); b != nil {
		t.Errorf("version 2 still served after version 3: %q", b)
	}
	// An answer too large to hold is served but drawn again next time.
	c.put(3, "big.png", make([]byte, maxEntry))
	if b, ok := c.get(3, "big.png"); ok {
		t.Errorf("kept a %d-byte entry", len(b))
	}
}
