package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/huoshui/huoshui"
)

// The book corner's books and copies (docs/domain.md "The book corner").
// A book belongs to an org; its ISBN (ISBN-13) is unique there
// (books_org_isbn). Every change writes its audit record in its
// transaction.

const bookColumns = `b.id, b.org_id, b.isbn, b.title, b.author, b.publisher, b.year, b.tags, b.cover, b.cover_thumb,
	b.times_borrowed, b.created_at, b.archived_at, o.name, o.path,
	(SELECT COUNT(*) FROM book_copies c WHERE c.book_id = b.id AND c.archived_at IS NULL),
	(SELECT COUNT(*) FROM book_copies c WHERE c.book_id = b.id AND c.archived_at IS NULL
		AND NOT EXISTS (SELECT 1 FROM loans l WHERE l.copy_id = c.id AND l.returned_on IS NULL))`

const bookFrom = ` FROM books b JOIN orgs o ON o.id = b.org_id`

func scanBook(row interface{ Scan(...any) error }) (*huoshui.Book, error) {
	var b huoshui.Book
	var tags string
	err := row.Scan(&b.ID, &b.OrgID, &b.ISBN, &b.Title, &b.Author, &b.Publisher, &b.Year, &tags, &b.Cover, &b.CoverThumb,
		&b.Borrowed, &b.CreatedAt, &b.ArchivedAt, &b.OrgName, &b.OrgPath, &b.Copies, &b.Available)
	if err != nil {
		return nil, err
	}
	b.CreatedAt = b.CreatedAt.UTC()
	b.Tags = splitTags(tags)
	return &b, nil
}

// joinTags writes tags as |a|b| for the tags column, "" for none.
func joinTags(tags []string) string {
	if len(tags) == 0 {
		return ""
	}
	return "|" + strings.Join(tags, "|") + "|"
}

func splitTags(s string) []string {
	tags := []string{}
	for _, t := range strings.Split(strings.Trim(s, "|"), "|") {
		if t != "" {
			tags = append(tags, t)
		}
	}
	return tags
}

// FindBookByID returns one book when scope covers its org; any other id
// answers huoshui.ErrNotFound.
func (s *Store) FindBookByID(ctx context.Context, scope huoshui.Scope, id int64) (*huoshui.Book, error) {
	w := &where{}
	w.add("b.id = ?", id)
	w.addScope(scope, "o.path", "")
	b, err := scanBook(s.r.QueryRowContext(ctx, "SELECT "+bookColumns+bookFrom+w.String(), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: find book %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find book %d: %w", id, err)
	}
	return b, nil
}

var bookOrders = map[string][2]string{
	"title":    {"b.title, b.id", "b.title DESC, b.id DESC"},
	"author":   {"b.author, b.title, b.id", "b.author DESC, b.title, b.id"},
	"year":     {"b.year, b.title, b.id", "b.year DESC, b.title, b.id"},
	"borrowed": {"b.times_borrowed, b.title, b.id", "b.times_borrowed DESC, b.title, b.id"},
	"added":    {"b.created_at, b.id", "b.created_at DESC, b.id DESC"},
}

// BookSortValid reports whether a catalogue may be sorted by s.
func BookSortValid(s string) bool {
	_, ok := bookOrders[strings.TrimPrefix(s, "-")]
	return ok
}

func bookOrder(sort string) string {
	o, ok := bookOrders[strings.TrimPrefix(sort, "-")]
	if !ok {
		return bookOrders["title"][0]
	}
	if strings.HasPrefix(sort, "-") {
		return o[1]
	}
	return o[0]
}

// FindBooks lists the books of f.OrgID's shelf that f selects, within
// f.Scope, a page at a time, with the total. The zero filter lists
// nothing.
func (s *Store) FindBooks(ctx context.Context, f huoshui.BookFilter) ([]*huoshui.Book, int, error) {
	w := &where{}
	w.addScope(f.Scope, "o.path", "")
	w.add("b.org_id = ?", f.OrgID)
	w.add("b.archived_at IS NULL")
	if q := strings.TrimSpace(f.Query); q != "" {
		like := "%" + likeEscape(q) + "%"
		isbn := huoshui.NormalizeISBN(q)
		w.add(`(b.title LIKE ? OR b.author LIKE ? OR b.publisher LIKE ? OR b.isbn LIKE ?)`,
			like, like, like, "%"+likeEscape(isbn)+"%")
	}
	if f.Tag != "" {
		w.add(`b.tags LIKE ?`, "%|"+likeEscape(f.Tag)+"|%")
	}
	if f.Available {
		w.add(`EXISTS (SELECT 1 FROM book_copies c WHERE c.book_id = b.id AND c.archived_at IS NULL
			AND NOT EXISTS (SELECT 1 FROM loans l WHERE l.copy_id = c.id AND l.returned_on IS NULL))`)
	}
	var total int
	if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*)"+bookFrom+w.String(), w.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count books: %w", err)
	}
	q := "SELECT " + bookColumns + bookFrom + w.String() + " ORDER BY " + bookOrder(f.Sort)
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d OFFSET %d", f.Limit, f.Offset)
	}
	books, err := s.queryBooks(ctx, q, w.args...)
	return books, total, err
}

