package rules_test

import (
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/rules"
)

func TestClassHours(t *testing.T) {
	cases := []struct {
		minutes int
		want    float64
	}{
		{0, 0}, {-30, 0}, {10, 0}, {15, 0.5}, {30, 0.5}, {45, 1}, {60, 1}, {90, 1.5}, {100, 1.5}, {120, 2},
		{150, 2.5}, {179, 3}, {180, 4}, {240, 4}, {359, 4}, {360, 8}, {480, 8}, {1440, 8},
	}
	for _, c := range cases {
		if got := rules.ClassHours(c.minutes); got != c.want {
			t.Errorf("ClassHours(%d) = %v, want %v", c.minutes, got, c.want)
		}
	}
}

func TestCountsAsStudy(t *testing.T) {
	cases := []struct {
		t    huoshui.MeetingType
		also []huoshui.MeetingType
		want bool
	}{
		{huoshui.MeetingLecture, nil, true},
		{huoshui.MeetingThemeDay, nil, true},
		{huoshui.MeetingGeneral, nil, true},
		{huoshui.MeetingGroup, nil, true},
		{huoshui.MeetingCommittee, nil, false},
		{huoshui.MeetingTalk, nil, false},
		{huoshui.MeetingReview, nil, false},
		{huoshui.MeetingReview, []huoshui.MeetingType{huoshui.MeetingGeneral}, true},
		{huoshui.MeetingAppraisal, []huoshui.MeetingType{huoshui.MeetingReview}, false},
	}
	for _, c := range cases {
		if got := rules.CountsAsStudy(c.t, c.also); got != c.want {
			t.Errorf("CountsAsStudy(%s, %v) = %v, want %v", c.t, c.also, got, c.want)
		}
	}
}

func TestStudy(t *testing.T) {
	d := func(m, day int) huoshui.Date { return huoshui.NewDate(2026, 1, 1).AddDate(0, m-1, day-1) }
	items := []huoshui.StudyItem{
		{Source: huoshui.StudyMeeting, Ref: 1, On: d(3, 12), Minutes: 120},            // 2
		{Source: huoshui.StudyMeeting, Ref: 1, On: d(3, 12), Minutes: 120},            // the same meeting twice: once
		{Source: huoshui.StudyMeeting, Ref: 2, On: d(4, 1), Minutes: 200},             // half a day: 4
		{Source: huoshui.StudyLecture, Ref: 7, On: d(5, 9), Minutes: 30},              // 0.5
		{Source: huoshui.StudyDiscussion, Ref: 3, On: d(6, 2), Minutes: 90},           // 1.5
		{Source: huoshui.StudyReading, Ref: 10, On: d(6, 3), Minutes: 45},             // 45 min
		{Source: huoshui.StudyReading, Ref: 11, On: d(6, 3), Minutes: 45},             // only 15 left that day
		{Source: huoshui.StudyReading, Ref: 11, On: d(6, 4), Minutes: 30},             // another day: 30
		{Source: huoshui.StudyTraining, Ref: 5, On: d(9, 1), Hours: 8},                // confirmed: 8
		{Source: huoshui.StudyReading, Ref: 12, On: d(6, 5), Minutes: -20},            // nonsense counts nothing
		{Source: huoshui.StudyMeeting, Ref: 9, On: d(10, 1), Minutes: 24 * 60 * 3},    // a long retreat: one day's 8
		{Source: huoshui.StudyDiscussion, Ref: 3, On: d(6, 2), Minutes: 90, Hours: 9}, // the same discussion again
	}
	p := rules.Study(32, items)
	want := 2 + 4 + 0.5 + 1.5 + 1.5 + 8 + 8.0 // reading: 45+15+30 = 90 min = 1.5
	if p.Done != want {
		t.Errorf("done %v, want %v (items %+v)", p.Done, want, p.Items)
	}
	if p.BySource[huoshui.StudyReading] != 1.5 {
		t.Errorf("reading %v, want 1.5 (an hour a day at most)", p.BySource[huoshui.StudyReading])
	}
	if p.Left != 32-want || p.Reached || p.Percent() != int(want/32*100) {
		t.Errorf("left %v reached %v percent %d", p.Left, p.Reached, p.Percent())
	}
	if len(p.Items) != 10 {
		t.Errorf("%d items listed, want 10 (duplicates once)", len(p.Items))
	}
	if first := p.Items[0]; first.Ref != 9 {
		t.Errorf("items not newest first: %+v", first)
	}

	done := rules.Study(4, items[:2])
	if done.Done != 2 || done.Reached || done.Left != 2 {
		t.Errorf("small target: %+v", done)
	}
	if over := rules.Study(2, items); !over.Reached || over.Left != 0 || over.Percent() != 100 {
		t.Errorf("target met: %+v", over)
	}
	if none := rules.Study(32, nil); none.Done != 0 || none.Percent() != 0 || len(none.Items) != 0 {
		t.Errorf("nothing: %+v", none)
	}
}

func TestBranchStudyRate(t *testing.T) {
	for _, c := range []struct {
		b    rules.BranchStudy
		want int
	}{{rules.BranchStudy{}, 0}, {rules.BranchStudy{Members: 12, Reached: 3}, 25}, {rules.BranchStudy{Members: 3, Reached: 3}, 100}} {
		if got := c.b.Rate(); got != c.want {
			t.Errorf("%+v: rate %d, want %d", c.b, got, c.want)
		}
	}
}
