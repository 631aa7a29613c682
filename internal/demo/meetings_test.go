package demo_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// The demo's year of organisational life is what a visitor should find in
// the 秘书处（督查处）党支部 whatever day the demo is built: the year's theme
// days covering 四走进四提升, a compliance calendar with exactly the two gaps
// it was built with, reflections with comments, follow-ups, a meeting
// planned for next week; and it builds into a second fresh database too.
func TestSeedYear(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		if _, err := demo.Seed(ctx, st); err != nil {
			t.Fatal(err)
		}
		now := st.Now()
		y := checkYear(t, st, now)
		checkRecords(t, st, y, now)

		fresh := storetest.SQLite(t)
		if st.Engine() == "postgres" {
			fresh = storetest.Postgres(t)
		}
		if _, err := demo.Seed(ctx, fresh); err != nil {
			t.Fatalf("the demo into a second fresh database: %v", err)
		}
		all := huoshui.MeetingFilter{Scope: huoshui.Everything()}
		_, n1, _ := st.FindMeetings(ctx, all)
		_, n2, err := fresh.FindMeetings(ctx, all)
		if err != nil || n2 == 0 || n2 != n1 {
			t.Errorf("the second database has %d meetings (%v), the first %d", n2, err, n1)
		}
	})
}

// Built on any day of the year — a Saturday, the last minute of December,
// a leap day, a holiday, just after midnight — the calendar has its
// one overdue item and its due one, and the twelve months to that day hold
// thirteen theme days that cover every visit and every gain.
func TestSeedAnyDay(t *testing.T) {
	t.Parallel()
	days := []time.Time{
		time.Date(2027, 1, 2, 9, 0, 0, 0, huoshui.Shanghai),    // a Saturday early in January: the gap is last December
		time.Date(2027, 1, 29, 16, 0, 0, 0, huoshui.Shanghai),  // the review just held
		time.Date(2027, 2, 8, 10, 0, 0, 0, huoshui.Shanghai),   // the Spring Festival week; the overdue is January's committee
		time.Date(2027, 2, 16, 10, 0, 0, 0, huoshui.Shanghai),  // February, late
		time.Date(2027, 3, 15, 23, 50, 0, 0, huoshui.Shanghai), // the 15th, still "early"
		time.Date(2027, 6, 30, 23, 30, 0, 0, huoshui.Shanghai), // a quarter's last day; the admission a year ago
		time.Date(2027, 7, 1, 0, 10, 0, 0, huoshui.Shanghai),   // just after midnight in Shanghai, still June in UTC
		time.Date(2027, 8, 21, 11, 0, 0, 0, huoshui.Shanghai),  // a Saturday
		time.Date(2027, 10, 5, 9, 0, 0, 0, huoshui.Shanghai),   // the National Day holiday
		time.Date(2027, 12, 31, 23, 59, 0, 0, huoshui.Shanghai),
		time.Date(2028, 2, 29, 15, 0, 0, 0, huoshui.Shanghai), // a leap day
	}
	for _, day := range days {
		t.Run(day.Format("2006-01-02T15:04"), func(t *testing.T) {
			t.Parallel()
			st := storetest.SQLite(t)
			st.SetClock(func() time.Time { return day })
			if _, err := demo.Seed(context.Background(), st); err != nil {
				t.Fatal(err)
			}
			checkYear(t, st, day)
		})
	}
}

// year is what checkYear found.
type year struct {
	branch, second *huoshui.Org
	groups         []*huoshui.Org
}

