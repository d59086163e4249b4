package server

import "sync"

// cache keeps rendered responses for one data version; a load that changes
// data moves the version and so empties it.
type cache struct {
	mu      sync.Mutex
	max     int
	version int64
	entries map[string][]byte
	flights map[flightKey]*flight
}

type flightKey struct {
	version int64
	key     string
}

// flight is one build of an entry that other requests wait for.
type flight struct {
	done chan struct{}
	b    []byte
	err  error
}

func newCache(max int) *cache {
	return &cache{max: max, entries: map[string][]byte{}, flights: map[flightKey]*flight{}}
}

// load returns the entry for key, building it once however many requests
// ask at the same time: right after a load moves the version, a crowd of
// readers would otherwise run the same queries side by side and starve
// each other.
func (c *cache) load(version int64, key string, build func() ([]byte, error)) ([]byte, error) {
	if b, ok := c.get(version, key); ok {
		return b, nil
	}
	fk := flightKey{version, key}
	c.mu.Lock()
	if f, ok := c.flights[fk]; ok {
		c.mu.Unlock()
		<-f.done
		if f.err == nil {
			return f.b, nil
		}
		return build() // the first build failed, perhaps for its own client's reasons
	}
	f := &flight{done: make(chan struct{})}
	c.flights[fk] = f
	c.mu.Unlock()
	f.b, f.err = build()
	if f.err == nil {
		c.put(version, key, f.b)
	}
	c.mu.Lock()
	delete(c.flights, fk)
	c.mu.Unlock()
	close(f.done)
	return f.b, f.err
}

func (c *cache) get(version int64, key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if version != c.version {
		return nil, false
	}
	b, ok := c.entries[key]
	return b, ok
}

// maxEntry bounds one kept answer: a large PNG is drawn again rather than
// held in memory.
const maxEntry = 4 << 20

func (c *cache) put(version int64, key string, b []byte) {
	if len(b) >= maxEntry {
		return
	}
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
