package web

import (
	"fmt"
	"net/http"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
)

// maxHomeActions is how many nodes with warnings a home card lists; the
// rest are counted, and the tree shows them all.
const maxHomeActions = 20

// warningAction is one broken rule as something to do: the node (Other
// when it is not the card's own), what is wrong in words, and the page
// where it is put right with the link's label (a message id).
type warningAction struct {
	Org   *huoshui.Org
	Other bool
	Text  string
	Href  string
	Label string
}

// warningActions lists the warnings of o and the nodes under it, in tree
// order: the store finds the nodes that may break a rule from their kept
// counts and committee dates, and rules.OrgWarnings says which. A term
// ending or a committee missing leads to the node's edit form (where the
// election is recorded) for those who may edit it, a branch too small to
// its roster; anything else to the node's page.
func (s *Server) warningActions(r *http.Request, o *huoshui.Org, today huoshui.Date) ([]warningAction, int, error) {
	if o.Kind == huoshui.OrgGroup {
		return nil, 0, nil
	}
	u := userFrom(r.Context())
	lang := langFrom(r)
	nodes, total, err := s.store.FindOrgsNeedingAttention(r.Context(), o.Path, store.OrgAttention{
		MinFull: rules.MinFullMembers, CommitteeFull: rules.CommitteeFullMembers,
		TermEndsBy: today.AddMonths(rules.TermFirstReminderMonths),
	}, maxHomeActions)
	if err != nil {
		return nil, 0, err
	}
	var out []warningAction
	for _, n := range nodes {
		for _, w := range rules.OrgWarnings(n, today) {
			a := warningAction{Org: n, Other: n.ID != o.ID, Text: s.msgs.T(lang, "warning."+w.Code, w.Args...),
				Href: fmt.Sprintf("/orgs/%d", n.ID), Label: "home.act.open"}
			switch w.Code {
			case "org.few_full_members":
				if auth.Can(u, auth.ViewMember, auth.Object{OrgPath: n.Path}) {
					a.Href, a.Label = fmt.Sprintf("/members?org=%d", n.ID), "home.act.roster"
				}
			case "org.needs_committee", "term.six_months", "term.three_months", "org.term_ended":
				if auth.CanRecordElection(u, n) {
					a.Href, a.Label = fmt.Sprintf("/orgs/%d/elections/new", n.ID), "home.act.election"
				}
			}
			out = append(out, a)
		}
	}
	dues, err := s.duesActions(r, o)
	if err != nil {
		return nil, 0, err
	}
	out = append(out, dues...)
	dev, err := s.devActions(r, o, today) // development_reminders.go
	if err != nil {
		return nil, 0, err
	}
	out = append(out, dev...)
	return out, max(0, total-len(nodes)), nil
}
