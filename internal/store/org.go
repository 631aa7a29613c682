package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/huoshui/huoshui"
)

const orgColumns = `id, COALESCE(parent_id, 0), kind, name, path, committee_elected_on, committee_term_ends,
	member_count, full_count, roster_version, archived_at, created_at, updated_at, COALESCE(slug, ''),
	party_count, applicant_count, activist_count, candidate_count`

func scanOrg(row interface{ Scan(...any) error }) (*huoshui.Org, error) {
	var o huoshui.Org
	err := row.Scan(&o.ID, &o.ParentID, &o.Kind, &o.Name, &o.Path, &o.CommitteeElectedOn, &o.CommitteeTermEnds,
		&o.MemberCount, &o.FullCount, &o.RosterVersion, &o.ArchivedAt, &o.CreatedAt, &o.UpdatedAt, &o.Slug,
		&o.PartyCount, &o.ApplicantCount, &o.ActivistCount, &o.CandidateCount)
	return &o, err
}

// FindOrgByID returns one node, archived or not, when scope covers it; any
// other id answers huoshui.ErrNotFound.
func (s *Store) FindOrgByID(ctx context.Context, scope huoshui.Scope, id int64) (*huoshui.Org, error) {
	w := &where{}
	w.add("id = ?", id)
	w.addScope(scope, "path", "")
	o, err := scanOrg(s.r.QueryRowContext(ctx, "SELECT "+orgColumns+" FROM orgs"+w.String(), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: find org %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find org %d: %w", id, err)
	}
	return o, nil
}

// lockOrg reads a node inside a write transaction and holds its row until
// the transaction ends: archiving a branch and adding a member to it take
// turns, so no member lands in a branch archived a moment before.
func (s *Store) lockOrg(ctx context.Context, tx *sql.Tx, id int64) (*huoshui.Org, error) {
	o, err := scanOrg(tx.QueryRowContext(ctx, "SELECT "+orgColumns+" FROM orgs o WHERE id = $1"+s.d.forUpdate("o"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: find org %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: lock org %d: %w", id, err)
	}
	return o, nil
}

func findOrg(ctx context.Context, q querier, id int64) (*huoshui.Org, error) {
	o, err := scanOrg(q.QueryRowContext(ctx, "SELECT "+orgColumns+" FROM orgs WHERE id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: find org %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find org %d: %w", id, err)
	}
	return o, nil
}

// FindOrgs lists the nodes of f.Scope that f selects, in tree order (by
// path). The zero scope lists nothing.
func (s *Store) FindOrgs(ctx context.Context, f huoshui.OrgFilter) ([]*huoshui.Org, error) {
	w := &where{}
	w.addScope(f.Scope, "path", "")
	if f.ID != 0 {
		w.add("id = ?", f.ID)
	}
	if f.ParentID != 0 {
		w.add("parent_id = ?", f.ParentID)
	}
	if f.Kind != "" {
		w.add("kind = ?", string(f.Kind))
	}
	if f.Name != "" {
		w.add("name LIKE ?", "%"+likeEscape(f.Name)+"%")
	}
	if !f.Archived {
		w.add("archived_at IS NULL")
	}
	q := "SELECT " + orgColumns + " FROM orgs" + w.String() + " ORDER BY path"
	if f.Limit > 0 {
		q += " LIMIT " + w.arg(f.Limit)
	}
	rows, err := s.r.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: find orgs: %w", err)
	}
	defer rows.Close()
	var out []*huoshui.Org
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan org: %w", err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: find orgs: %w", err)
	}
	return out, nil
}

