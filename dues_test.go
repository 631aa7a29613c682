package huoshui

import (
	"errors"
	"testing"
	"time"
)

// Amounts as people type them, read into fen; anything else is not money.
func TestParseYuan(t *testing.T) {
	t.Parallel()
	good := []struct {
		in   string
		want int64
	}{
		{"5000", 500000},
		{"5,000.50", 500050},
		{"５０００", 500000},
		{"¥4 800.5", 480050},
		{"￥4800", 480000},
		{"4800元", 480000},
		{" 0.01 ", 1},
		{".5", 50},
		{"-100", -10000},
		{"3000.00", 300000},
	}
	for _, c := range good {
		got, err := ParseYuan(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseYuan(%q) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
	for _, in := range []string{"", "abc", "5000.001", "5.", "1e4", "五千", "12.3.4", "-", "0x10", "1234567890123"} {
		if _, err := ParseYuan(in); !errors.Is(err, ErrNotMoney) {
			t.Errorf("ParseYuan(%q): %v, want ErrNotMoney", in, err)
		}
	}
	for fen, want := range map[int64]string{0: "0.00", 1: "0.01", 1550: "15.50", 300000: "3000.00", -20: "-0.20"} {
		if got := FormatYuan(fen); got != want {
			t.Errorf("FormatYuan(%d) = %q, want %q", fen, got, want)
		}
	}
}

// Months add and subtract across year ends, and read and write as YYYY-MM.
func TestYearMonth(t *testing.T) {
	t.Parallel()
	m := YearMonth{2025, time.November}
	if got := m.Add(2); got != (YearMonth{2026, time.January}) {
		t.Errorf("2025-11 + 2 = %s", got)
	}
	if got := m.Add(-11); got != (YearMonth{2024, time.December}) {
		t.Errorf("2025-11 - 11 = %s", got)
	}
	if got := (YearMonth{2026, time.March}).Sub(YearMonth{2025, time.December}); got != 3 {
		t.Errorf("2026-03 - 2025-12 = %d, want 3", got)
	}
	if got := MonthOf(NewDate(2024, 2, 29)); got.String() != "2024-02" || !got.Last().Equal(NewDate(2024, 2, 29)) || !got.First().Equal(NewDate(2024, 2, 1)) {
		t.Errorf("month of 2024-02-29: %s, %s–%s", got, got.First(), got.Last())
	}
	p, err := ParseYearMonth("2026-01")
	if err != nil || p != (YearMonth{2026, time.January}) {
		t.Errorf("ParseYearMonth(2026-01) = %v, %v", p, err)
	}
	for _, bad := range []string{"2026-13", "2026", "26-01", "2026-1-1"} {
		if _, err := ParseYearMonth(bad); err == nil {
			t.Errorf("ParseYearMonth(%q) read", bad)
		}
	}
	var u YearMonth
	if err := u.UnmarshalText([]byte("2025-12")); err != nil || u.String() != "2025-12" {
		t.Errorf("UnmarshalText: %v %v", u, err)
	}
}

func fieldCodes(err error) map[string]string {
	out := map[string]string{}
	var v *ValidationError
	if errors.As(err, &v) {
		for _, f := range v.Fields {
			out[f.Field] = f.Code
		}
	}
	return out
}

// A salary: a month, a kind, and for those paid by income, a positive one.
func TestSalaryValidate(t *testing.T) {
	t.Parallel()
	ok := Salary{MemberID: 1, From: YearMonth{2026, time.January}, Kind: DuesSalary, IncomeFen: 480000}
	cases := []struct {
		name  string
		edit  func(*Salary)
		field string
		code  string
	}{
		{"good", func(*Salary) {}, "", ""},
		{"negative income", func(s *Salary) { s.IncomeFen = -1 }, "income", "dues.income_negative"},
		{"no income for a salary", func(s *Salary) { s.IncomeFen = 0 }, "income", "dues.income_required"},
		{"no income for a student", func(s *Salary) { s.IncomeFen, s.Kind = 0, DuesStudent }, "", ""},
		{"absurd income", func(s *Salary) { s.IncomeFen = MaxIncomeFen + 1 }, "income", "dues.income_too_large"},
		{"no month", func(s *Salary) { s.From = YearMonth{} }, "month", "required"},
		{"month 13", func(s *Salary) { s.From = YearMonth{2026, 13} }, "month", "dues.month_range"},
		{"unknown kind", func(s *Salary) { s.Kind = "rich" }, "kind", "invalid_choice"},
	}
	for _, c := range cases {
		s := ok
		c.edit(&s)
		got := fieldCodes(s.Validate())
		if c.field == "" && len(got) != 0 || c.field != "" && got[c.field] != c.code {
			t.Errorf("%s: %v, want %s %s", c.name, got, c.field, c.code)
		}
	}
}

// A payment: a month, a positive amount, a way of paying, a day.
func TestDuesPaymentValidate(t *testing.T) {
	t.Parallel()
	ok := DuesPayment{MemberID: 1, Month: YearMonth{2026, time.January}, AmountFen: 1500, Method: PayCash, PaidOn: NewDate(2026, 1, 20)}
	if err := ok.Validate(); err != nil {
		t.Fatalf("good payment: %v", err)
	}
	bad := ok
	bad.AmountFen, bad.Method, bad.PaidOn = 0, "gold", Date{}
	got := fieldCodes(bad.Validate())
	want := map[string]string{"amount": "dues.amount_positive", "method": "invalid_choice", "paid_on": "required"}
	for f, c := range want {
		if got[f] != c {
			t.Errorf("%s: %q, want %q (all: %v)", f, got[f], c, got)
		}
	}
}
