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
	"github.com/huoshui/huoshui/internal/rules"
)

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
	// ShowCommittee: the kind may have an elected committee (groups do
	// not) and the user may record it.
	ShowCommittee bool
	// CanRename: the user may change the name (a secretary records their
	// branch's committee but does not rename the branch).
	CanRename bool
	Form      form
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
	return s.render(w, r, http.StatusOK, "org_form", p)
}

// orgParentForNew loads the parent of a new node and the kinds the user
// may add under it (auth.CreatableKinds: a secretary, only 党小组 under
// their own branch): 403 when none, 409 once the parent is archived.
func (s *Server) orgParentForNew(r *http.Request) (*huoshui.Org, []huoshui.OrgKind, error) {
	parent, err := s.findVisibleOrg(r)
	if err != nil {
		return nil, nil, err
	}
	kinds := auth.CreatableKinds(userFrom(r.Context()), parent)
	if len(kinds) == 0 {
		return nil, nil, fmt.Errorf("org %d: nothing to create under it: %w", parent.ID, huoshui.ErrForbidden)
	}
	if parent.ArchivedAt != nil {
		return nil, nil, fmt.Errorf("org %d is archived: %w", parent.ID, huoshui.ErrConflict)
	}
	return parent, kinds, nil
}

func (s *Server) newOrgFormPage(r *http.Request, parent *huoshui.Org, kinds []huoshui.OrgKind, f form) *orgFormPage {
	p := &orgFormPage{New: true, Org: parent, Kinds: kinds, Form: f, CanRename: true,
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
	return submit(s, w, r, formFlow[*huoshui.Org]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*huoshui.Org, error) {
			kind := huoshui.OrgKind(v.Get("kind"))
			o := &huoshui.Org{ParentID: parent.ID, Kind: kind, Name: v.Get("name")}
			if kind.Valid() && !slices.Contains(kinds, kind) {
				ve.Add("kind", "org.kind_under_parent")
			}
			if kind != huoshui.OrgGroup {
				o.CommitteeElectedOn, o.CommitteeTermEnds = readCommitteeDates(v, kind, ve)
			}
			ve.Merge(o.Validate())
			return o, nil
		},
		Save: func(o *huoshui.Org) error { return s.store.CreateOrg(r.Context(), s.actor(r), o) },
		Page: func(code int, f form) error {
			return s.render(w, r, code, "org_form", s.newOrgFormPage(r, parent, kinds, f))
		},
		Flash: "orgs.created",
		Next:  orgPath,
	})
}

// orgPath is the address of a node's page.
func orgPath(o *huoshui.Org) string { return fmt.Sprintf("/orgs/%d", o.ID) }

// readCommitteeDates reads the committee's election and term-end dates
// from a form. A term end left empty is the election date plus the term
// of the node's kind (rules.TermEnds: five years for a 党委, three for a
// 党总支 or 支部); a malformed date is a field error.
func readCommitteeDates(v url.Values, kind huoshui.OrgKind, ve *huoshui.ValidationError) (elected, ends huoshui.Date) {
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
		ends = rules.TermEnds(kind, false, elected)
	case elected.IsZero() && !ends.IsZero() && !ve.Has("committee_elected_on"):
		ve.Add("committee_elected_on", "org.term_needs_election")
	}
	return elected, ends
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
		"slug":                 {o.Slug},
	}
	return s.render(w, r, http.StatusOK, "org_form", s.editOrgFormPage(r, o, newForm(v)))
}

func (s *Server) editOrgFormPage(r *http.Request, o *huoshui.Org, f form) *orgFormPage {
	u := userFrom(r.Context())
	p := &orgFormPage{Org: o, Form: f, Action: fmt.Sprintf("/orgs/%d", o.ID),
		ShowCommittee: auth.CanRecordCommittee(u, o), CanRename: auth.CanRenameOrg(u, o)}
	p.Crumbs = s.orgCrumbs(r, o, "orgs.edit_title")
	return p
}

