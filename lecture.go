package huoshui

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Lecture is one micro party lecture (微党课) given by a member of a branch
// to the branch. The branch's rota (internal/rules.NextLecturers) says who
// is due next; a lecture may be given as part of a meeting of
// organisational life (MeetingID), entered once and shown on both pages.
type Lecture struct {
	ID         int64  `json:"id"`
	OrgID      int64  `json:"-"` // the branch
	LecturerID int64  `json:"lecturer_id"`
	Topic      string `json:"topic"`
	HeldOn     Date   `json:"held_on"`
	// Minutes is how long it lasted, for study hours.
	Minutes   int    `json:"minutes"`
	Notes     string `json:"notes,omitempty"`
	MeetingID int64  `json:"meeting_id,omitempty"`
	// Slides, optional: a file kept in the blob store (SlidesBlob, its
	// SHA-256), with the name and type it was uploaded with.
	SlidesName string    `json:"slides_name,omitempty"`
	SlidesType string    `json:"-"`
	SlidesSize int64     `json:"slides_size,omitempty"`
	SlidesBlob string    `json:"-"`
	CreatedBy  int64     `json:"-"`
	CreatedAt  time.Time `json:"-"`
	UpdatedAt  time.Time `json:"-"`

	// Read with the lecture, never written through it.
	OrgName      string `json:"-"`
	OrgPath      string `json:"-"`
	LecturerName string `json:"-"`
	MeetingTitle string `json:"-"`
}

// LectureDefaultMinutes is a micro lecture's usual length.
const LectureDefaultMinutes = 30

// Validate checks a lecture as a whole, after tidying what was typed.
func (l *Lecture) Validate() error {
	l.Topic = strings.Join(strings.Fields(FoldWidth(l.Topic)), " ")
	l.Notes = strings.TrimSpace(l.Notes)
	v := &ValidationError{}
	if l.OrgID == 0 {
		v.Add("org_id", "required")
	}
	if l.LecturerID == 0 {
		v.Add("lecturer_id", "required")
	}
	checkLine(v, "topic", l.Topic, 100, true)
	checkBody(v, "notes", l.Notes, 20000)
	switch {
	case l.HeldOn.IsZero():
		v.Add("held_on", "required")
	case l.HeldOn.Year() < 1921 || l.HeldOn.Year() > 2100:
		v.Add("held_on", "meeting.year_out_of_range")
	}
	if l.Minutes < 5 || l.Minutes > 480 {
		v.Add("minutes", "study.minutes_range", "Min", 5, "Max", 480)
	}
	return v.Err()
}

// LectureFeedback is one attendee's short word on a lecture: one per
// attendee, edited only by its author, with no score and no ranking.
type LectureFeedback struct {
	LectureID  int64     `json:"lecture_id"`
	MemberID   int64     `json:"member_id"`
	Body       string    `json:"body"`
	UpdatedAt  time.Time `json:"updated_at"`
	MemberName string    `json:"-"`
}

// LectureFeedbackMax bounds one feedback: a few sentences.
const LectureFeedbackMax = 300

// Validate checks a feedback.
func (f *LectureFeedback) Validate() error {
	f.Body = strings.TrimSpace(f.Body)
	v := &ValidationError{}
	switch n := utf8.RuneCountInString(f.Body); {
	case n == 0:
		v.Add("body", "required")
	case n > LectureFeedbackMax:
		v.Add("body", "too_long", "Max", LectureFeedbackMax)
	default:
		checkBody(v, "body", f.Body, LectureFeedbackMax)
	}
	return v.Err()
}

// RotaMember is one person of a branch's lecture rota: its full and
// probationary members (applicants, activists and candidates are not yet
// party members and give no party lecture). Since is the day they entered
// the rota: the later of the day their record was created in the branch
// and the day they became probationary.
type RotaMember struct {
	MemberID int64  `json:"member_id"`
	Name     string `json:"name"`
	Since    Date   `json:"since"`
}

