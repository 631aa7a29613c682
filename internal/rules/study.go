package rules

import (
	"math"
	"slices"

	"github.com/huoshui/huoshui"
)

// Study hours (docs/domain.md, "Study hours"): every member is asked for a
// number of class hours of collective study a year, 32 unless their org
// sets another target. They come from what the member already did and the
// platform already records — meetings attended, micro lectures and
// discussions, time spent reading, training elsewhere that an officer
// confirmed — so nobody types them in twice. There is no ranking of people
// and no daily quota: a member sees their own progress toward the target,
// an officer the branch's members against it.

// StudyMeetingTypes are the meetings whose time counts as study: the
// lecture and the themed party day are study; a general or group meeting
// includes it (学习 is on the agenda of 三会). Committee meetings, talks and
// the review and appraisal do not count. (The rule lives in the root
// package, with ClassHours, so that the store's kept study years count
// exactly as this does.)
var StudyMeetingTypes = huoshui.StudyMeetingTypes

// CountsAsStudy reports whether a meeting of type t, also counted as the
// types also, counts toward study hours.
func CountsAsStudy(t huoshui.MeetingType, also []huoshui.MeetingType) bool {
	return huoshui.CountsAsStudy(t, also)
}

// DailyReadingCap is how much reading counts on one day: an hour. Reading
// more is welcome; it does not count more, so that nobody leaves a page
// open to collect hours.
const DailyReadingCap = huoshui.DailyReadingCap // minutes

// ClassHours converts the length of a session to class hours: an hour is
// one class hour, to the nearest half; a session of three hours or more is
// half a day and counts 4; of six hours or more a full day and counts 8,
// which is the most one day gives. (The rule lives in the root package so
// that the store's kept study years count exactly as this does.)
func ClassHours(minutes int) float64 { return huoshui.ClassHours(minutes) }

// StudyProgress is a member's year: the target, what counts toward it and
// from where.
type StudyProgress struct {
	Target   float64                         `json:"target"`
	Done     float64                         `json:"done"`
	Left     float64                         `json:"left"` // 0 once the target is met
	Reached  bool                            `json:"reached"`
	BySource map[huoshui.StudySource]float64 `json:"by_source"`
	Items    []huoshui.StudyItem             `json:"items"`
}

// Percent is the share of the target done, at most 100.
func (p StudyProgress) Percent() int {
	if p.Target <= 0 {
		return 100
	}
	return int(math.Min(100, math.Floor(p.Done/p.Target*100)))
}

// Study sums a member's items toward target. Meetings, lectures and
// discussions count by their length in class hours (ClassHours); reading
// counts by the minute, at most DailyReadingCap a day; confirmed training
// counts the hours the officer confirmed. Items come back with the hours
// each one counted, newest first; no item counts twice (same source and
// record).
func Study(target float64, items []huoshui.StudyItem) StudyProgress {
	p := StudyProgress{Target: target, BySource: map[huoshui.StudySource]float64{}}
	type key struct {
		s   huoshui.StudySource
		ref int64
		on  huoshui.Date
	}
	seen := map[key]bool{}
	readDay := map[huoshui.Date]int{} // minutes of reading counted so far that day
	// Sums are kept in whole minutes, so that the hours shown are exact
	// and equal to the store's kept study years (huoshui.StudyTenths).
	total := 0
	bySource := map[huoshui.StudySource]int{}
	sorted := slices.Clone(items)
	// Oldest first, so a day's reading cap is filled in the order it was read.
	slices.SortStableFunc(sorted, func(a, b huoshui.StudyItem) int { return a.On.Time().Compare(b.On.Time()) })
	for _, it := range sorted {
		k := key{it.Source, it.Ref, it.On}
		if it.Source != huoshui.StudyReading {
			k.on = huoshui.Date{}
		}
		if seen[k] {
			continue
		}
		seen[k] = true
		var m int
		switch it.Source {
		case huoshui.StudyReading:
			room := max(0, DailyReadingCap-readDay[it.On])
			m = min(room, max(0, it.Minutes))
			readDay[it.On] += m
			it.Hours = float64(m) / 60
		case huoshui.StudyTraining:
			it.Hours = math.Max(0, it.Hours)
			m = int(math.Round(it.Hours * 60))
		default:
			it.Hours = ClassHours(it.Minutes)
			m = huoshui.ClassMinutes(it.Minutes)
		}
		bySource[it.Source] += m
		total += m
		p.Items = append(p.Items, it)
	}
	for s, m := range bySource {
		p.BySource[s] = float64(huoshui.StudyTenths(m)) / 10
	}
	p.Done = float64(huoshui.StudyTenths(total)) / 10
	p.Left = math.Max(0, math.Round((target-p.Done)*10)/10)
	p.Reached = p.Done >= target
	slices.Reverse(p.Items)
	return p
}

// BranchStudy is how far a branch's members are toward their target: how
// many there are and how many reached it. It is a completion rate for an
// organiser, never a list of who is behind.
type BranchStudy struct {
	Members int     `json:"members"`
	Reached int     `json:"reached"`
	Hours   float64 `json:"hours"` // all members' hours together
}

// Rate is the share of members who reached the target, in percent.
func (b BranchStudy) Rate() int {
	if b.Members == 0 {
		return 0
	}
	return b.Reached * 100 / b.Members
}
