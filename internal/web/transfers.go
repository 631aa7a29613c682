package web

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
)

// Transfers (组织关系转接), docs/domain.md "Transfers": a branch's list of
// its transfers in and out, one transfer's page with what its officers may
// do next, and the alerts on the secretary's home.

// transferRow is a case as the lists show it, with what the rules say of
// its letter on the day.
type transferRow struct {
	*huoshui.TransferCase
	Out      bool         // the branch of the page sends it
	Overdue  bool         // a letter whose receipt should be back (rules.LetterOverdue)
	Late     string       // a receipt back after the letter expired (rules.ReceiptWarning)
	StubKept huoshui.Date // the letter's stub is kept until (rules.StubKeptUntil)
}

func newTransferRow(c *huoshui.TransferCase, orgID int64, today huoshui.Date, late func(rules.Warning) string) transferRow {
	row := transferRow{TransferCase: c, Out: c.FromOrgID == orgID}
	if c.Kind == huoshui.TransferLetterOut {
		l := letterOf(c)
		row.Overdue = rules.LetterOverdue(l, today)
		if w, ok := rules.ReceiptWarning(l); ok {
			row.Late = late(w)
		}
		row.StubKept = rules.StubKeptUntil(c.IssuedOn)
	}
	return row
}

// letterOf is what the rules read of a case's letter.
func letterOf(c *huoshui.TransferCase) rules.Letter {
	return rules.Letter{IssuedOn: c.IssuedOn, ValidUntil: c.ValidUntil, ReceiptOn: c.ReceiptOn}
}

type transfersPage struct {
	Page
	Org        *huoshui.Org
	PendingIn  []transferRow // moves into the branch waiting for its answer
	PendingOut []transferRow // moves out waiting for the other branch
	Letters    []transferRow // letters out waiting for their receipt
	Done       []transferRow // everything closed, newest first
	Stubs      []transferRow // every letter issued: the stubs kept
	CanReceive bool
	Form       form // the receipt-by-number form
}

// transferOrg loads the branch in the path for a reader who handles its
// transfers; anyone else gets 404.
func (s *Server) transferOrg(r *http.Request) (*huoshui.Org, error) {
	o, err := s.findVisibleOrg(r)
	if err != nil {
		return nil, err
	}
	if o.Kind != huoshui.OrgBranch || !auth.Can(userFrom(r.Context()), auth.TransferMember, auth.Object{OrgPath: o.Path}) {
		return nil, fmt.Errorf("transfers of org %d: %w", o.ID, huoshui.ErrNotFound)
	}
	return o, nil
}

// orgTransfers is the branch's list of transfers.
func (s *Server) orgTransfers(w http.ResponseWriter, r *http.Request) error {
	o, err := s.transferOrg(r)
	if err != nil {
		return err
	}
	return s.renderOrgTransfers(w, r, http.StatusOK, o, newForm(nil))
}

func (s *Server) renderOrgTransfers(w http.ResponseWriter, r *http.Request, code int, o *huoshui.Org, f form) error {
	ctx := r.Context()
	u := userFrom(ctx)
	cases, err := s.store.FindTransferCases(ctx, huoshui.TransferFilter{Scope: auth.Scope(u, auth.TransferMember), OrgID: o.ID})
	if err != nil {
		return err
	}
	if f.Values == nil {
		f.Values = map[string][]string{"receipt_on": {s.today().String()}}
	}
	p := &transfersPage{Org: o, Form: f, CanReceive: auth.CanReceiveTransfer(u, o.Path)}
	today, lang := s.today(), langFrom(r)
	late := func(w rules.Warning) string { return s.msgs.T(lang, "warning."+w.Code, w.Args...) }
	for _, c := range cases {
		row := newTransferRow(c, o.ID, today, late)
		switch {
		case c.Status == huoshui.TransferPending && !row.Out:
			p.PendingIn = append(p.PendingIn, row)
		case c.Status == huoshui.TransferPending:
			p.PendingOut = append(p.PendingOut, row)
		case c.Status == huoshui.TransferIssued:
			p.Letters = append(p.Letters, row)
		default:
			p.Done = append(p.Done, row)
		}
		if c.Kind == huoshui.TransferLetterOut {
			p.Stubs = append(p.Stubs, row)
		}
	}
	p.Crumbs = s.orgCrumbs(r, o, "transfers.title")
	return s.render(w, r, code, "transfers_list", p)
}

type transferPage struct {
	Page
	Org *huoshui.Org
	Row transferRow
	// What the reader may do: answer a move into their branch, record
	// the receipt of a letter of theirs.
	CanAnswer, CanReceipt bool
	// CanWithdraw: the sending branch may take a move back before it
	// is answered (transfers_withdraw.go).
	CanWithdraw bool
	Form        form
	// MemberLink: the member's record is one the reader may open (not
	// yet, for the receiving branch of a move still pending).
	MemberLink bool
}

