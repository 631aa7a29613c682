package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/rules"
)

// A person's development file: the 25 steps as a timeline (each taken
// with its day, who acted and its papers; the step now due marked as
// the current one, with its deadline and its rule in words), and the form
// that records it for those whose step it is.

// devStepView is one of the 25 steps as the file shows it.
type devStepView struct {
	Spec    rules.StepSpec
	Taken   []devTaken
	Current bool // the step the file waits for
	Stage   bool // the first step of its stage: the stage's heading goes before it
}

// devTaken is one record of a step with its papers.
type devTaken struct {
	huoshui.DevStep
	Papers []huoshui.Attachment
	// Removable: the reader may record this step, so may take its papers
	// off the file.
	Removable bool
}

type devFilePage struct {
	Page
	attachmentsView
	Person   *huoshui.Member
	Steps    []devStepView
	Progress rules.Progress
	Next     *rules.Next
	// Choices are the steps the form may record: the next one, and the
	// half-yearly assessment again while the person is an activist.
	Choices   []rules.StepSpec
	CanRecord bool // the reader may record the next step
	Higher    bool // the next step is the higher committee's
	// FullMembers are the branch's full members, the mentors and
	// introducers to choose from.
	FullMembers []*huoshui.Member
	Form        form
	Today       huoshui.Date
	ActedBy     string // what the form suggests as who acted
}

// findDevFile reads the file of the person in the path through the
// reader's view of members: anyone else's is not found.
func (s *Server) findDevFile(r *http.Request) (*huoshui.DevFile, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.store.FindDevFile(r.Context(), auth.Scope(userFrom(r.Context()), auth.ViewMember), id)
}

func rulesFile(f *huoshui.DevFile) rules.DevFile {
	return rules.DevFile{Person: *f.Person, Steps: f.Steps}
}

func (s *Server) developmentFile(w http.ResponseWriter, r *http.Request) error {
	f, err := s.findDevFile(r)
	if err != nil {
		return err
	}
	v := url.Values{}
	v.Set("date", s.today().String())
	return s.renderDevFile(w, r, http.StatusOK, f, newForm(v))
}

// devTimeline lays the 25 steps out with the file's records.
func devTimeline(f *huoshui.DevFile, next int) []devStepView {
	papers := map[int64][]huoshui.Attachment{}
	for _, x := range f.Papers {
		papers[x.DevStepID] = append(papers[x.DevStepID], x)
	}
	steps := slices.Clone(f.Steps)
	slices.SortStableFunc(steps, func(a, b huoshui.DevStep) int { return a.Date.Time().Compare(b.Date.Time()) })
	out := make([]devStepView, len(rules.Steps))
	for i, spec := range rules.Steps {
		out[i] = devStepView{Spec: spec, Current: spec.Number == next, Stage: i == 0 || rules.Steps[i-1].Stage != spec.Stage}
	}
	for _, st := range steps {
		if st.Step >= 1 && st.Step <= len(out) {
			out[st.Step-1].Taken = append(out[st.Step-1].Taken, devTaken{DevStep: st, Papers: papers[st.ID]})
		}
	}
	return out
}

func (s *Server) renderDevFile(w http.ResponseWriter, r *http.Request, code int, f *huoshui.DevFile, fm form) error {
	ctx := r.Context()
	u := userFrom(ctx)
	today := s.today()
	rf := rulesFile(f)
	p := &devFilePage{Person: f.Person, Progress: rules.ProgressOf(rf), Form: fm, Today: today}
	nextNum := 0
	if n, ok := rules.NextStep(rf, today); ok && f.Person.ArchivedAt == nil {
		p.Next, nextNum = &n, n.Step.Number
		p.Choices = []rules.StepSpec{n.Step}
		if p.Progress.Last == 6 {
			p.Choices = append([]rules.StepSpec{rules.Steps[5]}, p.Choices...)
		}
		p.Higher = n.Step.Actor == huoshui.ActorHigher
		o := auth.Object{OrgPath: f.Person.OrgPath, MemberID: f.Person.ID}
		p.CanRecord = auth.CanRecordDevStep(u, n.Step.Actor, o)
		if p.Progress.Last == 6 && !p.CanRecord {
			p.CanRecord = auth.CanRecordDevStep(u, huoshui.ActorBranch, o)
			p.Choices = p.Choices[:1]
		}
		p.ActedBy = s.devActedBy(ctx, u, f.Person, n.Step.Actor)
		if p.CanRecord && (n.Step.Number == 5 || n.Step.Number == 9) {
			var err error
			if p.FullMembers, err = s.devFullMembers(ctx, f.Person); err != nil {
				return err
			}
		}
	}
	p.Steps = devTimeline(f, nextNum)
	for i := range p.Steps {
		for j := range p.Steps[i].Taken {
			p.Steps[i].Taken[j].Removable = canRecordStep(u, f.Person, p.Steps[i].Spec.Number)
		}
	}
	p.Crumbs = s.memberCrumbs(r, f.Person, "development.file")
	return s.render(w, r, code, "development_file", p)
}

