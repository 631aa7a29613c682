package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
	"github.com/huoshui/huoshui/internal/synth"
)

// loadProvince stores a generated province of n members through the bulk
// loader and returns it with every member, by branch node index.
func loadProvince(t testing.TB, s *store.Store, n int) (*synth.Province, map[int][]*huoshui.Member) {
	t.Helper()
	ctx := context.Background()
	p := synth.Build(synth.Options{Members: n, Seed: 3, Today: huoshui.NewDate(2026, 3, 15)})
	bulk := make([]store.BulkOrg, len(p.Nodes))
	for i, nd := range p.Nodes {
		bulk[i] = store.BulkOrg{Org: nd.Org, Parent: nd.Parent}
	}
	if err := s.BulkCreateOrgs(ctx, actor, bulk); err != nil {
		t.Fatalf("bulk orgs: %v", err)
	}
	byBranch := map[int][]*huoshui.Member{}
	var all []*huoshui.Member
	for _, bi := range p.Branches {
		ms := p.Members(bi)
		byBranch[bi] = ms
		all = append(all, ms...)
	}
	// Two calls, as gen makes one per city.
	half := len(all) / 2
	for _, part := range [][]*huoshui.Member{all[:half], all[half:]} {
		if err := s.BulkCreateMembers(ctx, actor, part); err != nil {
			t.Fatalf("bulk members: %v", err)
		}
	}
	return p, byBranch
}

func TestBulkLoad(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		p, byBranch := loadProvince(t, s, 300)

		// Every node is stored with the path the normal CreateOrg gives.
		for i, nd := range p.Nodes {
			got, err := s.FindOrgByID(ctx, huoshui.Everything(), nd.Org.ID)
			if err != nil {
				t.Fatalf("node %d %s: %v", i, nd.Org.Name, err)
			}
			parentPath := ""
			if nd.Parent >= 0 {
				parentPath = p.Nodes[nd.Parent].Org.Path
				if got.ParentID != p.Nodes[nd.Parent].Org.ID {
					t.Errorf("%s: parent %d, want %d", got.Name, got.ParentID, p.Nodes[nd.Parent].Org.ID)
				}
			}
			if want := huoshui.OrgPath(parentPath, got.ID); got.Path != want || nd.Org.Path != want {
				t.Errorf("%s: path %q (returned %q), want %q", got.Name, got.Path, nd.Org.Path, want)
			}
			if got.Name != nd.Org.Name || got.Kind != nd.Org.Kind || !got.CommitteeTermEnds.Equal(nd.Org.CommitteeTermEnds) {
				t.Errorf("node %d stored as %+v, want %+v", i, got, nd.Org)
			}
			if nd.Org.Kind == huoshui.OrgBranch && (got.MemberCount != nd.Members || got.FullCount != nd.Full) {
				t.Errorf("%s: counts %d/%d, want %d/%d", got.Name, got.MemberCount, got.FullCount, nd.Members, nd.Full)
			}
		}

		// Each branch lists exactly its generated people, as stored.
		total := 0
		for bi, want := range byBranch {
			got, n, err := s.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Scope{All: true}, OrgID: p.Nodes[bi].Org.ID})
			if err != nil {
				t.Fatal(err)
			}
			if n != len(want) || len(got) != len(want) {
				t.Fatalf("branch %s lists %d (total %d), want %d", p.Nodes[bi].Org.Name, len(got), n, len(want))
			}
			byID := map[int64]*huoshui.Member{}
			for _, m := range got {
				byID[m.ID] = m
			}
			for _, w := range want {
				g := byID[w.ID]
				if g == nil {
					t.Fatalf("member %s (id %d) not listed in their branch", w.Name, w.ID)
				}
				if g.Name != w.Name || g.IDNumber != w.IDNumber || g.Status != w.Status || g.GroupID != w.GroupID ||
					!g.BirthDate.Equal(w.BirthDate) || !g.AppliedOn.Equal(w.AppliedOn) || !g.FullOn.Equal(w.FullOn) ||
					g.Phone != w.Phone || g.Workplace != w.Workplace || g.CommitteePost != w.CommitteePost ||
					g.OrgPath != w.OrgPath || g.GroupName != w.GroupName {
					t.Errorf("member %d stored as\n%+v\nwant\n%+v", w.ID, g, w)
				}
				if err := g.Validate(); err != nil {
					t.Errorf("stored member %s: %v", g.Name, err)
				}
			}
			total += len(want)
		}
		if total != 300 {
			t.Fatalf("%d members generated, want 300", total)
		}

		// Subtree counts: the province and each city agree with what was
		// generated.
		wantFull := map[int]int{}
		wantAll := map[int]int{}
		for bi := range byBranch {
			c := p.Nodes[bi].City
			wantAll[c] += p.Nodes[bi].Members
			wantFull[c] += p.Nodes[bi].Full
		}
		sumAll, sumFull := 0, 0
		for ci, ni := range p.Cities {
			c, err := s.OrgCountsOf(ctx, []*huoshui.Org{p.Nodes[ni].Org})
			if err != nil {
				t.Fatal(err)
			}
			members, full := c[p.Nodes[ni].Org.ID].Members, c[p.Nodes[ni].Org.ID].Full
			if members != wantAll[ci] || full != wantFull[ci] {
				t.Errorf("city %s: %d/%d, want %d/%d", p.Nodes[ni].Org.Name, members, full, wantAll[ci], wantFull[ci])
			}
			sumAll, sumFull = sumAll+members, sumFull+full
		}
		root := p.Nodes[0].Org
		c, err := s.OrgCountsOf(ctx, []*huoshui.Org{root})
		if err != nil {
			t.Fatal(err)
		}
		members, full := c[root.ID].Members, c[root.ID].Full
		if members != 300 || full != sumFull || sumAll != 300 {
			t.Errorf("province: %d/%d, want 300/%d", members, full, sumFull)
		}

		// A member added the normal way afterwards counts on top.
		bi := p.Branches[0]
		m := fullMember(p.Nodes[bi].Org.ID, "后加入", "370102198001011234")
		m.IDNumber = m.IDNumber[:17] + string(huoshui.IDNumberCheckChar(m.IDNumber[:17]))
		if err := s.CreateMember(ctx, actor, m); err != nil {
			t.Fatalf("create after bulk: %v", err)
		}
		if c, _ := s.OrgCountsOf(ctx, []*huoshui.Org{root}); c[root.ID].Members != 301 {
			got := c[root.ID].Members
			t.Errorf("after one more member: %d, want 301", got)
		}

		// One audit record per bulk call, not one per row.
		entries, _, err := s.FindAuditEntries(ctx, huoshui.AuditFilter{Scope: huoshui.Scope{All: true}, ObjectType: store.AuditSynthetic})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(entries); n != 3 {
			t.Fatalf("%d audit records of the bulk load, want 3 (orgs, two member batches)", n)
		}
		for _, e := range entries {
			if e.Action != huoshui.AuditImport || e.After == "" {
				t.Errorf("audit record %+v", e)
			}
		}
	})
}

