package rules

import (
	"cmp"
	"slices"

	"github.com/huoshui/huoshui"
)

// RotaEntry is one member's place in a lecture rota.
type RotaEntry struct {
	MemberID int64
	Name     string
	// Given is how many lectures the member gave in the branch.
	Given int
	// Owes reports, for a member away, whether they still owe the current
	// round's lecture: they come first when back.
	Owes bool
	// Away is the period that keeps them out of the rota today, if any.
	Away *huoshui.LectureAway
}

// Rota is a branch's micro lecture rota on a day.
type Rota struct {
	// Round is the current round, from 1: everyone available gives one
	// lecture in a round before anyone gives a second.
	Round int
	// Due are the members available today who have not yet given in this
	// round, the next lecturer first.
	Due []RotaEntry
	// Done are the members available today who gave in this round.
	Done []RotaEntry
	// Away are the members away today.
	Away []RotaEntry
}

// Next is the member due next, or nil when nobody is available.
func (r Rota) Next() *RotaEntry {
	if len(r.Due) == 0 {
		return nil
	}
	return &r.Due[0]
}

// NextLecturers computes a branch's lecture rota on day from its current
// members, the lectures given, the away periods and the swaps.
//
// The rules, each a case of the table test:
//
//   - Everyone available gives one lecture in a round before anyone gives
//     a second. A member's standing is the number of lectures they gave
//     (plus a credit when they joined late, below); the round is the
//     lowest standing among those available today, and those at it are
//     due, in the rota's order.
//   - A member away today is skipped: the round can close without them.
//     They keep their standing, so when back they are the lowest and come
//     first.
//   - A member who entered the rota late (Since after members already in
//     it) joins the current round: they are credited with the rounds the
//     members before them had completed by then (the lowest count of
//     lectures before Since among the earlier members not away that day),
//     so they owe one lecture this round, not every round they missed.
//     Members who entered together (a roster imported in one go) are not
//     late for one another.
//   - A member who left (archived, or no longer full or probationary) is
//     not among Members: their lectures no longer count and the round no
//     longer waits for them.
//   - The order is Members' order (by name), with each swap exchanging the
//     places of its two members, in the order the swaps were made. A swap
//     changes who goes first, never how many each gives.
//
// Lectures by people who are not members of the rota are ignored.
func NextLecturers(in huoshui.RotaInput, day huoshui.Date) Rota {
	pos := map[int64]int{}
	for i, m := range in.Members {
		if _, dup := pos[m.MemberID]; !dup {
			pos[m.MemberID] = i
		}
	}
	for _, s := range in.Swaps {
		pa, okA := pos[s.A]
		pb, okB := pos[s.B]
		if okA && okB {
			pos[s.A], pos[s.B] = pb, pa
		}
	}
	awayOn := func(id int64, d huoshui.Date) *huoshui.LectureAway {
		for i := range in.Aways {
			if a := in.Aways[i]; a.MemberID == id && a.Covers(d) {
				return &in.Aways[i]
			}
		}
		return nil
	}
	given := map[int64]int{}
	for _, l := range in.Lectures {
		if _, ok := pos[l.MemberID]; ok {
			given[l.MemberID]++
		}
	}
	before := func(id int64, d huoshui.Date) int {
		n := 0
		for _, l := range in.Lectures {
			if l.MemberID == id && l.HeldOn.Before(d) {
				n++
			}
		}
		return n
	}
	standing := map[int64]int{}
	for _, m := range in.Members {
		credit, any := 0, false
		for _, k := range in.Members {
			if k.MemberID == m.MemberID || !k.Since.Before(m.Since) || awayOn(k.MemberID, m.Since) != nil {
				continue
			}
			if n := before(k.MemberID, m.Since); !any || n < credit {
				credit, any = n, true
			}
		}
		standing[m.MemberID] = credit + given[m.MemberID]
	}

	var r Rota
	low, anyAvail := 0, false
	for _, m := range in.Members {
		if awayOn(m.MemberID, day) == nil {
			if st := standing[m.MemberID]; !anyAvail || st < low {
				low, anyAvail = st, true
			}
		}
	}
	if !anyAvail {
		for i, m := range in.Members {
			if st := standing[m.MemberID]; i == 0 || st < low {
				low = st
			}
		}
	}
	r.Round = low + 1
	seen := map[int64]bool{}
	for _, m := range in.Members {
		if seen[m.MemberID] {
			continue
		}
		seen[m.MemberID] = true
		e := RotaEntry{MemberID: m.MemberID, Name: m.Name, Given: given[m.MemberID]}
		st := standing[m.MemberID]
		switch a := awayOn(m.MemberID, day); {
		case a != nil:
			e.Away, e.Owes = a, st <= low
			r.Away = append(r.Away, e)
		case st == low:
			r.Due = append(r.Due, e)
		default:
			r.Done = append(r.Done, e)
		}
	}
	byPlace := func(a, b RotaEntry) int { return cmp.Compare(pos[a.MemberID], pos[b.MemberID]) }
	slices.SortStableFunc(r.Due, byPlace)
	slices.SortStableFunc(r.Done, byPlace)
	slices.SortStableFunc(r.Away, byPlace)
	return r
}
