package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// wantFieldError fails unless err is a validation error naming field
// with code.
func wantFieldError(t *testing.T, err error, field, code string) {
	t.Helper()
	var ve *huoshui.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("got %v, want a validation error %s: %s", err, field, code)
	}
	for _, f := range ve.Fields {
		if f.Field == field && f.Code == code {
			return
		}
	}
	t.Fatalf("got %v, want %s: %s", ve, field, code)
}

// orgTestID makes a valid ID number for the n-th test member.
func orgTestID(n int) string {
	first := fmt.Sprintf("37010219850312%03d", 100+n)
	return first + string(huoshui.IDNumberCheckChar(first))
}

func TestCreateOrgUnderEachKind(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		parents := map[huoshui.OrgKind]*huoshui.Org{}
		root := &huoshui.Org{Kind: huoshui.OrgCommittee, Name: "机关党委"}
		if err := s.CreateOrg(ctx, actor, root); err != nil {
			t.Fatal(err)
		}
		parents[huoshui.OrgCommittee] = root
		for _, k := range []huoshui.OrgKind{huoshui.OrgGeneralBranch, huoshui.OrgBranch} {
			o := &huoshui.Org{ParentID: root.ID, Kind: k, Name: "上级 " + string(k)}
			if err := s.CreateOrg(ctx, actor, o); err != nil {
				t.Fatal(err)
			}
			parents[k] = o
		}
		g := &huoshui.Org{ParentID: parents[huoshui.OrgBranch].ID, Kind: huoshui.OrgGroup, Name: "上级 group"}
		if err := s.CreateOrg(ctx, actor, g); err != nil {
			t.Fatal(err)
		}
		parents[huoshui.OrgGroup] = g

		for _, pk := range huoshui.OrgKinds {
			for _, ck := range huoshui.OrgKinds {
				t.Run(fmt.Sprintf("%s under %s", ck, pk), func(t *testing.T) {
					p := parents[pk]
					o := &huoshui.Org{ParentID: p.ID, Kind: ck, Name: fmt.Sprintf("%s 下的 %s", pk, ck)}
					err := s.CreateOrg(ctx, actor, o)
					if !pk.CanParent(ck) {
						wantFieldError(t, err, "kind", "org.kind_under_parent")
						return
					}
					if err != nil {
						t.Fatalf("create: %v", err)
					}
					want := fmt.Sprintf("%s%d/", p.Path, o.ID)
					got, err := s.FindOrgByID(ctx, huoshui.Everything(), o.ID)
					if err != nil || got.Path != want || got.ParentID != p.ID || got.Kind != ck {
						t.Fatalf("read back %+v, %v; want path %s under %d", got, err, want, p.ID)
					}
				})
			}
		}

		// Nothing goes under an archived node.
		empty := &huoshui.Org{ParentID: root.ID, Kind: huoshui.OrgBranch, Name: "空支部"}
		if err := s.CreateOrg(ctx, actor, empty); err != nil {
			t.Fatal(err)
		}
		if err := s.ArchiveOrg(ctx, actor, empty.ID); err != nil {
			t.Fatal(err)
		}
		err := s.CreateOrg(ctx, actor, &huoshui.Org{ParentID: empty.ID, Kind: huoshui.OrgGroup, Name: "小组"})
		wantFieldError(t, err, "kind", "org.kind_under_parent")
	})
}

