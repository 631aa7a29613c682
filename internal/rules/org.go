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

// Thresholds from the rules on branches (GLOSSARY.md).
const (
	MinFullMembers       = 3  // a branch needs 3 full members
	CommitteeFullMembers = 7  // 7 or more elect a 支部委员会
	TermWarningDays      = 90 // remind this long before a term ends
)

// OrgWarnings lists the rules the node breaks on today: a branch with fewer
// than 3 full members, a branch of 7 or more full members without an
// elected committee, a committee term ending within 90 days or already
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
		days := today.DaysUntil(o.CommitteeTermEnds)
		switch {
		case days < 0:
			ws = append(ws, Warning{"org.term_ended", []any{"Date", o.CommitteeTermEnds.String(), "Days", -days}})
		case days <= TermWarningDays:
			ws = append(ws, Warning{"org.term_ending", []any{"Date", o.CommitteeTermEnds.String(), "Days", days}})
		}
	}
	return ws
}
