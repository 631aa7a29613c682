package web

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/rules"
)

// The book corner's JSON: POST /api/v1/books adds a book to a shelf (201,
// or 422 naming each field, a bad ISBN among them); POST
// /api/v1/copies/{id}/borrow and …/return lend and take back a copy. A
// copy out already, or not out, answers 409 with the reason, as a
// check-in code asked for a closed meeting does, and changes nothing.

type apiBookInput struct {
	ISBN      string   `json:"isbn"`
	Title     string   `json:"title"`
	Author    string   `json:"author"`
	Publisher string   `json:"publisher"`
	Year      int      `json:"year"`
	Tags      []string `json:"tags"`
	// Org is the shelf's org; 0 means the reader's own branch.
	Org int64 `json:"org"`
}

// apiBookCreate keeps POST /api/v1/books.
func (s *Server) apiBookCreate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := userFrom(ctx)
	if !auth.CanAnywhere(u, auth.EditRecord) {
		return huoshui.ErrForbidden
	}
	var in apiBookInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	if v := checkJSONText(in); v != nil {
		return v
	}
	if in.Org == 0 && u.MemberID != 0 {
		m, err := s.store.FindMemberByID(ctx, huoshui.Everything(), u.MemberID)
		if err != nil {
			return err
		}
		in.Org = m.OrgID
	}
	b := &huoshui.Book{OrgID: in.Org, ISBN: in.ISBN, Title: in.Title, Author: in.Author, Publisher: in.Publisher,
		Year: in.Year, Tags: in.Tags}
	if err := b.Validate(); err != nil {
		// The JSON names the org "org".
		for i, f := range err.(*huoshui.ValidationError).Fields {
			if f.Field == "org_id" {
				err.(*huoshui.ValidationError).Fields[i].Field = "org"
			}
		}
		return err
	}
	o, err := s.store.FindOrgByID(ctx, auth.Scope(u, auth.EditRecord), in.Org)
	if errors.Is(err, huoshui.ErrNotFound) {
		ve := &huoshui.ValidationError{}
		ve.Add("org", "book.org_unknown")
		return ve
	}
	if err != nil {
		return err
	}
	b.OrgID = o.ID
	if err := s.store.CreateBook(ctx, s.actor(r), b); err != nil {
		return err
	}
	s.writeJSON(w, http.StatusCreated, b)
	return nil
}

// apiLoanAction runs a borrowing or a return of the copy in the path for
// the API: 200 with the loan, 409 with the reason when refused.
func (s *Server) apiLoanAction(w http.ResponseWriter, r *http.Request, act func(c *huoshui.Copy) (*huoshui.Loan, error)) error {
	c, err := s.findVisibleCopy(r)
	if err != nil {
		return err
	}
	l, err := act(c)
	if err != nil {
		if msg := s.loanProblemText(r, err); msg != "" {
			s.writeJSON(w, http.StatusConflict, map[string]any{"error": msg})
			return nil
		}
		return err
	}
	s.writeJSON(w, http.StatusOK, l)
	return nil
}

// apiCopyBorrow keeps POST /api/v1/copies/{id}/borrow: the reader
// borrows the copy for themself.
func (s *Server) apiCopyBorrow(w http.ResponseWriter, r *http.Request) error {
	return s.apiLoanAction(w, r, func(c *huoshui.Copy) (*huoshui.Loan, error) {
		u := userFrom(r.Context())
		if u.MemberID == 0 {
			return nil, fmt.Errorf("borrow copy %d without a member record: %w", c.ID, huoshui.ErrForbidden)
		}
		return s.store.Borrow(r.Context(), s.actor(r), c.ID, u.MemberID, rules.LoanDue)
	})
}

// apiCopyReturn keeps POST /api/v1/copies/{id}/return: by the borrower or
// an officer of the copy's org.
func (s *Server) apiCopyReturn(w http.ResponseWriter, r *http.Request) error {
	return s.apiLoanAction(w, r, func(c *huoshui.Copy) (*huoshui.Loan, error) {
		if c.Loan != nil && !mayHandle(userFrom(r.Context()), c) {
			return nil, fmt.Errorf("return copy %d: %w", c.ID, huoshui.ErrForbidden)
		}
		return s.store.ReturnCopy(r.Context(), s.actor(r), c.ID)
	})
}
