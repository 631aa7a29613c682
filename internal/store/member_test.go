package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

var actor = huoshui.Actor{Username: "test", IP: "127.0.0.1"}

// tree makes a committee with two branches, the first with a group.
type tree struct {
	committee, branchA, branchB, groupA *huoshui.Org
}

func makeTree(t *testing.T, s *store.Store) tree {
	t.Helper()
	return makeTreeNamed(t, s, "")
}

// makeTreeNamed makes the tree with suffix on every name, so one database
// can hold several.
func makeTreeNamed(t *testing.T, s *store.Store, suffix string) tree {
	t.Helper()
	var tr tree
	tr.committee = createOrg(t, s, 0, huoshui.OrgCommittee, "机关党委"+suffix)
	tr.branchA = createOrg(t, s, tr.committee.ID, huoshui.OrgBranch, "秘书处（督查处）党支部"+suffix)
	tr.branchB = createOrg(t, s, tr.committee.ID, huoshui.OrgBranch, "综合处党支部"+suffix)
	tr.groupA = createOrg(t, s, tr.branchA.ID, huoshui.OrgGroup, "第一党小组"+suffix)
	return tr
}

// createOrg adds one node and fails the test if it cannot.
func createOrg(t testing.TB, s *store.Store, parent int64, kind huoshui.OrgKind, name string) *huoshui.Org {
	t.Helper()
	o := &huoshui.Org{ParentID: parent, Kind: kind, Name: name}
	if err := s.CreateOrg(context.Background(), actor, o); err != nil {
		t.Fatalf("create org %s: %v", name, err)
	}
	return o
}

// fullMember is a full member of orgID; with an ID number, their gender is
// the one the number says (Validate reads it), without one a woman.
func fullMember(orgID int64, name, id string) *huoshui.Member {
	gender := huoshui.Female
	if id != "" {
		gender = ""
	}
	return &huoshui.Member{
		OrgID: orgID, Name: name, Gender: gender, IDNumber: id,
		Status:    huoshui.StatusFull,
		AppliedOn: huoshui.NewDate(2010, 3, 1), ProbationOn: huoshui.NewDate(2012, 7, 1),
		FullOn: huoshui.NewDate(2013, 7, 1),
	}
}

