package web

import (
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
)

// Account administration. Who may do what to which account is decided in
// internal/auth (accounts.go: 三权分立, the accounts an administrator
// manages, one's own account, the other administrators' accounts, the
// audit role); these handlers only ask. An account outside the reader's
// part of the tree answers 404, like every record outside it; an account
// they see but may not change in this way answers 403, with the reason.

// userPageSize is how many accounts a list page shows.
const userPageSize = 50

// adminRights is what the signed-in user may do to accounts.
type adminRights struct {
	accounts huoshui.Scope // reset passwords, disable, enable, create
	roles    huoshui.Scope // grant, revoke, unlock
	sees     huoshui.Scope // either of them: the accounts listed
}

func adminRightsOf(u *huoshui.User) adminRights {
	return adminRights{accounts: auth.Scope(u, auth.ManageAccounts), roles: auth.Scope(u, auth.ManageRoles),
		sees: auth.AccountScope(u)}
}

// findManagedUser loads the account in the path that the signed-in
// administrator manages in either capacity; anything else is not found.
func (s *Server) findManagedUser(r *http.Request) (*huoshui.User, adminRights, error) {
	ra := adminRightsOf(userFrom(r.Context()))
	id, err := pathID(r, "id")
	if err != nil {
		return nil, ra, err
	}
	t, err := s.store.FindUserByID(r.Context(), ra.sees, id)
	if err != nil {
		return nil, ra, err
	}
	return t, ra, nil
}

// errAnswered is a refusal whose page is already written.
var errAnswered = fmt.Errorf("refused with a page: %w", huoshui.ErrForbidden)

// managedFor loads the account for one action (auth.ManageAccounts or
// auth.ManageRoles), as auth.CanAdminister rules: not managed at all is
// 404; one's own account, another administrator's account, or managed only
// in the other capacity is 403 (an *auth.Denied carries the reason, which
// the error page shows).
func (s *Server) managedFor(w http.ResponseWriter, r *http.Request, a auth.Action) (*huoshui.User, adminRights, error) {
	t, ra, err := s.findManagedUser(r)
	if err != nil {
		return nil, ra, err
	}
	if err := auth.CanAdminister(userFrom(r.Context()), t, a); err != nil {
		return nil, ra, err
	}
	return t, ra, nil
}

// answered turns errAnswered (the page is already written) into nil.
func answered(err error) error {
	if errors.Is(err, errAnswered) {
		return nil
	}
	return err
}

// accountStatus is how an account stands, as a message id.
func accountStatus(u *huoshui.User, now time.Time) string {
	switch {
	case u.DisabledAt != nil:
		return "admin.status.disabled"
	case u.Locked(now):
		return "admin.status.locked"
	case u.MustChangePassword:
		return "admin.status.must_change"
	}
	return "admin.status.active"
}

// userQuery is the account list's filter as it stands in the URL:
// ?q=&status=&sort=&page=.
type userQuery struct {
	listQuery
	Q      string
	Status string
}

func parseUserQuery(v url.Values) userQuery {
	q := userQuery{listQuery: newListQuery(v, "username", sortIn("username", "created")), Q: strings.TrimSpace(v.Get("q"))}
	if st := v.Get("status"); st == "active" || st == "disabled" {
		q.Status = st
	}
	return q
}

type usersListPage struct {
	Page
	Query     userQuery
	Users     []*huoshui.User
	Pager     *pager
	CanCreate bool
	Now       time.Time
}

// Status says how an account stands, in the reader's language.
func (p *usersListPage) Status(u *huoshui.User) string { return p.T(accountStatus(u, p.Now)) }

func (s *Server) usersList(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	ra := adminRightsOf(u)
	if ra.sees.Empty() {
		return huoshui.ErrForbidden
	}
	q := parseUserQuery(r.URL.Query())
	users, total, err := s.store.FindUsers(r.Context(), huoshui.UserFilter{
		Scope: ra.sees, Query: q.Q, Status: q.Status, Sort: q.Sort,
		Limit: userPageSize, Offset: q.Offset(userPageSize),
	})
	if err != nil {
		return err
	}
	p := &usersListPage{Query: q, Users: users, CanCreate: auth.CanCreateAccount(u), Now: s.now()}
	p.Pager = q.Pager(&p.Page, total, userPageSize)
	return s.render(w, r, http.StatusOK, "admin_users_list", p)
}

type userFormPage struct {
	Page
	Form form
}

func (s *Server) userNew(w http.ResponseWriter, r *http.Request) error {
	if !auth.CanCreateAccount(userFrom(r.Context())) {
		return huoshui.ErrForbidden
	}
	p := &userFormPage{Form: newForm(nil)}
	p.Crumbs = []crumb{{"/admin/users", s.msgs.T(langFrom(r), "admin.users.title")}, {"", s.msgs.T(langFrom(r), "admin.new.title")}}
	return s.render(w, r, http.StatusOK, "admin_user_form", p)
}

