package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/rules"
)

// Member development (发展党员): a branch's list of people on the way in,
// with what is next for each and by when; the organiser's pipeline of
// their subtree (counts per stage, what is overdue, the steps awaiting
// the higher committee); each person's file (development_file.go) and
// the form that records a step (development_edit.go).

// devRow is one person of a list: where their file stands on today.
type devRow struct {
	huoshui.DevRow
	Next     rules.StepSpec // the step that comes next (Number 0: the file is closed)
	Overdue  bool
	DaysLate int
	DaysLeft int
	Soon     bool // due within devSoonDays
	// AssessLate: an activist's half-yearly assessment is past its day.
	AssessLate bool
}

// devSoonDays is how near a deadline must be for a list to say "soon".
const devSoonDays = 14

func newDevRow(r huoshui.DevRow, today huoshui.Date) devRow {
	out := devRow{DevRow: r}
	if spec, ok := rules.StepOf(r.NextStep); ok && !r.Closed {
		out.Next = spec
	}
	if !r.NextDue.IsZero() && !r.Closed {
		if today.After(r.NextDue) {
			out.Overdue, out.DaysLate = true, r.NextDue.DaysUntil(today)
		} else {
			out.DaysLeft = today.DaysUntil(r.NextDue)
			out.Soon = out.DaysLeft <= devSoonDays
		}
	}
	out.AssessLate = !r.AssessDue.IsZero() && today.After(r.AssessDue) && r.NextStep < 7
	return out
}

type devListPage struct {
	Page
	Org         *huoshui.Org
	Rows        []devRow
	Stage       huoshui.DevStage
	Stages      []huoshui.DevStage
	Counts      map[huoshui.DevStage]int
	CanPipeline bool
	Today       huoshui.Date
}

// devOrg is the node a development page is about: ?org=ID, or the first
// node where the reader keeps a roster; a node outside their part of the
// tree is not found.
func (s *Server) devOrg(r *http.Request, scope huoshui.Scope, prefer ...huoshui.RoleKind) (*huoshui.Org, error) {
	if scope.Empty() {
		return nil, huoshui.ErrForbidden
	}
	u := userFrom(r.Context())
	raw := r.URL.Query().Get("org")
	if raw == "" {
		for _, role := range u.Roles {
			if scope.Covers(role.OrgPath, 0) && (len(prefer) == 0 || slices.Contains(prefer, role.Kind)) {
				return s.store.FindOrgByID(r.Context(), scope, role.OrgID)
			}
		}
		return nil, huoshui.ErrForbidden
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return nil, huoshui.ErrNotFound
	}
	return s.store.FindOrgByID(r.Context(), scope, id)
}

// developmentList shows a branch's people in development (a committee's:
// its whole subtree), filtered by stage.
func (s *Server) developmentList(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	scope := auth.DevScope(u)
	o, err := s.devOrg(r, scope)
	if err != nil {
		return err
	}
	today := s.today()
	p := &devListPage{Org: o, Stages: huoshui.DevStages, Today: today, Counts: map[huoshui.DevStage]int{}}
	if st := huoshui.DevStage(r.URL.Query().Get("stage")); st.Valid() {
		p.Stage = st
	}
	rows, err := s.store.FindDevPeople(r.Context(), huoshui.DevFilter{Scope: scope, OrgID: o.ID, Subtree: o.Kind != huoshui.OrgBranch})
	if err != nil {
		return err
	}
	for _, row := range rows {
		p.Counts[row.Stage]++
		if p.Stage == "" || row.Stage == p.Stage {
			p.Rows = append(p.Rows, newDevRow(row, today))
		}
	}
	p.CanPipeline = len(auth.ApproveScope(u).Paths) > 0
	p.Crumbs = s.orgCrumbs(r, o, "development.title")
	return s.render(w, r, http.StatusOK, "development_list", p)
}

type devPipelinePage struct {
	Page
	Org      *huoshui.Org
	Stages   []huoshui.DevStage
	Counts   map[huoshui.DevStage]int
	Total    int
	Overdue  []devRow
	Awaiting []devRow
	Today    huoshui.Date
}

// higherSteps are the steps the higher committee takes (rules.Steps).
func higherSteps() []int {
	var out []int
	for _, st := range rules.Steps {
		if st.Actor == huoshui.ActorHigher {
			out = append(out, st.Number)
		}
	}
	return out
}

// developmentPipeline is an organiser's view of their subtree: how many
// people stand at each stage, whose next step is overdue, and the steps
// awaiting the higher committee, each with its approve button.
func (s *Server) developmentPipeline(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	scope := auth.ApproveScope(u)
	o, err := s.devOrg(r, scope, huoshui.RoleOrganiser)
	if err != nil {
		return err
	}
	today := s.today()
	rows, err := s.store.FindDevPeople(r.Context(), huoshui.DevFilter{Scope: scope, OrgID: o.ID, Subtree: true})
	if err != nil {
		return err
	}
	p := &devPipelinePage{Org: o, Stages: huoshui.DevStages, Counts: map[huoshui.DevStage]int{}, Today: today, Total: len(rows)}
	higher := map[int]bool{}
	for _, n := range higherSteps() {
		higher[n] = true
	}
	for _, row := range rows {
		p.Counts[row.Stage]++
		d := newDevRow(row, today)
		if d.Overdue {
			p.Overdue = append(p.Overdue, d)
		}
		if higher[row.NextStep] && !row.Closed && row.HasFile &&
			auth.CanApproveDevStep(u, auth.Object{OrgPath: row.Member.OrgPath, MemberID: row.Member.ID}) &&
			(row.NextEarliest.IsZero() || !today.Before(row.NextEarliest)) {
			p.Awaiting = append(p.Awaiting, d)
		}
	}
	p.Crumbs = s.orgCrumbs(r, o, "development.pipeline")
	return s.render(w, r, http.StatusOK, "development_pipeline", p)
}

// devPath is a person's development file.
func devPath(memberID int64) string { return fmt.Sprintf("/development/%d", memberID) }
