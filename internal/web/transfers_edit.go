package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/rules"
)

// The forms of a transfer: the sending secretary starts one (a move to
// another branch, or a letter out of the platform); the receiving branch
// accepts or declines; the receipt of a letter is recorded; a member
// arriving with a letter is entered from it.

// maxTransferTargets is the most branches the start form offers in one
// select; a tree with more (a province) finds them by name, up to
// maxTransferMatches at a time.
const (
	maxTransferTargets = 1000
	maxTransferMatches = 50
)

type transferFormPage struct {
	Page
	M       *huoshui.Member
	Form    form
	Targets []*huoshui.Org // the branches offered: all of the tree's but the member's, or those found
	MaxDay  string         // the longest validity of a letter issued today
	// Find is the part of a name the receiving branch was looked for by,
	// in a tree of more branches than one select offers (Many).
	Find string
	Many bool
}

// transferTargets are the branches a member may move to: every current
// branch of the tree the member's branch stands in, less their own. Only
// names are shown; the receiving branch decides.
func (s *Server) transferTargets(r *http.Request, m *huoshui.Member, p *transferFormPage) ([]*huoshui.Org, error) {
	root := m.OrgPath
	if i := strings.Index(strings.TrimPrefix(root, "/"), "/"); i >= 0 {
		root = root[:i+2]
	}
	f := huoshui.OrgFilter{Scope: huoshui.Scope{Paths: []string{root}}, Kind: huoshui.OrgBranch, Limit: maxTransferTargets}
	n, err := s.store.CountOrgsUpTo(r.Context(), f, maxTransferTargets)
	if err != nil {
		return nil, err
	}
	if p.Many = n > maxTransferTargets; p.Many {
		// Too many for one select: the branches whose names hold what
		// was typed into 查找.
		p.Find = huoshui.NormalizeName(r.FormValue("find"))
		if p.Find == "" {
			return nil, nil
		}
		f.Name, f.Limit = p.Find, maxTransferMatches
	}
	bs, err := s.store.FindOrgs(r.Context(), f)
	if err != nil {
		return nil, err
	}
	var out []*huoshui.Org
	for _, b := range bs {
		if b.ID != m.OrgID {
			out = append(out, b)
		}
	}
	return out, nil
}

func (s *Server) renderTransferForm(w http.ResponseWriter, r *http.Request, code int, m *huoshui.Member, f form) error {
	p := &transferFormPage{M: m, Form: f, MaxDay: rules.LetterExpires(s.today()).String()}
	var err error
	if p.Targets, err = s.transferTargets(r, m, p); err != nil {
		return err
	}
	p.Crumbs = s.memberCrumbs(r, m, "transfers.start")
	return s.render(w, r, code, "transfer_form", p)
}

// sendableMember loads the current member in the path for one who handles
// transfers out of their branch.
func (s *Server) sendableMember(r *http.Request) (*huoshui.Member, error) {
	return s.findEditableMember(r, auth.TransferMember)
}

func (s *Server) transferNew(w http.ResponseWriter, r *http.Request) error {
	m, err := s.sendableMember(r)
	if err != nil {
		return err
	}
	today := s.today()
	if q := r.URL.Query(); q.Has("find") {
		// 查找 sent the form here: what was typed so far stays.
		return s.renderTransferForm(w, r, http.StatusOK, m, newForm(q))
	}
	return s.renderTransferForm(w, r, http.StatusOK, m, newForm(url.Values{"kind": {string(huoshui.TransferInside)},
		"on": {today.String()}, "issued_on": {today.String()}, "valid_until": {rules.LetterExpires(today).String()}}))
}