// userCreate adds an account with the initial password the administrator
// typed. It holds no role yet (the security administrator grants them) and
// its owner must choose a new password at the first sign-in.
func (s *Server) userCreate(w http.ResponseWriter, r *http.Request) error {
	me := userFrom(r.Context())
	if !auth.CanCreateAccount(me) {
		return huoshui.ErrForbidden
	}
	lang := langFrom(r)
	// password is what the administrator typed; it never goes back.
	type account struct {
		u        *huoshui.User
		password string
	}
	return submit(s, w, r, formFlow[account]{
		Hide: []string{"password"},
		Read: func(v url.Values, ve *huoshui.ValidationError) (account, error) {
			// An account is linked to a person's member record by an
			// officer who may see that record (on the member's page),
			// never here: an administrator must not reach member records
			// through a link.
			a := account{&huoshui.User{Username: v.Get("username"), DisplayName: v.Get("display_name"), MustChangePassword: true}, v.Get("password")}
			ve.Merge(a.u.Validate())
			ve.Merge(auth.CheckNewPassword(a.password, a.u.Username))
			return a, nil
		},
		Save: func(a account) error {
			hash, err := auth.HashPassword(a.password)
			if err != nil {
				return err
			}
			a.u.PasswordHash = hash
			return s.store.CreateUser(r.Context(), s.actor(r), a.u)
		},
		Page: func(code int, f form) error {
			p := &userFormPage{Form: f}
			p.Crumbs = []crumb{{"/admin/users", s.msgs.T(lang, "admin.users.title")}, {"", s.msgs.T(lang, "admin.new.title")}}
			return s.render(w, r, code, "admin_user_form", p)
		},
		Flash: "admin.flash.created",
		Next: func(a account) string {
			// A new account holds no role: only administrators at a root
			// node manage it, so others go back to the list.
			if a.u.Within(auth.AccountScope(me)) {
				return fmt.Sprintf("/admin/users/%d", a.u.ID)
			}
			return "/admin/users"
		},
	})
}

// userViewPage is one account with what the reader may do to it. Confirm
// names the action whose confirmation is shown ("reset", "disable",
// "revoke"), chosen by ?do= on the page's own address.
type userViewPage struct {
	Page
	Account     *huoshui.User
	Now         time.Time
	Self        bool
	CanAccounts bool // reset, disable, enable
	CanRoles    bool // grant, revoke, unlock
	Confirm     string
	RevokeRole  *huoshui.Role
	Orgs        []*huoshui.Org // where a role may be granted
	RoleKinds   []huoshui.RoleKind
	GrantForm   form
	ResetForm   form
	NewPassword string // a generated password, shown once
	// Two-person resets (admin_reset.go): whether this account needs one,
	// its open request, and the half of the code this answer shows once.
	TwoPerson bool
	Reset     *huoshui.PasswordReset
	ResetHalf string
	me        *huoshui.User
}

// CanRevoke reports whether the reader may revoke role rl of the account
// here (the audit role is revoked only on the server).
func (p *userViewPage) CanRevoke(rl huoshui.Role) bool {
	return auth.CanRevokeRole(p.me, p.Account, rl) == nil
}

// Status says how the account stands.
func (p *userViewPage) Status() string { return p.T(accountStatus(p.Account, p.Now)) }

// Locked reports whether the account is locked now.
func (p *userViewPage) Locked() bool { return p.Account.Locked(p.Now) }

// LockedUntil is when the lock ends (zero when there is none).
func (p *userViewPage) LockedUntil() time.Time {
	if p.Account.LockedUntil == nil {
		return time.Time{}
	}
	return *p.Account.LockedUntil
}

// DisabledAt is when the account was disabled (zero when it is not).
func (p *userViewPage) DisabledAt() time.Time {
	if p.Account.DisabledAt == nil {
		return time.Time{}
	}
	return *p.Account.DisabledAt
}

// Indent shows a node's depth in the select of nodes.
func (p *userViewPage) Indent(o *huoshui.Org) string { return strings.Repeat("　", max(0, o.Depth())) }

