package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/rules"
)

// The annual appraisal (民主评议党员): a branch's rounds, one a year, and
// each member's grade. Grades are private: the branch's officers and
// organisers above see a round (auth.CanManageAppraisal); a member sees
// only their own results, on their own record. No page ranks people.

type appraisalsPage struct {
	Page
	Org    *huoshui.Org
	Rounds []*huoshui.AppraisalRound
	Form   form
}

// appraisalOrg is the branch of an appraisal page, when the user may
// manage its appraisal; a node outside the user's view is not found.
func (s *Server) appraisalOrg(r *http.Request) (*huoshui.Org, error) {
	o, err := s.findVisibleOrg(r)
	if err != nil {
		return nil, err
	}
	if !auth.CanManageAppraisal(userFrom(r.Context()), o) {
		return nil, huoshui.ErrForbidden
	}
	return o, nil
}

func (s *Server) orgAppraisals(w http.ResponseWriter, r *http.Request) error {
	o, err := s.appraisalOrg(r)
	if err != nil {
		return err
	}
	v := url.Values{"year": {strconv.Itoa(s.today().Year() - 1)}}
	return s.renderAppraisals(w, r, http.StatusOK, o, newForm(v))
}

func (s *Server) renderAppraisals(w http.ResponseWriter, r *http.Request, code int, o *huoshui.Org, f form) error {
	rounds, err := s.store.FindAppraisalRounds(r.Context(), auth.Scope(userFrom(r.Context()), auth.EditRecord), o.ID)
	if err != nil {
		return err
	}
	p := &appraisalsPage{Org: o, Rounds: rounds, Form: f}
	p.Crumbs = s.orgCrumbs(r, o, "appraisal.title")
	return s.render(w, r, code, "appraisal_list", p)
}

// appraisalCreate opens the appraisal of a year.
func (s *Server) appraisalCreate(w http.ResponseWriter, r *http.Request) error {
	o, err := s.appraisalOrg(r)
	if err != nil {
		return err
	}
	if o.ArchivedAt != nil {
		return huoshui.ErrForbidden
	}
	today := s.today()
	return submit(s, w, r, formFlow[*huoshui.AppraisalRound]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*huoshui.AppraisalRound, error) {
			a := &huoshui.AppraisalRound{OrgID: o.ID, Note: v.Get("note"),
				SelfReviewOn:   readDate(v, "self_review_on", false, ve),
				MutualReviewOn: readDate(v, "mutual_review_on", false, ve),
				VoteOn:         readDate(v, "vote_on", false, ve)}
			y, err := strconv.Atoi(strings.TrimSpace(huoshui.FoldWidth(v.Get("year"))))
			if err != nil {
				ve.Add("year", "appraisal.year_range")
			}
			a.Year = y
			if y > today.Year() {
				ve.Add("year", "appraisal.year_future")
			}
			for _, f := range []struct {
				name string
				d    huoshui.Date
			}{{"self_review_on", a.SelfReviewOn}, {"mutual_review_on", a.MutualReviewOn}, {"vote_on", a.VoteOn}} {
				if f.d.After(today) {
					ve.Add(f.name, "election.date_future")
				}
			}
			return a, nil
		},
		Save:  func(a *huoshui.AppraisalRound) error { return s.store.CreateAppraisalRound(r.Context(), s.actor(r), a) },
		Page:  func(code int, f form) error { return s.renderAppraisals(w, r, code, o, f) },
		Flash: "appraisal.round_saved",
		Next:  func(a *huoshui.AppraisalRound) string { return fmt.Sprintf("/appraisals/%d", a.ID) },
	})
}

// appraisalRow is one member of the branch in a round: their grade, or
// none yet.
type appraisalRow struct {
	Member *huoshui.Member
	Result *huoshui.Appraisal
}

type appraisalPage struct {
	Page
	Round     *huoshui.AppraisalRound
	Org       *huoshui.Org
	Rows      []appraisalRow
	Counts    map[huoshui.AppraisalGrade]int
	Grades    []huoshui.AppraisalGrade
	Members   int // the branch's 党员 (full and probationary)
	Max       int // of them, at most this many 优秀
	Graded    int
	Excellent int
	Editing   *appraisalRow // the member whose grade the form enters
	Form      form
	CanChange bool
}

// findRound reads the round in the path through the reader's right to
// manage appraisals: a round is not there for anyone else.
func (s *Server) findRound(r *http.Request) (*huoshui.AppraisalRound, *huoshui.Org, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, nil, err
	}
	u := userFrom(r.Context())
	a, err := s.store.FindAppraisalRoundByID(r.Context(), auth.Scope(u, auth.EditRecord), id)
	if err != nil {
		return nil, nil, err
	}
	o, err := s.store.FindOrgByID(r.Context(), huoshui.Everything(), a.OrgID)
	if err != nil {
		return nil, nil, err
	}
	if !auth.CanManageAppraisal(u, o) {
		return nil, nil, huoshui.ErrNotFound
	}
	return a, o, nil
}

