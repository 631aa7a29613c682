package rules

import (
	"slices"

	"github.com/huoshui/huoshui"
)

// Member development (发展党员): the 25 steps of the 2014 detailed rules,
// their order and their intervals (docs/domain.md, "Member development:
// the rules the platform enforces"). A step out of order or too early is
// refused with the rule that forbids it; a step past its deadline is
// allowed and marked late.
//
// Message codes (shown as "error."+code; Args in brackets):
//
//	dev.no_such_step       there is no such step [Step]
//	dev.date_required      the step needs its date
//	dev.future             the date is after today [Date]
//	dev.file_closed        the file is complete: papers archived
//	dev.cancelled          the file ended: probationary membership cancelled
//	dev.already_done       the step was taken already [Step, Next]
//	dev.out_of_order       an earlier step is missing [Step, Need]
//	dev.before_previous    the date is before the previous step's [Step, Previous, Date]
//	dev.birth_required     the applicant's birth date is needed to apply
//	dev.under_18           the applicant is under 18 on that day [Birthday18]
//	dev.activist_year      less than a year as an activist [Since, Earliest]
//	dev.mentors_count      one or two mentors [Count, Min, Max]
//	dev.introducers_count  exactly two introducers [Count, Min, Max]
//	dev.person_self        the person cannot be their own mentor or introducer
//	dev.person_twice       the same person named twice
//	dev.not_full_member    a mentor or introducer is not a full member on that day [Name]
//	dev.training_short     training under 3 days and under 24 class hours [Days, Hours, MinDays, MinHours]
//	dev.vote_required      a general meeting's vote needs its count
//	dev.vote_counts        the counts of the vote do not add up
//	dev.no_quorum          not more than half of the members with a vote present [Present, Eligible]
//	dev.vote_failed        not more than half of the members with a vote voted for [For, Eligible]
//	dev.probation_not_over the vote on full membership before probation ends [Ends]
//	dev.outcome_required   the vote on full membership must say full, extend or cancel
//	dev.extension_months   an extension is 6 to 12 months [Months, Min, Max]
//	dev.extension_once     probation can be extended only once
//
// Marks on a step allowed late (StepCheck; shown as "warning."+code):
//
//	dev.late               taken after its deadline [Due]
//	dev.beyond_limit       an approval after the 6 months the rules allow at most [Limit]

// StepSpec describes one of the 25 steps.
type StepSpec struct {
	Number int
	Stage  huoshui.DevStage
	Name   string           // the step as the 发展党员纪实 names it
	Actor  huoshui.DevActor // who takes it
	Papers []string         // the papers its record usually holds
}

// Steps are the 25 steps, in order; Steps[n-1] is step n.
var Steps = [huoshui.DevStepCount]StepSpec{
	{1, huoshui.StageApplicant, "递交入党申请书", huoshui.ActorPerson, []string{"入党申请书"}},
	{2, huoshui.StageApplicant, "党组织派人谈话", huoshui.ActorBranch, []string{"谈话记录"}},
	{3, huoshui.StageActivist, "推荐和确定入党积极分子", huoshui.ActorBranch, []string{"推荐材料", "支委会会议记录"}},
	{4, huoshui.StageActivist, "报上级党委备案", huoshui.ActorHigher, []string{"入党积极分子备案表"}},
	{5, huoshui.StageActivist, "指定培养联系人", huoshui.ActorBranch, []string{"培养联系人确定记录"}},
	{6, huoshui.StageActivist, "培养教育考察", huoshui.ActorBranch, []string{"培养教育考察登记表", "思想汇报", "考察意见"}},
	{7, huoshui.StageCandidate, "确定发展对象", huoshui.ActorBranch, []string{"支委会会议记录", "党员和群众意见"}},
	{8, huoshui.StageCandidate, "报上级党委备案", huoshui.ActorHigher, []string{"发展对象备案表"}},
	{9, huoshui.StageCandidate, "确定入党介绍人", huoshui.ActorBranch, []string{"入党介绍人名单"}},
	{10, huoshui.StageCandidate, "进行政治审查", huoshui.ActorBranch, []string{"政治审查报告"}},
	{11, huoshui.StageCandidate, "开展集中培训", huoshui.ActorHigher, []string{"培训结业证明"}},
	{12, huoshui.StageAdmission, "支部委员会审查", huoshui.ActorBranch, []string{"支委会审查意见"}},
	{13, huoshui.StageAdmission, "上级党委预审", huoshui.ActorHigher, []string{"预审意见"}},
	{14, huoshui.StageAdmission, "填写入党志愿书", huoshui.ActorPerson, []string{"入党志愿书"}},
	{15, huoshui.StageAdmission, "支部党员大会讨论", huoshui.ActorBranch, []string{"支部大会决议", "会议记录", "表决票"}},
	{16, huoshui.StageAdmission, "上级党委派人谈话", huoshui.ActorHigher, []string{"谈话记录"}},
	{17, huoshui.StageAdmission, "上级党委审批", huoshui.ActorHigher, []string{"审批意见"}},
	{18, huoshui.StageAdmission, "报上级党委组织部门备案", huoshui.ActorHigher, []string{"备案材料"}},
	{19, huoshui.StageProbation, "编入党支部和党小组", huoshui.ActorBranch, nil},
	{20, huoshui.StageProbation, "入党宣誓", huoshui.ActorBranch, []string{"入党宣誓记录"}},
	{21, huoshui.StageProbation, "继续教育考察", huoshui.ActorBranch, []string{"考察记录", "思想汇报"}},
	{22, huoshui.StageProbation, "提出转正申请", huoshui.ActorPerson, []string{"转正申请书"}},
	{23, huoshui.StageProbation, "支部党员大会讨论转正", huoshui.ActorBranch, []string{"支部大会决议", "会议记录", "表决票"}},
	{24, huoshui.StageProbation, "上级党委审批转正", huoshui.ActorHigher, []string{"审批意见"}},
	{25, huoshui.StageProbation, "材料归档", huoshui.ActorBranch, []string{"入党志愿书", "转正申请书", "审批意见"}},
}

