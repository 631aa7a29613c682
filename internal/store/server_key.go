package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
)

// ServerKey returns the named signing key the server keeps in the
// database, making it on first use: every replica of one deployment signs
// and checks with the same key (the check-in codes). Two replicas asking
// at once agree on the first key written.
func (s *Store) ServerKey(ctx context.Context, name string) ([]byte, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("store: server key: %w", err)
	}
	if _, err := s.w.ExecContext(ctx, `INSERT INTO server_keys (name, value, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (name) DO NOTHING`, name, hex.EncodeToString(b), s.now()); err != nil {
		return nil, fmt.Errorf("store: server key: %w", err)
	}
	var v string
	if err := s.w.QueryRowContext(ctx, `SELECT value FROM server_keys WHERE name = $1`, name).Scan(&v); err != nil {
		return nil, fmt.Errorf("store: server key: %w", err)
	}
	return hex.DecodeString(v)
}