// findOrgTransfer loads the branch and the transfer in the path: the
// transfer must be one the branch sends or receives, and the reader one
// who handles the branch's transfers.
func (s *Server) findOrgTransfer(r *http.Request) (*huoshui.Org, *huoshui.TransferCase, error) {
	o, err := s.transferOrg(r)
	if err != nil {
		return nil, nil, err
	}
	tid, err := pathID(r, "tid")
	if err != nil {
		return nil, nil, err
	}
	c, err := s.store.FindTransferCaseByID(r.Context(), auth.Scope(userFrom(r.Context()), auth.TransferMember), tid)
	if err != nil {
		return nil, nil, err
	}
	if c.FromOrgID != o.ID && c.ToOrgID != o.ID {
		return nil, nil, fmt.Errorf("transfer %d not of org %d: %w", tid, o.ID, huoshui.ErrNotFound)
	}
	return o, c, nil
}

func transferPath(o *huoshui.Org, c *huoshui.TransferCase) string {
	return fmt.Sprintf("/orgs/%d/transfers/%d", o.ID, c.ID)
}

func (s *Server) transferView(w http.ResponseWriter, r *http.Request) error {
	o, c, err := s.findOrgTransfer(r)
	if err != nil {
		return err
	}
	return s.renderTransferView(w, r, http.StatusOK, o, c, newForm(nil))
}

func (s *Server) renderTransferView(w http.ResponseWriter, r *http.Request, code int, o *huoshui.Org, c *huoshui.TransferCase, f form) error {
	u := userFrom(r.Context())
	lang := langFrom(r)
	if f.Values == nil {
		f.Values = map[string][]string{"on": {s.today().String()}, "receipt_on": {s.today().String()}}
	}
	p := &transferPage{Org: o, Form: f,
		Row:        newTransferRow(c, o.ID, s.today(), func(w rules.Warning) string { return s.msgs.T(lang, "warning."+w.Code, w.Args...) }),
		CanAnswer:  c.Status == huoshui.TransferPending && c.ToOrgID == o.ID && auth.CanReceiveTransfer(u, o.Path),
		CanReceipt: c.Status == huoshui.TransferIssued && c.FromOrgID == o.ID && auth.CanSendTransfer(u, o.Path),
		CanWithdraw: c.Kind == huoshui.TransferInside && c.Status == huoshui.TransferPending && c.FromOrgID == o.ID &&
			auth.CanSendTransfer(u, o.Path),
	}
	if _, err := s.store.FindMemberByID(r.Context(), auth.Scope(u, auth.ViewMember), c.MemberID); err == nil {
		p.MemberLink = true
	} else if !errors.Is(err, huoshui.ErrNotFound) {
		return err
	}
	p.Crumbs = append(s.orgCrumbs(r, o, "transfers.title")[:2],
		crumb{Href: fmt.Sprintf("/orgs/%d/transfers", o.ID), Label: s.msgs.T(lang, "transfers.title")},
		crumb{Label: c.MemberName})
	return s.render(w, r, code, "transfer_view", p)
}

// homeTransfers is what a branch's home card says of its transfers: moves
// waiting for its answer, letters whose receipt is overdue. Nil when
// there is nothing or the reader does not handle its transfers.
func (s *Server) homeTransfers(r *http.Request, o *huoshui.Org) (*store.TransferAlerts, error) {
	if o.Kind != huoshui.OrgBranch || !auth.Can(userFrom(r.Context()), auth.TransferMember, auth.Object{OrgPath: o.Path}) {
		return nil, nil
	}
	a, err := s.store.TransferAlertsOf(r.Context(), o.ID, s.today())
	if err != nil || (a.PendingIn == 0 && a.Overdue == 0) {
		return nil, err
	}
	return &a, nil
}

// memberTransferCases fills the profile's transfer history: the cases of
// the member the reader may see, and whether the reader may start one.
func (s *Server) memberTransferCases(r *http.Request, m *huoshui.Member, p *memberPage) error {
	u := userFrom(r.Context())
	cases, err := s.store.FindMemberTransferCases(r.Context(), auth.Scope(u, auth.ViewMember), m.ID)
	if err != nil {
		return err
	}
	p.TransferCases = cases
	for _, c := range cases {
		if c.Status == huoshui.TransferPending {
			p.TransferPending = c
		}
	}
	p.CanStartTransfer = m.ArchivedAt == nil && p.TransferPending == nil && auth.CanSendTransfer(u, m.OrgPath)
	p.TransferredOut = m.ArchivedAt != nil && m.ArchiveReason == huoshui.TransferArchiveReason
	p.TransferLinks = auth.Can(u, auth.TransferMember, auth.Object{OrgPath: m.OrgPath})
	if m.ArchivedAt != nil {
		for _, c := range cases {
			if c.Kind == huoshui.TransferLetterOut && c.Status == huoshui.TransferIssued {
				p.OpenLetter = c
			}
		}
	}
	return nil
}

// transferTable is one table of the list: the page (for its words), the
// branch and the rows.
type transferTable struct {
	P    *Page
	Org  *huoshui.Org
	Rows []transferRow
}

// Table gives rows to the "transfer-rows" template.
func (p *transfersPage) Table(rows []transferRow) transferTable {
	return transferTable{P: &p.Page, Org: p.Org, Rows: rows}
}
