package rules

import (
	"strings"

	"github.com/huoshui/huoshui"
)

// The self-check (支部标准化自查, docs/domain.md "The self-check"): the
// items of a standard branch judged from what the records say. Each item
// is 达标 (met), 未达标 (unmet) or 待确认 (pending: nothing recorded yet,
// or a period still under way that may yet be met). Organisational life
// is judged from the compliance calendar (Compliance), never counted
// again another way.

// StandardInput is everything the self-check of a branch for a year reads.
type StandardInput struct {
	Year  int
	Today huoshui.Date

	// The branch as it stands: its kind, its full members, its elected
	// committee (zero dates: none), its secretary's name ("" for none).
	Kind               huoshui.OrgKind
	FullCount          int
	CommitteeElectedOn huoshui.Date
	CommitteeTermEnds  huoshui.Date
	Secretary          string

	// Life is the branch's own compliance calendar for the year; Groups
	// the calendars of its 党小组, one each.
	Life   []Item
	Groups [][]Item

	Study   huoshui.StudyCompletion
	Records RecordTally
	Tasks   huoshui.TaskTally
	// Outputs counts the year's outputs by kind.
	Outputs map[huoshui.OutputKind]int
}

// RecordTally counts the meetings of the year that have ended (not called
// off): how many, and of them how many lack minutes, and how many have
// invitees whose attendance was never taken.
type RecordTally struct {
	Ended        int
	NoMinutes    int
	NoAttendance int
	Incomplete   int // lacking either
}

// yearOver reports whether the year has ended on in.Today.
func (in StandardInput) yearOver() bool {
	return in.Today.After(huoshui.NewDate(in.Year, 12, 31))
}

// Standard judges each item of the self-check, in huoshui.StandardKeys
// order. Items the rules do not ask of the branch (a committee meeting
// without a committee, group meetings without groups) are left out.
func Standard(in StandardInput) []huoshui.StandardCheck {
	var out []huoshui.StandardCheck
	out = append(out, standardCommittee(in), standardSecretary(in), standardMembers(in))
	for _, t := range huoshui.MeetingTypes {
		if t == huoshui.MeetingGroup {
			if len(in.Groups) > 0 {
				out = append(out, standardGroups(in.Groups))
			}
			continue
		}
		var items []Item
		for _, it := range in.Life {
			if it.Type == t {
				items = append(items, it)
			}
		}
		if len(items) > 0 {
			out = append(out, standardLife(t, items))
		}
	}
	return append(out, standardStudy(in), standardRecords(in), standardTasks(in), standardOutputs(in))
}

func fact(code string, args ...any) huoshui.StandardFact {
	return huoshui.StandardFact{Code: code, Args: args}
}

// standardCommittee: a branch with an elected committee is met while its
// term runs and unmet once the term has ended; a branch without one is
// met below CommitteeFullMembers full members and unmet from there up.
func standardCommittee(in StandardInput) huoshui.StandardCheck {
	c := huoshui.StandardCheck{Key: huoshui.StandardCommittee}
	switch {
	case !in.CommitteeElectedOn.IsZero() && !in.CommitteeTermEnds.IsZero() && in.Today.After(in.CommitteeTermEnds):
		c.Status = huoshui.StandardUnmet
		c.Evidence = append(c.Evidence, fact("standard.fact.term_ended", "Elected", in.CommitteeElectedOn.String(),
			"Ends", in.CommitteeTermEnds.String()))
	case !in.CommitteeElectedOn.IsZero() && !in.CommitteeTermEnds.IsZero():
		c.Status = huoshui.StandardMet
		c.Evidence = append(c.Evidence, fact("standard.fact.term_runs", "Elected", in.CommitteeElectedOn.String(),
			"Ends", in.CommitteeTermEnds.String()))
	case !in.CommitteeElectedOn.IsZero():
		c.Status = huoshui.StandardMet
		c.Evidence = append(c.Evidence, fact("standard.fact.elected", "Elected", in.CommitteeElectedOn.String()))
	case in.FullCount >= CommitteeFullMembers:
		c.Status = huoshui.StandardUnmet
		c.Evidence = append(c.Evidence, fact("standard.fact.needs_committee", "Full", in.FullCount, "Min", CommitteeFullMembers))
	default:
		c.Status = huoshui.StandardMet
		c.Evidence = append(c.Evidence, fact("standard.fact.no_committee_needed", "Full", in.FullCount, "Min", CommitteeFullMembers))
	}
	return c
}

