package rules

import (
	"github.com/huoshui/huoshui"
)

// Dues (党费): how much a member owes each month, from which month a new
// salary counts, which months are unpaid, and the warnings of the 自行脱党
// rule (docs/domain.md, "Dues: the rules the platform enforces"). Money is
// in fen (int64).
//
// Message codes (shown as "error."+code; Args in brackets):
//
//	dues.kind              not a known way of setting dues
//	dues.income_negative   a negative income
//	dues.farmer_amount     a farmer's fixed amount outside 0.2–1 yuan [Min, Max]
//	dues.month_paid        the month is paid already [Month]
//	dues.before_start      a month before the member owes dues [Month, From]
//	dues.too_far_ahead     paying more than 12 months ahead [Month, Max]
//	dues.paid_future       the day paid is after today
//
// Warnings (shown as "warning."+code):
//
//	dues.arrears           3 or 4 months in a row unpaid [Months, Since]
//	dues.arrears_final     5 months in a row unpaid: the sixth counts as leaving the party [Months, Since]
//	dues.lapsed            6 or more months in a row unpaid: the branch must look into it [Months, Since]

// DuesBracket is one band of income: up to and including UpToFen (0: no
// upper bound), dues of Permille thousandths of the whole income.
type DuesBracket struct {
	UpToFen  int64
	Permille int64
}

// SalaryBrackets are the rates on monthly income after tax of members in
// work: up to 3,000 yuan 0.5%; over 3,000 up to 5,000 1%; over 5,000 up
// to 10,000 1.5%; over 10,000 2%. One rate applies to the whole income;
// the bands are not progressive.
var SalaryBrackets = []DuesBracket{{3000_00, 5}, {5000_00, 10}, {10000_00, 15}, {0, 20}}

// RetiredBrackets are the rates on a retired member's monthly pension: up
// to 5,000 yuan 0.5%, over 5,000 1%.
var RetiredBrackets = []DuesBracket{{5000_00, 5}, {0, 10}}

// Fixed dues, in fen: students and members without income pay 0.2 yuan
// a month; farmers between 0.2 and 1 yuan, as the province sets.
const (
	StudentDuesFen   = 20
	NoIncomeDuesFen  = 20
	FarmerMinDuesFen = 20
	FarmerMaxDuesFen = 100
)

// DuesPolicy holds the figures a province sets: what a farmer pays.
type DuesPolicy struct {
	FarmerFen int64
}

// DefaultDuesPolicy is the national rule with farmers at its lowest
// figure, 0.2 yuan, until a province's figure is set.
var DefaultDuesPolicy = DuesPolicy{FarmerFen: FarmerMinDuesFen}

// MonthlyDues is a month's dues under the default policy: see
// DuesPolicy.Monthly.
func MonthlyDues(incomeFen int64, kind huoshui.DuesKind) (int64, error) {
	return DefaultDuesPolicy.Monthly(incomeFen, kind)
}

// Monthly is the month's dues, in fen, of a member of kind with monthly
// income after tax incomeFen: for salaries and pensions the bracket's
// rate of the whole income, rounded half up to the fen (2,999.99 yuan at
// 0.5% is 14.99995, paid as 15.00); for the other kinds their fixed
// amount, whatever the income.
func (p DuesPolicy) Monthly(incomeFen int64, kind huoshui.DuesKind) (int64, error) {
	if !kind.Valid() {
		return 0, refuse("dues.kind")
	}
	if incomeFen < 0 {
		return 0, refuse("dues.income_negative")
	}
	switch kind {
	case huoshui.DuesSalary, huoshui.DuesRetired:
		return (incomeFen*Rate(incomeFen, kind) + 500) / 1000, nil
	case huoshui.DuesFarmer:
		if p.FarmerFen < FarmerMinDuesFen || p.FarmerFen > FarmerMaxDuesFen {
			return 0, refuse("dues.farmer_amount", "Min", huoshui.FormatYuan(FarmerMinDuesFen), "Max", huoshui.FormatYuan(FarmerMaxDuesFen))
		}
		return p.FarmerFen, nil
	case huoshui.DuesStudent:
		return StudentDuesFen, nil
	}
	return NoIncomeDuesFen, nil
}

// Rate is the rate, in thousandths, that applies to incomeFen for kind:
// 5, 10, 15 or 20 (0.5% … 2%); 0 for the kinds that pay a fixed amount.
func Rate(incomeFen int64, kind huoshui.DuesKind) int64 {
	var bs []DuesBracket
	switch kind {
	case huoshui.DuesSalary:
		bs = SalaryBrackets
	case huoshui.DuesRetired:
		bs = RetiredBrackets
	default:
		return 0
	}
	for _, b := range bs {
		if b.UpToFen == 0 || incomeFen <= b.UpToFen {
			return b.Permille
		}
	}
	return bs[len(bs)-1].Permille
}

