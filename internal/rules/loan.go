package rules

import "github.com/huoshui/huoshui"

// The book corner's loan rules (docs/domain.md "The book corner"): a copy
// is lent for LoanDays, renewed once for LoanDays more, and reminded of
// LoanLeadDays before it is due.

const (
	// LoanDays is how long a loan runs, and how much a renewal adds.
	LoanDays = 30
	// LoanLeadDays is how many days before the due day a borrower is
	// reminded (3 days left down to the day itself).
	LoanLeadDays = 3
)

// LoanDue is the day a copy borrowed on from is due back.
func LoanDue(from huoshui.Date) huoshui.Date { return from.AddDate(0, 0, LoanDays) }

// Renewal answers a request to renew l on today: the new due day, or the
// code of the message saying why not — it was renewed already
// ("loan.renewed_already"), it is back ("loan.not_out"), or it is overdue
// ("loan.overdue_renew": bring it back first, so that a renewal never
// hides a late return).
func Renewal(l *huoshui.Loan, today huoshui.Date) (due huoshui.Date, code string) {
	switch {
	case !l.Open():
		return huoshui.Date{}, "loan.not_out"
	case l.Renewed:
		return huoshui.Date{}, "loan.renewed_already"
	case l.DueOn.Before(today):
		return huoshui.Date{}, "loan.overdue_renew"
	}
	return l.DueOn.AddDate(0, 0, LoanDays), ""
}

// LoanOverdue reports whether l is out past its due day.
func LoanOverdue(l *huoshui.Loan, today huoshui.Date) bool {
	return l.Open() && l.DueOn.Before(today)
}

// LoanDaysLeft is how many days l has until it is due (negative: late).
func LoanDaysLeft(l *huoshui.Loan, today huoshui.Date) int { return today.DaysUntil(l.DueOn) }

// LoanReminder reports whether the borrower of l is reminded on today:
// it is out, not overdue, and due within LoanLeadDays.
func LoanReminder(l *huoshui.Loan, today huoshui.Date) bool {
	left := LoanDaysLeft(l, today)
	return l.Open() && left >= 0 && left <= LoanLeadDays
}
