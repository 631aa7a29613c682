package huoshui

// An org's year of party work and office work side by side (docs/domain.md
// "Dashboard and annual report"): what organisational life was held, how
// the members' study stands against the target, what the supervision
// tasks came to, what the office produced, and how much of the party
// activity led to a work outcome. Every number is counted from the
// records, never typed in; the dashboard, the summary API, the annual
// report and the self-check all read this one value.

// Summary is an org's numbers over a period, for the org alone (a branch)
// or rolled up over its subtree (a committee): the sum of its nodes.
type Summary struct {
	OrgID   int64
	Subtree bool
	From    Date // first day counted
	To      Date // last day counted, included

	// ThemeDays is how many 主题党日 were held (not cancelled, someone
	// present), a meeting counted also as a theme day included.
	ThemeDays int

	// Activities is how many party activities were held — meetings of
	// organisational life (theme days among them), micro lectures and
	// collective discussions — and Linked how many of those are linked to
	// at least one task or output they led to.
	Activities int
	Linked     int

	// Study is the members' study hours against the year's target; only
	// whole calendar years have one (Known false otherwise).
	Study StudyCompletion

	// Tasks are the supervision tasks whose deadline falls in the period.
	Tasks TaskTally

	// Outputs are the outputs dated in the period: publications, awards,
	// drafted documents and their characters, innovations.
	Outputs OutputSummary
}

// StudyCompletion is how many full and probationary members (党员) count
// towards a year's study target, and how many of them have reached it.
type StudyCompletion struct {
	Known   bool
	Members int
	Met     int
}

// Percent is the share of members who reached the target, rounded down;
// 0 when there are none.
func (c StudyCompletion) Percent() int {
	if c.Members == 0 {
		return 0
	}
	return c.Met * 100 / c.Members
}

// TaskTally counts supervision tasks: all of them, done by the deadline,
// done after it, still open, and of the open ones those past the deadline
// on the day it was read.
type TaskTally struct {
	Total      int
	DoneOnTime int
	DoneLate   int
	Open       int
	Overdue    int
}

// LinkedShare is the share of the party activities held that link to a
// work outcome, from 0 to 1; 0 when none was held.
func (s *Summary) LinkedShare() float64 {
	if s.Activities == 0 {
		return 0
	}
	return float64(s.Linked) / float64(s.Activities)
}

// Add adds another node's numbers to s: a committee's roll-up is the sum
// of its nodes'. Study targets are per node, so completion adds member
// counts, not percentages.
func (s *Summary) Add(o *Summary) {
	s.ThemeDays += o.ThemeDays
	s.Activities += o.Activities
	s.Linked += o.Linked
	s.Study.Known = s.Study.Known || o.Study.Known
	s.Study.Members += o.Study.Members
	s.Study.Met += o.Study.Met
	s.Tasks.Total += o.Tasks.Total
	s.Tasks.DoneOnTime += o.Tasks.DoneOnTime
	s.Tasks.DoneLate += o.Tasks.DoneLate
	s.Tasks.Open += o.Tasks.Open
	s.Tasks.Overdue += o.Tasks.Overdue
	s.Outputs.Tallies = append(s.Outputs.Tallies, o.Outputs.Tallies...)
}
