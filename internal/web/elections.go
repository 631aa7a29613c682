package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
)

// Committee terms and elections (换届): the committee in office on the
// node's page, its election history, recording an election, and the
// higher committee's approval of the secretary and deputy it chose.

// committeeCard is the committee in office as the node's page shows it.
type committeeCard struct {
	Org       *huoshui.Org
	Seats     []store.CommitteeSeat
	Reminder  string // the term's reminder or its end, "" when none is due
	Urgent    bool   // three months or less left, or ended
	CanRecord bool
}

// committeeCard reads the committee of o for a reader who may see its
// records; nil for a 党小组 or a reader who may not.
func (s *Server) committeeCard(r *http.Request, o *huoshui.Org) (*committeeCard, error) {
	u := userFrom(r.Context())
	if o.Kind == huoshui.OrgGroup || !auth.Can(u, auth.ViewRecord, auth.Object{OrgPath: o.Path}) {
		return nil, nil
	}
	seats, err := s.store.FindCommittee(r.Context(), o.ID)
	if err != nil {
		return nil, err
	}
	c := &committeeCard{Org: o, Seats: seats, CanRecord: auth.CanRecordElection(u, o)}
	today := s.today()
	lang := langFrom(r)
	if !o.CommitteeTermEnds.IsZero() && today.After(o.CommitteeTermEnds) {
		c.Reminder = s.msgs.T(lang, "warning.org.term_ended", "Date", o.CommitteeTermEnds.String(),
			"Days", o.CommitteeTermEnds.DaysUntil(today))
		c.Urgent = true
	} else if w, ok := rules.TermReminder(o.CommitteeTermEnds, today); ok {
		c.Reminder = s.msgs.T(lang, "warning."+w.Code, w.Args...)
		c.Urgent = w.Code == "term.three_months"
	}
	return c, nil
}

type electionsPage struct {
	Page
	Org       *huoshui.Org
	Committee *committeeCard
	Elections []*huoshui.Election
}

// orgElections shows the committee in office and the node's elections.
func (s *Server) orgElections(w http.ResponseWriter, r *http.Request) error {
	o, err := s.findVisibleOrg(r)
	if err != nil {
		return err
	}
	u := userFrom(r.Context())
	if o.Kind == huoshui.OrgGroup || !auth.Can(u, auth.ViewRecord, auth.Object{OrgPath: o.Path}) {
		return huoshui.ErrNotFound
	}
	card, err := s.committeeCard(r, o)
	if err != nil {
		return err
	}
	es, err := s.store.FindElections(r.Context(), auth.Scope(u, auth.ViewRecord), o.ID)
	if err != nil {
		return err
	}
	p := &electionsPage{Org: o, Committee: card, Elections: es}
	p.Crumbs = s.orgCrumbs(r, o, "election.title")
	return s.render(w, r, http.StatusOK, "election_list", p)
}

type electionViewPage struct {
	Page
	Election   *huoshui.Election
	Elected    []huoshui.ElectionCandidate
	Warnings   []string
	CanApprove bool
	Form       form
}

// findElection reads the election in the path through the reader's view.
func (s *Server) findElection(r *http.Request) (*huoshui.Election, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.store.FindElectionByID(r.Context(), auth.Scope(userFrom(r.Context()), auth.ViewRecord), id)
}

func (s *Server) electionView(w http.ResponseWriter, r *http.Request) error {
	e, err := s.findElection(r)
	if err != nil {
		return err
	}
	return s.renderElection(w, r, http.StatusOK, e, newForm(url.Values{}))
}