func TestMemberLifecycle(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		m := fullMember(tr.branchA.ID, "王晓梅", "37010219850312002X")
		m.GroupID = tr.groupA.ID
		if err := s.CreateMember(ctx, actor, m); err != nil {
			t.Fatalf("create: %v", err)
		}
		got, err := s.FindMemberByID(ctx, huoshui.Everything(), m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "王晓梅" || got.OrgName != tr.branchA.Name || got.GroupName != "第一党小组" || !got.FullOn.Equal(huoshui.NewDate(2013, 7, 1)) {
			t.Errorf("read back %+v", got)
		}

		// Counts follow every change.
		counts := func() (int, int) {
			t.Helper()
			c, err := s.OrgCountsOf(ctx, []*huoshui.Org{tr.committee})
			if err != nil {
				t.Fatal(err)
			}
			return c[tr.committee.ID].Members, c[tr.committee.ID].Full
		}
		if n, f := counts(); n != 1 || f != 1 {
			t.Errorf("after create: members %d full %d, want 1 1", n, f)
		}

		// A second member with the same ID number is refused, naming the field.
		dup := fullMember(tr.branchB.ID, "李四", "37010219850312002X")
		var ve *huoshui.ValidationError
		if err := s.CreateMember(ctx, actor, dup); !errors.As(err, &ve) || !ve.Has("id_number") {
			t.Errorf("duplicate ID number: got %v, want a field error on id_number", err)
		}

		status := huoshui.StatusProbationary
		full := huoshui.Date{}
		if _, err := s.UpdateMember(ctx, actor, m.ID, huoshui.MemberUpdate{Status: &status, FullOn: &full}); err != nil {
			t.Fatalf("update: %v", err)
		}
		if n, f := counts(); n != 1 || f != 0 {
			t.Errorf("after demotion: members %d full %d, want 1 0", n, f)
		}

		tf := &huoshui.Transfer{MemberID: m.ID, ToOrgID: tr.branchB.ID, On: huoshui.NewDate(2026, 11, 1), Reason: "工作调动"}
		if err := s.TransferMember(ctx, actor, tf); err != nil {
			t.Fatalf("transfer: %v", err)
		}
		got, _ = s.FindMemberByID(ctx, huoshui.Everything(), m.ID)
		if got.OrgID != tr.branchB.ID || got.GroupID != 0 {
			t.Errorf("after transfer: org %d group %d, want %d 0", got.OrgID, got.GroupID, tr.branchB.ID)
		}
		ts, err := s.FindTransfers(ctx, huoshui.Everything(), m.ID)
		if err != nil || len(ts) != 1 || ts[0].FromOrgName != tr.branchA.Name || ts[0].ToOrgName != tr.branchB.Name {
			t.Errorf("transfers = %+v, %v", ts, err)
		}
		a, _ := s.FindOrgByID(ctx, huoshui.Everything(), tr.branchA.ID)
		b, _ := s.FindOrgByID(ctx, huoshui.Everything(), tr.branchB.ID)
		if a.MemberCount != 0 || b.MemberCount != 1 {
			t.Errorf("branch counts after transfer: %d %d, want 0 1", a.MemberCount, b.MemberCount)
		}

		if err := s.ArchiveMember(ctx, actor, m.ID, "去世"); err != nil {
			t.Fatalf("archive: %v", err)
		}
		list, total, err := s.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Scope{All: true}})
		if err != nil || total != 0 || len(list) != 0 {
			t.Errorf("current members after archive: %d %v", total, err)
		}
		list, total, _ = s.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Scope{All: true}, Archived: true})
		if total != 1 || list[0].ArchiveReason != "去世" {
			t.Errorf("archived list: %d %+v", total, list)
		}
		if n, _ := counts(); n != 0 {
			t.Errorf("after archive: members %d, want 0", n)
		}

		entries, _, err := s.FindAuditEntries(ctx, huoshui.AuditFilter{Scope: huoshui.Scope{All: true}, ObjectType: "member", ObjectID: m.ID})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range entries {
			actions = append(actions, e.Action)
		}
		want := []string{"archive", "transfer", "transfer", "update", "create"}
		if len(actions) != len(want) {
			t.Fatalf("audit actions = %v, want %v", actions, want)
		}
		for i := range want {
			if actions[i] != want[i] {
				t.Errorf("audit actions = %v, want %v", actions, want)
				break
			}
		}
	})
}

func TestFindMembersScope(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		a := fullMember(tr.branchA.ID, "张三", "")
		b := fullMember(tr.branchB.ID, "李四", "")
		c := fullMember(tr.branchB.ID, "张伟", "")
		if err := s.CreateMembers(ctx, actor, []*huoshui.Member{a, b, c}); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name  string
			f     huoshui.MemberFilter
			names []string
		}{
			{"branch A officer", huoshui.MemberFilter{Scope: huoshui.Scope{Paths: []string{tr.branchA.Path}}}, []string{"张三"}},
			{"committee organiser, by pinyin", huoshui.MemberFilter{Scope: huoshui.Scope{Paths: []string{tr.committee.Path}}, Sort: "name"}, []string{"李四", "张三", "张伟"}},
			{"reverse name order", huoshui.MemberFilter{Scope: huoshui.Scope{Paths: []string{tr.committee.Path}}, Sort: "-name"}, []string{"张伟", "张三", "李四"}},
			{"member sees self", huoshui.MemberFilter{Scope: huoshui.Scope{MemberID: b.ID}}, []string{"李四"}},
			{"empty scope sees nothing", huoshui.MemberFilter{}, nil},
			{"search by name", huoshui.MemberFilter{Scope: huoshui.Scope{All: true}, Query: "张"}, []string{"张三", "张伟"}},
			{"branch filter", huoshui.MemberFilter{Scope: huoshui.Scope{All: true}, OrgID: tr.branchB.ID}, []string{"李四", "张伟"}},
			{"wildcards typed are literal", huoshui.MemberFilter{Scope: huoshui.Scope{All: true}, Query: "%"}, []string{"李四", "张三", "张伟"}},
		}
		for _, c := range cases {
			list, total, err := s.FindMembers(ctx, c.f)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			var names []string
			for _, m := range list {
				names = append(names, m.Name)
			}
			if total != len(c.names) || len(names) != len(c.names) {
				t.Errorf("%s: got %v (total %d), want %v", c.name, names, total, c.names)
				continue
			}
			for i := range names {
				if names[i] != c.names[i] {
					t.Errorf("%s: got %v, want %v", c.name, names, c.names)
					break
				}
			}
		}
	})
}

func TestCreateMembersAllOrNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		good := fullMember(tr.branchA.ID, "赵六", "")
		bad := fullMember(tr.branchA.ID, "", "110101199003071234")
		err := s.CreateMembers(ctx, actor, []*huoshui.Member{good, bad})
		var ve *huoshui.ValidationError
		if !errors.As(err, &ve) || !ve.HasRow(2, "name") {
			t.Fatalf("got %v, want field errors on row 2", err)
		}
		_, total, _ := s.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Scope{All: true}})
		if total != 0 {
			t.Errorf("after a failed batch %d members are stored, want 0", total)
		}
		org, _ := s.FindOrgByID(ctx, huoshui.Everything(), tr.branchA.ID)
		if org.MemberCount != 0 {
			t.Errorf("member count %d after rollback, want 0", org.MemberCount)
		}
	})
}

func TestMemberPlacement(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		cases := []struct {
			name  string
			org   int64
			group int64
			field string
		}{
			{"on a committee", tr.committee.ID, 0, "org_id"},
			{"in a group of another branch", tr.branchB.ID, tr.groupA.ID, "group_id"},
			{"on a node that does not exist", 9999, 0, "org_id"},
		}
		for _, c := range cases {
			m := fullMember(c.org, "测试", "")
			m.GroupID = c.group
			var ve *huoshui.ValidationError
			if err := s.CreateMember(ctx, actor, m); !errors.As(err, &ve) || !ve.Has(c.field) {
				t.Errorf("%s: got %v, want a field error on %s", c.name, err, c.field)
			}
		}
	})
}

// Every change a branch's member list shows moves the branch's roster
// version in the same transaction, and nothing else does.
func TestRosterVersionMovesWithEveryChange(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		version := func(o *huoshui.Org) int64 {
			t.Helper()
			got, err := s.FindOrgByID(ctx, huoshui.Everything(), o.ID)
			if err != nil {
				t.Fatal(err)
			}
			return got.RosterVersion
		}
		m := fullMember(tr.branchA.ID, "王晓梅", "")
		steps := []struct {
			name   string
			change func() error
			moved  []*huoshui.Org
			stayed []*huoshui.Org
		}{
			{"create", func() error { return s.CreateMember(ctx, actor, m) }, []*huoshui.Org{tr.branchA}, []*huoshui.Org{tr.branchB}},
			{"edit", func() error {
				post := "秘书"
				_, err := s.UpdateMember(ctx, actor, m.ID, huoshui.MemberUpdate{Post: &post})
				return err
			}, []*huoshui.Org{tr.branchA}, []*huoshui.Org{tr.branchB}},
			{"rename the group", func() error {
				name := "第一小组"
				_, err := s.UpdateOrg(ctx, actor, tr.groupA.ID, huoshui.OrgUpdate{Name: &name})
				return err
			}, []*huoshui.Org{tr.branchA}, []*huoshui.Org{tr.branchB}},
			{"archive", func() error { return s.ArchiveMember(ctx, actor, m.ID, "调离") }, []*huoshui.Org{tr.branchA}, nil},
			{"restore", func() error { return s.RestoreMember(ctx, actor, m.ID) }, []*huoshui.Org{tr.branchA}, nil},
			{"transfer", func() error {
				return s.TransferMember(ctx, actor, &huoshui.Transfer{MemberID: m.ID, ToOrgID: tr.branchB.ID, On: huoshui.NewDate(2026, 11, 1)})
			}, []*huoshui.Org{tr.branchA, tr.branchB}, nil},
		}
		for _, st := range steps {
			before := map[int64]int64{}
			for _, o := range append(st.moved, st.stayed...) {
				before[o.ID] = version(o)
			}
			if err := st.change(); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			for _, o := range st.moved {
				if version(o) == before[o.ID] {
					t.Errorf("%s: the roster version of %s did not move", st.name, o.Name)
				}
			}
			for _, o := range st.stayed {
				if version(o) != before[o.ID] {
					t.Errorf("%s: the roster version of %s moved", st.name, o.Name)
				}
			}
		}
	})
}

