package web

import (
	"context"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/notify"
	"github.com/huoshui/huoshui/internal/rules"
)

// Reminders come before a deadline, never after it (rules.Reminders): a
// branch whose month is nearly out without its committee meeting hears of
// it in its last week. They reach people two ways: on the home page of the
// org's officers (homeReminders), and, when the org has set a group robot,
// as a message in the branch's WeCom or DingTalk group (SendReminders). A
// reminder goes to the group once per item and period, whatever the
// number of replicas sending.

// RunReminders sends the due reminders now and then every interval until
// ctx ends. serve runs it in the background.
func (s *Server) RunReminders(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if n, err := s.SendReminders(ctx); err != nil {
			s.log.Warn("reminders", "err", err)
		} else if n > 0 {
			s.log.Info("reminders sent", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// SendReminders posts to each org's group robot the reminders due today
// that have not gone out — of its organisational life and of its
// supervision tasks (task_reminders.go) — and reports how many went. A robot that fails
// does not stop the others; its reminder is tried again next round.
func (s *Server) SendReminders(ctx context.Context) (int, error) {
	orgs, err := s.store.FindOrgsWithWebhook(ctx)
	if err != nil {
		return 0, err
	}
	now := s.now()
	sent := 0
	for _, ow := range orgs {
		all, err := s.complianceOf(ctx, ow.Org, now.In(huoshui.Shanghai).Year(), false)
		if err != nil {
			return sent, err
		}
		for _, c := range all {
			for _, it := range rules.Reminders(c.Items, now) {
				first, err := s.store.MarkReminderSent(ctx, ow.Org.ID, string(it.Type), it.Period)
				if err != nil {
					return sent, err
				}
				if !first {
					continue
				}
				if err := notify.Send(ctx, nil, ow.URL, s.reminderText("zh", ow.Org, it)); err != nil {
					s.log.Warn("reminder not delivered", "org", ow.Org.ID, "type", it.Type, "period", it.Period, "err", err)
					if err := s.store.UnmarkReminderSent(ctx, ow.Org.ID, string(it.Type), it.Period); err != nil {
						return sent, err
					}
					continue
				}
				sent++
			}
		}
		n, err := s.sendTaskReminders(ctx, ow, rules.Today(now))
		sent += n
		if err != nil {
			return sent, err
		}
		n, err = s.sendTermReminders(ctx, ow, rules.Today(now))
		sent += n
		if err != nil {
			return sent, err
		}
		n, err = s.sendDevReminders(ctx, ow, rules.Today(now)) // development_reminders.go
		sent += n
		if err != nil {
			return sent, err
		}
	}
	return sent, nil
}

// reminderText is a reminder as it reads in a group chat.
func (s *Server) reminderText(lang string, o *huoshui.Org, it rules.Item) string {
	return s.msgs.T(lang, "reminder.text", "Org", o.Name, "Period", s.periodLabel(lang, it),
		"Type", s.msgs.T(lang, "mtype."+string(it.Type)), "Held", it.Held, "Required", it.Required,
		"Days", it.DaysLeft, "End", it.End.String())
}

// periodLabel names an item's period: 2026年11月, 2026年第4季度, 2026年度.
func (s *Server) periodLabel(lang string, it rules.Item) string {
	y, m := it.Start.Year(), int(it.Start.Time().Month())
	switch it.Every {
	case rules.Monthly:
		return s.msgs.T(lang, "period.month", "Y", y, "M", m)
	case rules.Quarterly:
		return s.msgs.T(lang, "period.quarter", "Y", y, "Q", (m-1)/3+1)
	}
	return s.msgs.T(lang, "period.year", "Y", y)
}

// homeReminder is one line on an officer's home card.
type homeReminder struct {
	Text    string
	Overdue bool
}

// homeReminders are the lines of an org's card: what is overdue this year,
// then what falls due soon (the same lead times as the group messages).
// named puts the org's name first, for a party group on its branch's card.
func (s *Server) homeReminders(lang string, c orgCompliance, named bool) []homeReminder {
	var out []homeReminder
	add := func(r homeReminder) {
		if named {
			r.Text = c.Org.Name + s.msgs.T(lang, "home.colon") + r.Text
		}
		out = append(out, r)
	}
	for _, it := range c.Behind {
		add(homeReminder{Overdue: true, Text: s.msgs.T(lang, "reminder.overdue",
			"Period", s.periodLabel(lang, it), "Type", s.msgs.T(lang, "mtype."+string(it.Type)))})
	}
	for _, it := range rules.Reminders(c.Items, s.now()) {
		add(homeReminder{Text: s.msgs.T(lang, "reminder.due",
			"Period", s.periodLabel(lang, it), "Type", s.msgs.T(lang, "mtype."+string(it.Type)), "Days", it.DaysLeft)})
	}
	return out
}

// checkWebhook is the form check of a robot address: "" clears it.
func checkWebhook(addr string) string {
	if addr == "" {
		return ""
	}
	return notify.CheckURL(addr)
}
