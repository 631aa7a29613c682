package huoshui

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The annual report (年度支部工作总结): a branch's year written from its
// records in the words of a year-end summary — organisational life,
// study, what the party work led to in the office's work — and then
// edited by the branch before it is exported. The text is generated from
// the records (internal/report, annual.go); what the branch saves is kept
// as it typed it, with the time its numbers were generated, until the
// branch asks for a fresh draft.

// AnnualSectionMax is the longest a section of the annual report may be,
// in characters.
const AnnualSectionMax = 8000

// ReportSection is one numbered section of the annual report: its
// heading ("一、基本情况") and its text, a paragraph a line.
type ReportSection struct {
	Heading string `json:"heading"`
	Text    string `json:"text"`
}

// Paragraphs are the section's non-empty lines, trimmed.
func (s ReportSection) Paragraphs() []string {
	var out []string
	for line := range strings.Lines(s.Text) {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// AnnualReport is the saved text of an org's annual report for a year.
// GeneratedAt is when its numbers were read from the records; EditedAt
// and EditedBy when and by whom the text was last saved by hand (zero
// for a draft saved as generated). Version counts the saves, so that two
// people editing at once do not overwrite each other unseen.
type AnnualReport struct {
	ID          int64           `json:"id"`
	OrgID       int64           `json:"org_id"`
	Year        int             `json:"year"`
	Sections    []ReportSection `json:"sections"`
	GeneratedAt time.Time       `json:"generated_at"`
	EditedBy    int64           `json:"edited_by,omitempty"`
	EditedAt    *time.Time      `json:"edited_at,omitempty"`
	Version     int             `json:"version"`

	// Read with the report, never written through it.
	EditorName string `json:"-"`
}

// Validate tidies the sections' text (line ends, trailing spaces) and
// checks each: not empty, not longer than AnnualSectionMax. A problem is
// reported on the field "section_N", N counting from 1.
func (r *AnnualReport) Validate() error {
	v := &ValidationError{}
	if r.Year < 1921 || r.Year > 2100 {
		v.Add("year", "meeting.year_out_of_range")
	}
	if len(r.Sections) == 0 {
		v.Add("section_1", "required")
	}
	for i := range r.Sections {
		s := &r.Sections[i]
		s.Heading = strings.TrimSpace(s.Heading)
		text := strings.ReplaceAll(strings.ReplaceAll(s.Text, "\r\n", "\n"), "\r", "\n")
		lines := strings.Split(text, "\n")
		for j, l := range lines {
			lines[j] = strings.TrimRight(l, " \t\u3000")
		}
		s.Text = strings.TrimSpace(strings.Join(lines, "\n"))
		field := "section_" + strconv.Itoa(i+1)
		switch {
		case s.Text == "":
			v.Add(field, "annual.section_empty")
		case utf8.RuneCountInString(s.Text) > AnnualSectionMax:
			v.Add(field, "too_long", "Max", AnnualSectionMax)
		}
	}
	return v.Err()
}
