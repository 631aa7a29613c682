package store_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// due30 is the loan rule the tests lend by (rules.LoanDue, which the
// store does not import).
func due30(d huoshui.Date) huoshui.Date { return d.AddDate(0, 0, 30) }

// renewOnce is rules.Renewal's answer as far as the store tests need it.
func renewOnce(l *huoshui.Loan, today huoshui.Date) (huoshui.Date, string) {
	if l.Renewed {
		return huoshui.Date{}, "loan.renewed_already"
	}
	return l.DueOn.AddDate(0, 0, 30), ""
}

func fieldCode(err error, field string) string {
	var v *huoshui.ValidationError
	if !errors.As(err, &v) {
		return ""
	}
	for _, f := range v.Fields {
		if f.Field == field {
			return f.Code
		}
	}
	return ""
}

func newBook(t *testing.T, s *store.Store, orgID int64, isbn, title string, copies int) (*huoshui.Book, []*huoshui.Copy) {
	t.Helper()
	ctx := context.Background()
	b := &huoshui.Book{OrgID: orgID, ISBN: isbn, Title: title, Author: "习近平", Publisher: "人民出版社", Year: 2022, Tags: []string{"理论"}}
	if err := s.CreateBook(ctx, actor, b); err != nil {
		t.Fatalf("book %s: %v", title, err)
	}
	var cs []*huoshui.Copy
	if copies > 0 {
		var err error
		if cs, err = s.AddCopies(ctx, actor, b.ID, copies); err != nil {
			t.Fatal(err)
		}
	}
	return b, cs
}

func TestBookCatalogue(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		b, cs := newBook(t, s, tr.branchA.ID, "978-7-01-017712-0", "习近平谈治国理政 第四卷", 2)
		if b.ISBN != "9787010177120" || cs[0].Label != "秘书处-0001" || cs[1].Label != "秘书处-0002" {
			t.Errorf("book %s, labels %s %s", b.ISBN, cs[0].Label, cs[1].Label)
		}
		// The same book as ISBN-10 in the same branch is refused; in
		// the branch beside it is another shelf.
		dup := &huoshui.Book{OrgID: tr.branchA.ID, ISBN: "9787010177120", Title: "重复", Author: "某"}
		if err := s.CreateBook(ctx, actor, dup); fieldCode(err, "isbn") != "book.isbn_taken" {
			t.Errorf("duplicate ISBN: %v", err)
		}
		other := &huoshui.Book{OrgID: tr.branchB.ID, ISBN: "9787010177120", Title: "习近平谈治国理政 第四卷", Author: "习近平"}
		if err := s.CreateBook(ctx, actor, other); err != nil {
			t.Errorf("same ISBN in another branch: %v", err)
		}
		bad := &huoshui.Book{OrgID: tr.branchA.ID, ISBN: "978-7-01-017712-9", Title: "坏书号", Author: "某"}
		if err := s.CreateBook(ctx, actor, bad); fieldCode(err, "isbn") != "isbn.check" {
			t.Errorf("bad check digit: %v", err)
		}
		// Scope: the branch sees it, the branch beside does not.
		if _, err := s.FindBookByID(ctx, huoshui.Scope{Paths: []string{tr.branchB.Path}}, b.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("other branch reads the book: %v", err)
		}
		got, total, err := s.FindBooks(ctx, huoshui.BookFilter{Scope: huoshui.Scope{Paths: []string{tr.branchA.Path}}, OrgID: tr.branchA.ID, Query: "治国"})
		if err != nil || total != 1 || got[0].Copies != 2 || got[0].Available != 2 {
			t.Fatalf("find: %v %d %+v", err, total, got)
		}
		if got, _, _ := s.FindBooks(ctx, huoshui.BookFilter{OrgID: tr.branchA.ID}); len(got) != 0 {
			t.Errorf("the zero scope lists %d books", len(got))
		}

		// A batch with a bad row and a duplicate writes nothing and
		// names the rows.
		batch := []*huoshui.Book{
			{OrgID: tr.branchA.ID, ISBN: "7-01-003387-0", Title: "论持久战", Author: "毛泽东"},
			{OrgID: tr.branchA.ID, ISBN: "7-01-003387-3", Title: "坏", Author: "某"},
			{OrgID: tr.branchA.ID, ISBN: "9787010177120", Title: "重复", Author: "某"},
		}
		err = s.CreateBooks(ctx, actor, batch)
		var v *huoshui.ValidationError
		if !errors.As(err, &v) || !v.HasRow(2, "isbn") {
			t.Fatalf("batch: %v", err)
		}
		if _, total, _ := s.FindBooks(ctx, huoshui.BookFilter{Scope: huoshui.Everything(), OrgID: tr.branchA.ID}); total != 1 {
			t.Errorf("a refused batch left %d books", total)
		}
		batch = batch[:1]
		batch = append(batch, &huoshui.Book{OrgID: tr.branchA.ID, ISBN: "9787010177120", Title: "重复", Author: "某"})
		if err := s.CreateBooks(ctx, actor, batch); !errors.As(err, &v) || !v.HasRow(2, "isbn") {
			t.Fatalf("batch with a book already there: %v", err)
		}
		if _, total, _ := s.FindBooks(ctx, huoshui.BookFilter{Scope: huoshui.Everything(), OrgID: tr.branchA.ID}); total != 1 {
			t.Errorf("a refused batch left %d books", total)
		}
	})
}

