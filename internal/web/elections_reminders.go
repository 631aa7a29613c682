package web

import (
	"context"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/notify"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
)

// A committee's term is reminded of six and three months before it ends
// (rules.TermReminder), in the org's group when it has set a robot, each
// reminder once: the reminder round marks it sent under the term's end
// and the reminder, so a new term is reminded of afresh. The same
// reminders show on the officers' home page (home_actions.go).

// sendTermReminders posts the reminder due today of the org's own term to
// its robot and reports whether it went. A failed post is forgotten, so
// the next round tries it again.
func (s *Server) sendTermReminders(ctx context.Context, ow store.OrgWithWebhook, today huoshui.Date) (int, error) {
	o := ow.Org
	if o.ArchivedAt != nil || o.Kind == huoshui.OrgGroup {
		return 0, nil
	}
	w, ok := rules.TermReminder(o.CommitteeTermEnds, today)
	if !ok {
		return 0, nil
	}
	key := o.CommitteeTermEnds.String() + "/" + w.Code
	first, err := s.store.MarkReminderSent(ctx, o.ID, "term", key)
	if err != nil || !first {
		return 0, err
	}
	text := s.msgs.T("zh", "election.reminder", "Org", o.Name, "Text", s.msgs.T("zh", "warning."+w.Code, w.Args...))
	if err := notify.Send(ctx, nil, ow.URL, text); err != nil {
		s.log.Warn("term reminder not delivered", "org", o.ID, "err", err)
		return 0, s.store.UnmarkReminderSent(ctx, o.ID, "term", key)
	}
	return 1, nil
}
