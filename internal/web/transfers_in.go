package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/rules"
)

// A member arriving with a transfer letter from outside the platform is
// entered from it: the letter's number, the org that issued it and its
// date, and the person's particulars as written on it, as a new member of
// the branch. The receipt to send back is then printable.

type transferInPage struct {
	Page
	Org    *huoshui.Org
	Form   form
	Status []huoshui.MemberStatus // a letter brings a 党员: full or probationary
	Educ   []string
}

func (s *Server) renderTransferIn(w http.ResponseWriter, r *http.Request, code int, o *huoshui.Org, f form) error {
	p := &transferInPage{Org: o, Form: f, Status: []huoshui.MemberStatus{huoshui.StatusFull, huoshui.StatusProbationary},
		Educ: huoshui.Educations}
	p.Crumbs = append(s.orgCrumbs(r, o, "transfers.title")[:2],
		crumb{Href: fmt.Sprintf("/orgs/%d/transfers", o.ID), Label: s.msgs.T(langFrom(r), "transfers.title")},
		crumb{Label: s.msgs.T(langFrom(r), "transfers.in_title")})
	return s.render(w, r, code, "transfer_in", p)
}

// receivingOrg loads the branch in the path for one who answers its
// transfers in.
func (s *Server) receivingOrg(r *http.Request) (*huoshui.Org, error) {
	o, err := s.transferOrg(r)
	if err != nil {
		return nil, err
	}
	if !auth.CanReceiveTransfer(userFrom(r.Context()), o.Path) {
		return nil, fmt.Errorf("transfers into org %d: %w", o.ID, huoshui.ErrForbidden)
	}
	return o, nil
}

// transferInForm shows the form, filled with what the address brings
// (?name=…&letter_number=…), the status a full member.
func (s *Server) transferInForm(w http.ResponseWriter, r *http.Request) error {
	o, err := s.receivingOrg(r)
	if err != nil {
		return err
	}
	v := url.Values{}
	for k, vs := range r.URL.Query() {
		v[k] = vs
	}
	if v.Get("status") == "" {
		v.Set("status", string(huoshui.StatusFull))
	}
	return s.renderTransferIn(w, r, http.StatusOK, o, newForm(v))
}

type transferIn struct {
	m *huoshui.Member
	c *huoshui.TransferCase
}

// transferInCreate enters the member and keeps the letter.
func (s *Server) transferInCreate(w http.ResponseWriter, r *http.Request) error {
	o, err := s.receivingOrg(r)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[transferIn]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (transferIn, error) {
			in := memberInputFromForm(v, ve)
			in.OrgID, in.GroupID, in.CommitteePost = o.ID, 0, ""
			m := in.member(ve)
			m.Normalize()
			ve.Merge(m.Validate())
			c := &huoshui.TransferCase{Kind: huoshui.TransferLetterIn, Origin: v.Get("origin"),
				LetterNumber: v.Get("letter_number"), Reason: v.Get("reason")}
			day := func(field string) huoshui.Date {
				d, err := huoshui.ParseDate(strings.TrimSpace(huoshui.FoldWidth(v.Get(field))))
				if err != nil {
					ve.Add(field, "date_format")
				}
				return d
			}
			c.IssuedOn, c.ValidUntil = day("issued_on"), day("valid_until")
			if !c.IssuedOn.IsZero() && !ve.Has("valid_until") {
				if err := rules.CheckLetter(letterOf(c), s.today()); err != nil {
					field := "valid_until"
					if c.IssuedOn.After(s.today()) {
						field = "issued_on"
					}
					ve.Merge(ruleField(err, field))
				}
			}
			c.Normalize()
			ve.Merge(c.Validate())
			return transferIn{m, c}, nil
		},
		Save:      func(t transferIn) error { return s.store.EnterFromLetter(r.Context(), s.actor(r), t.m, t.c) },
		Page:      func(code int, f form) error { return s.renderTransferIn(w, r, code, o, f) },
		Flash:     "transfers.entered",
		FlashArgs: func(t transferIn) []any { return []any{"Name", t.m.Name} },
		Next:      func(t transferIn) string { return transferPath(o, t.c) },
	})
}

// Fields lists names for the template to range over.
func (p *transferInPage) Fields(names ...string) []string { return names }
