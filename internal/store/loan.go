package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/huoshui/huoshui"
)

// Loans of the book corner. A copy has at most one open loan (not yet
// returned): the partial unique index loans_open holds it whatever runs at
// once, and each change locks the copy's row first, so that a borrowing,
// a renewal and a return of one copy take turns. The rules themselves (30
// days, one renewal) are internal/rules' and come in as functions.

const loanColumns = `l.id, l.copy_id, l.member_id, l.borrowed_on, l.due_on, l.renewed, l.returned_on, l.created_at,
	l.book_id, b.title, c.label, m.name, l.org_id, o.path`

const loanFrom = ` FROM loans l JOIN book_copies c ON c.id = l.copy_id JOIN books b ON b.id = l.book_id
	JOIN members m ON m.id = l.member_id JOIN orgs o ON o.id = l.org_id`

func (s *Store) queryLoans(ctx context.Context, q querier, query string, args ...any) ([]*huoshui.Loan, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: loans: %w", err)
	}
	defer rows.Close()
	var out []*huoshui.Loan
	for rows.Next() {
		var l huoshui.Loan
		if err := rows.Scan(&l.ID, &l.CopyID, &l.MemberID, &l.BorrowedOn, &l.DueOn, &l.Renewed, &l.ReturnedOn, &l.CreatedAt,
			&l.BookID, &l.BookTitle, &l.CopyLabel, &l.MemberName, &l.OrgID, &l.OrgPath); err != nil {
			return nil, fmt.Errorf("store: loans: %w", err)
		}
		l.CreatedAt = l.CreatedAt.UTC()
		out = append(out, &l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: loans: %w", err)
	}
	return out, nil
}

// loanProblem is a refused loan change, said to the person as a problem
// with the copy: it is out already, it is not out, it was renewed.
func loanProblem(code string, args ...any) error {
	v := &huoshui.ValidationError{}
	v.Add("copy", code, args...)
	return v
}

