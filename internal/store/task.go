package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/huoshui/huoshui"
)

// Supervision tasks (督查督办). Every write that changes a task's year,
// deadline, done date or archiving goes through writeTaskCounts in its
// transaction (task_summary.go), beside its audit record.

const taskColumns = `t.id, t.org_id, t.source, t.source_ref, COALESCE(t.meeting_id, 0), t.content, t.lead_id,
	t.assigned_on, t.deadline, t.late_entry, t.done_on, t.done_late_entry, COALESCE(t.done_by, 0), t.done_at,
	COALESCE(t.created_by, 0), t.created_at, t.updated_at, t.archived_at,
	o.name, o.path, l.name, COALESCE(mt.title, ''), COALESCE(du.display_name, '')`

const taskFrom = ` FROM tasks t JOIN orgs o ON o.id = t.org_id JOIN members l ON l.id = t.lead_id
	LEFT JOIN meetings mt ON mt.id = t.meeting_id LEFT JOIN users du ON du.id = t.done_by`

func scanTask(row interface{ Scan(...any) error }) (*huoshui.Task, error) {
	var t huoshui.Task
	err := row.Scan(&t.ID, &t.OrgID, &t.Source, &t.SourceRef, &t.MeetingID, &t.Content, &t.LeadID,
		&t.AssignedOn, &t.Deadline, &t.LateEntry, &t.DoneOn, &t.DoneLateEntry, &t.DoneBy, &t.DoneAt,
		&t.CreatedBy, &t.CreatedAt, &t.UpdatedAt, &t.ArchivedAt,
		&t.OrgName, &t.OrgPath, &t.LeadName, &t.MeetingTitle, &t.DoneByName)
	if err != nil {
		return nil, err
	}
	t.CreatedAt, t.UpdatedAt = t.CreatedAt.UTC(), t.UpdatedAt.UTC()
	t.CoIDs, t.Co = []int64{}, []huoshui.TaskPerson{}
	return &t, nil
}

// taskScope limits a query to the tasks a scope may see: those of the
// nodes in its subtrees and, for the reader's member id, those that name
// them as lead or co-member wherever they are (auth.Object.People). one
// says the query reads a single task.
func taskScope(w *where, s huoshui.Scope, one bool) {
	if s.All {
		return
	}
	var ors []string
	for _, p := range s.Paths {
		lo, hi := subtreeRange(p)
		ors = append(ors, "(o.path >= "+w.arg(lo)+" AND o.path < "+w.arg(hi)+")")
	}
	if s.MemberID != 0 {
		if one {
			ors = append(ors, "EXISTS (SELECT 1 FROM task_people vp WHERE vp.task_id = t.id AND vp.member_id = "+w.arg(s.MemberID)+")")
		} else {
			// A list reads the member's few tasks from their index.
			ors = append(ors, "t.id IN (SELECT vp.task_id FROM task_people vp WHERE vp.member_id = "+w.arg(s.MemberID)+")")
		}
	}
	if len(ors) == 0 {
		w.conds = append(w.conds, "1 = 0")
		return
	}
	w.conds = append(w.conds, "("+strings.Join(ors, " OR ")+")")
}

