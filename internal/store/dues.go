package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/rules"
)

// Dues (党费): declared salaries and the ledger read from them and from
// the payments (dues_payment.go). Months are stored as integers (monthIndex)
// so that they compare and subtract in SQL; money is in fen.

// duesIndex is m as stored: year*12 + month - 1.
func duesIndex(m huoshui.YearMonth) int { return m.Year*12 + int(m.Month) - 1 }

// duesMonth reads a stored month.
func duesMonth(i int) huoshui.YearMonth {
	return huoshui.YearMonth{Year: i / 12, Month: time.Month(i%12 + 1)}
}

// DuesLine is one member's line of a branch's monthly ledger: the salary
// that sets the month's dues and the dues, the month's payment, and what
// the member owes up to the last due month.
type DuesLine struct {
	MemberID int64
	OrgID    int64
	OrgPath  string
	Name     string
	Status   huoshui.MemberStatus
	// Salary is the one that applies to the month (nil: none declared by
	// then); Due its dues, valid when HasDue.
	Salary *huoshui.Salary
	Due    int64
	HasDue bool
	// Payment is the month's, nil when unpaid.
	Payment *huoshui.DuesPayment
	// From is the first month the member owes dues: the month their
	// first declared salary is first paid (zero: none declared).
	From huoshui.YearMonth
	// Unpaid counts the months from From to the last due month without a
	// payment; Run those in a row up to it, from Since (the 自行脱党 rule).
	Unpaid int
	Run    int
	Since  huoshui.YearMonth
}

// Arrears gives the line's arrears as rules.ArrearsWarning reads them.
func (l *DuesLine) Arrears() rules.ArrearsInfo { return rules.ArrearsInfo{Run: l.Run, Since: l.Since} }

// duesLineSQL reads each member's line for a month ($M) through a last due
// month ($T): every part is a probe or a short range of an index on
// member_id, so a branch of 50 members costs 50 × a handful of probes.
const duesLineSQL = `SELECT m.id, m.org_id, o.path, m.name, m.status,
	COALESCE(sa.id, 0), COALESCE(sa.from_month, 0), COALESCE(sa.kind, ''), COALESCE(sa.income_fen, 0),
	COALESCE(p.id, 0), COALESCE(p.amount_fen, 0), COALESCE(p.method, ''), p.paid_on, COALESCE(p.note, ''),
	COALESCE(p.recorded_by, 0),
	COALESCE((SELECT MIN(x.from_month) FROM dues_salaries x WHERE x.member_id = m.id), -1),
	(SELECT COUNT(*) FROM dues_payments y WHERE y.member_id = m.id AND y.month <= $T
		AND y.month >= (SELECT MIN(x.from_month) FROM dues_salaries x WHERE x.member_id = m.id)),
	COALESCE((SELECT MAX(z.month) FROM dues_payments z WHERE z.member_id = m.id AND z.month <= $T), -1)
	FROM members m JOIN orgs o ON o.id = m.org_id
	LEFT JOIN dues_salaries sa ON sa.id = (SELECT x.id FROM dues_salaries x
		WHERE x.member_id = m.id AND x.from_month <= $M ORDER BY x.from_month DESC, x.id DESC LIMIT 1)
	LEFT JOIN dues_payments p ON p.member_id = m.id AND p.month = $M`

// duesLines runs duesLineSQL with the conditions of w (whose first two
// arguments are the month and the last due month, as $1 and $2).
func (s *Store) duesLines(ctx context.Context, w *where, order string) ([]*DuesLine, error) {
	q := duesLineSQL
	q = replaceParam(q, "$M", "$1")
	q = replaceParam(q, "$T", "$2")
	w.add("m.archived_at IS NULL")
	w.add("m.status IN ('probationary', 'full')")
	rows, err := s.r.QueryContext(ctx, q+w.String()+order, w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: dues ledger: %w", err)
	}
	defer rows.Close()
	month, through := duesMonth(w.args[0].(int)), duesMonth(w.args[1].(int))
	var out []*DuesLine
	for rows.Next() {
		l := &DuesLine{}
		var sal huoshui.Salary
		var salFrom, first, paidCount, lastPaid int
		var pay huoshui.DuesPayment
		if err := rows.Scan(&l.MemberID, &l.OrgID, &l.OrgPath, &l.Name, &l.Status,
			&sal.ID, &salFrom, &sal.Kind, &sal.IncomeFen,
			&pay.ID, &pay.AmountFen, &pay.Method, &pay.PaidOn, &pay.Note, &pay.RecordedBy,
			&first, &paidCount, &lastPaid); err != nil {
			return nil, fmt.Errorf("store: scan dues line: %w", err)
		}
		if sal.ID != 0 {
			sal.MemberID, sal.From = l.MemberID, duesMonth(salFrom)
			l.Salary = &sal
			if due, err := rules.MonthlyDues(sal.IncomeFen, sal.Kind); err == nil {
				l.Due, l.HasDue = due, true
			}
		}
		if pay.ID != 0 {
			pay.MemberID, pay.Month = l.MemberID, month
			l.Payment = &pay
		}
		if first >= 0 {
			l.From = duesMonth(first)
			l.fillArrears(through, paidCount, lastPaid)
		}
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: dues ledger: %w", err)
	}
	return out, nil
}

