package web

import (
	"fmt"
	"net/http"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/rules"
)

// The printed papers of a transfer, on A4: the introduction letter
// (介绍信) with its stub (存根) and its receipt slip (回执) for a letter
// out, in the usual layout; the receipt to send back for a letter
// brought in.

type letterPage struct {
	Page
	Org      *huoshui.Org
	C        *huoshui.TransferCase
	M        *huoshui.Member
	Age      int
	Issued   string // the dates as the letter writes them: 2026年3月10日
	Valid    string
	StubKept string
	Received string // a letter in: the day its member was entered
	// DuesTo: "该同志党费已交到2026年10月。" from the dues ledger, when it
	// holds the member's payments; "" leaves the line blank to fill by hand.
	DuesTo string
	Back   string // where the page's back link goes
}

// longDate writes d as the letter does.
func (s *Server) longDate(r *http.Request, d huoshui.Date) string {
	if d.IsZero() {
		return ""
	}
	return s.msgs.T(langFrom(r), "transfers.long_date", "Y", d.Year(), "M", int(d.Time().Month()), "D", d.Time().Day())
}

// transferLetter prints the letter of the transfer in the path.
func (s *Server) transferLetter(w http.ResponseWriter, r *http.Request) error {
	o, c, err := s.findOrgTransfer(r)
	if err != nil {
		return err
	}
	return s.renderLetter(w, r, o, c)
}

// renderLetter prints a letter out (transfer_letter) or the receipt of a
// letter in (transfer_receipt). The letter writes the member's ID number
// in full, as the form asks: the read is recorded.
func (s *Server) renderLetter(w http.ResponseWriter, r *http.Request, o *huoshui.Org, c *huoshui.TransferCase) error {
	ctx := r.Context()
	if c.Kind == huoshui.TransferInside {
		return fmt.Errorf("transfer %d has no letter: %w", c.ID, huoshui.ErrNotFound)
	}
	m, err := s.store.FindMemberByID(ctx, huoshui.Everything(), c.MemberID) // the case was read through the scope
	if err != nil {
		return err
	}
	p := &letterPage{Org: o, C: c, M: m, Issued: s.longDate(r, c.IssuedOn), Valid: s.longDate(r, letterOf(c).Expires()),
		Back: transferPath(o, c)}
	if !m.BirthDate.IsZero() && !c.IssuedOn.IsZero() {
		p.Age = ageOn(m.BirthDate, c.IssuedOn)
	}
	name := "transfer_receipt"
	if c.Kind == huoshui.TransferLetterOut {
		name = "transfer_letter"
		p.StubKept = s.longDate(r, rules.StubKeptUntil(c.IssuedOn))
		if p.DuesTo, err = s.duesPaidTo(r, m.ID); err != nil {
			return err
		}
		if m.IDNumber != "" {
			if err := s.store.RecordRead(ctx, s.actor(r), "transfer_letter", "member", m.ID, o.ID, 1); err != nil {
				return err
			}
		}
	} else {
		p.Received = s.longDate(r, huoshui.DateOf(c.CreatedAt.In(chinaTime)))
	}
	p.Crumbs = append(s.orgCrumbs(r, o, "transfers.title")[:2],
		crumb{Href: fmt.Sprintf("/orgs/%d/transfers", o.ID), Label: s.msgs.T(langFrom(r), "transfers.title")},
		crumb{Href: transferPath(o, c), Label: c.MemberName},
		crumb{Label: s.msgs.T(langFrom(r), "transfers.print_"+string(c.Kind))})
	return s.render(w, r, http.StatusOK, name, p)
}

// ageOn is the age in whole years of someone born on birth, on day.
func ageOn(birth, day huoshui.Date) int {
	age := day.Year() - birth.Year()
	if day.Before(birth.AddYears(age)) {
		age--
	}
	return age
}

// apiTransferLetter is the printable letter of a transfer the reader
// handles, found by its id alone: the same A4 page as the branch's.
func (s *Server) apiTransferLetter(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u := userFrom(r.Context())
	c, err := s.store.FindTransferCaseByID(r.Context(), auth.Scope(u, auth.TransferMember), id)
	if err != nil {
		return err
	}
	orgID := c.FromOrgID
	if c.Kind == huoshui.TransferLetterIn {
		orgID = c.ToOrgID
	}
	o, err := s.store.FindOrgByID(r.Context(), auth.Scope(u, auth.TransferMember), orgID)
	if err != nil {
		return err
	}
	return s.renderLetter(w, r, o, c)
}

// duesPaidTo is the letter's dues line for member id: paid up to the last
// month of the unbroken run of months from their first payment in the
// ledger (a month missed stops it there), or "" without payments.
func (s *Server) duesPaidTo(r *http.Request, id int64) (string, error) {
	ps, err := s.store.FindDuesPayments(r.Context(), huoshui.Everything(), id, 600) // the case was read through the scope
	if err != nil || len(ps) == 0 {
		return "", err
	}
	paid := map[huoshui.YearMonth]bool{}
	first := ps[0].Month
	for _, p := range ps {
		paid[p.Month] = true
		if p.Month.Before(first) {
			first = p.Month
		}
	}
	to := first
	for paid[to.Add(1)] {
		to = to.Add(1)
	}
	return s.msgs.T(langFrom(r), "transfers.letter.dues_to", "Y", to.Year, "M", int(to.Month)), nil
}
