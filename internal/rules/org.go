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
// when nobody gave another date: the election date plus the term. Zero
// without an election or for a kind with no committee.
func TermEnds(k huoshui.OrgKind, villageOrCommunity bool, elected huoshui.Date) huoshui.Date {
	years := CommitteeTermYears(k, villageOrCommunity)
	if elected.IsZero() || years == 0 {
		return huoshui.Date{}
	}
	return elected.AddDate(years, 0, 0)
}
