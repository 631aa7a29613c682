package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/notify"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
)

// Reminders of member development come before each deadline
// (rules.DevLeadDays: two weeks and three days before): on the home page
// of the branch's officers, and in the org's group when it has set a
// robot, each once (keyed by the person, the step, its deadline and the
// lead, so a deadline that moves is reminded of afresh). A branch hears of
// its own people; a committee of the steps that wait for it. After a
// deadline nothing is sent: the step is on the overdue lists.

// devDeadline is one deadline of a person's file: their next step, or an
// activist's half-yearly assessment (Step 6 with Assess set).
type devDeadline struct {
	Row    huoshui.DevRow
	Step   rules.StepSpec
	Due    huoshui.Date
	Assess bool
}

// devDeadlines lists the deadlines of the rows.
func devDeadlines(rows []huoshui.DevRow) []devDeadline {
	var out []devDeadline
	for _, r := range rows {
		if spec, ok := rules.StepOf(r.NextStep); ok && !r.NextDue.IsZero() && !r.Closed {
			out = append(out, devDeadline{Row: r, Step: spec, Due: r.NextDue})
		}
		if !r.AssessDue.IsZero() && !r.Closed && r.NextStep < 7 {
			out = append(out, devDeadline{Row: r, Step: rules.Steps[5], Due: r.AssessDue, Assess: true})
		}
	}
	return out
}

// devFilter is what an org hears of: a branch its people, a committee the
// steps of its subtree that wait for a higher committee.
func devFilter(o *huoshui.Org, dueBy huoshui.Date) huoshui.DevFilter {
	f := huoshui.DevFilter{Scope: huoshui.Scope{Paths: []string{o.Path}}, OrgID: o.ID, DueBy: dueBy}
	if o.Kind != huoshui.OrgBranch {
		f.Subtree, f.NextSteps = true, higherSteps()
	}
	return f
}

// sendDevReminders posts the development reminders due today for org
// ow to its robot and reports how many went. A failed post is forgotten,
// so the next round tries it again.
func (s *Server) sendDevReminders(ctx context.Context, ow store.OrgWithWebhook, today huoshui.Date) (int, error) {
	rows, err := s.store.FindDevPeople(ctx, devFilter(ow.Org, today.AddDate(0, 0, slices.Max(rules.DevLeadDays))))
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, d := range devDeadlines(rows) {
		lead, days, ok := rules.DevLead(d.Due, today)
		if !ok || (d.Assess && ow.Org.Kind != huoshui.OrgBranch) {
			continue
		}
		key := fmt.Sprintf("%d/%d/%s/%d", d.Row.Member.ID, d.Step.Number, d.Due, lead)
		if d.Assess {
			key = "assess/" + key
		}
		first, err := s.store.MarkReminderSent(ctx, ow.Org.ID, "development", key)
		if err != nil {
			return sent, err
		}
		if !first {
			continue
		}
		if err := notify.Send(ctx, nil, ow.URL, s.devReminderText("zh", ow.Org, d, days)); err != nil {
			s.log.Warn("development reminder not delivered", "org", ow.Org.ID, "member", d.Row.Member.ID, "err", err)
			if err := s.store.UnmarkReminderSent(ctx, ow.Org.ID, "development", key); err != nil {
				return sent, err
			}
			continue
		}
		sent++
	}
	return sent, nil
}

// devReminderText is a development reminder as it reads in a group chat.
func (s *Server) devReminderText(lang string, o *huoshui.Org, d devDeadline, days int) string {
	id := "development.reminder"
	if d.Assess {
		id = "development.reminder_assess"
	}
	return s.msgs.T(lang, id, "Org", o.Name, "Name", d.Row.Member.Name, "Step", d.Step.Number, "StepName", d.Step.Name,
		"Due", d.Due.String(), "Days", days)
}

// devActions are the development deadlines of org o on its officers' home
// page: what falls due within two weeks and what is overdue, each with a
// link to the person's file. A committee's card shows the steps waiting
// for it, to those who approve them.
func (s *Server) devActions(r *http.Request, o *huoshui.Org, today huoshui.Date) ([]warningAction, error) {
	u := userFrom(r.Context())
	if o.Kind == huoshui.OrgBranch && !auth.Can(u, auth.EditMember, auth.Object{OrgPath: o.Path}) {
		return nil, nil
	}
	if o.Kind != huoshui.OrgBranch && !slices.ContainsFunc(auth.ApproveScope(u).Paths, func(p string) bool { return huoshui.PathWithin(o.Path, p) }) {
		return nil, nil
	}
	rows, err := s.store.FindDevPeople(r.Context(), devFilter(o, today.AddDate(0, 0, slices.Max(rules.DevLeadDays))))
	if err != nil {
		return nil, err
	}
	lang := langFrom(r)
	var out []warningAction
	for _, d := range devDeadlines(rows) {
		if d.Assess && o.Kind != huoshui.OrgBranch {
			continue
		}
		a := warningAction{Org: o, Href: devPath(d.Row.Member.ID), Label: "development.act.open"}
		args := []any{"Name", d.Row.Member.Name, "Step", d.Step.Number, "StepName", d.Step.Name, "Due", d.Due.String()}
		switch {
		case today.After(d.Due):
			if d.Assess {
				continue
			}
			a.Text = s.msgs.T(lang, "development.home_overdue", args...)
		case d.Assess:
			a.Text = s.msgs.T(lang, "development.home_assess", append(args, "Days", today.DaysUntil(d.Due))...)
		default:
			a.Text = s.msgs.T(lang, "development.home_due", append(args, "Days", today.DaysUntil(d.Due))...)
		}
		out = append(out, a)
	}
	return out, nil
}
