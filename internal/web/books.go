package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
)

// The book corner (图书角): a branch's catalogue with its most borrowed
// books and, for its officers, the overdue list; a book's page with its
// copies, loans and reading notes. Members of the branch see the shelf
// and borrow; officers (EditRecord) keep books and copies and confirm
// notes. Another branch's shelf, book or copy is "not found".

func bookPath(b *huoshui.Book) string { return fmt.Sprintf("/books/%d", b.ID) }

// shelfOrg loads the org in the path whose shelf the reader may see.
func (s *Server) shelfOrg(r *http.Request) (*huoshui.Org, error) {
	o, err := s.findVisibleOrg(r)
	if err != nil {
		return nil, err
	}
	if !auth.Can(userFrom(r.Context()), auth.ViewRecord, auth.Object{OrgPath: o.Path}) {
		return nil, fmt.Errorf("books of org %d: %w", o.ID, huoshui.ErrNotFound)
	}
	return o, nil
}

// findVisibleBook loads the book in the path through the reader's view.
func (s *Server) findVisibleBook(r *http.Request) (*huoshui.Book, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.store.FindBookByID(r.Context(), auth.Scope(userFrom(r.Context()), auth.ViewRecord), id)
}

// editableBook loads the book for a change: 404 outside the reader's
// view, 403 for one who sees it but does not keep the org's records.
func (s *Server) editableBook(r *http.Request) (*huoshui.Book, error) {
	b, err := s.findVisibleBook(r)
	if err != nil {
		return nil, err
	}
	if !auth.Can(userFrom(r.Context()), auth.EditRecord, auth.Object{OrgPath: b.OrgPath}) {
		return nil, fmt.Errorf("book %d: %w", b.ID, huoshui.ErrForbidden)
	}
	return b, nil
}

const bookPageSize = 50

// bookQuery is the catalogue's filter in the URL: ?q=&tag=&available=1&sort=&page=.
type bookQuery struct {
	listQuery
	Q         string
	Tag       string
	Available bool
}

func parseBookQuery(v url.Values) bookQuery {
	q := bookQuery{listQuery: newListQuery(v, "title", store.BookSortValid)}
	q.Q = huoshui.Truncate(strings.TrimSpace(huoshui.FoldWidth(v.Get("q"))), maxSearchRunes)
	q.Tag = huoshui.Truncate(strings.TrimSpace(v.Get("tag")), 20)
	q.Available = v.Get("available") == "1"
	return q
}

type booksPage struct {
	Page
	Org      *huoshui.Org
	Query    bookQuery
	Books    []*huoshui.Book
	Pager    *pager
	Tags     []string
	Top      []*huoshui.Book // most borrowed
	Officer  bool
	Overdue  []*huoshui.Loan // the keeper's overdue list
	Filtered bool
	Today    huoshui.Date
}

// LateDays is how many days past due an overdue loan is.
func (p *booksPage) LateDays(l *huoshui.Loan) int { return -rules.LoanDaysLeft(l, p.Today) }

// orgBooks shows GET /orgs/{id}/books: the catalogue.
func (s *Server) orgBooks(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := userFrom(ctx)
	o, err := s.shelfOrg(r)
	if err != nil {
		return err
	}
	q := parseBookQuery(r.URL.Query())
	p := &booksPage{Org: o, Query: q, Today: s.today(), Filtered: q.Q != "" || q.Tag != "" || q.Available,
		Officer: auth.Can(u, auth.EditRecord, auth.Object{OrgPath: o.Path})}
	s.prepare(r, &p.Page)
	scope := auth.Scope(u, auth.ViewRecord)
	books, total, err := s.store.FindBooks(ctx, huoshui.BookFilter{Scope: scope, OrgID: o.ID, Query: q.Q, Tag: q.Tag,
		Available: q.Available, Sort: q.Sort, Limit: bookPageSize, Offset: q.Offset(bookPageSize)})
	if err != nil {
		return err
	}
	p.Books = books
	p.Pager = q.Pager(&p.Page, total, bookPageSize)
	if p.Tags, err = s.store.BookTags(ctx, o.ID); err != nil {
		return err
	}
	if p.Top, err = s.store.MostBorrowed(ctx, scope, o.ID, 10); err != nil {
		return err
	}
	if p.Officer {
		if p.Overdue, err = s.store.FindLoans(ctx, store.LoanFilter{Scope: auth.Scope(u, auth.EditRecord), OrgID: o.ID,
			Overdue: true, Today: p.Today, Limit: 100}); err != nil {
			return err
		}
	}
	p.Crumbs = []crumb{{Href: fmt.Sprintf("/orgs/%d", o.ID), Label: o.Name}, {Label: p.T("books.title")}}
	return s.render(w, r, http.StatusOK, "books_list", p)
}

