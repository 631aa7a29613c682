// Package rules holds the party's rules as pure functions: records and a
// date in, what is due, overdue or wrong out. Nothing here reads a
// database or a clock.
package rules

import "github.com/huoshui/huoshui"

// Warning is one rule a node does not meet, or soon will not. Code names
// a message ("org.few_full_members"); Args fill it.
type Warning struct {
	Code string
	Args []any
}

// Thresholds from the rules on branches (docs/domain.md).
const (
	MinFullMembers       = 3 // a branch needs 3 full members
	CommitteeFullMembers = 7 // 7 or more elect a 支部委员会
)

// OrgWarnings lists the rules the node breaks on today: a branch with fewer
// than 3 full members, a branch of 7 or more full members without an
// elected committee, a committee term ending within six months
// (TermReminder: term.six_months, then term.three_months) or already
// ended.
func OrgWarnings(o *huoshui.Org, today huoshui.Date) []Warning {
	if o.ArchivedAt != nil {
		return nil
	}
	var ws []Warning
	if o.Kind == huoshui.OrgBranch {
		if o.FullCount < MinFullMembers {
			ws = append(ws, Warning{"org.few_full_members", []any{"Count", o.FullCount, "Min", MinFullMembers}})
		}
		if o.FullCount >= CommitteeFullMembers && !o.HasCommittee() {
			ws = append(ws, Warning{"org.needs_committee", []any{"Count", o.FullCount}})
		}
	}
	if !o.CommitteeTermEnds.IsZero() {
		if days := today.DaysUntil(o.CommitteeTermEnds); days < 0 {
			ws = append(ws, Warning{"org.term_ended", []any{"Date", o.CommitteeTermEnds.String(), "Days", -days}})
		} else if w, ok := TermReminder(o.CommitteeTermEnds, today); ok {
			ws = append(ws, w)
		}
	}
	return ws
}

// Committee terms, from the 2018 opinion on the terms of basic-level party
// organisations (docs/domain.md): a 基层党委 serves five years; the
// committee of a 党总支 or 支部 three, and five in villages and communities
// (where every basic-level organisation serves five).
const (
	PartyCommitteeTermYears  = 5
	BranchCommitteeTermYears = 3
	VillageTermYears         = 5
)

// CommitteeTermYears is the term of the committee of a node of kind k, in
// years; villageOrCommunity is true for a node in a village (村) or an urban
// community (社区). A 党小组 elects no committee: 0.
func CommitteeTermYears(k huoshui.OrgKind, villageOrCommunity bool) int {
	switch k {
	case huoshui.OrgCommittee:
		return PartyCommitteeTermYears
	case huoshui.OrgGeneralBranch, huoshui.OrgBranch:
		if villageOrCommunity {
			return VillageTermYears
		}
		return BranchCommitteeTermYears
	}
	return 0
}

// TermEnds is the day the term of a committee elected on elected ends,
// when nobody gave another date: the election date plus the term, on
// 28 February for one elected on 29 February (huoshui.Date.AddYears).
// Zero without an election or for a kind with no committee.
func TermEnds(k huoshui.OrgKind, villageOrCommunity bool, elected huoshui.Date) huoshui.Date {
	years := CommitteeTermYears(k, villageOrCommunity)
	if elected.IsZero() || years == 0 {
		return huoshui.Date{}
	}
	return elected.AddYears(years)
}

// Reminders before a committee's term ends, and the timing of elections
// (换届).
//
// Message codes (shown as "error."+code; Args in brackets):
//
//	term.early_needs_approval  an early election needs the higher committee's approval [Ends]
//	term.late_needs_approval   a late election needs the higher committee's approval [Ends]
//	term.committee_size        a committee of 3 to 7 members [Count, Min, Max]
//	term.one_secretary         a committee elects one secretary [Count]
//
// Warnings (shown as "warning."+code):
//
//	term.six_months            the term ends within six months [Date, Days]
//	term.three_months          the term ends within three months [Date, Days]
//	term.beyond_year           an election more than a year early or late [Date]