func TestBulkMembersRefused(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		ok := fullMember(tr.branchA.ID, "张三", "110101199003077777")
		ok.IDNumber = ok.IDNumber[:17] + string(huoshui.IDNumberCheckChar(ok.IDNumber[:17]))
		tests := []struct {
			name  string
			bad   func() *huoshui.Member
			row   int
			field string
		}{
			{"in a committee", func() *huoshui.Member {
				m := *ok
				m.OrgID, m.IDNumber = tr.committee.ID, ""
				return &m
			}, 2, "org_id"},
			{"group of another branch", func() *huoshui.Member {
				m := *ok
				m.OrgID, m.GroupID, m.IDNumber = tr.branchB.ID, tr.groupA.ID, ""
				return &m
			}, 2, "group_id"},
			{"invalid", func() *huoshui.Member {
				m := *ok
				m.Name, m.IDNumber = "", ""
				return &m
			}, 2, "name"},
			{"same ID number twice", func() *huoshui.Member {
				m := *ok
				return &m
			}, 0, "id_number"},
		}
		for _, tt := range tests {
			first := *ok
			err := s.BulkCreateMembers(ctx, actor, []*huoshui.Member{&first, tt.bad()})
			var ve *huoshui.ValidationError
			if !errors.As(err, &ve) || len(ve.Fields) == 0 || ve.Fields[0].Field != tt.field || ve.Fields[0].Row != tt.row {
				t.Errorf("%s: error %v, want a validation error on %s in row %d", tt.name, err, tt.field, tt.row)
			}
			if _, n, _ := s.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Scope{All: true}}); n != 0 {
				t.Fatalf("%s: %d members stored after a refused batch, want 0", tt.name, n)
			}
			if got, _ := s.FindOrgByID(ctx, huoshui.Everything(), tr.branchA.ID); got.MemberCount != 0 {
				t.Fatalf("%s: branch count %d after a refused batch", tt.name, got.MemberCount)
			}
		}
	})
}

func TestBulkOrgsUnderExisting(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		gb := &huoshui.Org{Kind: huoshui.OrgGeneralBranch, Name: "新总支", ParentID: tr.committee.ID}
		br := &huoshui.Org{Kind: huoshui.OrgBranch, Name: "新支部"}
		if err := s.BulkCreateOrgs(ctx, actor, []store.BulkOrg{{Org: gb, Parent: -1}, {Org: br, Parent: 0}}); err != nil {
			t.Fatal(err)
		}
		if want := huoshui.OrgPath(huoshui.OrgPath(tr.committee.Path, gb.ID), br.ID); br.Path != want || br.ParentID != gb.ID {
			t.Errorf("branch path %q parent %d, want %q under %d", br.Path, br.ParentID, want, gb.ID)
		}
		got, err := s.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Scope{Paths: []string{tr.committee.Path}}})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 6 {
			t.Errorf("committee subtree has %d nodes, want 6", len(got))
		}
		// A group cannot sit under a committee; nothing is stored then.
		bad := &huoshui.Org{Kind: huoshui.OrgGroup, Name: "错位小组", ParentID: tr.committee.ID}
		err = s.BulkCreateOrgs(ctx, actor, []store.BulkOrg{{Org: &huoshui.Org{Kind: huoshui.OrgBranch, Name: "甲", ParentID: tr.committee.ID}, Parent: -1}, {Org: bad, Parent: -1}})
		var ve *huoshui.ValidationError
		if !errors.As(err, &ve) || !ve.HasRow(2, "kind") {
			t.Errorf("group under committee: %v, want kind in row 2", err)
		}
		if got, _ := s.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Everything(), Name: "甲"}); len(got) != 0 {
			t.Errorf("refused batch left %d nodes", len(got))
		}
	})
}
