package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// Links added to one activity at the same moment: the same pair twice
// makes one live link, not two, and two different outcomes make the
// activity count once among those linked. Then both removed at once
// leave it unlinked, not below zero.
func TestRaceWorkLinks(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := makeLinkFixture(t, s)
		branchA := huoshui.Scope{Paths: []string{f.p.tr.branchA.Path}}
		year := func() (int, int) {
			t.Helper()
			h, l, err := s.ActivityCounts(ctx, f.p.tr.branchA, false, huoshui.NewDate(2026, 1, 1), huoshui.NewDate(2026, 12, 31))
			if err != nil {
				t.Fatal(err)
			}
			return h, l
		}
		link := func(kind huoshui.TargetKind, id int64) *huoshui.WorkLink {
			return &huoshui.WorkLink{ActivityKind: huoshui.ActivityMeeting, ActivityID: f.meeting.ID, TargetKind: kind, TargetID: id, Note: "办结提速"}
		}
		raceRule(t, 10, func(int) string {
			task, dup, inno := link(huoshui.TargetTask, f.task.ID), link(huoshui.TargetTask, f.task.ID), link(huoshui.TargetOutput, f.innovation.ID)
			errs := race(
				func() error { return s.AddWorkLink(ctx, actor, branchA, task) },
				func() error { return s.AddWorkLink(ctx, actor, branchA, dup) },
				func() error { return s.AddWorkLink(ctx, actor, branchA, inno) },
			)
			if errs[2] != nil {
				return fmt.Sprintf("the innovation's link: %v", errs[2])
			}
			if (errs[0] == nil) == (errs[1] == nil) {
				return fmt.Sprintf("the same pair twice at once: %v, %v", errs[0], errs[1])
			}
			ls, err := s.FindActivityLinks(ctx, branchA, huoshui.ActivityMeeting, f.meeting.ID)
			if err != nil {
				return err.Error()
			}
			if h, l := year(); len(ls) != 2 || h != 1 || l != 1 {
				return fmt.Sprintf("after the adds: %d links, held %d, linked %d; want 2, 1, 1", len(ls), h, l)
			}
			ids := make([]int64, 0, 2)
			for _, l := range ls {
				ids = append(ids, l.ID)
			}
			errs = race(
				func() error { return s.RemoveWorkLink(ctx, actor, branchA, ids[0], false) },
				func() error { return s.RemoveWorkLink(ctx, actor, branchA, ids[1], false) },
				func() error { return s.RemoveWorkLink(ctx, actor, branchA, ids[1], false) },
			)
			for _, err := range errs {
				if err != nil {
					return fmt.Sprintf("removing: %v", err)
				}
			}
			if h, l := year(); h != 1 || l != 0 {
				return fmt.Sprintf("after the removals: held %d, linked %d; want 1, 0", h, l)
			}
			return ""
		})
	})
}
