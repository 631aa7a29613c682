package rules

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
)

func TestReminders(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		counts []Count
		laid   time.Time // when the items were laid out; zero: now
		now    time.Time
		want   []string // "type period days-left"
	}{
		{"a month's last week begins with 7 days left", nil, time.Time{}, sh(2026, 5, 24, 9, 0),
			[]string{"theme_day 2026-05 7"}},
		{"8 days left is too early", nil, time.Time{}, sh(2026, 5, 23, 9, 0), nil},
		{"a held month is not reminded", []Count{{huoshui.MeetingThemeDay, 2026, time.May, 1}}, time.Time{}, sh(2026, 5, 24, 9, 0), nil},
		{"a quarter 14 days before its end, its last month not yet", nil, time.Time{}, sh(2026, 6, 16, 9, 0),
			[]string{"general_meeting 2026-Q2 14", "lecture 2026-Q2 14"}},
		{"a quarter 15 days before its end is too early", nil, time.Time{}, sh(2026, 6, 15, 9, 0), nil},
		{"the last day, in Shanghai, with 0 days left", nil, time.Time{}, utc(2026, 6, 30, 15, 0),
			[]string{"general_meeting 2026-Q2 0", "lecture 2026-Q2 0", "theme_day 2026-06 0"}},
		{"after the deadline, no reminder: 16:30 UTC on 30 June is 1 July in Shanghai", nil, time.Time{}, utc(2026, 6, 30, 16, 30), nil},
		{"a year's last 30 days begin on 1 December in Shanghai", nil, time.Time{}, utc(2026, 11, 30, 16, 30),
			[]string{"review_meeting 2026 30", "member_appraisal 2026 30", "talk 2026 30"}},
		{"31 days before the year ends only November's theme day", nil, time.Time{}, utc(2026, 11, 30, 15, 59),
			[]string{"theme_day 2026-11 0"}},
		{"33 days before the year ends only the month's theme day", nil, time.Time{}, sh(2026, 11, 28, 9, 0),
			[]string{"theme_day 2026-11 2"}},
		{"all at the end of the year", []Count{{huoshui.MeetingTalk, 2026, time.March, 1}}, time.Time{}, sh(2026, 12, 24, 9, 0),
			[]string{"general_meeting 2026-Q4 7", "lecture 2026-Q4 7", "theme_day 2026-12 7", "review_meeting 2026 7", "member_appraisal 2026 7"}},
		{"items laid out earlier are judged on now", nil, sh(2026, 5, 1, 9, 0), sh(2026, 5, 25, 9, 0),
			[]string{"theme_day 2026-05 6"}},
		{"the month ending is reminded, the next not yet begun is not", nil, sh(2026, 5, 1, 9, 0), sh(2026, 4, 28, 9, 0),
			[]string{"theme_day 2026-04 2"}},
	}
	for _, c := range cases {
		laid := c.laid
		if laid.IsZero() {
			laid = c.now
		}
		items := Compliance(branch, c.counts, 2026, laid)
		var got []string
		for _, it := range Reminders(items, c.now) {
			if it.Status != StatusDue {
				t.Errorf("%s: %s %s has status %s, want due", c.name, it.Type, it.Period, it.Status)
			}
			got = append(got, fmt.Sprintf("%s %s %d", it.Type, it.Period, it.DaysLeft))
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s:\n got %v\nwant %v", c.name, got, c.want)
		}
	}
}

func TestRemindersOrderBySoonest(t *testing.T) {
	t.Parallel()
	// On 17 December the year and the quarter end in 14 days; a period
	// ending on the 20th comes before them, and the two with the same
	// deadline keep the order they came in.
	now := sh(2026, 12, 17, 9, 0)
	items := []Item{
		{Type: huoshui.MeetingReview, Every: Yearly, Period: "2026", Start: date(2026, 1, 1), End: date(2026, 12, 31), Required: 1},
		{Type: huoshui.MeetingGroup, Every: Monthly, Period: "2026-12", Start: date(2026, 12, 1), End: date(2026, 12, 20), Required: 1},
		{Type: huoshui.MeetingGeneral, Every: Quarterly, Period: "2026-Q4", Start: date(2026, 10, 1), End: date(2026, 12, 31), Required: 1},
	}
	var got []string
	for _, it := range Reminders(items, now) {
		got = append(got, fmt.Sprintf("%s %d", it.Type, it.DaysLeft))
	}
	want := []string{"group_meeting 3", "review_meeting 14", "general_meeting 14"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestLeadDaysCoverEveryPeriod(t *testing.T) {
	t.Parallel()
	for _, k := range huoshui.OrgKinds {
		for _, r := range Requirements(OrgLife{Kind: k, HasCommittee: true}) {
			if _, ok := LeadDays[r.Every]; !ok {
				t.Errorf("%s of a %s falls due every %s, which has no lead time: never reminded", r.Type, k, r.Every)
			}
		}
	}
}
