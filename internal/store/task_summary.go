package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/huoshui/huoshui"
)

// task_year_counts keeps, per org and year of the deadline, how many
// tasks there are and how many were done on time and done late. It moves
// by differences in the transaction of every write that changes what it
// counts — a task created, its deadline moved, marked done, reopened,
// archived or restored — so a branch's year is one row and a committee's
// one sum over its subtree. Overdue tasks are not kept: "overdue" changes
// with the day, not with a write, so it is counted when asked, from the
// open tasks past their deadline (tasks_open).

// taskYearKey is one row of task_year_counts.
type taskYearKey struct {
	org  int64
	year int
}

// taskYearDelta is how a row moves.
type taskYearDelta struct{ total, onTime, late int }

// addTask adds sign times what t counts for to delta; an archived task
// (or none) counts for nothing.
func addTask(delta map[taskYearKey]*taskYearDelta, t *huoshui.Task, sign int) {
	if t == nil || t.ArchivedAt != nil {
		return
	}
	k := taskYearKey{t.OrgID, t.Deadline.Year()}
	d := delta[k]
	if d == nil {
		d = &taskYearDelta{}
		delta[k] = d
	}
	d.total += sign
	switch {
	case t.DoneOnTime():
		d.onTime += sign
	case t.DoneLate():
		d.late += sign
	}
}

// writeTaskCounts moves task_year_counts from what before counted to what
// after counts (either may be nil), in the caller's transaction. Rows are
// written in (org, year) order, the one order every writer takes, so that
// two transactions wait for each other on PostgreSQL instead of locking
// crosswise.
func (s *Store) writeTaskCounts(ctx context.Context, tx *sql.Tx, before, after *huoshui.Task) error {
	delta := map[taskYearKey]*taskYearDelta{}
	addTask(delta, before, -1)
	addTask(delta, after, +1)
	keys := slices.SortedFunc(maps.Keys(delta), func(a, b taskYearKey) int {
		return cmp.Or(cmp.Compare(a.org, b.org), cmp.Compare(a.year, b.year))
	})
	for _, k := range keys {
		d := delta[k]
		if *d == (taskYearDelta{}) {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO task_year_counts (org_id, year, total, done_on_time, done_late)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (org_id, year) DO UPDATE SET
			total = task_year_counts.total + excluded.total,
			done_on_time = task_year_counts.done_on_time + excluded.done_on_time,
			done_late = task_year_counts.done_late + excluded.done_late`,
			k.org, k.year, d.total, d.onTime, d.late); err != nil {
			return fmt.Errorf("store: count tasks: %w", err)
		}
	}
	return nil
}

// TaskYear is an org's tasks whose deadline falls in a year: how many,
// done on time, done late, still open, and of those the overdue on the
// day it was read.
type TaskYear struct {
	Year       int `json:"year"`
	Total      int `json:"total"`
	DoneOnTime int `json:"done_on_time"`
	DoneLate   int `json:"done_late"`
	Open       int `json:"open"`
	Overdue    int `json:"overdue"`
}

// TaskYearOf reads the tasks of org alone whose deadline falls in year,
// with the overdue among them on today: a row of task_year_counts and a
// count of the open tasks past their deadline.
func (s *Store) TaskYearOf(ctx context.Context, org *huoshui.Org, year int, today huoshui.Date) (TaskYear, error) {
	y := TaskYear{Year: year}
	err := s.r.QueryRowContext(ctx, `SELECT total, done_on_time, done_late FROM task_year_counts WHERE org_id = $1 AND year = $2`,
		org.ID, year).Scan(&y.Total, &y.DoneOnTime, &y.DoneLate)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return y, fmt.Errorf("store: task year of org %d: %w", org.ID, err)
	}
	from, to := taskOverdueRange(year, today)
	if from != "" {
		if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM tasks t WHERE t.org_id = $1 AND t.done_on IS NULL
			AND t.archived_at IS NULL AND t.deadline >= $2 AND t.deadline < $3`, org.ID, from, to).Scan(&y.Overdue); err != nil {
			return y, fmt.Errorf("store: overdue tasks of org %d: %w", org.ID, err)
		}
	}
	y.Open = y.Total - y.DoneOnTime - y.DoneLate
	return y, nil
}

