package rules

import (
	"testing"
	"time"

	"github.com/huoshui/huoshui"
)

func ym(y, m int) huoshui.YearMonth { return huoshui.YearMonth{Year: y, Month: time.Month(m)} }

// Each bracket at its boundary, exactly and a fen either side; one rate
// on the whole income; rounded half up to the fen.
func TestMonthlyDuesBrackets(t *testing.T) {
	t.Parallel()
	cases := []struct {
		income string
		kind   huoshui.DuesKind
		want   string
	}{
		{"0", huoshui.DuesSalary, "0.00"},
		{"1", huoshui.DuesSalary, "0.01"},    // 0.5 fen, half up
		{"0.99", huoshui.DuesSalary, "0.00"}, // 0.495 fen
		{"2999.99", huoshui.DuesSalary, "15.00"},
		{"3000", huoshui.DuesSalary, "15.00"},
		{"3000.01", huoshui.DuesSalary, "30.00"},
		{"4000", huoshui.DuesSalary, "40.00"},
		{"4999.99", huoshui.DuesSalary, "50.00"},
		{"5000", huoshui.DuesSalary, "50.00"},
		{"5000.01", huoshui.DuesSalary, "75.00"},
		{"6666.66", huoshui.DuesSalary, "100.00"}, // 99.9999
		{"3333.30", huoshui.DuesSalary, "33.33"},
		{"3333.50", huoshui.DuesSalary, "33.34"}, // 33.335, half up
		{"9999.99", huoshui.DuesSalary, "150.00"},
		{"10000", huoshui.DuesSalary, "150.00"},
		{"10000.01", huoshui.DuesSalary, "200.00"},
		{"25000", huoshui.DuesSalary, "500.00"},
		{"4999.99", huoshui.DuesRetired, "25.00"},
		{"5000", huoshui.DuesRetired, "25.00"},
		{"5000.01", huoshui.DuesRetired, "50.00"},
		{"12000", huoshui.DuesRetired, "120.00"},
		{"0", huoshui.DuesStudent, "0.20"},
		{"3000", huoshui.DuesStudent, "0.20"},
		{"0", huoshui.DuesNoIncome, "0.20"},
		{"0", huoshui.DuesFarmer, "0.20"},
	}
	for _, c := range cases {
		income, err := huoshui.ParseYuan(c.income)
		if err != nil {
			t.Fatalf("ParseYuan(%q): %v", c.income, err)
		}
		got, err := MonthlyDues(income, c.kind)
		if err != nil || huoshui.FormatYuan(got) != c.want {
			t.Errorf("%s yuan, %s: %s %v, want %s", c.income, c.kind, huoshui.FormatYuan(got), err, c.want)
		}
	}
	rates := []struct {
		income int64
		kind   huoshui.DuesKind
		want   int64
	}{
		{3000_00, huoshui.DuesSalary, 5}, {3000_01, huoshui.DuesSalary, 10}, {5000_00, huoshui.DuesSalary, 10},
		{5000_01, huoshui.DuesSalary, 15}, {10000_00, huoshui.DuesSalary, 15}, {10000_01, huoshui.DuesSalary, 20},
		{5000_00, huoshui.DuesRetired, 5}, {5000_01, huoshui.DuesRetired, 10}, {9000_00, huoshui.DuesStudent, 0},
	}
	for _, c := range rates {
		if got := Rate(c.income, c.kind); got != c.want {
			t.Errorf("Rate(%s, %s) = %d‰, want %d‰", huoshui.FormatYuan(c.income), c.kind, got, c.want)
		}
	}
}

// A negative income, an unknown kind and a farmer's figure outside 0.2–1
// yuan are refused.
func TestMonthlyDuesRefused(t *testing.T) {
	t.Parallel()
	cases := []struct {
		policy DuesPolicy
		income int64
		kind   huoshui.DuesKind
		want   string
		fen    int64
	}{
		{DefaultDuesPolicy, -1, huoshui.DuesSalary, "dues.income_negative", 0},
		{DefaultDuesPolicy, -500000, huoshui.DuesRetired, "dues.income_negative", 0},
		{DefaultDuesPolicy, 100, "pensioner", "dues.kind", 0},
		{DefaultDuesPolicy, 100, "", "dues.kind", 0},
		{DuesPolicy{FarmerFen: 19}, 0, huoshui.DuesFarmer, "dues.farmer_amount", 0},
		{DuesPolicy{FarmerFen: 20}, 0, huoshui.DuesFarmer, "", 20},
		{DuesPolicy{FarmerFen: 100}, 0, huoshui.DuesFarmer, "", 100},
		{DuesPolicy{FarmerFen: 101}, 0, huoshui.DuesFarmer, "dues.farmer_amount", 0},
		{DuesPolicy{FarmerFen: 50}, 800000, huoshui.DuesFarmer, "", 50},
	}
	for _, c := range cases {
		got, err := c.policy.Monthly(c.income, c.kind)
		if ruleCode(t, err) != c.want || got != c.fen {
			t.Errorf("%+v %d %q: %d %v, want %d %q", c.policy, c.income, c.kind, got, err, c.fen, c.want)
		}
	}
}

