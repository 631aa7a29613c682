package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// Two officers record the same development step of one person at once
// (a double click, two tabs): one step is kept, the other refused with
// the rule, on both engines; and a mentor of another branch is refused.
func TestRaceDevelopmentStepRecordedOnce(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		s.SetClock(func() time.Time { return time.Date(2026, 12, 1, 10, 0, 0, 0, huoshui.Shanghai) })
		plan := rules.PlanStep(huoshui.NewDate(2026, 12, 1))
		raceRule(t, raceTrials, func(i int) string {
			p := &huoshui.Member{OrgID: tr.branchA.ID, Name: fmt.Sprintf("竞%02d", i), Gender: huoshui.Male,
				BirthDate: huoshui.NewDate(2000, 1, 10), Status: huoshui.StatusApplicant, AppliedOn: huoshui.NewDate(2026, 11, 1)}
			if err := s.CreateMember(ctx, actor, p); err != nil {
				t.Fatal(err)
			}
			rec := func() error {
				return s.RecordDevStep(ctx, actor, &huoshui.DevStep{MemberID: p.ID, Step: 1, Date: huoshui.NewDate(2026, 11, 1)}, nil, plan)
			}
			errs := race(rec, rec)
			f, err := s.FindDevFile(ctx, huoshui.Everything(), p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(f.Steps) != 1 || (errs[0] == nil) == (errs[1] == nil) {
				return fmt.Sprintf("%d steps kept, answers %v", len(f.Steps), errs)
			}
			return ""
		})
		// A mentor from the branch beside: refused, nothing written.
		p := &huoshui.Member{OrgID: tr.branchA.ID, Name: "钱晓雯", Gender: huoshui.Female, BirthDate: huoshui.NewDate(2000, 1, 10),
			Status: huoshui.StatusApplicant, AppliedOn: huoshui.NewDate(2024, 3, 1)}
		elsewhere := fullMember(tr.branchB.ID, "赵远", "")
		for _, m := range []*huoshui.Member{p, elsewhere} {
			if err := s.CreateMember(ctx, actor, m); err != nil {
				t.Fatal(err)
			}
		}
		for _, st := range []huoshui.DevStep{{Step: 1, Date: huoshui.NewDate(2024, 3, 1)}, {Step: 2, Date: huoshui.NewDate(2024, 3, 20)},
			{Step: 3, Date: huoshui.NewDate(2024, 6, 1)}, {Step: 4, Date: huoshui.NewDate(2024, 6, 5)}} {
			st.MemberID = p.ID
			if err := s.RecordDevStep(ctx, actor, &st, nil, plan); err != nil {
				t.Fatalf("step %d: %v", st.Step, err)
			}
		}
		err := s.RecordDevStep(ctx, actor, &huoshui.DevStep{MemberID: p.ID, Step: 5, Date: huoshui.NewDate(2024, 6, 10),
			People: []huoshui.DevPerson{{MemberID: elsewhere.ID}}}, nil, plan)
		wantFieldError(t, err, "people", "dev.person_unknown")
		if f, _ := s.FindDevFile(ctx, huoshui.Everything(), p.ID); len(f.Steps) != 4 {
			t.Errorf("%d steps after the refused mentor, want 4", len(f.Steps))
		}
	})
}
