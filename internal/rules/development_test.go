package rules

import (
	"errors"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
)

func ymd(y, m, day int) huoshui.Date { return huoshui.NewDate(y, time.Month(m), day) }

// fullMember is an introducer or mentor who became a full member long ago.
func fullMember(id int64, name string) huoshui.DevPerson {
	return huoshui.DevPerson{MemberID: id, Name: name, FullOn: ymd(2010, 7, 1)}
}

var goodVote = &huoshui.DevVote{Eligible: 10, Present: 8, For: 8}

// template is a file that keeps every rule, each interval on its boundary
// where it has one: the talk on the last day of the month after an
// application on 31 January, a candidate exactly a year after becoming an
// activist, the approval exactly 3 months after the vote, the application
// for full membership exactly a month before probation ends, the vote on
// full membership on the day it ends.
func devTemplate() []huoshui.DevStep {
	return []huoshui.DevStep{
		{Step: 1, Date: ymd(2023, 1, 31)},
		{Step: 2, Date: ymd(2023, 2, 28)},
		{Step: 3, Date: ymd(2023, 3, 15)},
		{Step: 4, Date: ymd(2023, 3, 20)},
		{Step: 5, Date: ymd(2023, 3, 20), People: []huoshui.DevPerson{fullMember(11, "王芳")}},
		{Step: 6, Date: ymd(2023, 9, 15)},
		{Step: 7, Date: ymd(2024, 3, 15)},
		{Step: 8, Date: ymd(2024, 3, 20)},
		{Step: 9, Date: ymd(2024, 4, 1), People: []huoshui.DevPerson{fullMember(11, "王芳"), fullMember(12, "李强")}},
		{Step: 10, Date: ymd(2024, 4, 10)},
		{Step: 11, Date: ymd(2024, 5, 10), TrainingDays: 3},
		{Step: 12, Date: ymd(2024, 6, 1)},
		{Step: 13, Date: ymd(2024, 6, 10)},
		{Step: 14, Date: ymd(2024, 6, 15)},
		{Step: 15, Date: ymd(2024, 6, 30), Vote: goodVote},
		{Step: 16, Date: ymd(2024, 7, 5)},
		{Step: 17, Date: ymd(2024, 9, 30)},
		{Step: 18, Date: ymd(2024, 10, 8)},
		{Step: 19, Date: ymd(2024, 10, 10)},
		{Step: 20, Date: ymd(2024, 10, 10)},
		{Step: 21, Date: ymd(2024, 10, 15)},
		{Step: 22, Date: ymd(2025, 5, 30)},
		{Step: 23, Date: ymd(2025, 6, 30), Vote: goodVote, Outcome: huoshui.OutcomeFull},
		{Step: 24, Date: ymd(2025, 8, 1)},
		{Step: 25, Date: ymd(2025, 8, 10)},
	}
}

var devPerson = huoshui.Member{ID: 1, Name: "张伟", BirthDate: ymd(2000, 5, 10)}

// file is the template's first n steps.
func devFile(n int) DevFile { return DevFile{Person: devPerson, Steps: devTemplate()[:n]} }

var devToday = ymd(2026, 11, 24)

// code is the rule's code of err, or "" for nil.
func ruleCode(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var re *RuleError
	if !errors.As(err, &re) {
		t.Fatalf("error %v is not a *RuleError", err)
	}
	return re.Code
}

// The 25 steps: numbered in order, in five stages of 2, 4, 5, 7 and 7
// steps, each with a name and who takes it.
func TestStepsCatalogue(t *testing.T) {
	t.Parallel()
	per := map[huoshui.DevStage]int{}
	for i, s := range Steps {
		if s.Number != i+1 {
			t.Errorf("Steps[%d] is step %d", i, s.Number)
		}
		if s.Name == "" || !s.Stage.Valid() || s.Actor == "" {
			t.Errorf("step %d: name %q, stage %q, actor %q", s.Number, s.Name, s.Stage, s.Actor)
		}
		per[s.Stage]++
	}
	want := map[huoshui.DevStage]int{huoshui.StageApplicant: 2, huoshui.StageActivist: 4, huoshui.StageCandidate: 5,
		huoshui.StageAdmission: 7, huoshui.StageProbation: 7}
	for st, n := range want {
		if per[st] != n {
			t.Errorf("stage %s has %d steps, want %d", st, per[st], n)
		}
	}
	for _, n := range []int{17, 24} {
		if Steps[n-1].Actor != huoshui.ActorHigher {
			t.Errorf("step %d is taken by %s, want the higher committee", n, Steps[n-1].Actor)
		}
	}
	if _, ok := StepOf(0); ok {
		t.Error("StepOf(0) found a step")
	}
	if _, ok := StepOf(26); ok {
		t.Error("StepOf(26) found a step")
	}
}

