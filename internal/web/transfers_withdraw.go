package web

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
)

// Withdrawing (撤回) a move to another branch: the sending secretary takes
// it back before the receiving branch answers, after a confirmation page
// that says what happens. Anything else (a move answered already, a
// letter) shows the page with the reason and no button.

type transferWithdrawPage struct {
	Page
	Org     *huoshui.Org
	C       *huoshui.TransferCase
	Refusal string // why it cannot be withdrawn; "" when it can
	Form    form
}

// withdrawable loads the transfer in the path for its sending branch's
// officers: 403 for a reader of the receiving branch, 404 outside both.
func (s *Server) withdrawable(r *http.Request) (*huoshui.Org, *huoshui.TransferCase, error) {
	o, c, err := s.findOrgTransfer(r)
	if err != nil {
		return nil, nil, err
	}
	if c.FromOrgID != o.ID || !auth.CanSendTransfer(userFrom(r.Context()), o.Path) {
		return nil, nil, fmt.Errorf("withdraw transfer %d: %w", c.ID, huoshui.ErrForbidden)
	}
	return o, c, nil
}

func (s *Server) renderTransferWithdraw(w http.ResponseWriter, r *http.Request, code int, o *huoshui.Org, c *huoshui.TransferCase, f form) error {
	lang := langFrom(r)
	p := &transferWithdrawPage{Org: o, C: c, Form: f}
	switch {
	case c.Kind != huoshui.TransferInside:
		p.Refusal = s.msgs.T(lang, "transfers.withdraw_only_inside")
	case c.Status != huoshui.TransferPending:
		p.Refusal = s.msgs.T(lang, "error.transfer.status_"+string(c.Status))
	}
	p.Crumbs = append(s.orgCrumbs(r, o, "transfers.title")[:2],
		crumb{Href: fmt.Sprintf("/orgs/%d/transfers", o.ID), Label: s.msgs.T(lang, "transfers.title")},
		crumb{Href: transferPath(o, c), Label: c.MemberName},
		crumb{Label: s.msgs.T(lang, "transfers.withdraw")})
	return s.render(w, r, code, "transfer_withdraw", p)
}

// transferWithdrawConfirm shows GET /orgs/{id}/transfers/{tid}/withdraw.
func (s *Server) transferWithdrawConfirm(w http.ResponseWriter, r *http.Request) error {
	o, c, err := s.withdrawable(r)
	if err != nil {
		return err
	}
	return s.renderTransferWithdraw(w, r, http.StatusOK, o, c, newForm(nil))
}

// transferWithdraw keeps POST /orgs/{id}/transfers/{tid}/withdraw: the
// move is closed as withdrawn, the member stays in the branch.
func (s *Server) transferWithdraw(w http.ResponseWriter, r *http.Request) error {
	o, c, err := s.withdrawable(r)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[struct{}]{
		Read: func(url.Values, *huoshui.ValidationError) (struct{}, error) { return struct{}{}, nil },
		Save: func(struct{}) error {
			if c.Kind != huoshui.TransferInside {
				ve := &huoshui.ValidationError{}
				ve.Add("status", "transfer.withdraw_only_inside")
				return ve
			}
			_, err := s.store.WithdrawTransfer(r.Context(), s.actor(r), c.ID, s.today())
			return err
		},
		Page: func(code int, f form) error {
			return s.renderTransferWithdraw(w, r, code, o, s.rereadTransfer(r, c), f)
		},
		Flash:     "transfers.withdrawn",
		FlashArgs: func(struct{}) []any { return []any{"Name", c.MemberName} },
		Next:      func(struct{}) string { return transferPath(o, c) },
	})
}

// rereadTransfer is c as it stands now, for a form refused because it was
// answered or withdrawn meanwhile; c itself when it cannot be read.
func (s *Server) rereadTransfer(r *http.Request, c *huoshui.TransferCase) *huoshui.TransferCase {
	now, err := s.store.FindTransferCaseByID(r.Context(), auth.Scope(userFrom(r.Context()), auth.TransferMember), c.ID)
	if err != nil {
		return c
	}
	return now
}
