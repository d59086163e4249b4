package server

import (
	"context"
	"strconv"
	"sync"
	"time"

	"chitieu/data"
	"chitieu/msg"
)

// querySlots bounds the analyst queries that run at once, over the server
// and per user: one user holds at most half of them, so one analyst's
// parallel queries leave room for everyone else's.
type querySlots struct {
	mu      sync.Mutex
	total   int
	perUser int
	running int
	byUser  map[string]int
	freed   chan struct{} // closed, and replaced, whenever a slot frees
}

func newQuerySlots(total int) *querySlots {
	return &querySlots{total: total, perUser: max(1, total/2), byUser: map[string]int{}, freed: make(chan struct{})}
}

// acquire takes a slot for user. A user at their own share waits up to
// ownWait and is then told so; a user under their share waits for a free
// slot up to fairWait, which should be the query time limit: every running
// query ends by then.
func (q *querySlots) acquire(ctx context.Context, user string, ownWait, fairWait time.Duration) (func(), error) {
	start := time.Now()
	for {
		q.mu.Lock()
		mine := q.byUser[user]
		if q.running < q.total && mine < q.perUser {
			q.running++
			q.byUser[user]++
			q.mu.Unlock()
			var once sync.Once
			return func() { once.Do(func() { q.release(user) }) }, nil
		}
		freed := q.freed
		q.mu.Unlock()
		wait, err := fairWait, msg.E(data.ErrBusy, "api.sql.server_busy")
		if mine >= q.perUser {
			wait, err = ownWait, msg.E(data.ErrBusy, "api.sql.user_busy", "n", strconv.Itoa(q.perUser))
		}
		left := wait - time.Since(start)
		if left <= 0 {
			return nil, err
		}
		t := time.NewTimer(left)
		select {
		case <-freed:
			t.Stop()
		case <-t.C:
			return nil, err
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		}
	}
}

func (q *querySlots) release(user string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.running--
	if q.byUser[user]--; q.byUser[user] <= 0 {
		delete(q.byUser, user)
	}
	close(q.freed)
	q.freed = make(chan struct{})
}