// A file that keeps every rule passes step by step, none late, and ends
// with a full member from the day probation ended.
func TestCheckStepWholeFile(t *testing.T) {
	t.Parallel()
	steps := devTemplate()
	for i, s := range steps {
		f := DevFile{Person: devPerson, Steps: steps[:i]}
		c, err := CheckStep(f, s, devToday)
		if err != nil {
			t.Fatalf("step %d on %s: %v", s.Step, s.Date, err)
		}
		if c.Late || c.Beyond {
			t.Errorf("step %d on %s marked late (due %s)", s.Step, s.Date, c.Due)
		}
		p := ProgressOf(DevFile{Person: devPerson, Steps: steps[:i+1]})
		if want := Steps[s.Step-1].Stage; p.Stage() != want {
			t.Errorf("after step %d: stage %s, want %s", s.Step, p.Stage(), want)
		}
	}
	p := ProgressOf(devFile(25))
	checks := []struct {
		name      string
		got, want huoshui.Date
	}{
		{"applied", p.AppliedOn, ymd(2023, 1, 31)},
		{"activist", p.ActivistOn, ymd(2023, 3, 15)},
		{"candidate", p.CandidateOn, ymd(2024, 3, 15)},
		{"probation", p.ProbationOn, ymd(2024, 6, 30)},
		{"probation ends", p.ProbationEnds, ymd(2025, 6, 30)},
		{"full", p.FullOn, ymd(2025, 6, 30)},
	}
	for _, c := range checks {
		if !c.got.Equal(c.want) {
			t.Errorf("%s on %s, want %s", c.name, c.got, c.want)
		}
	}
	if p.Status() != huoshui.StatusFull || !p.Closed {
		t.Errorf("status %s, closed %v; want full and closed", p.Status(), p.Closed)
	}
	statuses := map[int]huoshui.MemberStatus{0: "", 1: huoshui.StatusApplicant, 2: huoshui.StatusApplicant,
		3: huoshui.StatusActivist, 6: huoshui.StatusActivist, 7: huoshui.StatusCandidate, 16: huoshui.StatusCandidate,
		17: huoshui.StatusProbationary, 23: huoshui.StatusProbationary, 24: huoshui.StatusFull}
	for n, want := range statuses {
		if got := ProgressOf(devFile(n)).Status(); got != want {
			t.Errorf("after %d steps: status %q, want %q", n, got, want)
		}
	}
}

