package web

import (
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/rules"
)

// The calendar puts each period under its own months: a branch that came
// onto the platform in November has its November and December cells under
// 11月 and 12月, the fourth quarter under 10–12月, and blank months before.
func TestCalendarRowsPlacePeriodsUnderTheirMonths(t *testing.T) {
	o := rules.OrgLife{Kind: huoshui.OrgBranch, HasCommittee: true, Since: huoshui.NewDate(2026, time.November, 5)}
	now := time.Date(2026, time.December, 2, 9, 0, 0, 0, huoshui.Shanghai)
	rows := calendarRows(rules.Compliance(o, nil, 2026, now))
	if len(rows) == 0 {
		t.Fatal("no rows")
	}
	for _, row := range rows {
		month, total := 1, 0
		for _, c := range row.Cells {
			if c.Item != nil {
				if got := int(c.Item.Start.Time().Month()); got != month {
					t.Errorf("%s: the period %s starts in month %d but sits under month %d", row.Type, c.Item.Period, got, month)
				}
			}
			month += c.Span
			total += c.Span
		}
		if total != 12 {
			t.Errorf("%s: the cells span %d months, want 12", row.Type, total)
		}
	}
	var committee calendarRow
	for _, row := range rows {
		if row.Type == huoshui.MeetingCommittee {
			committee = row
		}
	}
	if len(committee.Cells) != 3 || committee.Cells[0].Item != nil || committee.Cells[0].Span != 10 {
		t.Errorf("committee row: %+v; want 10 blank months, then November and December", committee.Cells)
	}
}
