package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// User is a person or program that may use chitieu.
type User struct {
	Name         string    `json:"name"`
	Role         string    `json:"role"`
	Units        []string  `json:"units,omitempty"`
	PasswordHash string    `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
}

// Token is an API token or a browser session, known by its hash.
type Token struct {
	Hash      string
	User      string
	Kind      string // api or session
	CSRF      string
	ExpiresAt *time.Time
	RevokedAt *time.Time
}

// CountUsers says how many users exist; none means the desktop mode.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n)
	return n, err
}

// AddUser creates a user; a name taken is ErrConflict.
func (s *Store) AddUser(ctx context.Context, u User) error {
	var units any
	if len(u.Units) > 0 {
		units = strings.Join(u.Units, ",")
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO users (name, role, password_hash, units, created_at) VALUES (?, ?, ?, ?, ?)`,
		u.Name, u.Role, u.PasswordHash, units, time.Now().UTC())
	if err != nil && strings.Contains(err.Error(), "Duplicate key") {
		return Coded("users", ErrConflict, "users.exists", "name", u.Name)
	}
	return err
}

// GetUser returns a user, or ErrNotFound.
func (s *Store) GetUser(ctx context.Context, name string) (User, error) {
	var u User
	var units sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT name, role, password_hash, units, created_at FROM users WHERE name = ?`, name).
		Scan(&u.Name, &u.Role, &u.PasswordHash, &units, &u.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return u, Coded("users", ErrNotFound, "users.not_found", "name", name)
	}
	if units.Valid && units.String != "" {
		u.Units = strings.Split(units.String, ",")
	}
	return u, err
}

// Users lists every user.
func (s *Store) Users(ctx context.Context) ([]User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name, role, coalesce(units, ''), created_at FROM users ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		var u User
		var units string
		if err := rows.Scan(&u.Name, &u.Role, &units, &u.CreatedAt); err != nil {
			return nil, err
		}
		if units != "" {
			u.Units = strings.Split(units, ",")
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// RemoveUser deletes a user and every token and session of theirs.
func (s *Store) RemoveUser(ctx context.Context, name string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `DELETE FROM users WHERE name = ?`, name)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Coded("users", ErrNotFound, "users.not_found", "name", name)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM tokens WHERE user_name = ?`, name); err != nil {
		return err
	}
	return tx.Commit()
}

// PutToken stores a token by its hash.
func (s *Store) PutToken(ctx context.Context, t Token) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO tokens (hash, user_name, kind, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
		t.Hash, t.User, t.Kind, nullable(t.CSRF), time.Now().UTC(), t.ExpiresAt)
	return err
}

// GetToken returns a token by its hash, revoked or not, or ErrNotFound.
func (s *Store) GetToken(ctx context.Context, hash string) (Token, error) {
	t := Token{Hash: hash}
	var csrf sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT user_name, kind, csrf, expires_at, revoked_at FROM tokens WHERE hash = ?`, hash).
		Scan(&t.User, &t.Kind, &csrf, &t.ExpiresAt, &t.RevokedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return t, Coded("tokens", ErrNotFound, "users.no_token")
	}
	t.CSRF = csrf.String
	return t, err
}

// RevokeToken marks a token revoked; it reports ErrNotFound for one unknown.
func (s *Store) RevokeToken(ctx context.Context, hash string) error {
	res, err := s.db.ExecContext(ctx, `UPDATE tokens SET revoked_at = ? WHERE hash = ? AND revoked_at IS NULL`, time.Now().UTC(), hash)
	if err != nil {
		return fmt.Errorf("revoke: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Coded("tokens", ErrNotFound, "users.no_token_or_revoked")
	}
	return nil
}
