package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// The counts by year that the compliance calendar reads agree with the
// monthly counts through every change of a meeting: planned, attended,
// moved to another month, year and type, called off and restored, and
// loaded in bulk.
func TestMeetingYearCountsFollow(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		p := makeBulkPeople(t, s)
		same := func(step string, wantN int) {
			t.Helper()
			key := func(cs []store.MeetingCount) []string {
				var out []string
				for _, c := range cs {
					out = append(out, fmt.Sprintf("%d %s %s %d", c.OrgID, c.Type, c.Month, c.N))
				}
				slices.Sort(out)
				return out
			}
			byYear, err := s.FindMeetingCounts(ctx, p.tr.committee, "2025-01", "2026-12")
			if err != nil {
				t.Fatal(err)
			}
			byMonth, err := s.FindMonthCounts(ctx, p.tr.committee, "2025-01", "2026-12")
			if err != nil {
				t.Fatal(err)
			}
			total := 0
			for _, c := range byMonth {
				total += c.N
			}
			if !slices.Equal(key(byYear), key(byMonth)) || total != wantN {
				t.Fatalf("%s: by year %v, by month %v (want %d in all)", step, key(byYear), key(byMonth), wantN)
			}
			// A range inside a year keeps to its months.
			part, _ := s.FindMeetingCounts(ctx, p.tr.committee, "2026-04", "2026-04")
			for _, c := range part {
				if c.Month != "2026-04" {
					t.Fatalf("%s: 2026-04 alone gives %+v", step, c)
				}
			}
		}
		m := p.generalMeeting("党员大会")
		if err := s.CreateMeeting(ctx, actor, m, nil); err != nil {
			t.Fatal(err)
		}
		same("planned", 0)
		if err := s.SetAttendance(ctx, actor, m.ID, []store.AttendanceMark{{MemberID: p.sec.ID, Attendance: huoshui.AttendancePresent}}); err != nil {
			t.Fatal(err)
		}
		same("attended: a general meeting and a lecture in March", 2)
		moved := *p.generalMeeting("主题党日")
		moved.Type, moved.AlsoCounts = huoshui.MeetingThemeDay, []huoshui.MeetingType{huoshui.MeetingGeneral, huoshui.MeetingLecture}
		moved.StartsAt, moved.EndsAt = moved.StartsAt.Add(3*24*time.Hour), moved.EndsAt.Add(3*24*time.Hour)
		if err := s.UpdateMeeting(ctx, actor, m.ID, &moved); err != nil {
			t.Fatal(err)
		}
		same("moved to April as a theme day that also counts twice", 3)
		back := moved
		back.StartsAt, back.EndsAt = back.StartsAt.AddDate(-1, 8, 0), back.EndsAt.AddDate(-1, 8, 0)
		if err := s.UpdateMeeting(ctx, actor, m.ID, &back); err != nil {
			t.Fatal(err)
		}
		same("moved to December of the year before", 3)
		if err := s.CancelMeeting(ctx, actor, m.ID, false); err != nil {
			t.Fatal(err)
		}
		same("called off", 0)
		if err := s.CancelMeeting(ctx, actor, m.ID, true); err != nil {
			t.Fatal(err)
		}
		same("restored", 3)
		bulk := []store.BulkMeeting{
			{Meeting: p.generalMeeting("党员大会"), Invitees: []store.BulkInvitee{{MemberID: p.a4.ID, Attendance: huoshui.AttendancePresent}}},
			{Meeting: p.generalMeeting("又一次党员大会"), Invitees: []store.BulkInvitee{{MemberID: p.a4.ID, Attendance: huoshui.AttendancePresent}}},
		}
		if err := s.BulkCreateMeetings(ctx, actor, bulk); err != nil {
			t.Fatal(err)
		}
		same("two more in bulk", 7)
	})
}
