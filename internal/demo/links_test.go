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
// them; and over all the activities it held, the share that led to a
// work outcome is about half, from every kind of activity, each note its
// own.
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
		// About half of all activities held — meetings of every kind,
		// lectures, discussions — lead to a work outcome, not all.
		if h < 60 || l*100 < h*50 || l*100 > h*60 {
			t.Errorf("the year's activities: %d held, %d linked (%.0f%%), want 50–60%%", h, l, float64(l)*100/float64(h))
		}
		// Committee meetings, group meetings, micro lectures and
		// discussions are among them, each link saying in its own words
		// what changed.
		ls, err := st.FindOrgLinks(ctx, huoshui.Everything(), branch, true, today.AddDate(-1, 0, 1), today)
		if err != nil {
			t.Fatal(err)
		}
		kinds, notes := map[string]int{}, map[string]int{}
		for _, x := range ls {
			kinds[x.ActivityType]++
			notes[x.Note]++
			if notes[x.Note] == 2 {
				t.Errorf("the note %q is written on more than one link", x.Note)
			}
		}
		for _, k := range []string{string(huoshui.MeetingCommittee), string(huoshui.MeetingGroup), string(huoshui.ActivityLecture), string(huoshui.ActivityDiscussion)} {
			if kinds[k] == 0 {
				t.Errorf("no %s of the year is linked (links by activity: %v)", k, kinds)
			}
		}
		t.Logf("%d of %d theme days linked; %d of %d activities (%.0f%%) as of %s", linked, held, l, h, float64(l)*100/float64(h), now.Format(time.DateOnly))
	})
}
