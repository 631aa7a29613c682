package rules_test

import (
	"errors"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/rules"
)

// Reminders go two weeks and three days before a deadline: the nearest
// lead not yet passed, across month and year ends, and none after it.
func TestDevLead(t *testing.T) {
	due := huoshui.NewDate(2027, 1, 5)
	for _, c := range []struct {
		today    huoshui.Date
		lead     int
		daysLeft int
		ok       bool
	}{
		{huoshui.NewDate(2026, 12, 21), 0, 0, false},
		{huoshui.NewDate(2026, 12, 22), 14, 14, true},
		{huoshui.NewDate(2027, 1, 1), 14, 4, true},
		{huoshui.NewDate(2027, 1, 2), 3, 3, true},
		{huoshui.NewDate(2027, 1, 5), 3, 0, true},
		{huoshui.NewDate(2027, 1, 6), 0, 0, false},
	} {
		lead, left, ok := rules.DevLead(due, c.today)
		if ok != c.ok || (ok && (lead != c.lead || left != c.daysLeft)) {
			t.Errorf("on %v: lead %d, %d days left, %v; want %d, %d, %v", c.today, lead, left, ok, c.lead, c.daysLeft, c.ok)
		}
	}
}

// The planner refuses with the field the rule is about, marks a late
// step, moves the status forward only and never back, and sums up the
// file.
func TestPlanStep(t *testing.T) {
	today := huoshui.NewDate(2026, 12, 1)
	person := &huoshui.Member{ID: 1, Name: "王晓明", BirthDate: huoshui.NewDate(2000, 1, 10), Status: huoshui.StatusApplicant,
		AppliedOn: huoshui.NewDate(2024, 3, 1)}
	step1 := huoshui.DevStep{MemberID: 1, Step: 1, Date: huoshui.NewDate(2024, 3, 1)}
	plan := rules.PlanStep(today)
	for _, c := range []struct {
		name  string
		steps []huoshui.DevStep
		rec   huoshui.DevStep
		field string
		code  string
	}{
		{"out of order", []huoshui.DevStep{step1}, huoshui.DevStep{Step: 3, Date: huoshui.NewDate(2024, 4, 1)}, "step", "dev.out_of_order"},
		{"before its predecessor", []huoshui.DevStep{step1}, huoshui.DevStep{Step: 2, Date: huoshui.NewDate(2024, 2, 29)}, "date", "dev.before_previous"},
		{"under 18", nil, huoshui.DevStep{Step: 1, Date: huoshui.NewDate(2018, 1, 9)}, "date", "dev.under_18"},
		{"in the future", nil, huoshui.DevStep{Step: 1, Date: huoshui.NewDate(2026, 12, 2)}, "date", "dev.future"},
	} {
		_, err := plan(huoshui.DevFile{Person: person, Steps: c.steps}, c.rec)
		var ve *huoshui.ValidationError
		if !errors.As(err, &ve) || len(ve.Fields) != 1 || ve.Fields[0].Field != c.field || ve.Fields[0].Code != c.code {
			t.Errorf("%s: %v, want %s on %s", c.name, err, c.code, c.field)
		}
	}
	p, err := plan(huoshui.DevFile{Person: person, Steps: []huoshui.DevStep{step1}}, huoshui.DevStep{Step: 2, Date: huoshui.NewDate(2024, 4, 2)})
	if err != nil || !p.Late || p.Summary.NextStep != 3 || p.Summary.LastStep != 2 || p.Person.Status != huoshui.StatusApplicant {
		t.Errorf("the late talk: %+v %v", p, err)
	}
	// A probationary member whose file is entered late from step 1 stays
	// probationary.
	prob := *person
	prob.Status, prob.ActivistOn, prob.CandidateOn, prob.ProbationOn = huoshui.StatusProbationary,
		huoshui.NewDate(2024, 9, 1), huoshui.NewDate(2025, 9, 1), huoshui.NewDate(2026, 6, 1)
	p, err = plan(huoshui.DevFile{Person: &prob}, step1)
	if err != nil || p.Person.Status != huoshui.StatusProbationary || p.Person.ProbationOn != prob.ProbationOn {
		t.Errorf("a late file moved the status back: %+v %v", p.Person, err)
	}
}
