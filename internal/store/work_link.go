package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/huoshui/huoshui"
)

// The link ledger (党建+业务关联台账): work_links joins a party activity
// to a task or output it led to. Every write locks the activity first,
// checks that the reader sees both ends, moves activity_counts
// (activity_counts.go) and writes its audit record, in one transaction.

// linkActivity is what a write of a link needs of its activity.
type linkActivity struct {
	org   int64
	path  string
	held  bool
	month string
}

// lockActivity reads and locks the activity a link starts from, when
// scope sees it; any other answers huoshui.ErrNotFound.
func (s *Store) lockActivity(ctx context.Context, tx *sql.Tx, scope huoshui.Scope, kind huoshui.ActivityKind, id int64) (*linkActivity, error) {
	notFound := fmt.Errorf("store: %s %d: %w", kind, id, huoshui.ErrNotFound)
	var a linkActivity
	switch kind {
	case huoshui.ActivityMeeting:
		m, err := s.lockMeeting(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		w := &where{}
		w.add("mt.id = ?", id)
		meetingScope(w, scope, true, time.Time{}, time.Time{})
		if ok, err := exists(ctx, tx, "SELECT COUNT(*) FROM meetings mt JOIN orgs o ON o.id = mt.org_id"+w.String(), w.args); err != nil || !ok {
			return nil, cmpErr(err, notFound)
		}
		a = linkActivity{m.OrgID, m.OrgPath, held(m), monthOf(m.StartsAt)}
	case huoshui.ActivityLecture, huoshui.ActivityDiscussion:
		table, alias := "lectures", "l"
		if kind == huoshui.ActivityDiscussion {
			table, alias = "discussions", "d"
		}
		var on huoshui.Date
		err := tx.QueryRowContext(ctx, "SELECT "+alias+".org_id, o.path, "+alias+".held_on FROM "+table+" "+alias+
			" JOIN orgs o ON o.id = "+alias+".org_id WHERE "+alias+".id = $1"+s.d.forUpdate(alias), id).Scan(&a.org, &a.path, &on)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, notFound
		}
		if err != nil {
			return nil, fmt.Errorf("store: %s %d: %w", kind, id, err)
		}
		if !scope.Covers(a.path, 0) {
			return nil, notFound
		}
		a.held, a.month = true, dayMonth(on)
	default:
		return nil, notFound
	}
	return &a, nil
}

// cmpErr answers err when there is one, else fallback.
func cmpErr(err, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}

// exists runs a COUNT(*) query and reports whether it found any row.
func exists(ctx context.Context, q querier, query string, args []any) (bool, error) {
	var n int
	if err := q.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		return false, fmt.Errorf("store: %w", err)
	}
	return n > 0, nil
}

// checkTarget makes sure scope sees the task or output (else
// huoshui.ErrNotFound), that it is current, and that it belongs to the
// activity's org, a node below it or one above it.
func checkTarget(ctx context.Context, q querier, scope huoshui.Scope, l *huoshui.WorkLink, activityPath string, v *huoshui.ValidationError) error {
	w := &where{}
	var from, archived string
	switch l.TargetKind {
	case huoshui.TargetTask:
		from, archived = " FROM tasks t JOIN orgs o ON o.id = t.org_id", "t.archived_at"
		w.add("t.id = ?", l.TargetID)
		taskScope(w, scope, true)
	default:
		from, archived = " FROM outputs ot JOIN orgs o ON o.id = ot.org_id", "ot.archived_at"
		w.add("ot.id = ?", l.TargetID)
		outputScope(w, scope)
	}
	var path string
	var gone *time.Time
	err := q.QueryRowContext(ctx, "SELECT o.path, "+archived+from+w.String(), w.args...).Scan(&path, &gone)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: link target %s %d: %w", l.TargetKind, l.TargetID, huoshui.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("store: link target: %w", err)
	}
	switch {
	case gone != nil:
		v.Add("target", "work_link.target_archived")
	case !huoshui.PathWithin(path, activityPath) && !huoshui.PathWithin(activityPath, path):
		v.Add("target", "work_link.target_outside")
	}
	return nil
}

