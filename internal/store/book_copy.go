package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/huoshui/huoshui"
)

// Copies of the book corner's books, each with the label stuck on it.

const copyColumns = `c.id, c.book_id, c.org_id, c.label, c.created_at, c.archived_at, b.title, o.path, o.name`

const copyFrom = ` FROM book_copies c JOIN books b ON b.id = c.book_id JOIN orgs o ON o.id = c.org_id`

func scanCopy(row interface{ Scan(...any) error }) (*huoshui.Copy, error) {
	var c huoshui.Copy
	if err := row.Scan(&c.ID, &c.BookID, &c.OrgID, &c.Label, &c.CreatedAt, &c.ArchivedAt, &c.BookTitle, &c.OrgPath, &c.OrgName); err != nil {
		return nil, err
	}
	c.CreatedAt = c.CreatedAt.UTC()
	return &c, nil
}

// FindCopyByID returns one copy with its open loan, if any, when scope
// covers its org; any other id answers huoshui.ErrNotFound.
func (s *Store) FindCopyByID(ctx context.Context, scope huoshui.Scope, id int64) (*huoshui.Copy, error) {
	w := &where{}
	w.add("c.id = ?", id)
	w.addScope(scope, "o.path", "")
	c, err := scanCopy(s.r.QueryRowContext(ctx, "SELECT "+copyColumns+copyFrom+w.String(), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: find copy %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find copy %d: %w", id, err)
	}
	if err := s.readOpenLoans(ctx, []*huoshui.Copy{c}); err != nil {
		return nil, err
	}
	return c, nil
}

// FindCopies lists the copies of one book (bookID) or of a whole shelf
// (orgID, bookID 0) within scope, by label, each with its open loan.
func (s *Store) FindCopies(ctx context.Context, scope huoshui.Scope, orgID, bookID int64) ([]*huoshui.Copy, error) {
	w := &where{}
	w.addScope(scope, "o.path", "")
	w.add("c.archived_at IS NULL")
	if bookID != 0 {
		w.add("c.book_id = ?", bookID)
	} else {
		w.add("c.org_id = ? AND b.archived_at IS NULL", orgID)
	}
	rows, err := s.r.QueryContext(ctx, "SELECT "+copyColumns+copyFrom+w.String()+" ORDER BY c.label, c.id", w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: copies: %w", err)
	}
	var out []*huoshui.Copy
	for rows.Next() {
		c, err := scanCopy(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: copies: %w", err)
		}
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: copies: %w", err)
	}
	return out, s.readOpenLoans(ctx, out)
}

// readOpenLoans fills each copy's open loan.
func (s *Store) readOpenLoans(ctx context.Context, cs []*huoshui.Copy) error {
	if len(cs) == 0 {
		return nil
	}
	byID := map[int64]*huoshui.Copy{}
	ids := make([]int64, 0, len(cs))
	for _, c := range cs {
		byID[c.ID] = c
		ids = append(ids, c.ID)
	}
	for chunk := range chunks(ids, 500) {
		w := &where{}
		cond := s.d.idIn(w, "l.copy_id", chunk)
		w.add(cond)
		w.add("l.returned_on IS NULL")
		ls, err := s.queryLoans(ctx, s.r, "SELECT "+loanColumns+loanFrom+w.String(), w.args...)
		if err != nil {
			return err
		}
		for _, l := range ls {
			byID[l.CopyID].Loan = l
		}
	}
	return nil
}

// AddCopies puts n new copies of a book on its org's shelf, labelled with
// the org's next numbers (秘书处-0001 …).
func (s *Store) AddCopies(ctx context.Context, a huoshui.Actor, bookID int64, n int) ([]*huoshui.Copy, error) {
	if n < 1 || n > 50 {
		v := &huoshui.ValidationError{}
		v.Add("copies", "book.copies_range", "Max", 50)
		return nil, v
	}
	var out []*huoshui.Copy
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = s.addCopies(ctx, tx, a, bookID, n)
		return err
	})
	return out, err
}

// addCopies puts n new copies of a book on its shelf inside tx.
func (s *Store) addCopies(ctx context.Context, tx *sql.Tx, a huoshui.Actor, bookID int64, n int) ([]*huoshui.Copy, error) {
	var orgID int64
	var title, orgName string
	err := tx.QueryRowContext(ctx, `SELECT b.org_id, b.title, o.name FROM books b JOIN orgs o ON o.id = b.org_id
		WHERE b.id = $1 AND b.archived_at IS NULL`, bookID).Scan(&orgID, &title, &orgName)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: copies of book %d: %w", bookID, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: copies of book %d: %w", bookID, err)
	}
	now := s.now()
	var out []*huoshui.Copy
	for range n {
		var seq int
		if err := tx.QueryRowContext(ctx, `INSERT INTO book_copy_counters (org_id, n) VALUES ($1, 1)
			ON CONFLICT (org_id) DO UPDATE SET n = book_copy_counters.n + 1 RETURNING n`, orgID).Scan(&seq); err != nil {
			return nil, fmt.Errorf("store: copy number: %w", err)
		}
		c := &huoshui.Copy{BookID: bookID, OrgID: orgID, Label: huoshui.CopyLabel(orgName, seq), CreatedAt: now, BookTitle: title}
		if err := tx.QueryRowContext(ctx, `INSERT INTO book_copies (book_id, org_id, label, created_at)
			VALUES ($1, $2, $3, $4) RETURNING id`, bookID, orgID, c.Label, now).Scan(&c.ID); err != nil {
			return nil, fmt.Errorf("store: add copy: %w", err)
		}
		if err := s.audit(ctx, tx, a, huoshui.AuditCreate, "book_copy", c.ID, orgID, nil,
			map[string]any{"book_id": bookID, "label": c.Label}); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// ArchiveCopy takes a copy off the shelf (lost, worn out); a copy on loan
// comes back first.
func (s *Store) ArchiveCopy(ctx context.Context, a huoshui.Actor, id int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		c, err := scanCopy(tx.QueryRowContext(ctx, "SELECT "+copyColumns+copyFrom+" WHERE c.id = $1"+s.d.forUpdate("c"), id))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: copy %d: %w", id, huoshui.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: copy %d: %w", id, err)
		}
		var open int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM loans WHERE copy_id = $1 AND returned_on IS NULL", id).Scan(&open); err != nil {
			return fmt.Errorf("store: copy %d: %w", id, err)
		}
		if open > 0 {
			return loanProblem("loan.archive_on_loan")
		}
		at := s.now()
		if _, err := tx.ExecContext(ctx, "UPDATE book_copies SET archived_at = $1 WHERE id = $2 AND archived_at IS NULL", at, id); err != nil {
			return fmt.Errorf("store: archive copy %d: %w", id, err)
		}
		return s.audit(ctx, tx, a, huoshui.AuditArchive, "book_copy", id, c.OrgID, nil, map[string]any{"label": c.Label, "archived_at": at})
	})
}