// devFullMembers are the full members of the person's branch, but the
// person: who may be named a mentor or an introducer.
func (s *Server) devFullMembers(ctx context.Context, m *huoshui.Member) ([]*huoshui.Member, error) {
	ms, _, err := s.store.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Scope{Paths: []string{m.OrgPath}},
		OrgID: m.OrgID, Status: huoshui.StatusFull, Sort: "name", Limit: 500})
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(ms, func(x *huoshui.Member) bool { return x.ID == m.ID }), nil
}

// devActedBy is who the form suggests took a step: the person for their
// own steps, their branch for the branch's, and for the higher
// committee's the node where the reader is an organiser above the branch.
func (s *Server) devActedBy(ctx context.Context, u *huoshui.User, m *huoshui.Member, actor huoshui.DevActor) string {
	switch actor {
	case huoshui.ActorPerson:
		return m.Name
	case huoshui.ActorHigher:
		for _, role := range u.Roles {
			if role.Kind == huoshui.RoleOrganiser && role.OrgPath != m.OrgPath && huoshui.PathWithin(m.OrgPath, role.OrgPath) {
				if role.OrgName != "" {
					return role.OrgName
				}
			}
		}
		return ""
	}
	return m.OrgName
}

// RuleText is the rule of step n in words, "" when it has none beyond
// its order.
func (p *devFilePage) RuleText(n int) string {
	id := "development.rule." + strconv.Itoa(n)
	if !p.msgs.Has(p.Lang, id) {
		return ""
	}
	return p.T(id)
}

// Unshown are the messages of a refused post when the page shows no form
// to put them beside (the next step is not the reader's to record, or
// the file is closed): without them a refusal would say nothing.
func (p *devFilePage) Unshown() []string {
	if !p.Form.Any() || (p.CanRecord && p.Next != nil) {
		return nil
	}
	var out []string
	for _, m := range p.Form.Errors {
		out = append(out, m)
	}
	slices.Sort(out)
	return out
}

// Chosen reports whether member id was picked in the form.
func (p *devFilePage) Chosen(id int64) bool {
	return slices.Contains(p.Form.Values["people"], strconv.FormatInt(id, 10))
}

// developmentPaper serves one paper of a file to those who may read it.
func (s *Server) developmentPaper(w http.ResponseWriter, r *http.Request) error {
	f, err := s.findDevFile(r)
	if err != nil {
		return err
	}
	return s.serveAttachment(w, r, attachmentHolder{
		page: devPath(f.Person.ID),
		find: func(ctx context.Context, aid int64) (*huoshui.Attachment, error) {
			return s.store.FindDevPaper(ctx, f.Person.ID, aid)
		},
	}, false)
}

type devPrintPage struct {
	Page
	Person *huoshui.Member
	Steps  []devStepView
	Today  huoshui.Date
}

// developmentPrint is the 发展党员纪实 to print on A4: the person's
// particulars, then the 25 steps with their days, who acted and the
// papers kept.
func (s *Server) developmentPrint(w http.ResponseWriter, r *http.Request) error {
	f, err := s.findDevFile(r)
	if err != nil {
		return err
	}
	p := &devPrintPage{Person: f.Person, Steps: devTimeline(f, 0), Today: s.today()}
	p.Crumbs = append(s.memberCrumbs(r, f.Person, ""), crumb{Label: s.msgs.T(langFrom(r), "development.print")})
	p.Crumbs[len(p.Crumbs)-2].Href = devPath(f.Person.ID)
	return s.render(w, r, http.StatusOK, "development_print", p)
}

// UploadProblems are the reasons the last upload was refused, one a file.
func (p *devFilePage) UploadProblems() []string { return uploadProblems(p.Form) }

// Join lists words with the reader's separator.
func (p *devFilePage) Join(xs []string) string { return strings.Join(xs, p.T("list.sep")) }

// PeopleNames lists the mentors or introducers of a step.
func (p *devFilePage) PeopleNames(ps []huoshui.DevPerson) string {
	names := make([]string, len(ps))
	for i, x := range ps {
		names[i] = x.Name
	}
	return p.Join(names)
}

// PeopleNames lists the mentors or introducers of a step.
func (p *devPrintPage) PeopleNames(ps []huoshui.DevPerson) string {
	names := make([]string, len(ps))
	for i, x := range ps {
		names[i] = x.Name
	}
	return strings.Join(names, p.T("list.sep"))
}

// PaperNames lists the names of a step's papers.
func (p *devPrintPage) PaperNames(xs []huoshui.Attachment) string {
	names := make([]string, len(xs))
	for i, x := range xs {
		names[i] = x.Name
	}
	return strings.Join(names, p.T("list.sep"))
}