// orgUpdate saves the name and committee dates of a node.
func (s *Server) orgUpdate(w http.ResponseWriter, r *http.Request) error {
	o, err := s.manageableOrg(r, false)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[huoshui.OrgUpdate]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (huoshui.OrgUpdate, error) {
			// Only what the user may change is read; the rest stays.
			u := userFrom(r.Context())
			var upd huoshui.OrgUpdate
			check := *o
			rename := auth.CanRenameOrg(u, o)
			if rename {
				name := v.Get("name")
				upd.Name, check.Name = &name, name
			}
			if auth.CanRecordCommittee(u, o) {
				elected, ends := readCommitteeDates(v, o.Kind, ve)
				upd.CommitteeElectedOn, upd.CommitteeTermEnds = &elected, &ends
				check.CommitteeElectedOn, check.CommitteeTermEnds = elected, ends
			}
			if rename && o.Kind != huoshui.OrgGroup {
				slug := huoshui.NormalizeSlug(v.Get("slug"))
				upd.Slug, check.Slug = &slug, slug
			}
			ve.Merge(check.Validate())
			return upd, nil
		},
		Save: func(upd huoshui.OrgUpdate) error {
			_, err := s.store.UpdateOrg(r.Context(), s.actor(r), o.ID, upd)
			return err
		},
		Page: func(code int, f form) error {
			return s.render(w, r, code, "org_form", s.editOrgFormPage(r, o, f))
		},
		Flash: "orgs.saved",
		Next:  func(huoshui.OrgUpdate) string { return orgPath(o) },
	})
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
	return s.render(w, r, http.StatusOK, "org_move", p)
}

func (s *Server) orgMovePage(r *http.Request, o *huoshui.Org, q string, f form) (*orgMovePage, error) {
	ctx := r.Context()
	u := userFrom(ctx)
	p := &orgMovePage{Org: o, Q: huoshui.Truncate(strings.TrimSpace(q), 60), Form: f}
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
		label := c.Name + s.msgs.T(lang, "report.meeting.paren_open") + s.msgs.T(lang, "kind."+string(c.Kind)) +
			s.msgs.T(lang, "report.meeting.paren_close")
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
	return submit(s, w, r, formFlow[*huoshui.Org]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*huoshui.Org, error) {
			raw := strings.TrimSpace(v.Get("parent_id"))
			var target *huoshui.Org
			if raw == "" {
				ve.Add("parent_id", "required")
			} else if id, err := strconv.ParseInt(raw, 10, 64); err != nil || id <= 0 {
				ve.Add("parent_id", "invalid_choice")
			} else if target, err = s.store.FindOrgByID(ctx, auth.Scope(userFrom(ctx), auth.ManageOrg), id); err != nil {
				// A node the user may not manage is treated as not there.
				if !errors.Is(err, huoshui.ErrNotFound) {
					return nil, err
				}
				ve.Add("parent_id", "invalid_choice")
			} else if !auth.CanMoveUnder(userFrom(ctx), o, target) {
				ve.Add("parent_id", "invalid_choice")
			} else if target.ID == o.ParentID {
				ve.Add("parent_id", "org.same_parent")
			}
			return target, nil
		},
		Save: func(target *huoshui.Org) error {
			_, err := s.store.MoveOrg(ctx, s.actor(r), o.ID, target.ID)
			return err
		},
		Page: func(code int, f form) error {
			p, err := s.orgMovePage(r, o, r.PostForm.Get("q"), f)
			if err != nil {
				return err
			}
			return s.render(w, r, code, "org_move", p)
		},
		Flash: "orgs.moved",
		Next:  func(*huoshui.Org) string { return orgPath(o) },
	})
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
	return s.render(w, r, http.StatusOK, "org_archive", p)
}

// orgArchive retires an empty node; the store refuses one that still
// holds members or current children, and nothing changes.
func (s *Server) orgArchive(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o, err := s.manageableOrg(r, true)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[struct{}]{
		Save: func(struct{}) error { return s.store.ArchiveOrg(ctx, s.actor(r), o.ID) },
		Page: func(code int, f form) error {
			p, err := s.orgArchivePage(r, o, f)
			if err != nil {
				return err
			}
			return s.render(w, r, code, "org_archive", p)
		},
		Flash: "orgs.archived",
		Next: func(struct{}) string {
			if parent, err := s.store.FindOrgByID(ctx, auth.Scope(userFrom(ctx), auth.ViewOrg), o.ParentID); err == nil {
				return orgPath(parent)
			}
			return "/orgs"
		},
	})
}
