package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/huoshui/huoshui"
)

// activity_counts holds, per org and month (Asia/Shanghai, "2026-11"),
// how many party activities were held and how many of those have at
// least one live link to a work outcome (work_link.go): the share the
// dashboard and the summary show. A meeting is held when it is not
// cancelled and someone was present (held, as meeting_counts counts it);
// a micro lecture or a collective discussion is a record of something
// that took place, so every one counts, in the month of its day. Every
// write that changes either number moves the table in its transaction:
// a meeting's (through keepTally and the bulk loader), a lecture's and a
// discussion's create and update, and a link's add, remove and restore.

// activityKey is one row of activity_counts.
type activityKey struct {
	org   int64
	month string
}

// activityDelta moves rows of activity_counts: held and linked.
type activityDelta map[activityKey]*[2]int

// add moves the row of (org, month) by one activity, linked or not.
func (d activityDelta) add(org int64, month string, sign int, linked bool) {
	k := activityKey{org, month}
	if d[k] == nil {
		d[k] = &[2]int{}
	}
	d[k][0] += sign
	if linked {
		d[k][1] += sign
	}
}

// The meeting counts carry a meeting's move of activity_counts through
// keepTally's delta under these two pseudo-types, which moveCounts takes
// out before it writes meeting_counts.
const (
	activityHeldType   huoshui.MeetingType = "~activity_held"
	activityLinkedType huoshui.MeetingType = "~activity_linked"
)

// meetingActivity adds to delta how a meeting's write moves
// activity_counts: nothing unless whether it was held, or its month,
// changed; then what before counted goes and what after counts comes,
// linked or not as its live links say.
func (s *Store) meetingActivity(ctx context.Context, tx *sql.Tx, before, after *huoshui.Meeting, delta map[countKey]int) error {
	hb, ha := held(before), held(after)
	if hb == ha && (!ha || monthOf(before.StartsAt) == monthOf(after.StartsAt)) {
		return nil
	}
	linked, err := activityLinked(ctx, tx, huoshui.ActivityMeeting, after.ID)
	if err != nil {
		return err
	}
	move := func(m *huoshui.Meeting, sign int) {
		delta[countKey{m.OrgID, monthOf(m.StartsAt), activityHeldType}] += sign
		if linked {
			delta[countKey{m.OrgID, monthOf(m.StartsAt), activityLinkedType}] += sign
		}
	}
	if hb {
		move(before, -1)
	}
	if ha {
		move(after, 1)
	}
	return nil
}

// takeActivity removes the activity pseudo-types from a meeting delta and
// answers them as an activityDelta.
func takeActivity(delta map[countKey]int) activityDelta {
	out := activityDelta{}
	for k, n := range delta {
		i := map[huoshui.MeetingType]int{activityHeldType: 1, activityLinkedType: 2}[k.t] - 1
		if i < 0 {
			continue
		}
		ak := activityKey{k.org, k.month}
		if out[ak] == nil {
			out[ak] = &[2]int{}
		}
		out[ak][i] += n
		delete(delta, k)
	}
	return out
}

// activityLinked reports whether an activity has a live link.
func activityLinked(ctx context.Context, q querier, kind huoshui.ActivityKind, id int64) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM work_links
		WHERE activity_kind = $1 AND activity_id = $2 AND removed_at IS NULL`, string(kind), id).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: links of %s %d: %w", kind, id, err)
	}
	return n > 0, nil
}

// dayActivity moves activity_counts for a lecture or a discussion (always
// held) whose day goes from before to after (zero: none).
func (s *Store) dayActivity(ctx context.Context, tx *sql.Tx, kind huoshui.ActivityKind, id, org int64, before, after huoshui.Date) error {
	if !before.IsZero() && !after.IsZero() && dayMonth(before) == dayMonth(after) {
		return nil
	}
	linked := false
	if !before.IsZero() {
		var err error
		if linked, err = activityLinked(ctx, tx, kind, id); err != nil {
			return err
		}
	}
	d := activityDelta{}
	if !before.IsZero() {
		d.add(org, dayMonth(before), -1, linked)
	}
	if !after.IsZero() {
		d.add(org, dayMonth(after), 1, linked)
	}
	return s.moveActivityCounts(ctx, tx, d)
}

// dayMonth is the month of a day, as activity_counts names it.
func dayMonth(d huoshui.Date) string { return d.String()[:7] }

// moveActivityCounts applies d in (org, month) order, the one order every
// writer takes, so that two transactions wait instead of deadlocking.
func (s *Store) moveActivityCounts(ctx context.Context, tx *sql.Tx, d activityDelta) error {
	keys := slices.SortedFunc(maps.Keys(d), func(a, b activityKey) int {
		return cmp.Or(cmp.Compare(a.org, b.org), strings.Compare(a.month, b.month))
	})
	for _, k := range keys {
		v := d[k]
		if v[0] == 0 && v[1] == 0 {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO activity_counts (org_id, month, held, linked) VALUES ($1, $2, $3, $4)
			ON CONFLICT (org_id, month) DO UPDATE SET held = activity_counts.held + excluded.held,
			linked = activity_counts.linked + excluded.linked`, k.org, k.month, v[0], v[1]); err != nil {
			return fmt.Errorf("store: count activities: %w", err)
		}
	}
	return nil
}