// CountOrgsUpTo is how many nodes f selects, counted up to limit+1: enough
// to tell "more than limit" without reading them.
func (s *Store) CountOrgsUpTo(ctx context.Context, f huoshui.OrgFilter, limit int) (int, error) {
	w := &where{}
	w.addScope(f.Scope, "path", "")
	if f.ParentID != 0 {
		w.add("parent_id = ?", f.ParentID)
	}
	if f.Kind != "" {
		w.add("kind = ?", string(f.Kind))
	}
	if !f.Archived {
		w.add("archived_at IS NULL")
	}
	var n int
	q := "SELECT COUNT(*) FROM (SELECT 1 FROM orgs" + w.String() + " LIMIT " + w.arg(limit+1) + ") t"
	if err := s.r.QueryRowContext(ctx, q, w.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count orgs: %w", err)
	}
	return n, nil
}

// FindOrgsByIDs returns the nodes with the given ids, keyed by id: one query
// for a page that needs the names of many nodes (a breadcrumb, a list).
// It takes no scope: pass only ids the server computed around nodes read
// through the reader's scope (their ancestors, their parents), never ids
// a request brings.
func (s *Store) FindOrgsByIDs(ctx context.Context, ids []int64) (map[int64]*huoshui.Org, error) {
	out := map[int64]*huoshui.Org{}
	if len(ids) == 0 {
		return out, nil
	}
	w := &where{}
	ph := make([]string, len(ids))
	for i, id := range ids {
		ph[i] = w.arg(id)
	}
	rows, err := s.r.QueryContext(ctx, "SELECT "+orgColumns+" FROM orgs WHERE id IN ("+strings.Join(ph, ",")+")", w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: find orgs by id: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan org: %w", err)
		}
		out[o.ID] = o
	}
	return out, rows.Err()
}

// CreateOrg adds a node under o.ParentID (0 for a root) and sets its ID
// and Path.
func (s *Store) CreateOrg(ctx context.Context, a huoshui.Actor, o *huoshui.Org) error {
	if err := o.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		parentPath := ""
		if o.ParentID != 0 {
			// Locked, so that archiving the parent and adding under it
			// take turns (ArchiveOrg locks the same row).
			p, err := s.lockOrg(ctx, tx, o.ParentID)
			if err != nil {
				return err
			}
			if p.ArchivedAt != nil || !p.Kind.CanParent(o.Kind) {
				v := &huoshui.ValidationError{}
				v.Add("kind", "org.kind_under_parent")
				return v
			}
			parentPath = p.Path
		}
		now := s.now()
		o.CreatedAt, o.UpdatedAt = now, now
		// The path needs the id, which the insert makes: insert under a
		// unique placeholder, then set it.
		err := tx.QueryRowContext(ctx, `INSERT INTO orgs (parent_id, kind, name, path, committee_elected_on,
			committee_term_ends, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			nullInt(o.ParentID), o.Kind, o.Name, fmt.Sprintf("new:%d", now.UnixNano()),
			o.CommitteeElectedOn, o.CommitteeTermEnds, now, now).Scan(&o.ID)
		if err != nil {
			return fmt.Errorf("store: create org: %w", err)
		}
		o.Path = huoshui.OrgPath(parentPath, o.ID)
		if _, err := tx.ExecContext(ctx, "UPDATE orgs SET path = $1 WHERE id = $2", o.Path, o.ID); err != nil {
			return fmt.Errorf("store: create org: %w", err)
		}
		if err := s.bumpLife(ctx, tx, o.Path); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, huoshui.AuditCreate, "org", o.ID, o.ID, nil, o)
	})
}

// UpdateOrg renames a node or records its committee's election and term.
func (s *Store) UpdateOrg(ctx context.Context, a huoshui.Actor, id int64, u huoshui.OrgUpdate) (*huoshui.Org, error) {
	var out *huoshui.Org
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.lockOrg(ctx, tx, id)
		if err != nil {
			return err
		}
		o := *before
		if u.Name != nil {
			o.Name = *u.Name
		}
		if u.CommitteeElectedOn != nil {
			o.CommitteeElectedOn = *u.CommitteeElectedOn
		}
		if u.CommitteeTermEnds != nil {
			o.CommitteeTermEnds = *u.CommitteeTermEnds
		}
		if u.Slug != nil {
			o.Slug = huoshui.NormalizeSlug(*u.Slug)
		}
		if err := o.Validate(); err != nil {
			return err
		}
		if err := s.checkSlugFree(ctx, tx, o.Slug, id); err != nil {
			return err
		}
		o.UpdatedAt = s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE orgs SET name = $1, committee_elected_on = $2,
			committee_term_ends = $3, updated_at = $4, slug = $5 WHERE id = $6`,
			o.Name, o.CommitteeElectedOn, o.CommitteeTermEnds, o.UpdatedAt, nullString(o.Slug), id); err != nil {
			return fmt.Errorf("store: update org %d: %w", id, err)
		}
		out = &o
		// The node's name shows in its own list and, for a group, in its
		// branch's.
		if err := s.bumpRoster(ctx, tx, o.ID, o.ParentID); err != nil {
			return err
		}
		if err := s.bumpLife(ctx, tx, o.Path); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, huoshui.AuditUpdate, "org", id, id, before, o)
	})
	return out, err
}

