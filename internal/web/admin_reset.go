package web

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
)

// Two-person password resets (huoshui.PasswordReset): the password of an
// account holding a role above member is reset by two administrators, so
// that neither can sign in as the officer. The system administrator asks
// (POST …/reset) and is shown the first half of a one-time sign-in code;
// the security administrator approves (POST …/reset/approve) and is shown
// the second half. Each hands their half to the officer, who signs in
// with both once and must then choose a password. Either administrator
// may withdraw the request (POST …/reset/cancel). Every step is audited.

// loadReset puts the account's open, unlapsed request on its page.
func (s *Server) loadReset(r *http.Request, p *userViewPage) error {
	p.TwoPerson = p.Account.NeedsTwoPeople()
	if !p.CanAccounts && !p.CanRoles {
		return nil
	}
	rr, err := s.store.FindPasswordReset(r.Context(), p.Account.ID)
	if errors.Is(err, huoshui.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if !rr.Lapsed(s.now()) && rr.Kind != huoshui.ResetFirstSignIn {
		p.Reset = rr
	}
	return nil
}

// requestReset is the system administrator's step: it opens the request
// and shows the first half of the code, once.
func (s *Server) requestReset(w http.ResponseWriter, r *http.Request, t *huoshui.User, ra adminRights) error {
	// While a request is open the page offers no second one; a form sent
	// again (a reload of the page with the first half) must not silently
	// replace the request whose half is already handed out. To start over,
	// the request is withdrawn first.
	open, err := s.store.FindPasswordReset(r.Context(), t.ID)
	if err != nil && !errors.Is(err, huoshui.ErrNotFound) {
		return err
	}
	if err == nil && !open.Lapsed(s.now()) {
		flash(w, "security.reset.already_open")
		http.Redirect(w, r, fmt.Sprintf("/admin/users/%d", t.ID), http.StatusSeeOther)
		return nil
	}
	half, hash, err := auth.NewResetHalf()
	if err != nil {
		return err
	}
	if err := s.store.RequestPasswordReset(r.Context(), s.actor(r), t.ID, hash); err != nil {
		return err
	}
	return s.showResetHalf(w, r, t, ra, half)
}

// userApproveReset is the security administrator's step: it approves the
// open request, which ends the account's password and sessions, and shows
// the second half of the code, once.
func (s *Server) userApproveReset(w http.ResponseWriter, r *http.Request) error {
	t, ra, err := s.managedFor(w, r, auth.ManageRoles)
	if err != nil {
		return answered(err)
	}
	half, hash, err := auth.NewResetHalf()
	if err != nil {
		return err
	}
	err = s.store.ApprovePasswordReset(r.Context(), s.actor(r), t.ID, hash)
	if errors.Is(err, huoshui.ErrNotFound) || errors.Is(err, huoshui.ErrConflict) {
		flash(w, "security.reset.nothing_to_approve")
		http.Redirect(w, r, fmt.Sprintf("/admin/users/%d", t.ID), http.StatusSeeOther)
		return nil
	}
	if err != nil {
		return err
	}
	return s.showResetHalf(w, r, t, ra, half)
}

// showResetHalf answers with the account's page and one half of the code.
// The half is on this answer only: never kept, neither in a cookie nor in
// the address.
func (s *Server) showResetHalf(w http.ResponseWriter, r *http.Request, t *huoshui.User, ra adminRights, half string) error {
	t, err := s.store.FindUserByID(r.Context(), ra.sees, t.ID)
	if err != nil {
		return err
	}
	p, err := s.newUserViewPage(r, t, ra)
	if err != nil {
		return err
	}
	p.ResetHalf = half
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, http.StatusOK, "admin_user_view", p)
}

// userCancelReset withdraws the open request; either administrator may.
func (s *Server) userCancelReset(w http.ResponseWriter, r *http.Request) error {
	t, _, err := s.findManagedUser(r)
	if err != nil {
		return err
	}
	if err := auth.CanWithdrawReset(userFrom(r.Context()), t); err != nil {
		return err
	}
	return submit(s, w, r, formFlow[struct{}]{
		Save: func(struct{}) error {
			// A request already withdrawn or used leaves nothing to cancel.
			if err := s.store.CancelPasswordReset(r.Context(), s.actor(r), t.ID); err != nil && !errors.Is(err, huoshui.ErrNotFound) {
				return err
			}
			return nil
		},
		Flash: "security.reset.cancelled",
		Next:  func(struct{}) string { return fmt.Sprintf("/admin/users/%d", t.ID) },
	})
}
