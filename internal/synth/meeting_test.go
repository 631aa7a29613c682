package synth

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// withPeople gives every node and every member an ID, as a store would,
// and returns each branch's members.
func withPeople(p *Province) map[int][]*huoshui.Member {
	fakeIDs(p)
	out := map[int][]*huoshui.Member{}
	id := int64(1)
	for _, bi := range p.Branches {
		for _, m := range p.Members(bi) {
			m.ID = id
			id++
			out[bi] = append(out[bi], m)
		}
	}
	return out
}

// A branch's five years: every meeting valid, each type of the rules
// there, nobody invited before they joined or from outside the branch (a
// group's meetings only its own), attendance for what is past and none for
// what is planned, and the same again from the same seed.
func TestLifeOfBranches(t *testing.T) {
	t.Parallel()
	p := Build(Options{Members: 4000, Seed: 5, Today: today, Years: 5})
	people := withPeople(p)
	again := Build(Options{Members: 4000, Seed: 5, Today: today, Years: 5})
	againPeople := withPeople(again)
	cut := time.Date(2026, 3, 15, 0, 0, 0, 0, huoshui.Shanghai)
	types := map[huoshui.MeetingType]int{}
	var late, cancelled, planned, leave, absent, present, scanned int
	for _, bi := range p.Branches {
		n := p.Nodes[bi]
		byID := map[int64]*huoshui.Member{}
		for _, m := range people[bi] {
			byID[m.ID] = m
		}
		life := p.Life(bi, people[bi])
		other := again.Life(bi, againPeople[bi])
		if len(life) == 0 || len(life) != len(other) {
			t.Fatalf("branch %s: %d meetings, %d from the same seed", n.Org.Name, len(life), len(other))
		}
		for k, b := range life {
			m := b.Meeting
			if o := other[k].Meeting; m.Title != o.Title || !m.StartsAt.Equal(o.StartsAt) || len(b.Invitees) != len(other[k].Invitees) {
				t.Fatalf("same seed, different meeting: %+v / %+v", m, o)
			}
			if err := m.Validate(); err != nil {
				t.Fatalf("%s %q: %v", n.Org.Name, m.Title, err)
			}
			if first := huoshui.NewDate(2021, 4, 1); m.StartsAt.In(huoshui.Shanghai).Before(first.Time()) || m.StartsAt.After(cut.AddDate(0, 1, 0)) {
				t.Fatalf("%q on %s, outside the five years to the end of this month", m.Title, m.StartsAt)
			}
			types[m.Type]++
			if m.LateEntry = huoshui.IsLateEntry(m.EndsAt, m.EnteredAt); m.LateEntry {
				late++
			}
			if m.EnteredAt.After(cut) && m.EnteredAt.After(m.EndsAt.Add(time.Hour)) {
				t.Fatalf("%q entered %s, after today", m.Title, m.EnteredAt)
			}
			if m.CancelledAt != nil {
				cancelled++
			}
			future := !m.StartsAt.Before(cut)
			if future {
				planned++
			}
			day := huoshui.DateOf(m.StartsAt.In(huoshui.Shanghai))
			for _, inv := range b.Invitees {
				who := byID[inv.MemberID]
				switch {
				case who == nil:
					t.Fatalf("%q invites %d, not of the branch", m.Title, inv.MemberID)
				case m.Type == huoshui.MeetingGroup && who.GroupID != m.OrgID:
					t.Fatalf("%q invites %s from outside the group", m.Title, who.Name)
				case who.ProbationOn.IsZero() || who.ProbationOn.After(day):
					t.Fatalf("%q on %s invites %s, who joined on %s", m.Title, day, who.Name, who.ProbationOn)
				case (future || m.CancelledAt != nil) != (inv.Attendance == huoshui.AttendanceUnknown):
					t.Fatalf("%q (planned %v, called off %v): attendance %q", m.Title, future, m.CancelledAt != nil, inv.Attendance)
				}
				switch inv.Attendance {
				case huoshui.AttendancePresent:
					present++
					if inv.CheckedInAt != nil {
						scanned++
					}
				case huoshui.AttendanceLeave:
					leave++
				case huoshui.AttendanceAbsent:
					absent++
				}
			}
		}
	}
	for _, ty := range huoshui.MeetingTypes {
		if types[ty] == 0 && ty != huoshui.MeetingAppraisal {
			t.Errorf("no %s in five years: %v", ty, types)
		}
	}
	all := present + leave + absent
	if present*100/all < 85 || leave == 0 || absent == 0 || scanned == 0 || scanned == present {
		t.Errorf("attendance: %d present (%d scanned), %d on leave, %d absent", present, scanned, leave, absent)
	}
	if late == 0 || cancelled == 0 || planned == 0 {
		t.Errorf("%d late entries, %d called off, %d planned: want some of each", late, cancelled, planned)
	}
}

