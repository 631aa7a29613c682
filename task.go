package huoshui

import (
	"slices"
	"strings"
	"time"
)

// A supervision task (督查督办事项, docs/domain.md "Supervision tasks") is
// work an org must get done by a date: what a document, a meeting's
// resolution or a leader's instruction asks of it, with a member who
// leads it, members who help, progress reports along the way and the day
// it was done. Whether it was done on time is counted, never claimed: the
// done date is the day it was marked done, or an earlier day entered as
// 补录 with who entered it and when.

// TaskSource is where a task comes from.
type TaskSource string

const (
	TaskFromDocument    TaskSource = "document"    // 文件
	TaskFromResolution  TaskSource = "resolution"  // 会议决议
	TaskFromInstruction TaskSource = "instruction" // 领导批示
)

// TaskSources lists the sources in the order the form offers them.
var TaskSources = []TaskSource{TaskFromDocument, TaskFromResolution, TaskFromInstruction}

// Valid reports whether s is one of TaskSources.
func (s TaskSource) Valid() bool { return slices.Contains(TaskSources, s) }

// TaskStatus is where a task stands on a day: open, done, or overdue
// (open past its deadline). Overdue is never stored: it follows from the
// deadline and the day (rules.TaskStatus).
type TaskStatus string

const (
	TaskOpen    TaskStatus = "open"    // 办理中
	TaskDone    TaskStatus = "done"    // 已办结
	TaskOverdue TaskStatus = "overdue" // 已逾期（未办结）
)

// TaskStatuses lists the statuses a list filters by.
var TaskStatuses = []TaskStatus{TaskOpen, TaskOverdue, TaskDone}

// Valid reports whether s is one of TaskStatuses.
func (s TaskStatus) Valid() bool { return slices.Contains(TaskStatuses, s) }

// MaxTaskCoMembers bounds the members who help with one task.
const MaxTaskCoMembers = 20

// Task is one supervision task of an org (a branch or a committee). Its
// people are members of the org's subtree: one lead (牵头人) and any
// co-members (协办人).
type Task struct {
	ID     int64      `json:"id"`
	OrgID  int64      `json:"-"`
	Source TaskSource `json:"source"`
	// SourceRef is the document's number (文号) or who gave the
	// instruction, as typed.
	SourceRef string `json:"source_ref,omitempty"`
	// MeetingID is the meeting whose resolution it is, when known.
	MeetingID int64   `json:"meeting_id,omitempty"`
	Content   string  `json:"content"`
	LeadID    int64   `json:"lead_id"`
	CoIDs     []int64 `json:"co_ids"`
	// AssignedOn is the day the task was given (交办日期): the day it
	// begins, before which nothing about it can have happened.
	AssignedOn Date `json:"assigned_on"`
	Deadline   Date `json:"deadline"`
	// LateEntry marks a task entered with its deadline already past (补录).
	LateEntry bool `json:"late_entry"`
	// DoneOn is the day it was done; zero while it is open.
	DoneOn Date `json:"done_on,omitzero"`
	// DoneLateEntry marks a done date entered after that day (补录):
	// DoneBy (an account) entered it at DoneAt.
	DoneLateEntry bool       `json:"done_late_entry,omitempty"`
	DoneBy        int64      `json:"-"`
	DoneAt        *time.Time `json:"done_at,omitempty"`
	CreatedBy     int64      `json:"-"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"-"`
	// ArchivedAt takes a task off the lists and counts; it can be
	// restored. Nothing is deleted.
	ArchivedAt *time.Time `json:"archived_at,omitempty"`

	// Read with the task, never written through it.
	OrgName      string       `json:"-"`
	OrgPath      string       `json:"-"`
	LeadName     string       `json:"-"`
	MeetingTitle string       `json:"-"`
	DoneByName   string       `json:"-"`
	Co           []TaskPerson `json:"-"`
}

// TaskPerson is a member named on a task, with their name.
type TaskPerson struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// People are the members the task concerns directly: the lead, then the
// co-members. They may see it wherever their own branch is, and report its
// progress.
func (t *Task) People() []int64 {
	return append([]int64{t.LeadID}, t.CoIDs...)
}

// Done reports whether the task has been marked done.
func (t *Task) Done() bool { return !t.DoneOn.IsZero() }

// DoneOnTime reports whether it was done on or before its deadline.
func (t *Task) DoneOnTime() bool { return t.Done() && !t.DoneOn.After(t.Deadline) }

// DoneLate reports whether it was done after its deadline (逾期完成).
func (t *Task) DoneLate() bool { return t.Done() && t.DoneOn.After(t.Deadline) }

// Normalize tidies what a person typed: spaces and full-width letters in
// the reference, blank lines around the content, duplicate co-members and
// the lead among them.
func (t *Task) Normalize() {
	t.SourceRef = strings.Join(strings.Fields(FoldWidth(t.SourceRef)), " ")
	t.Content = strings.TrimSpace(t.Content)
	var co []int64
	for _, id := range t.CoIDs {
		if id != 0 && id != t.LeadID && !slices.Contains(co, id) {
			co = append(co, id)
		}
	}
	t.CoIDs = co
}

