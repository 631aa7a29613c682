package huoshui

import (
	"strings"
	"time"
	"unicode/utf8"
)

// AppraisalRound is one branch's appraisal of one year: the days of the
// self-review (自我评价), the mutual review (民主评议) and the vote
// (组织评定). Each member's grade is an Appraisal of the round.
type AppraisalRound struct {
	ID             int64     `json:"id"`
	OrgID          int64     `json:"org_id"`
	Year           int       `json:"year"`
	SelfReviewOn   Date      `json:"self_review_on,omitzero"`
	MutualReviewOn Date      `json:"mutual_review_on,omitzero"`
	VoteOn         Date      `json:"vote_on,omitzero"`
	Note           string    `json:"note,omitempty"`
	CreatedBy      int64     `json:"-"`
	CreatedAt      time.Time `json:"-"`
	UpdatedAt      time.Time `json:"-"`
	OrgName        string    `json:"-"`
	OrgPath        string    `json:"-"`
}

// Normalize trims the note.
func (a *AppraisalRound) Normalize() { a.Note = strings.TrimSpace(a.Note) }

// Validate checks the round: its year, and the three steps in their
// order (self-review, then mutual review, then the vote), each in the
// year appraised or early in the next (the appraisal of a year is often
// held in the following January).
func (a *AppraisalRound) Validate() error {
	v := &ValidationError{}
	if a.OrgID == 0 {
		v.Add("org_id", "required")
	}
	if a.Year < 1921 || a.Year > 2100 {
		v.Add("year", "appraisal.year_range")
	}
	steps := []struct {
		field string
		d     Date
	}{{"self_review_on", a.SelfReviewOn}, {"mutual_review_on", a.MutualReviewOn}, {"vote_on", a.VoteOn}}
	var last Date
	for _, s := range steps {
		if s.d.IsZero() {
			continue
		}
		if y := s.d.Year(); y < a.Year || y > a.Year+1 {
			v.Add(s.field, "appraisal.date_year", "Year", a.Year)
			continue
		}
		if !last.IsZero() && s.d.Before(last) {
			v.Add(s.field, "appraisal.date_order")
		}
		last = s.d
	}
	if code := CheckText(a.Note, true); code != "" {
		v.Add("note", code)
	} else if utf8.RuneCountInString(a.Note) > 1000 {
		v.Add("note", "too_long", "Max", 1000)
	}
	return v.Err()
}