// StepOf returns step n, or false when there is no such step.
func StepOf(n int) (StepSpec, bool) {
	if n < 1 || n > len(Steps) {
		return StepSpec{}, false
	}
	return Steps[n-1], true
}

// The intervals of the rules on member development, in months.
const (
	AdultAge             = 18 // years of age to apply
	TalkMonths           = 1  // the talk within a month of the application
	ActivistMonths       = 12 // at least a year as an activist before becoming a candidate
	AssessMonths         = 6  // an activist is assessed every half year
	ApprovalMonths       = 3  // the higher committee approves within 3 months of the vote
	ApprovalLimitMonths  = 6  // … and in no case later than 6
	ProbationMonths      = 12 // probation: a year from the general meeting's vote
	ApplyBeforeEndMonths = 1  // the application for full membership a month before probation ends
	MinMentors           = 1  // one or two mentors
	MaxMentors           = 2
	Introducers          = 2 // two introducers
	MinTrainingDays      = 3 // short-course training: 3 days …
	MinTrainingHours     = 24
)

// DevFile is one person's development file: the person (their birth date
// and id) and the steps recorded, in the order they were recorded.
type DevFile struct {
	Person huoshui.Member
	Steps  []huoshui.DevStep
}

// Progress is where a file stands, read from its steps.
type Progress struct {
	// Last is the last step taken (0: none). After an approved extension
	// of probation it goes back to 21, so that steps 22–24 come again.
	Last     int
	LastDate huoshui.Date // the day of the latest step of all
	// The days the person reached each stage: the application (step 1),
	// activist (3), candidate (7), the vote that made them probationary
	// (15) and full membership (the day probation ended, once step 24
	// approved it).
	AppliedOn, ActivistOn, CandidateOn, ProbationOn, FullOn huoshui.Date
	// ProbationEnds is a year after ProbationOn plus any extension;
	// Extended the months of an approved extension.
	ProbationEnds huoshui.Date
	Extended      int
	// LastAssessment is the latest of the day they became an activist and
	// their half-yearly assessments (step 6).
	LastAssessment huoshui.Date
	Cancelled      bool // probationary membership cancelled (step 24)
	Closed         bool // nothing follows: archived (step 25) or cancelled

	dates   map[int]huoshui.Date // the latest day of each step
	outcome map[int]huoshui.DevStep
}

// Stage is the stage of the last step taken; "" before the first.
func (p Progress) Stage() huoshui.DevStage {
	if s, ok := StepOf(p.Last); ok {
		return s.Stage
	}
	return ""
}

