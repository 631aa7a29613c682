package huoshui

import "testing"

// Periods end on the same day of the month, or on the month's last day
// when it has no such day; across month and year ends and leap days.
func TestAddMonths(t *testing.T) {
	t.Parallel()
	cases := []struct {
		from   Date
		months int
		want   Date
	}{
		{NewDate(2026, 3, 15), 1, NewDate(2026, 4, 15)},
		{NewDate(2026, 1, 31), 1, NewDate(2026, 2, 28)},
		{NewDate(2024, 1, 31), 1, NewDate(2024, 2, 29)},
		{NewDate(2026, 3, 31), 1, NewDate(2026, 4, 30)},
		{NewDate(2026, 12, 15), 1, NewDate(2027, 1, 15)},
		{NewDate(2026, 12, 31), 2, NewDate(2027, 2, 28)},
		{NewDate(2026, 11, 30), 3, NewDate(2027, 2, 28)},
		{NewDate(2024, 2, 29), 12, NewDate(2025, 2, 28)},
		{NewDate(2024, 2, 29), 48, NewDate(2028, 2, 29)},
		{NewDate(2023, 2, 28), 12, NewDate(2024, 2, 28)},
		{NewDate(2026, 3, 31), -1, NewDate(2026, 2, 28)},
		{NewDate(2027, 1, 15), -1, NewDate(2026, 12, 15)},
		{NewDate(2026, 5, 20), 0, NewDate(2026, 5, 20)},
	}
	for _, c := range cases {
		if got := c.from.AddMonths(c.months); !got.Equal(c.want) {
			t.Errorf("%s + %d months = %s, want %s", c.from, c.months, got, c.want)
		}
	}
	if got := NewDate(2024, 2, 29).AddYears(1); !got.Equal(NewDate(2025, 2, 28)) {
		t.Errorf("2024-02-29 + 1 year = %s, want 2025-02-28", got)
	}
	if got := (Date{}).AddMonths(3); !got.IsZero() {
		t.Errorf("zero + 3 months = %s, want zero", got)
	}
}
