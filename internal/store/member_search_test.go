package store

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
)

// A name is found by the start of its characters, its full pinyin and its
// initials (each reading of the surname), in name order; a phone or ID
// number, in part, only inside the number scope. Both ways of reading —
// sorting a small part of the tree and walking an index over a large
// one — find the same members (in the same order, but for pinyin walked
// wide, which lists by key).
func TestFindMembersByNameAndNumber(t *testing.T) {
	t.Parallel()
	auditEngines(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		a := auditActor
		root := &huoshui.Org{Kind: huoshui.OrgCommittee, Name: "市委"}
		if err := s.CreateOrg(ctx, a, root); err != nil {
			t.Fatal(err)
		}
		one := &huoshui.Org{ParentID: root.ID, Kind: huoshui.OrgBranch, Name: "一支部"}
		two := &huoshui.Org{ParentID: root.ID, Kind: huoshui.OrgBranch, Name: "二支部"}
		for _, o := range []*huoshui.Org{one, two} {
			if err := s.CreateOrg(ctx, a, o); err != nil {
				t.Fatal(err)
			}
		}
		people := []struct {
			name, phone string
			org         *huoshui.Org
		}{
			{"李明远", "13800001234", one}, {"王建国", "13900005678", one}, {"王军", "13700009999", two},
			{"汪洋", "13600001111", two}, {"曾国藩", "13500002222", one}, {"欧阳明", "13400003333", two},
			{"刘备", "13300004444", one}, {"王建", "13200005555", two},
		}
		var ms []*huoshui.Member
		for _, p := range people {
			ms = append(ms, &huoshui.Member{OrgID: p.org.ID, Name: p.name, Phone: p.phone, Status: huoshui.StatusFull,
				AppliedOn: huoshui.NewDate(2010, 3, 1), ProbationOn: huoshui.NewDate(2012, 7, 1), FullOn: huoshui.NewDate(2013, 7, 1)})
		}
		if err := s.CreateMembers(ctx, a, ms); err != nil {
			t.Fatal(err)
		}
		city := huoshui.Scope{Paths: []string{root.Path}}
		names := func(ms []*huoshui.Member) []string {
			var out []string
			for _, m := range ms {
				out = append(out, m.Name)
			}
			return out
		}
		cases := []struct {
			q       string
			numbers huoshui.Scope
			want    []string
		}{
			{"王", huoshui.Scope{}, []string{"王建", "王建国", "王军"}},
			{"王建", huoshui.Scope{}, []string{"王建", "王建国"}},
			{"lmy", huoshui.Scope{}, []string{"李明远"}},
			{"limingyuan", huoshui.Scope{}, []string{"李明远"}},
			{"LiMing", huoshui.Scope{}, []string{"李明远"}},
			{"wj", huoshui.Scope{}, []string{"王建", "王建国", "王军"}},
			{"wang", huoshui.Scope{}, []string{"汪洋", "王建", "王建国", "王军"}},
			{"zgf", huoshui.Scope{}, []string{"曾国藩"}}, // the surname's reading zeng
			{"oym", huoshui.Scope{}, []string{"欧阳明"}}, // a vowel, yet initials: tried both ways
			{"1234", huoshui.Scope{}, nil},            // numbers: nobody without the number scope
			{"1234", city, []string{"李明远"}},           // part of a phone
			{"5678", city, []string{"王建国"}},
			{"5678", huoshui.Scope{Paths: []string{two.Path}}, nil}, // only inside the number scope: 王建国 is in branch one
			{"123", city, nil},           // fewer than 4 digits
			{"明远", huoshui.Scope{}, nil}, // the start of the name, not its middle
		}
		for _, wide := range []int{defaultWideFrom, 0} {
			s.wideFrom = wide
			for _, c := range cases {
				got, total, err := s.FindMembers(ctx, huoshui.MemberFilter{Scope: city, Query: c.q, NumberScope: c.numbers, Limit: 50})
				if err != nil {
					t.Fatalf("%q: %v", c.q, err)
				}
				n := names(got)
				if wide == 0 && c.q[0] >= 'A' {
					// Walked wide, a pinyin search lists by key, then by
					// name: wj (王建 王军) before wjg (王建国).
					n, c.want = slices.Sorted(slices.Values(n)), slices.Sorted(slices.Values(c.want))
				}
				if !slices.Equal(n, c.want) || total != len(c.want) {
					t.Errorf("wide from %d, %q: %v (total %d), want %v", wide, c.q, n, total, c.want)
				}
			}
		}
		// A renamed member is found by the new name only; an archived one
		// by the archived list's search.
		name := "赵云"
		if _, err := s.UpdateMember(ctx, a, ms[0].ID, huoshui.MemberUpdate{Name: &name}); err != nil {
			t.Fatal(err)
		}
		if err := s.ArchiveMember(ctx, a, ms[1].ID, "迁出"); err != nil {
			t.Fatal(err)
		}
		for _, wide := range []int{defaultWideFrom, 0} {
			s.wideFrom = wide
			for _, c := range []struct {
				q        string
				archived bool
				want     []string
			}{{"lmy", false, nil}, {"zy", false, []string{"赵云"}}, {"wjg", false, nil}, {"wjg", true, []string{"王建国"}}} {
				got, _, err := s.FindMembers(ctx, huoshui.MemberFilter{Scope: city, Query: c.q, Archived: c.archived, Limit: 50})
				if err != nil {
					t.Fatal(err)
				}
				if n := names(got); !slices.Equal(n, c.want) {
					t.Errorf("wide from %d, %q archived %v: %v, want %v", wide, c.q, c.archived, n, c.want)
				}
			}
		}
	})
}

// Over a large part of the tree the list reads an index in the order
// asked for and stops at the page's end: SQLite's plan names the index
// and sorts nothing (no "TEMP B-TREE").
func TestMemberListWalksAnIndex(t *testing.T) {
	t.Parallel()
	auditEngines(t, func(t *testing.T, s *Store) {
		if s.d.name != "sqlite" {
			t.Skip("EXPLAIN QUERY PLAN is SQLite's")
		}
		scope := huoshui.Scope{Paths: []string{"/1/2/"}}
		for _, c := range []struct {
			f     huoshui.MemberFilter
			index string
		}{
			{huoshui.MemberFilter{Scope: scope}, "members_current_name"},
			{huoshui.MemberFilter{Scope: scope, Sort: "-name"}, "members_current_name"},
			{huoshui.MemberFilter{Scope: scope, Sort: "birth_date"}, "members_current_birth"},
			{huoshui.MemberFilter{Scope: scope, Sort: "-joined"}, "members_current_joined"},
			{huoshui.MemberFilter{Scope: scope, Sort: "status"}, "members_current_status"},
			{huoshui.MemberFilter{Scope: scope, Query: "王"}, "members_current_name"},
			{huoshui.MemberFilter{Scope: scope, Query: "lmy"}, "SEARCH k USING PRIMARY KEY"},
		} {
			q := buildMemberQuery(c.f, parseSearch(c.f), true)
			rows, err := s.r.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+q.querySQL(50, 100), q.w.args...)
			if err != nil {
				t.Fatal(err)
			}
			var plan []string
			for rows.Next() {
				var id, parent, unused int
				var detail string
				if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
					t.Fatal(err)
				}
				plan = append(plan, detail)
			}
			rows.Close()
			if p := strings.Join(plan, "; "); !strings.Contains(p, c.index) || strings.Contains(p, "TEMP B-TREE") {
				t.Errorf("%+v: plan %q, want %s in order", c.f, p, c.index)
			}
		}
	})
}