// transferCreate starts a transfer of the member in the path.
func (s *Server) transferCreate(w http.ResponseWriter, r *http.Request) error {
	m, err := s.sendableMember(r)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[*huoshui.TransferCase]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*huoshui.TransferCase, error) {
			c := &huoshui.TransferCase{MemberID: m.ID, Kind: huoshui.TransferKind(v.Get("kind")),
				Destination: v.Get("destination"), Reason: v.Get("reason")}
			c.ToOrgID, _ = strconv.ParseInt(strings.TrimSpace(v.Get("to_org_id")), 10, 64)
			date := func(field string) huoshui.Date {
				d, err := huoshui.ParseDate(strings.TrimSpace(huoshui.FoldWidth(v.Get(field))))
				if err != nil {
					ve.Add(field, "date_format")
				}
				return d
			}
			switch c.Kind {
			case huoshui.TransferInside:
				c.On = date("on")
			case huoshui.TransferLetterOut:
				c.IssuedOn, c.ValidUntil = date("issued_on"), date("valid_until")
				c.On = c.IssuedOn
			}
			s.checkTransfer(m, c, ve)
			return c, nil
		},
		Save:      func(c *huoshui.TransferCase) error { return s.store.StartTransfer(r.Context(), s.actor(r), c) },
		Page:      func(code int, f form) error { return s.renderTransferForm(w, r, code, m, f) },
		Flash:     "transfers.started",
		FlashArgs: func(c *huoshui.TransferCase) []any { return []any{"Name", m.Name} },
		Next: func(c *huoshui.TransferCase) string {
			return fmt.Sprintf("/orgs/%d/transfers/%d", m.OrgID, c.ID)
		},
	})
}

// checkTransfer adds to ve what the rules say of starting c for m on
// today: not into the member's own branch, a letter dated today or before
// and valid for at most three months (the longest when left empty).
func (s *Server) checkTransfer(m *huoshui.Member, c *huoshui.TransferCase, ve *huoshui.ValidationError) {
	today := s.today()
	switch c.Kind {
	case huoshui.TransferInside:
		if c.ToOrgID != 0 {
			if err := rules.CheckTransferTarget(m.OrgID, c.ToOrgID); err != nil {
				ve.Merge(ruleField(err, "to_org_id"))
			}
		}
		if c.On.After(today) {
			ve.Add("on", "transfer.on_future")
		}
	case huoshui.TransferLetterOut:
		if c.IssuedOn.IsZero() && !ve.Has("issued_on") {
			c.IssuedOn, c.On = today, today
		}
		if err := rules.CheckLetter(letterOf(c), today); err != nil && !ve.Has("issued_on") && !ve.Has("valid_until") {
			field := "valid_until"
			var re *rules.RuleError
			if errors.As(err, &re) && re.Code == "transfer.letter_future" {
				field = "issued_on"
			}
			ve.Merge(ruleField(err, field))
		}
		if c.ValidUntil.IsZero() {
			c.ValidUntil = rules.LetterExpires(c.IssuedOn)
		}
	}
	c.Normalize()
	ve.Merge(c.Validate())
}

// ruleField places a rule's refusal on a form's field.
func ruleField(err error, field string) error {
	var re *rules.RuleError
	if errors.As(err, &re) {
		return re.Validation(field)
	}
	return err
}

// transferAccept completes a move into the branch in the path.
func (s *Server) transferAccept(w http.ResponseWriter, r *http.Request) error {
	o, c, err := s.answerable(r)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[huoshui.Date]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (huoshui.Date, error) {
			return s.readDay(v, "on", ve), nil
		},
		Save: func(on huoshui.Date) error {
			_, err := s.store.AcceptTransfer(r.Context(), s.actor(r), c.ID, on)
			return err
		},
		Page:      func(code int, f form) error { return s.renderTransferView(w, r, code, o, s.rereadTransfer(r, c), f) },
		Flash:     "transfers.accepted",
		FlashArgs: func(huoshui.Date) []any { return []any{"Name", c.MemberName} },
		Next:      func(huoshui.Date) string { return transferPath(o, c) },
	})
}

// transferDecline closes a move into the branch with the reason.
func (s *Server) transferDecline(w http.ResponseWriter, r *http.Request) error {
	o, c, err := s.answerable(r)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[string]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (string, error) {
			return v.Get("decline_reason"), nil
		},
		Save: func(reason string) error {
			_, err := s.store.DeclineTransfer(r.Context(), s.actor(r), c.ID, s.today(), reason)
			return err
		},
		Page:      func(code int, f form) error { return s.renderTransferView(w, r, code, o, s.rereadTransfer(r, c), f) },
		Flash:     "transfers.declined",
		FlashArgs: func(string) []any { return []any{"Name", c.MemberName} },
		Next:      func(string) string { return transferPath(o, c) },
	})
}

// answerable loads a transfer into the branch in the path for one who
// answers the branch's transfers.
func (s *Server) answerable(r *http.Request) (*huoshui.Org, *huoshui.TransferCase, error) {
	o, c, err := s.findOrgTransfer(r)
	if err != nil {
		return nil, nil, err
	}
	if c.ToOrgID != o.ID || c.Kind != huoshui.TransferInside || !auth.CanReceiveTransfer(userFrom(r.Context()), o.Path) {
		return nil, nil, fmt.Errorf("answer transfer %d: %w", c.ID, huoshui.ErrForbidden)
	}
	return o, c, nil
}

