package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
)

// memberInput is a member as a person typed it, in a form or a JSON body:
// dates still text, so a malformed one becomes a message next to its
// field rather than a failed request.
type memberInput struct {
	Name          string `json:"name"`
	Gender        string `json:"gender"`
	Ethnicity     string `json:"ethnicity"`
	BirthDate     string `json:"birth_date"`
	Education     string `json:"education"`
	IDNumber      string `json:"id_number"`
	Phone         string `json:"phone"`
	Workplace     string `json:"workplace"`
	Post          string `json:"post"`
	Status        string `json:"status"`
	AppliedOn     string `json:"applied_on"`
	ActivistOn    string `json:"activist_on"`
	CandidateOn   string `json:"candidate_on"`
	ProbationOn   string `json:"probation_on"`
	FullOn        string `json:"full_on"`
	OrgID         int64  `json:"org_id"`
	GroupID       int64  `json:"group_id"`
	CommitteePost string `json:"committee_post"`
}

// memberInputFromForm reads the member form. A select that does not hold
// a number is a wrong choice.
func memberInputFromForm(v url.Values, ve *huoshui.ValidationError) memberInput {
	id := func(field string) int64 {
		s := strings.TrimSpace(v.Get(field))
		if s == "" {
			return 0
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			ve.Add(field, "invalid_choice")
			return 0
		}
		return n
	}
	return memberInput{
		Name: v.Get("name"), Gender: v.Get("gender"), Ethnicity: v.Get("ethnicity"),
		BirthDate: v.Get("birth_date"), Education: v.Get("education"), IDNumber: v.Get("id_number"),
		Phone: v.Get("phone"), Workplace: v.Get("workplace"), Post: v.Get("post"), Status: v.Get("status"),
		AppliedOn: v.Get("applied_on"), ActivistOn: v.Get("activist_on"), CandidateOn: v.Get("candidate_on"),
		ProbationOn: v.Get("probation_on"), FullOn: v.Get("full_on"),
		OrgID: id("org_id"), GroupID: id("group_id"), CommitteePost: v.Get("committee_post"),
	}
}

// member turns the input into a record; dates that do not read are added
// to ve as "date_format", a year and month without a day as
// "date.year_month".
func (in memberInput) member(ve *huoshui.ValidationError) *huoshui.Member {
	date := func(field, s string) huoshui.Date {
		d, err := huoshui.ParseDate(strings.TrimSpace(huoshui.FoldWidth(s)))
		if _, yerr := huoshui.ParseDateText(s); err != nil && errors.Is(yerr, huoshui.ErrYearMonth) {
			ve.Add(field, "date.year_month")
		} else if err != nil {
			ve.Add(field, "date_format")
		}
		return d
	}
	return &huoshui.Member{
		OrgID: in.OrgID, GroupID: in.GroupID, Name: in.Name, Gender: huoshui.Gender(in.Gender),
		Ethnicity: in.Ethnicity, BirthDate: date("birth_date", in.BirthDate), Education: in.Education,
		IDNumber: in.IDNumber, Phone: in.Phone, Workplace: in.Workplace, Post: in.Post,
		Status:        huoshui.MemberStatus(in.Status),
		AppliedOn:     date("applied_on", in.AppliedOn),
		ActivistOn:    date("activist_on", in.ActivistOn),
		CandidateOn:   date("candidate_on", in.CandidateOn),
		ProbationOn:   date("probation_on", in.ProbationOn),
		FullOn:        date("full_on", in.FullOn),
		CommitteePost: huoshui.CommitteePost(in.CommitteePost),
	}
}

// update is every field of m as a MemberUpdate: the edit form sends them
// all. The branch is not among them: moving is a transfer.
func memberUpdateOf(m *huoshui.Member) huoshui.MemberUpdate {
	return huoshui.MemberUpdate{
		Name: &m.Name, Gender: &m.Gender, Ethnicity: &m.Ethnicity, BirthDate: &m.BirthDate,
		Education: &m.Education, IDNumber: &m.IDNumber, Phone: &m.Phone, Workplace: &m.Workplace,
		Post: &m.Post, Status: &m.Status, AppliedOn: &m.AppliedOn, ActivistOn: &m.ActivistOn,
		CandidateOn: &m.CandidateOn, ProbationOn: &m.ProbationOn, FullOn: &m.FullOn,
		GroupID: &m.GroupID, CommitteePost: &m.CommitteePost,
	}
}

