package web

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
)

// Withdrawing (撤销) a payment recorded in error: an officer who records
// the branch's dues opens the confirmation from the ledger line, and on
// confirming the month is unpaid again (store.WithdrawDuesPayment; the
// audit log keeps what the payment was).

type duesWithdrawPage struct {
	Page
	Org *huoshui.Org
	P   *store.DuesPaymentLine
	// Back is the ledger of the payment's month.
	Back string
}

// Yuan writes fen as yuan.
func (p *duesWithdrawPage) Yuan(fen int64) string { return huoshui.FormatYuan(fen) }

// withdrawablePayment loads the branch and the payment in the path for
// one who records the branch's dues: 404 outside the ledger's readers and
// for a payment of another branch, 403 for a reader who may not record.
func (s *Server) withdrawablePayment(r *http.Request) (*huoshui.Org, *store.DuesPaymentLine, error) {
	o, err := s.editableDues(r)
	if err != nil {
		return nil, nil, err
	}
	pid, err := pathID(r, "pid")
	if err != nil {
		return nil, nil, err
	}
	p, err := s.store.FindDuesPaymentByID(r.Context(), huoshui.Scope{Paths: []string{o.Path}}, pid)
	if err != nil {
		return nil, nil, err
	}
	if p.OrgID != o.ID {
		return nil, nil, fmt.Errorf("dues payment %d not of org %d: %w", pid, o.ID, huoshui.ErrNotFound)
	}
	return o, p, nil
}

// duesWithdrawConfirm shows GET /orgs/{id}/dues/payments/{pid}/withdraw.
func (s *Server) duesWithdrawConfirm(w http.ResponseWriter, r *http.Request) error {
	o, p, err := s.withdrawablePayment(r)
	if err != nil {
		return err
	}
	lang := langFrom(r)
	page := &duesWithdrawPage{Org: o, P: p, Back: fmt.Sprintf("/orgs/%d/dues?month=%s#m%d", o.ID, p.Month, p.MemberID)}
	page.Crumbs = []crumb{{Href: "/orgs", Label: s.msgs.T(langFrom(r), "orgs.title")}, {Href: fmt.Sprintf("/orgs/%d", o.ID), Label: o.Name},
		{Href: fmt.Sprintf("/orgs/%d/dues?month=%s", o.ID, p.Month), Label: s.msgs.T(lang, "dues.title")},
		{Label: s.msgs.T(lang, "dues.withdraw.title")}}
	return s.render(w, r, http.StatusOK, "dues_withdraw", page)
}

// duesWithdraw keeps POST /orgs/{id}/dues/payments/{pid}/withdraw.
func (s *Server) duesWithdraw(w http.ResponseWriter, r *http.Request) error {
	o, p, err := s.withdrawablePayment(r)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[struct{}]{
		Read: func(url.Values, *huoshui.ValidationError) (struct{}, error) { return struct{}{}, nil },
		Save: func(struct{}) error {
			_, err := s.store.WithdrawDuesPayment(r.Context(), s.actor(r), huoshui.Scope{Paths: []string{o.Path}}, p.ID)
			return err
		},
		Flash: "dues.withdraw.done",
		FlashArgs: func(struct{}) []any {
			return []any{"Name", p.Name, "Month", p.Month.String(), "Amount", huoshui.FormatYuan(p.AmountFen)}
		},
		Next: func(struct{}) string { return fmt.Sprintf("/orgs/%d/dues?month=%s#m%d", o.ID, p.Month, p.MemberID) },
	})
}
