package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
)

// audit writes one audit record inside tx, so that the record and the
// change it describes commit or fail together. orgID is the node the
// record belongs to (0 for none); the record points at the node, never at
// a copy of its path, so it follows the node when the node moves. before
// and after are the object as it was and as it is (nil where there is none).
func (s *Store) audit(ctx context.Context, tx *sql.Tx, a huoshui.Actor, action, objType string, objID, orgID int64, before, after any) error {
	enc := func(v any) (string, error) {
		if v == nil {
			return "", nil
		}
		b, err := json.Marshal(v)
		return string(b), err
	}
	bj, err := enc(before)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	aj, err := enc(after)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_log
		(at, user_id, username, action, object_type, object_id, org_id, before_json, after_json, ip)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		s.now(), nullInt(a.UserID), a.Username, action, objType, objID, nullInt(orgID), bj, aj, a.IP)
	if err != nil {
		return fmt.Errorf("audit %s %s %d: %w", action, objType, objID, err)
	}
	return nil
}

// RecordRead writes one audit record saying that a reads personal data
// in the clear: what (e.g. "profile", "export"), the object (objType,
// objID; 0 for a list), the node it sits at (orgID) and how many rows
// were seen. It is its own transaction: a read changes nothing else.
func (s *Store) RecordRead(ctx context.Context, a huoshui.Actor, what, objType string, objID, orgID int64, rows int) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		return s.audit(ctx, tx, a, huoshui.AuditRead, objType, objID, orgID, nil, map[string]any{"what": what, "rows": rows})
	})
}

// auditFewNodes is the most nodes a scope may hold for its page to be read
// node by node, each through the (org_id, id) index: a branch's or a
// general branch's auditor. A larger scope (a committee's) reads the trail
// newest first and keeps the entries of its nodes, which are most of them.
const auditFewNodes = 100