// checkNewMember turns the input into a new member for the signed-in user
// and adds every problem to ve: the record must be valid and its branch
// one where the user may edit members.
func (s *Server) checkNewMember(r *http.Request, in memberInput, ve *huoshui.ValidationError) (*huoshui.Member, error) {
	ctx := r.Context()
	m := in.member(ve)
	ve.Merge(m.Validate())
	if m.OrgID != 0 && !ve.Has("org_id") {
		ok, err := s.canEditIn(ctx, userFrom(ctx), m.OrgID)
		if err != nil {
			return nil, err
		}
		if !ok {
			ve.Add("org_id", "member.org_not_branch")
		}
	}
	return m, nil
}

// createMember checks and stores a new member for the signed-in user.
// Every problem comes back at once as a *huoshui.ValidationError.
func (s *Server) createMember(r *http.Request, in memberInput, ve *huoshui.ValidationError) (*huoshui.Member, error) {
	m, err := s.checkNewMember(r, in, ve)
	if err != nil {
		return nil, err
	}
	if err := ve.Err(); err != nil {
		return nil, err
	}
	if err := s.store.CreateMember(r.Context(), s.actor(r), m); err != nil {
		return nil, err
	}
	return m, nil
}

// canEditIn reports whether u may edit members in the node orgID. A node
// that does not exist is simply not allowed.
func (s *Server) canEditIn(ctx context.Context, u *huoshui.User, orgID int64) (bool, error) {
	_, err := s.store.FindOrgByID(ctx, auth.Scope(u, auth.EditMember), orgID)
	if errors.Is(err, huoshui.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// option is one choice of a select: its value and the message id of its
// label.
type option struct {
	Value, Label string
}

// branchGroups is a branch with its party groups, for an optgroup.
type branchGroups struct {
	Branch *huoshui.Org
	Groups []*huoshui.Org
}

type memberFormPage struct {
	Page
	Form        form
	M           *huoshui.Member // nil for a new member
	Branches    []*huoshui.Org  // where the user may add members
	Groups      []branchGroups
	Genders     []option
	Educations  []option
	Statuses    []option
	Posts       []option
	CanTransfer bool
}

// Action is where the form posts.
func (p *memberFormPage) Action() string {
	if p.M == nil {
		return "/members"
	}
	return fmt.Sprintf("/members/%d", p.M.ID)
}

// formField is what the form's field templates need to draw one field.
type formField struct {
	P       *Page
	Form    form
	Name    string
	Type    string
	Req     bool
	Help    string // message id, or ""
	Max     int    // maxlength, or 0
	Options []option
	Empty   string // message id of the empty choice, or ""
	Focus   bool   // the first field with a problem: focused when the page opens
}

// memberFieldOrder is the member form's fields as the page shows them, so
// the summary of problems reads in the order of the form.
var memberFieldOrder = []string{"name", "gender", "ethnicity", "birth_date", "education", "id_number", "phone",
	"workplace", "post", "org_id", "group_id", "committee_post", "status",
	"applied_on", "activist_on", "candidate_on", "probation_on", "full_on"}

// fieldProblem is one line of the summary above a refused form: the
// field's label, what is wrong, and the field's id to link to.
type fieldProblem struct {
	ID, Label, Message string
}

// Summary lists the form's problems in the order of its fields, each
// linking to its field.
func (p *memberFormPage) Summary() []fieldProblem {
	var out []fieldProblem
	for _, name := range memberFieldOrder {
		if msg := p.Form.Err(name); msg != "" {
			out = append(out, fieldProblem{ID: name, Label: p.T("field." + name), Message: msg})
		}
	}
	return out
}

// FirstError is the first field with a problem, or "".
func (p *memberFormPage) FirstError() string {
	for _, name := range memberFieldOrder {
		if p.Form.Err(name) != "" {
			return name
		}
	}
	return ""
}

// fillFromIDNumber shows what the ID number says in an empty gender and
// birth date, as the record will take them when it is saved.
func fillFromIDNumber(v url.Values) {
	id := huoshui.NormalizeIDNumber(v.Get("id_number"))
	if huoshui.CheckIDNumber(id) != "" {
		return
	}
	if strings.TrimSpace(v.Get("gender")) == "" {
		v.Set("gender", string(huoshui.IDNumberGender(id)))
	}
	if strings.TrimSpace(v.Get("birth_date")) == "" {
		v.Set("birth_date", huoshui.IDNumberBirthDate(id).String())
	}
}

// memberFieldMax is the longest each text field may be, as Validate says.
var memberFieldMax = map[string]int{"name": 40, "id_number": 18, "workplace": 100, "post": 60, "ethnicity": 20}

// Field describes a text or date input.
func (p *memberFormPage) Field(name, typ string, req bool, help string) formField {
	return formField{P: &p.Page, Form: p.Form, Name: name, Type: typ, Req: req, Help: help, Max: memberFieldMax[name],
		Focus: name == p.FirstError()}
}

// Select describes a select of options.
func (p *memberFormPage) Select(name string, opts []option, req bool, empty string) formField {
	return formField{P: &p.Page, Form: p.Form, Name: name, Req: req, Options: opts, Empty: empty, Focus: name == p.FirstError()}
}

func (s *Server) newMemberFormPage(f form) *memberFormPage {
	if f.Any() {
		fillFromIDNumber(f.Values)
	}
	p := &memberFormPage{Form: f}
	p.Genders = []option{{string(huoshui.Male), "gender.male"}, {string(huoshui.Female), "gender.female"}}
	for _, e := range huoshui.Educations {
		p.Educations = append(p.Educations, option{e, "education." + e})
	}
	for _, st := range huoshui.MemberStatuses {
		p.Statuses = append(p.Statuses, option{string(st), "status." + string(st)})
	}
	for _, c := range huoshui.CommitteePosts {
		p.Posts = append(p.Posts, option{string(c), "post." + string(c)})
	}
	return p
}

// editableBranches lists the branches where u may add members, and their
// groups.
func (s *Server) editableBranches(ctx context.Context, u *huoshui.User) ([]*huoshui.Org, []branchGroups, error) {
	scope := auth.Scope(u, auth.EditMember)
	if len(scope.Paths) == 0 {
		return nil, nil, nil
	}
	branches, err := s.store.FindOrgs(ctx, huoshui.OrgFilter{Scope: scope, Kind: huoshui.OrgBranch})
	if err != nil {
		return nil, nil, err
	}
	groups, err := s.store.FindOrgs(ctx, huoshui.OrgFilter{Scope: scope, Kind: huoshui.OrgGroup})
	if err != nil {
		return nil, nil, err
	}
	byParent := map[int64][]*huoshui.Org{}
	for _, g := range groups {
		byParent[g.ParentID] = append(byParent[g.ParentID], g)
	}
	var out []branchGroups
	for _, b := range branches {
		if gs := byParent[b.ID]; len(gs) > 0 {
			out = append(out, branchGroups{Branch: b, Groups: gs})
		}
	}
	return branches, out, nil
}

// renderNewMember shows the new-member form with status code.
func (s *Server) renderNewMember(w http.ResponseWriter, r *http.Request, code int, f form) error {
	p := s.newMemberFormPage(f)
	var err error
	if p.Branches, p.Groups, err = s.editableBranches(r.Context(), userFrom(r.Context())); err != nil {
		return err
	}
	p.Crumbs = []crumb{{Href: "/members", Label: s.msgs.T(langFrom(r), "nav.members")}, {Label: s.msgs.T(langFrom(r), "members.new")}}
	return s.render(w, r, code, "member_form", p)
}

func (s *Server) memberNew(w http.ResponseWriter, r *http.Request) error {
	if !auth.CanAnywhere(userFrom(r.Context()), auth.EditMember) {
		return huoshui.ErrForbidden
	}
	v := url.Values{}
	v.Set("ethnicity", "汉族")
	v.Set("status", string(huoshui.StatusFull))
	if org := r.URL.Query().Get("org"); org != "" {
		v.Set("org_id", org)
	}
	f := newForm(v)
	return s.renderNewMember(w, r, http.StatusOK, f)
}

func (s *Server) memberCreate(w http.ResponseWriter, r *http.Request) error {
	if !auth.CanAnywhere(userFrom(r.Context()), auth.EditMember) {
		return huoshui.ErrForbidden
	}
	return submit(s, w, r, formFlow[*huoshui.Member]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*huoshui.Member, error) {
			return s.checkNewMember(r, memberInputFromForm(v, ve), ve)
		},
		Save:  func(m *huoshui.Member) error { return s.store.CreateMember(r.Context(), s.actor(r), m) },
		Page:  func(code int, f form) error { return s.renderNewMember(w, r, code, f) },
		Flash: "members.created",
		Next:  memberPath,
	})
}

