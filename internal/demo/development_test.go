package demo_test

import (
	"context"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/storetest"
)

// The demo's secretariat has one person at each stage of development,
// one with a deadline within two weeks and one past it.
func TestDemoDevelopment(t *testing.T) {
	t.Parallel()
	st := storetest.SQLite(t)
	ctx := context.Background()
	if _, err := demo.Seed(ctx, st); err != nil {
		t.Fatal(err)
	}
	rows, err := st.FindDevPeople(ctx, huoshui.DevFilter{Scope: huoshui.Everything()})
	if err != nil {
		t.Fatal(err)
	}
	today := huoshui.DateOf(st.Now().In(huoshui.Shanghai))
	stages := map[huoshui.DevStage]int{}
	soon, late := 0, 0
	for _, r := range rows {
		if r.Member.OrgName != demo.BranchName {
			continue
		}
		stages[r.Stage]++
		switch {
		case r.NextDue.IsZero():
		case today.After(r.NextDue):
			late++
		case today.DaysUntil(r.NextDue) <= 14:
			soon++
		}
	}
	for _, s := range huoshui.DevStages {
		if stages[s] != 1 {
			t.Errorf("stage %s has %d people in the secretariat, want 1 (%v)", s, stages[s], stages)
		}
	}
	if soon != 1 || late != 1 {
		t.Errorf("%d due within two weeks and %d late, want one each", soon, late)
	}
}