// standardSecretary: met when a member holds the secretary's post.
func standardSecretary(in StandardInput) huoshui.StandardCheck {
	c := huoshui.StandardCheck{Key: huoshui.StandardSecretary}
	if in.Secretary != "" {
		c.Status = huoshui.StandardMet
		c.Evidence = append(c.Evidence, fact("standard.fact.secretary", "Name", in.Secretary))
	} else {
		c.Status = huoshui.StandardUnmet
		c.Evidence = append(c.Evidence, fact("standard.fact.no_secretary"))
	}
	return c
}

// standardMembers: met with at least MinFullMembers full members.
func standardMembers(in StandardInput) huoshui.StandardCheck {
	c := huoshui.StandardCheck{Key: huoshui.StandardMembers, Status: huoshui.StandardMet}
	if in.FullCount < MinFullMembers {
		c.Status = huoshui.StandardUnmet
	}
	c.Evidence = append(c.Evidence, fact("standard.fact.full_members", "Full", in.FullCount, "Min", MinFullMembers))
	return c
}

// lifeStatus is the conclusion on a requirement's periods of a year: any
// period overdue, unmet; all done, met; otherwise (periods under way or
// still to come, none missed) pending.
func lifeStatus(items []Item) huoshui.StandardStatus {
	done := 0
	for _, it := range items {
		switch it.Status {
		case StatusOverdue:
			return huoshui.StandardUnmet
		case StatusDone:
			done++
		}
	}
	if done == len(items) {
		return huoshui.StandardMet
	}
	return huoshui.StandardPending
}

// missedPeriods names the overdue periods, at most max of them.
func missedPeriods(items []Item, prefix string, max int) (names []string, total int) {
	for _, it := range items {
		if it.Status == StatusOverdue {
			total++
			if len(names) < max {
				names = append(names, prefix+it.Period)
			}
		}
	}
	return names, total
}

// standardLife judges one requirement of organisational life from the
// branch's calendar: periods required, done, missed, under way.
func standardLife(t huoshui.MeetingType, items []Item) huoshui.StandardCheck {
	c := huoshui.StandardCheck{Key: huoshui.StandardLifeKey(t), Status: lifeStatus(items)}
	s := Summarise(items)
	held := 0
	for _, it := range items {
		held += it.Held
	}
	c.Evidence = append(c.Evidence, fact("standard.fact.life", "Every", string(items[0].Every), "Periods", len(items),
		"Done", s.Done, "Held", held))
	if names, n := missedPeriods(items, "", 6); n > 0 {
		list := strings.Join(names, ", ")
		if n > len(names) {
			list += ", …"
		}
		c.Evidence = append(c.Evidence, fact("standard.fact.life_missed", "N", n, "Periods", list))
	}
	if left := s.Due + s.Upcoming; left > 0 {
		c.Evidence = append(c.Evidence, fact("standard.fact.life_left", "N", left))
	}
	return c
}

// standardGroups judges the monthly group meetings of every group of the
// branch together: unmet when any group missed a month.
func standardGroups(groups [][]Item) huoshui.StandardCheck {
	c := huoshui.StandardCheck{Key: huoshui.StandardGroupLife}
	var all []Item
	for _, g := range groups {
		all = append(all, g...)
	}
	c.Status = lifeStatus(all)
	if len(all) == 0 {
		c.Status = huoshui.StandardPending
	}
	s := Summarise(all)
	c.Evidence = append(c.Evidence, fact("standard.fact.groups", "Groups", len(groups), "Periods", len(all), "Done", s.Done))
	if _, n := missedPeriods(all, "", 0); n > 0 {
		c.Evidence = append(c.Evidence, fact("standard.fact.groups_missed", "N", n))
	}
	if left := s.Due + s.Upcoming; left > 0 {
		c.Evidence = append(c.Evidence, fact("standard.fact.life_left", "N", left))
	}
	return c
}

