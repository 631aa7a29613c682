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

// materialFromForm reads the material form.
func materialFromForm(v url.Values, ve *huoshui.ValidationError) *huoshui.Material {
	m := &huoshui.Material{Title: v.Get("title"), Body: v.Get("body"), Source: v.Get("source"),
		Tags: splitTags(v.Get("tags"))}
	m.OrgID, _ = strconv.ParseInt(v.Get("org_id"), 10, 64)
	if raw := strings.TrimSpace(v.Get("published_on")); raw != "" {
		d, err := huoshui.ParseDateText(raw)
		if err != nil {
			ve.Add("published_on", "date_format")
		}
		m.PublishedOn = d
	}
	if err := m.Validate(); err != nil {
		for _, fe := range err.(*huoshui.ValidationError).Fields {
			if !ve.Has(fe.Field) {
				ve.Fields = append(ve.Fields, fe)
			}
		}
	}
	return m
}

func materialValues(m *huoshui.Material) url.Values {
	v := url.Values{}
	v.Set("org_id", strconv.FormatInt(m.OrgID, 10))
	v.Set("title", m.Title)
	v.Set("body", m.Body)
	v.Set("source", m.Source)
	if !m.PublishedOn.IsZero() {
		v.Set("published_on", m.PublishedOn.String())
	}
	v.Set("tags", strings.Join(m.Tags, "、"))
	return v
}

type materialFormPage struct {
	Page
	Form form
	M    *huoshui.Material // nil for a new material
	Orgs []*huoshui.Org
}

// Action is where the form posts.
func (p *materialFormPage) Action() string {
	if p.M == nil {
		return "/materials"
	}
	return materialPath(p.M)
}

func (s *Server) materialForm(w http.ResponseWriter, r *http.Request, code int, f form, m *huoshui.Material) error {
	p := &materialFormPage{Form: f, M: m}
	lang := langFrom(r)
	p.Crumbs = []crumb{{Href: "/materials", Label: s.msgs.T(lang, "nav.materials")}}
	if m != nil {
		p.Crumbs = append(p.Crumbs, crumb{Href: materialPath(m), Label: m.Title}, crumb{Label: s.msgs.T(lang, "action.edit")})
	} else {
		var err error
		if p.Orgs, err = s.plannableOrgs(r.Context(), userFrom(r.Context())); err != nil {
			return err
		}
		p.Crumbs = append(p.Crumbs, crumb{Label: s.msgs.T(lang, "materials.new")})
	}
	return s.render(w, r, code, "material_form", p)
}

// materialNew shows the form for a new material, kept at one of the nodes
// where the user keeps records.
func (s *Server) materialNew(w http.ResponseWriter, r *http.Request) error {
	orgs, err := s.plannableOrgs(r.Context(), userFrom(r.Context()))
	if err != nil {
		return err
	}
	if len(orgs) == 0 {
		return huoshui.ErrForbidden
	}
	v := url.Values{}
	v.Set("org_id", strconv.FormatInt(orgs[0].ID, 10))
	return s.materialForm(w, r, http.StatusOK, newForm(v), nil)
}

// materialCreate keeps a new material.
func (s *Server) materialCreate(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	if auth.Scope(u, auth.EditRecord).Empty() {
		return huoshui.ErrForbidden
	}
	return submit(s, w, r, formFlow[*huoshui.Material]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*huoshui.Material, error) {
			m := materialFromForm(v, ve)
			if m.OrgID != 0 {
				if _, err := s.store.FindOrgByID(r.Context(), auth.Scope(u, auth.EditRecord), m.OrgID); err != nil {
					return nil, err // 404: not a node the user keeps records for
				}
			}
			return m, nil
		},
		Save:  func(m *huoshui.Material) error { return s.store.CreateMaterial(r.Context(), s.actor(r), m) },
		Page:  func(code int, f form) error { return s.materialForm(w, r, code, f, nil) },
		Flash: "materials.created",
		FlashArgs: func(m *huoshui.Material) []any {
			return []any{"Title", m.Title}
		},
		Next: func(m *huoshui.Material) string { return materialPath(m) },
	})
}

// materialEdit shows the form for a material's text.
func (s *Server) materialEdit(w http.ResponseWriter, r *http.Request) error {
	m, err := s.editableMaterial(r)
	if err != nil {
		return err
	}
	return s.materialForm(w, r, http.StatusOK, newForm(materialValues(m)), m)
}

// materialUpdate saves a material's text; its org stays.
func (s *Server) materialUpdate(w http.ResponseWriter, r *http.Request) error {
	m, err := s.editableMaterial(r)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[*huoshui.Material]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*huoshui.Material, error) {
			v.Set("org_id", strconv.FormatInt(m.OrgID, 10))
			return materialFromForm(v, ve), nil
		},
		Save:  func(in *huoshui.Material) error { return s.store.UpdateMaterial(r.Context(), s.actor(r), m.ID, in) },
		Page:  func(code int, f form) error { return s.materialForm(w, r, code, f, m) },
		Flash: "materials.saved",
		Next:  func(*huoshui.Material) string { return materialPath(m) },
	})
}

