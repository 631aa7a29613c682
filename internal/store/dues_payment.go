package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/rules"
)

// Payments of dues. One per member and month, held by the unique index
// dues_payments_member_month when two officers record the same month at
// once. Each payment recorded or withdrawn moves its branch's kept total
// for the month (dues_org_months) in the same transaction, so the
// organiser's roll-up and the statistics return read sums, never
// payments.

// RecordDuesPayment records p, a month's dues of a member in scope, paid
// on p.PaidOn, checked on today by rules.CheckPayment: a month already
// paid, one before the member owes dues, more than a year ahead or paid
// after today is refused with the rule, and nothing is written.
func (s *Store) RecordDuesPayment(ctx context.Context, a huoshui.Actor, scope huoshui.Scope, p *huoshui.DuesPayment, today huoshui.Date) error {
	_, err := s.RecordDuesPayments(ctx, a, scope, []*huoshui.DuesPayment{p}, today)
	var ve *huoshui.ValidationError
	if errors.As(err, &ve) {
		for i := range ve.Fields {
			ve.Fields[i].Row = 0
		}
	}
	return err
}

// RecordDuesPayments records several payments in one transaction: all of
// them or, when any is refused, none (the refusal names its row, counted
// from 1). It returns how many were recorded.
func (s *Store) RecordDuesPayments(ctx context.Context, a huoshui.Actor, scope huoshui.Scope, ps []*huoshui.DuesPayment, today huoshui.Date) (int, error) {
	ve := &huoshui.ValidationError{}
	for i, p := range ps {
		if err := p.Validate(); err != nil {
			var pv *huoshui.ValidationError
			if errors.As(err, &pv) {
				for _, f := range pv.Fields {
					f.Row = i + 1
					ve.Fields = append(ve.Fields, f)
				}
				continue
			}
			return 0, err
		}
	}
	if err := ve.Err(); err != nil {
		return 0, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		for i, p := range ps {
			if err := s.insertPayment(ctx, tx, a, scope, p, today); err != nil {
				var re *rules.RuleError
				if errors.As(err, &re) {
					v := re.Validation("month")
					v.Fields[0].Row = i + 1
					return v
				}
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return len(ps), nil
}

// insertPayment writes one payment, its branch's month total and its
// audit record inside tx.
func (s *Store) insertPayment(ctx context.Context, tx *sql.Tx, a huoshui.Actor, scope huoshui.Scope, p *huoshui.DuesPayment, today huoshui.Date) error {
	w := &where{}
	w.add("m.id = ?", p.MemberID)
	w.addScope(scope, "o.path", "")
	var orgID int64
	var status huoshui.MemberStatus
	var archived sql.NullTime
	var first int
	err := tx.QueryRowContext(ctx, `SELECT m.org_id, m.status, m.archived_at,
		COALESCE((SELECT MIN(x.from_month) FROM dues_salaries x WHERE x.member_id = m.id), -1)
		FROM members m JOIN orgs o ON o.id = m.org_id`+w.String(), w.args...).Scan(&orgID, &status, &archived, &first)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: dues of member %d: %w", p.MemberID, huoshui.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("store: dues of member %d: %w", p.MemberID, err)
	}
	if archived.Valid || (status != huoshui.StatusFull && status != huoshui.StatusProbationary) {
		return fmt.Errorf("store: dues of member %d, who owes none: %w", p.MemberID, huoshui.ErrNotFound)
	}
	var from huoshui.YearMonth
	if first >= 0 {
		from = duesMonth(first)
	}
	var paid []huoshui.YearMonth
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM dues_payments WHERE member_id = $1 AND month = $2`,
		p.MemberID, duesIndex(p.Month)).Scan(&n); err != nil {
		return fmt.Errorf("store: dues of member %d: %w", p.MemberID, err)
	}
	if n > 0 {
		paid = append(paid, p.Month)
	}
	if err := rules.CheckPayment(*p, paid, from, today); err != nil {
		return err
	}
	p.RecordedBy, p.RecordedAt = a.UserID, s.now()
	err = tx.QueryRowContext(ctx, `INSERT INTO dues_payments (member_id, org_id, month, amount_fen, method, paid_on, note, recorded_by, recorded_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		p.MemberID, orgID, duesIndex(p.Month), p.AmountFen, string(p.Method), p.PaidOn, p.Note, nullInt(a.UserID), p.RecordedAt).Scan(&p.ID)
	if s.d.isUniqueViolation(err, "dues_payments_member_month") {
		// Another officer recorded the month since it was read.
		return &rules.RuleError{Code: "dues.month_paid", Args: []any{"Month", p.Month.String()}}
	}
	if err != nil {
		return fmt.Errorf("store: record dues of member %d: %w", p.MemberID, err)
	}
	if err := s.moveDuesTotal(ctx, tx, orgID, p.Month, p.AmountFen, 1); err != nil {
		return err
	}
	return s.audit(ctx, tx, a, huoshui.AuditCreate, "dues_payment", p.ID, orgID, nil, p)
}

// moveDuesTotal adds fen and n payments to org's kept total for month.
func (s *Store) moveDuesTotal(ctx context.Context, tx *sql.Tx, orgID int64, month huoshui.YearMonth, fen int64, n int) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO dues_org_months (org_id, month, paid_fen, payments) VALUES ($1, $2, $3, $4)
		ON CONFLICT (org_id, month) DO UPDATE SET paid_fen = dues_org_months.paid_fen + excluded.paid_fen,
		payments = dues_org_months.payments + excluded.payments`, orgID, duesIndex(month), fen, n)
	if err != nil {
		return fmt.Errorf("store: dues total of org %d: %w", orgID, err)
	}
	return nil
}

// WithdrawDuesPayment removes a payment recorded in error (its month is
// unpaid again), of a member in scope; its branch's month total moves
// back and the audit keeps what it was.
func (s *Store) WithdrawDuesPayment(ctx context.Context, a huoshui.Actor, scope huoshui.Scope, id int64) (*huoshui.DuesPayment, error) {
	var p huoshui.DuesPayment
	err := s.tx(ctx, func(tx *sql.Tx) error {
		w := &where{}
		w.add("p.id = ?", id)
		w.addScope(scope, "o.path", "")
		var orgID int64
		var month int
		err := tx.QueryRowContext(ctx, `SELECT p.id, p.member_id, p.org_id, p.month, p.amount_fen, p.method, p.paid_on, p.note,
			COALESCE(p.recorded_by, 0), p.recorded_at FROM dues_payments p JOIN orgs o ON o.id = p.org_id`+w.String()+s.d.forUpdate("p"), w.args...).
			Scan(&p.ID, &p.MemberID, &orgID, &month, &p.AmountFen, &p.Method, &p.PaidOn, &p.Note, &p.RecordedBy, &p.RecordedAt)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: dues payment %d: %w", id, huoshui.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: dues payment %d: %w", id, err)
		}
		p.Month = duesMonth(month)
		if _, err := tx.ExecContext(ctx, `DELETE FROM dues_payments WHERE id = $1`, id); err != nil {
			return fmt.Errorf("store: withdraw dues payment %d: %w", id, err)
		}
		if err := s.moveDuesTotal(ctx, tx, orgID, p.Month, -p.AmountFen, -1); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, huoshui.AuditDelete, "dues_payment", id, orgID, p, nil)
	})
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// FindDuesPayments lists member id's payments, newest month first,
// through the reader's scope (the member's own, or their branch's
// officers'); ErrNotFound outside it.
func (s *Store) FindDuesPayments(ctx context.Context, scope huoshui.Scope, id int64, limit int) ([]huoshui.DuesPayment, error) {
	if _, err := s.FindMemberByID(ctx, scope, id); err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT id, member_id, month, amount_fen, method, paid_on, note, COALESCE(recorded_by, 0), recorded_at
		FROM dues_payments WHERE member_id = $1 ORDER BY month DESC LIMIT $2`, id, limit)
	if err != nil {
		return nil, fmt.Errorf("store: dues payments of member %d: %w", id, err)
	}
	defer rows.Close()
	out := []huoshui.DuesPayment{}
	for rows.Next() {
		var p huoshui.DuesPayment
		var month int
		if err := rows.Scan(&p.ID, &p.MemberID, &month, &p.AmountFen, &p.Method, &p.PaidOn, &p.Note, &p.RecordedBy, &p.RecordedAt); err != nil {
			return nil, fmt.Errorf("store: scan dues payment: %w", err)
		}
		p.Month, p.RecordedAt = duesMonth(month), p.RecordedAt.UTC()
		out = append(out, p)
	}
	return out, rows.Err()
}

// The one-payment-per-month index, by the columns SQLite reports.
func init() {
	sqliteUniqueNames["dues_payments.member_id, dues_payments.month"] = "dues_payments_member_month"
}