// ActivityCounts counts the party activities held from from to to (both
// included) by org alone or, with subtree, by every org of its subtree,
// and how many of them link to a work outcome. Whole months come from
// activity_counts, the months cut at either end from the records.
func (s *Store) ActivityCounts(ctx context.Context, org *huoshui.Org, subtree bool, from, to huoshui.Date) (held, linked int, err error) {
	if from.IsZero() || to.IsZero() || to.Before(from) {
		return 0, 0, nil
	}
	p := splitPeriod(from, to)
	if p.hasMonths() {
		byOrg, err := s.activityMonths(ctx, org, subtree, p.first, p.last)
		if err != nil {
			return 0, 0, err
		}
		for _, c := range byOrg {
			held, linked = held+c.Held, linked+c.Linked
		}
	}
	for _, e := range p.edges {
		c, err := s.activityRecords(ctx, org, subtree, e[0], e[1])
		if err != nil {
			return 0, 0, err
		}
		held, linked = held+c.Held, linked+c.Linked
	}
	return held, linked, nil
}

// ActivityCountsByOrg counts a calendar year's party activities held and
// linked by each org of root's subtree that held any: what a committee's
// roll-up is the sum of, for the dashboard's rows.
func (s *Store) ActivityCountsByOrg(ctx context.Context, root *huoshui.Org, year int) (map[int64]huoshui.ActivityCount, error) {
	return s.activityMonths(ctx, root, true, huoshui.NewDate(year, 1, 1), huoshui.NewDate(year, 12, 1))
}

// activityMonths sums activity_counts over the whole months from the
// month of first to the month of last, by org.
func (s *Store) activityMonths(ctx context.Context, org *huoshui.Org, subtree bool, first, last huoshui.Date) (map[int64]huoshui.ActivityCount, error) {
	w := &where{}
	join := orgCondition(w, org, subtree, "c.org_id")
	w.add("c.month >= ? AND c.month <= ?", dayMonth(first), dayMonth(last))
	rows, err := s.r.QueryContext(ctx, `SELECT c.org_id, SUM(c.held), SUM(c.linked) FROM activity_counts c`+join+w.String()+
		` GROUP BY c.org_id`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: activity counts: %w", err)
	}
	defer rows.Close()
	out := map[int64]huoshui.ActivityCount{}
	for rows.Next() {
		var id int64
		var c huoshui.ActivityCount
		if err := rows.Scan(&id, &c.Held, &c.Linked); err != nil {
			return nil, fmt.Errorf("store: activity counts: %w", err)
		}
		if c.Held != 0 || c.Linked != 0 {
			out[id] = c
		}
	}
	return out, rows.Err()
}

// liveLinkSQL is true for an activity (kind, id column) with a live link.
func liveLinkSQL(kind huoshui.ActivityKind, idCol string) string {
	return `CASE WHEN EXISTS (SELECT 1 FROM work_links wl WHERE wl.activity_kind = '` + string(kind) +
		`' AND wl.activity_id = ` + idCol + ` AND wl.removed_at IS NULL) THEN 1 ELSE 0 END`
}

// activityRecords counts the activities held from from to to (a month or
// part of one) from the records themselves.
func (s *Store) activityRecords(ctx context.Context, org *huoshui.Org, subtree bool, from, to huoshui.Date) (huoshui.ActivityCount, error) {
	var out huoshui.ActivityCount
	start := time.Date(from.Year(), from.Time().Month(), from.Time().Day(), 0, 0, 0, 0, huoshui.Shanghai)
	end := time.Date(to.Year(), to.Time().Month(), to.Time().Day(), 0, 0, 0, 0, huoshui.Shanghai).AddDate(0, 0, 1)
	parts := []struct {
		table, alias, kind, cond string
		args                     []any
	}{
		{"meetings", "mt", "meeting", "mt.starts_at >= ? AND mt.starts_at < ? AND mt.cancelled_at IS NULL AND mt.present > 0",
			[]any{start.UTC(), end.UTC()}},
		{"lectures", "l", "lecture", "l.held_on >= ? AND l.held_on <= ?", []any{from, to}},
		{"discussions", "d", "discussion", "d.held_on >= ? AND d.held_on <= ?", []any{from, to}},
	}
	for _, p := range parts {
		w := &where{}
		join := orgCondition(w, org, subtree, p.alias+".org_id")
		w.add(p.cond, p.args...)
		var h, l int
		err := s.r.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(`+liveLinkSQL(huoshui.ActivityKind(p.kind), p.alias+".id")+`), 0)
			FROM `+p.table+" "+p.alias+join+w.String(), w.args...).Scan(&h, &l)
		if err != nil {
			return out, fmt.Errorf("store: count %s: %w", p.table, err)
		}
		out.Held, out.Linked = out.Held+h, out.Linked+l
	}
	return out, nil
}
