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

// Dues (党费): a branch's monthly ledger, where its officers record
// payments one by one or all at the dues; a committee's roll-up, counts
// only. Arrears show to the member and to those who keep the branch's
// roster (auth.CanViewDuesLedger), never in a public list.

// parseMonth reads ?month=YYYY-MM (full-width digits too); empty is def.
func parseMonth(v string, def huoshui.YearMonth) (huoshui.YearMonth, error) {
	v = strings.TrimSpace(huoshui.FoldWidth(v))
	if v == "" {
		return def, nil
	}
	m, err := huoshui.ParseYearMonth(v)
	if err != nil || m.Year < 1921 || m.Year > 2100 {
		ve := &huoshui.ValidationError{}
		ve.Add("month", "dues.month_range")
		return def, ve
	}
	return m, nil
}

// duesOrg loads the org in the path whose dues the reader may see: 404
// for anyone else, members of the branch included.
func (s *Server) duesOrg(r *http.Request) (*huoshui.Org, error) {
	o, err := s.findVisibleOrg(r)
	if err != nil {
		return nil, err
	}
	if !auth.CanViewDuesLedger(userFrom(r.Context()), o.Path) {
		return nil, fmt.Errorf("dues of org %d: %w", o.ID, huoshui.ErrNotFound)
	}
	return o, nil
}

// duesRow is a ledger line as the page shows it.
type duesRow struct {
	*store.DuesLine
	Warning string // the 自行脱党 rule's warning, "" under 3 months
	Level   string // "warn" or "red"
	Late    bool   // the payment was made after its month (补缴)
}

type duesLedgerPage struct {
	Page
	Org       *huoshui.Org
	Month     huoshui.YearMonth
	Through   huoshui.YearMonth
	Today     huoshui.Date
	Rows      []duesRow
	CanRecord bool
	Methods   []huoshui.PayMethod
	DueTotal  int64
	PaidTotal int64
	PaidCount int
	Unpaid    int // members with dues and no payment for the month
	Form      form
	FormRow   int64  // the member whose inline form was refused
	FormName  string // and their name
}

// Yuan writes fen as yuan.
func (p *duesLedgerPage) Yuan(fen int64) string { return huoshui.FormatYuan(fen) }

func (s *Server) duesRows(lang string, lines []*store.DuesLine) []duesRow {
	out := make([]duesRow, len(lines))
	for i, l := range lines {
		out[i] = duesRow{DuesLine: l}
		if w, ok := rules.ArrearsWarning(l.Arrears()); ok {
			out[i].Warning = s.msgs.T(lang, "warning."+w.Code, w.Args...)
			out[i].Level = "warn"
			if l.Run >= rules.ArrearsFinalMonths {
				out[i].Level = "red"
			}
		}
		if p := l.Payment; p != nil && huoshui.MonthOf(p.PaidOn).After(p.Month) {
			out[i].Late = true
		}
	}
	return out
}

// duesLedger loads the ledger page of o for the month in the query.
func (s *Server) duesLedger(r *http.Request, o *huoshui.Org, month huoshui.YearMonth) (*duesLedgerPage, error) {
	u := userFrom(r.Context())
	today := s.today()
	p := &duesLedgerPage{Org: o, Month: month, Through: rules.LastDueMonth(today), Today: today,
		CanRecord: auth.CanRecordDues(u, o.Path), Methods: huoshui.PayMethods, Form: newForm(url.Values{})}
	lines, err := s.store.FindDuesLedger(r.Context(), auth.DuesScope(u), o.ID, month, p.Through)
	if err != nil {
		return nil, err
	}
	p.Rows = s.duesRows(langFrom(r), lines)
	for _, l := range lines {
		if l.HasDue {
			p.DueTotal += l.Due
		}
		if l.Payment != nil {
			p.PaidTotal += l.Payment.AmountFen
			p.PaidCount++
		} else if l.HasDue {
			p.Unpaid++
		}
	}
	p.Crumbs = []crumb{{Href: "/orgs", Label: s.msgs.T(langFrom(r), "orgs.title")}, {Href: fmt.Sprintf("/orgs/%d", o.ID), Label: o.Name}, {Label: s.msgs.T(langFrom(r), "dues.title")}}
	return p, nil
}

