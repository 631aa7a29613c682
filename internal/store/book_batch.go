package store

import (
	"context"
	"database/sql"

	"github.com/huoshui/huoshui"
)

// Catalogue sheets staged for their uploader (staged_sheet.go), and their
// import: every book with its copies, or none.

const sheetBooks sheetKind = "books"

// stagedBookRow is how a staged catalogue row is kept.
type stagedBookRow struct {
	Line      int             `json:"line"`
	ISBN      string          `json:"isbn,omitempty"`
	Title     string          `json:"title,omitempty"`
	Author    string          `json:"author,omitempty"`
	Publisher string          `json:"publisher,omitempty"`
	Year      int             `json:"year,omitempty"`
	Tags      []string        `json:"tags,omitempty"`
	Copies    int             `json:"copies"`
	Problems  []stagedProblem `json:"problems,omitempty"`
}

func stageBookRow(r huoshui.BookRow) stagedBookRow {
	b := r.Book
	return stagedBookRow{Line: r.Line, ISBN: b.ISBN, Title: b.Title, Author: b.Author, Publisher: b.Publisher, Year: b.Year,
		Tags: b.Tags, Copies: r.Copies, Problems: stageProblems(r.Problems)}
}

func readBookRow(r stagedBookRow) huoshui.BookRow {
	return huoshui.BookRow{Line: r.Line, Copies: r.Copies, Problems: readProblems(r.Problems),
		Book: huoshui.Book{ISBN: r.ISBN, Title: r.Title, Author: r.Author, Publisher: r.Publisher, Year: r.Year, Tags: r.Tags}}
}

// CreateBookBatch stages a read catalogue sheet and sets b's ID.
func (s *Store) CreateBookBatch(ctx context.Context, b *huoshui.BookBatch) error {
	return createStaged(ctx, s, sheetBooks, b, stageBookRow)
}

// FindBookBatchByID returns a staged catalogue sheet, each row's book of
// the batch's org, for its uploader only.
func (s *Store) FindBookBatchByID(ctx context.Context, uploaderID, id int64) (*huoshui.BookBatch, error) {
	b, err := findStaged(ctx, s, sheetBooks, uploaderID, id, readBookRow)
	if err != nil {
		return nil, err
	}
	for i := range b.Rows {
		b.Rows[i].Book.OrgID = b.OrgID
	}
	return b, nil
}

// DeleteBookBatch drops a staged catalogue sheet its uploader discarded.
func (s *Store) DeleteBookBatch(ctx context.Context, uploaderID, id int64) error {
	return s.deleteStaged(ctx, sheetBooks, uploaderID, id)
}

// CreateImportedBooks adds a staged sheet's books to its org with their
// copies in one transaction, with an "import" entry, and drops the batch:
// every book goes in, or none does and the batch stays. A bad row, or an
// ISBN already on the shelf or twice in the sheet, is named by its row
// (counting rows from 1).
func (s *Store) CreateImportedBooks(ctx context.Context, a huoshui.Actor, batchID int64, rows []huoshui.BookRow) error {
	bs := make([]*huoshui.Book, len(rows))
	for i := range rows {
		b := rows[i].Book
		bs[i] = &b
	}
	if err := checkBooks(bs); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		orgID, fileName, err := takeStaged(ctx, tx, sheetBooks, a.UserID, batchID)
		if err != nil {
			return err
		}
		v := &huoshui.ValidationError{}
		ids := make([]int64, 0, len(bs))
		for i, b := range bs {
			b.OrgID = orgID
			if err := s.insertBook(ctx, tx, a, b, i+1); err != nil {
				if !v.Merge(err) {
					return err
				}
				continue
			}
			ids = append(ids, b.ID)
			if n := rows[i].Copies; n > 0 {
				if _, err := s.addCopies(ctx, tx, a, b.ID, n); err != nil {
					return err
				}
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, huoshui.AuditImport, "book_batch", batchID, orgID, nil,
			map[string]any{"file_name": fileName, "org_id": orgID, "count": len(bs), "book_ids": ids})
	})
}

// checkBooks validates a batch of books and names the rows of problems:
// each book's own, and an ISBN twice in the batch.
func checkBooks(bs []*huoshui.Book) error {
	v := &huoshui.ValidationError{}
	seen := map[string]bool{}
	for i, b := range bs {
		org := b.OrgID
		if org == 0 {
			b.OrgID = -1 // checked against the batch's org when written
		}
		err := b.Validate()
		b.OrgID = org
		if err != nil {
			v.Merge(huoshui.InRow(i+1, err))
			continue
		}
		if seen[b.ISBN] {
			v.Fields = append(v.Fields, huoshui.FieldError{Field: "isbn", Code: "book.isbn_twice", Row: i + 1})
		}
		seen[b.ISBN] = true
	}
	return v.Err()
}