type bookFormPage struct {
	Page
	Org  *huoshui.Org
	Book *huoshui.Book // nil for a new one
	Form form
}

// bookFromForm reads a book as typed.
func bookFromForm(v url.Values, ve *huoshui.ValidationError) *huoshui.Book {
	b := &huoshui.Book{ISBN: v.Get("isbn"), Title: v.Get("title"), Author: v.Get("author"), Publisher: v.Get("publisher"),
		Tags: []string{v.Get("tags")}}
	if y := strings.TrimSpace(huoshui.FoldWidth(v.Get("year"))); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil {
			ve.Add("year", "book.year_range")
		}
		b.Year = n
	}
	return b
}

func bookValues(b *huoshui.Book) url.Values {
	v := url.Values{}
	v.Set("isbn", b.ISBN)
	v.Set("title", b.Title)
	v.Set("author", b.Author)
	v.Set("publisher", b.Publisher)
	if b.Year != 0 {
		v.Set("year", strconv.Itoa(b.Year))
	}
	v.Set("tags", strings.Join(b.Tags, "，"))
	return v
}

// editableShelf loads the org in the path for an officer's change.
func (s *Server) editableShelf(r *http.Request) (*huoshui.Org, error) {
	o, err := s.shelfOrg(r)
	if err != nil {
		return nil, err
	}
	if !auth.Can(userFrom(r.Context()), auth.EditRecord, auth.Object{OrgPath: o.Path}) {
		return nil, fmt.Errorf("books of org %d: %w", o.ID, huoshui.ErrForbidden)
	}
	return o, nil
}

// bookNew shows GET /orgs/{id}/books/new.
func (s *Server) bookNew(w http.ResponseWriter, r *http.Request) error {
	o, err := s.editableShelf(r)
	if err != nil {
		return err
	}
	v := url.Values{}
	v.Set("copies", "1")
	p := &bookFormPage{Org: o, Form: newForm(v)}
	p.Crumbs = []crumb{{Href: fmt.Sprintf("/orgs/%d", o.ID), Label: o.Name},
		{Href: fmt.Sprintf("/orgs/%d/books", o.ID), Label: s.msgs.T(langFrom(r), "books.title")}, {Label: s.msgs.T(langFrom(r), "books.new")}}
	return s.render(w, r, http.StatusOK, "book_form", p)
}

// bookCreate keeps POST /orgs/{id}/books: the book and its first copies.
func (s *Server) bookCreate(w http.ResponseWriter, r *http.Request) error {
	o, err := s.editableShelf(r)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[*huoshui.Book]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*huoshui.Book, error) {
			b := bookFromForm(v, ve)
			b.OrgID = o.ID
			return b, nil
		},
		Save: func(b *huoshui.Book) error {
			if err := s.store.CreateBook(r.Context(), s.actor(r), b); err != nil {
				return err
			}
			n, _ := strconv.Atoi(r.PostForm.Get("copies"))
			if n > 0 {
				_, err := s.store.AddCopies(r.Context(), s.actor(r), b.ID, min(n, 50))
				return err
			}
			return nil
		},
		Page: func(code int, f form) error {
			return s.render(w, r, code, "book_form", &bookFormPage{Org: o, Form: f})
		},
		Flash:     "books.created",
		FlashArgs: func(b *huoshui.Book) []any { return []any{"Title", b.Title} },
		Next:      func(b *huoshui.Book) string { return bookPath(b) },
	})
}

