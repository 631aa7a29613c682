package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
)

// maxReason bounds the reason of a transfer or an archive.
const maxReason = 200

type memberTransferPage struct {
	Page
	Form    form
	M       *huoshui.Member
	Targets []*huoshui.Org // branches the member may move to
}

// renderTransfer shows the transfer form for m: the branches where the user
// may handle transfers, less the member's own.
func (s *Server) renderTransfer(w http.ResponseWriter, r *http.Request, code int, m *huoshui.Member, f form) error {
	p := &memberTransferPage{Form: f, M: m}
	scope := auth.Scope(userFrom(r.Context()), auth.TransferMember)
	if len(scope.Paths) > 0 {
		branches, err := s.store.FindOrgs(r.Context(), huoshui.OrgFilter{Scope: scope, Kind: huoshui.OrgBranch})
		if err != nil {
			return err
		}
		for _, b := range branches {
			if b.ID != m.OrgID {
				p.Targets = append(p.Targets, b)
			}
		}
	}
	p.Crumbs = s.memberCrumbs(r, m, "members.transfer")
	s.render(w, r, code, "member_transfer", p)
	return nil
}

func (s *Server) memberTransferForm(w http.ResponseWriter, r *http.Request) error {
	m, err := s.findEditableMember(r, auth.TransferMember)
	if err != nil {
		return err
	}
	v := url.Values{}
	v.Set("on", s.today().String())
	return s.renderTransfer(w, r, http.StatusOK, m, newForm(v))
}

// memberTransfer moves a member to another branch. The user needs the
// right to handle transfers on both sides; the store keeps the history and
// writes the audit records.
func (s *Server) memberTransfer(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	m, err := s.findEditableMember(r, auth.TransferMember)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := newForm(cloneValues(r.PostForm))
	ve := &huoshui.ValidationError{}
	t := &huoshui.Transfer{MemberID: m.ID, Reason: strings.TrimSpace(r.PostForm.Get("reason"))}
	if t.On, err = huoshui.ParseDate(strings.TrimSpace(r.PostForm.Get("on"))); err != nil {
		ve.Add("on", "date_format")
	} else if t.On.IsZero() {
		ve.Add("on", "required")
	}
	if utf8.RuneCountInString(t.Reason) > maxReason {
		ve.Add("reason", "too_long", "Max", maxReason)
	}
	to, _ := strconv.ParseInt(r.PostForm.Get("to_org_id"), 10, 64)
	switch {
	case to <= 0:
		ve.Add("to_org_id", "required")
	case to == m.OrgID:
		ve.Add("to_org_id", "transfer.same_branch")
	default:
		o, err := s.store.FindOrgByID(ctx, auth.Scope(userFrom(ctx), auth.TransferMember), to)
		if err != nil && !errors.Is(err, huoshui.ErrNotFound) {
			return err
		}
		switch {
		case err != nil:
			ve.Add("to_org_id", "transfer.target_outside")
		case o.Kind != huoshui.OrgBranch || o.ArchivedAt != nil:
			ve.Add("to_org_id", "member.org_not_branch")
		}
		t.ToOrgID = to
	}
	if ve.Err() == nil {
		err = s.store.TransferMember(ctx, s.actor(r), t)
	} else {
		err = ve
	}
	if s.addErrors(r, f, err) {
		return s.renderTransfer(w, r, http.StatusUnprocessableEntity, m, f)
	}
	if err != nil {
		return err
	}
	flash(w, "members.transferred")
	http.Redirect(w, r, fmt.Sprintf("/members/%d", m.ID), http.StatusSeeOther)
	return nil
}

type memberArchivePage struct {
	Page
	Form form
	M    *huoshui.Member
}

func (s *Server) renderArchive(w http.ResponseWriter, r *http.Request, code int, m *huoshui.Member, f form) {
	p := &memberArchivePage{Form: f, M: m}
	p.Crumbs = s.memberCrumbs(r, m, "members.archive")
	s.render(w, r, code, "member_archive", p)
}

// memberArchiveForm asks first: it says what archiving does and asks why.
func (s *Server) memberArchiveForm(w http.ResponseWriter, r *http.Request) error {
	m, err := s.findEditableMember(r, auth.EditMember)
	if err != nil {
		return err
	}
	s.renderArchive(w, r, http.StatusOK, m, newForm(url.Values{}))
	return nil
}