// FindAuditEntries lists the audit trail, newest first, one page at a time:
// f.Before and f.After page by id, and the AuditPage returned says where
// the pages beside this one begin. Nothing counts the whole trail.
func (s *Store) FindAuditEntries(ctx context.Context, f huoshui.AuditFilter) ([]huoshui.AuditEntry, huoshui.AuditPage, error) {
	var page huoshui.AuditPage
	w := &where{}
	// The entries of the nodes in the scope's subtrees, found by the
	// nodes' paths now: a node that moved takes its history along.
	// scope adds the scope's condition to a query's where.
	scope := func(*where) {}
	var nodes []int64
	few := false
	if !f.Scope.All {
		sub := &where{}
		sub.addScope(f.Scope, "o.path", "")
		rows, err := s.r.QueryContext(ctx, "SELECT o.id FROM orgs o"+sub.String()+
			" LIMIT "+strconv.Itoa(auditFewNodes+1), sub.args...)
		if err != nil {
			return nil, page, fmt.Errorf("store: find audit: %w", err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, page, fmt.Errorf("store: find audit: %w", err)
			}
			nodes = append(nodes, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, page, fmt.Errorf("store: find audit: %w", err)
		}
		few = len(nodes) <= auditFewNodes
		if few && len(nodes) == 0 && !f.Unplaced {
			return nil, page, nil
		}
		scope = func(q *where) {
			cond := "1 = 0"
			if few && len(nodes) > 0 {
				ph := make([]string, len(nodes))
				for i, id := range nodes {
					ph[i] = q.arg(id)
				}
				cond = "a.org_id IN (" + strings.Join(ph, ", ") + ")"
			} else if !few {
				in := &where{args: q.args}
				in.addScope(f.Scope, "o.path", "")
				q.args = in.args
				cond = "a.org_id IN (SELECT o.id FROM orgs o" + in.String() + ")"
			}
			if f.Unplaced {
				cond = "(" + cond + " OR a.org_id IS NULL)"
			}
			q.conds = append(q.conds, cond)
		}
	}
	if f.Username != "" {
		w.add("a.username = ?", f.Username)
	}
	if f.Action != "" {
		w.add("a.action = ?", f.Action)
	}
	if f.ObjectType != "" {
		w.add("a.object_type = ?", f.ObjectType)
	}
	if f.ObjectID != 0 {
		w.add("a.object_id = ?", f.ObjectID)
	}
	if !f.From.IsZero() {
		w.add("a.at >= ?", f.From.Time())
	}
	if !f.To.IsZero() {
		w.add("a.at < ?", f.To.AddDate(0, 0, 1).Time())
	}
	if !f.Since.IsZero() {
		w.add("a.at >= ?", f.Since.UTC())
	}
	if !f.Until.IsZero() {
		w.add("a.at < ?", f.Until.UTC())
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	// One entry more than the page shows tells whether another page
	// follows in the direction read; one id in the other direction
	// whether one lies behind.
	ahead, back := *w, *w
	ahead.conds, back.conds = slices.Clone(w.conds), slices.Clone(w.conds)
	ahead.args, back.args = slices.Clone(w.args), slices.Clone(w.args)
	newerFirst := f.After == 0
	order, backOrder := " ORDER BY a.id DESC", " ORDER BY a.id"
	switch {
	case f.After != 0:
		ahead.add("a.id > ?", f.After)
		back.add("a.id <= ?", f.After)
		order, backOrder = backOrder, order
	case f.Before != 0:
		ahead.add("a.id < ?", f.Before)
		back.add("a.id >= ?", f.Before)
	}
	scope(&back)
	lim := ahead.arg(limit + 1)
	from := " FROM audit_log a LEFT JOIN orgs o ON o.id = a.org_id"
	if few {
		// Each node's newest entries past the page's edge, straight from
		// the (org_id, id) index, then the newest of those.
		var arms []string
		arm := func(cond string) {
			arms = append(arms, fmt.Sprintf("SELECT id FROM (SELECT a.id FROM audit_log a WHERE %s%s LIMIT %s) AS n%d",
				strings.Join(append([]string{cond}, ahead.conds...), " AND "), order, lim, len(arms)))
		}
		for _, id := range nodes {
			arm("a.org_id = " + ahead.arg(id))
		}
		if f.Unplaced {
			arm("a.org_id IS NULL")
		}
		from += " WHERE a.id IN (" + strings.Join(arms, " UNION ALL ") + ")"
	} else {
		scope(&ahead)
		from += ahead.String()
	}
	q := `SELECT a.id, a.at, COALESCE(a.user_id, 0), a.username, a.action, a.object_type, a.object_id,
		COALESCE(a.org_id, 0), COALESCE(o.path, ''), a.before_json, a.after_json, a.ip` + from + order + " LIMIT " + lim
	rows, err := s.r.QueryContext(ctx, q, ahead.args...)
	if err != nil {
		return nil, page, fmt.Errorf("store: find audit: %w", err)
	}
	defer rows.Close()
	var out []huoshui.AuditEntry
	for rows.Next() {
		var e huoshui.AuditEntry
		if err := rows.Scan(&e.ID, &e.At, &e.UserID, &e.Username, &e.Action, &e.ObjectType, &e.ObjectID,
			&e.OrgID, &e.OrgPath, &e.Before, &e.After, &e.IP); err != nil {
			return nil, page, fmt.Errorf("store: scan audit: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, page, fmt.Errorf("store: find audit: %w", err)
	}
	more := len(out) > limit
	if more {
		out = out[:limit]
	}
	if !newerFirst {
		slices.Reverse(out)
	}
	behind := false
	if f.After != 0 || f.Before != 0 {
		var id int64
		err := s.r.QueryRowContext(ctx, "SELECT a.id FROM audit_log a"+back.String()+backOrder+" LIMIT 1", back.args...).Scan(&id)
		if err != nil && err != sql.ErrNoRows {
			return nil, page, fmt.Errorf("store: find audit: %w", err)
		}
		behind = err == nil
	}
	if len(out) > 0 {
		older, newer := more, behind
		if !newerFirst {
			older, newer = behind, more
		}
		if older {
			page.Older = out[len(out)-1].ID
		}
		if newer {
			page.Newer = out[0].ID
		}
	}
	return out, page, nil
}