// orgDues shows GET /orgs/{id}/dues?month=: a branch's monthly ledger
// (the last due month by default), or for a committee the roll-up.
func (s *Server) orgDues(w http.ResponseWriter, r *http.Request) error {
	o, err := s.duesOrg(r)
	if err != nil {
		return err
	}
	month, err := parseMonth(r.URL.Query().Get("month"), rules.LastDueMonth(s.today()))
	if err != nil {
		return err
	}
	if o.Kind != huoshui.OrgBranch {
		return s.duesRollup(w, r, o, month)
	}
	p, err := s.duesLedger(r, o, month)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "dues_ledger", p)
}

// editableDues loads the org for recording: 404 outside the ledger's
// readers, 403 for a reader who may not record.
func (s *Server) editableDues(r *http.Request) (*huoshui.Org, error) {
	o, err := s.duesOrg(r)
	if err != nil {
		return nil, err
	}
	if o.Kind != huoshui.OrgBranch || !auth.CanRecordDues(userFrom(r.Context()), o.Path) {
		return nil, fmt.Errorf("record dues at org %d: %w", o.ID, huoshui.ErrForbidden)
	}
	return o, nil
}

// paymentFromForm reads one payment as typed: the amount in yuan as
// people type it, the day paid (today when left empty).
func paymentFromForm(v url.Values, ve *huoshui.ValidationError, today huoshui.Date) *huoshui.DuesPayment {
	p := &huoshui.DuesPayment{Method: huoshui.PayMethod(v.Get("method")), Note: strings.TrimSpace(v.Get("note"))}
	p.MemberID, _ = strconv.ParseInt(v.Get("member_id"), 10, 64)
	var err error
	if p.Month, err = parseMonth(v.Get("month"), huoshui.YearMonth{}); err != nil || p.Month.IsZero() {
		ve.Add("month", "dues.month_range")
	}
	switch fen, err := huoshui.ParseYuan(v.Get("amount")); {
	case err != nil:
		ve.Add("amount", "dues.amount_not_money")
	default:
		p.AmountFen = fen
	}
	p.PaidOn = today
	if d := strings.TrimSpace(huoshui.FoldWidth(v.Get("paid_on"))); d != "" {
		if p.PaidOn, err = huoshui.ParseDate(d); err != nil {
			ve.Add("paid_on", "date_format")
		}
	}
	if err := p.Validate(); err != nil {
		ve.Merge(err)
	}
	return p
}

// duesPaymentCreate keeps POST /orgs/{id}/dues/payments: one member's
// month. A month already paid is refused with the rule, and the ledger
// comes back with the message beside the member's line.
func (s *Server) duesPaymentCreate(w http.ResponseWriter, r *http.Request) error {
	o, err := s.editableDues(r)
	if err != nil {
		return err
	}
	today := s.today()
	return submit(s, w, r, formFlow[*huoshui.DuesPayment]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*huoshui.DuesPayment, error) {
			return paymentFromForm(v, ve, today), nil
		},
		Save: func(p *huoshui.DuesPayment) error {
			if _, err := s.store.FindMemberByID(r.Context(), huoshui.Scope{Paths: []string{o.Path}}, p.MemberID); err != nil {
				return err
			}
			return s.store.RecordDuesPayment(r.Context(), s.actor(r), auth.Scope(userFrom(r.Context()), auth.EditMember), p, today)
		},
		Page: func(code int, f form) error {
			month, _ := parseMonth(f.Get("month"), rules.LastDueMonth(today))
			p, err := s.duesLedger(r, o, month)
			if err != nil {
				return err
			}
			p.Form = f
			p.FormRow, _ = strconv.ParseInt(f.Get("member_id"), 10, 64)
			for _, row := range p.Rows {
				if row.MemberID == p.FormRow {
					p.FormName = row.Name
				}
			}
			return s.render(w, r, code, "dues_ledger", p)
		},
		Flash: "dues.recorded",
		FlashArgs: func(p *huoshui.DuesPayment) []any {
			return []any{"Month", p.Month.String(), "Amount", huoshui.FormatYuan(p.AmountFen)}
		},
		Next: func(p *huoshui.DuesPayment) string {
			return fmt.Sprintf("/orgs/%d/dues?month=%s#m%d", o.ID, p.Month, p.MemberID)
		},
	})
}