// liveLinks counts the live links of an activity.
func liveLinks(ctx context.Context, q querier, kind huoshui.ActivityKind, id int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM work_links WHERE activity_kind = $1 AND activity_id = $2
		AND removed_at IS NULL`, string(kind), id).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: links of %s %d: %w", kind, id, err)
	}
	return n, nil
}

// checkDuplicate refuses a second live link of the same pair.
func checkDuplicate(ctx context.Context, q querier, l *huoshui.WorkLink, v *huoshui.ValidationError) error {
	ok, err := exists(ctx, q, `SELECT COUNT(*) FROM work_links WHERE activity_kind = $1 AND activity_id = $2
		AND target_kind = $3 AND target_id = $4 AND removed_at IS NULL AND id <> $5`,
		[]any{string(l.ActivityKind), l.ActivityID, string(l.TargetKind), l.TargetID, l.ID})
	if err != nil {
		return err
	}
	if ok {
		v.Add("target", "work_link.duplicate")
	}
	return nil
}

// moveLinked moves the activity's linked count when its live links go
// from before to after in number, and the activity was held.
func (s *Store) moveLinked(ctx context.Context, tx *sql.Tx, a *linkActivity, before, after int) error {
	if !a.held || (before > 0) == (after > 0) {
		return nil
	}
	d := activityDelta{activityKey{a.org, a.month}: &[2]int{0, 1}}
	if after == 0 {
		d[activityKey{a.org, a.month}][1] = -1
	}
	return s.moveActivityCounts(ctx, tx, d)
}

func auditLink(l *huoshui.WorkLink) any {
	type rec struct {
		*huoshui.WorkLink
		OrgID int64 `json:"org_id"`
	}
	return rec{WorkLink: l, OrgID: l.OrgID}
}

// AddWorkLink records that an activity led to a task or output, with
// what changed. Both ends must be visible to scope (else
// huoshui.ErrNotFound); the target must be current and of the activity's
// org, a node below it or above it; the same pair is linked once.
func (s *Store) AddWorkLink(ctx context.Context, a huoshui.Actor, scope huoshui.Scope, l *huoshui.WorkLink) error {
	if err := l.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		act, err := s.lockActivity(ctx, tx, scope, l.ActivityKind, l.ActivityID)
		if err != nil {
			return err
		}
		v := &huoshui.ValidationError{}
		if err := checkTarget(ctx, tx, scope, l, act.path, v); err != nil {
			return err
		}
		if err := checkDuplicate(ctx, tx, l, v); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		n, err := liveLinks(ctx, tx, l.ActivityKind, l.ActivityID)
		if err != nil {
			return err
		}
		l.OrgID, l.OrgPath, l.CreatedBy, l.CreatedAt, l.RemovedAt = act.org, act.path, a.UserID, s.now(), nil
		err = tx.QueryRowContext(ctx, `INSERT INTO work_links (org_id, activity_kind, activity_id, target_kind, target_id,
			note, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			l.OrgID, string(l.ActivityKind), l.ActivityID, string(l.TargetKind), l.TargetID, l.Note, nullInt(a.UserID), l.CreatedAt).Scan(&l.ID)
		if s.d.isUniqueViolation(err, "work_links_live") {
			v.Add("target", "work_link.duplicate")
			return v
		}
		if err != nil {
			return fmt.Errorf("store: add link: %w", err)
		}
		if err := s.moveLinked(ctx, tx, act, n, n+1); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, huoshui.AuditCreate, "work_link", l.ID, l.OrgID, nil, auditLink(l))
	})
}

// RemoveWorkLink takes a link off (restore false) or puts it back (true);
// the row stays, so a removal can be undone. The link's activity must be
// visible to scope, and a restored link's target too.
func (s *Store) RemoveWorkLink(ctx context.Context, a huoshui.Actor, scope huoshui.Scope, id int64, restore bool) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		l, err := s.findLink(ctx, tx, huoshui.Everything(), id)
		if err != nil {
			return err
		}
		act, err := s.lockActivity(ctx, tx, scope, l.ActivityKind, l.ActivityID)
		if err != nil {
			return err
		}
		if l, err = s.findLink(ctx, tx, huoshui.Everything(), id); err != nil { // as it is now, under the lock
			return err
		}
		if (l.RemovedAt != nil) == !restore {
			return nil
		}
		v := &huoshui.ValidationError{}
		if restore {
			if err := checkTarget(ctx, tx, scope, l, act.path, v); err != nil {
				return err
			}
			if err := checkDuplicate(ctx, tx, l, v); err != nil {
				return err
			}
			if err := v.Err(); err != nil {
				return err
			}
		}
		n, err := liveLinks(ctx, tx, l.ActivityKind, l.ActivityID)
		if err != nil {
			return err
		}
		var at *time.Time
		action, after := huoshui.AuditRestore, n+1
		if !restore {
			now := s.now()
			at, action, after = &now, huoshui.AuditArchive, n-1
		}
		if _, err := tx.ExecContext(ctx, `UPDATE work_links SET removed_at = $1 WHERE id = $2`, at, id); err != nil {
			return fmt.Errorf("store: remove link %d: %w", id, err)
		}
		if err := s.moveLinked(ctx, tx, act, n, after); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, action, "work_link", id, l.OrgID, nil, map[string]any{"removed_at": at})
	})
}