// lockCopy reads a copy on the shelf inside tx and holds its row until
// the transaction ends, with its open loan, if any.
func (s *Store) lockCopy(ctx context.Context, tx *sql.Tx, id int64) (*huoshui.Copy, error) {
	c, err := scanCopy(tx.QueryRowContext(ctx, "SELECT "+copyColumns+copyFrom+" WHERE c.id = $1"+s.d.forUpdate("c"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: copy %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: lock copy %d: %w", id, err)
	}
	if c.ArchivedAt != nil {
		return nil, loanProblem("loan.copy_archived")
	}
	ls, err := s.queryLoans(ctx, tx, "SELECT "+loanColumns+loanFrom+" WHERE l.copy_id = $1 AND l.returned_on IS NULL", id)
	if err != nil {
		return nil, err
	}
	if len(ls) > 0 {
		c.Loan = ls[0]
	}
	return c, nil
}

func auditLoan(l *huoshui.Loan) any {
	m := map[string]any{"copy_id": l.CopyID, "label": l.CopyLabel, "member_id": l.MemberID,
		"borrowed_on": l.BorrowedOn, "due_on": l.DueOn, "renewed": l.Renewed}
	if !l.ReturnedOn.IsZero() {
		m["returned_on"] = l.ReturnedOn
	}
	return m
}

// Borrow lends a copy to a member of its org's subtree from today, due
// on due(today). A copy out already, archived, or a borrower from
// elsewhere is a problem with the copy, and nothing changes.
func (s *Store) Borrow(ctx context.Context, a huoshui.Actor, copyID, memberID int64, due func(huoshui.Date) huoshui.Date) (*huoshui.Loan, error) {
	var l *huoshui.Loan
	err := s.tx(ctx, func(tx *sql.Tx) error {
		c, err := s.lockCopy(ctx, tx, copyID)
		if err != nil {
			return err
		}
		if c.Loan != nil {
			return loanProblem("loan.on_loan", "Due", c.Loan.DueOn.String())
		}
		var name, path string
		var gone bool
		err = tx.QueryRowContext(ctx, `SELECT m.name, o.path, m.archived_at IS NOT NULL FROM members m JOIN orgs o ON o.id = m.org_id
			WHERE m.id = $1`, memberID).Scan(&name, &path, &gone)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && (gone || !huoshui.PathWithin(path, c.OrgPath))) {
			return loanProblem("loan.member_outside")
		}
		if err != nil {
			return fmt.Errorf("store: borrow: %w", err)
		}
		today := s.today()
		l = &huoshui.Loan{CopyID: c.ID, MemberID: memberID, BorrowedOn: today, DueOn: due(today), CreatedAt: s.now(),
			BookID: c.BookID, BookTitle: c.BookTitle, CopyLabel: c.Label, MemberName: name, OrgID: c.OrgID, OrgPath: c.OrgPath}
		if _, err := tx.ExecContext(ctx, "SAVEPOINT loan_insert"); err != nil {
			return fmt.Errorf("store: borrow: %w", err)
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO loans (copy_id, book_id, org_id, member_id, borrowed_on, due_on, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			l.CopyID, l.BookID, l.OrgID, l.MemberID, l.BorrowedOn, l.DueOn, nullInt(a.UserID), l.CreatedAt).Scan(&l.ID)
		if s.d.isUniqueViolation(err, "loans_open") {
			tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT loan_insert")
			return loanProblem("loan.on_loan_now")
		}
		if err != nil {
			return fmt.Errorf("store: borrow: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE books SET times_borrowed = times_borrowed + 1 WHERE id = $1", l.BookID); err != nil {
			return fmt.Errorf("store: borrow: %w", err)
		}
		return s.audit(ctx, tx, a, huoshui.AuditCreate, "loan", l.ID, l.OrgID, nil, auditLoan(l))
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

// ReturnCopy closes a copy's open loan today. A copy not on loan is a
// problem with the copy, and nothing changes.
func (s *Store) ReturnCopy(ctx context.Context, a huoshui.Actor, copyID int64) (*huoshui.Loan, error) {
	var l *huoshui.Loan
	err := s.tx(ctx, func(tx *sql.Tx) error {
		c, err := s.lockCopy(ctx, tx, copyID)
		if err != nil {
			return err
		}
		if c.Loan == nil {
			return loanProblem("loan.not_on_loan")
		}
		l = c.Loan
		before := auditLoan(l)
		l.ReturnedOn = s.today()
		if l.ReturnedOn.Before(l.BorrowedOn) {
			l.ReturnedOn = l.BorrowedOn
		}
		if _, err := tx.ExecContext(ctx, "UPDATE loans SET returned_on = $1 WHERE id = $2", l.ReturnedOn, l.ID); err != nil {
			return fmt.Errorf("store: return copy %d: %w", copyID, err)
		}
		return s.audit(ctx, tx, a, huoshui.AuditUpdate, "loan", l.ID, l.OrgID, before, auditLoan(l))
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

// RenewLoan extends a copy's open loan as renew says on today: the new
// due day, or the code of why not (rules.Renewal). A copy not on loan,
// one renewed already or overdue is a problem with the copy, and nothing
// changes.
func (s *Store) RenewLoan(ctx context.Context, a huoshui.Actor, copyID int64, renew func(*huoshui.Loan, huoshui.Date) (huoshui.Date, string)) (*huoshui.Loan, error) {
	var l *huoshui.Loan
	err := s.tx(ctx, func(tx *sql.Tx) error {
		c, err := s.lockCopy(ctx, tx, copyID)
		if err != nil {
			return err
		}
		if c.Loan == nil {
			return loanProblem("loan.not_on_loan")
		}
		l = c.Loan
		due, code := renew(l, s.today())
		if code != "" {
			return loanProblem(code)
		}
		before := auditLoan(l)
		l.DueOn, l.Renewed = due, true
		res, err := tx.ExecContext(ctx, "UPDATE loans SET due_on = $1, renewed = TRUE WHERE id = $2 AND NOT renewed", due, l.ID)
		if err != nil {
			return fmt.Errorf("store: renew copy %d: %w", copyID, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return loanProblem("loan.renewed_already")
		}
		return s.audit(ctx, tx, a, huoshui.AuditUpdate, "loan", l.ID, l.OrgID, before, auditLoan(l))
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

// LoanFilter selects loans. The zero filter lists nothing: Scope must be
// set (the org subtrees read; MemberID in it adds the reader's own loans).
type LoanFilter struct {
	Scope    huoshui.Scope
	OrgID    int64 // a shelf: loans of its org's books
	BookID   int64
	MemberID int64 // one borrower
	Open     bool  // only copies still out
	// Overdue lists open loans due before Today; DueBy open loans due on
	// or before a day (the reminders).
	Overdue bool
	Today   huoshui.Date
	DueBy   huoshui.Date
	Limit   int
}

// FindLoans lists the loans f selects, the newest first (open ones by due
// day).
func (s *Store) FindLoans(ctx context.Context, f LoanFilter) ([]*huoshui.Loan, error) {
	w := &where{}
	w.addScope(f.Scope, "o.path", "l.member_id")
	if f.OrgID != 0 {
		w.add("l.org_id = ?", f.OrgID)
	}
	if f.BookID != 0 {
		w.add("l.book_id = ?", f.BookID)
	}
	if f.MemberID != 0 {
		w.add("l.member_id = ?", f.MemberID)
	}
	order := " ORDER BY l.borrowed_on DESC, l.id DESC"
	if f.Open || f.Overdue || !f.DueBy.IsZero() {
		w.add("l.returned_on IS NULL")
		order = " ORDER BY l.due_on, l.id"
	}
	if f.Overdue {
		w.add("l.due_on < ?", f.Today)
	}
	if !f.DueBy.IsZero() {
		w.add("l.due_on <= ?", f.DueBy)
	}
	q := "SELECT " + loanColumns + loanFrom + w.String() + order
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	return s.queryLoans(ctx, s.r, q, w.args...)
}

// CountOverdueLoans counts the open loans of org's shelf due before
// today, from the index of open loans by due day.
func (s *Store) CountOverdueLoans(ctx context.Context, orgID int64, today huoshui.Date) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM loans WHERE org_id = $1 AND returned_on IS NULL AND due_on < $2",
		orgID, today).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: overdue loans of org %d: %w", orgID, err)
	}
	return n, nil
}