// Validate checks a task as a whole, so a form shows every problem at
// once. It normalises the task first. What depends on the day (a
// deadline already past) is CheckNew's and CheckDeadline's.
func (t *Task) Validate() error {
	t.Normalize()
	v := &ValidationError{}
	if t.OrgID == 0 {
		v.Add("org_id", "required")
	}
	if !t.Source.Valid() {
		v.Add("source", "invalid_choice")
	}
	checkLine(v, "source_ref", t.SourceRef, 100, false)
	if t.Content == "" {
		v.Add("content", "required")
	} else {
		checkBody(v, "content", t.Content, 2000)
	}
	if t.LeadID == 0 {
		v.Add("lead_id", "task.lead_required")
	}
	if len(t.CoIDs) > MaxTaskCoMembers {
		v.Add("co_ids", "task.too_many_co", "Max", MaxTaskCoMembers)
	}
	if t.MeetingID != 0 && t.Source != TaskFromResolution {
		v.Add("meeting_id", "task.meeting_resolution_only")
	}
	switch {
	case t.AssignedOn.IsZero():
		v.Add("assigned_on", "required")
	case t.AssignedOn.Year() < 1921 || t.AssignedOn.Year() > 2100:
		v.Add("assigned_on", "meeting.year_out_of_range")
	}
	switch {
	case t.Deadline.IsZero():
		v.Add("deadline", "required")
	case t.Deadline.Year() < 1921 || t.Deadline.Year() > 2100:
		v.Add("deadline", "meeting.year_out_of_range")
	case !t.AssignedOn.IsZero() && t.Deadline.Before(t.AssignedOn):
		v.Add("deadline", "task.deadline_before_assigned")
	}
	return v.Err()
}

// CheckNew checks what a new task's dates say on today (Asia/Shanghai): it
// cannot have been given in the future, and a deadline already past is
// taken only as a late entry (补录, lateEntry asked for), never quietly:
// it would be overdue the moment it is saved.
func (t *Task) CheckNew(today Date, lateEntry bool) error {
	v := &ValidationError{}
	if t.AssignedOn.After(today) {
		v.Add("assigned_on", "task.assigned_future")
	}
	if t.Deadline.Before(today) && !lateEntry {
		v.Add("deadline", "task.deadline_past")
	}
	return v.Err()
}

// CheckDeadline checks a changed deadline on today: a task already done
// keeps its deadline (changing it would turn a late task into a timely
// one after the fact), and an open task's new deadline is not in the past
// unless the task was entered late (补录).
func (t *Task) CheckDeadline(newDeadline, today Date) error {
	if newDeadline.Equal(t.Deadline) {
		return nil
	}
	v := &ValidationError{}
	switch {
	case t.Done():
		v.Add("deadline", "task.deadline_locked")
	case newDeadline.Before(today) && !t.LateEntry:
		v.Add("deadline", "task.deadline_moved_past")
	}
	return v.Err()
}

// CheckDone checks the day a task is marked done, on today: not before
// it was given, not in the future. A day before today is a late entry
// (补录), which the caller records with who entered it and when.
func (t *Task) CheckDone(on, today Date) error {
	v := &ValidationError{}
	switch {
	case on.IsZero():
		v.Add("done_on", "required")
	case on.After(today):
		v.Add("done_on", "task.done_future")
	case on.Before(t.AssignedOn):
		v.Add("done_on", "task.done_before_assigned", "Date", t.AssignedOn.String())
	}
	return v.Err()
}

// TaskProgress is one progress report on a task (进展): the day it
// speaks of, what was done, who reported, and its photos and files.
type TaskProgress struct {
	ID         int64     `json:"id"`
	TaskID     int64     `json:"-"`
	ReportedOn Date      `json:"reported_on"`
	Text       string    `json:"text"`
	MemberID   int64     `json:"member_id,omitempty"` // the reporter's member record, when they have one
	UserID     int64     `json:"-"`
	LateEntry  bool      `json:"late_entry"` // dated before the day it was entered (补录)
	CreatedAt  time.Time `json:"created_at"`

	ReporterName string       `json:"reporter"`
	Attachments  []Attachment `json:"-"`
}

// Validate checks a report against its task on today: some text, a day
// within the task's life and not in the future.
func (p *TaskProgress) Validate(t *Task, today Date) error {
	p.Text = strings.TrimSpace(p.Text)
	v := &ValidationError{}
	if p.Text == "" {
		v.Add("text", "required")
	} else {
		checkBody(v, "text", p.Text, 5000)
	}
	switch {
	case p.ReportedOn.IsZero():
		v.Add("reported_on", "required")
	case p.ReportedOn.After(today):
		v.Add("reported_on", "task.progress_future")
	case p.ReportedOn.Before(t.AssignedOn):
		v.Add("reported_on", "task.progress_before_assigned", "Date", t.AssignedOn.String())
	}
	return v.Err()
}

// TaskFilter selects tasks for a list. The zero filter lists nothing:
// Scope must be set.
type TaskFilter struct {
	Scope Scope
	// OrgID narrows to one org and everything below it.
	OrgID int64
	// Status: "" every task; TaskOpen those open and not yet due,
	// TaskOverdue those open past their deadline, TaskDone those done.
	// Today (Asia/Shanghai) says which open tasks are overdue.
	Status TaskStatus
	Today  Date
	// MemberID narrows to tasks naming a member: as the lead (As "lead"),
	// as a co-member ("co"), or either ("").
	MemberID int64
	As       string
	Source   TaskSource
	// From and To bound the deadline, both included; zero means open.
	From, To Date
	Query    string
	// Archived lists the archived tasks instead of the others.
	Archived bool
	// Sort: "deadline" (default), "assigned", "lead", "org", "done",
	// each reversed with a leading "-".
	Sort   string
	Limit  int
	Offset int
}