func TestMoveOrgRewritesPaths(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		gb := &huoshui.Org{ParentID: tr.committee.ID, Kind: huoshui.OrgGeneralBranch, Name: "第一党总支"}
		if err := s.CreateOrg(ctx, actor, gb); err != nil {
			t.Fatal(err)
		}
		m := fullMember(tr.branchA.ID, "王晓梅", "37010219850312002X")
		m.GroupID = tr.groupA.ID
		if err := s.CreateMember(ctx, actor, m); err != nil {
			t.Fatal(err)
		}

		moved, err := s.MoveOrg(ctx, actor, tr.branchA.ID, gb.ID)
		if err != nil {
			t.Fatalf("move: %v", err)
		}
		wantBranch := fmt.Sprintf("%s%d/", gb.Path, tr.branchA.ID)
		if moved.Path != wantBranch || moved.ParentID != gb.ID {
			t.Errorf("moved = %s under %d, want %s under %d", moved.Path, moved.ParentID, wantBranch, gb.ID)
		}
		// The grandchild (the group) follows.
		g, _ := s.FindOrgByID(ctx, huoshui.Everything(), tr.groupA.ID)
		if want := fmt.Sprintf("%s%d/", wantBranch, tr.groupA.ID); g.Path != want || g.ParentID != tr.branchA.ID {
			t.Errorf("group path %s parent %d, want %s under the branch", g.Path, g.ParentID, want)
		}
		// The sibling stays.
		b, _ := s.FindOrgByID(ctx, huoshui.Everything(), tr.branchB.ID)
		if b.Path != tr.branchB.Path {
			t.Errorf("sibling path changed: %s → %s", tr.branchB.Path, b.Path)
		}
		// The member follows: the general branch's subtree now holds them.
		list, total, err := s.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Scope{Paths: []string{gb.Path}}})
		if err != nil || total != 1 || list[0].ID != m.ID || list[0].OrgPath != wantBranch {
			t.Errorf("members under the general branch: %d %v", total, err)
		}
		if c, _ := s.OrgCountsOf(ctx, []*huoshui.Org{gb}); c[gb.ID] != (store.OrgCounts{Members: 1, Full: 1}) {
			n, f := c[gb.ID].Members, c[gb.ID].Full
			t.Errorf("general branch counts %d %d, want 1 1", n, f)
		}
		within, _ := s.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Scope{Paths: []string{gb.Path}}})
		if len(within) != 3 {
			t.Errorf("nodes under the general branch: %d, want itself, the branch and the group", len(within))
		}
	})
}

func TestMoveOrgRefused(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		sub := &huoshui.Org{ParentID: tr.committee.ID, Kind: huoshui.OrgCommittee, Name: "下级党委"}
		if err := s.CreateOrg(ctx, actor, sub); err != nil {
			t.Fatal(err)
		}
		subsub := &huoshui.Org{ParentID: sub.ID, Kind: huoshui.OrgCommittee, Name: "再下级党委"}
		if err := s.CreateOrg(ctx, actor, subsub); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name        string
			id, parent  int64
			field, code string
		}{
			{"under itself", sub.ID, sub.ID, "parent_id", "org.move_into_self"},
			{"under its own child", sub.ID, subsub.ID, "parent_id", "org.move_into_self"},
			{"root under its grandchild", tr.committee.ID, subsub.ID, "parent_id", "org.move_into_self"},
			{"branch under a branch", tr.branchA.ID, tr.branchB.ID, "parent_id", "org.kind_under_parent"},
			{"group under a committee", tr.groupA.ID, tr.committee.ID, "parent_id", "org.kind_under_parent"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				before, _ := s.FindOrgByID(ctx, huoshui.Everything(), c.id)
				_, err := s.MoveOrg(ctx, actor, c.id, c.parent)
				wantFieldError(t, err, c.field, c.code)
				after, _ := s.FindOrgByID(ctx, huoshui.Everything(), c.id)
				if after.Path != before.Path || after.ParentID != before.ParentID {
					t.Errorf("refused move changed the node: %s → %s", before.Path, after.Path)
				}
			})
		}
		if _, err := s.MoveOrg(ctx, actor, tr.branchA.ID, 999999); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("move under a missing node: %v, want not found", err)
		}
	})
}

