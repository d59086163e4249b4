// Package auth decides who may see, query and load: users with a role,
// passwords hashed with bcrypt, API tokens and browser sessions kept as
// hashes, login attempts rate-limited. Revocation takes effect at once: the
// server that holds the store is the only way tokens change.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"chitieu/data"
	"chitieu/msg"

	"golang.org/x/crypto/bcrypt"
)

// Roles, each allowed what the ones before it are.
const (
	Viewer  = "viewer"  // dashboards, charts and the read APIs
	Analyst = "analyst" // plus SQL and exports; with units, loads of those units
	Admin   = "admin"   // plus loads, users and the audit
)

var rank = map[string]int{Viewer: 1, Analyst: 2, Admin: 3}

// Allows reports whether role may do what need requires.
func Allows(role, need string) bool { return rank[role] >= rank[need] && rank[need] > 0 }

// Store is what auth keeps in the private store.
type Store interface {
	CountUsers(ctx context.Context) (int, error)
	AddUser(ctx context.Context, u data.User) error
	GetUser(ctx context.Context, name string) (data.User, error)
	Users(ctx context.Context) ([]data.User, error)
	RemoveUser(ctx context.Context, name string) error
	PutToken(ctx context.Context, t data.Token) error
	GetToken(ctx context.Context, hash string) (data.Token, error)
	RevokeToken(ctx context.Context, hash string) error
}

// Principal is who makes a request.
type Principal struct {
	Name  string
	Role  string
	Units []string // a data officer's units; empty: any
	Kind  string   // api, session, local or open
	CSRF  string   // a session's token for unsafe requests
	hash  string
	// expires is when a session ends; a cached principal is checked
	// against it on every request.
	expires *time.Time
}

// CanLoad reports whether p may load files: admins may, and analysts
// scoped to units (data officers) may load rows of those units.
func (p *Principal) CanLoad() bool {
	return p.Role == Admin || (p.Role == Analyst && len(p.Units) > 0)
}

// SessionTTL is how long a browser session lasts.
const SessionTTL = 12 * time.Hour

// Service authenticates and manages users.
type Service struct {
	store   Store
	log     *slog.Logger
	now     func() time.Time
	limiter *limiter
	// compare checks a password against its bcrypt hash.
	compare func(hash, password []byte) error
	// users makes changes of users one at a time, so that the checks
	// that keep the last admin hold.
	users sync.Mutex
	// localToken lets the command line on this machine act as an admin
	// through the running server; it lives in a file only the server's
	// owner can read.
	localToken string

	mu    sync.Mutex
	cache map[string]*Principal // by token hash; emptied by every change
	// dummy is compared against when a login names no user, so that a
	// missing user takes as long to refuse as a wrong password.
	dummy []byte
}

// New returns a Service over store.
func New(store Store, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	dummy, _ := bcrypt.GenerateFromPassword([]byte(NewSecret("")), bcrypt.DefaultCost)
	return &Service{store: store, log: log, now: time.Now, limiter: newLimiter(5, 10*time.Minute),
		compare: bcrypt.CompareHashAndPassword, cache: map[string]*Principal{}, dummy: dummy}
}

// ErrUnauthenticated says the request carries no valid credentials.
var ErrUnauthenticated = errors.New("unauthenticated")

// minPassword is the shortest password a user may have, in characters
// (a Vietnamese letter such as ơ is one, not two bytes).
const minPassword = 10

var validName = regexp.MustCompile(`^[\p{L}\p{N}_.@-]{1,64}$`)