func (s *Server) newUserViewPage(r *http.Request, t *huoshui.User, ra adminRights) (*userViewPage, error) {
	me := userFrom(r.Context())
	p := &userViewPage{Account: t, Now: s.now(), Self: t.ID == me.ID, RoleKinds: auth.GrantableKinds(me),
		GrantForm: newForm(nil), ResetForm: newForm(nil), me: me}
	p.CanAccounts = auth.Manages(me, t, auth.ManageAccounts)
	p.CanRoles = auth.Manages(me, t, auth.ManageRoles)
	if err := s.loadReset(r, p); err != nil {
		return nil, err
	}
	if p.CanRoles {
		orgs, err := s.store.FindOrgs(r.Context(), huoshui.OrgFilter{Scope: ra.roles})
		if err != nil {
			return nil, err
		}
		p.Orgs = orgs
	}
	p.Crumbs = []crumb{{"/admin/users", s.msgs.T(langFrom(r), "admin.users.title")}, {"", t.DisplayName}}
	return p, nil
}

func (s *Server) userView(w http.ResponseWriter, r *http.Request) error {
	t, ra, err := s.findManagedUser(r)
	if err != nil {
		return err
	}
	p, err := s.newUserViewPage(r, t, ra)
	if err != nil {
		return err
	}
	switch do := r.URL.Query().Get("do"); {
	case (do == "reset" || do == "disable") && p.CanAccounts:
		p.Confirm = do
	case do == "revoke" && p.CanRoles:
		id, _ := strconv.ParseInt(r.URL.Query().Get("role"), 10, 64)
		for i := range t.Roles {
			if t.Roles[i].ID == id && p.CanRevoke(t.Roles[i]) {
				p.Confirm, p.RevokeRole = do, &t.Roles[i]
			}
		}
	}
	return s.render(w, r, http.StatusOK, "admin_user_view", p)
}

// userResetPassword sets a temporary password: the one the administrator
// typed, or a strong random one shown once on the page. The owner must
// change it at the next sign-in; every session of the account ends.
func (s *Server) userResetPassword(w http.ResponseWriter, r *http.Request) error {
	t, ra, err := s.managedFor(w, r, auth.ManageAccounts)
	if err != nil {
		return answered(err)
	}
	// generated: the password was made here and is shown once.
	type reset struct {
		password  string
		generated bool
	}
	if t.NeedsTwoPeople() {
		return s.requestReset(w, r, t, ra)
	}
	return submit(s, w, r, formFlow[reset]{
		Hide: []string{"password"},
		Read: func(v url.Values, ve *huoshui.ValidationError) (reset, error) {
			in := reset{password: v.Get("password")}
			if in.password != "" {
				ve.Merge(auth.CheckNewPassword(in.password, t.Username))
				return in, nil
			}
			var err error
			in.password, err = generatePassword(t.Username)
			in.generated = true
			return in, err
		},
		Save: func(in reset) error {
			hash, err := auth.HashPassword(in.password)
			if err != nil {
				return err
			}
			if err := s.store.ResetPassword(r.Context(), s.actor(r), t.ID, hash); errors.Is(err, huoshui.ErrConflict) {
				// A role above member was granted meanwhile: the reset
				// needs two people now.
				flash(w, "hardening.reset.needs_two")
				http.Redirect(w, r, fmt.Sprintf("/admin/users/%d", t.ID), http.StatusSeeOther)
				return errWritten
			} else if err != nil {
				return err
			}
			if !in.generated {
				return nil
			}
			// A generated password is shown on this answer only: it is
			// never kept, neither in a cookie nor in the address.
			nt, err := s.store.FindUserByID(r.Context(), ra.sees, t.ID)
			if err != nil {
				return err
			}
			p, err := s.newUserViewPage(r, nt, ra)
			if err != nil {
				return err
			}
			p.NewPassword = in.password
			w.Header().Set("Cache-Control", "no-store")
			if err := s.render(w, r, http.StatusOK, "admin_user_view", p); err != nil {
				return err
			}
			return errWritten
		},
		Page: func(code int, f form) error {
			p, err := s.newUserViewPage(r, t, ra)
			if err != nil {
				return err
			}
			p.Confirm, p.ResetForm = "reset", f
			return s.render(w, r, code, "admin_user_view", p)
		},
		Flash: "admin.flash.reset",
		Next:  func(reset) string { return fmt.Sprintf("/admin/users/%d", t.ID) },
	})
}

// passwordAlphabet leaves out characters people confuse when they read a
// password aloud or copy it from paper (0/O, 1/l/I).
const passwordAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789#%+=@"

// generatePassword returns a random 12-character password that meets the
// password rules for username.
func generatePassword(username string) (string, error) {
	n := big.NewInt(int64(len(passwordAlphabet)))
	for {
		b := make([]byte, 12)
		for i := range b {
			k, err := rand.Int(rand.Reader, n)
			if err != nil {
				return "", fmt.Errorf("generate password: %w", err)
			}
			b[i] = passwordAlphabet[k.Int64()]
		}
		pw := string(b)
		if huoshui.CheckPassword(pw, username) == nil && strings.ContainsAny(pw, "23456789") && strings.ContainsAny(pw, "#%+=@") {
			return pw, nil
		}
	}
}