// FindTaskByID returns one task, archived or not, with its co-members,
// when scope covers it (its org's subtree, or the reader is named on it);
// any other id answers huoshui.ErrNotFound.
func (s *Store) FindTaskByID(ctx context.Context, scope huoshui.Scope, id int64) (*huoshui.Task, error) {
	w := &where{}
	w.add("t.id = ?", id)
	taskScope(w, scope, true)
	t, err := scanTask(s.r.QueryRowContext(ctx, "SELECT "+taskColumns+taskFrom+w.String(), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: find task %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find task %d: %w", id, err)
	}
	if err := s.readTaskPeople(ctx, s.r, []*huoshui.Task{t}); err != nil {
		return nil, err
	}
	return t, nil
}

// lockTask reads a task inside a write transaction and holds it until the
// transaction ends, so that changes to one task take turns.
func (s *Store) lockTask(ctx context.Context, tx *sql.Tx, id int64) (*huoshui.Task, error) {
	t, err := scanTask(tx.QueryRowContext(ctx, "SELECT "+taskColumns+taskFrom+" WHERE t.id = $1"+s.d.forUpdate("t"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: task %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: lock task %d: %w", id, err)
	}
	if err := s.readTaskPeople(ctx, tx, []*huoshui.Task{t}); err != nil {
		return nil, err
	}
	return t, nil
}

// readTaskPeople fills the co-members of ts, a few hundred tasks to a
// query, in roster order.
func (s *Store) readTaskPeople(ctx context.Context, q querier, ts []*huoshui.Task) error {
	byID := make(map[int64]*huoshui.Task, len(ts))
	ids := make([]int64, 0, len(ts))
	for _, t := range ts {
		byID[t.ID] = t
		ids = append(ids, t.ID)
	}
	for chunk := range chunks(ids, 500) {
		w := &where{}
		ph := make([]string, len(chunk))
		for i, id := range chunk {
			ph[i] = w.arg(id)
		}
		rows, err := q.QueryContext(ctx, `SELECT tp.task_id, tp.member_id, m.name FROM task_people tp
			JOIN members m ON m.id = tp.member_id
			WHERE NOT tp.lead AND tp.task_id IN (`+strings.Join(ph, ", ")+`) ORDER BY m.name_key, m.id`, w.args...)
		if err != nil {
			return fmt.Errorf("store: task people: %w", err)
		}
		for rows.Next() {
			var taskID int64
			var p huoshui.TaskPerson
			if err := rows.Scan(&taskID, &p.ID, &p.Name); err != nil {
				rows.Close()
				return fmt.Errorf("store: task people: %w", err)
			}
			t := byID[taskID]
			t.CoIDs = append(t.CoIDs, p.ID)
			t.Co = append(t.Co, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: task people: %w", err)
		}
	}
	return nil
}

// taskOrders are the sorts a task list offers, each with its reverse;
// every one ends in the id, so that pages never overlap.
var taskOrders = map[string][2]string{
	"deadline": {"t.deadline, t.id", "t.deadline DESC, t.id DESC"},
	"assigned": {"t.assigned_on, t.id", "t.assigned_on DESC, t.id DESC"},
	"lead":     {"l.name_key, t.deadline, t.id", "l.name_key DESC, t.deadline, t.id"},
	"org":      {"o.path, t.deadline, t.id", "o.path DESC, t.deadline, t.id"},
	// Open tasks after the done ones either way, the same on both engines
	// (which put NULL at opposite ends).
	"done": {"CASE WHEN t.done_on IS NULL THEN 1 ELSE 0 END, t.done_on, t.id",
		"CASE WHEN t.done_on IS NULL THEN 1 ELSE 0 END, t.done_on DESC, t.id DESC"},
}

// TaskSortValid reports whether a task list may be sorted by s.
func TaskSortValid(s string) bool {
	_, ok := taskOrders[strings.TrimPrefix(s, "-")]
	return ok
}

func taskOrder(sort string) string {
	o, ok := taskOrders[strings.TrimPrefix(sort, "-")]
	if !ok {
		return taskOrders["deadline"][0]
	}
	if strings.HasPrefix(sort, "-") {
		return o[1]
	}
	return o[0]
}

func taskWhere(f huoshui.TaskFilter) *where {
	w := &where{}
	taskScope(w, f.Scope, false)
	if f.OrgID != 0 {
		w.add("o.path >= (SELECT path FROM orgs WHERE id = ?)", f.OrgID)
		w.add("o.path < (SELECT "+subtreeEndSQL+" FROM orgs WHERE id = ?)", f.OrgID)
	}
	if f.Archived {
		w.add("t.archived_at IS NOT NULL")
	} else {
		w.add("t.archived_at IS NULL")
	}
	switch f.Status {
	case huoshui.TaskOpen:
		w.add("t.done_on IS NULL AND t.deadline >= ?", f.Today)
	case huoshui.TaskOverdue:
		w.add("t.done_on IS NULL AND t.deadline < ?", f.Today)
	case huoshui.TaskDone:
		w.add("t.done_on IS NOT NULL")
	}
	if f.MemberID != 0 {
		switch f.As {
		case "lead":
			w.add("t.lead_id = ?", f.MemberID)
		case "co":
			w.add("t.id IN (SELECT task_id FROM task_people WHERE member_id = ? AND NOT lead)", f.MemberID)
		default:
			w.add("t.id IN (SELECT task_id FROM task_people WHERE member_id = ?)", f.MemberID)
		}
	}
	if f.Source != "" {
		w.add("t.source = ?", string(f.Source))
	}
	if !f.From.IsZero() {
		w.add("t.deadline >= ?", f.From)
	}
	if !f.To.IsZero() {
		w.add("t.deadline <= ?", f.To)
	}
	if q := likeEscape(f.Query); q != "" {
		w.add("(t.content LIKE ? OR t.source_ref LIKE ?)", "%"+q+"%", "%"+q+"%")
	}
	return w
}

// FindTasks lists the tasks f selects in f.Sort's order, a page at a time,
// with their co-members and the total that match. The zero filter lists
// nothing.
func (s *Store) FindTasks(ctx context.Context, f huoshui.TaskFilter) ([]*huoshui.Task, int, error) {
	w := taskWhere(f)
	countArgs := len(w.args)
	q := "SELECT " + taskColumns + taskFrom + w.String() + " ORDER BY " + taskOrder(f.Sort)
	if f.Limit > 0 {
		q += " LIMIT " + w.arg(f.Limit) + " OFFSET " + w.arg(max(0, f.Offset))
	}
	rows, err := s.r.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: find tasks: %w", err)
	}
	out := []*huoshui.Task{}
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			rows.Close()
			return nil, 0, fmt.Errorf("store: scan task: %w", err)
		}
		out = append(out, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("store: find tasks: %w", err)
	}
	if err := s.readTaskPeople(ctx, s.r, out); err != nil {
		return nil, 0, err
	}
	switch {
	case f.Limit <= 0:
		return out, len(out), nil
	case len(out) < f.Limit && (len(out) > 0 || f.Offset <= 0):
		return out, max(0, f.Offset) + len(out), nil
	}
	var total int
	if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*)"+taskFrom+w.String(), w.args[:countArgs]...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count tasks: %w", err)
	}
	return out, total, nil
}

