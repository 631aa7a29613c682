package rules

import (
	"cmp"
	"slices"

	"github.com/huoshui/huoshui"
)

// TaskLeadDays are the warnings a supervision task gets before its
// deadline: a week before (7 days or fewer left) and the day before (1 or
// fewer: the last day itself included). Each is sent once. After the
// deadline there is no warning: an overdue task shows on the officers'
// overdue list instead (reminders come before a deadline, never after).
var TaskLeadDays = []int{7, 1}

// TaskStatus is where t stands on today (Asia/Shanghai): done once marked
// done, overdue when still open after its deadline day, open otherwise.
// A task is due on its deadline day itself: it is overdue from the day
// after.
func TaskStatus(t *huoshui.Task, today huoshui.Date) huoshui.TaskStatus {
	switch {
	case t.Done():
		return huoshui.TaskDone
	case t.Deadline.Before(today):
		return huoshui.TaskOverdue
	}
	return huoshui.TaskOpen
}

// TaskDaysLeft is how many days are left until t's deadline on today: 0 on
// the deadline day, negative once it has passed.
func TaskDaysLeft(t *huoshui.Task, today huoshui.Date) int { return today.DaysUntil(t.Deadline) }

// TaskWarning says which warning of TaskLeadDays is due for t on today:
// the shortest lead whose day has come, and whether any has. An open task
// with more than the longest lead left, a done or archived one, and one
// past its deadline get none.
func TaskWarning(t *huoshui.Task, today huoshui.Date) (lead int, ok bool) {
	if t.Done() || t.ArchivedAt != nil {
		return 0, false
	}
	left := TaskDaysLeft(t, today)
	if left < 0 {
		return 0, false
	}
	for _, l := range TaskLeadDays {
		if left <= l && (!ok || l < lead) {
			lead, ok = l, true
		}
	}
	return lead, ok
}

// TaskReminder is one warning to give: the task, the lead it is given
// at, and the days left.
type TaskReminder struct {
	Task     *huoshui.Task
	Lead     int
	DaysLeft int
}

// TaskReminders picks from ts the tasks to warn of on today, soonest
// deadline first; tasks due the same day keep their order.
func TaskReminders(ts []*huoshui.Task, today huoshui.Date) []TaskReminder {
	var out []TaskReminder
	for _, t := range ts {
		if lead, ok := TaskWarning(t, today); ok {
			out = append(out, TaskReminder{Task: t, Lead: lead, DaysLeft: TaskDaysLeft(t, today)})
		}
	}
	slices.SortStableFunc(out, func(a, b TaskReminder) int { return cmp.Compare(a.DaysLeft, b.DaysLeft) })
	return out
}

// TaskTally counts tasks the way the yearly summary does: every task
// (archived ones count for nothing), those done on time and done late,
// those still open, and of those the overdue on today.
type TaskTally struct {
	Total, DoneOnTime, DoneLate, Open, Overdue int
}

// TallyTasks counts ts on today.
func TallyTasks(ts []*huoshui.Task, today huoshui.Date) TaskTally {
	var c TaskTally
	for _, t := range ts {
		if t.ArchivedAt != nil {
			continue
		}
		c.Total++
		switch TaskStatus(t, today) {
		case huoshui.TaskDone:
			if t.DoneOnTime() {
				c.DoneOnTime++
			} else {
				c.DoneLate++
			}
		case huoshui.TaskOverdue:
			c.Open++
			c.Overdue++
		default:
			c.Open++
		}
	}
	return c
}