// Status is the member status the file gives the person: applicant from
// step 1, activist from step 3, candidate from step 7, probationary once
// the higher committee approved (step 17), full once it approved full
// membership (step 24). "" before the first step and after cancellation.
func (p Progress) Status() huoshui.MemberStatus {
	switch {
	case p.Cancelled || p.Last == 0:
		return ""
	case !p.FullOn.IsZero():
		return huoshui.StatusFull
	case p.Last >= 17:
		return huoshui.StatusProbationary
	case p.Last >= 7:
		return huoshui.StatusCandidate
	case p.Last >= 3:
		return huoshui.StatusActivist
	}
	return huoshui.StatusApplicant
}

// Date is the latest day step n was taken, zero if it was not.
func (p Progress) Date(n int) huoshui.Date { return p.dates[n] }

// ProgressOf reads a file's steps. Steps are taken in date order; steps
// of the same day in the order recorded.
func ProgressOf(f DevFile) Progress {
	steps := slices.Clone(f.Steps)
	slices.SortStableFunc(steps, func(a, b huoshui.DevStep) int { return a.Date.Time().Compare(b.Date.Time()) })
	p := Progress{dates: map[int]huoshui.Date{}, outcome: map[int]huoshui.DevStep{}}
	for _, s := range steps {
		if s.Step < 1 || s.Step > huoshui.DevStepCount {
			continue
		}
		p.dates[s.Step] = s.Date
		if s.Date.After(p.LastDate) {
			p.LastDate = s.Date
		}
		p.Last = max(p.Last, s.Step)
		switch s.Step {
		case 1:
			p.AppliedOn = s.Date
		case 3:
			p.ActivistOn, p.LastAssessment = s.Date, s.Date
		case 6:
			p.LastAssessment = s.Date
		case 7:
			p.CandidateOn = s.Date
		case 15:
			p.ProbationOn, p.ProbationEnds = s.Date, s.Date.AddMonths(ProbationMonths)
		case 23:
			p.outcome[23] = s
		case 24:
			outcome, months := decided(s, p.outcome[23])
			switch outcome {
			case huoshui.OutcomeFull:
				p.FullOn = p.ProbationEnds
			case huoshui.OutcomeExtend:
				p.Extended = months
				p.ProbationEnds = p.ProbationEnds.AddMonths(months)
				p.Last = 21 // the application, the vote and the approval come again
			case huoshui.OutcomeCancel:
				p.Cancelled, p.Closed = true, true
			}
		case 25:
			p.Closed = true
		}
	}
	return p
}

// decided is what an approval (step 24) decided: its own outcome, or the
// branch's vote (step 23) when it names none.
func decided(approval, vote huoshui.DevStep) (huoshui.DevOutcome, int) {
	if approval.Outcome != huoshui.OutcomeNone {
		months := approval.ExtendMonths
		if months == 0 && approval.Outcome == vote.Outcome {
			months = vote.ExtendMonths
		}
		return approval.Outcome, months
	}
	return vote.Outcome, vote.ExtendMonths
}

// window is the rule's dates for step n given the file so far: not before
// earliest, due by due, and never later than limit (zero: no such date).
func window(p Progress, birth huoshui.Date, n int) (earliest, due, limit huoshui.Date) {
	switch n {
	case 1:
		if !birth.IsZero() {
			earliest = birth.AddYears(AdultAge)
		}
	case 2:
		due = p.dates[1].AddMonths(TalkMonths)
	case 7:
		earliest = p.dates[3].AddMonths(ActivistMonths)
	case 17:
		due, limit = p.dates[15].AddMonths(ApprovalMonths), p.dates[15].AddMonths(ApprovalLimitMonths)
	case 22:
		due = p.ProbationEnds.AddMonths(-ApplyBeforeEndMonths)
	case 23:
		earliest = p.ProbationEnds
	case 24:
		due, limit = p.dates[23].AddMonths(ApprovalMonths), p.dates[23].AddMonths(ApprovalLimitMonths)
	}
	return earliest, due, limit
}

// StepCheck is what the rules say of a step that may be taken.
type StepCheck struct {
	Due    huoshui.Date // its deadline; zero when it has none
	Late   bool         // taken after Due: allowed, marked
	Limit  huoshui.Date // the outer limit of an approval (6 months)
	Beyond bool         // taken after Limit: allowed, marked, for the organiser to see
}

// Warning is the mark a late step carries: dev.late or dev.beyond_limit;
// ok is false for a step on time.
func (c StepCheck) Warning() (Warning, bool) {
	switch {
	case c.Beyond:
		return Warning{Code: "dev.beyond_limit", Args: []any{"Limit", c.Limit.String()}}, true
	case c.Late:
		return Warning{Code: "dev.late", Args: []any{"Due", c.Due.String()}}, true
	}
	return Warning{}, false
}

