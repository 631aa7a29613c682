package huoshui

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// DefaultStudyTarget is the class hours of collective training a member
// is asked to complete each year unless their org sets another target
// (docs/domain.md, "Study hours").
const DefaultStudyTarget = 32

// StudyMeetingTypes are the meetings whose time counts as study: the
// lecture and the themed party day are study; a general or group meeting
// includes it (学习 is on the agenda of 三会). Committee meetings, talks and
// the review and appraisal do not count.
var StudyMeetingTypes = []MeetingType{MeetingLecture, MeetingThemeDay, MeetingGeneral, MeetingGroup}

// CountsAsStudy reports whether a meeting of type t, also counted as the
// types also, counts toward study hours.
func CountsAsStudy(t MeetingType, also []MeetingType) bool {
	if slices.Contains(StudyMeetingTypes, t) {
		return true
	}
	for _, a := range also {
		if slices.Contains(StudyMeetingTypes, a) {
			return true
		}
	}
	return false
}

// DailyReadingCap is how much reading counts on one day: an hour. Reading
// more is welcome; it does not count more, so that nobody leaves a page
// open to collect hours.
const DailyReadingCap = 60 // minutes

// ClassHours converts the length of a session to class hours: an hour is
// one class hour, to the nearest half; a session of three hours or more is
// half a day and counts 4; of six hours or more a full day and counts 8,
// which is the most one day gives.
func ClassHours(minutes int) float64 {
	switch {
	case minutes <= 0:
		return 0
	case minutes >= 360:
		return 8
	case minutes >= 180:
		return 4
	}
	return float64((minutes+15)/30) / 2
}

// ClassMinutes is ClassHours in whole minutes (a class hour is 60), so
// that sums are exact.
func ClassMinutes(minutes int) int {
	switch {
	case minutes <= 0:
		return 0
	case minutes >= 360:
		return 8 * 60
	case minutes >= 180:
		return 4 * 60
	}
	return (minutes + 15) / 30 * 30
}

// StudyTenths is study time counted in minutes as tenths of an hour,
// rounded to the nearest (half up): the hours a member sees are this over
// 10, and a target of T hours is met from 10·T tenths.
func StudyTenths(minutes int) int {
	if minutes <= 0 {
		return 0
	}
	return (minutes + 3) / 6
}

// StudySource is where an hour of study comes from.
type StudySource string

const (
	StudyMeeting    StudySource = "meeting"    // an attended meeting whose type includes study
	StudyLecture    StudySource = "lecture"    // a micro lecture given or attended
	StudyDiscussion StudySource = "discussion" // a collective discussion taken part in
	StudyReading    StudySource = "reading"    // reading assigned or chosen material, time on the page
	StudyTraining   StudySource = "training"   // training outside the branch, confirmed by an officer
)

// StudyItem is one thing that counts toward a member's study hours: what
// it was, when, and how long. Ref is the id of the record behind it (the
// meeting, lecture, discussion, material or training), so that every hour
// links to what it came from.
type StudyItem struct {
	Source  StudySource `json:"source"`
	Ref     int64       `json:"ref"`
	Title   string      `json:"title"`
	On      Date        `json:"date"`
	Minutes int         `json:"minutes"` // as recorded, before the rules' caps
	Hours   float64     `json:"hours"`   // what counts, after them
}

// TrainingStatus is where an external training entry stands.
type TrainingStatus string

const (
	TrainingPending   TrainingStatus = "pending"   // entered by the member, awaiting an officer
	TrainingConfirmed TrainingStatus = "confirmed" // counts toward study hours
	TrainingRejected  TrainingStatus = "rejected"  // does not count; the reason says why
)

// Training is study outside the branch (a course at the party school, an
// online class with a certificate) that a member enters with its evidence
// and an officer confirms before it counts.
type Training struct {
	ID          int64
	MemberID    int64
	MemberName  string
	OrgID       int64 // the member's branch when entered
	OrgPath     string
	Title       string
	Organiser   string // who ran it: 市委党校, 学习强国专题 …
	HeldOn      Date
	Hours       float64 // class hours claimed: 1 hour = 1, half a day = 4, a day = 8
	Evidence    string  // what proves it: certificate number, notice, a line of text
	Status      TrainingStatus
	Reason      string // why it was rejected
	DecidedBy   int64
	DecidedAt   *time.Time
	CreatedAt   time.Time
	EnteredByID int64
}

// MaxTrainingHours bounds one entry: a residential course of several weeks
// is entered week by week.
const MaxTrainingHours = 80

// Validate checks an entry as a member typed it, folding full-width
// characters first. today is the day in Asia/Shanghai: a training cannot
// be entered before it was held.
func (t *Training) Validate(today Date) error {
	t.Title = strings.Join(strings.Fields(FoldWidth(t.Title)), " ")
	t.Organiser = strings.Join(strings.Fields(FoldWidth(t.Organiser)), " ")
	t.Evidence = strings.TrimSpace(t.Evidence)
	v := &ValidationError{}
	switch n := utf8.RuneCountInString(t.Title); {
	case n == 0:
		v.Add("title", "required")
	case n > 100:
		v.Add("title", "too_long", "Max", 100)
	}
	if utf8.RuneCountInString(t.Organiser) > 100 {
		v.Add("organiser", "too_long", "Max", 100)
	}
	for field, text := range map[string]string{"title": t.Title, "organiser": t.Organiser} {
		if !utf8.ValidString(text) {
			v.Add(field, "text.invalid")
		} else if code := CheckText(text, false); code != "" && !v.Has(field) {
			v.Add(field, code)
		}
	}
	switch {
	case t.HeldOn.IsZero():
		v.Add("held_on", "required")
	case today.Before(t.HeldOn):
		v.Add("held_on", "study.training_in_future")
	}
	switch {
	case t.Hours <= 0:
		v.Add("hours", "required")
	case t.Hours > MaxTrainingHours:
		v.Add("hours", "study.training_hours_too_many", "Max", MaxTrainingHours)
	case t.Hours*2 != float64(int(t.Hours*2)):
		v.Add("hours", "study.training_hours_half")
	}
	switch n := utf8.RuneCountInString(t.Evidence); {
	case n == 0:
		v.Add("evidence", "study.training_evidence_required")
	case n > 1000:
		v.Add("evidence", "too_long", "Max", 1000)
	case !utf8.ValidString(t.Evidence):
		v.Add("evidence", "text.invalid")
	}
	return v.Err()
}