const (
	TermFirstReminderMonths  = 6 // the first reminder, six months before the term ends
	TermSecondReminderMonths = 3 // the second, three months before
	// ElectionWindowMonths: an election within the last three months of
	// the term, up to its last day, is on time; earlier is early, later late.
	ElectionWindowMonths = 3
	// ElectionLeewayMonths: early or late elections are normally at most a
	// year early or late.
	ElectionLeewayMonths = 12
	MinCommittee         = 3 // a 支部委员会 of 3 to 5 members, at most 7
	MaxCommittee         = 7
)

// TermReminder is the reminder a committee whose term ends on ends gets on
// today: term.six_months from six months before the end, term.three_months
// from three months before it to the last day. Nothing earlier, and
// nothing after the term has ended (OrgWarnings says org.term_ended).
func TermReminder(ends, today huoshui.Date) (Warning, bool) {
	if ends.IsZero() || today.After(ends) {
		return Warning{}, false
	}
	args := []any{"Date", ends.String(), "Days", today.DaysUntil(ends)}
	switch {
	case !today.Before(ends.AddMonths(-TermSecondReminderMonths)):
		return Warning{Code: "term.three_months", Args: args}, true
	case !today.Before(ends.AddMonths(-TermFirstReminderMonths)):
		return Warning{Code: "term.six_months", Args: args}, true
	}
	return Warning{}, false
}

// ElectionTiming is when an election came against the term it ends.
type ElectionTiming string

const (
	ElectionOnTime ElectionTiming = "on_time" // in the term's last three months, up to its last day
	ElectionEarly  ElectionTiming = "early"   // before that: 提前换届
	ElectionLate   ElectionTiming = "late"    // after the term ended: 延期换届
)

// TimingOf is when an election held on held came against a term ending on
// ends. A first election (no term before it, ends zero) is on time.
func TimingOf(ends, held huoshui.Date) ElectionTiming {
	switch {
	case ends.IsZero():
		return ElectionOnTime
	case held.After(ends):
		return ElectionLate
	case held.Before(ends.AddMonths(-ElectionWindowMonths)):
		return ElectionEarly
	}
	return ElectionOnTime
}

// CheckElection says whether an election held on held, ending a term that
// ends on ends, may be recorded: an early or late one needs the higher
// committee's approval (approved). One more than a year early or late is
// recorded with approval and marked (term.beyond_year).
func CheckElection(ends, held huoshui.Date, approved bool) (ElectionTiming, []Warning, error) {
	timing := TimingOf(ends, held)
	switch {
	case timing == ElectionEarly && !approved:
		return timing, nil, refuse("term.early_needs_approval", "Ends", ends.String())
	case timing == ElectionLate && !approved:
		return timing, nil, refuse("term.late_needs_approval", "Ends", ends.String())
	}
	var ws []Warning
	if timing != ElectionOnTime && (held.Before(ends.AddMonths(-ElectionLeewayMonths)) || held.After(ends.AddMonths(ElectionLeewayMonths))) {
		ws = append(ws, Warning{Code: "term.beyond_year", Args: []any{"Date", ends.String()}})
	}
	return timing, ws, nil
}

// CheckCommittee checks the posts an election filled: 3 to 7 members, one
// of them the secretary.
func CheckCommittee(posts []huoshui.CommitteePost) error {
	if n := len(posts); n < MinCommittee || n > MaxCommittee {
		return refuse("term.committee_size", "Count", n, "Min", MinCommittee, "Max", MaxCommittee)
	}
	secretaries := 0
	for _, p := range posts {
		if p == huoshui.PostSecretary {
			secretaries++
		}
	}
	if secretaries != 1 {
		return refuse("term.one_secretary", "Count", secretaries)
	}
	return nil
}
