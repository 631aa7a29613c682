package rules

import (
	"testing"
	"time"

	"github.com/huoshui/huoshui"
)

// statusOf finds the conclusion on key, or "" when the item is left out.
func statusOf(cs []huoshui.StandardCheck, key huoshui.StandardKey) huoshui.StandardStatus {
	for _, c := range cs {
		if c.Key == key {
			return c.Status
		}
	}
	return ""
}

// factOf finds the first fact of key with code.
func factOf(cs []huoshui.StandardCheck, key huoshui.StandardKey, code string) (huoshui.StandardFact, bool) {
	for _, c := range cs {
		if c.Key != key {
			continue
		}
		for _, f := range c.Evidence {
			if f.Code == code {
				return f, true
			}
		}
	}
	return huoshui.StandardFact{}, false
}

func arg(f huoshui.StandardFact, name string) any {
	for i := 0; i+1 < len(f.Args); i += 2 {
		if f.Args[i] == name {
			return f.Args[i+1]
		}
	}
	return nil
}

// lifeOf is a branch's calendar for 2025 read on day, from counts of held
// meetings.
func lifeOf(committee bool, day huoshui.Date, counts ...Count) []Item {
	now := time.Date(day.Year(), day.Time().Month(), day.Time().Day(), 12, 0, 0, 0, huoshui.Shanghai)
	return Compliance(OrgLife{Kind: huoshui.OrgBranch, HasCommittee: committee}, counts, 2025, now)
}

// everyMonth is one meeting of t in each month of 2025.
func everyMonth(t huoshui.MeetingType) []Count {
	var cs []Count
	for m := time.January; m <= time.December; m++ {
		cs = append(cs, Count{t, 2025, m, 1})
	}
	return cs
}

func TestStandardLife(t *testing.T) {
	after := huoshui.NewDate(2026, 1, 10)
	var full []Count
	full = append(full, everyMonth(huoshui.MeetingThemeDay)...)
	full = append(full, everyMonth(huoshui.MeetingCommittee)...)
	for _, m := range []time.Month{2, 5, 8, 11} {
		full = append(full, Count{huoshui.MeetingGeneral, 2025, m, 1}, Count{huoshui.MeetingLecture, 2025, m, 1})
	}
	full = append(full, Count{huoshui.MeetingReview, 2025, 12, 1}, Count{huoshui.MeetingAppraisal, 2025, 12, 1},
		Count{huoshui.MeetingTalk, 2025, 6, 2})
	noQ3Lecture := []Count{}
	for _, c := range full {
		if !(c.Type == huoshui.MeetingLecture && c.Month == 8) {
			noQ3Lecture = append(noQ3Lecture, c)
		}
	}
	tests := []struct {
		name      string
		committee bool
		day       huoshui.Date
		counts    []Count
		want      map[huoshui.StandardKey]huoshui.StandardStatus
	}{
		{"a full year held", true, after, full, map[huoshui.StandardKey]huoshui.StandardStatus{
			huoshui.StandardLifeKey(huoshui.MeetingGeneral):   huoshui.StandardMet,
			huoshui.StandardLifeKey(huoshui.MeetingCommittee): huoshui.StandardMet,
			huoshui.StandardLifeKey(huoshui.MeetingLecture):   huoshui.StandardMet,
			huoshui.StandardLifeKey(huoshui.MeetingThemeDay):  huoshui.StandardMet,
			huoshui.StandardLifeKey(huoshui.MeetingReview):    huoshui.StandardMet,
			huoshui.StandardLifeKey(huoshui.MeetingAppraisal): huoshui.StandardMet,
		}},
		{"the third quarter's lecture missing", true, after, noQ3Lecture, map[huoshui.StandardKey]huoshui.StandardStatus{
			huoshui.StandardLifeKey(huoshui.MeetingLecture): huoshui.StandardUnmet,
			huoshui.StandardLifeKey(huoshui.MeetingGeneral): huoshui.StandardMet,
		}},
		{"no committee: no committee meetings asked", false, after, full, map[huoshui.StandardKey]huoshui.StandardStatus{
			huoshui.StandardLifeKey(huoshui.MeetingCommittee): "",
		}},
		{"mid-year, nothing missed yet", true, huoshui.NewDate(2025, 2, 10), full, map[huoshui.StandardKey]huoshui.StandardStatus{
			huoshui.StandardLifeKey(huoshui.MeetingThemeDay): huoshui.StandardMet, // held in every month already, as counted
			huoshui.StandardLifeKey(huoshui.MeetingReview):   huoshui.StandardMet,
		}},
		{"mid-year, the year's review still to come", true, huoshui.NewDate(2025, 2, 10), noQ3Lecture[:12],
			map[huoshui.StandardKey]huoshui.StandardStatus{
				huoshui.StandardLifeKey(huoshui.MeetingReview):  huoshui.StandardPending,
				huoshui.StandardLifeKey(huoshui.MeetingGeneral): huoshui.StandardPending,
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cs := Standard(StandardInput{Year: 2025, Today: tc.day, Kind: huoshui.OrgBranch, FullCount: 9,
				Life: lifeOf(tc.committee, tc.day, tc.counts...)})
			for k, want := range tc.want {
				if got := statusOf(cs, k); got != want {
					t.Errorf("%s: %q, want %q", k, got, want)
				}
			}
		})
	}
	t.Run("the evidence of a missed lecture", func(t *testing.T) {
		cs := Standard(StandardInput{Year: 2025, Today: after, Kind: huoshui.OrgBranch, FullCount: 9,
			Life: lifeOf(true, after, noQ3Lecture...)})
		key := huoshui.StandardLifeKey(huoshui.MeetingLecture)
		f, ok := factOf(cs, key, "standard.fact.life")
		if !ok || arg(f, "Periods") != 4 || arg(f, "Done") != 3 || arg(f, "Held") != 3 {
			t.Errorf("life fact %+v", f)
		}
		f, ok = factOf(cs, key, "standard.fact.life_missed")
		if !ok || arg(f, "N") != 1 || arg(f, "Periods") != "2025-Q3" {
			t.Errorf("missed fact %+v", f)
		}
	})
}

