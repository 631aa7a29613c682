package web

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/checkin"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
)

// Loans of the book corner: a copy's page (what its QR label opens), with
// 借阅 for a member of its branch and 续借 / 归还 for the borrower and the
// officers; the print page of labels; the reader's own loans; reading
// notes. A refused change (out already, not out, renewed once) comes
// back to the copy's page with the reason and changes nothing.

func copyPath(c *huoshui.Copy) string { return fmt.Sprintf("/copies/%d", c.ID) }

// findVisibleCopy loads the copy in the path through the reader's view.
func (s *Server) findVisibleCopy(r *http.Request) (*huoshui.Copy, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.store.FindCopyByID(r.Context(), auth.Scope(userFrom(r.Context()), auth.ViewRecord), id)
}

type copyPage struct {
	Page
	Copy      *huoshui.Copy
	Officer   bool
	CanBorrow bool // the reader may borrow it now
	CanHandle bool // the reader may renew or return its loan
	People    []huoshui.Member
	Today     huoshui.Date
	Problem   string
}

// Overdue reports whether the copy's loan is past due.
func (p *copyPage) Overdue() bool {
	return p.Copy.Loan != nil && rules.LoanOverdue(p.Copy.Loan, p.Today)
}

// copyView shows GET /copies/{id}.
func (s *Server) copyView(w http.ResponseWriter, r *http.Request) error {
	c, err := s.findVisibleCopy(r)
	if err != nil {
		return err
	}
	return s.renderCopy(w, r, http.StatusOK, c, "")
}

func (s *Server) renderCopy(w http.ResponseWriter, r *http.Request, code int, c *huoshui.Copy, problem string) error {
	ctx := r.Context()
	u := userFrom(ctx)
	p := &copyPage{Copy: c, Officer: auth.Can(u, auth.EditRecord, auth.Object{OrgPath: c.OrgPath}), Today: s.today(), Problem: problem}
	s.prepare(r, &p.Page)
	p.CanBorrow = c.Loan == nil && c.ArchivedAt == nil && (u.MemberID != 0 || p.Officer)
	p.CanHandle = c.Loan != nil && (p.Officer || c.Loan.MemberID == u.MemberID)
	if p.Officer && c.Loan == nil {
		ms, _, err := s.store.FindMembers(ctx, huoshui.MemberFilter{Scope: auth.Scope(u, auth.ViewMember), OrgID: c.OrgID, Limit: 500})
		if err != nil {
			return err
		}
		for _, m := range ms {
			p.People = append(p.People, *m)
		}
	}
	p.Crumbs = []crumb{{Href: fmt.Sprintf("/orgs/%d/books", c.OrgID), Label: p.T("books.title")},
		{Href: fmt.Sprintf("/books/%d", c.BookID), Label: c.BookTitle}, {Label: c.Label}}
	return s.render(w, r, code, "copy_view", p)
}

// loanProblemText is the message of a refused loan change, "" when err
// is another failure.
func (s *Server) loanProblemText(r *http.Request, err error) string {
	var ve *huoshui.ValidationError
	if !errors.As(err, &ve) {
		return ""
	}
	var msgs []string
	for _, f := range ve.Fields {
		msgs = append(msgs, s.msgs.fieldMessage(langFrom(r), f))
	}
	return strings.Join(msgs, " ")
}

// borrower is who a borrowing is for: the reader, or for an officer the
// member picked (member_id).
func (s *Server) borrower(r *http.Request, c *huoshui.Copy) (int64, error) {
	u := userFrom(r.Context())
	officer := auth.Can(u, auth.EditRecord, auth.Object{OrgPath: c.OrgPath})
	if id, _ := strconv.ParseInt(r.PostForm.Get("member_id"), 10, 64); id != 0 && id != u.MemberID {
		if !officer {
			return 0, fmt.Errorf("lend copy %d to another: %w", c.ID, huoshui.ErrForbidden)
		}
		return id, nil
	}
	if u.MemberID == 0 {
		return 0, fmt.Errorf("borrow copy %d without a member record: %w", c.ID, huoshui.ErrForbidden)
	}
	return u.MemberID, nil
}

// mayHandle reports whether the reader may renew or return c's loan: its
// borrower, or an officer of its org.
func mayHandle(u *huoshui.User, c *huoshui.Copy) bool {
	return auth.Can(u, auth.EditRecord, auth.Object{OrgPath: c.OrgPath}) ||
		(c.Loan != nil && u.MemberID != 0 && c.Loan.MemberID == u.MemberID)
}