type duesBulkPage struct {
	Page
	Org     *huoshui.Org
	Month   huoshui.YearMonth
	Rows    []duesRow // the members it would record
	Total   int64
	Method  huoshui.PayMethod
	Methods []huoshui.PayMethod
}

func (p *duesBulkPage) Yuan(fen int64) string { return huoshui.FormatYuan(fen) }

// duesBulkRows are the lines "全部按应缴登记" records: dues set, unpaid.
func (s *Server) duesBulkRows(r *http.Request, o *huoshui.Org, month huoshui.YearMonth) ([]duesRow, int64, error) {
	p, err := s.duesLedger(r, o, month)
	if err != nil {
		return nil, 0, err
	}
	var out []duesRow
	var total int64
	for _, row := range p.Rows {
		if row.HasDue && row.Payment == nil && !month.Before(row.From) {
			out = append(out, row)
			total += row.Due
		}
	}
	return out, total, nil
}

// duesBulkConfirm shows GET /orgs/{id}/dues/bulk?month=: who would be
// recorded as paid at their dues, before anything is written.
func (s *Server) duesBulkConfirm(w http.ResponseWriter, r *http.Request) error {
	o, err := s.editableDues(r)
	if err != nil {
		return err
	}
	month, err := parseMonth(r.URL.Query().Get("month"), rules.LastDueMonth(s.today()))
	if err != nil {
		return err
	}
	rows, total, err := s.duesBulkRows(r, o, month)
	if err != nil {
		return err
	}
	p := &duesBulkPage{Org: o, Month: month, Rows: rows, Total: total, Method: huoshui.PayCash, Methods: huoshui.PayMethods}
	p.Crumbs = []crumb{{Href: "/orgs", Label: s.msgs.T(langFrom(r), "orgs.title")}, {Href: fmt.Sprintf("/orgs/%d", o.ID), Label: o.Name},
		{Href: fmt.Sprintf("/orgs/%d/dues?month=%s", o.ID, month), Label: s.msgs.T(langFrom(r), "dues.title")},
		{Label: s.msgs.T(langFrom(r), "dues.bulk.title")}}
	return s.render(w, r, http.StatusOK, "dues_bulk", p)
}

// duesBulkRecord keeps POST /orgs/{id}/dues/bulk: every member of the
// confirmation still unpaid, at their dues, in one transaction.
func (s *Server) duesBulkRecord(w http.ResponseWriter, r *http.Request) error {
	o, err := s.editableDues(r)
	if err != nil {
		return err
	}
	today := s.today()
	type bulk struct {
		Month  huoshui.YearMonth
		Method huoshui.PayMethod
		N      int
	}
	return submit(s, w, r, formFlow[*bulk]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*bulk, error) {
			b := &bulk{Method: huoshui.PayMethod(v.Get("method"))}
			var err error
			if b.Month, err = parseMonth(v.Get("month"), huoshui.YearMonth{}); err != nil || b.Month.IsZero() {
				ve.Add("month", "dues.month_range")
			}
			if !b.Method.Valid() {
				ve.Add("method", "invalid_choice")
			}
			return b, nil
		},
		Save: func(b *bulk) error {
			rows, _, err := s.duesBulkRows(r, o, b.Month)
			if err != nil {
				return err
			}
			var ps []*huoshui.DuesPayment
			for _, row := range rows {
				ps = append(ps, &huoshui.DuesPayment{MemberID: row.MemberID, Month: b.Month, AmountFen: row.Due,
					Method: b.Method, PaidOn: today})
			}
			b.N, err = s.store.RecordDuesPayments(r.Context(), s.actor(r), auth.Scope(userFrom(r.Context()), auth.EditMember), ps, today)
			return err
		},
		Flash:     "dues.bulk.recorded",
		FlashArgs: func(b *bulk) []any { return []any{"Count", b.N, "Month", b.Month.String()} },
		Next:      func(b *bulk) string { return fmt.Sprintf("/orgs/%d/dues?month=%s", o.ID, b.Month) },
	})
}
