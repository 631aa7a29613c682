package web

import (
	"context"
	"fmt"
	"slices"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/notify"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
)

// A supervision task is warned of before its deadline (rules.TaskLeadDays:
// a week before and the day before), in the org's group when it has set a
// robot, each warning once: the reminder round (RunReminders) marks it
// sent under the task, its deadline and the lead, so a moved deadline is
// warned of afresh. After the deadline nothing is sent: the task is on the
// officers' overdue list.

// sendTaskReminders posts the warnings due today for the org's own tasks
// to its robot and reports how many went. A failed post is forgotten, so
// the next round tries it again.
func (s *Server) sendTaskReminders(ctx context.Context, ow store.OrgWithWebhook, today huoshui.Date) (int, error) {
	ts, err := s.store.FindTasksDueBy(ctx, ow.Org.ID, today, today.AddDate(0, 0, slices.Max(rules.TaskLeadDays)))
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, rm := range rules.TaskReminders(ts, today) {
		key := fmt.Sprintf("%d/%s/%d", rm.Task.ID, rm.Task.Deadline, rm.Lead)
		first, err := s.store.MarkReminderSent(ctx, ow.Org.ID, "task", key)
		if err != nil {
			return sent, err
		}
		if !first {
			continue
		}
		if err := notify.Send(ctx, nil, ow.URL, s.taskReminderText("zh", ow.Org, rm)); err != nil {
			s.log.Warn("task reminder not delivered", "org", ow.Org.ID, "task", rm.Task.ID, "err", err)
			if err := s.store.UnmarkReminderSent(ctx, ow.Org.ID, "task", key); err != nil {
				return sent, err
			}
			continue
		}
		sent++
	}
	return sent, nil
}

// taskReminderText is a task's warning as it reads in a group chat.
func (s *Server) taskReminderText(lang string, o *huoshui.Org, rm rules.TaskReminder) string {
	id := "tasks.reminder"
	if rm.DaysLeft == 0 {
		id = "tasks.reminder_today"
	}
	return s.msgs.T(lang, id, "Org", o.Name, "Content", huoshui.Truncate(rm.Task.Content, 60), "Lead", rm.Task.LeadName,
		"Deadline", rm.Task.Deadline.String(), "Days", rm.DaysLeft)
}
