package web

import (
	"errors"
	"html/template"
	"net/http"
	"slices"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
)

type homePage struct {
	Page
	Cards []orgCard
	Me    *huoshui.Member
	Admin []navItem
	// What the member has coming: the meetings they are invited to in the
	// next two weeks, and the follow-up actions they own.
	Upcoming  []*huoshui.Meeting
	FollowUps []huoshui.FollowUp
	// Tasks are the open supervision tasks the member leads or helps
	// with, soonest deadline first, each with its days left.
	Tasks []taskRow
	// Loans are the books the member has out, soonest due first (the
	// book corner's reminders: loans.go).
	Loans []loanRow
	// DuesWarning is the member's own warning on dues (dues_mine.go).
	DuesWarning string
}

// orgCard sums up one node a user works in: its members and what the rules
// still ask of it.
type orgCard struct {
	Org      *huoshui.Org
	Members  int
	Full     int
	Counts   store.OrgCounts // 党员 apart from those on the way in
	Warnings []string
	// Actions are the warnings of the node and its subtree (terms ending,
	// branches too small, committees missing), each with where to act;
	// MoreActions how many nodes with warnings are not listed.
	Actions     []warningAction
	MoreActions int
	// Organisational life this year, for the org's officers: the
	// compliance summary and what needs attention.
	Life      *rules.Summary
	Reminders []homeReminder
	LifeHTML  template.HTML // "home-life": the two above, rendered
	// Tasks says, for the org's officers, how many of its subtree's tasks
	// are overdue and how many fall due within SoonDays, by SoonTo.
	Tasks    *store.TaskAlerts
	SoonDays int
	SoonTo   huoshui.Date
	// BooksOverdue is, for a branch's officers, how many of its book
	// corner's copies are out past their due day (the keeper's list).
	BooksOverdue int
	// Transfers: moves into the branch waiting for its answer and letters
	// whose receipt is overdue, for those who handle its transfers.
	Transfers *store.TransferAlerts
}

// homeLife renders the organisational life part of an officer's card: the
// year's compliance summary and the reminders, a branch's speaking for its
// party groups too (a committee's would be a roll-up, which its calendar
// page is). It is kept until the org's life version moves or the day
// changes, as the calendar is: every officer's home shows it.
func (s *Server) homeLife(r *http.Request, page *Page, c *orgCard, today huoshui.Date) (template.HTML, error) {
	ctx := r.Context()
	o := c.Org
	v, err := s.store.LifeVersion(ctx, o.ID)
	if err != nil {
		return "", err
	}
	key := homeLifeKey{Org: o.ID, LifeVersion: v, Day: today, Lang: page.Lang}
	if h, ok := s.kept.get(key, s.now()); ok {
		return h, nil
	}
	life, err := s.complianceOf(ctx, o, today.Year(), o.Kind == huoshui.OrgBranch)
	if err != nil {
		return "", err
	}
	for _, l := range life {
		if l.Org.ID == o.ID {
			c.Life = &l.Summary
		}
		c.Reminders = append(c.Reminders, s.homeReminders(page.Lang, l, l.Org.ID != o.ID)...)
	}
	h, err := s.fragment("home", key.fragment(), struct {
		*Page
		Card *orgCard
	}{page, c})
	if err != nil {
		return "", err
	}
	s.kept.put(key, h, time.Time{})
	return h, nil
}

// homeLifeKey is every input of a card's "home-life": the org and its life
// version (its meetings, its groups, its kind and date of founding), the
// day (this year, what is due and overdue, the days left) and the
// language. The card is shown only to those who may edit the org's
// records, who all see the same.
type homeLifeKey struct {
	Org         int64
	LifeVersion int64
	Day         huoshui.Date
	Lang        string
}

func (homeLifeKey) fragment() string { return "home-life" }

func (s *Server) today() huoshui.Date { return huoshui.DateOf(s.now().In(chinaTime)) }