func (s *Server) userDisable(w http.ResponseWriter, r *http.Request) error {
	t, _, err := s.managedFor(w, r, auth.ManageAccounts)
	if err != nil {
		return answered(err)
	}
	return submit(s, w, r, formFlow[struct{}]{
		Save:  func(struct{}) error { return s.store.DisableUser(r.Context(), s.actor(r), t.ID) },
		Flash: "admin.flash.disabled",
		Next:  func(struct{}) string { return fmt.Sprintf("/admin/users/%d", t.ID) },
	})
}

func (s *Server) userEnable(w http.ResponseWriter, r *http.Request) error {
	t, _, err := s.managedFor(w, r, auth.ManageAccounts)
	if err != nil {
		return answered(err)
	}
	return submit(s, w, r, formFlow[struct{}]{
		Save:  func(struct{}) error { return s.store.EnableUser(r.Context(), s.actor(r), t.ID) },
		Flash: "admin.flash.enabled",
		Next:  func(struct{}) string { return fmt.Sprintf("/admin/users/%d", t.ID) },
	})
}

// userGrantRole gives the account a role at a node inside the security
// administrator's part of the tree. The separation of the administrators
// is the store's rule; its message shows next to the role.
func (s *Server) userGrantRole(w http.ResponseWriter, r *http.Request) error {
	t, ra, err := s.managedFor(w, r, auth.ManageRoles)
	if err != nil {
		return answered(err)
	}
	return submit(s, w, r, formFlow[huoshui.Role]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (huoshui.Role, error) {
			role := huoshui.Role{Kind: huoshui.RoleKind(v.Get("kind"))}
			role.OrgID, _ = strconv.ParseInt(strings.TrimSpace(v.Get("org_id")), 10, 64)
			grant := role
			if role.OrgID > 0 {
				org, err := s.store.FindOrgByID(r.Context(), ra.roles, role.OrgID)
				if err != nil && !errors.Is(err, huoshui.ErrNotFound) {
					return role, err
				}
				if org != nil && org.ArchivedAt == nil {
					grant.OrgPath = org.Path
				}
			}
			if err := auth.CanGrantRole(userFrom(r.Context()), t, grant); err != nil && !ve.Merge(err) {
				return role, err
			}
			return role, nil
		},
		Save: func(role huoshui.Role) error {
			_, err := s.store.GrantRole(r.Context(), s.actor(r), t.ID, role)
			return err
		},
		Page: func(code int, f form) error {
			p, err := s.newUserViewPage(r, t, ra)
			if err != nil {
				return err
			}
			p.GrantForm = f
			return s.render(w, r, code, "admin_user_view", p)
		},
		Flash: "admin.flash.granted",
		Next:  func(huoshui.Role) string { return fmt.Sprintf("/admin/users/%d", t.ID) },
	})
}

func (s *Server) userRevokeRole(w http.ResponseWriter, r *http.Request) error {
	t, ra, err := s.findManagedUser(r)
	if err != nil {
		return err
	}
	roleID, err := pathID(r, "role")
	if err != nil {
		return err
	}
	var rl *huoshui.Role
	for i := range t.Roles {
		if t.Roles[i].ID == roleID {
			rl = &t.Roles[i]
		}
	}
	if rl == nil {
		return fmt.Errorf("role %d of user %d: %w", roleID, t.ID, huoshui.ErrNotFound)
	}
	if err := auth.CanRevokeRole(userFrom(r.Context()), t, *rl); err != nil {
		return err
	}
	return submit(s, w, r, formFlow[struct{}]{
		Save:  func(struct{}) error { return s.store.RevokeRole(r.Context(), s.actor(r), t.ID, roleID) },
		Flash: "admin.flash.revoked",
		Next: func(struct{}) string {
			// With its last role gone the account may leave this
			// administrator's part of the tree; the list is always there
			// to go back to.
			if _, err := s.store.FindUserByID(r.Context(), ra.sees, t.ID); err == nil {
				return fmt.Sprintf("/admin/users/%d", t.ID)
			}
			return "/admin/users"
		},
	})
}

func (s *Server) userUnlock(w http.ResponseWriter, r *http.Request) error {
	t, _, err := s.managedFor(w, r, auth.ManageRoles)
	if err != nil {
		return answered(err)
	}
	return submit(s, w, r, formFlow[struct{}]{
		Save:  func(struct{}) error { return s.store.Unlock(r.Context(), s.actor(r), t.ID) },
		Flash: "admin.flash.unlocked",
		Next:  func(struct{}) string { return fmt.Sprintf("/admin/users/%d", t.ID) },
	})
}