// standardStudy: met when every 党员 reached the year's target; unmet when
// the year is over and someone has not; pending while it runs, or with
// no members to count.
func standardStudy(in StandardInput) huoshui.StandardCheck {
	c := huoshui.StandardCheck{Key: huoshui.StandardStudy}
	st := in.Study
	switch {
	case st.Members == 0:
		c.Status = huoshui.StandardPending
		c.Evidence = append(c.Evidence, fact("standard.fact.study_none"))
		return c
	case st.Met >= st.Members:
		c.Status = huoshui.StandardMet
	case in.yearOver():
		c.Status = huoshui.StandardUnmet
	default:
		c.Status = huoshui.StandardPending
	}
	c.Evidence = append(c.Evidence, fact("standard.fact.study", "Met", st.Met, "Members", st.Members, "Percent", st.Percent()))
	return c
}

// standardRecords: met when every meeting of the year that has ended has
// its minutes and everyone's attendance; pending before any has ended.
func standardRecords(in StandardInput) huoshui.StandardCheck {
	c := huoshui.StandardCheck{Key: huoshui.StandardRecords}
	r := in.Records
	switch {
	case r.Ended == 0:
		c.Status = huoshui.StandardPending
		c.Evidence = append(c.Evidence, fact("standard.fact.records_none"))
		return c
	case r.Incomplete > 0:
		c.Status = huoshui.StandardUnmet
	default:
		c.Status = huoshui.StandardMet
	}
	c.Evidence = append(c.Evidence, fact("standard.fact.records", "Ended", r.Ended, "Complete", r.Ended-r.Incomplete))
	if r.NoMinutes > 0 {
		c.Evidence = append(c.Evidence, fact("standard.fact.no_minutes", "N", r.NoMinutes))
	}
	if r.NoAttendance > 0 {
		c.Evidence = append(c.Evidence, fact("standard.fact.no_attendance", "N", r.NoAttendance))
	}
	return c
}

// standardTasks: unmet with any task overdue; met when tasks fell due and
// none is overdue; pending without tasks.
func standardTasks(in StandardInput) huoshui.StandardCheck {
	c := huoshui.StandardCheck{Key: huoshui.StandardTasks}
	t := in.Tasks
	switch {
	case t.Overdue > 0:
		c.Status = huoshui.StandardUnmet
	case t.Total == 0:
		c.Status = huoshui.StandardPending
		c.Evidence = append(c.Evidence, fact("standard.fact.tasks_none"))
		return c
	default:
		c.Status = huoshui.StandardMet
	}
	c.Evidence = append(c.Evidence, fact("standard.fact.tasks", "Total", t.Total, "OnTime", t.DoneOnTime, "Late", t.DoneLate,
		"Open", t.Open, "Overdue", t.Overdue))
	return c
}

// standardOutputs: met when the year has outputs registered; pending
// without any (the rules set no number).
func standardOutputs(in StandardInput) huoshui.StandardCheck {
	c := huoshui.StandardCheck{Key: huoshui.StandardOutputs}
	total := 0
	for _, n := range in.Outputs {
		total += n
	}
	if total == 0 {
		c.Status = huoshui.StandardPending
		c.Evidence = append(c.Evidence, fact("standard.fact.outputs_none"))
		return c
	}
	c.Status = huoshui.StandardMet
	c.Evidence = append(c.Evidence, fact("standard.fact.outputs", "Total", total,
		"Publications", in.Outputs[huoshui.OutputPublication], "Awards", in.Outputs[huoshui.OutputAward],
		"Documents", in.Outputs[huoshui.OutputDocument], "Innovations", in.Outputs[huoshui.OutputInnovation]))
	return c
}