// MoveOrg puts a node, with its whole subtree, under a new parent. Every
// path in the subtree is rewritten in the same transaction.
func (s *Store) MoveOrg(ctx context.Context, a huoshui.Actor, id, newParentID int64) (*huoshui.Org, error) {
	var out *huoshui.Org
	err := s.tx(ctx, func(tx *sql.Tx) error {
		// Moves take turns, so each reads the paths the one before left.
		if err := s.d.lockMoves(ctx, tx); err != nil {
			return fmt.Errorf("store: move org %d: %w", id, err)
		}
		o, err := s.lockOrg(ctx, tx, id)
		if err != nil {
			return err
		}
		// The new parent is locked as CreateOrg and ArchiveOrg lock it, so
		// it is not archived under the move.
		p, err := s.lockOrg(ctx, tx, newParentID)
		if err != nil {
			return err
		}
		v := &huoshui.ValidationError{}
		switch {
		case huoshui.PathWithin(p.Path, o.Path):
			v.Add("parent_id", "org.move_into_self")
		case p.ArchivedAt != nil || !p.Kind.CanParent(o.Kind):
			v.Add("parent_id", "org.kind_under_parent")
		}
		if err := v.Err(); err != nil {
			return err
		}
		// A group's members belong to its branch: a group with anyone in
		// it, current or archived, stays in its branch.
		if o.Kind == huoshui.OrgGroup && p.ID != o.ParentID {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM members WHERE group_id = $1", o.ID).Scan(&n); err != nil {
				return fmt.Errorf("store: move org %d: %w", id, err)
			}
			if n > 0 {
				v.Add("parent_id", "org.move_group_has_members", "Members", n)
				return v
			}
		}
		oldPath, newPath := o.Path, huoshui.OrgPath(p.Path, o.ID)
		lo, hi := subtreeRange(oldPath)
		// Lock the subtree before rewriting it: a node being added below
		// (CreateOrg holds its parent) commits first and is rewritten with
		// the rest, or waits and reads its parent's new path.
		if err := s.lockSubtree(ctx, tx, lo, hi); err != nil {
			return fmt.Errorf("store: move org %d: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE orgs SET path = CAST($1 AS TEXT) || substr(path, $2)
			WHERE path >= $3 AND path < $4`, newPath, len(oldPath)+1, lo, hi); err != nil {
			return fmt.Errorf("store: move org %d: %w", id, err)
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, "UPDATE orgs SET parent_id = $1, updated_at = $2 WHERE id = $3", p.ID, now, id); err != nil {
			return fmt.Errorf("store: move org %d: %w", id, err)
		}
		if err := s.bumpRoster(ctx, tx, o.ID, o.ParentID, p.ID); err != nil {
			return err
		}
		if err := s.moveTreeCounts(ctx, tx, o.ID, oldPath, newPath); err != nil {
			return err
		}
		if err := s.bumpLife(ctx, tx, oldPath, newPath); err != nil {
			return err
		}
		if err := s.moveStats(ctx, tx, o, oldPath, newPath); err != nil {
			return err
		}
		// Under another committee the subtree's members may have another
		// study target.
		if err := s.recountStudyMet(ctx, tx, id); err != nil {
			return err
		}
		after := *o
		after.ParentID, after.Path, after.UpdatedAt = p.ID, newPath, now
		out = &after
		return s.audit(ctx, tx, a, huoshui.AuditMove, "org", id, id,
			map[string]any{"parent_id": o.ParentID, "path": oldPath},
			map[string]any{"parent_id": p.ID, "path": newPath})
	})
	return out, err
}

// lockSubtree locks the rows of the nodes whose paths lie in [lo, hi).
func (s *Store) lockSubtree(ctx context.Context, tx *sql.Tx, lo, hi string) error {
	rows, err := tx.QueryContext(ctx, "SELECT o.id FROM orgs o WHERE o.path >= $1 AND o.path < $2"+s.d.forUpdate("o"), lo, hi)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
	}
	return rows.Err()
}

// ArchiveOrg retires a node that no longer has current members or current
// nodes below it. Nothing is deleted.
func (s *Store) ArchiveOrg(ctx context.Context, a huoshui.Actor, id int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		o, err := s.lockOrg(ctx, tx, id)
		if err != nil {
			return err
		}
		if o.ArchivedAt != nil {
			return nil
		}
		var children, members int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM orgs WHERE parent_id = $1 AND archived_at IS NULL", id).Scan(&children); err != nil {
			return fmt.Errorf("store: archive org %d: %w", id, err)
		}
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM members WHERE (org_id = $1 OR group_id = $1) AND archived_at IS NULL", id).Scan(&members); err != nil {
			return fmt.Errorf("store: archive org %d: %w", id, err)
		}
		if children > 0 || members > 0 {
			v := &huoshui.ValidationError{}
			v.Add("org", "org.archive_not_empty", "Children", children, "Members", members)
			return v
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, "UPDATE orgs SET archived_at = $1, updated_at = $1 WHERE id = $2", now, id); err != nil {
			return fmt.Errorf("store: archive org %d: %w", id, err)
		}
		if err := s.bumpLife(ctx, tx, o.Path); err != nil {
			return err
		}
		after := *o
		after.ArchivedAt = &now
		return s.audit(ctx, tx, a, huoshui.AuditArchive, "org", id, id, o, after)
	})
}

// likeEscape keeps % and _ typed by a user from acting as wildcards.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, ``, "%", "", "_", "").Replace(s)
}

// OrgCounts is what a node holds: current members and full members. For a
// branch they are its own, for a group the members placed in it, for a
// committee or general branch everyone in its subtree.
type OrgCounts struct {
	Members, Full int
	// Probationary members, and those on the way in at each stage: the
	// roster's Members are Full + Probationary + Candidates + Activists +
	// Applicants; 党员 are Full + Probationary (Party).
	Probationary, Candidates, Activists, Applicants int
}

// Party is how many 党员 the counts hold: full and probationary members.
func (c OrgCounts) Party() int { return c.Full + c.Probationary }

// OnTheWay is how many people on the way in the counts hold: applicants,
// activists and candidates.
func (c OrgCounts) OnTheWay() int { return c.Applicants + c.Activists + c.Candidates }

// orgCountsOf is a node's own kept counts.
func orgCountsOf(o *huoshui.Org) OrgCounts {
	return OrgCounts{Members: o.MemberCount, Full: o.FullCount, Probationary: o.PartyCount - o.FullCount,
		Candidates: o.CandidateCount, Activists: o.ActivistCount, Applicants: o.ApplicantCount}
}

// FindOrgChildren lists the nodes directly under parentID in the order they
// were made, one page at a time, and how many there are in all. Archived
// children are left out unless archived is set. It takes no scope: pass
// the id of a node read through the reader's scope (its children lie in
// the same subtree).
func (s *Store) FindOrgChildren(ctx context.Context, parentID int64, archived bool, offset, limit int) ([]*huoshui.Org, int, error) {
	w := &where{}
	w.add("parent_id = ?", parentID)
	if !archived {
		w.add("archived_at IS NULL")
	}
	var total int
	if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM orgs"+w.String(), w.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count children of org %d: %w", parentID, err)
	}
	if total == 0 || offset >= total {
		return nil, total, nil
	}
	q := "SELECT " + orgColumns + " FROM orgs" + w.String() + " ORDER BY id"
	if limit > 0 {
		q += " LIMIT " + w.arg(limit)
	}
	if offset > 0 {
		q += " OFFSET " + w.arg(offset)
	}
	rows, err := s.r.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: children of org %d: %w", parentID, err)
	}
	defer rows.Close()
	var out []*huoshui.Org
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("store: scan org: %w", err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("store: children of org %d: %w", parentID, err)
	}
	return out, total, nil
}

// OrgCountsOf gives the counts of many nodes at once, keyed by id: the
// one way to count a node or a subtree. A branch's are the kept counts the
// node carries (read it with the page, no query); groups take one query
// over the members; committees and general branches read their kept
// subtree counts (org_tree_counts), so a city of thousands of branches is
// one row, not a sum over its nodes. Many nodes take a query per few
// thousand.
func (s *Store) OrgCountsOf(ctx context.Context, orgs []*huoshui.Org) (map[int64]OrgCounts, error) {
	out := make(map[int64]OrgCounts, len(orgs))
	var groups []int64
	var trees []*huoshui.Org
	for _, o := range orgs {
		switch o.Kind {
		case huoshui.OrgGroup:
			groups = append(groups, o.ID)
			out[o.ID] = OrgCounts{}
		case huoshui.OrgBranch:
			out[o.ID] = orgCountsOf(o)
		default:
			trees = append(trees, o)
			out[o.ID] = OrgCounts{}
		}
	}
	collect := func(what, q string, ids []int64) error {
		for chunk := range chunks(ids, 5000) {
			w := &where{}
			ph := make([]string, len(chunk))
			for i, id := range chunk {
				ph[i] = w.arg(id)
			}
			rows, err := s.r.QueryContext(ctx, strings.Replace(q, "IDS", strings.Join(ph, ","), 1), w.args...)
			if err != nil {
				return fmt.Errorf("store: %s counts: %w", what, err)
			}
			for rows.Next() {
				var id int64
				var c OrgCounts
				if err := rows.Scan(&id, &c.Members, &c.Full, &c.Probationary, &c.Candidates, &c.Activists, &c.Applicants); err != nil {
					rows.Close()
					return fmt.Errorf("store: %s counts: %w", what, err)
				}
				out[id] = c
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return fmt.Errorf("store: %s counts: %w", what, err)
			}
		}
		return nil
	}
	if err := collect("group", `SELECT group_id, COUNT(*), COALESCE(SUM(CASE WHEN status = 'full' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'probationary' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'candidate' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'activist' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'applicant' THEN 1 ELSE 0 END), 0)
		FROM members WHERE archived_at IS NULL AND group_id IN (IDS) GROUP BY group_id`, groups); err != nil {
		return nil, err
	}
	// Committees and general branches keep their subtree's counts
	// (tree_counts.go).
	ids := make([]int64, len(trees))
	for i, o := range trees {
		ids[i] = o.ID
	}
	kept, err := s.treeCounts(ctx, ids)
	if err != nil {
		return nil, err
	}
	for id, c := range kept {
		out[id] = c
	}
	return out, nil
}

// CountOrgs is how many current nodes the subtree under path holds, the
// node itself included.
func (s *Store) CountOrgs(ctx context.Context, path string) (int, error) {
	lo, hi := subtreeRange(path)
	var n int
	if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM orgs WHERE path >= $1 AND path < $2 AND archived_at IS NULL",
		lo, hi).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count orgs under %s: %w", path, err)
	}
	return n, nil
}
