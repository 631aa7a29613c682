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
	return s.render(w, r, code, "member_transfer", p)
}

// hasTransferTarget reports whether the user handles transfers at some
// branch besides m's own: two branches of the scope are enough to know.
func (s *Server) hasTransferTarget(r *http.Request, m *huoshui.Member) (bool, error) {
	scope := auth.Scope(userFrom(r.Context()), auth.TransferMember)
	if len(scope.Paths) == 0 {
		return false, nil
	}
	branches, err := s.store.FindOrgs(r.Context(), huoshui.OrgFilter{Scope: scope, Kind: huoshui.OrgBranch, Limit: 2})
	if err != nil {
		return false, err
	}
	for _, b := range branches {
		if b.ID != m.OrgID {
			return true, nil
		}
	}
	return false, nil
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
	return submit(s, w, r, formFlow[*huoshui.Transfer]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*huoshui.Transfer, error) {
			return s.readTransfer(r, m, v, ve)
		},
		Save:  func(t *huoshui.Transfer) error { return s.store.TransferMember(ctx, s.actor(r), t) },
		Page:  func(code int, f form) error { return s.renderTransfer(w, r, code, m, f) },
		Flash: "members.transferred",
		Next:  func(*huoshui.Transfer) string { return memberPath(m) },
	})
}

// readTransfer reads the transfer form for m: a date, a reason of bounded
// length and a branch where the user handles transfers.
func (s *Server) readTransfer(r *http.Request, m *huoshui.Member, v url.Values, ve *huoshui.ValidationError) (*huoshui.Transfer, error) {
	ctx := r.Context()
	var err error
	t := &huoshui.Transfer{MemberID: m.ID, Reason: strings.TrimSpace(v.Get("reason"))}
	if t.On, err = huoshui.ParseDate(strings.TrimSpace(v.Get("on"))); err != nil {
		ve.Add("on", "date_format")
	} else if t.On.IsZero() {
		ve.Add("on", "required")
	}
	if utf8.RuneCountInString(t.Reason) > maxReason {
		ve.Add("reason", "too_long", "Max", maxReason)
	}
	to, _ := strconv.ParseInt(v.Get("to_org_id"), 10, 64)
	switch {
	case to <= 0:
		ve.Add("to_org_id", "required")
	case to == m.OrgID:
		ve.Add("to_org_id", "transfer.same_branch")
	default:
		o, err := s.store.FindOrgByID(ctx, auth.Scope(userFrom(ctx), auth.TransferMember), to)
		if err != nil && !errors.Is(err, huoshui.ErrNotFound) {
			return nil, err
		}
		switch {
		case err != nil:
			ve.Add("to_org_id", "transfer.target_outside")
		case o.Kind != huoshui.OrgBranch || o.ArchivedAt != nil:
			ve.Add("to_org_id", "member.org_not_branch")
		}
		t.ToOrgID = to
	}
	return t, nil
}

type memberArchivePage struct {
	Page
	Form form
	M    *huoshui.Member
}

func (s *Server) renderArchive(w http.ResponseWriter, r *http.Request, code int, m *huoshui.Member, f form) error {
	p := &memberArchivePage{Form: f, M: m}
	p.Crumbs = s.memberCrumbs(r, m, "members.archive")
	return s.render(w, r, code, "member_archive", p)
}

// memberArchiveForm asks first: it says what archiving does and asks why.
func (s *Server) memberArchiveForm(w http.ResponseWriter, r *http.Request) error {
	m, err := s.findEditableMember(r, auth.EditMember)
	if err != nil {
		return err
	}
	return s.renderArchive(w, r, http.StatusOK, m, newForm(url.Values{}))
}

// memberArchive takes a member off the current roster; the record stays
// and can be found among the archived.
func (s *Server) memberArchive(w http.ResponseWriter, r *http.Request) error {
	m, err := s.findEditableMember(r, auth.EditMember)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[string]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (string, error) {
			reason := strings.TrimSpace(v.Get("archive_reason"))
			switch {
			case reason == "":
				ve.Add("archive_reason", "required")
			case utf8.RuneCountInString(reason) > maxReason:
				ve.Add("archive_reason", "too_long", "Max", maxReason)
			}
			return reason, nil
		},
		Save:  func(reason string) error { return s.store.ArchiveMember(r.Context(), s.actor(r), m.ID, reason) },
		Page:  func(code int, f form) error { return s.renderArchive(w, r, code, m, f) },
		Flash: "members.archived",
		Next:  func(string) string { return memberPath(m) },
	})
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
	return submit(s, w, r, formFlow[string]{
		Read: func(v url.Values, _ *huoshui.ValidationError) (string, error) {
			return strings.TrimSpace(v.Get("username")), nil
		},
		Save:  func(username string) error { return s.linkAccount(r, m, username) },
		Page:  func(code int, f form) error { return s.renderMemberView(w, r, code, m, f) },
		Flash: "members.account_saved",
		Next:  func(string) string { return memberPath(m) },
	})
}

// linkAccount links the account username to m, or unlinks m's account
// when username is empty. A refusal is a *huoshui.ValidationError on the
// username field.
func (s *Server) linkAccount(r *http.Request, m *huoshui.Member, username string) error {
	ctx := r.Context()
	scope := auth.Scope(userFrom(ctx), auth.EditMember)
	current, err := s.store.FindUserByMemberID(ctx, scope, m.ID)
	if err != nil && !errors.Is(err, huoshui.ErrNotFound) {
		return err
	}
	refuse := func(code string) error {
		ve := &huoshui.ValidationError{}
		ve.Add("username", code)
		return ve
	}
	switch {
	case username == "" && current != nil:
		return s.store.LinkUserMember(ctx, s.actor(r), scope, current.ID, 0)
	case username == "":
		return refuse("required")
	case current != nil && !strings.EqualFold(current.Username, username):
		// Said before the name is looked up: the answer tells nothing
		// about the account typed.
		return refuse("user.member_has_account")
	}
	acc, err := s.store.FindUserByUsername(ctx, username)
	if errors.Is(err, huoshui.ErrNotFound) {
		return refuse("user.not_linkable")
	}
	if err != nil {
		return err
	}
	err = s.store.LinkUserMember(ctx, s.actor(r), scope, acc.ID, m.ID)
	if errors.Is(err, huoshui.ErrNotFound) {
		return refuse("user.not_linkable")
	}
	return err
}

// memberRestore undoes an archive: the person is back on the current
// roster, and the audit trail keeps both steps.
func (s *Server) memberRestore(w http.ResponseWriter, r *http.Request) error {
	m, err := s.findVisibleMember(r, auth.EditMember)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[struct{}]{
		Save:  func(struct{}) error { return s.store.RestoreMember(r.Context(), s.actor(r), m.ID) },
		Flash: "members.restored",
		Next:  func(struct{}) string { return memberPath(m) },
	})
}
