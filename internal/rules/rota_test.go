package rules

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/huoshui/huoshui"
)

func rotaDay(m, d int) huoshui.Date { return huoshui.NewDate(2026, 1, 1).AddDate(0, m-1, d-1) }

func rotaIDs(es []RotaEntry) []int64 {
	out := []int64{}
	for _, e := range es {
		out = append(out, e.MemberID)
	}
	return out
}

// Four members 1–4 entered together on 1 January, in this order.
func rotaMembers(ids ...int64) []huoshui.RotaMember {
	var out []huoshui.RotaMember
	for _, id := range ids {
		out = append(out, huoshui.RotaMember{MemberID: id, Since: rotaDay(1, 1)})
	}
	return out
}

func gave(month int, ids ...int64) []huoshui.LectureGiven {
	var out []huoshui.LectureGiven
	for i, id := range ids {
		out = append(out, huoshui.LectureGiven{MemberID: id, HeldOn: rotaDay(month, i+1)})
	}
	return out
}

func TestNextLecturersRota(t *testing.T) {
	t.Parallel()
	today := rotaDay(6, 1)
	late := huoshui.RotaMember{MemberID: 9, Since: rotaDay(3, 1)}
	tests := []struct {
		name                string
		in                  huoshui.RotaInput
		round               int
		due, done, awayWant []int64
		owes                []int64
	}{
		{name: "fresh rota: everyone due in order", in: huoshui.RotaInput{Members: rotaMembers(1, 2, 3, 4)},
			round: 1, due: []int64{1, 2, 3, 4}, done: []int64{}},
		{name: "who gave is done for the round", in: huoshui.RotaInput{Members: rotaMembers(1, 2, 3, 4), Lectures: gave(1, 1, 3)},
			round: 1, due: []int64{2, 4}, done: []int64{1, 3}},
		{name: "nobody gives a second before everyone gave one",
			in:    huoshui.RotaInput{Members: rotaMembers(1, 2, 3, 4), Lectures: append(gave(1, 1, 2, 3), gave(2, 1)...)},
			round: 1, due: []int64{4}, done: []int64{1, 2, 3}},
		{name: "a round complete starts the next", in: huoshui.RotaInput{Members: rotaMembers(1, 2, 3, 4), Lectures: gave(1, 1, 2, 3, 4)},
			round: 2, due: []int64{1, 2, 3, 4}, done: []int64{}},
		{name: "someone away is skipped and the round closes without them",
			in: huoshui.RotaInput{Members: rotaMembers(1, 2, 3), Lectures: gave(1, 1, 3),
				Aways: []huoshui.LectureAway{{MemberID: 2, From: rotaDay(1, 1), Reason: "借调"}}},
			round: 2, due: []int64{1, 3}, done: []int64{}, awayWant: []int64{2}, owes: []int64{2}},
		{name: "back from away, they come first",
			in: huoshui.RotaInput{Members: rotaMembers(1, 2, 3), Lectures: gave(1, 1, 3),
				Aways: []huoshui.LectureAway{{MemberID: 2, From: rotaDay(1, 1), Until: rotaDay(5, 1), Reason: "借调"}}},
			round: 1, due: []int64{2}, done: []int64{1, 3}},
		{name: "away who already gave owes nothing",
			in: huoshui.RotaInput{Members: rotaMembers(1, 2, 3), Lectures: gave(1, 2),
				Aways: []huoshui.LectureAway{{MemberID: 2, From: rotaDay(2, 1), Reason: "病假"}}},
			round: 1, due: []int64{1, 3}, done: []int64{}, awayWant: []int64{2}, owes: []int64{}},
		{name: "a new member joins the current round, not the first",
			in: huoshui.RotaInput{Members: append(rotaMembers(1, 2, 3), late),
				Lectures: append(gave(1, 1, 2, 3), gave(4, 1)...)},
			round: 2, due: []int64{2, 3, 9}, done: []int64{1}},
		{name: "members entered together are not late for one another",
			in: huoshui.RotaInput{Members: []huoshui.RotaMember{{MemberID: 1, Since: rotaDay(5, 1)}, {MemberID: 2, Since: rotaDay(5, 1)}},
				Lectures: gave(1, 1)},
			round: 1, due: []int64{2}, done: []int64{1}},
		{name: "an archived member leaves the rota and the round",
			in:    huoshui.RotaInput{Members: rotaMembers(1, 3), Lectures: gave(1, 1, 3)},
			round: 2, due: []int64{1, 3}, done: []int64{}},
		{name: "a swap exchanges two places",
			in:    huoshui.RotaInput{Members: rotaMembers(1, 2, 3, 4), Swaps: []huoshui.LectureSwap{{A: 1, B: 3}}},
			round: 1, due: []int64{3, 2, 1, 4}, done: []int64{}},
		{name: "after a swap the round stays one each",
			in: huoshui.RotaInput{Members: rotaMembers(1, 2, 3, 4), Swaps: []huoshui.LectureSwap{{A: 1, B: 3}},
				Lectures: gave(1, 3, 2, 1)},
			round: 1, due: []int64{4}, done: []int64{3, 2, 1}},
		{name: "a swap with someone outside the rota changes nothing",
			in:    huoshui.RotaInput{Members: rotaMembers(1, 2), Swaps: []huoshui.LectureSwap{{A: 1, B: 77}}},
			round: 1, due: []int64{1, 2}, done: []int64{}},
		{name: "lectures by non-members are ignored",
			in:    huoshui.RotaInput{Members: rotaMembers(1, 2), Lectures: gave(1, 55, 55)},
			round: 1, due: []int64{1, 2}, done: []int64{}},
		{name: "everyone away: the rota still shows its round",
			in:    huoshui.RotaInput{Members: rotaMembers(1), Aways: []huoshui.LectureAway{{MemberID: 1, From: rotaDay(1, 1)}}},
			round: 1, due: []int64{}, done: []int64{}, awayWant: []int64{1}, owes: []int64{1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NextLecturers(tt.in, today)
			if r.Round != tt.round {
				t.Errorf("round %d, want %d", r.Round, tt.round)
			}
			if got := rotaIDs(r.Due); !slices.Equal(got, tt.due) {
				t.Errorf("due %v, want %v", got, tt.due)
			}
			if got := rotaIDs(r.Done); !slices.Equal(got, tt.done) {
				t.Errorf("done %v, want %v", got, tt.done)
			}
			if got, want := rotaIDs(r.Away), append([]int64{}, tt.awayWant...); !slices.Equal(got, want) {
				t.Errorf("away %v, want %v", got, want)
			}
			if tt.owes != nil {
				owes := []int64{}
				for _, e := range r.Away {
					if e.Owes {
						owes = append(owes, e.MemberID)
					}
				}
				if !slices.Equal(owes, tt.owes) {
					t.Errorf("owing %v, want %v", owes, tt.owes)
				}
			}
		})
	}
}