// FindMemberTasks lists the open tasks that name a member as lead or
// co-member, across the orgs of scope, soonest deadline first: what they
// still have to do, for their home page.
func (s *Store) FindMemberTasks(ctx context.Context, scope huoshui.Scope, memberID int64, limit int) ([]*huoshui.Task, error) {
	w := &where{}
	w.add("t.id IN (SELECT task_id FROM task_people WHERE member_id = ?)", memberID)
	w.add("t.done_on IS NULL AND t.archived_at IS NULL")
	taskScope(w, scope, false)
	rows, err := s.r.QueryContext(ctx, "SELECT "+taskColumns+taskFrom+w.String()+" ORDER BY t.deadline, t.id LIMIT "+w.arg(limit), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: tasks of member %d: %w", memberID, err)
	}
	out := []*huoshui.Task{}
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: tasks of member %d: %w", memberID, err)
		}
		out = append(out, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, s.readTaskPeople(ctx, s.r, out)
}

// FindTasksDueBy lists an org's own open tasks (not those of the nodes
// below it) whose deadline lies in [from, to]: the reminder round's work
// for the org's group robot, read from tasks_open.
func (s *Store) FindTasksDueBy(ctx context.Context, orgID int64, from, to huoshui.Date) ([]*huoshui.Task, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT "+taskColumns+taskFrom+` WHERE t.org_id = $1 AND t.done_on IS NULL
		AND t.archived_at IS NULL AND t.deadline >= $2 AND t.deadline <= $3 ORDER BY t.deadline, t.id`, orgID, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: tasks due at org %d: %w", orgID, err)
	}
	out := []*huoshui.Task{}
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: tasks due at org %d: %w", orgID, err)
		}
		out = append(out, t)
	}
	rows.Close()
	return out, rows.Err()
}

func auditTask(t *huoshui.Task) any {
	type rec struct {
		*huoshui.Task
		OrgID int64 `json:"org_id"`
	}
	return rec{Task: t, OrgID: t.OrgID}
}

// taskOrg locks the org a task is given to: a current branch, general
// branch or committee (a 党小组 keeps no tasks of its own), else a
// validation error on org_id.
func (s *Store) taskOrg(ctx context.Context, tx *sql.Tx, orgID int64) (*huoshui.Org, error) {
	org, err := s.lockOrg(ctx, tx, orgID)
	if errors.Is(err, huoshui.ErrNotFound) || (err == nil && (org.ArchivedAt != nil || org.Kind == huoshui.OrgGroup)) {
		v := &huoshui.ValidationError{}
		v.Add("org_id", "task.org_unknown")
		return nil, v
	}
	return org, err
}

// checkTaskPeople adds a problem for each of ids that is not a current
// member of org's subtree: on lead_id for the lead, on co_ids for the
// others.
func checkTaskPeople(ctx context.Context, q querier, org *huoshui.Org, lead int64, ids []int64, v *huoshui.ValidationError) error {
	if len(ids) == 0 {
		return nil
	}
	w := &where{}
	lo, hi := subtreeRange(org.Path)
	w.add("m.archived_at IS NULL")
	w.add("o.path >= ? AND o.path < ?", lo, hi)
	ph := make([]string, len(ids))
	for i, id := range ids {
		ph[i] = w.arg(id)
	}
	w.conds = append(w.conds, "m.id IN ("+strings.Join(ph, ", ")+")")
	rows, err := q.QueryContext(ctx, "SELECT m.id FROM members m JOIN orgs o ON o.id = m.org_id"+w.String(), w.args...)
	if err != nil {
		return fmt.Errorf("store: task people: %w", err)
	}
	found := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		found[id] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range ids {
		switch {
		case found[id]:
		case id == lead:
			if !v.Has("lead_id") {
				v.Add("lead_id", "task.person_outside")
			}
		case !v.Has("co_ids"):
			v.Add("co_ids", "task.person_outside")
		}
	}
	return nil
}

// checkTaskMeeting makes sure a linked meeting was held, not called off,
// by the task's org, a node below it or one above it (a committee's
// resolution that a branch carries out).
func checkTaskMeeting(ctx context.Context, q querier, org *huoshui.Org, meetingID int64, v *huoshui.ValidationError) error {
	if meetingID == 0 {
		return nil
	}
	var path string
	var cancelled *time.Time
	err := q.QueryRowContext(ctx, `SELECT o.path, mt.cancelled_at FROM meetings mt JOIN orgs o ON o.id = mt.org_id
		WHERE mt.id = $1`, meetingID).Scan(&path, &cancelled)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: task meeting %d: %w", meetingID, err)
	}
	if err != nil || cancelled != nil || !(huoshui.PathWithin(path, org.Path) || huoshui.PathWithin(org.Path, path)) {
		v.Add("meeting_id", "task.meeting_outside")
	}
	return nil
}

// CreateTask records a task of an org, given to its lead and co-members,
// all current members of the org's subtree. A deadline already past is
// taken only when lateEntry says the task is entered after the fact
// (补录); the task is then marked so.
func (s *Store) CreateTask(ctx context.Context, a huoshui.Actor, t *huoshui.Task, lateEntry bool) error {
	today := s.today()
	v := &huoshui.ValidationError{}
	v.Merge(t.Validate())
	if !v.Has("assigned_on") && !v.Has("deadline") {
		v.Merge(t.CheckNew(today, lateEntry))
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		org, err := s.taskOrg(ctx, tx, t.OrgID)
		if err != nil {
			return err
		}
		if err := checkTaskPeople(ctx, tx, org, t.LeadID, t.People(), v); err != nil {
			return err
		}
		if err := checkTaskMeeting(ctx, tx, org, t.MeetingID, v); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := s.now()
		t.CreatedAt, t.UpdatedAt, t.CreatedBy = now, now, a.UserID
		t.LateEntry = t.Deadline.Before(today)
		t.DoneOn, t.DoneLateEntry, t.DoneBy, t.DoneAt, t.ArchivedAt = huoshui.Date{}, false, 0, nil, nil
		t.OrgName, t.OrgPath = org.Name, org.Path
		err = tx.QueryRowContext(ctx, `INSERT INTO tasks (org_id, source, source_ref, meeting_id, content, lead_id,
			assigned_on, deadline, late_entry, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
			t.OrgID, t.Source, t.SourceRef, nullInt(t.MeetingID), t.Content, t.LeadID, t.AssignedOn, t.Deadline,
			t.LateEntry, nullInt(a.UserID), now, now).Scan(&t.ID)
		if err != nil {
			return fmt.Errorf("store: create task: %w", err)
		}
		if err := s.writeTaskPeople(ctx, tx, t); err != nil {
			return err
		}
		if err := s.writeTaskCounts(ctx, tx, nil, t); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, huoshui.AuditCreate, "task", t.ID, t.OrgID, nil, auditTask(t))
	})
}