func TestStandardGroups(t *testing.T) {
	day := huoshui.NewDate(2026, 1, 10)
	group := func(counts ...Count) []Item {
		now := time.Date(2026, 1, 10, 12, 0, 0, 0, huoshui.Shanghai)
		return Compliance(OrgLife{Kind: huoshui.OrgGroup}, counts, 2025, now)
	}
	all := group(everyMonth(huoshui.MeetingGroup)...)
	short := group(everyMonth(huoshui.MeetingGroup)[1:]...)
	for _, tc := range []struct {
		name   string
		groups [][]Item
		want   huoshui.StandardStatus
	}{
		{"no groups: not asked", nil, ""},
		{"both groups every month", [][]Item{all, all}, huoshui.StandardMet},
		{"one group missed January", [][]Item{all, short}, huoshui.StandardUnmet},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cs := Standard(StandardInput{Year: 2025, Today: day, Kind: huoshui.OrgBranch, FullCount: 5, Groups: tc.groups})
			if got := statusOf(cs, huoshui.StandardGroupLife); got != tc.want {
				t.Errorf("%q, want %q", got, tc.want)
			}
		})
	}
}

func TestStandardSetup(t *testing.T) {
	today := huoshui.NewDate(2026, 6, 1)
	for _, tc := range []struct {
		name                   string
		full                   int
		elected, ends          huoshui.Date
		secretary              string
		committee, sec, enough huoshui.StandardStatus
	}{
		{"committee in term", 9, huoshui.NewDate(2024, 3, 1), huoshui.NewDate(2027, 3, 1), "李明远",
			huoshui.StandardMet, huoshui.StandardMet, huoshui.StandardMet},
		{"term ended", 9, huoshui.NewDate(2022, 3, 1), huoshui.NewDate(2025, 3, 1), "李明远",
			huoshui.StandardUnmet, huoshui.StandardMet, huoshui.StandardMet},
		{"seven full members and no committee", 7, huoshui.Date{}, huoshui.Date{}, "李明远",
			huoshui.StandardUnmet, huoshui.StandardMet, huoshui.StandardMet},
		{"a small branch needs no committee", 4, huoshui.Date{}, huoshui.Date{}, "",
			huoshui.StandardMet, huoshui.StandardUnmet, huoshui.StandardMet},
		{"too few full members", 2, huoshui.Date{}, huoshui.Date{}, "王芳",
			huoshui.StandardMet, huoshui.StandardMet, huoshui.StandardUnmet},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cs := Standard(StandardInput{Year: 2026, Today: today, Kind: huoshui.OrgBranch, FullCount: tc.full,
				CommitteeElectedOn: tc.elected, CommitteeTermEnds: tc.ends, Secretary: tc.secretary})
			if got := statusOf(cs, huoshui.StandardCommittee); got != tc.committee {
				t.Errorf("committee %q, want %q", got, tc.committee)
			}
			if got := statusOf(cs, huoshui.StandardSecretary); got != tc.sec {
				t.Errorf("secretary %q, want %q", got, tc.sec)
			}
			if got := statusOf(cs, huoshui.StandardMembers); got != tc.enough {
				t.Errorf("members %q, want %q", got, tc.enough)
			}
		})
	}
}

