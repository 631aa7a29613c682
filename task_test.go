package huoshui

import (
	"slices"
	"strings"
	"testing"
)

// codes lists "field:code" of a validation error, "" for none.
func codes(err error) []string {
	ve, ok := err.(*ValidationError)
	if !ok || ve == nil {
		return nil
	}
	var out []string
	for _, f := range ve.Fields {
		out = append(out, f.Field+":"+f.Code)
	}
	return out
}

func TestTaskValidate(t *testing.T) {
	d := func(m, day int) Date { return NewDate(2026, 1, 1).AddDate(0, m-1, day-1) }
	ok := func() Task {
		return Task{OrgID: 2, Source: TaskFromDocument, SourceRef: " 鲁政协办字〔２０２６〕３号 ", Content: "  落实文件要求  ",
			LeadID: 7, CoIDs: []int64{8, 7, 8, 0, 9}, AssignedOn: d(3, 1), Deadline: d(3, 31)}
	}
	for _, tt := range []struct {
		name string
		edit func(*Task)
		want []string
	}{
		{"fine", func(*Task) {}, nil},
		{"deadline the day it is given", func(t *Task) { t.Deadline = t.AssignedOn }, nil},
		{"nothing", func(t *Task) { *t = Task{} }, []string{"org_id:required", "source:invalid_choice", "content:required",
			"lead_id:task.lead_required", "assigned_on:required", "deadline:required"}},
		{"deadline before it was given", func(t *Task) { t.Deadline = d(2, 28) }, []string{"deadline:task.deadline_before_assigned"}},
		{"a meeting for a document", func(t *Task) { t.MeetingID = 3 }, []string{"meeting_id:task.meeting_resolution_only"}},
		{"a meeting for a resolution", func(t *Task) { t.Source, t.MeetingID = TaskFromResolution, 3 }, nil},
		{"year out of range", func(t *Task) { t.AssignedOn, t.Deadline = NewDate(1900, 1, 1), NewDate(2200, 1, 1) },
			[]string{"assigned_on:meeting.year_out_of_range", "deadline:meeting.year_out_of_range"}},
		{"too long", func(t *Task) { t.SourceRef, t.Content = strings.Repeat("文", 101), strings.Repeat("文", 2001) },
			[]string{"source_ref:too_long", "content:too_long"}},
		{"a control character", func(t *Task) { t.Content = "落实\x00" }, []string{"content:text.control"}},
		{"too many helpers", func(t *Task) {
			t.CoIDs = nil
			for i := range MaxTaskCoMembers + 1 {
				t.CoIDs = append(t.CoIDs, int64(100+i))
			}
		}, []string{"co_ids:task.too_many_co"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			task := ok()
			tt.edit(&task)
			if got := codes(task.Validate()); !slices.Equal(got, tt.want) {
				t.Errorf("Validate: %v, want %v", got, tt.want)
			}
		})
	}
	task := ok()
	if err := task.Validate(); err != nil {
		t.Fatal(err)
	}
	if task.SourceRef != "鲁政协办字〔2026〕3号" || task.Content != "落实文件要求" || !slices.Equal(task.CoIDs, []int64{8, 9}) {
		t.Errorf("normalised: %q %q %v", task.SourceRef, task.Content, task.CoIDs)
	}
	if !slices.Equal(task.People(), []int64{7, 8, 9}) {
		t.Errorf("people %v", task.People())
	}
}

func TestTaskDates(t *testing.T) {
	today := NewDate(2026, 5, 10)
	day := func(n int) Date { return today.AddDate(0, 0, n) }
	task := Task{AssignedOn: day(-20), Deadline: day(10)}
	for _, tt := range []struct {
		name string
		got  error
		want []string
	}{
		{"new: given today, due later", (&Task{AssignedOn: today, Deadline: day(5)}).CheckNew(today, false), nil},
		{"new: given in the future", (&Task{AssignedOn: day(1), Deadline: day(5)}).CheckNew(today, false), []string{"assigned_on:task.assigned_future"}},
		{"new: deadline past", (&Task{AssignedOn: day(-30), Deadline: day(-1)}).CheckNew(today, false), []string{"deadline:task.deadline_past"}},
		{"new: deadline past, as 补录", (&Task{AssignedOn: day(-30), Deadline: day(-1)}).CheckNew(today, true), nil},
		{"new: due today", (&Task{AssignedOn: day(-3), Deadline: today}).CheckNew(today, false), nil},
		{"deadline: moved later", task.CheckDeadline(day(30), today), nil},
		{"deadline: moved to today", task.CheckDeadline(today, today), nil},
		{"deadline: moved to the past", task.CheckDeadline(day(-1), today), []string{"deadline:task.deadline_moved_past"}},
		{"deadline: unchanged", (&Task{Deadline: day(-5)}).CheckDeadline(day(-5), today), nil},
		{"deadline: moved on a 补录", (&Task{Deadline: day(-5), LateEntry: true}).CheckDeadline(day(-3), today), nil},
		{"deadline: a done task keeps it", (&Task{Deadline: day(-5), DoneOn: day(-2)}).CheckDeadline(day(-1), today),
			[]string{"deadline:task.deadline_locked"}},
		{"done today", task.CheckDone(today, today), nil},
		{"done the day given", task.CheckDone(day(-20), today), nil},
		{"done before it was given", task.CheckDone(day(-21), today), []string{"done_on:task.done_before_assigned"}},
		{"done tomorrow", task.CheckDone(day(1), today), []string{"done_on:task.done_future"}},
		{"done: no day", task.CheckDone(Date{}, today), []string{"done_on:required"}},
		{"progress today", (&TaskProgress{Text: "已起草", ReportedOn: today}).Validate(&task, today), nil},
		{"progress before it was given", (&TaskProgress{Text: "已起草", ReportedOn: day(-21)}).Validate(&task, today),
			[]string{"reported_on:task.progress_before_assigned"}},
		{"progress tomorrow, no text", (&TaskProgress{Text: "  ", ReportedOn: day(1)}).Validate(&task, today),
			[]string{"text:required", "reported_on:task.progress_future"}},
	} {
		if got := codes(tt.got); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}