// checkYear checks the secretariat's calendar and theme days as of now.
func checkYear(t *testing.T, st *store.Store, now time.Time) year {
	t.Helper()
	ctx := context.Background()
	y := year{branch: findOrg(t, st, demo.BranchName), second: findOrg(t, st, demo.SecondBranch)}
	groups, err := st.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Everything(), ParentID: y.branch.ID, Kind: huoshui.OrgGroup})
	if err != nil || len(groups) != 2 {
		t.Fatalf("groups: %v %v", groups, err)
	}
	y.groups = groups

	// Theme days: at least 13 in the twelve months to now, covering all.
	days, _, err := st.FindMeetings(ctx, huoshui.MeetingFilter{Scope: huoshui.Everything(), OrgID: y.branch.ID,
		Types: []huoshui.MeetingType{huoshui.MeetingThemeDay}, From: now.AddDate(-1, 0, 0), To: now})
	if err != nil {
		t.Fatal(err)
	}
	var tds []rules.ThemeDay
	lectures := 0
	for _, d := range days {
		if d.Type != huoshui.MeetingThemeDay {
			continue
		}
		if len(d.Visits) < 1 || len(d.Visits) > 2 || len(d.Gains) < 1 || len(d.Gains) > 2 || len(d.Topics) == 0 {
			t.Errorf("theme day %s %q: visits %v gains %v topics %v", d.StartsAt, d.Title, d.Visits, d.Gains, d.Topics)
		}
		if d.CountsAs(huoshui.MeetingLecture) {
			lectures++
		}
		tds = append(tds, rules.ThemeDayOf(d))
	}
	m := rules.BuildMatrix(tds)
	if m.Total < 13 {
		t.Errorf("%d theme days in the twelve months to %s, want at least 13", m.Total, now)
	}
	for _, v := range m.Visits {
		if v.Count == 0 {
			t.Errorf("no theme day went on %s", v.Visit)
		}
	}
	for _, g := range m.Gains {
		if g.Count == 0 {
			t.Errorf("no theme day aimed at %s", g.Gain)
		}
	}
	if lectures != 1 {
		t.Errorf("%d theme days also count as a lecture, want 1", lectures)
	}
	for _, name := range demo.PhotoThemeDays() {
		if !slices.ContainsFunc(days, func(m *huoshui.Meeting) bool { return strings.Contains(m.Title, name) }) {
			t.Errorf("no theme day in the year is %q, which should have photos", name)
		}
	}

	// The calendar: exactly one overdue item, in the year of last month.
	today := rules.Today(now)
	this := huoshui.NewDate(today.Year(), today.Time().Month(), 1)
	last := this.AddDate(0, -1, 0)
	wantOrg, wantType := groups[1], huoshui.MeetingGroup
	if groups[1].Name != demo.SecondGroup {
		wantOrg = groups[0]
	}
	if last.Time().Month() == time.January {
		wantOrg, wantType = y.branch, huoshui.MeetingCommittee
	}
	var overdue []string
	for _, o := range append([]*huoshui.Org{y.branch}, groups...) {
		for _, it := range rules.Behind(calendar(t, st, o, last.Year(), now)) {
			overdue = append(overdue, fmt.Sprintf("%s %s %s", o.Name, it.Type, it.Period))
		}
	}
	want := fmt.Sprintf("%s %s %s", wantOrg.Name, wantType, last.Time().Format("2006-01"))
	if len(overdue) != 1 || overdue[0] != want {
		t.Errorf("overdue on %s: %v, want only %s", today, overdue, want)
	}

	// And at least one due: this month's committee meeting late in the
	// month, this quarter's general meeting early in it.
	items := calendar(t, st, y.branch, today.Year(), now)
	dueType, duePeriod := huoshui.MeetingCommittee, this.Time().Format("2006-01")
	if today.Time().Day() <= 15 {
		dueType, duePeriod = huoshui.MeetingGeneral, fmt.Sprintf("%d-Q%d", today.Year(), (int(today.Time().Month())+2)/3)
	}
	found := false
	for _, it := range items {
		if it.Type == dueType && it.Period == duePeriod {
			found = it.Status == rules.StatusDue
		}
	}
	if !found {
		t.Errorf("on %s the %s of %s is not due: %+v", today, dueType, duePeriod, items)
	}

	// Next week's meeting of that type, its notice sent.
	next, _, err := st.FindMeetings(ctx, huoshui.MeetingFilter{Scope: huoshui.Everything(), OrgID: y.branch.ID,
		From: now, To: now.AddDate(0, 0, 16)})
	if err != nil || len(next) != 1 {
		t.Fatalf("meetings planned in the next two weeks: %d %v, want 1", len(next), err)
	}
	if p := next[0]; p.Type != dueType || p.NoticeSentAt == nil || p.Tally.Present != 0 || p.LateEntry ||
		p.StartsAt.Before(now.AddDate(0, 0, 1)) || p.StartsAt.After(now.AddDate(0, 0, 15)) {
		t.Errorf("planned meeting %q %s at %s, notice %v, present %d, want a %s next week (or around a holiday) with its notice sent",
			p.Title, p.Type, p.StartsAt, p.NoticeSentAt, p.Tally.Present, dueType)
	}
	return y
}

