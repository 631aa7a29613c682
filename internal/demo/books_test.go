package demo_test

import (
	"context"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// The secretariat's book corner: about sixty books, loans past and
// present, one overdue on the officers' list, the member account's due
// within days, and a reading note waiting as a training entry.
func TestSeedBooks(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		if _, err := demo.Seed(ctx, st); err != nil {
			t.Fatal(err)
		}
		orgs, err := st.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Everything(), Name: demo.BranchName})
		if err != nil || len(orgs) != 1 {
			t.Fatalf("branch: %v %v", orgs, err)
		}
		branch := orgs[0]
		today := rules.Today(st.Now())
		_, total, err := st.FindBooks(ctx, huoshui.BookFilter{Scope: huoshui.Everything(), OrgID: branch.ID})
		if err != nil || total < 55 || total > 65 {
			t.Errorf("%d books (%v), want about 60", total, err)
		}
		all, _ := st.FindLoans(ctx, store.LoanFilter{Scope: huoshui.Everything(), OrgID: branch.ID})
		overdue, _ := st.FindLoans(ctx, store.LoanFilter{Scope: huoshui.Everything(), OrgID: branch.ID, Overdue: true, Today: today})
		open, _ := st.FindLoans(ctx, store.LoanFilter{Scope: huoshui.Everything(), OrgID: branch.ID, Open: true})
		if len(all) < 20 || len(overdue) != 1 || len(open) < 3 {
			t.Errorf("%d loans, %d open, %d overdue", len(all), len(open), len(overdue))
		}
		member, err := st.FindUserByUsername(ctx, "member")
		if err != nil {
			t.Fatal(err)
		}
		mine, _ := st.FindLoans(ctx, store.LoanFilter{Scope: huoshui.Scope{MemberID: member.MemberID}, MemberID: member.MemberID, Open: true})
		if len(mine) != 1 || !rules.LoanReminder(mine[0], today) {
			t.Errorf("the member's open loans %+v: want one due within days", mine)
		}
		top, _ := st.MostBorrowed(ctx, huoshui.Everything(), branch.ID, 3)
		if len(top) != 3 || top[0].Borrowed < top[2].Borrowed {
			t.Errorf("most borrowed %+v", top)
		}
	})
}