func (s *Store) queryBooks(ctx context.Context, q string, args ...any) ([]*huoshui.Book, error) {
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: books: %w", err)
	}
	defer rows.Close()
	var out []*huoshui.Book
	for rows.Next() {
		b, err := scanBook(rows)
		if err != nil {
			return nil, fmt.Errorf("store: books: %w", err)
		}
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: books: %w", err)
	}
	return out, nil
}

// MostBorrowed lists the n books of org's shelf borrowed most often, each
// borrowed at least once: what the branch reads, never who reads most.
// It reads the kept count (books.times_borrowed).
func (s *Store) MostBorrowed(ctx context.Context, scope huoshui.Scope, orgID int64, n int) ([]*huoshui.Book, error) {
	w := &where{}
	w.addScope(scope, "o.path", "")
	w.add("b.org_id = ?", orgID)
	w.add("b.archived_at IS NULL AND b.times_borrowed > 0")
	return s.queryBooks(ctx, "SELECT "+bookColumns+bookFrom+w.String()+
		fmt.Sprintf(" ORDER BY b.times_borrowed DESC, b.title, b.id LIMIT %d", n), w.args...)
}

// BookTags lists the tags in use on org's shelf, in order.
func (s *Store) BookTags(ctx context.Context, orgID int64) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT DISTINCT tags FROM books WHERE org_id = $1 AND archived_at IS NULL AND tags <> ''", orgID)
	if err != nil {
		return nil, fmt.Errorf("store: book tags: %w", err)
	}
	defer rows.Close()
	seen := map[string]bool{}
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, fmt.Errorf("store: book tags: %w", err)
		}
		for _, x := range splitTags(t) {
			if !seen[x] {
				seen[x] = true
				out = append(out, x)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.Sort(out)
	return out, nil
}

// auditBook is what the audit trail keeps of a book.
func auditBook(b *huoshui.Book) any {
	return map[string]any{"isbn": b.ISBN, "title": b.Title, "author": b.Author, "publisher": b.Publisher,
		"year": b.Year, "tags": b.Tags, "cover": b.Cover}
}

// bookOrg finds the org a book is kept at, inside tx: unknown or archived
// is a field problem.
func bookOrg(ctx context.Context, tx *sql.Tx, id int64) (*huoshui.Org, error) {
	org, err := findOrg(ctx, tx, id)
	if errors.Is(err, huoshui.ErrNotFound) || (err == nil && org.ArchivedAt != nil) {
		v := &huoshui.ValidationError{}
		v.Add("org_id", "book.org_unknown")
		return nil, v
	}
	return org, err
}

// isbnTaken is the field problem of a second book with one ISBN in an org.
func isbnTaken(row int) error {
	v := &huoshui.ValidationError{}
	v.Fields = append(v.Fields, huoshui.FieldError{Field: "isbn", Code: "book.isbn_taken", Row: row})
	return v
}

// insertBook writes a validated book in tx and sets its ID; a second book
// with its ISBN in the org is a field problem (row: its row in a batch).
func (s *Store) insertBook(ctx context.Context, tx *sql.Tx, a huoshui.Actor, b *huoshui.Book, row int) error {
	org, err := bookOrg(ctx, tx, b.OrgID)
	if err != nil {
		return err
	}
	now := s.now()
	b.CreatedAt, b.OrgName, b.OrgPath = now, org.Name, org.Path
	// A savepoint keeps the transaction usable on PostgreSQL after a
	// duplicate, so the caller's answer is the field problem.
	if _, err := tx.ExecContext(ctx, "SAVEPOINT book_insert"); err != nil {
		return fmt.Errorf("store: create book: %w", err)
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO books (org_id, isbn, title, author, publisher, year, tags, cover, cover_thumb,
		created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id`,
		b.OrgID, b.ISBN, b.Title, b.Author, b.Publisher, b.Year, joinTags(b.Tags), b.Cover, b.CoverThumb,
		nullInt(a.UserID), now).Scan(&b.ID)
	if s.d.isUniqueViolation(err, "books_org_isbn") {
		tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT book_insert")
		return isbnTaken(row)
	}
	if err != nil {
		return fmt.Errorf("store: create book: %w", err)
	}
	return s.audit(ctx, tx, a, huoshui.AuditCreate, "book", b.ID, b.OrgID, nil, auditBook(b))
}

// CreateBook keeps a new book; its ISBN must be new in its org.
func (s *Store) CreateBook(ctx context.Context, a huoshui.Actor, b *huoshui.Book) error {
	if err := b.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error { return s.insertBook(ctx, tx, a, b, 0) })
}

// CreateBooks keeps a catalogue's books at once, all or none: a bad row or
// an ISBN already on the shelf (or twice in bs) names its row (from 1).
func (s *Store) CreateBooks(ctx context.Context, a huoshui.Actor, bs []*huoshui.Book) error {
	if err := checkBooks(bs); err != nil {
		return err
	}
	v := &huoshui.ValidationError{}
	return s.tx(ctx, func(tx *sql.Tx) error {
		for i, b := range bs {
			if err := s.insertBook(ctx, tx, a, b, i+1); err != nil {
				v.Merge(err)
				if !errors.As(err, new(*huoshui.ValidationError)) {
					return err
				}
			}
		}
		return v.Err()
	})
}

// UpdateBook changes a book's fields (not its org). A changed ISBN must
// stay unique in the org.
func (s *Store) UpdateBook(ctx context.Context, a huoshui.Actor, id int64, b *huoshui.Book) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := scanBook(tx.QueryRowContext(ctx, "SELECT "+bookColumns+bookFrom+" WHERE b.id = $1"+s.d.forUpdate("b"), id))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: book %d: %w", id, huoshui.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: book %d: %w", id, err)
		}
		b.OrgID = before.OrgID
		if b.Cover == "" {
			b.Cover, b.CoverThumb = before.Cover, before.CoverThumb
		}
		if err := b.Validate(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "SAVEPOINT book_update"); err != nil {
			return fmt.Errorf("store: update book: %w", err)
		}
		_, err = tx.ExecContext(ctx, `UPDATE books SET isbn = $1, title = $2, author = $3, publisher = $4, year = $5, tags = $6,
			cover = $7, cover_thumb = $8, updated_at = $9 WHERE id = $10`,
			b.ISBN, b.Title, b.Author, b.Publisher, b.Year, joinTags(b.Tags), b.Cover, b.CoverThumb, s.now(), id)
		if s.d.isUniqueViolation(err, "books_org_isbn") {
			tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT book_update")
			return isbnTaken(0)
		}
		if err != nil {
			return fmt.Errorf("store: update book %d: %w", id, err)
		}
		b.ID = id
		return s.audit(ctx, tx, a, huoshui.AuditUpdate, "book", id, before.OrgID, auditBook(before), auditBook(b))
	})
}

// SetBookCover keeps a book's cover photo (blob keys of the photo and its
// thumbnail, already in the blob store); "" and "" take it off.
func (s *Store) SetBookCover(ctx context.Context, a huoshui.Actor, id int64, cover, thumb string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var orgID int64
		var before string
		err := tx.QueryRowContext(ctx, "SELECT b.org_id, b.cover FROM books b WHERE b.id = $1"+s.d.forUpdate("b"), id).Scan(&orgID, &before)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: book %d: %w", id, huoshui.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: book %d cover: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE books SET cover = $1, cover_thumb = $2, updated_at = $3 WHERE id = $4",
			cover, thumb, s.now(), id); err != nil {
			return fmt.Errorf("store: book %d cover: %w", id, err)
		}
		return s.audit(ctx, tx, a, huoshui.AuditUpdate, "book", id, orgID, map[string]any{"cover": before}, map[string]any{"cover": cover})
	})
}
