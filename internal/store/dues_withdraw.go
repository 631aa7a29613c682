package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/huoshui/huoshui"
)

// DuesPaymentLine is one payment as the withdrawal's confirmation shows
// it: the payment, whose it is and their branch.
type DuesPaymentLine struct {
	huoshui.DuesPayment
	OrgID int64
	Name  string
}

// FindDuesPaymentByID reads payment id of a branch scope covers;
// ErrNotFound outside it.
func (s *Store) FindDuesPaymentByID(ctx context.Context, scope huoshui.Scope, id int64) (*DuesPaymentLine, error) {
	w := &where{}
	w.add("p.id = ?", id)
	w.addScope(scope, "o.path", "")
	var l DuesPaymentLine
	var month int
	err := s.r.QueryRowContext(ctx, `SELECT p.id, p.member_id, m.name, p.org_id, p.month, p.amount_fen, p.method, p.paid_on, p.note,
		COALESCE(p.recorded_by, 0), p.recorded_at FROM dues_payments p JOIN orgs o ON o.id = p.org_id
		JOIN members m ON m.id = p.member_id`+w.String(), w.args...).
		Scan(&l.ID, &l.MemberID, &l.Name, &l.OrgID, &month, &l.AmountFen, &l.Method, &l.PaidOn, &l.Note, &l.RecordedBy, &l.RecordedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: dues payment %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: dues payment %d: %w", id, err)
	}
	l.Month, l.RecordedAt = duesMonth(month), l.RecordedAt.UTC()
	return &l, nil
}