// SalaryFor is the salary that sets the dues of month: the one first paid
// most recently, in or before that month. Of two first paid in the same
// month the later entered (higher Seq; for equal Seq, later in the slice)
// stands. False when none was paid by then.
func SalaryFor(salaries []huoshui.Salary, month huoshui.YearMonth) (huoshui.Salary, bool) {
	best, found := -1, false
	for i, s := range salaries {
		if s.From.After(month) {
			continue
		}
		if !found || s.From.After(salaries[best].From) ||
			(s.From == salaries[best].From && s.Seq >= salaries[best].Seq) {
			best, found = i, true
		}
	}
	if !found {
		return huoshui.Salary{}, false
	}
	return salaries[best], true
}

// DuesFor is the dues of month under policy p, from the salary that
// applies then; false when no salary applies yet.
func (p DuesPolicy) DuesFor(salaries []huoshui.Salary, month huoshui.YearMonth) (int64, bool, error) {
	s, ok := SalaryFor(salaries, month)
	if !ok {
		return 0, false, nil
	}
	fen, err := p.Monthly(s.IncomeFen, s.Kind)
	return fen, err == nil, err
}

// LastDueMonth is the last month whose dues are owed on today: the month
// before today's. A month's dues may be paid until it ends, so the
// current month is never in arrears.
func LastDueMonth(today huoshui.Date) huoshui.YearMonth { return huoshui.MonthOf(today).Add(-1) }

// ArrearsInfo is what a member owes, counted in months.
type ArrearsInfo struct {
	Unpaid []huoshui.YearMonth // every month from `from` to `through` without a payment, in order
	// Run is the number of months in a row unpaid up to and including
	// `through`, and Since the first of them: the count the 自行脱党 rule
	// reads.
	Run   int
	Since huoshui.YearMonth
}

// Arrears lists the months from `from` to `through`, both included, for
// which no payment was recorded. from is the first month the member owes
// dues (the month they joined the branch or became a probationary
// member); through is usually LastDueMonth(today). A payment for any
// amount marks its month paid; whether the amount was right is the
// ledger's comparison, not arrears.
func Arrears(payments []huoshui.DuesPayment, from, through huoshui.YearMonth) ArrearsInfo {
	var a ArrearsInfo
	if from.IsZero() || through.Before(from) {
		return a
	}
	paid := make(map[huoshui.YearMonth]bool, len(payments))
	for _, p := range payments {
		paid[p.Month] = true
	}
	for m := from; !m.After(through); m = m.Add(1) {
		if paid[m] {
			a.Run = 0
			continue
		}
		a.Unpaid = append(a.Unpaid, m)
		if a.Run == 0 {
			a.Since = m
		}
		a.Run++
	}
	if a.Run == 0 {
		a.Since = huoshui.YearMonth{}
	}
	return a
}

// Thresholds of the 自行脱党 rule on dues: six months in a row unpaid
// without good reason counts as leaving the party. Warn at three, warn
// plainly at five, the last month before six.
const (
	ArrearsWarnMonths  = 3
	ArrearsFinalMonths = 5
	ArrearsLapseMonths = 6
)

// ArrearsWarning is the warning a run of unpaid months calls for, shown
// to the member and the branch's officers only: dues.arrears at 3 or 4
// months, dues.arrears_final at 5, dues.lapsed from 6 (the rule's
// threshold reached; the branch decides, the platform never does). False
// under 3 months.
func ArrearsWarning(a ArrearsInfo) (Warning, bool) {
	args := []any{"Months", a.Run, "Since", a.Since.String()}
	switch {
	case a.Run >= ArrearsLapseMonths:
		return Warning{Code: "dues.lapsed", Args: args}, true
	case a.Run >= ArrearsFinalMonths:
		return Warning{Code: "dues.arrears_final", Args: args}, true
	case a.Run >= ArrearsWarnMonths:
		return Warning{Code: "dues.arrears", Args: args}, true
	}
	return Warning{}, false
}

// MaxMonthsAhead is how far ahead dues may be paid: a year.
const MaxMonthsAhead = 12

// CheckPayment says whether payment p may be recorded for a member who
// owes dues from `from` and has paid the months in paid, on today: not a
// month already paid, not one before they owed dues, not more than 12
// months ahead, not paid on a day after today.
func CheckPayment(p huoshui.DuesPayment, paid []huoshui.YearMonth, from huoshui.YearMonth, today huoshui.Date) error {
	for _, m := range paid {
		if m == p.Month {
			return refuse("dues.month_paid", "Month", p.Month.String())
		}
	}
	if !from.IsZero() && p.Month.Before(from) {
		return refuse("dues.before_start", "Month", p.Month.String(), "From", from.String())
	}
	if limit := huoshui.MonthOf(today).Add(MaxMonthsAhead); p.Month.After(limit) {
		return refuse("dues.too_far_ahead", "Month", p.Month.String(), "Max", limit.String())
	}
	if p.PaidOn.After(today) {
		return refuse("dues.paid_future")
	}
	return nil
}