// LectureGiven is one lecture as the rota counts it.
type LectureGiven struct {
	MemberID int64 `json:"member_id"`
	HeldOn   Date  `json:"held_on"`
}

// LectureAway marks a member away from the rota for a period (study
// abroad, sick leave, a posting): From to Until inclusive, Until zero
// while it lasts. The rota skips them, and they come first when back.
type LectureAway struct {
	ID         int64  `json:"id"`
	OrgID      int64  `json:"-"`
	MemberID   int64  `json:"member_id"`
	From       Date   `json:"from"`
	Until      Date   `json:"until,omitzero"`
	Reason     string `json:"reason"`
	MemberName string `json:"-"`
}

// Covers reports whether the member is away on day d.
func (a LectureAway) Covers(d Date) bool {
	return !d.Before(a.From) && (a.Until.IsZero() || !d.After(a.Until))
}

// Validate checks an away period.
func (a *LectureAway) Validate() error {
	a.Reason = strings.Join(strings.Fields(FoldWidth(a.Reason)), " ")
	v := &ValidationError{}
	if a.MemberID == 0 {
		v.Add("member_id", "required")
	}
	if a.From.IsZero() {
		v.Add("from", "required")
	}
	if !a.Until.IsZero() && !a.From.IsZero() && a.Until.Before(a.From) {
		v.Add("until", "lecture.until_before_from")
	}
	checkLine(v, "reason", a.Reason, 100, true)
	return v.Err()
}

// LectureSwap records that two members of a rota exchanged their places.
type LectureSwap struct {
	ID        int64     `json:"id"`
	OrgID     int64     `json:"-"`
	A         int64     `json:"a"`
	B         int64     `json:"b"`
	CreatedAt time.Time `json:"created_at"`
}

// RotaInput is everything a branch's rota is computed from: its current
// members in their base order (by name), the lectures given in the branch,
// the away periods and the swaps in the order they were made.
type RotaInput struct {
	Members  []RotaMember
	Lectures []LectureGiven
	Aways    []LectureAway
	Swaps    []LectureSwap
}

// InRota reports whether a member of this status takes part in the
// lecture rota: full and probationary members.
func InRota(s MemberStatus) bool { return s == StatusFull || s == StatusProbationary }

// StudyRecord is one piece of study a member took part in, as a study
// hours engine reads it: what, when, for how long and in which role.
type StudyRecord struct {
	Kind    string `json:"kind"` // "lecture" or "discussion"
	ID      int64  `json:"id"`
	OrgID   int64  `json:"-"`
	Topic   string `json:"topic"`
	HeldOn  Date   `json:"held_on"`
	Minutes int    `json:"minutes"`
	// Role: "lecturer", "feedback" or "present" for a lecture; "host",
	// "speaker" or "present" for a discussion.
	Role string `json:"role"`
	// MeetingID is the meeting of organisational life it was part of, if
	// any: a member present there has its time counted with the meeting.
	MeetingID int64 `json:"meeting_id,omitempty"`
}

// checkLine checks a one-line text field: required, bounded, clean.
func checkLine(v *ValidationError, field, s string, max int, required bool) {
	switch n := utf8.RuneCountInString(s); {
	case n == 0 && required:
		v.Add(field, "required")
	case n > max:
		v.Add(field, "too_long", "Max", max)
	case !utf8.ValidString(s):
		v.Add(field, "text.invalid")
	default:
		if code := CheckText(s, false); code != "" {
			v.Add(field, code)
		}
	}
}

// checkBody checks a text of several lines: bounded, clean.
func checkBody(v *ValidationError, field, s string, max int) {
	switch {
	case utf8.RuneCountInString(s) > max:
		v.Add(field, "too_long", "Max", max)
	case !utf8.ValidString(s):
		v.Add(field, "text.invalid")
	default:
		if code := CheckText(s, true); code != "" {
			v.Add(field, code)
		}
	}
}
