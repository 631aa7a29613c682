package rules_test

import (
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/rules"
)

func TestTaskStatusAndWarning(t *testing.T) {
	today := huoshui.NewDate(2026, 5, 10)
	day := func(n int) huoshui.Date { return today.AddDate(0, 0, n) }
	archived := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name     string
		task     huoshui.Task
		status   huoshui.TaskStatus
		left     int
		lead     int
		warn     bool
		onTime   bool
		doneLate bool
	}{
		{"a month left", huoshui.Task{Deadline: day(30)}, huoshui.TaskOpen, 30, 0, false, false, false},
		{"eight days left: not yet", huoshui.Task{Deadline: day(8)}, huoshui.TaskOpen, 8, 0, false, false, false},
		{"a week left", huoshui.Task{Deadline: day(7)}, huoshui.TaskOpen, 7, 7, true, false, false},
		{"two days left", huoshui.Task{Deadline: day(2)}, huoshui.TaskOpen, 2, 7, true, false, false},
		{"the day before", huoshui.Task{Deadline: day(1)}, huoshui.TaskOpen, 1, 1, true, false, false},
		{"the deadline day is still open", huoshui.Task{Deadline: today}, huoshui.TaskOpen, 0, 1, true, false, false},
		{"the day after: overdue, no warning", huoshui.Task{Deadline: day(-1)}, huoshui.TaskOverdue, -1, 0, false, false, false},
		{"long overdue", huoshui.Task{Deadline: day(-40)}, huoshui.TaskOverdue, -40, 0, false, false, false},
		{"done early", huoshui.Task{Deadline: day(3), DoneOn: day(-2)}, huoshui.TaskDone, 3, 0, false, true, false},
		{"done on the deadline day", huoshui.Task{Deadline: day(-5), DoneOn: day(-5)}, huoshui.TaskDone, -5, 0, false, true, false},
		{"done a day late", huoshui.Task{Deadline: day(-5), DoneOn: day(-4)}, huoshui.TaskDone, -5, 0, false, false, true},
		{"archived: no warning", huoshui.Task{Deadline: day(1), ArchivedAt: &archived}, huoshui.TaskOpen, 1, 0, false, false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			task := c.task
			if got := rules.TaskStatus(&task, today); got != c.status {
				t.Errorf("status %s, want %s", got, c.status)
			}
			if got := rules.TaskDaysLeft(&task, today); got != c.left {
				t.Errorf("days left %d, want %d", got, c.left)
			}
			lead, ok := rules.TaskWarning(&task, today)
			if lead != c.lead || ok != c.warn {
				t.Errorf("warning %d %v, want %d %v", lead, ok, c.lead, c.warn)
			}
			if task.DoneOnTime() != c.onTime || task.DoneLate() != c.doneLate {
				t.Errorf("on time %v late %v, want %v %v", task.DoneOnTime(), task.DoneLate(), c.onTime, c.doneLate)
			}
		})
	}
}

// Each warning's day comes once as the deadline nears: the week's from
// seven days left to two, the last day's on the day before and the day
// itself, none after.
func TestTaskWarningsAcrossDays(t *testing.T) {
	deadline := huoshui.NewDate(2026, 3, 2) // across the end of February
	task := &huoshui.Task{Deadline: deadline}
	var got []int
	for d := deadline.AddDate(0, 0, -10); !d.After(deadline.AddDate(0, 0, 3)); d = d.AddDate(0, 0, 1) {
		lead, ok := rules.TaskWarning(task, d)
		if !ok {
			lead = 0
		}
		got = append(got, lead)
	}
	want := []int{0, 0, 0, 7, 7, 7, 7, 7, 7, 1, 1, 0, 0, 0}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("warnings day by day %v, want %v", got, want)
		}
	}
}

func TestTaskRemindersSoonestFirst(t *testing.T) {
	today := huoshui.NewDate(2026, 5, 10)
	a := &huoshui.Task{ID: 1, Deadline: today.AddDate(0, 0, 6)}
	b := &huoshui.Task{ID: 2, Deadline: today.AddDate(0, 0, 1)}
	c := &huoshui.Task{ID: 3, Deadline: today.AddDate(0, 0, 20)}
	d := &huoshui.Task{ID: 4, Deadline: today.AddDate(0, 0, -1)}
	e := &huoshui.Task{ID: 5, Deadline: today.AddDate(0, 0, 6), DoneOn: today}
	f := &huoshui.Task{ID: 6, Deadline: today.AddDate(0, 0, 6)}
	got := rules.TaskReminders([]*huoshui.Task{a, b, c, d, e, f}, today)
	var ids []int64
	for _, r := range got {
		ids = append(ids, r.Task.ID)
	}
	if len(ids) != 3 || ids[0] != 2 || ids[1] != 1 || ids[2] != 6 || got[0].Lead != 1 || got[1].Lead != 7 {
		t.Errorf("reminders %v (%+v), want tasks 2, 1, 6 with leads 1, 7, 7", ids, got)
	}
}

func TestTallyTasks(t *testing.T) {
	today := huoshui.NewDate(2026, 5, 10)
	archived := time.Now()
	ts := []*huoshui.Task{
		{Deadline: today.AddDate(0, 0, 5)},                                   // open
		{Deadline: today.AddDate(0, 0, -5)},                                  // overdue
		{Deadline: today.AddDate(0, 0, -5), DoneOn: today.AddDate(0, 0, -6)}, // on time
		{Deadline: today.AddDate(0, 0, -5), DoneOn: today.AddDate(0, 0, -5)}, // on time, the last day
		{Deadline: today.AddDate(0, 0, -5), DoneOn: today},                   // late
		{Deadline: today, ArchivedAt: &archived},                             // counts for nothing
	}
	got := rules.TallyTasks(ts, today)
	want := rules.TaskTally{Total: 5, DoneOnTime: 2, DoneLate: 1, Open: 2, Overdue: 1}
	if got != want {
		t.Errorf("tally %+v, want %+v", got, want)
	}
}