// TaskYearRollup reads the same for org's whole subtree, org included: one
// sum over the subtree's rows of task_year_counts by the path range, and
// one count of its open tasks past their deadline.
func (s *Store) TaskYearRollup(ctx context.Context, org *huoshui.Org, year int, today huoshui.Date) (TaskYear, error) {
	y := TaskYear{Year: year}
	lo, hi := subtreeRange(org.Path)
	err := s.r.QueryRowContext(ctx, `SELECT COALESCE(SUM(c.total), 0), COALESCE(SUM(c.done_on_time), 0), COALESCE(SUM(c.done_late), 0)
		FROM task_year_counts c JOIN orgs o ON o.id = c.org_id
		WHERE o.path >= $1 AND o.path < $2 AND c.year = $3`, lo, hi, year).Scan(&y.Total, &y.DoneOnTime, &y.DoneLate)
	if err != nil {
		return y, fmt.Errorf("store: task year under org %d: %w", org.ID, err)
	}
	from, to := taskOverdueRange(year, today)
	if from != "" {
		if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM tasks t JOIN orgs o ON o.id = t.org_id
			WHERE o.path >= $1 AND o.path < $2 AND t.done_on IS NULL AND t.archived_at IS NULL
			AND t.deadline >= $3 AND t.deadline < $4`, lo, hi, from, to).Scan(&y.Overdue); err != nil {
			return y, fmt.Errorf("store: overdue tasks under org %d: %w", org.ID, err)
		}
	}
	y.Open = y.Total - y.DoneOnTime - y.DoneLate
	return y, nil
}

// TaskYearsUnder reads TaskYearOf for every node of org's subtree that has
// tasks in year, by node: what a committee's roll-up is the sum of.
func (s *Store) TaskYearsUnder(ctx context.Context, org *huoshui.Org, year int, today huoshui.Date) (map[int64]TaskYear, error) {
	out := map[int64]TaskYear{}
	lo, hi := subtreeRange(org.Path)
	rows, err := s.r.QueryContext(ctx, `SELECT c.org_id, c.total, c.done_on_time, c.done_late
		FROM task_year_counts c JOIN orgs o ON o.id = c.org_id
		WHERE o.path >= $1 AND o.path < $2 AND c.year = $3 AND c.total <> 0`, lo, hi, year)
	if err != nil {
		return nil, fmt.Errorf("store: task years under org %d: %w", org.ID, err)
	}
	for rows.Next() {
		var id int64
		y := TaskYear{Year: year}
		if err := rows.Scan(&id, &y.Total, &y.DoneOnTime, &y.DoneLate); err != nil {
			rows.Close()
			return nil, err
		}
		y.Open = y.Total - y.DoneOnTime - y.DoneLate
		out[id] = y
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	from, to := taskOverdueRange(year, today)
	if from == "" {
		return out, nil
	}
	rows, err = s.r.QueryContext(ctx, `SELECT t.org_id, COUNT(*) FROM tasks t JOIN orgs o ON o.id = t.org_id
		WHERE o.path >= $1 AND o.path < $2 AND t.done_on IS NULL AND t.archived_at IS NULL
		AND t.deadline >= $3 AND t.deadline < $4 GROUP BY t.org_id`, lo, hi, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: overdue tasks under org %d: %w", org.ID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		y := out[id]
		y.Year, y.Overdue = year, n
		out[id] = y
	}
	return out, rows.Err()
}

// taskOverdueRange bounds the deadlines of a year's tasks that are overdue
// on today: from the year's first day to today, excluded (a task is due on
// its deadline day itself). Empty when no day of the year has passed.
func taskOverdueRange(year int, today huoshui.Date) (from, to string) {
	start := huoshui.NewDate(year, 1, 1)
	end := huoshui.NewDate(year+1, 1, 1)
	if !start.Before(today) {
		return "", ""
	}
	if today.Before(end) {
		end = today
	}
	return start.String(), end.String()
}

// TaskAlerts is what an officer's home card says of an org's subtree's
// open tasks on a day: how many are overdue, and how many fall due within
// the warning lead (rules.TaskLeadDays' longest).
type TaskAlerts struct {
	Overdue, DueSoon int
}

// TaskAlertsOf counts the open tasks of org's subtree past their deadline
// (any year) and due from today to today+lead days.
func (s *Store) TaskAlertsOf(ctx context.Context, org *huoshui.Org, today huoshui.Date, lead int) (TaskAlerts, error) {
	var a TaskAlerts
	lo, hi := subtreeRange(org.Path)
	err := s.r.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN t.deadline < $3 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN t.deadline >= $3 THEN 1 ELSE 0 END), 0)
		FROM tasks t JOIN orgs o ON o.id = t.org_id
		WHERE o.path >= $1 AND o.path < $2 AND t.done_on IS NULL AND t.archived_at IS NULL AND t.deadline <= $4`,
		lo, hi, today, today.AddDate(0, 0, lead)).Scan(&a.Overdue, &a.DueSoon)
	if err != nil {
		return a, fmt.Errorf("store: task alerts of org %d: %w", org.ID, err)
	}
	return a, nil
}

// TaskTally counts the tasks of org alone, or with subtree of its whole
// subtree, whose deadline falls from from to to (both included), with
// the overdue among them on today. A calendar year is read from
// task_year_counts (TaskYearOf, TaskYearRollup); any other period from
// the tasks themselves.
func (s *Store) TaskTally(ctx context.Context, org *huoshui.Org, subtree bool, from, to, today huoshui.Date) (huoshui.TaskTally, error) {
	if from.IsZero() || to.IsZero() || to.Before(from) {
		return huoshui.TaskTally{}, nil
	}
	if y := from.Year(); from.Equal(huoshui.NewDate(y, 1, 1)) && to.Equal(huoshui.NewDate(y, 12, 31)) {
		read := s.TaskYearOf
		if subtree {
			read = s.TaskYearRollup
		}
		ty, err := read(ctx, org, y, today)
		return ty.Tally(), err
	}
	w := &where{}
	join := orgCondition(w, org, subtree, "t.org_id")
	w.add("t.archived_at IS NULL AND t.deadline >= ? AND t.deadline <= ?", from, to)
	todayArg := w.arg(today)
	var t huoshui.TaskTally
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*),
		COALESCE(SUM(CASE WHEN t.done_on IS NOT NULL AND t.done_on <= t.deadline THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN t.done_on IS NOT NULL AND t.done_on > t.deadline THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN t.done_on IS NULL AND t.deadline < `+todayArg+` THEN 1 ELSE 0 END), 0)
		FROM tasks t`+join+w.String(), w.args...).Scan(&t.Total, &t.DoneOnTime, &t.DoneLate, &t.Overdue)
	if err != nil {
		return t, fmt.Errorf("store: tasks of org %d: %w", org.ID, err)
	}
	t.Open = t.Total - t.DoneOnTime - t.DoneLate
	return t, nil
}

// Tally is the year's counts as a huoshui.TaskTally.
func (y TaskYear) Tally() huoshui.TaskTally {
	return huoshui.TaskTally{Total: y.Total, DoneOnTime: y.DoneOnTime, DoneLate: y.DoneLate, Open: y.Open, Overdue: y.Overdue}
}