// readDay reads a required day, not after today.
func (s *Server) readDay(v url.Values, field string, ve *huoshui.ValidationError) huoshui.Date {
	d, err := huoshui.ParseDate(strings.TrimSpace(huoshui.FoldWidth(v.Get(field))))
	switch {
	case err != nil:
		ve.Add(field, "date_format")
	case d.IsZero():
		ve.Add(field, "required")
	case d.After(s.today()):
		ve.Add(field, "transfer.on_future")
	}
	return d
}

// transferReceipt records the receipt of the letter in the path.
func (s *Server) transferReceipt(w http.ResponseWriter, r *http.Request) error {
	o, c, err := s.findOrgTransfer(r)
	if err != nil {
		return err
	}
	if c.FromOrgID != o.ID || c.Kind != huoshui.TransferLetterOut || !auth.CanSendTransfer(userFrom(r.Context()), o.Path) {
		return fmt.Errorf("receipt of transfer %d: %w", c.ID, huoshui.ErrForbidden)
	}
	return s.submitReceipt(w, r, o, func(url.Values, *huoshui.ValidationError) (*huoshui.TransferCase, error) { return c, nil },
		func(code int, f form) error { return s.renderTransferView(w, r, code, o, c, f) })
}

// transferReceiptByNumber records a receipt typed in from the slip that
// came back: the letter is found by its number among the branch's.
func (s *Server) transferReceiptByNumber(w http.ResponseWriter, r *http.Request) error {
	o, err := s.transferOrg(r)
	if err != nil {
		return err
	}
	find := func(v url.Values, ve *huoshui.ValidationError) (*huoshui.TransferCase, error) {
		typed := strings.TrimSpace(v.Get("letter_number"))
		if typed == "" {
			ve.Add("letter_number", "required")
			return nil, nil
		}
		year, code, seq, err := rules.ParseLetterNumber(typed)
		if err != nil {
			ve.Merge(ruleField(err, "letter_number"))
			return nil, nil
		}
		number, _ := rules.LetterNumber(year, code, seq)
		c, err := s.store.FindLetterByNumber(r.Context(), auth.Scope(userFrom(r.Context()), auth.TransferMember), number)
		if errors.Is(err, huoshui.ErrNotFound) || (err == nil && c.FromOrgID != o.ID) {
			ve.Add("letter_number", "transfer.no_such_letter", "Number", number)
			return nil, nil
		}
		return c, err
	}
	return s.submitReceipt(w, r, o, find, func(code int, f form) error { return s.renderOrgTransfers(w, r, code, o, f) })
}

// submitReceipt runs the receipt form: the letter find gives, the day it
// came back (rules.CheckReceipt), and page for refused input.
func (s *Server) submitReceipt(w http.ResponseWriter, r *http.Request, o *huoshui.Org,
	find func(url.Values, *huoshui.ValidationError) (*huoshui.TransferCase, error), page func(int, form) error) error {
	return submit(s, w, r, formFlow[*huoshui.TransferCase]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*huoshui.TransferCase, error) {
			c, err := find(v, ve)
			if err != nil || c == nil {
				return c, err
			}
			on, err := huoshui.ParseDate(strings.TrimSpace(huoshui.FoldWidth(v.Get("receipt_on"))))
			switch {
			case err != nil:
				ve.Add("receipt_on", "date_format")
			case on.IsZero():
				ve.Add("receipt_on", "required")
			default:
				// A receipt after the letter expired is recorded; the
				// transfer's page marks it (rules.ReceiptWarning).
				if _, rerr := rules.CheckReceipt(letterOf(c), on, s.today()); rerr != nil {
					ve.Merge(ruleField(rerr, "receipt_on"))
				}
				c.ReceiptOn = on
			}
			return c, nil
		},
		Save: func(c *huoshui.TransferCase) error {
			_, err := s.store.RecordReceipt(r.Context(), s.actor(r), c.ID, c.ReceiptOn)
			return err
		},
		Page:      page,
		Flash:     "transfers.receipt_recorded",
		FlashArgs: func(c *huoshui.TransferCase) []any { return []any{"Number", c.LetterNumber} },
		Next:      func(c *huoshui.TransferCase) string { return transferPath(o, c) },
	})
}