// RestoreWorkLink puts a removed link back: RemoveWorkLink's undo.
func (s *Store) RestoreWorkLink(ctx context.Context, a huoshui.Actor, scope huoshui.Scope, id int64) error {
	return s.RemoveWorkLink(ctx, a, scope, id, true)
}

const linkColumns = `wl.id, wl.org_id, wl.activity_kind, wl.activity_id, wl.target_kind, wl.target_id, wl.note,
	COALESCE(wl.created_by, 0), wl.created_at, wl.removed_at, o.name, o.path,
	COALESCE(mt.title, l.topic, d.topic, ''), mt.starts_at, COALESCE(l.held_on, d.held_on), COALESCE(mt.type, wl.activity_kind),
	COALESCE(t.content, ot.title, ''), COALESCE(tor.name, ''), COALESCE(ot.kind, ''), COALESCE(ot.level, ''),
	CASE WHEN t.done_on IS NOT NULL THEN 1 ELSE 0 END, COALESCE(u.display_name, '')`

const linkFrom = ` FROM work_links wl JOIN orgs o ON o.id = wl.org_id
	LEFT JOIN meetings mt ON wl.activity_kind = 'meeting' AND mt.id = wl.activity_id
	LEFT JOIN lectures l ON wl.activity_kind = 'lecture' AND l.id = wl.activity_id
	LEFT JOIN discussions d ON wl.activity_kind = 'discussion' AND d.id = wl.activity_id
	LEFT JOIN tasks t ON wl.target_kind = 'task' AND t.id = wl.target_id
	LEFT JOIN outputs ot ON wl.target_kind = 'output' AND ot.id = wl.target_id
	LEFT JOIN orgs tor ON tor.id = COALESCE(t.org_id, ot.org_id)
	LEFT JOIN users u ON u.id = wl.created_by`

func scanLink(row interface{ Scan(...any) error }) (*huoshui.WorkLink, error) {
	var l huoshui.WorkLink
	var starts *time.Time
	var day huoshui.Date
	var done int
	err := row.Scan(&l.ID, &l.OrgID, &l.ActivityKind, &l.ActivityID, &l.TargetKind, &l.TargetID, &l.Note,
		&l.CreatedBy, &l.CreatedAt, &l.RemovedAt, &l.OrgName, &l.OrgPath,
		&l.ActivityTitle, &starts, &day, &l.ActivityType,
		&l.TargetTitle, &l.TargetOrgName, &l.OutputKind, &l.OutputLevel, &done, &l.CreatorName)
	if err != nil {
		return nil, err
	}
	l.CreatedAt = l.CreatedAt.UTC()
	l.ActivityOn, l.TaskDone = day, done == 1
	if starts != nil {
		l.ActivityOn = huoshui.DateOf(starts.In(huoshui.Shanghai))
	}
	return &l, nil
}

// activityVisible limits links to those whose activity scope sees: its
// org's subtree, or for a meeting an invitation.
func activityVisible(w *where, s huoshui.Scope) {
	if s.All {
		return
	}
	var ors []string
	for _, p := range s.Paths {
		lo, hi := subtreeRange(p)
		ors = append(ors, "(o.path >= "+w.arg(lo)+" AND o.path < "+w.arg(hi)+")")
	}
	if s.MemberID != 0 {
		ors = append(ors, "(wl.activity_kind = 'meeting' AND EXISTS (SELECT 1 FROM meeting_invitees vi WHERE vi.meeting_id = wl.activity_id AND vi.member_id = "+w.arg(s.MemberID)+"))")
	}
	if len(ors) == 0 {
		ors = append(ors, "1 = 0")
	}
	w.conds = append(w.conds, "("+strings.Join(ors, " OR ")+")")
}

// targetVisible limits links to those whose target scope sees: its org's
// subtree, or a task or output that names the reader.
func targetVisible(w *where, s huoshui.Scope) {
	if s.All {
		return
	}
	var ors []string
	for _, p := range s.Paths {
		lo, hi := subtreeRange(p)
		ors = append(ors, "(tor.path >= "+w.arg(lo)+" AND tor.path < "+w.arg(hi)+")")
	}
	if s.MemberID != 0 {
		ors = append(ors, "(wl.target_kind = 'task' AND EXISTS (SELECT 1 FROM task_people vp WHERE vp.task_id = wl.target_id AND vp.member_id = "+w.arg(s.MemberID)+"))",
			"(wl.target_kind = 'output' AND EXISTS (SELECT 1 FROM output_owners ow WHERE ow.output_id = wl.target_id AND ow.member_id = "+w.arg(s.MemberID)+"))")
	}
	if len(ors) == 0 {
		ors = append(ors, "1 = 0")
	}
	w.conds = append(w.conds, "("+strings.Join(ors, " OR ")+")")
}

