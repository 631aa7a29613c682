package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/store"
)

// A branch secretary opens their members' accounts in one step
// (huoshui.ResetFirstSignIn): from the branch's accounts page, all members
// without an account at once (or those ticked), or from a member's page,
// one. Each account is linked to its member, holds the member role at the
// branch and nothing else, and starts with a one-time sign-in code, which
// is shown once, on a sheet of slips to print and cut: name, login name,
// code, the address and what to do. Officers' and administrators'
// accounts stay with the administrators.

// maxOpenAccounts bounds one batch: argon2id hashes each code.
const maxOpenAccounts = 300

// accountsBranch loads the branch in the path for opening accounts: 404
// outside the reader's view, 403 unless they run it, 409 once archived.
func (s *Server) accountsBranch(r *http.Request) (*huoshui.Org, error) {
	o, err := s.findVisibleOrg(r)
	if err != nil {
		return nil, err
	}
	if o.Kind != huoshui.OrgBranch || !auth.CanOpenMemberAccounts(userFrom(r.Context()), o.Path) {
		return nil, fmt.Errorf("org %d: accounts: %w", o.ID, huoshui.ErrForbidden)
	}
	if o.ArchivedAt != nil {
		return nil, fmt.Errorf("org %d is archived: %w", o.ID, huoshui.ErrConflict)
	}
	return o, nil
}

// suggestUsername is a login name for m in branch: the branch's short
// name (or "zb" and its number) and the member's number, which no other
// member has, so two suggestions never meet. The secretary may change it.
func suggestUsername(branch *huoshui.Org, m *huoshui.Member) string {
	prefix := branch.Slug
	if prefix == "" {
		prefix = "zb" + strconv.FormatInt(branch.ID, 10)
	}
	if len(prefix) > 20 {
		prefix = strings.TrimRight(prefix[:20], "-")
	}
	return prefix + "-" + strconv.FormatInt(m.ID, 10)
}

// accountRow is one member without an account on the branch's page.
type accountRow struct {
	M        *huoshui.Member
	Username string
	Checked  bool
	Err      string
}

type memberAccountsPage struct {
	Page
	Org    *huoshui.Org
	Rows   []accountRow
	Capped bool
	Form   form
}

func (s *Server) memberAccountsPage(r *http.Request, o *huoshui.Org, f form) (*memberAccountsPage, error) {
	ms, err := s.store.MembersWithoutAccount(r.Context(), o.ID, maxOpenAccounts+1)
	if err != nil {
		return nil, err
	}
	p := &memberAccountsPage{Org: o, Form: f}
	if len(ms) > maxOpenAccounts {
		ms, p.Capped = ms[:maxOpenAccounts], true
	}
	for _, m := range ms {
		key := "username_" + strconv.FormatInt(m.ID, 10)
		row := accountRow{M: m, Username: suggestUsername(o, m), Checked: true, Err: f.Err(key)}
		if f.Values != nil {
			row.Username = f.Get(key)
			row.Checked = f.Get("open_"+strconv.FormatInt(m.ID, 10)) != ""
		}
		p.Rows = append(p.Rows, row)
	}
	p.Crumbs = s.orgCrumbs(r, o, "accounts.title")
	return p, nil
}

// memberAccounts lists the branch's members without an account, each with
// a login name to open it under.
func (s *Server) memberAccounts(w http.ResponseWriter, r *http.Request) error {
	o, err := s.accountsBranch(r)
	if err != nil {
		return err
	}
	p, err := s.memberAccountsPage(r, o, newForm(nil))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "member_accounts", p)
}

