package huoshui

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Member development (发展党员): a person's file moves through five stages
// and 25 steps (docs/domain.md, "Member development"). The steps, their
// order and their intervals are rules (internal/rules, development.go);
// this file holds the records those rules read.

// DevStage is one of the five stages of development.
type DevStage string

const (
	StageApplicant DevStage = "applicant" // 入党申请人: steps 1–2
	StageActivist  DevStage = "activist"  // 入党积极分子: steps 3–6
	StageCandidate DevStage = "candidate" // 发展对象: steps 7–11
	StageAdmission DevStage = "admission" // 接收预备党员: steps 12–18
	StageProbation DevStage = "probation" // 预备期与转正: steps 19–25
)

// DevStages lists the stages in the order a person passes them.
var DevStages = []DevStage{StageApplicant, StageActivist, StageCandidate, StageAdmission, StageProbation}

// Valid reports whether s is a known stage.
func (s DevStage) Valid() bool {
	for _, x := range DevStages {
		if s == x {
			return true
		}
	}
	return false
}

// DevActor is who takes a step.
type DevActor string

const (
	ActorPerson DevActor = "person"           // the applicant themself: hands in the application, fills the form
	ActorBranch DevActor = "branch"           // the branch: its committee or its general meeting
	ActorHigher DevActor = "higher_committee" // the higher committee (上级党委), its organiser approves
)

// DevOutcome is what the vote on full membership (step 23) decided, and
// the higher committee approved (step 24).
type DevOutcome string

const (
	OutcomeNone   DevOutcome = ""
	OutcomeFull   DevOutcome = "full"   // 按期转正: full member when probation ends
	OutcomeExtend DevOutcome = "extend" // 延长预备期: once, by 6 to 12 months
	OutcomeCancel DevOutcome = "cancel" // 取消预备党员资格
)

// DevOutcomes lists the outcomes a vote on full membership may have.
var DevOutcomes = []DevOutcome{OutcomeFull, OutcomeExtend, OutcomeCancel}

// Valid reports whether o is empty or a known outcome.
func (o DevOutcome) Valid() bool {
	if o == OutcomeNone {
		return true
	}
	for _, x := range DevOutcomes {
		if o == x {
			return true
		}
	}
	return false
}

// DevVote is the count of a branch general meeting's vote (steps 15 and
// 23). Eligible is the number of full members with a vote (应到会有表决权的
// 正式党员), Present those of them present.
type DevVote struct {
	Eligible int `json:"eligible"`
	Present  int `json:"present"`
	For      int `json:"for"`
	Against  int `json:"against"`
	Abstain  int `json:"abstain"`
}

// Quorate reports whether more than half of the members with a vote were
// present, as every general meeting needs (Meeting.HasQuorum).
func (v DevVote) Quorate() bool { return v.Eligible > 0 && 2*v.Present > v.Eligible }

// Carried reports whether more than half of the members with a vote (not
// merely of those present) voted for: the 2014 rules' test for admitting
// a member and for full membership.
func (v DevVote) Carried() bool { return v.Eligible > 0 && 2*v.For > v.Eligible }

// DevPerson is a full member named in a step: a mentor (培养联系人, step 5)
// or an introducer (入党介绍人, step 9). FullOn is the day they became a full
// member, copied from their record when the step is checked; zero when
// they are not one.
type DevPerson struct {
	MemberID int64  `json:"member_id"`
	Name     string `json:"name"`
	FullOn   Date   `json:"full_on,omitzero"`
}

// DevStep is one step of a person's development file as it was taken: the
// day, who took it, and the facts its rule needs. A step may be taken
// more than once only where the rules repeat it: the half-yearly
// assessment of an activist (step 6), and steps 22–24 once more after an
// extended probation.
type DevStep struct {
	ID       int64 `json:"id"`
	MemberID int64 `json:"member_id"`
	Step     int   `json:"step"` // 1–25
	Date     Date  `json:"date"`
	// ActedBy names who took the step as the 纪实 prints it: "秘书处党支部
	// 委员会", "机关党委", the person's own name.
	ActedBy string `json:"acted_by,omitempty"`
	// MeetingID is the meeting the step was taken at (a committee review,
	// a general meeting's vote), or 0.
	MeetingID int64 `json:"meeting_id,omitempty"`
	// Vote is the count of a general meeting's vote: steps 15 and 23.
	Vote *DevVote `json:"vote,omitempty"`
	// People are the mentors (step 5) or the introducers (step 9).
	People []DevPerson `json:"people,omitempty"`
	// TrainingDays and ClassHours measure a training (steps 6 and 11).
	TrainingDays int `json:"training_days,omitempty"`
	ClassHours   int `json:"class_hours,omitempty"`
	// Outcome and ExtendMonths: what the vote on full membership decided
	// (step 23) and the higher committee approved (step 24; empty means
	// as the branch decided).
	Outcome      DevOutcome `json:"outcome,omitempty"`
	ExtendMonths int        `json:"extend_months,omitempty"`
	// Late marks a step taken after its deadline: allowed, and shown.
	Late bool `json:"late,omitempty"`
	// Beyond marks an approval after the outer limit of 6 months.
	Beyond bool `json:"beyond,omitempty"`
	// LateEntry (补录) marks a step recorded after the day it was taken.
	LateEntry  bool      `json:"late_entry,omitempty"`
	Note       string    `json:"note,omitempty"`
	RecordedBy int64     `json:"-"`
	RecordedAt time.Time `json:"-"`
	// Read with the step: who recorded it, as the file shows it.
	RecordedByName string `json:"-"`
}

// DevStepCount is the number of steps of member development.
const DevStepCount = 25