// Steps come in order, not in the future, not before the previous one,
// and not after the file is closed.
func TestCheckStepOrder(t *testing.T) {
	t.Parallel()
	cancelled := append(devFile(22).Steps, huoshui.DevStep{Step: 23, Date: ymd(2025, 6, 30), Vote: goodVote, Outcome: huoshui.OutcomeCancel},
		huoshui.DevStep{Step: 24, Date: ymd(2025, 7, 10)})
	cases := []struct {
		name string
		f    DevFile
		rec  huoshui.DevStep
		want string
	}{
		{"first step is the application", devFile(0), huoshui.DevStep{Step: 2, Date: ymd(2023, 2, 1)}, "dev.out_of_order"},
		{"activist before the talk", devFile(1), huoshui.DevStep{Step: 3, Date: ymd(2023, 2, 1)}, "dev.out_of_order"},
		{"vote before the committee review", devFile(11), huoshui.DevStep{Step: 15, Date: ymd(2024, 6, 30), Vote: goodVote}, "dev.out_of_order"},
		{"talk twice", devFile(5), huoshui.DevStep{Step: 2, Date: ymd(2023, 4, 1)}, "dev.already_done"},
		{"step 0", devFile(0), huoshui.DevStep{Step: 0, Date: ymd(2023, 1, 1)}, "dev.no_such_step"},
		{"step 26", devFile(25), huoshui.DevStep{Step: 26, Date: ymd(2025, 9, 1)}, "dev.no_such_step"},
		{"no date", devFile(0), huoshui.DevStep{Step: 1}, "dev.date_required"},
		{"tomorrow", devFile(0), huoshui.DevStep{Step: 1, Date: devToday.AddDate(0, 0, 1)}, "dev.future"},
		{"devToday", devFile(0), huoshui.DevStep{Step: 1, Date: devToday}, ""},
		{"before the previous step", devFile(3), huoshui.DevStep{Step: 4, Date: ymd(2023, 3, 14)}, "dev.before_previous"},
		{"the same day as the previous step", devFile(3), huoshui.DevStep{Step: 4, Date: ymd(2023, 3, 15)}, ""},
		{"after archiving", devFile(25), huoshui.DevStep{Step: 25, Date: ymd(2025, 9, 1)}, "dev.file_closed"},
		{"after cancellation", DevFile{Person: devPerson, Steps: cancelled}, huoshui.DevStep{Step: 25, Date: ymd(2025, 8, 1)}, "dev.cancelled"},
		{"assessment again", devFile(6), huoshui.DevStep{Step: 6, Date: ymd(2024, 3, 10)}, ""},
		{"assessment after becoming a candidate", devFile(7), huoshui.DevStep{Step: 6, Date: ymd(2024, 3, 16)}, "dev.already_done"},
	}
	for _, c := range cases {
		_, err := CheckStep(c.f, c.rec, devToday)
		if got := ruleCode(t, err); got != c.want {
			t.Errorf("%s: %q, want %q (%v)", c.name, got, c.want, err)
		}
	}
	_, err := CheckStep(devFile(1), huoshui.DevStep{Step: 3, Date: ymd(2023, 2, 1)}, devToday)
	var re *RuleError
	if errors.As(err, &re) && (re.Arg("Need") != 2 || re.Arg("Step") != 3) {
		t.Errorf("out of order: args %v, want Step 3, Need 2", re.Args)
	}
}

// An applicant is 18 on the day of applying: across a year end, and on 28
// February for one born on 29 February.
func TestCheckStepAge(t *testing.T) {
	t.Parallel()
	cases := []struct {
		birth, applied huoshui.Date
		want           string
	}{
		{ymd(2008, 3, 1), ymd(2026, 2, 28), "dev.under_18"},
		{ymd(2008, 3, 1), ymd(2026, 3, 1), ""},
		{ymd(2007, 12, 31), ymd(2025, 12, 30), "dev.under_18"},
		{ymd(2007, 12, 31), ymd(2025, 12, 31), ""},
		{ymd(2008, 1, 1), ymd(2025, 12, 31), "dev.under_18"},
		{ymd(2008, 2, 29), ymd(2026, 2, 27), "dev.under_18"},
		{ymd(2008, 2, 29), ymd(2026, 2, 28), ""},
		{ymd(2006, 2, 28), ymd(2024, 2, 28), ""},
		{ymd(2006, 3, 1), ymd(2024, 2, 29), "dev.under_18"},
		{huoshui.Date{}, ymd(2026, 1, 1), "dev.birth_required"},
	}
	for _, c := range cases {
		f := DevFile{Person: huoshui.Member{ID: 1, BirthDate: c.birth}}
		_, err := CheckStep(f, huoshui.DevStep{Step: 1, Date: c.applied}, devToday)
		if got := ruleCode(t, err); got != c.want {
			t.Errorf("born %s, applied %s: %q, want %q", c.birth, c.applied, got, c.want)
		}
	}
	_, err := CheckStep(DevFile{Person: huoshui.Member{BirthDate: ymd(2008, 2, 29)}}, huoshui.DevStep{Step: 1, Date: ymd(2026, 2, 1)}, devToday)
	var re *RuleError
	if !errors.As(err, &re) || re.Arg("Birthday18") != "2026-02-28" {
		t.Errorf("under 18: %v, want the 18th birthday 2026-02-28", err)
	}
}