func TestLoanLifecycle(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		p := makeBulkPeople(t, s)
		taskClock(s, taskDay)
		b, cs := newBook(t, s, p.tr.branchA.ID, "9787010177120", "习近平谈治国理政 第四卷", 1)
		c := cs[0]
		l, err := s.Borrow(ctx, actor, c.ID, p.a4.ID, due30)
		if err != nil {
			t.Fatal(err)
		}
		if !l.DueOn.Equal(taskDay.AddDate(0, 0, 30)) {
			t.Errorf("due %s", l.DueOn)
		}
		if _, err := s.Borrow(ctx, actor, c.ID, p.sec.ID, due30); fieldCode(err, "copy") != "loan.on_loan" {
			t.Errorf("borrow a copy on loan: %v", err)
		}
		if _, err := s.Borrow(ctx, actor, c.ID, p.other.ID, due30); fieldCode(err, "copy") == "" {
			t.Errorf("a member of another branch borrows: %v", err)
		}
		if l, err = s.RenewLoan(ctx, actor, c.ID, renewOnce); err != nil || !l.Renewed || !l.DueOn.Equal(taskDay.AddDate(0, 0, 60)) {
			t.Errorf("renew: %v %+v", err, l)
		}
		if _, err := s.RenewLoan(ctx, actor, c.ID, renewOnce); fieldCode(err, "copy") != "loan.renewed_already" {
			t.Errorf("renew twice: %v", err)
		}
		got, _ := s.FindCopyByID(ctx, huoshui.Everything(), c.ID)
		if got.Loan == nil || got.Loan.MemberID != p.a4.ID || !got.Loan.DueOn.Equal(taskDay.AddDate(0, 0, 60)) {
			t.Errorf("copy's loan %+v", got.Loan)
		}
		if mine, _ := s.FindLoans(ctx, store.LoanFilter{Scope: huoshui.Scope{MemberID: p.a4.ID}, MemberID: p.a4.ID, Open: true}); len(mine) != 1 {
			t.Errorf("my loans: %d", len(mine))
		}
		if _, err := s.ReturnCopy(ctx, actor, c.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ReturnCopy(ctx, actor, c.ID); fieldCode(err, "copy") != "loan.not_on_loan" {
			t.Errorf("return a copy not on loan: %v", err)
		}
		if _, err := s.Borrow(ctx, actor, c.ID, p.sec.ID, due30); err != nil {
			t.Errorf("borrow after return: %v", err)
		}
		bk, _ := s.FindBookByID(ctx, huoshui.Everything(), b.ID)
		if bk.Borrowed != 2 || bk.Available != 0 {
			t.Errorf("borrowed %d times, %d available", bk.Borrowed, bk.Available)
		}
		top, _ := s.MostBorrowed(ctx, huoshui.Everything(), p.tr.branchA.ID, 5)
		if len(top) != 1 || top[0].ID != b.ID {
			t.Errorf("most borrowed %+v", top)
		}

		// A reading note: only on a book the member borrowed; it waits
		// as a pending training entry an officer decides.
		n := &huoshui.ReadingNote{BookID: b.ID, MemberID: p.prob.ID, Text: "读后感", Minutes: 90}
		if err := s.CreateReadingNote(ctx, actor, n); fieldCode(err, "text") != "book.note_not_borrowed" {
			t.Errorf("note without a loan: %v", err)
		}
		n.MemberID = p.a4.ID
		if err := s.CreateReadingNote(ctx, actor, n); err != nil {
			t.Fatal(err)
		}
		tr, err := s.FindTrainingByID(ctx, huoshui.Everything(), n.TrainingID)
		if err != nil || tr.Status != huoshui.TrainingPending || tr.Hours != 1.5 || tr.MemberID != p.a4.ID {
			t.Fatalf("training %+v %v", tr, err)
		}
		if err := s.DecideTraining(ctx, actor, n.TrainingID, true, 0, ""); err != nil {
			t.Fatal(err)
		}
		notes, _ := s.FindReadingNotes(ctx, huoshui.Scope{MemberID: p.a4.ID}, b.ID)
		if len(notes) != 1 || notes[0].Status != huoshui.TrainingConfirmed {
			t.Errorf("notes %+v", notes)
		}
	})
}