// CheckStep says whether step rec may be added to file f on today: nil
// and the step's deadline when it may (Late when past it), or a
// *RuleError naming the rule that forbids it. It checks, in this order:
// the step exists and has a date not after today; the file is still open;
// the step follows the last one taken (only the half-yearly assessment,
// step 6, repeats) and is not dated before it; then the step's own rule:
//
//   - 1: the applicant is 18 on the day (their birth date must be known);
//   - 2: due a month after the application;
//   - 5: one or two mentors, 9: two introducers, each a full member on
//     the day and not the person;
//   - 7: a year after becoming an activist at the earliest;
//   - 11: at least 3 days or 24 class hours of training;
//   - 15 and 23: a vote with a quorum (more than half of the members with
//     a vote present) carried by more than half of the members with a vote;
//   - 17 and 24: due 3 months after the vote, at the latest 6;
//   - 22: due a month before probation ends;
//   - 23: not before probation ends; it decides full membership, an
//     extension of 6 to 12 months (once only) or cancellation;
//   - 24: approves what the vote decided, or decides otherwise.
//
// today may be zero to skip the check against the future.
func CheckStep(f DevFile, rec huoshui.DevStep, today huoshui.Date) (StepCheck, error) {
	spec, ok := StepOf(rec.Step)
	if !ok {
		return StepCheck{}, refuse("dev.no_such_step", "Step", rec.Step)
	}
	if rec.Date.IsZero() {
		return StepCheck{}, refuse("dev.date_required")
	}
	if !today.IsZero() && rec.Date.After(today) {
		return StepCheck{}, refuse("dev.future", "Date", rec.Date.String())
	}
	p := ProgressOf(f)
	switch {
	case p.Cancelled:
		return StepCheck{}, refuse("dev.cancelled")
	case p.Closed:
		return StepCheck{}, refuse("dev.file_closed")
	}
	repeat := rec.Step == 6 && p.Last == 6
	if want := p.Last + 1; rec.Step != want && !repeat {
		if rec.Step < want {
			return StepCheck{}, refuse("dev.already_done", "Step", rec.Step, "Next", want)
		}
		return StepCheck{}, refuse("dev.out_of_order", "Step", rec.Step, "Need", want)
	}
	if rec.Date.Before(p.LastDate) {
		return StepCheck{}, refuse("dev.before_previous", "Step", rec.Step, "Previous", p.Last, "Date", p.LastDate.String())
	}
	earliest, due, limit := window(p, f.Person.BirthDate, spec.Number)
	switch spec.Number {
	case 1:
		if f.Person.BirthDate.IsZero() {
			return StepCheck{}, refuse("dev.birth_required")
		}
		if rec.Date.Before(earliest) {
			return StepCheck{}, refuse("dev.under_18", "Birthday18", earliest.String())
		}
	case 5:
		if err := checkPeople(f.Person, rec, MinMentors, MaxMentors, "dev.mentors_count"); err != nil {
			return StepCheck{}, err
		}
	case 7:
		if rec.Date.Before(earliest) {
			return StepCheck{}, refuse("dev.activist_year", "Since", p.dates[3].String(), "Earliest", earliest.String())
		}
	case 9:
		if err := checkPeople(f.Person, rec, Introducers, Introducers, "dev.introducers_count"); err != nil {
			return StepCheck{}, err
		}
	case 11:
		if rec.TrainingDays < MinTrainingDays && rec.ClassHours < MinTrainingHours {
			return StepCheck{}, refuse("dev.training_short", "Days", rec.TrainingDays, "Hours", rec.ClassHours,
				"MinDays", MinTrainingDays, "MinHours", MinTrainingHours)
		}
	case 15:
		if err := checkVote(rec.Vote); err != nil {
			return StepCheck{}, err
		}
	case 23:
		if rec.Date.Before(earliest) {
			return StepCheck{}, refuse("dev.probation_not_over", "Ends", earliest.String())
		}
		if err := checkVote(rec.Vote); err != nil {
			return StepCheck{}, err
		}
		if rec.Outcome == huoshui.OutcomeNone || !rec.Outcome.Valid() {
			return StepCheck{}, refuse("dev.outcome_required")
		}
		if err := checkExtension(p, rec.Outcome, rec.ExtendMonths); err != nil {
			return StepCheck{}, err
		}
	case 24:
		if !rec.Outcome.Valid() {
			return StepCheck{}, refuse("dev.outcome_required")
		}
		outcome, months := decided(rec, p.outcome[23])
		if err := checkExtension(p, outcome, months); err != nil {
			return StepCheck{}, err
		}
	}
	c := StepCheck{Due: due, Limit: limit}
	c.Late = !due.IsZero() && rec.Date.After(due)
	c.Beyond = !limit.IsZero() && rec.Date.After(limit)
	return c, nil
}