func (s *Server) renderElection(w http.ResponseWriter, r *http.Request, code int, e *huoshui.Election, f form) error {
	o, err := s.store.FindOrgByID(r.Context(), huoshui.Everything(), e.OrgID)
	if err != nil {
		return err
	}
	p := &electionViewPage{Election: e, Elected: e.Elected(), Form: f,
		CanApprove: e.ApprovedOn.IsZero() && auth.CanApproveElection(userFrom(r.Context()), o)}
	if _, ws, err := rules.CheckElection(e.PrevTermEnds, e.HeldOn, true); err == nil {
		p.Warnings = s.warnings(langFrom(r), ws)
	}
	p.Crumbs = s.orgCrumbs(r, o, "election.title")
	p.Crumbs[len(p.Crumbs)-1].Href = fmt.Sprintf("/orgs/%d/elections", o.ID)
	p.Crumbs = append(p.Crumbs, crumb{Label: s.msgs.T(langFrom(r), "election.of", "Date", e.HeldOn.String())})
	return s.render(w, r, code, "election_view", p)
}

// electionApprove records the higher committee's approval: an organiser
// above the node, only within their subtree.
func (s *Server) electionApprove(w http.ResponseWriter, r *http.Request) error {
	e, err := s.findElection(r)
	if err != nil {
		return err
	}
	o, err := s.store.FindOrgByID(r.Context(), huoshui.Everything(), e.OrgID)
	if err != nil {
		return err
	}
	if !auth.CanApproveElection(userFrom(r.Context()), o) {
		return huoshui.ErrForbidden
	}
	type approval struct {
		on  huoshui.Date
		doc string
	}
	today := s.today()
	return submit(s, w, r, formFlow[approval]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (approval, error) {
			a := approval{on: readDate(v, "approved_on", true, ve), doc: strings.TrimSpace(v.Get("approval_doc"))}
			if a.on.After(today) {
				ve.Add("approved_on", "election.date_future")
			}
			if a.doc == "" {
				ve.Add("approval_doc", "required")
			}
			return a, nil
		},
		Save: func(a approval) error {
			_, err := s.store.ApproveElection(r.Context(), s.actor(r), e.ID, a.on, a.doc)
			return err
		},
		Page:  func(code int, f form) error { return s.renderElection(w, r, code, e, f) },
		Flash: "election.approved",
		Next:  func(approval) string { return fmt.Sprintf("/elections/%d", e.ID) },
	})
}

// electionPlan is the rules an election is recorded by, applied by the
// store to the org as it stands under its lock: the timing against the
// term it ends (an early or late one needs the approval), the new term's
// end from the node's kind, and the posts filled — a committee of 3 to 7
// with one secretary, or, in a branch too small to elect a committee
// (rules.CommitteeFullMembers), one secretary and at most a deputy.
func electionPlan(o *huoshui.Org, e *huoshui.Election) error {
	timing, _, err := rules.CheckElection(o.CommitteeTermEnds, e.HeldOn, !e.TimingApprovedOn.IsZero())
	if err != nil {
		return ruleValidation(err, "held_on")
	}
	e.Timing = string(timing)
	e.TermEnds = rules.TermEnds(o.Kind, e.Village, e.HeldOn)
	var posts []huoshui.CommitteePost
	secretaries := 0
	for _, c := range e.Candidates {
		if c.Post != huoshui.PostNone {
			posts = append(posts, c.Post)
		}
		if c.Post == huoshui.PostSecretary {
			secretaries++
		}
	}
	if o.Kind == huoshui.OrgBranch && o.FullCount < rules.CommitteeFullMembers && len(posts) <= 2 {
		if secretaries != 1 {
			ve := &huoshui.ValidationError{}
			ve.Add("candidates", "term.one_secretary", "Count", secretaries)
			return ve
		}
		return nil
	}
	if err := rules.CheckCommittee(posts); err != nil {
		return ruleValidation(err, "candidates")
	}
	return nil
}

// ruleValidation turns a rule's refusal into a form's error on field.
func ruleValidation(err error, field string) error {
	var re *rules.RuleError
	if errors.As(err, &re) {
		return re.Validation(field)
	}
	return err
}

// readCount reads a whole number of people.
func readCount(v url.Values, field string, ve *huoshui.ValidationError) int {
	raw := strings.TrimSpace(huoshui.FoldWidth(v.Get(field)))
	if raw == "" {
		ve.Add(field, "required")
		return 0
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 0 {
		ve.Add(field, "number_format")
	}
	return n
}