// loanAction runs a borrowing, renewal or return posted from the copy's
// page: on success back to it with a notice, on a refusal the page again
// with the reason (422), nothing changed.
func (s *Server) loanAction(w http.ResponseWriter, r *http.Request, act func(c *huoshui.Copy) error, notice string) error {
	c, err := s.findVisibleCopy(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if err := act(c); err != nil {
		if msg := s.loanProblemText(r, err); msg != "" {
			fresh, ferr := s.store.FindCopyByID(r.Context(), huoshui.Everything(), c.ID)
			if ferr != nil {
				return ferr
			}
			return s.renderCopy(w, r, http.StatusUnprocessableEntity, fresh, msg)
		}
		return err
	}
	flash(w, notice)
	http.Redirect(w, r, copyPath(c), http.StatusSeeOther)
	return nil
}

// copyBorrow keeps POST /copies/{id}/borrow.
func (s *Server) copyBorrow(w http.ResponseWriter, r *http.Request) error {
	return s.loanAction(w, r, func(c *huoshui.Copy) error {
		m, err := s.borrower(r, c)
		if err != nil {
			return err
		}
		_, err = s.store.Borrow(r.Context(), s.actor(r), c.ID, m, rules.LoanDue)
		return err
	}, "loans.borrowed")
}

// copyRenew keeps POST /copies/{id}/renew.
func (s *Server) copyRenew(w http.ResponseWriter, r *http.Request) error {
	return s.loanAction(w, r, func(c *huoshui.Copy) error {
		if c.Loan != nil && !mayHandle(userFrom(r.Context()), c) {
			return fmt.Errorf("renew copy %d: %w", c.ID, huoshui.ErrForbidden)
		}
		_, err := s.store.RenewLoan(r.Context(), s.actor(r), c.ID, rules.Renewal)
		return err
	}, "loans.renewed")
}

// copyReturn keeps POST /copies/{id}/return.
func (s *Server) copyReturn(w http.ResponseWriter, r *http.Request) error {
	return s.loanAction(w, r, func(c *huoshui.Copy) error {
		if c.Loan != nil && !mayHandle(userFrom(r.Context()), c) {
			return fmt.Errorf("return copy %d: %w", c.ID, huoshui.ErrForbidden)
		}
		_, err := s.store.ReturnCopy(r.Context(), s.actor(r), c.ID)
		return err
	}, "loans.returned")
}

type labelsPage struct {
	Page
	Org    *huoshui.Org
	Labels []bookLabel
}

type bookLabel struct {
	Copy *huoshui.Copy
	URL  string
	QR   template.HTML
}

// bookLabels shows GET /orgs/{id}/books/labels: a print page of the
// shelf's labels, each a QR code of its copy's page, the label and the
// title; ?book= narrows to one book's copies.
func (s *Server) bookLabels(w http.ResponseWriter, r *http.Request) error {
	o, err := s.editableShelf(r)
	if err != nil {
		return err
	}
	u := userFrom(r.Context())
	bookID, _ := strconv.ParseInt(r.URL.Query().Get("book"), 10, 64)
	if bookID != 0 {
		b, err := s.store.FindBookByID(r.Context(), auth.Scope(u, auth.ViewRecord), bookID)
		if err != nil || b.OrgID != o.ID {
			return fmt.Errorf("labels of book %d: %w", bookID, huoshui.ErrNotFound)
		}
	}
	cs, err := s.store.FindCopies(r.Context(), auth.Scope(u, auth.ViewRecord), o.ID, bookID)
	if err != nil {
		return err
	}
	p := &labelsPage{Org: o}
	base := s.siteURL(r)
	for _, c := range cs {
		link := base + copyPath(c)
		svg, err := checkin.QRSVG(link)
		if err != nil {
			return err
		}
		p.Labels = append(p.Labels, bookLabel{Copy: c, URL: link, QR: template.HTML(svg)}) // our own drawing
	}
	return s.render(w, r, http.StatusOK, "book_labels", p)
}

// loanRow is an open loan as the member's home card shows it.
type loanRow struct {
	*huoshui.Loan
	DaysLeft      int
	Soon, Overdue bool
}

// memberLoans lists the member's open loans, soonest due first, each
// with whether its reminder is due (rules.LoanReminder) or it is late.
func (s *Server) memberLoans(r *http.Request, memberID int64, today huoshui.Date) ([]loanRow, error) {
	ls, err := s.store.FindLoans(r.Context(), store.LoanFilter{Scope: huoshui.Scope{MemberID: memberID}, MemberID: memberID,
		Open: true, Limit: 20})
	if err != nil {
		return nil, err
	}
	var out []loanRow
	for _, l := range ls {
		out = append(out, loanRow{Loan: l, DaysLeft: rules.LoanDaysLeft(l, today), Soon: rules.LoanReminder(l, today),
			Overdue: rules.LoanOverdue(l, today)})
	}
	return out, nil
}

type myLoansPage struct {
	Page
	Open, Past []*huoshui.Loan
	Today      huoshui.Date
}

// DaysLeft is how many days a loan has until it is due.
func (p *myLoansPage) DaysLeft(l *huoshui.Loan) int { return rules.LoanDaysLeft(l, p.Today) }

// Soon reports whether a loan's reminder is due (3 days or fewer left).
func (p *myLoansPage) Soon(l *huoshui.Loan) bool { return rules.LoanReminder(l, p.Today) }

// Overdue reports whether a loan is past due.
func (p *myLoansPage) Overdue(l *huoshui.Loan) bool { return rules.LoanOverdue(l, p.Today) }

// myLoans shows GET /loans/mine: the reader's loans, open ones first.
func (s *Server) myLoans(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	if u.MemberID == 0 {
		return fmt.Errorf("loans of an account without a member record: %w", huoshui.ErrForbidden)
	}
	ls, err := s.store.FindLoans(r.Context(), store.LoanFilter{Scope: huoshui.Scope{MemberID: u.MemberID}, MemberID: u.MemberID, Limit: 200})
	if err != nil {
		return err
	}
	p := &myLoansPage{Today: s.today()}
	for _, l := range ls {
		if l.Open() {
			p.Open = append(p.Open, l)
		} else {
			p.Past = append(p.Past, l)
		}
	}
	return s.render(w, r, http.StatusOK, "loans_mine", p)
}

// bookNoteAdd keeps POST /books/{id}/notes: the reader's reading note,
// which waits as a training entry for an officer.
func (s *Server) bookNoteAdd(w http.ResponseWriter, r *http.Request) error {
	b, err := s.findVisibleBook(r)
	if err != nil {
		return err
	}
	u := userFrom(r.Context())
	if u.MemberID == 0 {
		return fmt.Errorf("note without a member record: %w", huoshui.ErrForbidden)
	}
	return submit(s, w, r, formFlow[*huoshui.ReadingNote]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*huoshui.ReadingNote, error) {
			n := &huoshui.ReadingNote{BookID: b.ID, MemberID: u.MemberID, Text: v.Get("text")}
			if m := strings.TrimSpace(huoshui.FoldWidth(v.Get("minutes"))); m != "" {
				x, err := strconv.Atoi(m)
				if err != nil {
					ve.Add("minutes", "book.minutes_number")
				}
				n.Minutes = x
			}
			return n, nil
		},
		Save:  func(n *huoshui.ReadingNote) error { return s.store.CreateReadingNote(r.Context(), s.actor(r), n) },
		Page:  func(code int, f form) error { return s.renderBook(w, r, code, b, f) },
		Flash: "books.note_added",
		Next:  func(*huoshui.ReadingNote) string { return bookPath(b) },
	})
}