func TestArchiveOrgOnlyWhenEmpty(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		m := fullMember(tr.branchB.ID, "李四", "37010219850312002X")
		if err := s.CreateMember(ctx, actor, m); err != nil {
			t.Fatal(err)
		}
		// A branch with a group below it, a branch with a member.
		wantFieldError(t, s.ArchiveOrg(ctx, actor, tr.branchA.ID), "org", "org.archive_not_empty")
		wantFieldError(t, s.ArchiveOrg(ctx, actor, tr.branchB.ID), "org", "org.archive_not_empty")
		// A group with a member placed in it.
		g := &huoshui.Org{ParentID: tr.branchB.ID, Kind: huoshui.OrgGroup, Name: "综合小组"}
		if err := s.CreateOrg(ctx, actor, g); err != nil {
			t.Fatal(err)
		}
		gid := g.ID
		if _, err := s.UpdateMember(ctx, actor, m.ID, huoshui.MemberUpdate{GroupID: &gid}); err != nil {
			t.Fatal(err)
		}
		wantFieldError(t, s.ArchiveOrg(ctx, actor, g.ID), "org", "org.archive_not_empty")
		for _, id := range []int64{tr.branchA.ID, tr.branchB.ID, g.ID} {
			if o, _ := s.FindOrgByID(ctx, huoshui.Everything(), id); o.ArchivedAt != nil {
				t.Errorf("org %d archived although refused", id)
			}
		}

		// Once empty, the group and then the branch go; an archived child
		// no longer holds its parent back.
		if err := s.ArchiveOrg(ctx, actor, tr.groupA.ID); err != nil {
			t.Fatalf("archive empty group: %v", err)
		}
		if err := s.ArchiveOrg(ctx, actor, tr.branchA.ID); err != nil {
			t.Fatalf("archive branch whose only child is archived: %v", err)
		}
		o, _ := s.FindOrgByID(ctx, huoshui.Everything(), tr.branchA.ID)
		if o.ArchivedAt == nil {
			t.Fatal("branch not archived")
		}
		current, _ := s.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Everything(), ParentID: tr.committee.ID})
		if len(current) != 1 || current[0].ID != tr.branchB.ID {
			t.Errorf("current children after archive: %d, want only the second branch", len(current))
		}
	})
}

func TestSubtreeCountsFollowMembers(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		counts := func(o *huoshui.Org) store.OrgCounts {
			t.Helper()
			o, err := s.FindOrgByID(ctx, huoshui.Everything(), o.ID) // a branch's counts are those read with it
			if err != nil {
				t.Fatal(err)
			}
			c, err := s.OrgCountsOf(ctx, []*huoshui.Org{o})
			if err != nil {
				t.Fatal(err)
			}
			return c[o.ID]
		}
		ms := []*huoshui.Member{
			fullMember(tr.branchA.ID, "甲", orgTestID(1)),
			fullMember(tr.branchA.ID, "乙", orgTestID(2)),
			fullMember(tr.branchB.ID, "丙", orgTestID(3)),
		}
		ms[1].GroupID = tr.groupA.ID
		if err := s.CreateMembers(ctx, actor, ms); err != nil {
			t.Fatal(err)
		}
		if got := counts(tr.committee); got != (store.OrgCounts{Members: 3, Full: 3}) {
			t.Errorf("committee after create: %+v", got)
		}
		if got := counts(tr.branchA); got != (store.OrgCounts{Members: 2, Full: 2}) {
			t.Errorf("branch A after create: %+v", got)
		}
		status, none := huoshui.StatusProbationary, huoshui.Date{}
		if _, err := s.UpdateMember(ctx, actor, ms[0].ID, huoshui.MemberUpdate{Status: &status, FullOn: &none}); err != nil {
			t.Fatal(err)
		}
		if err := s.ArchiveMember(ctx, actor, ms[2].ID, "去世"); err != nil {
			t.Fatal(err)
		}
		if got := counts(tr.committee); got != (store.OrgCounts{Members: 2, Full: 1, Probationary: 1}) {
			t.Errorf("committee after demotion and archive: %+v, want 2 1 1", got)
		}
		if got := counts(tr.branchB); got != (store.OrgCounts{}) {
			t.Errorf("branch B after archive: %+v, want 0 0", got)
		}

		// OrgCountsOf gives the same numbers for many nodes at once, and
		// counts a group's own members.
		all := []*huoshui.Org{tr.committee, tr.branchA, tr.branchB, tr.groupA}
		for i, o := range all {
			all[i], _ = s.FindOrgByID(ctx, huoshui.Everything(), o.ID)
		}
		got, err := s.OrgCountsOf(ctx, all)
		if err != nil {
			t.Fatal(err)
		}
		want := map[int64]store.OrgCounts{
			tr.committee.ID: {Members: 2, Full: 1, Probationary: 1}, tr.branchA.ID: {Members: 2, Full: 1, Probationary: 1},
			tr.branchB.ID: {}, tr.groupA.ID: {Members: 1, Full: 1},
		}
		for id, w := range want {
			if got[id] != w {
				t.Errorf("OrgCountsOf[%d] = %+v, want %+v", id, got[id], w)
			}
		}
	})
}

