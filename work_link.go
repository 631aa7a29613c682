package huoshui

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// The link ledger (党建+业务关联台账, docs/domain.md "The link ledger"):
// a party activity — a meeting of organisational life (theme days
// among them), a micro lecture or a collective discussion — joined to a
// work outcome it led to — a supervision task or an output (an innovation
// is an output of kind innovation) — with a note of what changed. A
// removal is soft (RemovedAt), so that it can be undone.

// ActivityKind is the kind of party activity a link starts from.
type ActivityKind string

const (
	ActivityMeeting    ActivityKind = "meeting"
	ActivityLecture    ActivityKind = "lecture"
	ActivityDiscussion ActivityKind = "discussion"
)

// ActivityKinds lists the kinds of party activity a link may start from.
var ActivityKinds = []ActivityKind{ActivityMeeting, ActivityLecture, ActivityDiscussion}

// Valid reports whether k is one of ActivityKinds.
func (k ActivityKind) Valid() bool { return slices.Contains(ActivityKinds, k) }

// TargetKind is the kind of work outcome a link leads to.
type TargetKind string

const (
	TargetTask   TargetKind = "task"
	TargetOutput TargetKind = "output"
)

// TargetKinds lists the kinds of work outcome a link may lead to.
var TargetKinds = []TargetKind{TargetTask, TargetOutput}

// Valid reports whether k is one of TargetKinds.
func (k TargetKind) Valid() bool { return slices.Contains(TargetKinds, k) }

// WorkLinkNoteMax bounds the note of what changed: a short paragraph.
const WorkLinkNoteMax = 500

// WorkLink joins one party activity to one work outcome it led to.
type WorkLink struct {
	ID           int64        `json:"id"`
	OrgID        int64        `json:"-"` // the activity's org
	ActivityKind ActivityKind `json:"activity_kind"`
	ActivityID   int64        `json:"activity_id"`
	TargetKind   TargetKind   `json:"target_kind"`
	TargetID     int64        `json:"target_id"`
	// Note says what changed (成效：这次活动带来了什么变化).
	Note      string     `json:"note"`
	CreatedBy int64      `json:"-"`
	CreatedAt time.Time  `json:"created_at"`
	RemovedAt *time.Time `json:"removed_at,omitempty"`

	// Read with the link, never written through it: the activity's
	// title, day and type (a meeting's type, or "lecture"/"discussion"),
	// and the target's title, its output kind and level (for an output),
	// its org and, for a task, whether it is done.
	ActivityTitle string      `json:"-"`
	ActivityOn    Date        `json:"-"`
	ActivityType  string      `json:"-"`
	OrgName       string      `json:"-"`
	OrgPath       string      `json:"-"`
	TargetTitle   string      `json:"-"`
	TargetOrgName string      `json:"-"`
	OutputKind    OutputKind  `json:"-"`
	OutputLevel   OutputLevel `json:"-"`
	TaskDone      bool        `json:"-"`
	CreatorName   string      `json:"-"`
}

// Validate checks a link before it is saved, after tidying the note.
func (l *WorkLink) Validate() error {
	l.Note = strings.TrimSpace(strings.ReplaceAll(l.Note, "\r\n", "\n"))
	v := &ValidationError{}
	if !l.ActivityKind.Valid() || l.ActivityID <= 0 {
		v.Add("activity", "work_link.activity_unknown")
	}
	if !l.TargetKind.Valid() || l.TargetID <= 0 {
		v.Add("target", "work_link.target_required")
	}
	switch n := utf8.RuneCountInString(l.Note); {
	case n == 0:
		v.Add("note", "work_link.note_required")
	case n > WorkLinkNoteMax:
		v.Add("note", "too_long", "Max", WorkLinkNoteMax)
	default:
		checkBody(v, "note", l.Note, WorkLinkNoteMax)
	}
	return v.Err()
}

// LinkTarget is one task or output an activity may be linked to, as the
// form's select offers it.
type LinkTarget struct {
	Kind        TargetKind
	ID          int64
	Title       string
	OrgName     string
	On          Date // a task's deadline, an output's date
	OutputKind  OutputKind
	OutputLevel OutputLevel
}

// ActivityCount is how many party activities an org held in a period and
// how many of those link to at least one work outcome.
type ActivityCount struct {
	Held   int
	Linked int
}

// TargetShort is the start of the target's title (a task's content may
// run long), for lists.
func (l WorkLink) TargetShort() string {
	if utf8.RuneCountInString(l.TargetTitle) <= 60 {
		return l.TargetTitle
	}
	return Truncate(l.TargetTitle, 59) + "…"
}

// Short is the start of the target's title, for the form's select.
func (t LinkTarget) Short() string {
	if utf8.RuneCountInString(t.Title) <= 40 {
		return t.Title
	}
	return Truncate(t.Title, 39) + "…"
}