// memberArchive takes a member off the current roster; the record stays
// and can be found among the archived.
func (s *Server) memberArchive(w http.ResponseWriter, r *http.Request) error {
	m, err := s.findEditableMember(r, auth.EditMember)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := newForm(cloneValues(r.PostForm))
	reason := strings.TrimSpace(r.PostForm.Get("archive_reason"))
	ve := &huoshui.ValidationError{}
	switch {
	case reason == "":
		ve.Add("archive_reason", "required")
	case utf8.RuneCountInString(reason) > maxReason:
		ve.Add("archive_reason", "too_long", "Max", maxReason)
	}
	if ve.Err() == nil {
		err = s.store.ArchiveMember(r.Context(), s.actor(r), m.ID, reason)
	} else {
		err = ve
	}
	if s.addErrors(r, f, err) {
		s.renderArchive(w, r, http.StatusUnprocessableEntity, m, f)
		return nil
	}
	if err != nil {
		return err
	}
	flash(w, "members.archived")
	http.Redirect(w, r, fmt.Sprintf("/members/%d", m.ID), http.StatusSeeOther)
	return nil
}

// memberAccount links a sign-in account to the member's record, or unlinks
// it (empty username): the officer who may edit the member decides whose
// account reads this record as its own. Only accounts whose roles all lie
// where the officer may edit, with no administrator's role, are theirs to
// link (store.LinkUserMember); any other answers exactly as a username
// that does not exist, so nobody learns which usernames exist.
func (s *Server) memberAccount(w http.ResponseWriter, r *http.Request) error {
	m, err := s.findVisibleMember(r, auth.EditMember)
	if err != nil {
		return err
	}
	if m.ArchivedAt != nil {
		return fmt.Errorf("member %d archived: %w", m.ID, huoshui.ErrConflict)
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	ctx := r.Context()
	username := strings.TrimSpace(r.PostForm.Get("username"))
	current, err := s.store.FindUserByMemberID(ctx, m.ID)
	if err != nil && !errors.Is(err, huoshui.ErrNotFound) {
		return err
	}
	refuse := func(code string) error {
		ve := &huoshui.ValidationError{}
		ve.Add("username", code)
		return ve
	}
	scope := auth.Scope(userFrom(ctx), auth.EditMember)
	switch {
	case username == "" && current != nil:
		err = s.store.LinkUserMember(ctx, s.actor(r), scope, current.ID, 0)
	case username == "":
		return s.memberViewRefused(w, r, m, refuse("required"))
	case current != nil && !strings.EqualFold(current.Username, username):
		// Said before the name is looked up: the answer tells nothing
		// about the account typed.
		return s.memberViewRefused(w, r, m, refuse("user.member_has_account"))
	default:
		acc, ferr := s.store.FindUserByUsername(ctx, username)
		if errors.Is(ferr, huoshui.ErrNotFound) {
			return s.memberViewRefused(w, r, m, refuse("user.not_linkable"))
		}
		if ferr != nil {
			return ferr
		}
		err = s.store.LinkUserMember(ctx, s.actor(r), scope, acc.ID, m.ID)
		if errors.Is(err, huoshui.ErrNotFound) {
			return s.memberViewRefused(w, r, m, refuse("user.not_linkable"))
		}
	}
	var ve *huoshui.ValidationError
	if errors.As(err, &ve) {
		return s.memberViewRefused(w, r, m, err)
	}
	if err != nil {
		return err
	}
	flash(w, "members.account_saved")
	http.Redirect(w, r, fmt.Sprintf("/members/%d", m.ID), http.StatusSeeOther)
	return nil
}

// memberViewRefused shows the profile again with the account form's
// message, status 422.
func (s *Server) memberViewRefused(w http.ResponseWriter, r *http.Request, m *huoshui.Member, err error) error {
	f := newForm(cloneValues(r.PostForm))
	s.addErrors(r, f, err)
	return s.renderMemberView(w, r, http.StatusUnprocessableEntity, m, f)
}

// memberRestore undoes an archive: the person is back on the current
// roster, and the audit trail keeps both steps.
func (s *Server) memberRestore(w http.ResponseWriter, r *http.Request) error {
	m, err := s.findVisibleMember(r, auth.EditMember)
	if err != nil {
		return err
	}
	if err := s.store.RestoreMember(r.Context(), s.actor(r), m.ID); err != nil {
		return err
	}
	flash(w, "members.restored")
	http.Redirect(w, r, fmt.Sprintf("/members/%d", m.ID), http.StatusSeeOther)
	return nil
}
