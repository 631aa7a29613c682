package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/huoshui/huoshui"
)

// The bulk task loader writes years of supervision tasks at once, for the
// synthetic province of `huoshui gen`: what CreateTask followed by
// MarkTaskDone would write, row for row — the task, its people and the
// kept task_year_counts — but many rows per statement inside one
// transaction, and one audit record per call.

// BulkCreateTasks adds many tasks in one transaction and sets their IDs:
// every one goes in, or, when any fails, none does. Each must pass
// Validate and sit at a current branch, general branch or committee; its
// lead and co-members must be current members of that org's subtree. A
// task's CreatedAt, when set, is when the record was written (zero: now);
// LateEntry follows from it as CreateTask works it out. A DoneOn set
// marks the task done that day, not before it was assigned. A failure
// names the task's row in FieldError.Row.
func (s *Store) BulkCreateTasks(ctx context.Context, a huoshui.Actor, ts []*huoshui.Task) error {
	if len(ts) == 0 {
		return nil
	}
	var orgIDs, memberIDs []int64
	seenOrg, seenMember := map[int64]bool{}, map[int64]bool{}
	for i, t := range ts {
		done := t.DoneOn
		if err := t.Validate(); err != nil {
			return rowError(i+1, err)
		}
		if !done.IsZero() && done.Before(t.AssignedOn) {
			v := &huoshui.ValidationError{}
			v.Add("done_on", "task.done_before_assigned", "Date", t.AssignedOn)
			return rowError(i+1, v)
		}
		if !seenOrg[t.OrgID] {
			seenOrg[t.OrgID] = true
			orgIDs = append(orgIDs, t.OrgID)
		}
		for _, id := range t.People() {
			if !seenMember[id] {
				seenMember[id] = true
				memberIDs = append(memberIDs, id)
			}
		}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		orgs, err := orgsByIDs(ctx, tx, orgIDs)
		if err != nil {
			return err
		}
		people, err := meetingMembersByIDs(ctx, tx, memberIDs)
		if err != nil {
			return err
		}
		now := s.now()
		for i, t := range ts {
			org := orgs[t.OrgID]
			v := &huoshui.ValidationError{}
			if org == nil || org.ArchivedAt != nil || org.Kind == huoshui.OrgGroup {
				v.Add("org_id", "task.org_unknown")
				return rowError(i+1, v)
			}
			lo, hi := subtreeRange(org.Path)
			for _, id := range t.People() {
				if p, ok := people[id]; !ok || p.archived || p.path < lo || p.path >= hi {
					field := "co_ids"
					if id == t.LeadID {
						field = "lead_id"
					}
					if !v.Has(field) {
						v.Add(field, "task.person_outside")
					}
				}
			}
			if err := v.Err(); err != nil {
				return rowError(i+1, err)
			}
			if t.CreatedAt.IsZero() {
				t.CreatedAt = now
			}
			t.CreatedAt = t.CreatedAt.UTC()
			t.UpdatedAt, t.CreatedBy = t.CreatedAt, a.UserID
			t.LateEntry = t.Deadline.Before(huoshui.DateOf(t.CreatedAt.In(huoshui.Shanghai)))
			t.DoneLateEntry, t.DoneBy, t.DoneAt, t.ArchivedAt = false, 0, nil, nil
			t.OrgName, t.OrgPath = org.Name, org.Path
		}
		if err := s.insertBulkTasks(ctx, tx, a, ts); err != nil {
			return err
		}
		if err := s.insertBulkTaskPeople(ctx, tx, ts); err != nil {
			return err
		}
		if err := s.addBulkTaskCounts(ctx, tx, ts); err != nil {
			return err
		}
		paths := make([]string, 0, len(orgs))
		for _, o := range orgs {
			paths = append(paths, o.Path)
		}
		done := 0
		for _, t := range ts {
			if t.Done() {
				done++
			}
		}
		return s.audit(ctx, tx, a, huoshui.AuditImport, AuditSynthetic, 0, huoshui.PathNodeID(commonPath(paths)), nil,
			map[string]any{"tasks": len(ts), "done": done, "orgs": len(orgs)})
	})
}