// fillArrears counts the unpaid months from l.From through `through`
// from the number of months paid in that span and the last month paid
// by then (-1: none), as rules.Arrears counts them from the payments.
func (l *DuesLine) fillArrears(through huoshui.YearMonth, paidCount, lastPaid int) {
	if through.Before(l.From) {
		return
	}
	l.Unpaid = through.Sub(l.From) + 1 - paidCount
	last := duesMonth(lastPaid)
	if lastPaid >= 0 && !last.Before(l.From) {
		l.Run = through.Sub(last)
		if l.Run > 0 {
			l.Since = last.Add(1)
		}
		return
	}
	l.Run, l.Since = through.Sub(l.From)+1, l.From
}

// replaceParam swaps a named placeholder for a numbered one.
func replaceParam(q, name, num string) string {
	out := []byte{}
	for i := 0; i < len(q); {
		if i+len(name) <= len(q) && q[i:i+len(name)] == name {
			out = append(out, num...)
			i += len(name)
			continue
		}
		out = append(out, q[i])
		i++
	}
	return string(out)
}

// FindDuesLedger lists the monthly ledger of branch orgID for month: a
// line per full or probationary member, by name, with arrears counted up
// to through (usually rules.LastDueMonth of today). Only the lines scope
// covers are read: an officer's scope covers the branch, a member's only
// their own line.
func (s *Store) FindDuesLedger(ctx context.Context, scope huoshui.Scope, orgID int64, month, through huoshui.YearMonth) ([]*DuesLine, error) {
	w := &where{}
	w.arg(duesIndex(month))
	w.arg(duesIndex(through))
	w.add("m.org_id = ?", orgID)
	w.addScope(scope, "o.path", "m.id")
	return s.duesLines(ctx, w, " ORDER BY m.name, m.id")
}

// FindMemberDuesLine is member id's line for month, through the reader's
// scope (ErrNotFound outside it, or for a member who owes no dues).
func (s *Store) FindMemberDuesLine(ctx context.Context, scope huoshui.Scope, id int64, month, through huoshui.YearMonth) (*DuesLine, error) {
	w := &where{}
	w.arg(duesIndex(month))
	w.arg(duesIndex(through))
	w.add("m.id = ?", id)
	w.addScope(scope, "o.path", "m.id")
	ls, err := s.duesLines(ctx, w, "")
	if err != nil {
		return nil, err
	}
	if len(ls) == 0 {
		return nil, fmt.Errorf("store: dues of member %d: %w", id, huoshui.ErrNotFound)
	}
	return ls[0], nil
}

// SaveSalary records a member's declared monthly income (or pension, or a
// fixed kind) from the month it is first paid: the dues of that month and
// after are recalculated from it, those before stay. The member must lie
// in scope; a refused salary writes nothing.
func (s *Store) SaveSalary(ctx context.Context, a huoshui.Actor, scope huoshui.Scope, sal *huoshui.Salary) error {
	if err := sal.Validate(); err != nil {
		return err
	}
	if _, err := rules.MonthlyDues(sal.IncomeFen, sal.Kind); err != nil {
		var re *rules.RuleError
		if errors.As(err, &re) {
			return re.Validation("income")
		}
		return err
	}
	m, err := s.FindMemberByID(ctx, scope, sal.MemberID)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		sal.RecordedBy, sal.RecordedAt = a.UserID, s.now()
		err := tx.QueryRowContext(ctx, `INSERT INTO dues_salaries (member_id, from_month, kind, income_fen, note, recorded_by, recorded_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			sal.MemberID, duesIndex(sal.From), string(sal.Kind), sal.IncomeFen, sal.Note, nullInt(a.UserID), sal.RecordedAt).Scan(&sal.ID)
		if err != nil {
			return fmt.Errorf("store: save salary of member %d: %w", sal.MemberID, err)
		}
		sal.Seq = sal.ID
		return s.audit(ctx, tx, a, huoshui.AuditCreate, "dues_salary", sal.ID, m.OrgID, nil, sal)
	})
}

// FindSalaries lists member id's declared salaries, newest month first,
// through the reader's scope (ErrNotFound outside it).
func (s *Store) FindSalaries(ctx context.Context, scope huoshui.Scope, id int64) ([]huoshui.Salary, error) {
	if _, err := s.FindMemberByID(ctx, scope, id); err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT id, member_id, from_month, kind, income_fen, note, COALESCE(recorded_by, 0), recorded_at
		FROM dues_salaries WHERE member_id = $1 ORDER BY from_month DESC, id DESC`, id)
	if err != nil {
		return nil, fmt.Errorf("store: salaries of member %d: %w", id, err)
	}
	defer rows.Close()
	out := []huoshui.Salary{}
	for rows.Next() {
		var x huoshui.Salary
		var from int
		if err := rows.Scan(&x.ID, &x.MemberID, &from, &x.Kind, &x.IncomeFen, &x.Note, &x.RecordedBy, &x.RecordedAt); err != nil {
			return nil, fmt.Errorf("store: scan salary: %w", err)
		}
		x.From, x.Seq, x.RecordedAt = duesMonth(from), x.ID, x.RecordedAt.UTC()
		out = append(out, x)
	}
	return out, rows.Err()
}
