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

// A member's own dues (their payments, what they owe, the warning of the
// 自行脱党 rule), and the ledgers the reader keeps: GET /dues.

type duesMinePage struct {
	Page
	Line     *store.DuesLine // nil: no member record, or one that owes no dues
	Warning  string
	Level    string
	Payments []huoshui.DuesPayment
	Ledgers  []*huoshui.Org // the nodes whose ledger or roll-up the reader sees
	Through  huoshui.YearMonth
}

func (p *duesMinePage) Yuan(fen int64) string { return huoshui.FormatYuan(fen) }

// myDues reads the signed-in member's own dues line through the last due
// month, with the warning it calls for; nil when they owe no dues.
func (s *Server) myDues(r *http.Request) (*store.DuesLine, *rules.Warning, error) {
	u := userFrom(r.Context())
	if u.MemberID == 0 {
		return nil, nil, nil
	}
	through := rules.LastDueMonth(s.today())
	l, err := s.store.FindMemberDuesLine(r.Context(), huoshui.Scope{MemberID: u.MemberID}, u.MemberID, through, through)
	if errors.Is(err, huoshui.ErrNotFound) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	if w, ok := rules.ArrearsWarning(l.Arrears()); ok {
		return l, &w, nil
	}
	return l, nil, nil
}

// duesIndex shows GET /dues: the member's own dues, and links to the
// ledgers the reader keeps. A person with neither gets 403.
func (s *Server) duesIndex(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := userFrom(ctx)
	p := &duesMinePage{Through: rules.LastDueMonth(s.today())}
	var ids []int64
	for _, role := range u.Roles {
		if auth.CanViewDuesLedger(u, role.OrgPath) && role.OrgKind != huoshui.OrgGroup {
			ids = append(ids, role.OrgID)
		}
	}
	orgs, err := s.store.FindOrgsByIDs(ctx, ids)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if o, ok := orgs[id]; ok && o.ArchivedAt == nil {
			p.Ledgers = append(p.Ledgers, o)
		}
	}
	line, warn, err := s.myDues(r)
	if err != nil {
		return err
	}
	if line == nil && len(p.Ledgers) == 0 && u.MemberID == 0 {
		return huoshui.ErrForbidden
	}
	p.Line = line
	if warn != nil {
		p.Warning = s.msgs.T(langFrom(r), "warning."+warn.Code, warn.Args...)
		p.Level = "warn"
		if line.Run >= rules.ArrearsFinalMonths {
			p.Level = "red"
		}
	}
	if line != nil {
		if p.Payments, err = s.store.FindDuesPayments(ctx, huoshui.Scope{MemberID: u.MemberID}, u.MemberID, 24); err != nil {
			return err
		}
	}
	return s.render(w, r, http.StatusOK, "dues_mine", p)
}

// homeDuesWarning is the member's own warning for their home page ("" for
// none): three months or more in a row unpaid.
func (s *Server) homeDuesWarning(r *http.Request) (string, error) {
	_, warn, err := s.myDues(r)
	if err != nil || warn == nil {
		return "", err
	}
	return s.msgs.T(langFrom(r), "warning."+warn.Code, warn.Args...), nil
}

// duesActions are the home actions of a branch's card for those who see
// its ledger: each member 3 or more months in a row unpaid, with the
// warning and the way to the ledger. Never shown to anyone else.
func (s *Server) duesActions(r *http.Request, o *huoshui.Org) ([]warningAction, error) {
	u := userFrom(r.Context())
	if o.Kind != huoshui.OrgBranch || !auth.CanViewDuesLedger(u, o.Path) {
		return nil, nil
	}
	through := rules.LastDueMonth(s.today())
	lines, err := s.store.FindDuesLedger(r.Context(), auth.DuesScope(u), o.ID, through, through)
	if err != nil {
		return nil, err
	}
	lang := langFrom(r)
	var out []warningAction
	for _, l := range lines {
		if w, ok := rules.ArrearsWarning(l.Arrears()); ok {
			out = append(out, warningAction{Org: o, Text: l.Name + s.msgs.T(lang, "home.colon") + s.msgs.T(lang, "warning."+w.Code, w.Args...),
				Href: fmt.Sprintf("/orgs/%d/dues?month=%s#m%d", o.ID, through, l.MemberID), Label: "dues.act.ledger"})
		}
	}
	return out, nil
}
