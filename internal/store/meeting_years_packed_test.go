package store

import (
	"context"
	"testing"

	"github.com/huoshui/huoshui"
)

// FindMeetingYears reads a month too large for its packed read (4,096 or
// more) plainly, beside rows that fit, on both engines.
func TestMeetingYearsReadLargeCountsPlainly(t *testing.T) {
	auditEngines(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		root := &huoshui.Org{Kind: huoshui.OrgCommittee, Name: "中共测试市委"}
		branch := &huoshui.Org{Kind: huoshui.OrgBranch, Name: "第一党支部"}
		if err := s.BulkCreateOrgs(ctx, auditActor, []BulkOrg{{Org: root, Parent: -1}, {Org: branch, Parent: 0}}); err != nil {
			t.Fatal(err)
		}
		for _, r := range []struct {
			org  int64
			t    huoshui.MeetingType
			m03  int
			m12  int
			year int
		}{
			{branch.ID, huoshui.MeetingThemeDay, 4095, 1, 2026},
			{branch.ID, huoshui.MeetingGeneral, 5000, 7, 2026},
			{root.ID, huoshui.MeetingCommittee, 2, 70000, 2026},
			{root.ID, huoshui.MeetingGeneral, 9, 9, 2025},
		} {
			if _, err := s.w.ExecContext(ctx, `INSERT INTO meeting_year_counts (org_id, year, type, m03, m12) VALUES ($1, $2, $3, $4, $5)`,
				r.org, r.year, r.t, r.m03, r.m12); err != nil {
				t.Fatal(err)
			}
		}
		ys, err := s.FindMeetingYears(ctx, root, 2026)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][12]int{}
		for _, y := range ys {
			got[string(y.Type)] = y.N
		}
		want := map[string][12]int{
			string(huoshui.MeetingThemeDay):  {2: 4095, 11: 1},
			string(huoshui.MeetingGeneral):   {2: 5000, 11: 7},
			string(huoshui.MeetingCommittee): {2: 2, 11: 70000},
		}
		if len(ys) != 3 || len(got) != 3 {
			t.Fatalf("read %+v, want %v", ys, want)
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: read %v, want %v", k, got[k], v)
			}
		}
	})
}