func (s *Store) findLink(ctx context.Context, q querier, scope huoshui.Scope, id int64) (*huoshui.WorkLink, error) {
	w := &where{}
	w.add("wl.id = ?", id)
	activityVisible(w, scope)
	l, err := scanLink(q.QueryRowContext(ctx, "SELECT "+linkColumns+linkFrom+w.String(), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: find link %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find link %d: %w", id, err)
	}
	return l, nil
}

// FindWorkLinkByID returns one link, live or removed, when scope sees its
// activity; any other id answers huoshui.ErrNotFound.
func (s *Store) FindWorkLinkByID(ctx context.Context, scope huoshui.Scope, id int64) (*huoshui.WorkLink, error) {
	return s.findLink(ctx, s.r, scope, id)
}

func (s *Store) findLinks(ctx context.Context, w *where) ([]huoshui.WorkLink, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT "+linkColumns+linkFrom+w.String()+" ORDER BY wl.created_at, wl.id", w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: find links: %w", err)
	}
	defer rows.Close()
	out := []huoshui.WorkLink{}
	for rows.Next() {
		l, err := scanLink(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan link: %w", err)
		}
		out = append(out, *l)
	}
	return out, rows.Err()
}

// FindActivityLinks lists the live links of one activity whose target
// scope sees, oldest first, with the target's title, kind and level.
func (s *Store) FindActivityLinks(ctx context.Context, scope huoshui.Scope, kind huoshui.ActivityKind, id int64) ([]huoshui.WorkLink, error) {
	w := &where{}
	w.add("wl.activity_kind = ? AND wl.activity_id = ? AND wl.removed_at IS NULL", string(kind), id)
	targetVisible(w, scope)
	return s.findLinks(ctx, w)
}

// FindTargetLinks lists the live links to one task or output whose
// activity scope sees: the party activities behind it, with their day,
// title and type.
func (s *Store) FindTargetLinks(ctx context.Context, scope huoshui.Scope, kind huoshui.TargetKind, id int64) ([]huoshui.WorkLink, error) {
	w := &where{}
	w.add("wl.target_kind = ? AND wl.target_id = ? AND wl.removed_at IS NULL", string(kind), id)
	activityVisible(w, scope)
	return s.findLinks(ctx, w)
}

// linkTargetLimit bounds each kind in the form's select: the latest.
const linkTargetLimit = 200

// FindLinkTargets lists the current tasks and outputs an activity of org
// may be linked to, among those scope sees: of org, of the nodes below
// it and of the nodes above it; tasks by deadline and outputs by date,
// latest first, at most linkTargetLimit of each.
func (s *Store) FindLinkTargets(ctx context.Context, scope huoshui.Scope, org *huoshui.Org) ([]huoshui.LinkTarget, error) {
	lo, hi := subtreeRange(org.Path)
	near := func(w *where) {
		var ids []string
		for _, id := range huoshui.PathIDs(org.Path) {
			ids = append(ids, w.arg(id))
		}
		w.conds = append(w.conds, "((o.path >= "+w.arg(lo)+" AND o.path < "+w.arg(hi)+") OR o.id IN ("+strings.Join(ids, ", ")+"))")
	}
	var out []huoshui.LinkTarget
	w := &where{}
	near(w)
	w.add("t.archived_at IS NULL")
	taskScope(w, scope, false)
	rows, err := s.r.QueryContext(ctx, `SELECT t.id, t.content, o.name, t.deadline FROM tasks t JOIN orgs o ON o.id = t.org_id`+
		w.String()+" ORDER BY t.deadline DESC, t.id DESC LIMIT "+w.arg(linkTargetLimit), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: link targets: %w", err)
	}
	for rows.Next() {
		x := huoshui.LinkTarget{Kind: huoshui.TargetTask}
		if err := rows.Scan(&x.ID, &x.Title, &x.OrgName, &x.On); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: link targets: %w", err)
		}
		out = append(out, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	w = &where{}
	near(w)
	w.add("ot.archived_at IS NULL")
	outputScope(w, scope)
	rows, err = s.r.QueryContext(ctx, `SELECT ot.id, ot.title, o.name, ot.dated_on, ot.kind, ot.level FROM outputs ot
		JOIN orgs o ON o.id = ot.org_id`+w.String()+" ORDER BY ot.dated_on DESC, ot.id DESC LIMIT "+w.arg(linkTargetLimit), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: link targets: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		x := huoshui.LinkTarget{Kind: huoshui.TargetOutput}
		if err := rows.Scan(&x.ID, &x.Title, &x.OrgName, &x.On, &x.OutputKind, &x.OutputLevel); err != nil {
			return nil, fmt.Errorf("store: link targets: %w", err)
		}
		out = append(out, x)
	}
	return out, rows.Err()
}
