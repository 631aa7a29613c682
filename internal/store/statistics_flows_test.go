package store_test

import (
	"context"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// The return's year counts the members who left the platform with a
// letter and those entered from one, beside the moves between branches,
// and the dues the branches collected, from the ledger.
func TestStatisticsCountsLettersAndDues(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		leaving := fullMember(tr.branchA.ID, "王晓梅", "")
		if err := s.CreateMember(ctx, actor, leaving); err != nil {
			t.Fatal(err)
		}
		issued := huoshui.NewDate(2026, 1, 10)
		if err := s.StartTransfer(ctx, actor, &huoshui.TransferCase{Kind: huoshui.TransferLetterOut, MemberID: leaving.ID,
			Destination: "中共某市财政局机关委员会", IssuedOn: issued, On: issued, ValidUntil: rules.LetterExpires(issued)}); err != nil {
			t.Fatal(err)
		}
		arriving := fullMember(tr.branchB.ID, "赵文静", "")
		if err := s.EnterFromLetter(ctx, actor, arriving, &huoshui.TransferCase{Origin: "中共某县委组织部",
			LetterNumber: "2026-XW-0031", IssuedOn: huoshui.NewDate(2026, 2, 3), On: huoshui.NewDate(2026, 2, 5)}); err != nil {
			t.Fatal(err)
		}
		payer := addDuesMember(t, s, tr.branchA.ID, "李建国")
		saveSalary(t, s, payer.ID, ym(2026, 1), huoshui.DuesSalary, "4600")
		for _, m := range []int{1, 2, 3} {
			if err := pay(s, payer.ID, ym(2026, m), 2300); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range []struct {
			org          *huoshui.Org
			in, out      int
			collectedFen int64
		}{
			{tr.committee, 1, 1, 6900},
			{tr.branchA, 0, 1, 6900},
			{tr.branchB, 1, 0, 0},
		} {
			st, err := s.Statistics(ctx, huoshui.Everything(), c.org.ID, huoshui.NewDate(2026, 5, 15))
			if err != nil {
				t.Fatal(err)
			}
			if st.Flows.TransfersIn != c.in || st.Flows.TransfersOut != c.out {
				t.Errorf("%s: transfers in %d out %d, want %d and %d", c.org.Name, st.Flows.TransfersIn, st.Flows.TransfersOut, c.in, c.out)
			}
			if !st.Dues.Available || st.Dues.CollectedFen != c.collectedFen {
				t.Errorf("%s: dues %+v, want %d fen collected", c.org.Name, st.Dues, c.collectedFen)
			}
		}
	})
}