func TestStandardCounts(t *testing.T) {
	during, after := huoshui.NewDate(2025, 9, 1), huoshui.NewDate(2026, 1, 5)
	for _, tc := range []struct {
		name string
		in   StandardInput
		key  huoshui.StandardKey
		want huoshui.StandardStatus
	}{
		{"study: all met", StandardInput{Today: after, Study: huoshui.StudyCompletion{Known: true, Members: 9, Met: 9}}, huoshui.StandardStudy, huoshui.StandardMet},
		{"study: year over, two short", StandardInput{Today: after, Study: huoshui.StudyCompletion{Known: true, Members: 9, Met: 7}}, huoshui.StandardStudy, huoshui.StandardUnmet},
		{"study: year under way", StandardInput{Today: during, Study: huoshui.StudyCompletion{Known: true, Members: 9, Met: 7}}, huoshui.StandardStudy, huoshui.StandardPending},
		{"study: no members", StandardInput{Today: after}, huoshui.StandardStudy, huoshui.StandardPending},
		{"records: none ended", StandardInput{Today: after}, huoshui.StandardRecords, huoshui.StandardPending},
		{"records: all complete", StandardInput{Today: after, Records: RecordTally{Ended: 12}}, huoshui.StandardRecords, huoshui.StandardMet},
		{"records: one without minutes", StandardInput{Today: during, Records: RecordTally{Ended: 12, NoMinutes: 1, Incomplete: 1}}, huoshui.StandardRecords, huoshui.StandardUnmet},
		{"tasks: none", StandardInput{Today: after}, huoshui.StandardTasks, huoshui.StandardPending},
		{"tasks: one overdue", StandardInput{Today: after, Tasks: huoshui.TaskTally{Total: 3, DoneOnTime: 2, Open: 1, Overdue: 1}}, huoshui.StandardTasks, huoshui.StandardUnmet},
		{"tasks: done, one late", StandardInput{Today: after, Tasks: huoshui.TaskTally{Total: 3, DoneOnTime: 2, DoneLate: 1}}, huoshui.StandardTasks, huoshui.StandardMet},
		{"outputs: none", StandardInput{Today: after}, huoshui.StandardOutputs, huoshui.StandardPending},
		{"outputs: registered", StandardInput{Today: after, Outputs: map[huoshui.OutputKind]int{huoshui.OutputAward: 1}}, huoshui.StandardOutputs, huoshui.StandardMet},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.in.Year, tc.in.Kind, tc.in.FullCount = 2025, huoshui.OrgBranch, 9
			if got := statusOf(Standard(tc.in), tc.key); got != tc.want {
				t.Errorf("%q, want %q", got, tc.want)
			}
		})
	}
	t.Run("tally", func(t *testing.T) {
		cs := Standard(StandardInput{Year: 2025, Today: after, Kind: huoshui.OrgBranch, FullCount: 2})
		got := huoshui.TallyStandard(cs)
		// committee met (too small to need one); secretary and members
		// unmet; study, records, tasks and outputs pending.
		if got != (huoshui.StandardTally{Met: 1, Unmet: 2, Pending: 4}) {
			t.Errorf("tally %+v", got)
		}
	})
}