// The province stored with its life, on each engine: the monthly counts
// the compliance calendar reads match a recount of the held meetings, each
// meeting's tally matches its invitees, and the rules find both periods
// done and periods overdue.
func TestLifeLoaded(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		p := Build(Options{Members: 500, Seed: 9, Today: today, Years: 5})
		if _, err := Load(ctx, s, huoshui.Actor{Username: "gen"}, p, nil); err != nil {
			t.Fatal(err)
		}
		totals := p.LifeTotals()
		ms, _, err := s.FindMeetings(ctx, huoshui.MeetingFilter{Scope: huoshui.Everything()})
		if err != nil {
			t.Fatal(err)
		}
		off, _, err := s.FindMeetings(ctx, huoshui.MeetingFilter{Scope: huoshui.Everything(), Cancelled: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(ms)+len(off) != totals.Meetings || len(off) == 0 {
			t.Fatalf("%d meetings and %d called off stored, gen counted %d", len(ms), len(off), totals.Meetings)
		}
		recount := map[string]int{}
		held, invitations := 0, 0
		for k, m := range append(ms, off...) {
			invitations += m.Tally.Invited
			if m.CancelledAt == nil && m.Tally.Present > 0 {
				held++
				for _, ty := range m.Counts() {
					recount[fmt.Sprintf("%d %s %s", m.OrgID, ty, m.StartsAt.In(huoshui.Shanghai).Format("2006-01"))]++
				}
			}
			if k%7 != 0 {
				continue
			}
			inv, err := s.FindInvitees(ctx, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			var tally huoshui.AttendanceTally
			for _, i := range inv {
				tally.Invited++
				switch i.Attendance {
				case huoshui.AttendancePresent:
					tally.Present++
				case huoshui.AttendanceLeave:
					tally.Leave++
				case huoshui.AttendanceAbsent:
					tally.Absent++
				}
				if i.Voting {
					tally.Voting++
					if i.Attendance == huoshui.AttendancePresent {
						tally.VotingPresent++
					}
				}
			}
			if tally != m.Tally {
				t.Fatalf("%q: kept tally %+v, invitees say %+v", m.Title, m.Tally, tally)
			}
		}
		if held != totals.Held || invitations != totals.Invitees {
			t.Errorf("stored %d held, %d invitations; gen counted %d, %d", held, invitations, totals.Held, totals.Invitees)
		}
		root := p.Nodes[0].Org
		counts, err := s.FindMeetingCounts(ctx, root, "2000-01", "2100-12")
		if err != nil {
			t.Fatal(err)
		}
		kept := map[string]int{}
		for _, c := range counts {
			kept[fmt.Sprintf("%d %s %s", c.OrgID, c.Type, c.Month)] += c.N
		}
		if !maps.Equal(kept, recount) {
			for _, k := range slices.Sorted(maps.Keys(recount)) {
				if kept[k] != recount[k] {
					t.Errorf("%s: kept %d, recounted %d", k, kept[k], recount[k])
				}
			}
			t.Fatalf("monthly counts differ from a recount (%d and %d keys)", len(kept), len(recount))
		}

		// The rules over last year and this year (to 15 March): branches
		// that kept them, and branches that fell behind.
		byOrg := map[int64][]rules.Count{}
		for _, c := range counts {
			tm, _ := time.Parse("2006-01", c.Month)
			byOrg[c.OrgID] = append(byOrg[c.OrgID], rules.Count{Type: c.Type, Year: tm.Year(), Month: tm.Month(), N: c.N})
		}
		now := time.Date(2026, 3, 15, 10, 0, 0, 0, huoshui.Shanghai)
		var sum [2]rules.Summary
		for _, i := range p.Branches {
			o := p.Nodes[i].Org
			for k, year := range []int{2025, 2026} {
				s := rules.Summarise(rules.Compliance(rules.OrgLife{Kind: o.Kind, HasCommittee: o.HasCommittee()}, byOrg[o.ID], year, now))
				sum[k].Done += s.Done
				sum[k].Overdue += s.Overdue
				sum[k].Due += s.Due
				sum[k].Upcoming += s.Upcoming
			}
		}
		if sum[0].Done == 0 || sum[0].Overdue == 0 || sum[0].Done < 5*sum[0].Overdue || sum[0].Due+sum[0].Upcoming != 0 {
			t.Errorf("2025: %+v, want mostly done, some overdue, nothing left", sum[0])
		}
		if sum[1].Done == 0 || sum[1].Due == 0 || sum[1].Upcoming == 0 {
			t.Errorf("2026 to 15 March: %+v, want done, due and upcoming items", sum[1])
		}
	})
}
