package rules

import (
	"errors"

	"github.com/huoshui/huoshui"
)

// PlanStep is the planner the store calls when a step is recorded on
// today (huoshui.DevPlanner): CheckStep on the file as it stands, then
// the file's summary and the person's status after the step. A refused
// step is a *huoshui.ValidationError on the field the rule is about, so
// a form shows it beside what is wrong.
func PlanStep(today huoshui.Date) huoshui.DevPlanner {
	return func(f huoshui.DevFile, rec huoshui.DevStep) (huoshui.DevPlan, error) {
		file := DevFile{Person: *f.Person, Steps: f.Steps}
		c, err := CheckStep(file, rec, today)
		var re *RuleError
		if errors.As(err, &re) {
			return huoshui.DevPlan{}, re.Validation(devField(re.Code))
		}
		if err != nil {
			return huoshui.DevPlan{}, err
		}
		rec.Late, rec.Beyond = c.Late, c.Beyond
		file.Steps = append(file.Steps, rec)
		p := ProgressOf(file)
		plan := huoshui.DevPlan{Late: c.Late, Beyond: c.Beyond, Summary: SummaryOf(file, today), Person: *f.Person}
		plan.Person.Status, plan.Person.AppliedOn, plan.Person.ActivistOn, plan.Person.CandidateOn,
			plan.Person.ProbationOn, plan.Person.FullOn = PersonAfter(f.Person, p)
		if p.Cancelled {
			// The person leaves the roster of members: archived, with
			// the decision as the reason.
			plan.Person.ArchiveReason = CancelledReason
		}
		return plan, nil
	}
}

// CancelledReason is the archive reason of a person whose probationary
// membership was cancelled (step 24).
const CancelledReason = "取消预备党员资格"

// SummaryOf is where file f stands on today, as the list of people in
// development keeps it.
func SummaryOf(f DevFile, today huoshui.Date) huoshui.DevSummary {
	p := ProgressOf(f)
	s := huoshui.DevSummary{LastStep: p.Last, Stage: p.Stage(), Closed: p.Closed}
	if n, ok := NextStep(f, today); ok {
		s.NextStep, s.NextEarliest, s.NextDue = n.Step.Number, n.Earliest, n.Due
	}
	if d, ok := AssessmentDue(f); ok {
		s.AssessDue = d
	}
	return s
}

// PersonAfter is the status and stage dates of person m once their file
// reads p: the status moves forward only (a file recorded late for a
// person already further on leaves them where they are), and each stage
// the status has reached takes the day the file says it was reached.
func PersonAfter(m *huoshui.Member, p Progress) (st huoshui.MemberStatus, applied, activist, candidate, probation, full huoshui.Date) {
	st = m.Status
	if fs := p.Status(); fs != "" && fs.Rank() > st.Rank() {
		st = fs
	}
	applied, activist, candidate, probation, full = m.AppliedOn, m.ActivistOn, m.CandidateOn, m.ProbationOn, m.FullOn
	set := func(dst *huoshui.Date, d huoshui.Date, at huoshui.MemberStatus) {
		if !d.IsZero() && st.Rank() >= at.Rank() {
			*dst = d
		}
	}
	set(&applied, p.AppliedOn, huoshui.StatusApplicant)
	set(&activist, p.ActivistOn, huoshui.StatusActivist)
	set(&candidate, p.CandidateOn, huoshui.StatusCandidate)
	set(&probation, p.ProbationOn, huoshui.StatusProbationary)
	set(&full, p.FullOn, huoshui.StatusFull)
	return st, applied, activist, candidate, probation, full
}

// devField is the field of the step form a refusal is about.
func devField(code string) string {
	switch code {
	case "dev.date_required", "dev.future", "dev.before_previous", "dev.birth_required", "dev.under_18",
		"dev.activist_year", "dev.probation_not_over":
		return "date"
	case "dev.mentors_count", "dev.introducers_count", "dev.person_self", "dev.person_twice", "dev.not_full_member":
		return "people"
	case "dev.training_short":
		return "training"
	case "dev.vote_required", "dev.vote_counts", "dev.no_quorum", "dev.vote_failed":
		return "vote"
	case "dev.outcome_required":
		return "outcome"
	case "dev.extension_months", "dev.extension_once":
		return "extend_months"
	}
	return "step"
}

// DevLeadDays are the days before a deadline of member development when
// a reminder goes out: two weeks before, and three days before.
var DevLeadDays = []int{14, 3}

// DevLead is the reminder due on today for a deadline: the lead (one of
// DevLeadDays, the nearest one not yet passed) and the days left; false
// when no reminder is due (too early, or the deadline passed: an overdue
// step is on the lists, not nagged).
func DevLead(due, today huoshui.Date) (lead, daysLeft int, ok bool) {
	if due.IsZero() || today.After(due) {
		return 0, 0, false
	}
	daysLeft = today.DaysUntil(due)
	lead = -1
	for _, l := range DevLeadDays {
		if daysLeft <= l && (lead < 0 || l < lead) {
			lead = l
		}
	}
	return lead, daysLeft, lead >= 0
}