// The talk is due a month after the application; a later talk is allowed
// and marked late.
func TestCheckStepTalk(t *testing.T) {
	t.Parallel()
	cases := []struct {
		applied, talk, due huoshui.Date
		late               bool
	}{
		{ymd(2023, 1, 31), ymd(2023, 2, 28), ymd(2023, 2, 28), false},
		{ymd(2023, 1, 31), ymd(2023, 3, 1), ymd(2023, 2, 28), true},
		{ymd(2024, 1, 31), ymd(2024, 2, 29), ymd(2024, 2, 29), false},
		{ymd(2024, 1, 30), ymd(2024, 3, 1), ymd(2024, 2, 29), true},
		{ymd(2025, 12, 15), ymd(2026, 1, 15), ymd(2026, 1, 15), false},
		{ymd(2025, 12, 15), ymd(2026, 1, 16), ymd(2026, 1, 15), true},
		{ymd(2026, 3, 31), ymd(2026, 4, 30), ymd(2026, 4, 30), false},
		{ymd(2026, 3, 31), ymd(2026, 3, 31), ymd(2026, 4, 30), false},
		{ymd(2025, 6, 1), ymd(2026, 6, 1), ymd(2025, 7, 1), true},
	}
	for _, c := range cases {
		f := DevFile{Person: devPerson, Steps: []huoshui.DevStep{{Step: 1, Date: c.applied}}}
		got, err := CheckStep(f, huoshui.DevStep{Step: 2, Date: c.talk}, devToday)
		if err != nil {
			t.Errorf("applied %s, talk %s: %v (late is allowed)", c.applied, c.talk, err)
			continue
		}
		if !got.Due.Equal(c.due) || got.Late != c.late {
			t.Errorf("applied %s, talk %s: due %s late %v, want due %s late %v", c.applied, c.talk, got.Due, got.Late, c.due, c.late)
		}
		w, ok := got.Warning()
		if ok != c.late || (ok && w.Code != "dev.late") {
			t.Errorf("applied %s, talk %s: warning %v %v", c.applied, c.talk, w, ok)
		}
	}
}

// A candidate has been an activist at least a year: exactly a year is
// enough, a day less is not, across year ends and leap days.
func TestCheckStepActivistYear(t *testing.T) {
	t.Parallel()
	cases := []struct {
		activist, candidate huoshui.Date
		want                string
	}{
		{ymd(2023, 3, 15), ymd(2024, 3, 14), "dev.activist_year"},
		{ymd(2023, 3, 15), ymd(2024, 3, 15), ""},
		{ymd(2023, 12, 31), ymd(2024, 12, 30), "dev.activist_year"},
		{ymd(2023, 12, 31), ymd(2024, 12, 31), ""},
		{ymd(2024, 1, 1), ymd(2024, 12, 31), "dev.activist_year"},
		{ymd(2024, 1, 1), ymd(2025, 1, 1), ""},
		{ymd(2024, 2, 29), ymd(2025, 2, 27), "dev.activist_year"},
		{ymd(2024, 2, 29), ymd(2025, 2, 28), ""},
		{ymd(2023, 2, 28), ymd(2024, 2, 27), "dev.activist_year"},
		{ymd(2023, 2, 28), ymd(2024, 2, 28), ""},
		{ymd(2023, 3, 1), ymd(2024, 2, 29), "dev.activist_year"},
		{ymd(2023, 3, 15), ymd(2023, 9, 15), "dev.activist_year"},
	}
	for _, c := range cases {
		steps := devTemplate()[:6]
		for i := 2; i < 6; i++ {
			steps[i].Date = c.activist
		}
		f := DevFile{Person: devPerson, Steps: steps}
		_, err := CheckStep(f, huoshui.DevStep{Step: 7, Date: c.candidate}, devToday)
		if got := ruleCode(t, err); got != c.want {
			t.Errorf("activist %s, candidate %s: %q, want %q", c.activist, c.candidate, got, c.want)
		}
	}
}