// memberPath is the address of a member's page.
func memberPath(m *huoshui.Member) string { return fmt.Sprintf("/members/%d", m.ID) }

// findEditableMember loads a current member the user may edit; anyone
// else is "not found", an archived one a conflict.
func (s *Server) findEditableMember(r *http.Request, a auth.Action) (*huoshui.Member, error) {
	m, err := s.findVisibleMember(r, a)
	if err != nil {
		return nil, err
	}
	if m.ArchivedAt != nil {
		return nil, fmt.Errorf("member %d is archived: %w", m.ID, huoshui.ErrConflict)
	}
	return m, nil
}

// memberValues is a stored member as the form shows it.
func memberValues(m *huoshui.Member) url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("name", m.Name)
	set("gender", string(m.Gender))
	set("ethnicity", m.Ethnicity)
	set("birth_date", m.BirthDate.String())
	set("education", m.Education)
	set("id_number", m.IDNumber)
	set("phone", m.Phone)
	set("workplace", m.Workplace)
	set("post", m.Post)
	set("status", string(m.Status))
	for _, st := range m.StageDates() {
		set(st.Field, st.Date.String())
	}
	set("org_id", strconv.FormatInt(m.OrgID, 10))
	if m.GroupID != 0 {
		set("group_id", strconv.FormatInt(m.GroupID, 10))
	}
	set("committee_post", string(m.CommitteePost))
	return v
}

