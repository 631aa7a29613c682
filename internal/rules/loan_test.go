package rules

import (
	"testing"

	"github.com/huoshui/huoshui"
)

func TestLoanDue(t *testing.T) {
	for _, c := range []struct{ from, want huoshui.Date }{
		{huoshui.NewDate(2026, 1, 1), huoshui.NewDate(2026, 1, 31)},
		{huoshui.NewDate(2026, 2, 15), huoshui.NewDate(2026, 3, 17)},
		{huoshui.NewDate(2026, 12, 20), huoshui.NewDate(2027, 1, 19)},
	} {
		if got := LoanDue(c.from); !got.Equal(c.want) {
			t.Errorf("LoanDue(%s) = %s, want %s", c.from, got, c.want)
		}
	}
}

func TestRenewal(t *testing.T) {
	due := huoshui.NewDate(2026, 6, 30)
	for _, c := range []struct {
		name     string
		loan     huoshui.Loan
		today    huoshui.Date
		wantDue  huoshui.Date
		wantCode string
	}{
		{"before due", huoshui.Loan{DueOn: due}, huoshui.NewDate(2026, 6, 20), huoshui.NewDate(2026, 7, 30), ""},
		{"on the due day", huoshui.Loan{DueOn: due}, due, huoshui.NewDate(2026, 7, 30), ""},
		{"twice", huoshui.Loan{DueOn: due, Renewed: true}, huoshui.NewDate(2026, 6, 20), huoshui.Date{}, "loan.renewed_already"},
		{"overdue", huoshui.Loan{DueOn: due}, huoshui.NewDate(2026, 7, 1), huoshui.Date{}, "loan.overdue_renew"},
		{"returned", huoshui.Loan{DueOn: due, ReturnedOn: huoshui.NewDate(2026, 6, 10)}, huoshui.NewDate(2026, 6, 20), huoshui.Date{}, "loan.not_out"},
	} {
		got, code := Renewal(&c.loan, c.today)
		if !got.Equal(c.wantDue) || code != c.wantCode {
			t.Errorf("%s: got %s %q, want %s %q", c.name, got, code, c.wantDue, c.wantCode)
		}
	}
}

func TestLoanReminderAndOverdue(t *testing.T) {
	due := huoshui.NewDate(2026, 6, 30)
	for _, c := range []struct {
		today           huoshui.Date
		returned        bool
		remind, overdue bool
	}{
		{huoshui.NewDate(2026, 6, 26), false, false, false},
		{huoshui.NewDate(2026, 6, 27), false, true, false},
		{due, false, true, false},
		{huoshui.NewDate(2026, 7, 1), false, false, true},
		{huoshui.NewDate(2026, 6, 28), true, false, false},
	} {
		l := huoshui.Loan{DueOn: due}
		if c.returned {
			l.ReturnedOn = huoshui.NewDate(2026, 6, 20)
		}
		if got := LoanReminder(&l, c.today); got != c.remind {
			t.Errorf("%s returned=%v: remind %v, want %v", c.today, c.returned, got, c.remind)
		}
		if got := LoanOverdue(&l, c.today); got != c.overdue {
			t.Errorf("%s returned=%v: overdue %v, want %v", c.today, c.returned, got, c.overdue)
		}
	}
}