// bookEdit shows GET /books/{id}/edit.
func (s *Server) bookEdit(w http.ResponseWriter, r *http.Request) error {
	b, err := s.editableBook(r)
	if err != nil {
		return err
	}
	o := &huoshui.Org{ID: b.OrgID, Name: b.OrgName, Path: b.OrgPath}
	return s.render(w, r, http.StatusOK, "book_form", &bookFormPage{Org: o, Book: b, Form: newForm(bookValues(b))})
}

// bookUpdate keeps POST /books/{id}.
func (s *Server) bookUpdate(w http.ResponseWriter, r *http.Request) error {
	b, err := s.editableBook(r)
	if err != nil {
		return err
	}
	o := &huoshui.Org{ID: b.OrgID, Name: b.OrgName, Path: b.OrgPath}
	return submit(s, w, r, formFlow[*huoshui.Book]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*huoshui.Book, error) {
			return bookFromForm(v, ve), nil
		},
		Save: func(x *huoshui.Book) error { return s.store.UpdateBook(r.Context(), s.actor(r), b.ID, x) },
		Page: func(code int, f form) error {
			return s.render(w, r, code, "book_form", &bookFormPage{Org: o, Book: b, Form: f})
		},
		Flash: "books.saved",
		Next:  func(*huoshui.Book) string { return bookPath(b) },
	})
}

type bookPage struct {
	Page
	Book    *huoshui.Book
	Copies  []*huoshui.Copy
	Loans   []*huoshui.Loan // history, for officers
	Notes   []*huoshui.ReadingNote
	Officer bool
	CanNote bool // the reader has borrowed it and may hand in a note
	Me      int64
	Form    form
	Today   huoshui.Date
}

// Overdue reports whether a loan is past due today.
func (p *bookPage) Overdue(l *huoshui.Loan) bool { return rules.LoanOverdue(l, p.Today) }

// bookView shows GET /books/{id}.
func (s *Server) bookView(w http.ResponseWriter, r *http.Request) error {
	b, err := s.findVisibleBook(r)
	if err != nil {
		return err
	}
	return s.renderBook(w, r, http.StatusOK, b, newForm(url.Values{}))
}

func (s *Server) renderBook(w http.ResponseWriter, r *http.Request, code int, b *huoshui.Book, f form) error {
	ctx := r.Context()
	u := userFrom(ctx)
	p := &bookPage{Book: b, Officer: auth.Can(u, auth.EditRecord, auth.Object{OrgPath: b.OrgPath}), Me: u.MemberID,
		Form: f, Today: s.today()}
	s.prepare(r, &p.Page)
	var err error
	if p.Copies, err = s.store.FindCopies(ctx, auth.Scope(u, auth.ViewRecord), b.OrgID, b.ID); err != nil {
		return err
	}
	// Officers see the book's whole loan history and every note; a
	// member their own.
	scope := huoshui.Scope{MemberID: u.MemberID}
	if p.Officer {
		scope = auth.Scope(u, auth.EditRecord)
	}
	if p.Loans, err = s.store.FindLoans(ctx, store.LoanFilter{Scope: scope, BookID: b.ID, Limit: 200}); err != nil {
		return err
	}
	if p.Notes, err = s.store.FindReadingNotes(ctx, scope, b.ID); err != nil {
		return err
	}
	for _, l := range p.Loans {
		if u.MemberID != 0 && l.MemberID == u.MemberID {
			p.CanNote = true
		}
	}
	p.Crumbs = []crumb{{Href: fmt.Sprintf("/orgs/%d", b.OrgID), Label: b.OrgName},
		{Href: fmt.Sprintf("/orgs/%d/books", b.OrgID), Label: p.T("books.title")}, {Label: b.Title}}
	return s.render(w, r, code, "book_view", p)
}

// bookCopiesAdd keeps POST /books/{id}/copies: n more copies.
func (s *Server) bookCopiesAdd(w http.ResponseWriter, r *http.Request) error {
	b, err := s.editableBook(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	n, _ := strconv.Atoi(strings.TrimSpace(huoshui.FoldWidth(r.PostForm.Get("copies"))))
	cs, err := s.store.AddCopies(r.Context(), s.actor(r), b.ID, n)
	if err != nil {
		return err
	}
	flashWith(w, "books.copies_added", "Count", len(cs))
	http.Redirect(w, r, bookPath(b), http.StatusSeeOther)
	return nil
}