// Two members borrow one copy at the same moment: one gets it, the other
// is told it is out, and there is one open loan.
func TestRaceBorrowOneCopy(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		p := makeBulkPeople(t, s)
		b, _ := newBook(t, s, p.tr.branchA.ID, "9787010177120", "习近平谈治国理政 第四卷", 0)
		raceRule(t, 20, func(i int) string {
			cs, err := s.AddCopies(ctx, actor, b.ID, 1)
			if err != nil {
				t.Fatal(err)
			}
			borrow := func(m int64) func() error {
				return func() error { _, err := s.Borrow(ctx, actor, cs[0].ID, m, due30); return err }
			}
			errs := race(borrow(p.a4.ID), borrow(p.sec.ID))
			ok := 0
			for _, err := range errs {
				switch {
				case err == nil:
					ok++
				case fieldCode(err, "copy") == "":
					return fmt.Sprintf("unexpected error %v", err)
				}
			}
			open, _ := s.FindLoans(ctx, store.LoanFilter{Scope: huoshui.Everything(), BookID: b.ID, Open: true})
			if ok != 1 || len(open) != i+1 {
				return fmt.Sprintf("%d borrowings succeeded, %d open loans after %d copies", ok, len(open), i+1)
			}
			return ""
		})
	})
}

// The kept count of loans per book equals a fresh count after random
// borrowings and returns.
func TestBookBorrowedCountKept(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		p := makeBulkPeople(t, s)
		var copies []*huoshui.Copy
		var books []*huoshui.Book
		for i, isbn := range []string{"9787010177120", "9787010033877", "9780804429573"} {
			b, cs := newBook(t, s, p.tr.branchA.ID, isbn, fmt.Sprintf("书%d", i), 2)
			books = append(books, b)
			copies = append(copies, cs...)
		}
		rnd := rand.New(rand.NewPCG(1, 2))
		people := []int64{p.sec.ID, p.a3.ID, p.a4.ID}
		for range 60 {
			c := copies[rnd.IntN(len(copies))]
			if rnd.IntN(2) == 0 {
				s.Borrow(ctx, actor, c.ID, people[rnd.IntN(len(people))], due30)
			} else {
				s.ReturnCopy(ctx, actor, c.ID)
			}
		}
		for _, b := range books {
			got, _ := s.FindBookByID(ctx, huoshui.Everything(), b.ID)
			ls, _ := s.FindLoans(ctx, store.LoanFilter{Scope: huoshui.Everything(), BookID: b.ID})
			if got.Borrowed != len(ls) {
				t.Errorf("%s: kept %d, counted %d", b.Title, got.Borrowed, len(ls))
			}
		}
	})
}