// openMemberAccounts opens the accounts of the members ticked on the
// branch's page, all or none, and answers with their slips.
func (s *Server) openMemberAccounts(w http.ResponseWriter, r *http.Request) error {
	o, err := s.accountsBranch(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	ms, err := s.store.MembersWithoutAccount(r.Context(), o.ID, maxOpenAccounts)
	if err != nil {
		return err
	}
	var chosen []*huoshui.Member
	var names []string
	for _, m := range ms {
		id := strconv.FormatInt(m.ID, 10)
		if r.PostForm.Get("open_"+id) == "" {
			continue
		}
		u := strings.TrimSpace(r.PostForm.Get("username_" + id))
		if u == "" {
			u = suggestUsername(o, m)
		}
		chosen = append(chosen, m)
		names = append(names, u)
	}
	f := newForm(cloneValues(r.PostForm))
	if len(chosen) == 0 {
		f.Fail("form", s.msgs.T(langFrom(r), "accounts.none_chosen"))
		p, err := s.memberAccountsPage(r, o, f)
		if err != nil {
			return err
		}
		return s.render(w, r, http.StatusUnprocessableEntity, "member_accounts", p)
	}
	slips, err := s.openAccounts(r, o, chosen, names)
	var ve *huoshui.ValidationError
	if errors.As(err, &ve) {
		lang := langFrom(r)
		for _, fe := range ve.Fields {
			if fe.Row >= 1 && fe.Row <= len(chosen) {
				f.Fail("username_"+strconv.FormatInt(chosen[fe.Row-1].ID, 10), s.msgs.fieldMessage(lang, fe))
			}
		}
		f.Fail("form", s.msgs.T(lang, "error.body.422"))
		p, err := s.memberAccountsPage(r, o, f)
		if err != nil {
			return err
		}
		return s.render(w, r, http.StatusUnprocessableEntity, "member_accounts", p)
	}
	if err != nil {
		return err
	}
	return s.renderSlips(w, r, o, slips)
}

// openMemberAccount opens one member's account from their page.
func (s *Server) openMemberAccount(w http.ResponseWriter, r *http.Request) error {
	m, err := s.findEditableMember(r, auth.EditMember)
	if err != nil {
		return err
	}
	u := userFrom(r.Context())
	if !auth.CanOpenMemberAccounts(u, m.OrgPath) {
		return fmt.Errorf("member %d: open account: %w", m.ID, huoshui.ErrForbidden)
	}
	o, err := s.store.FindOrgByID(r.Context(), auth.Scope(u, auth.ViewOrg), m.OrgID)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	name := strings.TrimSpace(r.PostForm.Get("username"))
	if name == "" {
		name = suggestUsername(o, m)
	}
	slips, err := s.openAccounts(r, o, []*huoshui.Member{m}, []string{name})
	var ve *huoshui.ValidationError
	if errors.As(err, &ve) {
		f := newForm(cloneValues(r.PostForm))
		for _, fe := range ve.Fields {
			f.Fail("open_username", s.msgs.fieldMessage(langFrom(r), fe))
		}
		return s.renderMemberView(w, r, http.StatusUnprocessableEntity, m, f)
	}
	if err != nil {
		return err
	}
	return s.renderSlips(w, r, o, slips)
}

// slip is one cut-out slip of the sheet.
type slip struct {
	Name, Username, Code string
}

// openAccounts makes a code for each member and opens their accounts.
func (s *Server) openAccounts(r *http.Request, o *huoshui.Org, ms []*huoshui.Member, names []string) ([]slip, error) {
	list := make([]store.NewMemberAccount, len(ms))
	slips := make([]slip, len(ms))
	for i, m := range ms {
		shown, hash, err := auth.NewSignInCode()
		if err != nil {
			return nil, err
		}
		list[i] = store.NewMemberAccount{MemberID: m.ID, Username: strings.ToLower(names[i]), CodeHash: hash}
		slips[i] = slip{Name: m.Name, Username: strings.ToLower(names[i]), Code: shown}
	}
	if _, err := s.store.OpenMemberAccounts(r.Context(), s.actor(r), o.ID, list); err != nil {
		return nil, err
	}
	return slips, nil
}

type accountSlipsPage struct {
	Page
	Org       *huoshui.Org
	Slips     []slip
	Site      string
	ExpiresOn string // the last day the codes work, in Beijing time
}

// renderSlips answers with the sheet of slips: shown once, never kept.
func (s *Server) renderSlips(w http.ResponseWriter, r *http.Request, o *huoshui.Org, slips []slip) error {
	p := &accountSlipsPage{Org: o, Slips: slips, Site: s.siteURL(r) + "/login",
		ExpiresOn: s.now().Add(huoshui.SignInCodeTTL).In(chinaTime).Format("2006-01-02")}
	p.Crumbs = s.orgCrumbs(r, o, "accounts.slips_title")
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, http.StatusOK, "account_slips", p)
}

// accountsLink is the address of a branch's accounts page for those who
// run it, or "".
func accountsLink(u *huoshui.User, o *huoshui.Org) string {
	if o == nil || o.Kind != huoshui.OrgBranch || o.ArchivedAt != nil || !auth.CanOpenMemberAccounts(u, o.Path) {
		return ""
	}
	return "/orgs/" + strconv.FormatInt(o.ID, 10) + "/accounts"
}

// reissueSignInCode gives a member whose account has not yet chosen a
// password a new one-time code (the slip lost, the code lapsed), shown on
// its slip once.
func (s *Server) reissueSignInCode(w http.ResponseWriter, r *http.Request) error {
	m, err := s.findEditableMember(r, auth.EditMember)
	if err != nil {
		return err
	}
	ctx := r.Context()
	u := userFrom(ctx)
	if !auth.CanOpenMemberAccounts(u, m.OrgPath) {
		return fmt.Errorf("member %d: reissue code: %w", m.ID, huoshui.ErrForbidden)
	}
	o, err := s.store.FindOrgByID(ctx, auth.Scope(u, auth.ViewOrg), m.OrgID)
	if err != nil {
		return err
	}
	acc, err := s.store.FindUserByMemberID(ctx, auth.Scope(u, auth.EditMember), m.ID)
	if err != nil {
		return err
	}
	shown, hash, err := auth.NewSignInCode()
	if err != nil {
		return err
	}
	if err := s.store.ReissueSignInCode(ctx, s.actor(r), o.ID, acc.ID, hash); err != nil {
		return err
	}
	return s.renderSlips(w, r, o, []slip{{Name: m.Name, Username: acc.Username, Code: shown}})
}