func TestFindOrgChildrenPages(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		root := &huoshui.Org{Kind: huoshui.OrgCommittee, Name: "党委"}
		if err := s.CreateOrg(ctx, actor, root); err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for i := 1; i <= 12; i++ {
			o := &huoshui.Org{ParentID: root.ID, Kind: huoshui.OrgBranch, Name: fmt.Sprintf("第%d党支部", i)}
			if err := s.CreateOrg(ctx, actor, o); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, o.ID)
		}
		// A grandchild is not a child.
		if err := s.CreateOrg(ctx, actor, &huoshui.Org{ParentID: ids[0], Kind: huoshui.OrgGroup, Name: "小组"}); err != nil {
			t.Fatal(err)
		}
		if err := s.ArchiveOrg(ctx, actor, ids[11]); err != nil {
			t.Fatal(err)
		}
		page, total, err := s.FindOrgChildren(ctx, root.ID, false, 5, 5)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, o := range page {
			names = append(names, o.Name)
		}
		if total != 11 || strings.Join(names, ",") != "第6党支部,第7党支部,第8党支部,第9党支部,第10党支部" {
			t.Errorf("second page: total %d, %v", total, names)
		}
		if _, total, _ := s.FindOrgChildren(ctx, root.ID, true, 0, 5); total != 12 {
			t.Errorf("with archived: total %d, want 12", total)
		}
		if page, total, _ := s.FindOrgChildren(ctx, root.ID, false, 50, 5); total != 11 || len(page) != 0 {
			t.Errorf("past the end: %d rows, total %d", len(page), total)
		}
	})
}

// A group with people in it stays in its branch: its members belong to the
// branch, not to wherever the group goes. An empty group may move.
func TestMoveGroupWithMembersRefused(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		m := fullMember(tr.branchA.ID, "王晓梅", "")
		m.GroupID = tr.groupA.ID
		if err := s.CreateMember(ctx, actor, m); err != nil {
			t.Fatal(err)
		}
		var ve *huoshui.ValidationError
		if _, err := s.MoveOrg(ctx, actor, tr.groupA.ID, tr.branchB.ID); !errors.As(err, &ve) || !ve.Has("parent_id") {
			t.Fatalf("moving a group with a member to another branch: %v, want a field error", err)
		}
		got, _ := s.FindOrgByID(ctx, huoshui.Everything(), tr.groupA.ID)
		if got.ParentID != tr.branchA.ID {
			t.Errorf("the refused move moved the group")
		}
		empty := &huoshui.Org{ParentID: tr.branchA.ID, Kind: huoshui.OrgGroup, Name: "第三党小组"}
		if err := s.CreateOrg(ctx, actor, empty); err != nil {
			t.Fatal(err)
		}
		vA, _ := s.FindOrgByID(ctx, huoshui.Everything(), tr.branchA.ID)
		vB, _ := s.FindOrgByID(ctx, huoshui.Everything(), tr.branchB.ID)
		if _, err := s.MoveOrg(ctx, actor, empty.ID, tr.branchB.ID); err != nil {
			t.Fatalf("moving an empty group: %v", err)
		}
		a2, _ := s.FindOrgByID(ctx, huoshui.Everything(), tr.branchA.ID)
		b2, _ := s.FindOrgByID(ctx, huoshui.Everything(), tr.branchB.ID)
		if a2.RosterVersion == vA.RosterVersion || b2.RosterVersion == vB.RosterVersion {
			t.Errorf("a move did not move both branches' roster versions")
		}
	})
}
