package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
)

// committeeTermYears is the term of a branch committee or a party
// committee: an election date without an end date gets this term.
const committeeTermYears = 3

// manageableOrg loads the node in the path for a change: 404 outside the
// user's view, 403 when they may see it but not change it (restructure
// asks for the right over its parent too: auth.CanRestructure), 409 once
// it is archived.
func (s *Server) manageableOrg(r *http.Request, restructure bool) (*huoshui.Org, error) {
	o, err := s.findVisibleOrg(r)
	if err != nil {
		return nil, err
	}
	u := userFrom(r.Context())
	allowed := auth.CanEditOrg(u, o)
	if restructure {
		allowed = auth.CanRestructure(u, o)
	}
	if !allowed {
		return nil, fmt.Errorf("org %d: %w", o.ID, huoshui.ErrForbidden)
	}
	if o.ArchivedAt != nil {
		return nil, fmt.Errorf("org %d is archived: %w", o.ID, huoshui.ErrConflict)
	}
	return o, nil
}

type orgFormPage struct {
	Page
	New    bool
	Org    *huoshui.Org // the node edited, or the parent of a new one
	Kinds  []huoshui.OrgKind
	Action string
	// ShowCommittee: the kind may have an elected committee (groups do not).
	ShowCommittee bool
	Form          form
}

// orgNew shows the form for a node under {id}, offering only the kinds it
// may hold.
func (s *Server) orgNew(w http.ResponseWriter, r *http.Request) error {
	parent, kinds, err := s.orgParentForNew(r)
	if err != nil {
		return err
	}
	v := url.Values{}
	if k := huoshui.OrgKind(r.URL.Query().Get("kind")); slices.Contains(kinds, k) {
		v.Set("kind", string(k))
	} else if len(kinds) == 1 {
		v.Set("kind", string(kinds[0]))
	}
	p := s.newOrgFormPage(r, parent, kinds, newForm(v))
	s.render(w, r, http.StatusOK, "org_form", p)
	return nil
}

func (s *Server) orgParentForNew(r *http.Request) (*huoshui.Org, []huoshui.OrgKind, error) {
	parent, err := s.manageableOrg(r, false)
	if err != nil {
		return nil, nil, err
	}
	kinds := childKinds(parent)
	if !auth.CanCreateUnder(userFrom(r.Context()), parent) {
		return nil, nil, fmt.Errorf("org %d holds no children: %w", parent.ID, huoshui.ErrForbidden)
	}
	return parent, kinds, nil
}

func (s *Server) newOrgFormPage(r *http.Request, parent *huoshui.Org, kinds []huoshui.OrgKind, f form) *orgFormPage {
	p := &orgFormPage{New: true, Org: parent, Kinds: kinds, Form: f,
		Action:        fmt.Sprintf("/orgs/%d/children", parent.ID),
		ShowCommittee: !slices.Equal(kinds, []huoshui.OrgKind{huoshui.OrgGroup})}
	p.Crumbs = s.orgCrumbs(r, parent, "orgs.new_title")
	return p
}

