package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"github.com/huoshui/huoshui"
)

// Subtree counts. Every node keeps, in org_tree_counts, the counts of its
// whole subtree (itself included): the sum of orgs.member_count … over the
// nodes whose paths lie under its own. They move with the branches' own
// counts, in applyTally, so a city's or the province's totals are one row
// to read instead of a sum over thousands of nodes. A move of a node takes
// its subtree's counts from the old ancestors to the new (MoveOrg).
//
// Writers update the rows in ascending id order after the branches' rows;
// on PostgreSQL member writes of one province queue on its root's row for
// the few milliseconds their transaction lasts.

// treeColumns are org_tree_counts' counts, in tallyRow's order.
const treeColumns = "member_count, full_count, party_count, applicant_count, activist_count, candidate_count"

// applyTreeTally adds the tally's changes to the subtree counts of every
// node on the path of each node it touches, and moves their versions.
func (s *Store) applyTreeTally(ctx context.Context, tx *sql.Tx, t *tally, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	paths, err := s.pathsOf(ctx, tx, ids)
	if err != nil {
		return err
	}
	up := map[int64]*tallyRow{}
	for _, id := range ids {
		r := t.by[id]
		for _, a := range huoshui.PathIDs(paths[id]) {
			u := up[a]
			if u == nil {
				u = &tallyRow{}
				up[a] = u
			}
			u.members += r.members
			u.full += r.full
			u.party += r.party
			u.applicants += r.applicants
			u.activists += r.activists
			u.candidates += r.candidates
			u.bumps = 1
		}
	}
	return s.addTreeCounts(ctx, tx, up)
}

// addTreeCounts moves the subtree counts of the given nodes by their
// rows, and their versions by the rows' bumps, creating the rows that are
// missing, in ascending id order.
func (s *Store) addTreeCounts(ctx context.Context, tx *sql.Tx, up map[int64]*tallyRow) error {
	ids := make([]int64, 0, len(up))
	for id, r := range up {
		if *r != (tallyRow{}) {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for chunk := range chunks(ids, maxBulkParams/8) {
		var sb strings.Builder
		sb.WriteString("INSERT INTO org_tree_counts (org_id, " + treeColumns + ", roster_version) VALUES ")
		args := make([]any, 0, len(chunk)*8)
		for k, id := range chunk {
			if k > 0 {
				sb.WriteByte(',')
			}
			n := len(args)
			fmt.Fprintf(&sb, "(%s, %s, %s, %s, %s, %s, %s, %s)", s.d.bulkParam(n+1), s.d.bulkParam(n+2), s.d.bulkParam(n+3),
				s.d.bulkParam(n+4), s.d.bulkParam(n+5), s.d.bulkParam(n+6), s.d.bulkParam(n+7), s.d.bulkParam(n+8))
			r := up[id]
			args = append(args, id, r.members, r.full, r.party, r.applicants, r.activists, r.candidates, r.bumps)
		}
		sb.WriteString(` ON CONFLICT (org_id) DO UPDATE SET
			member_count = org_tree_counts.member_count + excluded.member_count,
			full_count = org_tree_counts.full_count + excluded.full_count,
			party_count = org_tree_counts.party_count + excluded.party_count,
			applicant_count = org_tree_counts.applicant_count + excluded.applicant_count,
			activist_count = org_tree_counts.activist_count + excluded.activist_count,
			candidate_count = org_tree_counts.candidate_count + excluded.candidate_count,
			roster_version = org_tree_counts.roster_version + excluded.roster_version`)
		if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
			return fmt.Errorf("store: subtree counts: %w", err)
		}
	}
	return nil
}

// pathsOf reads the paths of the given nodes.
func (s *Store) pathsOf(ctx context.Context, q querier, ids []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(ids))
	for chunk := range chunks(ids, 5000) {
		w := &where{}
		ph := make([]string, len(chunk))
		for i, id := range chunk {
			ph[i] = w.arg(id)
		}
		rows, err := q.QueryContext(ctx, "SELECT id, path FROM orgs WHERE id IN ("+strings.Join(ph, ",")+")", w.args...)
		if err != nil {
			return nil, fmt.Errorf("store: paths: %w", err)
		}
		for rows.Next() {
			var id int64
			var p string
			if err := rows.Scan(&id, &p); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: paths: %w", err)
			}
			out[id] = p
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("store: paths: %w", err)
		}
	}
	return out, nil
}

// moveTreeCounts carries the subtree counts of the node at oldPath from
// its old ancestors to those of newPath (the node itself keeps its row).
func (s *Store) moveTreeCounts(ctx context.Context, tx *sql.Tx, id int64, oldPath, newPath string) error {
	var c tallyRow
	err := tx.QueryRowContext(ctx, "SELECT "+treeColumns+" FROM org_tree_counts WHERE org_id = $1", id).
		Scan(&c.members, &c.full, &c.party, &c.applicants, &c.activists, &c.candidates)
	if err == sql.ErrNoRows {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: subtree counts of org %d: %w", id, err)
	}
	up := map[int64]*tallyRow{}
	for _, side := range []struct {
		path string
		sign int
	}{{oldPath, -1}, {newPath, 1}} {
		for _, a := range huoshui.PathIDs(side.path) {
			if a == id {
				continue
			}
			u := up[a]
			if u == nil {
				u = &tallyRow{}
				up[a] = u
			}
			u.members += side.sign * c.members
			u.full += side.sign * c.full
			u.party += side.sign * c.party
			u.applicants += side.sign * c.applicants
			u.activists += side.sign * c.activists
			u.candidates += side.sign * c.candidates
		}
	}
	return s.addTreeCounts(ctx, tx, up)
}