// NewSecret returns a random secret for a token, with a prefix that says
// what it is.
func NewSecret(prefix string) string {
	b := make([]byte, 32)
	rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

func hash(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// SetLocalToken sets the secret of the local command line.
func (s *Service) SetLocalToken(t string) { s.localToken = t }

// Open reports whether no user exists: chitieu then runs as a single-user
// desktop tool, on a loopback address only.
func (s *Service) Open(ctx context.Context) (bool, error) {
	n, err := s.store.CountUsers(ctx)
	return n == 0, err
}

// AddUser creates a user with a password and returns their first API token.
func (s *Service) AddUser(ctx context.Context, name, role, password string, units []string) (string, error) {
	switch {
	case !validName.MatchString(name):
		return "", msg.E(data.ErrInvalid, "users.bad_name")
	case rank[role] == 0:
		return "", msg.E(data.ErrInvalid, "users.bad_role", "value", strconv.Quote(role))
	case utf8.RuneCountInString(password) < minPassword:
		return "", msg.E(data.ErrInvalid, "users.password_short", "min", strconv.Itoa(minPassword))
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return "", err
	}
	for i := range units {
		units[i] = strings.ToUpper(strings.TrimSpace(units[i]))
	}
	s.users.Lock()
	defer s.users.Unlock()
	if err := s.store.AddUser(ctx, data.User{Name: name, Role: role, PasswordHash: string(h), Units: units}); err != nil {
		return "", err
	}
	return s.NewToken(ctx, name)
}

// Users lists the users.
func (s *Service) Users(ctx context.Context) ([]data.User, error) { return s.store.Users(ctx) }

// RemoveUser deletes a user; their tokens and sessions stop working at once.
// The last user and the last admin cannot be removed: the first would turn
// logins off for whoever restarts the server, the second would leave no one
// to manage users.
func (s *Service) RemoveUser(ctx context.Context, name string) error {
	s.users.Lock()
	defer s.users.Unlock()
	us, err := s.store.Users(ctx)
	if err != nil {
		return err
	}
	admins := 0
	for _, u := range us {
		if u.Role == Admin {
			admins++
		}
	}
	i := slices.IndexFunc(us, func(u data.User) bool { return u.Name == name })
	switch {
	case i < 0:
		return data.Coded("users", data.ErrNotFound, "users.not_found", "name", name)
	case len(us) == 1:
		return msg.E(data.ErrConflict, "users.last_user", "name", name)
	case us[i].Role == Admin && admins == 1:
		return msg.E(data.ErrConflict, "users.last_admin", "name", name)
	}
	if err := s.store.RemoveUser(ctx, name); err != nil {
		return err
	}
	s.forget()
	return nil
}

// NewToken issues a new API token for a user.
func (s *Service) NewToken(ctx context.Context, name string) (string, error) {
	if _, err := s.store.GetUser(ctx, name); err != nil {
		return "", err
	}
	secret := NewSecret("ct_")
	if err := s.store.PutToken(ctx, data.Token{Hash: hash(secret), User: name, Kind: "api"}); err != nil {
		return "", err
	}
	return secret, nil
}

// Revoke ends a token or session at once.
func (s *Service) Revoke(ctx context.Context, secret string) error {
	if err := s.store.RevokeToken(ctx, hash(strings.TrimSpace(secret))); err != nil {
		return err
	}
	s.forget()
	return nil
}

func (s *Service) forget() {
	s.mu.Lock()
	s.cache = map[string]*Principal{}
	s.mu.Unlock()
}

// Authenticate returns who holds a token or session secret.
func (s *Service) Authenticate(ctx context.Context, secret string) (*Principal, error) {
	if secret == "" {
		return nil, ErrUnauthenticated
	}
	if s.localToken != "" && subtle.ConstantTimeCompare([]byte(secret), []byte(s.localToken)) == 1 {
		return &Principal{Name: "local", Role: Admin, Kind: "local"}, nil
	}
	h := hash(secret)
	s.mu.Lock()
	p, ok := s.cache[h]
	s.mu.Unlock()
	if ok && (p.expires == nil || s.now().Before(*p.expires)) {
		return p, nil
	}
	t, err := s.store.GetToken(ctx, h)
	if errors.Is(err, data.ErrNotFound) {
		return nil, ErrUnauthenticated
	}
	if err != nil {
		return nil, err
	}
	if t.RevokedAt != nil || (t.ExpiresAt != nil && s.now().After(*t.ExpiresAt)) {
		return nil, ErrUnauthenticated
	}
	u, err := s.store.GetUser(ctx, t.User)
	if errors.Is(err, data.ErrNotFound) {
		return nil, ErrUnauthenticated
	}
	if err != nil {
		return nil, err
	}
	p = &Principal{Name: u.Name, Role: u.Role, Units: u.Units, Kind: t.Kind, CSRF: t.CSRF, hash: h, expires: t.ExpiresAt}
	s.mu.Lock()
	if len(s.cache) >= 10000 { // bounded: start over rather than grow
		s.cache = map[string]*Principal{}
	}
	s.cache[h] = p
	s.mu.Unlock()
	return p, nil
}

// ErrTooManyAttempts says logins from an address or for a name are
// paused after repeated failures.
var ErrTooManyAttempts = errors.New("too many failed logins: wait a few minutes")

// Login checks a password and opens a new session: a fresh secret every
// time, whatever the browser sent before, so a planted session id is
// useless. It returns the session secret and its CSRF token.
func (s *Service) Login(ctx context.Context, name, password, addr string) (session, csrf string, err error) {
	// The attempt is counted before the password is checked, so that
	// parallel guesses cannot all pass a limit none of them has reached yet.
	if !s.limiter.reserve(addr, "user:"+name) {
		return "", "", ErrTooManyAttempts
	}
	u, err := s.store.GetUser(ctx, name)
	if err != nil && !errors.Is(err, data.ErrNotFound) {
		s.limiter.release(addr)
		s.limiter.release("user:" + name)
		return "", "", err
	}
	hashToCheck := []byte(u.PasswordHash)
	if u.Name == "" {
		hashToCheck = s.dummy
	}
	if s.compare(hashToCheck, []byte(password)) != nil || u.Name == "" {
		return "", "", ErrUnauthenticated
	}
	s.limiter.release(addr)
	s.limiter.reset("user:" + name)
	session, csrf = NewSecret("cs_"), NewSecret("")
	exp := s.now().Add(SessionTTL)
	if err := s.store.PutToken(ctx, data.Token{Hash: hash(session), User: name, Kind: "session", CSRF: csrf, ExpiresAt: &exp}); err != nil {
		return "", "", err
	}
	return session, csrf, nil
}

// Logout ends a session.
func (s *Service) Logout(ctx context.Context, session string) error {
	err := s.Revoke(ctx, session)
	if errors.Is(err, data.ErrNotFound) {
		return nil
	}
	return err
}

// MayLoadUnits reports which units p may load rows of: nil for any.
func (p *Principal) MayLoadUnits() []string {
	if p.Role == Admin {
		return nil
	}
	return slices.Clone(p.Units)
}

// String names a principal for logs and the audit.
func (p *Principal) String() string { return fmt.Sprintf("%s (%s)", p.Name, p.Role) }
