package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/huoshui/huoshui"
)

// Reading notes on the book corner's books. A note handed in is also a
// pending training entry (trainings): the officers confirm or reject it
// where they decide every training (DecideTraining), and once confirmed
// its hours count toward the member's study like any other.

// CreateReadingNote keeps a member's note on a book they have borrowed
// (a loan of it, open or returned), with a pending training entry for
// its reading time, in one transaction.
func (s *Store) CreateReadingNote(ctx context.Context, a huoshui.Actor, n *huoshui.ReadingNote) error {
	if err := n.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		var title string
		var borrowed int
		err := tx.QueryRowContext(ctx, `SELECT b.title, (SELECT COUNT(*) FROM loans l WHERE l.book_id = b.id AND l.member_id = $2)
			FROM books b WHERE b.id = $1`, n.BookID, n.MemberID).Scan(&title, &borrowed)
		if err == sql.ErrNoRows {
			return fmt.Errorf("store: note on book %d: %w", n.BookID, huoshui.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: note on book %d: %w", n.BookID, err)
		}
		if borrowed == 0 {
			v := &huoshui.ValidationError{}
			v.Add("text", "book.note_not_borrowed")
			return v
		}
		evidence := []rune(n.Text)
		if len(evidence) > 1000 {
			evidence = evidence[:1000]
		}
		t := &huoshui.Training{MemberID: n.MemberID, Title: huoshui.Truncate("读书笔记：《"+title+"》", 100), Organiser: "图书角",
			HeldOn: s.today(), Hours: n.Hours(), Evidence: string(evidence)}
		if err := s.insertTraining(ctx, tx, a, t); err != nil {
			return err
		}
		n.TrainingID, n.CreatedAt, n.Status = t.ID, s.now(), huoshui.TrainingPending
		if err := tx.QueryRowContext(ctx, `INSERT INTO reading_notes (book_id, member_id, text, minutes, training_id, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, n.BookID, n.MemberID, n.Text, n.Minutes, n.TrainingID, n.CreatedAt).Scan(&n.ID); err != nil {
			return fmt.Errorf("store: create reading note: %w", err)
		}
		return s.audit(ctx, tx, a, huoshui.AuditCreate, "reading_note", n.ID, t.OrgID, nil,
			map[string]any{"book_id": n.BookID, "member_id": n.MemberID, "minutes": n.Minutes, "training_id": n.TrainingID})
	})
}

// FindReadingNotes lists the notes on a book, the newest first, within
// scope (officers of the book's org see them all; a member their own),
// each with its training entry's status.
func (s *Store) FindReadingNotes(ctx context.Context, scope huoshui.Scope, bookID int64) ([]*huoshui.ReadingNote, error) {
	w := &where{}
	w.add("n.book_id = ?", bookID)
	w.addScope(scope, "o.path", "n.member_id")
	rows, err := s.r.QueryContext(ctx, `SELECT n.id, n.book_id, n.member_id, n.text, n.minutes, n.training_id, n.created_at, m.name, t.status
		FROM reading_notes n JOIN books b ON b.id = n.book_id JOIN orgs o ON o.id = b.org_id
		JOIN members m ON m.id = n.member_id JOIN trainings t ON t.id = n.training_id`+w.String()+
		" ORDER BY n.created_at DESC, n.id DESC", w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: reading notes: %w", err)
	}
	defer rows.Close()
	var out []*huoshui.ReadingNote
	for rows.Next() {
		var n huoshui.ReadingNote
		if err := rows.Scan(&n.ID, &n.BookID, &n.MemberID, &n.Text, &n.Minutes, &n.TrainingID, &n.CreatedAt, &n.MemberName, &n.Status); err != nil {
			return nil, fmt.Errorf("store: reading notes: %w", err)
		}
		n.CreatedAt = n.CreatedAt.UTC()
		out = append(out, &n)
	}
	return out, rows.Err()
}