// writeTaskPeople replaces the task's people with its lead and co-members.
func (s *Store) writeTaskPeople(ctx context.Context, tx *sql.Tx, t *huoshui.Task) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM task_people WHERE task_id = $1`, t.ID); err != nil {
		return fmt.Errorf("store: task %d people: %w", t.ID, err)
	}
	for _, id := range t.People() {
		if _, err := tx.ExecContext(ctx, `INSERT INTO task_people (task_id, member_id, lead) VALUES ($1, $2, $3)`,
			t.ID, id, id == t.LeadID); err != nil {
			return fmt.Errorf("store: task %d people: %w", t.ID, err)
		}
	}
	return nil
}

// UpdateTask saves what an officer changed on a task: its source,
// content, people and dates. The org never changes; people who have since
// left the org may stay on it, new ones must be its current members. A
// done task keeps its deadline, and an open one's deadline moves into the
// past only on a late entry (huoshui.Task.CheckDeadline). An archived
// task is restored before it is changed.
func (s *Store) UpdateTask(ctx context.Context, a huoshui.Actor, id int64, upd *huoshui.Task) error {
	today := s.today()
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.lockTask(ctx, tx, id)
		if err != nil {
			return err
		}
		v := &huoshui.ValidationError{}
		if before.ArchivedAt != nil {
			v.Add("form", "task.archived")
			return v
		}
		upd.OrgID = before.OrgID
		v.Merge(upd.Validate())
		if !v.Has("deadline") {
			v.Merge(before.CheckDeadline(upd.Deadline, today))
		}
		if before.Done() && upd.AssignedOn.After(before.DoneOn) {
			v.Add("assigned_on", "task.assigned_after_done", "Date", before.DoneOn.String())
		}
		var first huoshui.Date
		if err := tx.QueryRowContext(ctx, `SELECT MIN(reported_on) FROM task_progress WHERE task_id = $1`, id).Scan(&first); err != nil {
			return fmt.Errorf("store: update task %d: %w", id, err)
		}
		if !first.IsZero() && upd.AssignedOn.After(first) && !v.Has("assigned_on") {
			v.Add("assigned_on", "task.assigned_after_progress", "Date", first.String())
		}
		org, err := findOrg(ctx, tx, before.OrgID)
		if err != nil {
			return err
		}
		var added []int64
		for _, p := range upd.People() {
			if !slices.Contains(before.People(), p) {
				added = append(added, p)
			}
		}
		if err := checkTaskPeople(ctx, tx, org, upd.LeadID, added, v); err != nil {
			return err
		}
		if upd.MeetingID != before.MeetingID {
			if err := checkTaskMeeting(ctx, tx, org, upd.MeetingID, v); err != nil {
				return err
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		after := *before
		after.Source, after.SourceRef, after.MeetingID, after.Content = upd.Source, upd.SourceRef, upd.MeetingID, upd.Content
		after.LeadID, after.CoIDs, after.AssignedOn, after.Deadline = upd.LeadID, upd.CoIDs, upd.AssignedOn, upd.Deadline
		after.UpdatedAt = s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE tasks SET source = $1, source_ref = $2, meeting_id = $3, content = $4,
			lead_id = $5, assigned_on = $6, deadline = $7, updated_at = $8 WHERE id = $9`,
			after.Source, after.SourceRef, nullInt(after.MeetingID), after.Content, after.LeadID, after.AssignedOn,
			after.Deadline, after.UpdatedAt, id); err != nil {
			return fmt.Errorf("store: update task %d: %w", id, err)
		}
		if !slices.Equal(before.People(), after.People()) {
			if err := s.writeTaskPeople(ctx, tx, &after); err != nil {
				return err
			}
		}
		if err := s.writeTaskCounts(ctx, tx, before, &after); err != nil {
			return err
		}
		*upd = after
		return s.audit(ctx, tx, a, huoshui.AuditUpdate, "task", id, before.OrgID, auditTask(before), auditTask(&after))
	})
}

