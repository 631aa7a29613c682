package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// Most of the secretariat's theme days of the last twelve months lead to
// an innovation or a task it can name, with what changed; not all of
// them; and the summary's share says the same.
func TestSeedLinks(t *testing.T) {
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
		now := st.Now()
		days, _, err := st.FindMeetings(ctx, huoshui.MeetingFilter{Scope: huoshui.Everything(), OrgID: branch.ID,
			From: now.AddDate(-1, 0, 0), To: now, Types: []huoshui.MeetingType{huoshui.MeetingThemeDay}})
		if err != nil {
			t.Fatal(err)
		}
		held, linked, innovations := 0, 0, map[int64]bool{}
		for _, m := range days {
			if m.Tally.Present == 0 {
				continue
			}
			held++
			ls, err := st.FindActivityLinks(ctx, huoshui.Everything(), huoshui.ActivityMeeting, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(ls) > 0 {
				linked++
			}
			for _, l := range ls {
				if l.Note == "" {
					t.Errorf("a link of %s says nothing of what changed", m.Title)
				}
				if l.OutputKind == huoshui.OutputInnovation {
					innovations[l.TargetID] = true
				}
			}
		}
		if held < 12 || linked*100 < held*60 || linked*100 > held*80 {
			t.Errorf("%d of %d theme days linked; want most (60–80%%)", linked, held)
		}
		if len(innovations) < 8 {
			t.Errorf("theme days lead to %d innovations, want most of them", len(innovations))
		}
		today := huoshui.DateOf(now.In(huoshui.Shanghai))
		h, l, err := st.ActivityCounts(ctx, branch, true, today.AddDate(-1, 0, 1), today)
		if err != nil {
			t.Fatal(err)
		}
		if h == 0 || l == 0 || l >= h {
			t.Errorf("the year's activities: %d held, %d linked", h, l)
		}
		t.Logf("%d of %d theme days linked; %d of %d activities (%.0f%%) as of %s", linked, held, l, h, float64(l)*100/float64(h), now.Format(time.DateOnly))
	})
}