// editableCopy loads the copy for an officer's change: 404 outside the
// reader's view, 403 for one who only borrows.
func (s *Server) editableCopy(r *http.Request) (*huoshui.Copy, error) {
	c, err := s.findVisibleCopy(r)
	if err != nil {
		return nil, err
	}
	if !auth.Can(userFrom(r.Context()), auth.EditRecord, auth.Object{OrgPath: c.OrgPath}) {
		return nil, fmt.Errorf("copy %d: %w", c.ID, huoshui.ErrForbidden)
	}
	return c, nil
}

// copyArchiveForm asks GET /copies/{id}/archive: take the copy off the
// shelf (lost or worn out)? Its loans stay on record.
func (s *Server) copyArchiveForm(w http.ResponseWriter, r *http.Request) error {
	c, err := s.editableCopy(r)
	if err != nil {
		return err
	}
	p := &copyPage{Copy: c, Officer: true, Today: s.today()}
	return s.render(w, r, http.StatusOK, "copy_archive", p)
}

// copyArchive keeps POST /copies/{id}/archive; a copy out is refused.
func (s *Server) copyArchive(w http.ResponseWriter, r *http.Request) error {
	c, err := s.editableCopy(r)
	if err != nil {
		return err
	}
	if err := s.store.ArchiveCopy(r.Context(), s.actor(r), c.ID); err != nil {
		if msg := s.loanProblemText(r, err); msg != "" {
			return s.renderCopy(w, r, http.StatusUnprocessableEntity, c, msg)
		}
		return err
	}
	flashWith(w, "loans.copy_archived", "Label", c.Label)
	http.Redirect(w, r, fmt.Sprintf("/books/%d", c.BookID), http.StatusSeeOther)
	return nil
}
