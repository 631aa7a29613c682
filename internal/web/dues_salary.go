package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/rules"
)

// A member's declared income for dues, entered by the branch's officers:
// from the month it is first paid, the dues of that month and after follow
// it; the months before keep theirs.

type duesSalaryPage struct {
	Page
	Member   *huoshui.Member
	Salaries []huoshui.Salary
	Kinds    []huoshui.DuesKind
	Form     form
}

// Due is what salary x sets a month.
func (p *duesSalaryPage) Due(x huoshui.Salary) string {
	fen, err := rules.MonthlyDues(x.IncomeFen, x.Kind)
	if err != nil {
		return ""
	}
	return huoshui.FormatYuan(fen)
}

func (p *duesSalaryPage) Yuan(fen int64) string { return huoshui.FormatYuan(fen) }

// salaryMember loads the member in the path for their salary: 404 unless
// the reader may record dues at their branch.
func (s *Server) salaryMember(r *http.Request) (*huoshui.Member, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	u := userFrom(r.Context())
	m, err := s.store.FindMemberByID(r.Context(), auth.Scope(u, auth.ViewMember), id)
	if err != nil {
		return nil, err
	}
	if !auth.CanRecordDues(u, m.OrgPath) {
		return nil, fmt.Errorf("salary of member %d: %w", id, huoshui.ErrNotFound)
	}
	return m, nil
}

func (s *Server) renderSalary(w http.ResponseWriter, r *http.Request, code int, m *huoshui.Member, f form) error {
	sal, err := s.store.FindSalaries(r.Context(), auth.Scope(userFrom(r.Context()), auth.ViewMember), m.ID)
	if err != nil {
		return err
	}
	p := &duesSalaryPage{Member: m, Salaries: sal, Kinds: huoshui.DuesKinds, Form: f}
	p.Crumbs = []crumb{{Href: fmt.Sprintf("/orgs/%d/dues", m.OrgID), Label: m.OrgName + " · " + s.msgs.T(langFrom(r), "dues.title")},
		{Href: fmt.Sprintf("/members/%d", m.ID), Label: m.Name}, {Label: s.msgs.T(langFrom(r), "dues.salary.title")}}
	return s.render(w, r, code, "dues_salary", p)
}

// salaryForm shows GET /members/{id}/salary: the form, and the salaries
// declared before, newest first.
func (s *Server) salaryForm(w http.ResponseWriter, r *http.Request) error {
	m, err := s.salaryMember(r)
	if err != nil {
		return err
	}
	v := url.Values{}
	v.Set("kind", string(huoshui.DuesSalary))
	v.Set("month", huoshui.MonthOf(s.today()).String())
	return s.renderSalary(w, r, http.StatusOK, m, newForm(v))
}

// salarySave keeps POST /members/{id}/salary. An income that is negative
// or not an amount is refused beside the field, nothing written.
func (s *Server) salarySave(w http.ResponseWriter, r *http.Request) error {
	m, err := s.salaryMember(r)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[*huoshui.Salary]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*huoshui.Salary, error) {
			x := &huoshui.Salary{MemberID: m.ID, Kind: huoshui.DuesKind(v.Get("kind")), Note: strings.TrimSpace(v.Get("note"))}
			var err error
			if x.From, err = parseMonth(v.Get("month"), huoshui.YearMonth{}); err != nil || x.From.IsZero() {
				ve.Add("month", "dues.month_range")
			}
			income := strings.TrimSpace(v.Get("income"))
			switch fen, err := huoshui.ParseYuan(income); {
			case income == "" && !x.Kind.ByIncome():
			case income == "":
				ve.Add("income", "dues.income_required")
			case err != nil:
				ve.Add("income", "dues.income_not_money")
			case fen < 0:
				ve.Add("income", "dues.income_negative")
			default:
				x.IncomeFen = fen
			}
			if !x.Kind.ByIncome() {
				x.IncomeFen = 0
			}
			if !ve.Has("income") {
				if err := x.Validate(); err != nil {
					ve.Merge(err)
				}
			}
			return x, nil
		},
		Save: func(x *huoshui.Salary) error {
			return s.store.SaveSalary(r.Context(), s.actor(r), auth.Scope(userFrom(r.Context()), auth.EditMember), x)
		},
		Page:  func(code int, f form) error { return s.renderSalary(w, r, code, m, f) },
		Flash: "dues.salary.saved",
		FlashArgs: func(x *huoshui.Salary) []any {
			due, _ := rules.MonthlyDues(x.IncomeFen, x.Kind)
			return []any{"Name", m.Name, "From", x.From.String(), "Due", huoshui.FormatYuan(due)}
		},
		Next: func(*huoshui.Salary) string { return fmt.Sprintf("/members/%d/salary", m.ID) },
	})
}
