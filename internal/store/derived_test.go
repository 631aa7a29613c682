package store

import (
	"context"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/huoshui/huoshui"
)

// TestDerivedStateFollowsRandomWrites makes random member writes through
// every write path (create, import, bulk load, change of status, archive,
// restore, transfer) and after each checks that every branch's roster
// version moved when its list changed, and at the end, and every few
// writes, that every node's kept counts equal a fresh COUNT(*) over the
// members.
func TestDerivedStateFollowsRandomWrites(t *testing.T) {
	t.Parallel()
	auditEngines(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		a := auditActor
		var branches, groups []*huoshui.Org
		mk := func(parent int64, kind huoshui.OrgKind, name string) *huoshui.Org {
			t.Helper()
			o := &huoshui.Org{ParentID: parent, Kind: kind, Name: name}
			if err := s.CreateOrg(ctx, a, o); err != nil {
				t.Fatalf("create org %s: %v", name, err)
			}
			return o
		}
		root := mk(0, huoshui.OrgCommittee, "机关党委")
		general := mk(root.ID, huoshui.OrgGeneralBranch, "机关党总支")
		for i, name := range []string{"第一党支部", "第二党支部", "第三党支部", "第四党支部"} {
			parent := root.ID
			if i >= 2 {
				parent = general.ID
			}
			b := mk(parent, huoshui.OrgBranch, name)
			branches = append(branches, b)
			groups = append(groups, mk(b.ID, huoshui.OrgGroup, name+"第一党小组"))
		}
		uploader := &huoshui.User{Username: "uploader", DisplayName: "上传人", PasswordHash: "x"}
		if err := s.CreateUser(ctx, a, uploader); err != nil {
			t.Fatal(err)
		}

		newMember := func(r *rand.Rand, bi int) *huoshui.Member {
			m := &huoshui.Member{OrgID: branches[bi].ID, Name: "党员" + string(rune('甲'+r.IntN(200))),
				Gender: huoshui.Female, BirthDate: huoshui.NewDate(1985, 3, 12), Status: huoshui.StatusProbationary,
				AppliedOn: huoshui.NewDate(2010, 3, 1), ProbationOn: huoshui.NewDate(2012, 7, 1)}
			if r.IntN(2) == 0 {
				m.Status, m.FullOn = huoshui.StatusFull, huoshui.NewDate(2013, 7, 1)
			}
			if r.IntN(3) == 0 {
				m.GroupID = groups[bi].ID
			}
			return m
		}
		versions := func() map[int64]int64 {
			t.Helper()
			out := map[int64]int64{}
			rows, err := s.r.QueryContext(ctx, "SELECT id, roster_version FROM orgs")
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var id, v int64
				if err := rows.Scan(&id, &v); err != nil {
					t.Fatal(err)
				}
				out[id] = v
			}
			return out
		}
		// treeVersions are the subtree versions of every node.
		treeVersions := func() map[int64]int64 {
			t.Helper()
			out := map[int64]int64{}
			rows, err := s.r.QueryContext(ctx, "SELECT org_id, roster_version FROM org_tree_counts")
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var id, v int64
				if err := rows.Scan(&id, &v); err != nil {
					t.Fatal(err)
				}
				out[id] = v
			}
			return out
		}
		checkCounts := func(step int) {
			t.Helper()
			rows, err := s.r.QueryContext(ctx, `SELECT o.id, o.name, o.member_count, o.full_count,
				(SELECT COUNT(*) FROM members m WHERE m.org_id = o.id AND m.archived_at IS NULL),
				(SELECT COUNT(*) FROM members m WHERE m.org_id = o.id AND m.archived_at IS NULL AND m.status = 'full')
				FROM orgs o`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var id int64
				var name string
				var kept, keptFull, n, full int
				if err := rows.Scan(&id, &name, &kept, &keptFull, &n, &full); err != nil {
					t.Fatal(err)
				}
				if kept != n || keptFull != full {
					t.Errorf("after step %d %s keeps %d members, %d full; COUNT(*) says %d, %d", step, name, kept, keptFull, n, full)
				}
			}
			// The subtree sum agrees with the members under the committee.
			c, err := s.OrgCountsOf(ctx, []*huoshui.Org{root})
			if err != nil {
				t.Fatal(err)
			}
			var want OrgCounts
			if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN status = 'full' THEN 1 ELSE 0 END), 0),
				COALESCE(SUM(CASE WHEN status = 'probationary' THEN 1 ELSE 0 END), 0),
				COALESCE(SUM(CASE WHEN status = 'candidate' THEN 1 ELSE 0 END), 0),
				COALESCE(SUM(CASE WHEN status = 'activist' THEN 1 ELSE 0 END), 0),
				COALESCE(SUM(CASE WHEN status = 'applicant' THEN 1 ELSE 0 END), 0)
				FROM members WHERE archived_at IS NULL`).Scan(&want.Members, &want.Full, &want.Probationary,
				&want.Candidates, &want.Activists, &want.Applicants); err != nil {
				t.Fatal(err)
			}
			if c[root.ID] != want {
				t.Errorf("after step %d the committee counts %+v, COUNT(*) says %+v", step, c[root.ID], want)
			}
			// Every node keeps its subtree's counts: the members of the
			// nodes under it, itself included.
			trees, err := s.r.QueryContext(ctx, `SELECT o.id, o.name, COALESCE(t.member_count, 0), COALESCE(t.full_count, 0),
				COALESCE(t.party_count, 0), COALESCE(t.applicant_count + t.activist_count + t.candidate_count, 0),
				(SELECT COUNT(*) FROM members m JOIN orgs d ON d.id = m.org_id
					WHERE m.archived_at IS NULL AND d.path >= o.path AND d.path < substr(o.path, 1, length(o.path) - 1) || '0'),
				(SELECT COUNT(*) FROM members m JOIN orgs d ON d.id = m.org_id
					WHERE m.archived_at IS NULL AND m.status = 'full' AND d.path >= o.path AND d.path < substr(o.path, 1, length(o.path) - 1) || '0'),
				(SELECT COUNT(*) FROM members m JOIN orgs d ON d.id = m.org_id
					WHERE m.archived_at IS NULL AND m.status IN ('full', 'probationary') AND d.path >= o.path AND d.path < substr(o.path, 1, length(o.path) - 1) || '0')
				FROM orgs o LEFT JOIN org_tree_counts t ON t.org_id = o.id`)
			if err != nil {
				t.Fatal(err)
			}
			for trees.Next() {
				var id int64
				var name string
				var members, full, party, onTheWay, wantMembers, wantFull, wantParty int
				if err := trees.Scan(&id, &name, &members, &full, &party, &onTheWay, &wantMembers, &wantFull, &wantParty); err != nil {
					t.Fatal(err)
				}
				if members != wantMembers || full != wantFull || party != wantParty || onTheWay != wantMembers-wantParty {
					t.Errorf("after step %d %s keeps a subtree of %d members (%d full, %d party, %d on the way); COUNT(*) says %d (%d full, %d party)",
						step, name, members, full, party, onTheWay, wantMembers, wantFull, wantParty)
				}
			}
			trees.Close()
			// The member list's total over the committee, one branch and a
			// status, from the kept counts, agrees with a fresh count.
			for _, f := range []huoshui.MemberFilter{
				{Scope: huoshui.Scope{Paths: []string{root.Path}}},
				{Scope: huoshui.Scope{Paths: []string{root.Path}}, Status: huoshui.StatusFull},
				{Scope: huoshui.Scope{Paths: []string{root.Path}}, Status: huoshui.StatusProbationary},
				{Scope: huoshui.Scope{Paths: []string{root.Path}}, OrgID: branches[max(step, 0)%len(branches)].ID},
			} {
				kept, ok, err := s.keptTotal(ctx, f)
				if err != nil || !ok {
					t.Fatalf("kept total %+v: %v %v", f, ok, err)
				}
				w := &where{}
				w.add("m.archived_at IS NULL")
				if f.Status != "" {
					w.add("m.status = ?", string(f.Status))
				}
				if f.OrgID != 0 {
					w.add("m.org_id = ?", f.OrgID)
				}
				var fresh int
				if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM members m"+w.String(), w.args...).Scan(&fresh); err != nil {
					t.Fatal(err)
				}
				if kept != fresh {
					t.Errorf("after step %d the list's kept total of %+v is %d, COUNT(*) says %d", step, f, kept, fresh)
				}
			}
			// Every member has the search keys of their name and place as
			// they stand, and no others.
			var stale int
			if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM members m WHERE NOT EXISTS
				(SELECT 1 FROM member_keys k WHERE k.member_id = m.id)`).Scan(&stale); err != nil {
				t.Fatal(err)
			}
			var wrong int
			if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM member_keys k JOIN members m ON m.id = k.member_id
				WHERE k.org_id <> m.org_id OR k.name_key <> m.name_key
				OR k.current <> (CASE WHEN m.archived_at IS NULL THEN 1 ELSE 0 END)`).Scan(&wrong); err != nil {
				t.Fatal(err)
			}
			if stale != 0 || wrong != 0 {
				t.Errorf("after step %d: %d members without search keys, %d keys out of date", step, stale, wrong)
			}
		}

		type kept struct {
			id       int64
			branch   int
			archived bool
			full     bool
		}
		var ms []*kept
		pick := func(r *rand.Rand, archived bool) *kept {
			var c []*kept
			for _, k := range ms {
				if k.archived == archived {
					c = append(c, k)
				}
			}
			if len(c) == 0 {
				return nil
			}
			return c[r.IntN(len(c))]
		}
		r := rand.New(rand.NewPCG(5, 5))
		for step := 1; step <= 120; step++ {
			before, beforeTree := versions(), treeVersions()
			var touched []int // branch indexes whose list must have changed
			op := r.IntN(8)
			switch op {
			case 0: // create one
				bi := r.IntN(len(branches))
				m := newMember(r, bi)
				if err := s.CreateMember(ctx, a, m); err != nil {
					t.Fatalf("step %d create: %v", step, err)
				}
				ms = append(ms, &kept{id: m.ID, branch: bi, full: m.Status == huoshui.StatusFull})
				touched = []int{bi}
			case 1: // import a staged batch
				bi := r.IntN(len(branches))
				b := &huoshui.ImportBatch{UserID: uploader.ID, OrgID: branches[bi].ID, FileName: "roster.xlsx", Rows: []huoshui.ImportRow{}}
				if err := s.CreateImportBatch(ctx, b); err != nil {
					t.Fatal(err)
				}
				var batch []*huoshui.Member
				for range 1 + r.IntN(3) {
					batch = append(batch, newMember(r, bi))
				}
				if err := s.CreateImportedMembers(ctx, huoshui.Actor{UserID: uploader.ID, Username: uploader.Username}, b.ID, batch); err != nil {
					t.Fatalf("step %d import: %v", step, err)
				}
				for _, m := range batch {
					ms = append(ms, &kept{id: m.ID, branch: bi, full: m.Status == huoshui.StatusFull})
				}
				touched = []int{bi}
			case 2: // bulk load into two branches
				b1, b2 := r.IntN(len(branches)), r.IntN(len(branches))
				batch := []*huoshui.Member{newMember(r, b1), newMember(r, b2), newMember(r, b1)}
				if err := s.BulkCreateMembers(ctx, a, batch); err != nil {
					t.Fatalf("step %d bulk: %v", step, err)
				}
				for i, m := range batch {
					ms = append(ms, &kept{id: m.ID, branch: []int{b1, b2, b1}[i], full: m.Status == huoshui.StatusFull})
				}
				touched = []int{b1, b2}
			case 3: // change of status
				k := pick(r, false)
				if k == nil {
					continue
				}
				st, full := huoshui.StatusFull, huoshui.NewDate(2013, 7, 1)
				if k.full {
					st, full = huoshui.StatusProbationary, huoshui.Date{}
				}
				name := "党员" + string(rune('甲'+r.IntN(200))) // and a new name: new search keys
				if _, err := s.UpdateMember(ctx, a, k.id, huoshui.MemberUpdate{Status: &st, FullOn: &full, Name: &name}); err != nil {
					t.Fatalf("step %d update: %v", step, err)
				}
				k.full = !k.full
				touched = []int{k.branch}
			case 4: // archive
				k := pick(r, false)
				if k == nil {
					continue
				}
				if err := s.ArchiveMember(ctx, a, k.id, "迁出"); err != nil {
					t.Fatalf("step %d archive: %v", step, err)
				}
				k.archived = true
				touched = []int{k.branch}
			case 5: // restore
				k := pick(r, true)
				if k == nil {
					continue
				}
				if err := s.RestoreMember(ctx, a, k.id); err != nil {
					t.Fatalf("step %d restore: %v", step, err)
				}
				k.archived = false
				touched = []int{k.branch}
			case 6: // transfer
				k := pick(r, false)
				if k == nil {
					continue
				}
				to := (k.branch + 1 + r.IntN(len(branches)-1)) % len(branches)
				tr := &huoshui.Transfer{MemberID: k.id, ToOrgID: branches[to].ID, On: huoshui.NewDate(2026, 1, 5), Reason: "工作调动"}
				if err := s.TransferMember(ctx, a, tr); err != nil {
					t.Fatalf("step %d transfer: %v", step, err)
				}
				touched = []int{k.branch, to}
				k.branch = to
			case 7: // a branch moves between the committee and the general branch
				bi := r.IntN(len(branches))
				to := general.ID
				if branches[bi].ParentID == general.ID {
					to = root.ID
				}
				moved, err := s.MoveOrg(ctx, a, branches[bi].ID, to)
				if err != nil {
					t.Fatalf("step %d move: %v", step, err)
				}
				branches[bi] = moved
				touched = []int{bi}
			}
			after, afterTree := versions(), treeVersions()
			for _, bi := range touched {
				if id := branches[bi].ID; after[id] <= before[id] {
					t.Errorf("step %d (op %d): %s roster version stayed at %d", step, op, branches[bi].Name, after[id])
				}
				// A list of a whole subtree above the branch is out of date too.
				for _, id := range huoshui.PathIDs(branches[bi].Path) {
					if afterTree[id] <= beforeTree[id] {
						t.Errorf("step %d (op %d): the subtree version of node %d above %s stayed at %d", step, op, id, branches[bi].Name, afterTree[id])
					}
				}
			}
			if step%10 == 0 {
				checkCounts(step)
			}
		}
		checkCounts(-1)
	})
}

// Transfers crossing between two branches at once (A→B and B→A), with
// edits in both, all succeed: the writers lock the branches in one order,
// so none dies in a deadlock, and the counts end right.
func TestCrossingTransfersDoNotDeadlock(t *testing.T) {
	t.Parallel()
	auditEngines(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		a := auditActor
		mk := func(parent int64, kind huoshui.OrgKind, name string) *huoshui.Org {
			o := &huoshui.Org{ParentID: parent, Kind: kind, Name: name}
			if err := s.CreateOrg(ctx, a, o); err != nil {
				t.Fatal(err)
			}
			return o
		}
		root := mk(0, huoshui.OrgCommittee, "机关党委")
		branches := []*huoshui.Org{mk(root.ID, huoshui.OrgBranch, "第一党支部"), mk(root.ID, huoshui.OrgBranch, "第二党支部")}
		const each = 12
		var ids [2][]int64
		for bi, b := range branches {
			for range each {
				m := &huoshui.Member{OrgID: b.ID, Name: "党员", Gender: huoshui.Male, BirthDate: huoshui.NewDate(1985, 3, 12),
					Status: huoshui.StatusFull, AppliedOn: huoshui.NewDate(2010, 3, 1), ProbationOn: huoshui.NewDate(2012, 7, 1),
					FullOn: huoshui.NewDate(2013, 7, 1)}
				if err := s.CreateMember(ctx, a, m); err != nil {
					t.Fatal(err)
				}
				ids[bi] = append(ids[bi], m.ID)
			}
		}
		errs := make(chan error, 2*each)
		var wg sync.WaitGroup
		for bi := range 2 {
			for _, id := range ids[bi] {
				wg.Add(1)
				go func() {
					defer wg.Done()
					errs <- s.TransferMember(ctx, a, &huoshui.Transfer{MemberID: id, ToOrgID: branches[1-bi].ID,
						On: huoshui.NewDate(2026, 11, 1)})
				}()
			}
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("transfer: %v", err)
			}
		}
		for _, b := range branches {
			o, err := findOrg(ctx, s.r, b.ID)
			if err != nil {
				t.Fatal(err)
			}
			if o.MemberCount != each || o.FullCount != each {
				t.Errorf("%s keeps %d/%d, want %d/%d", o.Name, o.MemberCount, o.FullCount, each, each)
			}
		}
	})
}