// A new salary counts from the month it is first paid, until the next.
func TestSalaryFor(t *testing.T) {
	t.Parallel()
	salaries := []huoshui.Salary{
		{ID: 1, From: ym(2025, 1), Kind: huoshui.DuesSalary, IncomeFen: 4000_00, Seq: 1},
		{ID: 3, From: ym(2026, 1), Kind: huoshui.DuesSalary, IncomeFen: 6000_00, Seq: 3},
		{ID: 2, From: ym(2025, 7), Kind: huoshui.DuesSalary, IncomeFen: 4800_00, Seq: 2},
		{ID: 4, From: ym(2026, 1), Kind: huoshui.DuesSalary, IncomeFen: 6200_00, Seq: 4}, // a correction
		{ID: 5, From: ym(2026, 9), Kind: huoshui.DuesRetired, IncomeFen: 5000_00, Seq: 5},
	}
	cases := []struct {
		month huoshui.YearMonth
		id    int64
		dues  string
	}{
		{ym(2024, 12), 0, ""},
		{ym(2025, 1), 1, "40.00"},
		{ym(2025, 6), 1, "40.00"},
		{ym(2025, 7), 2, "48.00"},
		{ym(2025, 12), 2, "48.00"},
		{ym(2026, 1), 4, "93.00"},
		{ym(2026, 8), 4, "93.00"},
		{ym(2026, 9), 5, "25.00"},
		{ym(2030, 1), 5, "25.00"},
	}
	for _, c := range cases {
		s, ok := SalaryFor(salaries, c.month)
		if s.ID != c.id || ok != (c.id != 0) {
			t.Errorf("%s: salary %d %v, want %d", c.month, s.ID, ok, c.id)
		}
		fen, ok, err := DefaultDuesPolicy.DuesFor(salaries, c.month)
		if got := map[bool]string{true: huoshui.FormatYuan(fen)}[ok]; err != nil || got != c.dues {
			t.Errorf("%s: dues %q %v, want %q", c.month, got, err, c.dues)
		}
	}
}

// Months unpaid from the first month owed, and the run of them up to the
// last month due, across a year end.
func TestArrears(t *testing.T) {
	t.Parallel()
	paid := func(months ...huoshui.YearMonth) []huoshui.DuesPayment {
		var ps []huoshui.DuesPayment
		for _, m := range months {
			ps = append(ps, huoshui.DuesPayment{Month: m, AmountFen: 1500})
		}
		return ps
	}
	cases := []struct {
		name          string
		payments      []huoshui.DuesPayment
		from, through huoshui.YearMonth
		unpaid        int
		run           int
		since         huoshui.YearMonth
		warning       string
	}{
		{"all paid", paid(ym(2025, 11), ym(2025, 12), ym(2026, 1)), ym(2025, 11), ym(2026, 1), 0, 0, huoshui.YearMonth{}, ""},
		{"nothing owed yet", nil, ym(2026, 2), ym(2026, 1), 0, 0, huoshui.YearMonth{}, ""},
		{"two months", paid(ym(2025, 11)), ym(2025, 11), ym(2026, 1), 2, 2, ym(2025, 12), ""},
		{"three months across the year end", paid(ym(2025, 10)), ym(2025, 10), ym(2026, 1), 3, 3, ym(2025, 11), "dues.arrears"},
		{"four months", nil, ym(2025, 10), ym(2026, 1), 4, 4, ym(2025, 10), "dues.arrears"},
		{"five months", nil, ym(2025, 9), ym(2026, 1), 5, 5, ym(2025, 9), "dues.arrears_final"},
		{"six months", nil, ym(2025, 8), ym(2026, 1), 6, 6, ym(2025, 8), "dues.lapsed"},
		{"seven months", nil, ym(2025, 7), ym(2026, 1), 7, 7, ym(2025, 7), "dues.lapsed"},
		{"gaps, not in a row", paid(ym(2025, 9), ym(2025, 12)), ym(2025, 7), ym(2026, 1), 5, 1, ym(2026, 1), ""},
		{"paid last month after a long gap", paid(ym(2026, 1)), ym(2025, 6), ym(2026, 1), 7, 0, huoshui.YearMonth{}, ""},
		{"paid ahead", paid(ym(2026, 1), ym(2026, 2), ym(2026, 3)), ym(2026, 1), ym(2026, 1), 0, 0, huoshui.YearMonth{}, ""},
	}
	for _, c := range cases {
		a := Arrears(c.payments, c.from, c.through)
		if len(a.Unpaid) != c.unpaid || a.Run != c.run || a.Since != c.since {
			t.Errorf("%s: %d unpaid, run %d since %s; want %d, %d since %s", c.name, len(a.Unpaid), a.Run, a.Since, c.unpaid, c.run, c.since)
		}
		w, ok := ArrearsWarning(a)
		if w.Code != c.warning || ok != (c.warning != "") {
			t.Errorf("%s: warning %q, want %q", c.name, w.Code, c.warning)
		}
	}
	if got := LastDueMonth(huoshui.NewDate(2026, 1, 15)); got != ym(2025, 12) {
		t.Errorf("last month due on 2026-01-15: %s, want 2025-12", got)
	}
}

// A month is paid once, not before dues were owed, at most 12 months
// ahead, never on a day to come.
func TestCheckPayment(t *testing.T) {
	t.Parallel()
	today := huoshui.NewDate(2026, 3, 10)
	paid := []huoshui.YearMonth{ym(2026, 1), ym(2026, 2)}
	cases := []struct {
		month  huoshui.YearMonth
		paidOn huoshui.Date
		want   string
	}{
		{ym(2026, 3), today, ""},
		{ym(2026, 2), today, "dues.month_paid"},
		{ym(2025, 12), today, "dues.before_start"},
		{ym(2027, 3), today, ""},
		{ym(2027, 4), today, "dues.too_far_ahead"},
		{ym(2026, 4), today.AddDate(0, 0, 1), "dues.paid_future"},
	}
	for _, c := range cases {
		p := huoshui.DuesPayment{MemberID: 1, Month: c.month, AmountFen: 3000, Method: huoshui.PayWeChat, PaidOn: c.paidOn}
		if got := ruleCode(t, CheckPayment(p, paid, ym(2026, 1), today)); got != c.want {
			t.Errorf("%s paid on %s: %q, want %q", c.month, c.paidOn, got, c.want)
		}
	}
}
