package huoshui

import "time"

// Periods of the party's rules are counted in calendar months and years:
// "within one month", "a year as an activist", "probation of one year",
// "valid for three months". A period of n months from a day ends on the
// same day of the month n months later; when that month has no such day
// (31 January plus one month, 29 February plus a year) it ends on that
// month's last day, as the Civil Code counts periods (民法典 第二百零二条:
// 没有对应日的，月末日为期间的最后一日). Go's time.AddDate would instead run
// over into the next month (31 January + 1 month = 3 March).

// AddMonths returns the day n months after d (n may be negative), kept
// inside the target month: 2026-01-31 + 1 = 2026-02-28, 2024-02-29 + 12 =
// 2025-02-28. The zero Date stays zero.
func (d Date) AddMonths(n int) Date {
	if d.IsZero() {
		return d
	}
	y, m, day := d.t.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return NewDate(first.Year(), first.Month(), min(day, last))
}

// AddYears returns the day n years after d, kept inside the target month
// as AddMonths does: 2024-02-29 + 1 year = 2025-02-28.
func (d Date) AddYears(n int) Date { return d.AddMonths(12 * n) }
