package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
)

// electionRows is how many candidate rows the election form offers: a
// committee has at most seven, and a contested election a few more.
const electionRows = 10

type electionFormPage struct {
	Page
	Org     *huoshui.Org
	Form    form
	Members []*huoshui.Member // the node's full members, who may be elected
	Rows    []int
	Posts   []huoshui.CommitteePost
	Village bool
}

// electionOrg is the node of an election form, when the user may record
// its election.
func (s *Server) electionOrg(r *http.Request) (*huoshui.Org, error) {
	o, err := s.findVisibleOrg(r)
	if err != nil {
		return nil, err
	}
	if !auth.CanRecordElection(userFrom(r.Context()), o) {
		return nil, huoshui.ErrForbidden
	}
	return o, nil
}

func (s *Server) electionNew(w http.ResponseWriter, r *http.Request) error {
	o, err := s.electionOrg(r)
	if err != nil {
		return err
	}
	village, err := s.store.OrgVillage(r.Context(), o.ID)
	if err != nil {
		return err
	}
	v := url.Values{}
	if village {
		v.Set("village", "1")
	}
	return s.renderElectionForm(w, r, http.StatusOK, o, newForm(v))
}

func (s *Server) renderElectionForm(w http.ResponseWriter, r *http.Request, code int, o *huoshui.Org, f form) error {
	ms, _, err := s.store.FindMembers(r.Context(), huoshui.MemberFilter{Scope: huoshui.Everything(), OrgID: o.ID,
		Status: huoshui.StatusFull, Sort: "name", Limit: 500})
	if err != nil {
		return err
	}
	p := &electionFormPage{Org: o, Form: f, Members: ms, Posts: huoshui.CommitteePosts}
	for i := 1; i <= electionRows; i++ {
		p.Rows = append(p.Rows, i)
	}
	p.Crumbs = s.orgCrumbs(r, o, "election.title")
	p.Crumbs[len(p.Crumbs)-1].Href = fmt.Sprintf("/orgs/%d/elections", o.ID)
	p.Crumbs = append(p.Crumbs, crumb{Label: s.msgs.T(langFrom(r), "election.new")})
	return s.render(w, r, code, "election_form", p)
}

// electionCreate records an election and makes its committee the one in
// office.
func (s *Server) electionCreate(w http.ResponseWriter, r *http.Request) error {
	o, err := s.electionOrg(r)
	if err != nil {
		return err
	}
	today := s.today()
	return submit(s, w, r, formFlow[*huoshui.Election]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*huoshui.Election, error) {
			return readElection(v, o, today, ve), nil
		},
		Save: func(e *huoshui.Election) error {
			return s.store.RecordElection(r.Context(), s.actor(r), e, electionPlan)
		},
		Page:  func(code int, f form) error { return s.renderElectionForm(w, r, code, o, f) },
		Flash: "election.saved",
		Next:  func(*huoshui.Election) string { return fmt.Sprintf("/orgs/%d/elections", o.ID) },
	})
}

// readElection reads the election form: the day (not after today), the
// counts, the approval of an early or late election, and the candidate
// rows that name a member.
func readElection(v url.Values, o *huoshui.Org, today huoshui.Date, ve *huoshui.ValidationError) *huoshui.Election {
	e := &huoshui.Election{OrgID: o.ID, Village: v.Get("village") != "",
		HeldOn:            readDate(v, "held_on", true, ve),
		Eligible:          readCount(v, "eligible", ve),
		Present:           readCount(v, "present", ve),
		TimingApprovedOn:  readDate(v, "timing_approved_on", false, ve),
		TimingApprovalDoc: v.Get("timing_approval_doc"),
		Note:              v.Get("note"),
	}
	if e.HeldOn.After(today) {
		ve.Add("held_on", "election.date_future")
	}
	if e.TimingApprovedOn.After(today) {
		ve.Add("timing_approved_on", "election.date_future")
	}
	if !e.TimingApprovedOn.IsZero() && strings.TrimSpace(e.TimingApprovalDoc) == "" {
		ve.Add("timing_approval_doc", "required")
	}
	for i := 1; i <= electionRows; i++ {
		n := strconv.Itoa(i)
		raw := strings.TrimSpace(v.Get("cand_member_" + n))
		if raw == "" {
			continue
		}
		id, err := strconv.ParseInt(raw, 10, 64)
		c := huoshui.ElectionCandidate{MemberID: id, Post: huoshui.CommitteePost(v.Get("cand_post_" + n))}
		row := len(e.Candidates) + 1
		if err != nil || id <= 0 {
			ve.Fields = append(ve.Fields, huoshui.FieldError{Field: "cand_member", Code: "invalid_choice", Row: row})
		}
		votes := strings.TrimSpace(huoshui.FoldWidth(v.Get("cand_votes_" + n)))
		if c.Votes, err = strconv.Atoi(votes); err != nil {
			code := "number_format"
			if votes == "" {
				code = "required"
			}
			ve.Fields = append(ve.Fields, huoshui.FieldError{Field: "cand_votes", Code: code, Row: row})
		}
		e.Candidates = append(e.Candidates, c)
	}
	return e
}