// appraisalData reads a round's page: the branch's 党员 and their grades.
func (s *Server) appraisalData(r *http.Request, a *huoshui.AppraisalRound, o *huoshui.Org) (*appraisalPage, error) {
	ctx := r.Context()
	results, err := s.store.FindRoundAppraisals(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	byMember := map[int64]*huoshui.Appraisal{}
	for _, x := range results {
		byMember[x.MemberID] = x
	}
	p := &appraisalPage{Round: a, Org: o, Counts: map[huoshui.AppraisalGrade]int{}, Grades: huoshui.AppraisalGrades,
		Members: o.PartyCount, Max: rules.MaxExcellent(o.PartyCount), Graded: len(results),
		CanChange: o.ArchivedAt == nil}
	for _, x := range results {
		p.Counts[x.Grade]++
	}
	p.Excellent = p.Counts[huoshui.GradeExcellent]
	for _, st := range []huoshui.MemberStatus{huoshui.StatusFull, huoshui.StatusProbationary} {
		ms, _, err := s.store.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Everything(), OrgID: o.ID, Status: st,
			Sort: "name", Limit: 1000})
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			p.Rows = append(p.Rows, appraisalRow{Member: m, Result: byMember[m.ID]})
			delete(byMember, m.ID)
		}
	}
	// Those graded who have since left the branch or the party stay on
	// the year's record.
	for _, x := range results {
		if _, left := byMember[x.MemberID]; left {
			p.Rows = append(p.Rows, appraisalRow{Member: &huoshui.Member{ID: x.MemberID, Name: x.MemberName}, Result: x})
		}
	}
	p.Crumbs = s.orgCrumbs(r, o, "appraisal.title")
	p.Crumbs[len(p.Crumbs)-1].Href = fmt.Sprintf("/orgs/%d/appraisals", o.ID)
	p.Crumbs = append(p.Crumbs, crumb{Label: s.msgs.T(langFrom(r), "appraisal.of_year", "Year", a.Year)})
	return p, nil
}

func (s *Server) appraisalView(w http.ResponseWriter, r *http.Request) error {
	a, o, err := s.findRound(r)
	if err != nil {
		return err
	}
	p, err := s.appraisalData(r, a, o)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "appraisal_view", p)
}

// appraisalGradeForm and appraisalGrade enter one member's grade.
func (s *Server) appraisalGradeForm(w http.ResponseWriter, r *http.Request) error {
	a, o, err := s.findRound(r)
	if err != nil {
		return err
	}
	return s.renderGrade(w, r, http.StatusOK, a, o, nil)
}

func (s *Server) renderGrade(w http.ResponseWriter, r *http.Request, code int, a *huoshui.AppraisalRound, o *huoshui.Org, f *form) error {
	mid, err := pathID(r, "mid")
	if err != nil {
		return err
	}
	p, err := s.appraisalData(r, a, o)
	if err != nil {
		return err
	}
	for i := range p.Rows {
		if p.Rows[i].Member.ID == mid && p.Rows[i].Member.Status != "" {
			p.Editing = &p.Rows[i]
		}
	}
	if p.Editing == nil || !p.CanChange {
		return huoshui.ErrNotFound
	}
	if f != nil {
		p.Form = *f
	} else {
		v := url.Values{}
		if x := p.Editing.Result; x != nil {
			v.Set("grade", string(x.Grade))
			v.Set("note", x.Note)
		}
		p.Form = newForm(v)
	}
	return s.render(w, r, code, "appraisal_grade", p)
}

func (s *Server) appraisalGrade(w http.ResponseWriter, r *http.Request) error {
	a, o, err := s.findRound(r)
	if err != nil {
		return err
	}
	mid, err := pathID(r, "mid")
	if err != nil {
		return err
	}
	if o.ArchivedAt != nil {
		return huoshui.ErrNotFound
	}
	return submit(s, w, r, formFlow[*huoshui.Appraisal]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*huoshui.Appraisal, error) {
			x := &huoshui.Appraisal{MemberID: mid, Grade: huoshui.AppraisalGrade(v.Get("grade")), Note: strings.TrimSpace(v.Get("note"))}
			if x.Grade == "" {
				ve.Add("grade", "required")
			}
			return x, nil
		},
		Save: func(x *huoshui.Appraisal) error {
			return s.store.GradeAppraisal(r.Context(), s.actor(r), a.ID, x, func(n, members int) error {
				return ruleValidation(rules.CheckExcellentCap(n, members), "grade")
			})
		},
		Page:      func(code int, f form) error { return s.renderGrade(w, r, code, a, o, &f) },
		Flash:     "appraisal.graded",
		FlashArgs: func(x *huoshui.Appraisal) []any { return []any{"Name", x.MemberName} },
		Next:      func(*huoshui.Appraisal) string { return fmt.Sprintf("/appraisals/%d", a.ID) },
	})
}

// memberAppraisals are the results shown on a member's record: to the
// member themself and to those who manage their branch's appraisal.
func (s *Server) memberAppraisals(r *http.Request, m *huoshui.Member) ([]*huoshui.Appraisal, error) {
	u := userFrom(r.Context())
	var branch *huoshui.Org
	if u == nil || u.MemberID != m.ID {
		b, err := s.store.FindOrgByID(r.Context(), huoshui.Everything(), m.OrgID)
		if err != nil {
			return nil, err
		}
		branch = b
	}
	if !auth.CanSeeMemberAppraisals(u, m, branch) {
		return nil, nil
	}
	return s.store.FindMemberAppraisals(r.Context(), m.ID)
}