// One or two mentors and exactly two introducers, each a full member on
// the day, neither the devPerson nor named twice.
func TestCheckStepPeople(t *testing.T) {
	t.Parallel()
	wang, li, zhao := fullMember(11, "王芳"), fullMember(12, "李强"), fullMember(13, "赵敏")
	probationary := huoshui.DevPerson{MemberID: 14, Name: "周杰"}
	fullLater := huoshui.DevPerson{MemberID: 15, Name: "吴磊", FullOn: ymd(2024, 4, 2)}
	fullThatDay := huoshui.DevPerson{MemberID: 16, Name: "郑洁", FullOn: ymd(2024, 4, 1)}
	self := huoshui.DevPerson{MemberID: devPerson.ID, Name: devPerson.Name, FullOn: ymd(2010, 1, 1)}
	cases := []struct {
		name   string
		step   int
		people []huoshui.DevPerson
		want   string
	}{
		{"no mentor", 5, nil, "dev.mentors_count"},
		{"one mentor", 5, []huoshui.DevPerson{wang}, ""},
		{"two mentors", 5, []huoshui.DevPerson{wang, li}, ""},
		{"three mentors", 5, []huoshui.DevPerson{wang, li, zhao}, "dev.mentors_count"},
		{"a probationary mentor", 5, []huoshui.DevPerson{probationary}, "dev.not_full_member"},
		{"one introducer", 9, []huoshui.DevPerson{wang}, "dev.introducers_count"},
		{"two introducers", 9, []huoshui.DevPerson{wang, li}, ""},
		{"three introducers", 9, []huoshui.DevPerson{wang, li, zhao}, "dev.introducers_count"},
		{"the same introducer twice", 9, []huoshui.DevPerson{wang, wang}, "dev.person_twice"},
		{"introducing oneself", 9, []huoshui.DevPerson{wang, self}, "dev.person_self"},
		{"a probationary introducer", 9, []huoshui.DevPerson{wang, probationary}, "dev.not_full_member"},
		{"full the day after", 9, []huoshui.DevPerson{wang, fullLater}, "dev.not_full_member"},
		{"full that very day", 9, []huoshui.DevPerson{wang, fullThatDay}, ""},
	}
	for _, c := range cases {
		rec := devTemplate()[c.step-1]
		rec.People = c.people
		_, err := CheckStep(devFile(c.step-1), rec, devToday)
		if got := ruleCode(t, err); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// Short-course training: at least 3 days or 24 class hours.
func TestCheckStepTraining(t *testing.T) {
	t.Parallel()
	cases := []struct {
		days, hours int
		want        string
	}{
		{0, 0, "dev.training_short"},
		{2, 23, "dev.training_short"},
		{2, 0, "dev.training_short"},
		{3, 0, ""},
		{0, 24, ""},
		{2, 24, ""},
		{5, 40, ""},
	}
	for _, c := range cases {
		rec := huoshui.DevStep{Step: 11, Date: ymd(2024, 5, 10), TrainingDays: c.days, ClassHours: c.hours}
		_, err := CheckStep(devFile(10), rec, devToday)
		if got := ruleCode(t, err); got != c.want {
			t.Errorf("%d days, %d hours: %q, want %q", c.days, c.hours, got, c.want)
		}
	}
}

// The general meeting's vote needs a quorum and more than half of the
// members with a vote for it.
func TestCheckStepVote(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		vote *huoshui.DevVote
		want string
	}{
		{"no count", nil, "dev.vote_required"},
		{"nobody with a vote", &huoshui.DevVote{}, "dev.vote_counts"},
		{"half present", &huoshui.DevVote{Eligible: 10, Present: 5, For: 5}, "dev.no_quorum"},
		{"six of ten present, five for", &huoshui.DevVote{Eligible: 10, Present: 6, For: 5, Against: 1}, "dev.vote_failed"},
		{"six of ten present, six for", &huoshui.DevVote{Eligible: 10, Present: 6, For: 6}, ""},
		{"two of three for", &huoshui.DevVote{Eligible: 3, Present: 2, For: 2}, ""},
		{"one of three for", &huoshui.DevVote{Eligible: 3, Present: 3, For: 1, Against: 2}, "dev.vote_failed"},
		{"more votes than present", &huoshui.DevVote{Eligible: 10, Present: 6, For: 6, Against: 1}, "dev.vote_counts"},
		{"more present than members", &huoshui.DevVote{Eligible: 5, Present: 6, For: 6}, "dev.vote_counts"},
	}
	for _, c := range cases {
		_, err := CheckStep(devFile(14), huoshui.DevStep{Step: 15, Date: ymd(2024, 6, 30), Vote: c.vote}, devToday)
		if got := ruleCode(t, err); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// The higher committee approves within 3 months of the vote; later is
// allowed and marked, and after 6 months marked beyond the limit.
func TestCheckStepApproval(t *testing.T) {
	t.Parallel()
	cases := []struct {
		vote, approval huoshui.Date
		due, limit     huoshui.Date
		late, beyond   bool
		warning        string
	}{
		{ymd(2024, 6, 30), ymd(2024, 9, 30), ymd(2024, 9, 30), ymd(2024, 12, 30), false, false, ""},
		{ymd(2024, 6, 30), ymd(2024, 10, 1), ymd(2024, 9, 30), ymd(2024, 12, 30), true, false, "dev.late"},
		{ymd(2024, 6, 30), ymd(2024, 12, 30), ymd(2024, 9, 30), ymd(2024, 12, 30), true, false, "dev.late"},
		{ymd(2024, 6, 30), ymd(2024, 12, 31), ymd(2024, 9, 30), ymd(2024, 12, 30), true, true, "dev.beyond_limit"},
		{ymd(2024, 11, 30), ymd(2025, 2, 28), ymd(2025, 2, 28), ymd(2025, 5, 30), false, false, ""},
		{ymd(2024, 11, 30), ymd(2025, 3, 1), ymd(2025, 2, 28), ymd(2025, 5, 30), true, false, "dev.late"},
		{ymd(2027, 11, 30), ymd(2028, 2, 29), ymd(2028, 2, 29), ymd(2028, 5, 30), false, false, ""},
	}
	for _, c := range cases {
		steps := devTemplate()[:16]
		steps[14].Date, steps[15].Date = c.vote, c.vote
		// No today: some of these days lie ahead.
		got, err := CheckStep(DevFile{Person: devPerson, Steps: steps}, huoshui.DevStep{Step: 17, Date: c.approval}, huoshui.Date{})
		if err != nil {
			t.Errorf("vote %s, approval %s: %v", c.vote, c.approval, err)
			continue
		}
		w, _ := got.Warning()
		if !got.Due.Equal(c.due) || !got.Limit.Equal(c.limit) || got.Late != c.late || got.Beyond != c.beyond || w.Code != c.warning {
			t.Errorf("vote %s, approval %s: due %s limit %s late %v beyond %v %q; want %s %s %v %v %q",
				c.vote, c.approval, got.Due, got.Limit, got.Late, got.Beyond, w.Code, c.due, c.limit, c.late, c.beyond, c.warning)
		}
	}
	// Full membership's approval, 3 months after its vote.
	rec := huoshui.DevStep{Step: 24, Date: ymd(2025, 10, 1)}
	got, err := CheckStep(devFile(23), rec, devToday)
	if err != nil || !got.Due.Equal(ymd(2025, 9, 30)) || !got.Late {
		t.Errorf("approval of full membership on 2025-10-01: %+v %v, want due 2025-09-30 and late", got, err)
	}
}

// Probation is a year from the vote; the application for full membership
// is due a month before it ends; the vote on it comes when it has ended.
func TestCheckStepProbation(t *testing.T) {
	t.Parallel()
	apply := []struct {
		on   huoshui.Date
		late bool
	}{
		{ymd(2025, 5, 1), false},
		{ymd(2025, 5, 30), false},
		{ymd(2025, 5, 31), true},
		{ymd(2025, 7, 1), true},
	}
	for _, c := range apply {
		got, err := CheckStep(devFile(21), huoshui.DevStep{Step: 22, Date: c.on}, devToday)
		if err != nil || got.Late != c.late || !got.Due.Equal(ymd(2025, 5, 30)) {
			t.Errorf("application on %s: %+v %v, want due 2025-05-30, late %v", c.on, got, err, c.late)
		}
	}
	votes := []struct {
		voteOn, fullVote huoshui.Date
		want             string
	}{
		{ymd(2024, 6, 30), ymd(2025, 6, 29), "dev.probation_not_over"},
		{ymd(2024, 6, 30), ymd(2025, 6, 30), ""},
		{ymd(2024, 2, 29), ymd(2025, 2, 27), "dev.probation_not_over"},
		{ymd(2024, 2, 29), ymd(2025, 2, 28), ""},
		{ymd(2024, 12, 31), ymd(2025, 12, 30), "dev.probation_not_over"},
		{ymd(2024, 12, 31), ymd(2025, 12, 31), ""},
	}
	for _, c := range votes {
		steps := devTemplate()[:22]
		for i := 14; i < 21; i++ {
			steps[i].Date = c.voteOn
		}
		steps[21].Date = c.fullVote
		rec := huoshui.DevStep{Step: 23, Date: c.fullVote, Vote: goodVote, Outcome: huoshui.OutcomeFull}
		_, err := CheckStep(DevFile{Person: devPerson, Steps: steps}, rec, devToday)
		if got := ruleCode(t, err); got != c.want {
			t.Errorf("probation from %s, vote on full membership %s: %q, want %q", c.voteOn, c.fullVote, got, c.want)
		}
	}
	_, err := CheckStep(devFile(22), huoshui.DevStep{Step: 23, Date: ymd(2025, 6, 30), Vote: goodVote}, devToday)
	if got := ruleCode(t, err); got != "dev.outcome_required" {
		t.Errorf("vote on full membership without an outcome: %q", got)
	}
}

// Probation is extended once, by 6 to 12 months; then the application,
// the vote and the approval come again, and the new end counts.
func TestCheckStepExtension(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		months int
		want   string
	}{{5, "dev.extension_months"}, {6, ""}, {12, ""}, {13, "dev.extension_months"}, {0, "dev.extension_months"}} {
		rec := huoshui.DevStep{Step: 23, Date: ymd(2025, 6, 30), Vote: goodVote, Outcome: huoshui.OutcomeExtend, ExtendMonths: c.months}
		_, err := CheckStep(devFile(22), rec, devToday)
		if got := ruleCode(t, err); got != c.want {
			t.Errorf("extend by %d months: %q, want %q", c.months, got, c.want)
		}
	}
	steps := append(devFile(22).Steps,
		huoshui.DevStep{Step: 23, Date: ymd(2025, 6, 30), Vote: goodVote, Outcome: huoshui.OutcomeExtend, ExtendMonths: 6},
		huoshui.DevStep{Step: 24, Date: ymd(2025, 7, 20)})
	f := DevFile{Person: devPerson, Steps: steps}
	p := ProgressOf(f)
	if p.Extended != 6 || !p.ProbationEnds.Equal(ymd(2025, 12, 30)) || p.Last != 21 || p.Status() != huoshui.StatusProbationary {
		t.Fatalf("after a 6-month extension: extended %d, ends %s, last %d, status %s; want 6, 2025-12-30, 21, probationary",
			p.Extended, p.ProbationEnds, p.Last, p.Status())
	}
	n, ok := NextStep(f, ymd(2025, 8, 1))
	if !ok || n.Step.Number != 22 || !n.Due.Equal(ymd(2025, 11, 30)) {
		t.Errorf("next after the extension: %+v, want step 22 due 2025-11-30", n)
	}
	f.Steps = append(f.Steps, huoshui.DevStep{Step: 22, Date: ymd(2025, 11, 20)})
	early := huoshui.DevStep{Step: 23, Date: ymd(2025, 12, 29), Vote: goodVote, Outcome: huoshui.OutcomeFull}
	if _, err := CheckStep(f, early, devToday); ruleCode(t, err) != "dev.probation_not_over" {
		t.Errorf("vote before the extended probation ends: %v", err)
	}
	again := huoshui.DevStep{Step: 23, Date: ymd(2025, 12, 30), Vote: goodVote, Outcome: huoshui.OutcomeExtend, ExtendMonths: 6}
	if _, err := CheckStep(f, again, devToday); ruleCode(t, err) != "dev.extension_once" {
		t.Errorf("a second extension: %v, want dev.extension_once", err)
	}
	full := huoshui.DevStep{Step: 23, Date: ymd(2025, 12, 30), Vote: goodVote, Outcome: huoshui.OutcomeFull}
	if _, err := CheckStep(f, full, devToday); err != nil {
		t.Fatalf("vote on full membership after the extension: %v", err)
	}
	f.Steps = append(f.Steps, full, huoshui.DevStep{Step: 24, Date: ymd(2026, 1, 15)})
	if p := ProgressOf(f); !p.FullOn.Equal(ymd(2025, 12, 30)) || p.Status() != huoshui.StatusFull {
		t.Errorf("full after the extension on %s (%s), want 2025-12-30", p.FullOn, p.Status())
	}
	// The higher committee may extend where the branch voted full, but
	// not twice, and not outside 6 to 12 months.
	voted := append(devFile(22).Steps, huoshui.DevStep{Step: 23, Date: ymd(2025, 6, 30), Vote: goodVote, Outcome: huoshui.OutcomeFull})
	for _, c := range []struct {
		months int
		want   string
	}{{3, "dev.extension_months"}, {9, ""}} {
		rec := huoshui.DevStep{Step: 24, Date: ymd(2025, 7, 20), Outcome: huoshui.OutcomeExtend, ExtendMonths: c.months}
		_, err := CheckStep(DevFile{Person: devPerson, Steps: voted}, rec, devToday)
		if got := ruleCode(t, err); got != c.want {
			t.Errorf("approval extending by %d months: %q, want %q", c.months, got, c.want)
		}
	}
}

// What is next, from when and by when; overdue once the deadline has
// passed; nothing once the file is closed.
func TestNextStep(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		f        DevFile
		on       huoshui.Date
		step     int
		earliest huoshui.Date
		due      huoshui.Date
		overdue  bool
		daysLeft int
	}{
		{"nothing yet", devFile(0), ymd(2023, 1, 1), 1, ymd(2018, 5, 10), huoshui.Date{}, false, 0},
		{"talk due", devFile(1), ymd(2023, 2, 20), 2, huoshui.Date{}, ymd(2023, 2, 28), false, 8},
		{"talk due devToday", devFile(1), ymd(2023, 2, 28), 2, huoshui.Date{}, ymd(2023, 2, 28), false, 0},
		{"talk overdue", devFile(1), ymd(2023, 3, 1), 2, huoshui.Date{}, ymd(2023, 2, 28), true, 0},
		{"candidate after a year", devFile(6), ymd(2023, 10, 1), 7, ymd(2024, 3, 15), huoshui.Date{}, false, 0},
		{"approval due", devFile(16), ymd(2024, 9, 1), 17, huoshui.Date{}, ymd(2024, 9, 30), false, 29},
		{"approval overdue", devFile(16), ymd(2024, 10, 1), 17, huoshui.Date{}, ymd(2024, 9, 30), true, 0},
		{"application for full membership", devFile(21), ymd(2025, 5, 1), 22, huoshui.Date{}, ymd(2025, 5, 30), false, 29},
		{"vote on full membership", devFile(22), ymd(2025, 6, 1), 23, ymd(2025, 6, 30), huoshui.Date{}, false, 0},
		{"archive", devFile(24), ymd(2025, 8, 2), 25, huoshui.Date{}, huoshui.Date{}, false, 0},
	}
	for _, c := range cases {
		n, ok := NextStep(c.f, c.on)
		if !ok {
			t.Errorf("%s: no next step", c.name)
			continue
		}
		if n.Step.Number != c.step || !n.Earliest.Equal(c.earliest) || !n.Due.Equal(c.due) || n.Overdue != c.overdue || n.DaysLeft != c.daysLeft {
			t.Errorf("%s: step %d from %s due %s overdue %v left %d; want %d %s %s %v %d", c.name,
				n.Step.Number, n.Earliest, n.Due, n.Overdue, n.DaysLeft, c.step, c.earliest, c.due, c.overdue, c.daysLeft)
		}
		if Overdue(c.f, c.on) != c.overdue {
			t.Errorf("%s: Overdue %v", c.name, !c.overdue)
		}
	}
	if n, ok := NextStep(devFile(25), devToday); ok {
		t.Errorf("archived file: next %+v", n)
	}
	if Overdue(devFile(25), devToday) {
		t.Error("archived file overdue")
	}
}

// An activist is assessed every half year, from the day they became one.
func TestAssessmentDue(t *testing.T) {
	t.Parallel()
	cases := []struct {
		n    int
		want huoshui.Date
		ok   bool
	}{
		{2, huoshui.Date{}, false},
		{3, ymd(2023, 9, 15), true},
		{5, ymd(2023, 9, 15), true},
		{6, ymd(2024, 3, 15), true},
		{7, huoshui.Date{}, false},
	}
	for _, c := range cases {
		got, ok := AssessmentDue(devFile(c.n))
		if ok != c.ok || !got.Equal(c.want) {
			t.Errorf("after %d steps: %s %v, want %s %v", c.n, got, ok, c.want, c.ok)
		}
	}
	f := devFile(6)
	f.Steps = append(f.Steps, huoshui.DevStep{Step: 6, Date: ymd(2024, 2, 29)})
	if got, _ := AssessmentDue(f); !got.Equal(ymd(2024, 8, 29)) {
		t.Errorf("after a second assessment on 2024-02-29: due %s, want 2024-08-29", got)
	}
}