// renderEditMember shows the edit form for m with status code.
func (s *Server) renderEditMember(w http.ResponseWriter, r *http.Request, code int, m *huoshui.Member, f form) error {
	u := userFrom(r.Context())
	p := s.newMemberFormPage(f)
	p.M = m
	p.CanTransfer = auth.Can(u, auth.TransferMember, memberObject(m))
	groups, err := s.store.FindOrgs(r.Context(), huoshui.OrgFilter{Scope: auth.Scope(u, auth.EditMember), ParentID: m.OrgID, Kind: huoshui.OrgGroup})
	if err != nil {
		return err
	}
	if len(groups) > 0 {
		p.Groups = []branchGroups{{Branch: &huoshui.Org{ID: m.OrgID, Name: m.OrgName}, Groups: groups}}
	}
	p.Crumbs = s.memberCrumbs(r, m, "action.edit")
	return s.render(w, r, code, "member_form", p)
}

func (s *Server) memberEdit(w http.ResponseWriter, r *http.Request) error {
	m, err := s.findEditableMember(r, auth.EditMember)
	if err != nil {
		return err
	}
	return s.renderEditMember(w, r, http.StatusOK, m, newForm(memberValues(m)))
}

func (s *Server) memberUpdate(w http.ResponseWriter, r *http.Request) error {
	m, err := s.findEditableMember(r, auth.EditMember)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[huoshui.MemberUpdate]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (huoshui.MemberUpdate, error) {
			in := memberInputFromForm(v, ve)
			in.OrgID = m.OrgID
			upd := memberUpdateOf(in.member(ve))
			if ve.Err() != nil {
				// Show the other problems too, as the store would find them.
				check := *m
				upd.Apply(&check)
				ve.Merge(check.Validate())
			}
			return upd, nil
		},
		Save: func(upd huoshui.MemberUpdate) error {
			_, err := s.store.UpdateMember(r.Context(), s.actor(r), m.ID, upd)
			return err
		},
		Page: func(code int, f form) error {
			f.Values.Set("org_id", strconv.FormatInt(m.OrgID, 10))
			return s.renderEditMember(w, r, code, m, f)
		},
		Flash: "members.saved",
		Next:  func(huoshui.MemberUpdate) string { return memberPath(m) },
	})
}
