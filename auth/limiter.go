package auth

import (
	"sync"
	"time"
)

// limiter pauses logins for a key (an address, a user name) after max
// failures within window, until window has passed since the last one.
type limiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	fails  map[string][]time.Time
	now    func() time.Time
}

func newLimiter(max int, window time.Duration) *limiter {
	return &limiter{max: max, window: window, fails: map[string][]time.Time{}, now: time.Now}
}

func (l *limiter) recent(key string) []time.Time {
	cut := l.now().Add(-l.window)
	var keep []time.Time
	for _, t := range l.fails[key] {
		if t.After(cut) {
			keep = append(keep, t)
		}
	}
	if len(keep) == 0 {
		delete(l.fails, key)
	} else {
		l.fails[key] = keep
	}
	return keep
}

// reserve counts an attempt for every key before it is made, all or
// none, in one step: parallel attempts cannot all pass a check made before
// any of them is counted. It reports false, counting nothing, when a key
// has reached its limit. A reservation stays as a failure unless release
// gives it back.
func (l *limiter) reserve(keys ...string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		if len(l.recent(k)) >= l.max {
			return false
		}
	}
	now := l.now()
	for _, k := range keys {
		l.fails[k] = append(l.fails[k], now)
	}
	return true
}

// release gives back one reservation of key: the attempt succeeded.
func (l *limiter) release(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f := l.fails[key]
	switch {
	case len(f) <= 1:
		delete(l.fails, key)
	default:
		l.fails[key] = f[:len(f)-1]
	}
}

func (l *limiter) reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.fails, key)
}