// checkPeople checks the mentors or introducers of a step: between min
// and max of them, none the person, none twice, each a full member on
// the step's day.
func checkPeople(person huoshui.Member, rec huoshui.DevStep, lo, hi int, countCode string) error {
	if n := len(rec.People); n < lo || n > hi {
		return refuse(countCode, "Count", n, "Min", lo, "Max", hi)
	}
	seen := map[int64]bool{}
	for _, x := range rec.People {
		if x.MemberID != 0 && x.MemberID == person.ID {
			return refuse("dev.person_self")
		}
		if x.MemberID != 0 && seen[x.MemberID] {
			return refuse("dev.person_twice")
		}
		seen[x.MemberID] = true
		if x.FullOn.IsZero() || x.FullOn.After(rec.Date) {
			return refuse("dev.not_full_member", "Name", x.Name)
		}
	}
	return nil
}

// checkVote checks a general meeting's vote: counted, quorate, carried.
func checkVote(v *huoshui.DevVote) error {
	switch {
	case v == nil:
		return refuse("dev.vote_required")
	case v.Eligible <= 0 || v.Present < 0 || v.For < 0 || v.Against < 0 || v.Abstain < 0 ||
		v.Present > v.Eligible || v.For+v.Against+v.Abstain > v.Present:
		return refuse("dev.vote_counts")
	case !v.Quorate():
		return refuse("dev.no_quorum", "Present", v.Present, "Eligible", v.Eligible)
	case !v.Carried():
		return refuse("dev.vote_failed", "For", v.For, "Eligible", v.Eligible)
	}
	return nil
}

// checkExtension checks an extension of probation: once only, 6 to 12
// months.
func checkExtension(p Progress, outcome huoshui.DevOutcome, months int) error {
	if outcome != huoshui.OutcomeExtend {
		return nil
	}
	if p.Extended > 0 {
		return refuse("dev.extension_once")
	}
	if months < huoshui.MinExtendMonths || months > huoshui.MaxExtendMonths {
		return refuse("dev.extension_months", "Months", months, "Min", huoshui.MinExtendMonths, "Max", huoshui.MaxExtendMonths)
	}
	return nil
}

// Next is the step a file waits for.
type Next struct {
	Step     StepSpec
	Earliest huoshui.Date // not before this day (zero: any day after the last step)
	Due      huoshui.Date // the deadline (zero: none)
	Limit    huoshui.Date // the outer limit of an approval (zero: none)
	Overdue  bool         // today is after Due
	DaysLeft int          // days from today until Due, when it is set and not passed
}

// NextStep is the step file f waits for on today, with the day it may
// come from and its deadline; false once the file is closed. An activist
// who has been assessed waits for step 7 (see AssessmentDue for the next
// half-yearly assessment).
func NextStep(f DevFile, today huoshui.Date) (Next, bool) {
	p := ProgressOf(f)
	if p.Closed {
		return Next{}, false
	}
	spec, ok := StepOf(p.Last + 1)
	if !ok {
		return Next{}, false
	}
	n := Next{Step: spec}
	n.Earliest, n.Due, n.Limit = window(p, f.Person.BirthDate, spec.Number)
	if !n.Due.IsZero() {
		if today.After(n.Due) {
			n.Overdue = true
		} else {
			n.DaysLeft = today.DaysUntil(n.Due)
		}
	}
	return n, true
}

// Overdue reports whether file f's next step is past its deadline on
// today.
func Overdue(f DevFile, today huoshui.Date) bool {
	n, ok := NextStep(f, today)
	return ok && n.Overdue
}

// AssessmentDue is the day an activist's next half-yearly assessment is
// due: six months after the latest one (or after becoming an activist);
// false for anyone who is not an activist.
func AssessmentDue(f DevFile) (huoshui.Date, bool) {
	p := ProgressOf(f)
	if p.Last < 3 || p.Last >= 7 {
		return huoshui.Date{}, false
	}
	return p.LastAssessment.AddMonths(AssessMonths), true
}