// treeCounts reads the subtree counts of the given nodes; a node without a
// row counts nobody.
func (s *Store) treeCounts(ctx context.Context, ids []int64) (map[int64]OrgCounts, error) {
	out := make(map[int64]OrgCounts, len(ids))
	for chunk := range chunks(ids, 5000) {
		w := &where{}
		ph := make([]string, len(chunk))
		for i, id := range chunk {
			ph[i] = w.arg(id)
		}
		rows, err := s.r.QueryContext(ctx, "SELECT org_id, "+treeColumns+" FROM org_tree_counts WHERE org_id IN ("+
			strings.Join(ph, ",")+")", w.args...)
		if err != nil {
			return nil, fmt.Errorf("store: subtree counts: %w", err)
		}
		for rows.Next() {
			var id int64
			var r tallyRow
			if err := rows.Scan(&id, &r.members, &r.full, &r.party, &r.applicants, &r.activists, &r.candidates); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: subtree counts: %w", err)
			}
			out[id] = OrgCounts{Members: r.members, Full: r.full, Probationary: r.party - r.full,
				Candidates: r.candidates, Activists: r.activists, Applicants: r.applicants}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("store: subtree counts: %w", err)
		}
	}
	return out, nil
}

// scopeCounts are the counts of every node a scope's paths hold, each
// node counted once: the sum of the subtree counts of the paths that lie
// under no other of them. The whole tree is the sum of its roots.
func (s *Store) scopeCounts(ctx context.Context, scope huoshui.Scope) (OrgCounts, error) {
	var ids []int64
	if scope.All {
		rows, err := s.r.QueryContext(ctx, "SELECT id FROM orgs WHERE parent_id IS NULL")
		if err != nil {
			return OrgCounts{}, fmt.Errorf("store: roots: %w", err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return OrgCounts{}, fmt.Errorf("store: roots: %w", err)
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return OrgCounts{}, fmt.Errorf("store: roots: %w", err)
		}
	} else {
		for _, p := range outermostPaths(scope.Paths) {
			ids = append(ids, huoshui.PathNodeID(p))
		}
	}
	counts, err := s.treeCounts(ctx, ids)
	if err != nil {
		return OrgCounts{}, err
	}
	var sum OrgCounts
	for _, id := range ids {
		sum = sum.plus(counts[id])
	}
	return sum, nil
}

// outermostPaths are the paths that lie under no other path of the list,
// each once.
func outermostPaths(paths []string) []string {
	var out []string
	for i, p := range paths {
		inner := false
		for j, q := range paths {
			if i != j && huoshui.PathWithin(p, q) && (p != q || j < i) {
				inner = true
				break
			}
		}
		if !inner {
			out = append(out, p)
		}
	}
	return out
}

// plus is the sum of two counts.
func (c OrgCounts) plus(d OrgCounts) OrgCounts {
	return OrgCounts{Members: c.Members + d.Members, Full: c.Full + d.Full, Probationary: c.Probationary + d.Probationary,
		Candidates: c.Candidates + d.Candidates, Activists: c.Activists + d.Activists, Applicants: c.Applicants + d.Applicants}
}

// TreeVersions are the subtree versions of the nodes at the given paths:
// each moves whenever the member list of a node under it changes (a
// member written, a node renamed or moved), so a page showing the members
// under those paths is kept under them. A node without a row is at 0.
func (s *Store) TreeVersions(ctx context.Context, paths []string) ([]int64, error) {
	out := make([]int64, len(paths))
	if len(paths) == 0 {
		return out, nil
	}
	w := &where{}
	ph := make([]string, len(paths))
	for i, p := range paths {
		ph[i] = w.arg(huoshui.PathNodeID(p))
	}
	rows, err := s.r.QueryContext(ctx, "SELECT org_id, roster_version FROM org_tree_counts WHERE org_id IN ("+
		strings.Join(ph, ",")+")", w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: subtree versions: %w", err)
	}
	defer rows.Close()
	got := map[int64]int64{}
	for rows.Next() {
		var id, v int64
		if err := rows.Scan(&id, &v); err != nil {
			return nil, fmt.Errorf("store: subtree versions: %w", err)
		}
		got[id] = v
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: subtree versions: %w", err)
	}
	for i, p := range paths {
		out[i] = got[huoshui.PathNodeID(p)]
	}
	return out, nil
}

// OutermostPaths are the paths that lie under no other path of the list,
// each once: the parts of the tree a scope covers.
func OutermostPaths(paths []string) []string { return outermostPaths(paths) }