// Extension of probation, in months (延长预备期): at least 6, at most 12.
const (
	MinExtendMonths = 6
	MaxExtendMonths = 12
)

// Normalize trims what was typed.
func (s *DevStep) Normalize() {
	s.ActedBy = strings.Join(strings.Fields(FoldWidth(s.ActedBy)), " ")
	s.Note = strings.TrimSpace(s.Note)
	for i := range s.People {
		s.People[i].Name = NormalizeName(s.People[i].Name)
	}
}

// Validate checks the record on its own: a known step, a date, sound
// counts. Whether the step may be taken now, after the file's other steps,
// is a rule (rules.CheckStep).
func (s *DevStep) Validate() error {
	s.Normalize()
	v := &ValidationError{}
	if s.MemberID == 0 {
		v.Add("member_id", "required")
	}
	if s.Step < 1 || s.Step > DevStepCount {
		v.Add("step", "invalid_choice")
	}
	if s.Date.IsZero() {
		v.Add("date", "required")
	}
	if n := utf8.RuneCountInString(s.ActedBy); n > 60 {
		v.Add("acted_by", "too_long", "Max", 60)
	}
	if n := utf8.RuneCountInString(s.Note); n > 2000 {
		v.Add("note", "too_long", "Max", 2000)
	}
	for field, text := range map[string]string{"acted_by": s.ActedBy, "note": s.Note} {
		if !utf8.ValidString(text) {
			v.Add(field, "text.invalid")
		} else if code := CheckText(text, field == "note"); code != "" {
			v.Add(field, code)
		}
	}
	if s.Vote != nil {
		x := *s.Vote
		if x.Eligible < 0 || x.Present < 0 || x.For < 0 || x.Against < 0 || x.Abstain < 0 ||
			x.Present > x.Eligible || x.For+x.Against+x.Abstain > x.Present {
			v.Add("vote", "dev.vote_counts")
		}
	}
	seen := map[int64]bool{}
	for _, p := range s.People {
		if p.MemberID == 0 && p.Name == "" {
			v.Add("people", "required")
			break
		}
		if p.MemberID != 0 && seen[p.MemberID] {
			v.Add("people", "dev.person_twice")
			break
		}
		seen[p.MemberID] = true
	}
	if s.TrainingDays < 0 || s.ClassHours < 0 || s.TrainingDays > 366 || s.ClassHours > 2000 {
		v.Add("training", "dev.training_counts")
	}
	if !s.Outcome.Valid() {
		v.Add("outcome", "invalid_choice")
	}
	switch {
	case s.Outcome == OutcomeExtend && (s.ExtendMonths < MinExtendMonths || s.ExtendMonths > MaxExtendMonths):
		v.Add("extend_months", "dev.extension_months", "Min", MinExtendMonths, "Max", MaxExtendMonths)
	case s.Outcome != OutcomeExtend && s.ExtendMonths != 0:
		v.Add("extend_months", "dev.extension_without_outcome")
	}
	return v.Err()
}

// DevFile is a person's development file as the store keeps it: the
// person, the steps recorded (oldest first) and the papers of each step.
type DevFile struct {
	Person *Member
	Steps  []DevStep
	Papers []Attachment // each with DevStepID set
}

// DevSummary is where a file stands, kept beside the steps so that a list
// of a subtree's people in development reads one row a person: the last
// step and its stage, the step that comes next, from when and by when,
// and an activist's next half-yearly assessment.
type DevSummary struct {
	LastStep     int      `json:"last_step"`
	Stage        DevStage `json:"stage"`
	NextStep     int      `json:"next_step"` // 0 once the file is closed
	NextEarliest Date     `json:"next_earliest,omitzero"`
	NextDue      Date     `json:"next_due,omitzero"`
	AssessDue    Date     `json:"assess_due,omitzero"`
	Closed       bool     `json:"closed,omitempty"`
}

// DevPlan is what recording one step does, as the rules decide it
// (rules.PlanStep): the step's marks (Late, Beyond), the file's summary
// after it, and the person as the file leaves them (their status and
// stage dates moved forward).
type DevPlan struct {
	Late, Beyond bool
	Summary      DevSummary
	Person       Member
}

// DevPlanner decides whether rec may be added to file f and what follows:
// a *ValidationError naming the rule when it may not. The store calls it
// inside the transaction that writes the step, on the file as it is then.
type DevPlanner func(f DevFile, rec DevStep) (DevPlan, error)

// DevRow is one person of a list of people in development.
type DevRow struct {
	Member  *Member // with OrgName and OrgPath
	HasFile bool
	DevSummary
}

// DevFilter selects people in development: current members of the nodes
// in Scope (and under OrgID's subtree when set) who are not yet full
// members or whose file is still open. The zero filter lists nothing.
type DevFilter struct {
	Scope   Scope
	OrgID   int64 // the node; with Subtree its whole subtree, else the branch itself
	Subtree bool
	Stage   DevStage
	// NextSteps keeps the people whose next step is one of these (the
	// steps awaiting a higher committee).
	NextSteps []int
	// DueBy keeps those with a deadline (next step or assessment) on or
	// before it; Overdue those whose next step's deadline is before it.
	DueBy   Date
	Overdue Date
	Limit   int
}

// StageOfStatus is the stage a person of status st stands in when their
// file has no steps yet.
func StageOfStatus(st MemberStatus) DevStage {
	switch st {
	case StatusApplicant:
		return StageApplicant
	case StatusActivist:
		return StageActivist
	case StatusCandidate:
		return StageCandidate
	case StatusProbationary:
		return StageProbation
	}
	return ""
}