type materialArchivePage struct {
	Page
	M *huoshui.Material
}

// materialArchiveForm asks before a material leaves the lists.
func (s *Server) materialArchiveForm(w http.ResponseWriter, r *http.Request) error {
	m, err := s.editableMaterial(r)
	if err != nil {
		return err
	}
	p := &materialArchivePage{M: m}
	p.Crumbs = []crumb{{Href: "/materials", Label: s.msgs.T(langFrom(r), "nav.materials")},
		{Href: materialPath(m), Label: m.Title}, {Label: s.msgs.T(langFrom(r), "materials.archive")}}
	return s.render(w, r, http.StatusOK, "material_archive", p)
}

// materialArchive takes a material off the lists; materialRestore puts it
// back (the notice after archiving offers it).
func (s *Server) materialArchive(w http.ResponseWriter, r *http.Request) error {
	return s.materialArchived(w, r, false)
}

func (s *Server) materialRestore(w http.ResponseWriter, r *http.Request) error {
	return s.materialArchived(w, r, true)
}

func (s *Server) materialArchived(w http.ResponseWriter, r *http.Request, restore bool) error {
	m, err := s.editableMaterial(r)
	if err != nil {
		return err
	}
	flashID := "materials.archived"
	if restore {
		flashID = "materials.restored"
	}
	return submit(s, w, r, formFlow[struct{}]{
		Save:      func(struct{}) error { return s.store.ArchiveMaterial(r.Context(), s.actor(r), m.ID, restore) },
		Flash:     flashID,
		FlashArgs: func(struct{}) []any { return []any{"Title", m.Title} },
		Next:      func(struct{}) string { return materialPath(m) },
	})
}

// materialAssign gives the material to an org the officer keeps records
// for, to study by a date. The material may be kept above (a committee's
// material assigned to a branch).
func (s *Server) materialAssign(w http.ResponseWriter, r *http.Request) error {
	m, err := s.findVisibleMaterial(r)
	if err != nil {
		return err
	}
	u := userFrom(r.Context())
	scope := auth.Scope(u, auth.EditRecord)
	if scope.Empty() {
		return huoshui.ErrForbidden
	}
	return submit(s, w, r, formFlow[*huoshui.MaterialAssignment]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*huoshui.MaterialAssignment, error) {
			asg := &huoshui.MaterialAssignment{MaterialID: m.ID}
			asg.OrgID, _ = strconv.ParseInt(v.Get("org_id"), 10, 64)
			if asg.OrgID == 0 {
				ve.Add("org_id", "required")
			} else if _, err := s.store.FindOrgByID(r.Context(), scope, asg.OrgID); err != nil {
				return nil, err
			}
			switch d, err := huoshui.ParseDateText(strings.TrimSpace(v.Get("due"))); {
			case strings.TrimSpace(v.Get("due")) == "":
				ve.Add("due", "required")
			case err != nil:
				ve.Add("due", "date_format")
			default:
				asg.Due = d
			}
			return asg, nil
		},
		Save: func(asg *huoshui.MaterialAssignment) error {
			return s.store.AssignMaterial(r.Context(), s.actor(r), asg)
		},
		Page:  func(code int, f form) error { return s.renderMaterial(w, r, code, m, f) },
		Flash: "materials.assigned",
		FlashArgs: func(asg *huoshui.MaterialAssignment) []any {
			return []any{"Org", asg.OrgName, "Due", asg.Due.String()}
		},
		Next: func(*huoshui.MaterialAssignment) string { return materialPath(m) },
	})
}

// materialBeat counts a reading heartbeat from the material's page
// (static/app.js): the page sends one while it is visible and its reader
// active, the first after a pause with start=1; the store adds the time
// since the last one, capped. It answers
// the reader's counted seconds as JSON.
func (s *Server) materialBeat(w http.ResponseWriter, r *http.Request) error {
	m, err := s.findVisibleMaterial(r)
	if err != nil {
		return err
	}
	u := userFrom(r.Context())
	if u.MemberID == 0 {
		return errNoMemberForbidden
	}
	rd, err := s.store.RecordReadingBeat(r.Context(), u.MemberID, m, r.PostFormValue("start") == "1")
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, map[string]any{"seconds": rd.Seconds, "done": rd.Done})
	return nil
}

// errNoMemberForbidden answers a person with no member record who sends a
// reading heartbeat: only members' reading is counted.
var errNoMemberForbidden = fmt.Errorf("reading beat: %w: %w", errNoMember, huoshui.ErrForbidden)
