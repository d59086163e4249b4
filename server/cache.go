package server

import "sync"

// cache keeps rendered responses for one data version; a load that changes
// data moves the version and so empties it.
type cache struct {
	mu      sync.Mutex
	max     int
	version int64
	entries map[string][]byte
}

func newCache(max int) *cache { return &cache{max: max, entries: map[string][]byte{}} }

func (c *cache) get(version int64, key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if version != c.version {
		return nil, false
	}
	b, ok := c.entries[key]
	return b, ok
}

func (c *cache) put(version int64, key string, b []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if version != c.version {
		c.version, c.entries = version, map[string][]byte{}
	}
	if len(c.entries) >= c.max {
		// Bounded by the number of distinct pages; clear rather than track use.
		c.entries = map[string][]byte{}
	}
	c.entries[key] = b
}

// clear forgets everything: pages show who may do what, which a change of
// users alters without a change of data.
func (c *cache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries = map[string][]byte{}
}