// Two people archiving, or transferring, the same member at once (a double
// click) change the counts once.
func TestConcurrentChangesCountOnce(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		a := fullMember(tr.branchA.ID, "王晓梅", "")
		b := fullMember(tr.branchA.ID, "李四", "")
		if err := s.CreateMembers(ctx, actor, []*huoshui.Member{a, b}); err != nil {
			t.Fatal(err)
		}
		run := func(n int, fn func() error) {
			var wg sync.WaitGroup
			for range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					fn() // the losers may be refused; the counts must still be right
				}()
			}
			wg.Wait()
		}
		run(8, func() error { return s.ArchiveMember(ctx, actor, a.ID, "调离") })
		run(8, func() error {
			return s.TransferMember(ctx, actor, &huoshui.Transfer{MemberID: b.ID, ToOrgID: tr.branchB.ID, On: huoshui.NewDate(2026, 11, 1)})
		})
		ga, _ := s.FindOrgByID(ctx, huoshui.Everything(), tr.branchA.ID)
		gb, _ := s.FindOrgByID(ctx, huoshui.Everything(), tr.branchB.ID)
		if ga.MemberCount != 0 || ga.FullCount != 0 || gb.MemberCount != 1 || gb.FullCount != 1 {
			t.Errorf("counts after concurrent changes: A %d/%d, B %d/%d; want A 0/0, B 1/1",
				ga.MemberCount, ga.FullCount, gb.MemberCount, gb.FullCount)
		}
		ts, _ := s.FindTransfers(ctx, huoshui.Everything(), b.ID)
		if len(ts) != 1 {
			t.Errorf("%d transfer records for one move, want 1", len(ts))
		}
	})
}

// Archiving an empty branch while someone adds a member to it: one of the
// two wins, never both — no member is left in an archived branch.
func TestArchiveBranchRacesNewMember(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		for i := range 5 {
			tr := makeTreeNamed(t, s, fmt.Sprint(i))
			var wg sync.WaitGroup
			wg.Add(2)
			go func() { defer wg.Done(); s.ArchiveOrg(ctx, actor, tr.branchB.ID) }()
			go func() { defer wg.Done(); s.CreateMember(ctx, actor, fullMember(tr.branchB.ID, "李四", "")) }()
			wg.Wait()
			o, _ := s.FindOrgByID(ctx, huoshui.Everything(), tr.branchB.ID)
			_, n, _ := s.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Scope{All: true}, OrgID: tr.branchB.ID})
			if o.ArchivedAt != nil && n > 0 {
				t.Fatalf("round %d: a member was added to a branch archived at the same time", i)
			}
		}
	})
}

func TestFindMembersTotal(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a := huoshui.Actor{Username: "test"}
		root := &huoshui.Org{Kind: huoshui.OrgCommittee, Name: "党委"}
		if err := s.CreateOrg(ctx, a, root); err != nil {
			t.Fatal(err)
		}
		branch := &huoshui.Org{ParentID: root.ID, Kind: huoshui.OrgBranch, Name: "支部"}
		if err := s.CreateOrg(ctx, a, branch); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"甲", "乙", "丙", "丁", "戊"} {
			m := &huoshui.Member{OrgID: branch.ID, Name: name, Status: huoshui.StatusApplicant, AppliedOn: huoshui.NewDate(2024, 1, 1)}
			if err := s.CreateMember(ctx, a, m); err != nil {
				t.Fatal(err)
			}
		}
		tests := []struct {
			limit, offset int
			status        huoshui.MemberStatus
			rows, total   int
		}{
			{0, 0, "", 5, 5},                         // no paging
			{50, 0, "", 5, 5},                        // one short page: no count needed
			{2, 0, "", 2, 5},                         // a full page: counted
			{2, 4, "", 1, 5},                         // the short last page
			{2, 6, "", 0, 5},                         // past the end: counted
			{50, 0, huoshui.StatusFull, 0, 0},        // nothing matches
			{2, 2, huoshui.StatusApplicant, 2, 5},    // a full middle page
			{50, 10, huoshui.StatusApplicant, 0, 5},  // far past the end
			{3, 0, huoshui.StatusProbationary, 0, 0}, // empty filter
		}
		for _, tt := range tests {
			ms, total, err := s.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Scope{All: true}, Status: tt.status,
				Limit: tt.limit, Offset: tt.offset})
			if err != nil {
				t.Fatal(err)
			}
			if len(ms) != tt.rows || total != tt.total {
				t.Errorf("limit %d offset %d status %q: %d rows of %d, want %d of %d",
					tt.limit, tt.offset, tt.status, len(ms), total, tt.rows, tt.total)
			}
		}
	})
}