// MarkTaskDone records that a task was done on the day on (zero: today).
// A day before today is a late entry (补录), kept with who entered it and
// when; a day after the deadline marks the task done late (逾期完成), never
// moved. Marking a done task done again changes nothing.
func (s *Store) MarkTaskDone(ctx context.Context, a huoshui.Actor, id int64, on huoshui.Date) error {
	today := s.today()
	if on.IsZero() {
		on = today
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.lockTask(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.ArchivedAt != nil {
			v := &huoshui.ValidationError{}
			v.Add("form", "task.archived")
			return v
		}
		if before.Done() {
			return nil // done twice: the first stands
		}
		if err := before.CheckDone(on, today); err != nil {
			return err
		}
		now := s.now()
		after := *before
		after.DoneOn, after.DoneLateEntry, after.DoneBy, after.DoneAt, after.UpdatedAt = on, on.Before(today), a.UserID, &now, now
		if _, err := tx.ExecContext(ctx, `UPDATE tasks SET done_on = $1, done_late_entry = $2, done_by = $3, done_at = $4,
			updated_at = $5 WHERE id = $6`, after.DoneOn, after.DoneLateEntry, nullInt(a.UserID), now, now, id); err != nil {
			return fmt.Errorf("store: task %d done: %w", id, err)
		}
		if err := s.writeTaskCounts(ctx, tx, before, &after); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, huoshui.AuditUpdate, "task", id, before.OrgID, map[string]any{"done_on": nil},
			map[string]any{"done_on": after.DoneOn, "done_late_entry": after.DoneLateEntry, "done_late": after.DoneLate()})
	})
}