// Followed day by day with random absences, swaps and a late member, the
// rota never lets anyone give a second lecture in a round while someone
// available has not given one.
func TestNextLecturersRotaFairness(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	in := huoshui.RotaInput{Members: rotaMembers(1, 2, 3, 4, 5, 6)}
	day := rotaDay(1, 1)
	for step := 0; step < 300; step++ {
		day = day.AddDate(0, 0, 7)
		switch rng.IntN(10) {
		case 0:
			id := int64(1 + rng.IntN(6))
			in.Aways = append(in.Aways, huoshui.LectureAway{MemberID: id, From: day, Until: day.AddDate(0, 0, 7*rng.IntN(6))})
		case 1:
			in.Swaps = append(in.Swaps, huoshui.LectureSwap{A: int64(1 + rng.IntN(6)), B: int64(1 + rng.IntN(6))})
		}
		if step == 100 {
			in.Members = append(in.Members, huoshui.RotaMember{MemberID: 7, Since: day})
		}
		r := NextLecturers(in, day)
		next := r.Next()
		if next == nil {
			continue
		}
		// Everyone available now and due has given no more than the one
		// chosen; everyone done gave exactly one more.
		for _, d := range r.Due {
			if d.Given > next.Given+1 {
				t.Fatalf("step %d: %d due with %d lectures, next %d with %d", step, d.MemberID, d.Given, next.MemberID, next.Given)
			}
		}
		in.Lectures = append(in.Lectures, huoshui.LectureGiven{MemberID: next.MemberID, HeldOn: day})
	}
	// Everyone gave about as many: the counts differ by little.
	counts := map[int64]int{}
	for _, l := range in.Lectures {
		counts[l.MemberID]++
	}
	lo, hi := 1<<30, 0
	for id := int64(1); id <= 6; id++ {
		lo, hi = min(lo, counts[id]), max(hi, counts[id])
	}
	if hi-lo > 2 {
		t.Errorf("counts %v: spread %d", counts, hi-lo)
	}
}