// orgCreate adds a node under {id}.
func (s *Server) orgCreate(w http.ResponseWriter, r *http.Request) error {
	parent, kinds, err := s.orgParentForNew(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := newForm(cloneValues(r.PostForm))
	p := s.newOrgFormPage(r, parent, kinds, f)
	kind := huoshui.OrgKind(r.PostForm.Get("kind"))
	o := &huoshui.Org{ParentID: parent.ID, Kind: kind, Name: r.PostForm.Get("name")}
	v := &huoshui.ValidationError{}
	if kind.Valid() && !parent.Kind.CanParent(kind) {
		v.Add("kind", "org.kind_under_parent")
	}
	if kind != huoshui.OrgGroup {
		o.CommitteeElectedOn, o.CommitteeTermEnds = readCommitteeDates(r.PostForm, v)
	}
	mergeValidation(v, o.Validate())
	if err := v.Err(); err != nil {
		s.addErrors(r, f, err)
		s.render(w, r, http.StatusUnprocessableEntity, "org_form", p)
		return nil
	}
	if err := s.store.CreateOrg(r.Context(), s.actor(r), o); err != nil {
		return s.orgFormFailed(w, r, p, err)
	}
	flash(w, "orgs.created")
	http.Redirect(w, r, fmt.Sprintf("/orgs/%d", o.ID), http.StatusSeeOther)
	return nil
}

// orgFormFailed re-renders the form for a refusal from the store and
// passes any other failure on.
func (s *Server) orgFormFailed(w http.ResponseWriter, r *http.Request, p *orgFormPage, err error) error {
	if s.addErrors(r, p.Form, err) {
		s.render(w, r, http.StatusUnprocessableEntity, "org_form", p)
		return nil
	}
	return err
}

// readCommitteeDates reads the committee's election and term-end dates
// from a form. A term end left empty is the election date plus the
// three-year term; a malformed date is a field error.
func readCommitteeDates(v url.Values, ve *huoshui.ValidationError) (elected, ends huoshui.Date) {
	read := func(field string) huoshui.Date {
		d, err := huoshui.ParseDate(strings.TrimSpace(v.Get(field)))
		if err != nil {
			ve.Add(field, "date_format")
		}
		return d
	}
	elected = read("committee_elected_on")
	ends = read("committee_term_ends")
	switch {
	case !elected.IsZero() && ends.IsZero() && !ve.Has("committee_term_ends"):
		ends = elected.AddDate(committeeTermYears, 0, 0)
	case elected.IsZero() && !ends.IsZero() && !ve.Has("committee_elected_on"):
		ve.Add("committee_elected_on", "org.term_needs_election")
	}
	return elected, ends
}

// mergeValidation adds the problems of err to v, one per field.
func mergeValidation(v *huoshui.ValidationError, err error) {
	var ve *huoshui.ValidationError
	if !errors.As(err, &ve) {
		return
	}
	for _, f := range ve.Fields {
		if !v.Has(f.Field) {
			v.Fields = append(v.Fields, f)
		}
	}
}

// orgEdit shows the form to rename a node and record its committee.
func (s *Server) orgEdit(w http.ResponseWriter, r *http.Request) error {
	o, err := s.manageableOrg(r, false)
	if err != nil {
		return err
	}
	v := url.Values{
		"name":                 {o.Name},
		"committee_elected_on": {o.CommitteeElectedOn.String()},
		"committee_term_ends":  {o.CommitteeTermEnds.String()},
	}
	s.render(w, r, http.StatusOK, "org_form", s.editOrgFormPage(r, o, newForm(v)))
	return nil
}

func (s *Server) editOrgFormPage(r *http.Request, o *huoshui.Org, f form) *orgFormPage {
	p := &orgFormPage{Org: o, Form: f, Action: fmt.Sprintf("/orgs/%d", o.ID),
		ShowCommittee: o.Kind != huoshui.OrgGroup}
	p.Crumbs = s.orgCrumbs(r, o, "orgs.edit_title")
	return p
}

// orgUpdate saves the name and committee dates of a node.
func (s *Server) orgUpdate(w http.ResponseWriter, r *http.Request) error {
	o, err := s.manageableOrg(r, false)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := newForm(cloneValues(r.PostForm))
	p := s.editOrgFormPage(r, o, f)
	name := r.PostForm.Get("name")
	upd := huoshui.OrgUpdate{Name: &name}
	v := &huoshui.ValidationError{}
	check := *o
	check.Name = name
	if o.Kind != huoshui.OrgGroup {
		elected, ends := readCommitteeDates(r.PostForm, v)
		upd.CommitteeElectedOn, upd.CommitteeTermEnds = &elected, &ends
		check.CommitteeElectedOn, check.CommitteeTermEnds = elected, ends
	}
	mergeValidation(v, check.Validate())
	if err := v.Err(); err != nil {
		s.addErrors(r, f, err)
		s.render(w, r, http.StatusUnprocessableEntity, "org_form", p)
		return nil
	}
	if _, err := s.store.UpdateOrg(r.Context(), s.actor(r), o.ID, upd); err != nil {
		return s.orgFormFailed(w, r, p, err)
	}
	flash(w, "orgs.saved")
	http.Redirect(w, r, fmt.Sprintf("/orgs/%d", o.ID), http.StatusSeeOther)
	return nil
}

// moveOption is one parent a node may move under.
type moveOption struct {
	ID       int64
	Label    string
	Selected bool
}

type orgMovePage struct {
	Page
	Org     *huoshui.Org
	Parent  *huoshui.Org
	Q       string
	Options []moveOption
	Capped  bool
	Form    form
}

// orgMoveForm offers the parents a node may move under: nodes the user
// manages, of a kind that may hold it, outside its own subtree.
func (s *Server) orgMoveForm(w http.ResponseWriter, r *http.Request) error {
	o, err := s.manageableOrg(r, true)
	if err != nil {
		return err
	}
	p, err := s.orgMovePage(r, o, r.URL.Query().Get("q"), newForm(nil))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "org_move", p)
	return nil
}