// ReopenTask opens a done task again: its done date goes (the audit
// trail keeps it). Reopening an open task changes nothing.
func (s *Store) ReopenTask(ctx context.Context, a huoshui.Actor, id int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.lockTask(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.ArchivedAt != nil {
			v := &huoshui.ValidationError{}
			v.Add("form", "task.archived")
			return v
		}
		if !before.Done() {
			return nil
		}
		after := *before
		after.DoneOn, after.DoneLateEntry, after.DoneBy, after.DoneAt, after.UpdatedAt = huoshui.Date{}, false, 0, nil, s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE tasks SET done_on = NULL, done_late_entry = $1, done_by = NULL,
			done_at = NULL, updated_at = $2 WHERE id = $3`, false, after.UpdatedAt, id); err != nil {
			return fmt.Errorf("store: reopen task %d: %w", id, err)
		}
		if err := s.writeTaskCounts(ctx, tx, before, &after); err != nil {
			return err
		}
		// An update, not a restore: the trail's "restore" is an archived
		// task put back.
		return s.audit(ctx, tx, a, huoshui.AuditUpdate, "task", id, before.OrgID,
			map[string]any{"done_on": before.DoneOn, "done_late_entry": before.DoneLateEntry}, map[string]any{"done_on": nil})
	})
}

// ArchiveTask takes a task off the lists and the counts (restore: false)
// or puts it back. Nothing is deleted; doing it twice changes nothing.
func (s *Store) ArchiveTask(ctx context.Context, a huoshui.Actor, id int64, restore bool) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.lockTask(ctx, tx, id)
		if err != nil {
			return err
		}
		if (before.ArchivedAt != nil) != restore {
			return nil // archived twice, or restored twice
		}
		after := *before
		action := huoshui.AuditRestore
		if restore {
			after.ArchivedAt = nil
		} else {
			now := s.now()
			after.ArchivedAt, action = &now, huoshui.AuditArchive
		}
		if _, err := tx.ExecContext(ctx, `UPDATE tasks SET archived_at = $1 WHERE id = $2`, after.ArchivedAt, id); err != nil {
			return fmt.Errorf("store: archive task %d: %w", id, err)
		}
		if err := s.writeTaskCounts(ctx, tx, before, &after); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, action, "task", id, before.OrgID, nil, map[string]any{"archived_at": after.ArchivedAt})
	})
}
