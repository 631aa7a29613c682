package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/huoshui/huoshui"
)

// The life version of a branch or group moves in the same transaction as
// every change to what its meeting list and compliance calendar show: a
// meeting of the node or of one of its groups (created, edited, called
// off, its attendance), and the name, kind, committee or place in the
// tree of the node or of a group below it. A page kept under the version
// is never older than the database it was read from; the version is read
// on every request, so replicas agree.
//
// The bump is the last lock a writer takes, in ascending org order, and a
// transaction holding one waits for nothing but another taken the same
// way: on PostgreSQL it cannot close a cycle with the rows of orgs, which
// others lock first.

// LifeVersion is the life version of an org: 0 until its first change.
func (s *Store) LifeVersion(ctx context.Context, orgID int64) (int64, error) {
	var v int64
	err := s.r.QueryRowContext(ctx, "SELECT version FROM org_life_versions WHERE org_id = $1", orgID).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("store: life version of org %d: %w", orgID, err)
	}
	return v, nil
}

// lifeNodes are the nodes whose pages show a change at the org at path:
// the org itself and, when its parent is a branch (the org is a group),
// that branch.
func lifeNodes(path string) []int64 {
	ids := huoshui.PathIDs(path)
	if len(ids) >= 2 {
		return ids[len(ids)-2:]
	}
	return ids
}

// bumpLife moves the life version of each org at the given paths and of
// its branch above (see lifeNodes), once per org, in ascending order.
func (s *Store) bumpLife(ctx context.Context, tx *sql.Tx, paths ...string) error {
	bump := map[int64]bool{}
	var parents []int64
	for _, p := range paths {
		ids := lifeNodes(p)
		if len(ids) == 0 {
			continue
		}
		bump[ids[len(ids)-1]] = true
		if len(ids) == 2 && !slices.Contains(parents, ids[0]) {
			parents = append(parents, ids[0])
		}
	}
	// A parent counts only when it is a branch: the pages of a committee
	// or general branch show their whole subtree and are not kept.
	for chunk := range chunks(parents, 1000) {
		var in strings.Builder
		args := make([]any, len(chunk))
		for i, id := range chunk {
			if i > 0 {
				in.WriteByte(',')
			}
			fmt.Fprintf(&in, "$%d", i+1)
			args[i] = id
		}
		rows, err := tx.QueryContext(ctx, "SELECT id FROM orgs WHERE kind = 'branch' AND id IN ("+in.String()+")", args...)
		if err != nil {
			return fmt.Errorf("store: life version: %w", err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			bump[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	for _, id := range slices.Sorted(maps.Keys(bump)) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO org_life_versions (org_id, version) VALUES ($1, 1)
			ON CONFLICT (org_id) DO UPDATE SET version = org_life_versions.version + 1`, id); err != nil {
			return fmt.Errorf("store: life version of org %d: %w", id, err)
		}
	}
	return nil
}