// home shows each user what they work on: officers and organisers their
// nodes with counts and warnings, members their own record and branch,
// administrators their tools.
func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := userFrom(ctx)
	lang := langFrom(r)
	p := &homePage{}
	seen := map[int64]bool{}
	var ids []int64
	for _, role := range u.Roles {
		if (role.Kind.Officer() || role.Kind == huoshui.RoleOrganiser) && !seen[role.OrgID] {
			seen[role.OrgID] = true
			ids = append(ids, role.OrgID)
		}
	}
	if u.MemberID != 0 {
		m, err := s.store.FindMemberByID(ctx, auth.Scope(u, auth.ViewMember), u.MemberID)
		if err != nil && !errors.Is(err, huoshui.ErrNotFound) {
			return err
		}
		if m != nil && m.ArchivedAt == nil {
			p.Me = m
			if !seen[m.OrgID] {
				seen[m.OrgID] = true
				ids = append(ids, m.OrgID)
			}
		}
	}
	orgs, err := s.store.FindOrgsByIDs(ctx, ids)
	if err != nil {
		return err
	}
	var shown []*huoshui.Org
	for _, id := range ids {
		if o, ok := orgs[id]; ok && o.ArchivedAt == nil {
			shown = append(shown, o)
		}
	}
	counts, err := s.store.OrgCountsOf(ctx, shown) // one query for every card
	if err != nil {
		return err
	}
	today := s.today()
	s.prepare(r, &p.Page)
	for _, o := range shown {
		c := orgCard{Org: o, Members: counts[o.ID].Members, Full: counts[o.ID].Full, Counts: counts[o.ID]}
		if auth.Can(u, auth.ViewMember, auth.Object{OrgPath: o.Path}) {
			c.Warnings = s.warnings(lang, rules.OrgWarnings(o, today))
			if c.Actions, c.MoreActions, err = s.warningActions(r, o, today); err != nil {
				return err
			}
		}
		if auth.Can(u, auth.EditRecord, auth.Object{OrgPath: o.Path}) {
			if c.LifeHTML, err = s.homeLife(r, &p.Page, &c, today); err != nil {
				return err
			}
			if o.Kind != huoshui.OrgGroup {
				c.SoonDays = slices.Max(rules.TaskLeadDays)
				c.SoonTo = today.AddDate(0, 0, c.SoonDays)
				a, err := s.store.TaskAlertsOf(ctx, o, today, c.SoonDays)
				if err != nil {
					return err
				}
				c.Tasks = &a
			}
			if o.Kind == huoshui.OrgBranch {
				if c.BooksOverdue, err = s.store.CountOverdueLoans(ctx, o.ID, today); err != nil {
					return err
				}
			}
		}
		if c.Transfers, err = s.homeTransfers(r, o); err != nil {
			return err
		}
		p.Cards = append(p.Cards, c)
	}
	if p.Me != nil {
		if err := s.homeAgenda(r, p); err != nil {
			return err
		}
		if p.DuesWarning, err = s.homeDuesWarning(r); err != nil {
			return err
		}
	}
	if auth.CanAnywhere(u, auth.ManageAccounts) || auth.CanAnywhere(u, auth.ManageRoles) {
		p.Admin = append(p.Admin, navItem{Href: "/admin/users", Label: "nav.users"})
	}
	if auth.CanAnywhere(u, auth.ViewAudit) {
		p.Admin = append(p.Admin, navItem{Href: "/audit", Label: "nav.audit"})
	}
	return s.render(w, r, http.StatusOK, "home", p)
}

// warnings says each broken rule in lang.
func (s *Server) warnings(lang string, ws []rules.Warning) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = s.msgs.T(lang, "warning."+w.Code, w.Args...)
	}
	return out
}

// homeAgenda fills what a member has coming: the meetings they are
// invited to from now to two weeks ahead, soonest first, and the open
// follow-ups they own.
func (s *Server) homeAgenda(r *http.Request, p *homePage) error {
	ctx := r.Context()
	now := s.now()
	ms, _, err := s.store.FindMeetings(ctx, huoshui.MeetingFilter{Scope: huoshui.Scope{MemberID: p.Me.ID},
		From: now.Add(-3 * time.Hour), To: now.AddDate(0, 0, 14), Limit: 20})
	if err != nil {
		return err
	}
	slices.Reverse(ms)
	for _, m := range ms {
		if m.EndsAt.After(now) && len(p.Upcoming) < 5 {
			p.Upcoming = append(p.Upcoming, m)
		}
	}
	u := userFrom(ctx)
	if p.FollowUps, err = s.store.FindFollowUpsOwnedBy(ctx, auth.Scope(u, auth.ViewRecord), p.Me.ID, 10); err != nil {
		return err
	}
	ts, err := s.store.FindMemberTasks(ctx, auth.Scope(u, auth.ViewRecord), p.Me.ID, 10)
	if err != nil {
		return err
	}
	today := s.today()
	for _, t := range ts {
		p.Tasks = append(p.Tasks, newTaskRow(t, today))
	}
	p.Loans, err = s.memberLoans(r, p.Me.ID, today)
	return err
}
