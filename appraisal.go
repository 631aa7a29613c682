package huoshui

import (
	"time"
	"unicode/utf8"
)

// The annual appraisal of members (民主评议党员): once a year, self-review,
// mutual review, then the vote; each member gets one grade. At most a
// third of the members appraised may be rated 优秀 (rules.CheckExcellentCap).
// Results are private to the member and the branch's officers.

// AppraisalGrade is the grade a member receives.
type AppraisalGrade string

const (
	GradeExcellent          AppraisalGrade = "excellent"           // 优秀
	GradeQualified          AppraisalGrade = "qualified"           // 合格
	GradeBasicallyQualified AppraisalGrade = "basically_qualified" // 基本合格
	GradeUnqualified        AppraisalGrade = "unqualified"         // 不合格
)

// AppraisalGrades lists the grades, best first.
var AppraisalGrades = []AppraisalGrade{GradeExcellent, GradeQualified, GradeBasicallyQualified, GradeUnqualified}

// Valid reports whether g is a known grade.
func (g AppraisalGrade) Valid() bool {
	for _, x := range AppraisalGrades {
		if g == x {
			return true
		}
	}
	return false
}

// Appraisal is one member's result of one year's appraisal in a branch.
type Appraisal struct {
	ID       int64          `json:"id"`
	OrgID    int64          `json:"-"`
	MemberID int64          `json:"member_id"`
	Year     int            `json:"year"`
	Grade    AppraisalGrade `json:"grade"`
	// MeetingID is the meeting that voted, or 0.
	MeetingID  int64     `json:"meeting_id,omitempty"`
	Note       string    `json:"note,omitempty"`
	RecordedBy int64     `json:"-"`
	RecordedAt time.Time `json:"-"`
	// MemberName is the member's name, read with the result.
	MemberName string `json:"-"`
}

// Validate checks one result on its own; the cap on 优秀 counts the
// whole branch (rules.CheckExcellentCap).
func (a *Appraisal) Validate() error {
	v := &ValidationError{}
	if a.MemberID == 0 {
		v.Add("member_id", "required")
	}
	if a.OrgID == 0 {
		v.Add("org_id", "required")
	}
	if a.Year < 1921 || a.Year > 2100 {
		v.Add("year", "appraisal.year_range")
	}
	if !a.Grade.Valid() {
		v.Add("grade", "invalid_choice")
	}
	if !utf8.ValidString(a.Note) {
		v.Add("note", "text.invalid")
	} else if code := CheckText(a.Note, true); code != "" {
		v.Add("note", code)
	} else if utf8.RuneCountInString(a.Note) > 500 {
		v.Add("note", "too_long", "Max", 500)
	}
	return v.Err()
}