// insertBulkTasks writes the tasks many to a statement and sets their IDs
// in order: both engines number a multi-row insert in the order of its
// rows.
func (s *Store) insertBulkTasks(ctx context.Context, tx *sql.Tx, a huoshui.Actor, ts []*huoshui.Task) error {
	const cols = 13
	for chunk := range chunks(ts, maxBulkParams/cols) {
		var sb strings.Builder
		sb.WriteString(`INSERT INTO tasks (org_id, source, source_ref, meeting_id, content, lead_id,
			assigned_on, deadline, late_entry, done_on, created_by, created_at, updated_at) VALUES `)
		args := make([]any, 0, len(chunk)*cols)
		for k, t := range chunk {
			if k > 0 {
				sb.WriteByte(',')
			}
			s.d.placeholders(&sb, len(args), cols)
			var done any
			if t.Done() {
				done = t.DoneOn
			}
			args = append(args, t.OrgID, t.Source, t.SourceRef, nullInt(t.MeetingID), t.Content, t.LeadID,
				t.AssignedOn, t.Deadline, t.LateEntry, done, nullInt(a.UserID), t.CreatedAt, t.UpdatedAt)
		}
		sb.WriteString(" RETURNING id")
		ids, err := insertedIDs(ctx, tx, sb.String(), args, len(chunk), "tasks")
		if err != nil {
			return err
		}
		for k, t := range chunk {
			t.ID = ids[k]
		}
	}
	return nil
}

// insertBulkTaskPeople writes each task's lead and co-members.
func (s *Store) insertBulkTaskPeople(ctx context.Context, tx *sql.Tx, ts []*huoshui.Task) error {
	type row struct {
		task, member int64
		lead         bool
	}
	var all []row
	for _, t := range ts {
		for _, id := range t.People() {
			all = append(all, row{t.ID, id, id == t.LeadID})
		}
	}
	const cols = 3
	for chunk := range chunks(all, maxBulkParams/cols) {
		var sb strings.Builder
		sb.WriteString("INSERT INTO task_people (task_id, member_id, lead) VALUES ")
		args := make([]any, 0, len(chunk)*cols)
		for k, r := range chunk {
			if k > 0 {
				sb.WriteByte(',')
			}
			s.d.placeholders(&sb, len(args), cols)
			args = append(args, r.task, r.member, r.lead)
		}
		if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
			return fmt.Errorf("store: bulk tasks: people: %w", err)
		}
	}
	return nil
}

// addBulkTaskCounts moves task_year_counts by what the tasks count for,
// as writeTaskCounts does one by one: summed first, so no statement
// touches a row twice, and written in (org, year) order.
func (s *Store) addBulkTaskCounts(ctx context.Context, tx *sql.Tx, ts []*huoshui.Task) error {
	delta := map[taskYearKey]*taskYearDelta{}
	for _, t := range ts {
		addTask(delta, t, +1)
	}
	keys := slices.SortedFunc(maps.Keys(delta), func(a, b taskYearKey) int {
		return cmp.Or(cmp.Compare(a.org, b.org), cmp.Compare(a.year, b.year))
	})
	const cols = 5
	for chunk := range chunks(keys, maxBulkParams/cols) {
		var sb strings.Builder
		sb.WriteString("INSERT INTO task_year_counts (org_id, year, total, done_on_time, done_late) VALUES ")
		args := make([]any, 0, len(chunk)*cols)
		for k, key := range chunk {
			if k > 0 {
				sb.WriteByte(',')
			}
			s.d.placeholders(&sb, len(args), cols)
			d := delta[key]
			args = append(args, key.org, key.year, d.total, d.onTime, d.late)
		}
		sb.WriteString(` ON CONFLICT (org_id, year) DO UPDATE SET
			total = task_year_counts.total + excluded.total,
			done_on_time = task_year_counts.done_on_time + excluded.done_on_time,
			done_late = task_year_counts.done_late + excluded.done_late`)
		if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
			return fmt.Errorf("store: bulk tasks: counts: %w", err)
		}
	}
	return nil
}