// checkRecords checks what a visitor reads in the meetings: attendance,
// minutes, resolutions, follow-ups, reflections, the programme, the late
// entries and the other branch's thinner record.
func checkRecords(t *testing.T, st *store.Store, y year, now time.Time) {
	t.Helper()
	ctx := context.Background()
	committee := findOrg(t, st, demo.CommitteeName)
	ms, _, err := st.FindMeetings(ctx, huoshui.MeetingFilter{Scope: huoshui.Everything(), OrgID: committee.ID, Subtree: true, To: now})
	if err != nil || len(ms) < 60 {
		t.Fatalf("%d meetings held (%v), want a year's", len(ms), err)
	}
	minutes := map[string]string{}
	var present, leave, absent, late, resolutions, open, closed, secondHeld int
	for _, m := range ms {
		if m.OrgID == y.second.ID {
			secondHeld++
		}
		present, leave, absent = present+m.Tally.Present, leave+m.Tally.Leave, absent+m.Tally.Absent
		if m.Tally.Present == 0 || m.Tally.Present+m.Tally.Leave+m.Tally.Absent != m.Tally.Invited {
			t.Errorf("%s %q: attendance %+v", m.StartsAt, m.Title, m.Tally)
		}
		if !m.HasQuorum() {
			t.Errorf("%s %q has no quorum: %+v", m.StartsAt, m.Title, m.Tally)
		}
		if m.Minutes == "" {
			t.Errorf("%s %q has no minutes", m.StartsAt, m.Title)
		} else if other, ok := minutes[m.Minutes]; ok {
			t.Errorf("%q and %q have the same minutes", m.Title, other)
		}
		minutes[m.Minutes] = m.Title
		if m.LateEntry {
			late++
			if !m.EnteredAt.After(m.EndsAt) {
				t.Errorf("%q is marked 补录 but was entered at %s, before it ended at %s", m.Title, m.EnteredAt, m.EndsAt)
			}
		} else if !m.EnteredAt.Before(m.StartsAt) {
			t.Errorf("%q was entered at %s, want before it started at %s", m.Title, m.EnteredAt, m.StartsAt)
		}
		if m.CountsAs(huoshui.MeetingGeneral) || m.CountsAs(huoshui.MeetingThemeDay) || m.CountsAs(huoshui.MeetingLecture) {
			if (m.NoticeSentAt == nil) != m.LateEntry || (m.NoticeSentAt != nil && !m.NoticeSentAt.Before(m.StartsAt)) {
				t.Errorf("%q: notice sent %v, want before it started unless entered late", m.Title, m.NoticeSentAt)
			}
		}
		if m.Tally.Leave > 0 {
			invitees, err := st.FindInvitees(ctx, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, i := range invitees {
				if i.Attendance == huoshui.AttendanceLeave && i.LeaveReason == "" {
					t.Errorf("%s on leave from %q without a reason", i.Name, m.Title)
				}
			}
		}
		rs, _ := st.FindResolutions(ctx, m.ID)
		resolutions += len(rs)
		fs, _ := st.FindFollowUps(ctx, m.ID)
		for _, f := range fs {
			if f.ClosedAt != nil {
				closed++
			} else {
				open++
			}
		}
	}
	if leave == 0 || absent == 0 || absent > 3 || present < 8*(leave+absent) {
		t.Errorf("attendance over the year: %d present, %d on leave, %d absent; want most present, a few on leave, a rare no-show",
			present, leave, absent)
	}
	if late < 1 || late > 2 {
		t.Errorf("%d meetings entered after the fact, want one or two", late)
	}
	if resolutions < 20 || closed < 3 || open < 1 || open > 3 {
		t.Errorf("%d resolutions, %d follow-ups closed and %d open; want resolutions and some follow-ups of each", resolutions, closed, open)
	}
	if secondHeld == 0 || secondHeld > 10 {
		t.Errorf("%s held %d meetings, want a thin record", demo.SecondBranch, secondHeld)
	}

	refs, err := st.FindReflections(ctx, store.ReflectionFilter{Scope: huoshui.Everything()})
	if err != nil {
		t.Fatal(err)
	}
	authors, comments := map[string]bool{}, 0
	for _, r := range refs {
		authors[r.MemberName] = true
		comments += len(r.Comments)
		for _, c := range r.Comments {
			if c.AuthorName != "李明远" {
				t.Errorf("a comment on %s's reflection by %q, want the secretary", r.MemberName, c.AuthorName)
			}
		}
	}
	if len(authors) < 5 || comments < 3 || !authors["杨雪梅"] {
		t.Errorf("reflections by %v with %d comments; want several members' (the member account's among them), some commented", authors, comments)
	}
	// The programme: this month and at least the three coming ones.
	today := rules.Today(now)
	for i := 0; i <= 3; i++ {
		d := huoshui.NewDate(today.Year(), today.Time().Month()+time.Month(i), 1)
		plans, err := st.FindThemePlans(ctx, y.branch.ID, d.Year())
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, p := range plans {
			if p.Month == int(d.Time().Month()) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d theme days planned for %s, want 1", n, d.Time().Format("2006-01"))
		}
	}
}

func findOrg(t *testing.T, st *store.Store, name string) *huoshui.Org {
	t.Helper()
	os, err := st.FindOrgs(context.Background(), huoshui.OrgFilter{Scope: huoshui.Everything(), Name: name})
	if err != nil || len(os) != 1 {
		t.Fatalf("org %s: %v %v", name, os, err)
	}
	return os[0]
}

// calendar is an org's compliance calendar for a year as the calendar page
// works it out: the store's monthly counts, the org on record since it was
// set up or since its earliest meeting that year, whichever is earlier.
func calendar(t *testing.T, st *store.Store, o *huoshui.Org, year int, now time.Time) []rules.Item {
	t.Helper()
	cs, err := st.FindMeetingCounts(context.Background(), o, fmt.Sprintf("%04d-01", year), fmt.Sprintf("%04d-12", year))
	if err != nil {
		t.Fatal(err)
	}
	since := huoshui.DateOf(o.CreatedAt.In(huoshui.Shanghai))
	var counts []rules.Count
	for _, c := range cs {
		if c.OrgID != o.ID {
			continue
		}
		m, err := time.Parse("2006-01", c.Month)
		if err != nil {
			t.Fatal(err)
		}
		counts = append(counts, rules.Count{Type: c.Type, Year: m.Year(), Month: m.Month(), N: c.N})
		if d := huoshui.NewDate(m.Year(), m.Month(), 1); d.Before(since) {
			since = d
		}
	}
	return rules.Compliance(rules.OrgLife{Kind: o.Kind, HasCommittee: o.HasCommittee(), Since: since}, counts, year, now)
}