func (s *Server) orgMovePage(r *http.Request, o *huoshui.Org, q string, f form) (*orgMovePage, error) {
	ctx := r.Context()
	u := userFrom(ctx)
	p := &orgMovePage{Org: o, Q: truncateRunes(strings.TrimSpace(q), 60), Form: f}
	p.Crumbs = s.orgCrumbs(r, o, "orgs.move_title")
	scope := auth.Scope(u, auth.ManageOrg)
	var found []*huoshui.Org
	for _, k := range huoshui.OrgKinds {
		if !k.CanParent(o.Kind) || len(scope.Paths) == 0 {
			continue
		}
		list, err := s.store.FindOrgs(ctx, huoshui.OrgFilter{Scope: scope, Kind: k, Name: p.Q, Limit: orgSearchLimit + 1})
		if err != nil {
			return nil, err
		}
		if len(list) > orgSearchLimit {
			p.Capped = true
		}
		for _, c := range list {
			if c.ID != o.ParentID && !huoshui.PathWithin(c.Path, o.Path) {
				found = append(found, c)
			}
		}
	}
	slices.SortFunc(found, func(a, b *huoshui.Org) int { return strings.Compare(a.Path, b.Path) })
	if len(found) > orgSearchLimit {
		found, p.Capped = found[:orgSearchLimit], true
	}
	// A choice list reads best by name.
	slices.SortStableFunc(found, func(a, b *huoshui.Org) int { return strings.Compare(a.Name, b.Name) })
	ids := []int64{o.ParentID}
	for _, c := range found {
		ids = append(ids, c.ParentID)
	}
	parents, err := s.store.FindOrgsByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	p.Parent = parents[o.ParentID]
	lang := langFrom(r)
	selected := f.Get("parent_id")
	for _, c := range found {
		label := c.Name + "（" + s.msgs.T(lang, "kind."+string(c.Kind)) + "）"
		if pa, ok := parents[c.ParentID]; ok {
			label += " · " + pa.Name
		}
		id := strconv.FormatInt(c.ID, 10)
		p.Options = append(p.Options, moveOption{ID: c.ID, Label: label, Selected: id == selected})
	}
	return p, nil
}

// orgMove puts a node, with everything below it, under a new parent.
func (s *Server) orgMove(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o, err := s.manageableOrg(r, true)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := newForm(cloneValues(r.PostForm))
	v := &huoshui.ValidationError{}
	raw := strings.TrimSpace(r.PostForm.Get("parent_id"))
	var target *huoshui.Org
	if raw == "" {
		v.Add("parent_id", "required")
	} else if id, err := strconv.ParseInt(raw, 10, 64); err != nil || id <= 0 {
		v.Add("parent_id", "invalid_choice")
	} else if target, err = s.store.FindOrgByID(ctx, auth.Scope(userFrom(ctx), auth.ManageOrg), id); err != nil {
		// A node the user may not manage is treated as not there.
		if !errors.Is(err, huoshui.ErrNotFound) {
			return err
		}
		v.Add("parent_id", "invalid_choice")
	} else if !auth.CanMoveUnder(userFrom(ctx), o, target) {
		v.Add("parent_id", "invalid_choice")
	} else if target.ID == o.ParentID {
		v.Add("parent_id", "org.same_parent")
	}
	if err := v.Err(); err == nil {
		_, err = s.store.MoveOrg(ctx, s.actor(r), o.ID, target.ID)
		if err == nil {
			flash(w, "orgs.moved")
			http.Redirect(w, r, fmt.Sprintf("/orgs/%d", o.ID), http.StatusSeeOther)
			return nil
		}
		if !s.addErrors(r, f, err) {
			return err
		}
	} else {
		s.addErrors(r, f, err)
	}
	p, err := s.orgMovePage(r, o, r.PostForm.Get("q"), f)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusUnprocessableEntity, "org_move", p)
	return nil
}

type orgArchivePage struct {
	Page
	Org      *huoshui.Org
	Members  int
	Children int
	Form     form
}

func (s *Server) orgArchivePage(r *http.Request, o *huoshui.Org, f form) (*orgArchivePage, error) {
	p := &orgArchivePage{Org: o, Form: f}
	p.Crumbs = s.orgCrumbs(r, o, "orgs.archive_title")
	c, err := s.orgCounts(r, o)
	if err != nil {
		return nil, err
	}
	p.Members = c.Members
	if _, p.Children, err = s.store.FindOrgChildren(r.Context(), o.ID, false, 0, 1); err != nil {
		return nil, err
	}
	return p, nil
}

// orgArchiveForm says what archiving the node does and asks to confirm.
func (s *Server) orgArchiveForm(w http.ResponseWriter, r *http.Request) error {
	o, err := s.manageableOrg(r, true)
	if err != nil {
		return err
	}
	p, err := s.orgArchivePage(r, o, newForm(nil))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "org_archive", p)
	return nil
}

// orgArchive retires an empty node; the store refuses one that still
// holds members or current children, and nothing changes.
func (s *Server) orgArchive(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o, err := s.manageableOrg(r, true)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	err = s.store.ArchiveOrg(ctx, s.actor(r), o.ID)
	if err == nil {
		flash(w, "orgs.archived")
		next := "/orgs"
		if parent, err := s.store.FindOrgByID(ctx, auth.Scope(userFrom(ctx), auth.ViewOrg), o.ParentID); err == nil {
			next = fmt.Sprintf("/orgs/%d", parent.ID)
		}
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	f := newForm(nil)
	if !s.addErrors(r, f, err) {
		return err
	}
	p, perr := s.orgArchivePage(r, o, f)
	if perr != nil {
		return perr
	}
	s.render(w, r, http.StatusUnprocessableEntity, "org_archive", p)
	return nil
}
