package store

import (
	"context"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
)

// TestStatisticsSummariesFollowRandomWrites makes random writes through
// every path that changes a member row or where it sits in the tree
// (create, import, bulk load, update of status and of every counted
// field, archive, restore, transfer, moving a branch and a general branch)
// and checks, every few steps and at the end, that every node's return
// read from the summaries equals a fresh count of the members under it,
// and that the return of today counted from the records says the same.
func TestStatisticsSummariesFollowRandomWrites(t *testing.T) {
	t.Parallel()
	auditEngines(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		a := auditActor
		mk := func(parent int64, kind huoshui.OrgKind, name string) *huoshui.Org {
			t.Helper()
			o := &huoshui.Org{ParentID: parent, Kind: kind, Name: name}
			if err := s.CreateOrg(ctx, a, o); err != nil {
				t.Fatalf("create org %s: %v", name, err)
			}
			return o
		}
		root := mk(0, huoshui.OrgCommittee, "市直机关工委")
		sub := mk(root.ID, huoshui.OrgCommittee, "市财政局机关党委")
		gb := mk(sub.ID, huoshui.OrgGeneralBranch, "预算处党总支")
		other := mk(root.ID, huoshui.OrgCommittee, "市教育局机关党委")
		branches := []*huoshui.Org{
			mk(gb.ID, huoshui.OrgBranch, "预算一支部"), mk(gb.ID, huoshui.OrgBranch, "预算二支部"),
			mk(sub.ID, huoshui.OrgBranch, "综合处支部"), mk(other.ID, huoshui.OrgBranch, "教育局机关支部"),
		}
		tops := []*huoshui.Org{root, sub, other}
		uploader := &huoshui.User{Username: "uploader", DisplayName: "上传人", PasswordHash: "x"}
		if err := s.CreateUser(ctx, a, uploader); err != nil {
			t.Fatal(err)
		}
		nations := []string{"汉族", "汉族", "汉族", "回族", "满族", ""}
		newMember := func(r *rand.Rand, bi int) *huoshui.Member {
			born := 1948 + r.IntN(53) // every stage date before today
			m := &huoshui.Member{OrgID: branches[bi].ID, Name: "党员" + string(rune('甲'+r.IntN(200))),
				Gender: []huoshui.Gender{huoshui.Male, huoshui.Female, ""}[r.IntN(3)], Ethnicity: nations[r.IntN(len(nations))],
				Education: append([]string{""}, huoshui.Educations...)[r.IntN(len(huoshui.Educations)+1)],
				BirthDate: huoshui.NewDate(born, time.Month(1+r.IntN(12)), 1+r.IntN(28))}
			applied := huoshui.NewDate(born+19+r.IntN(3), 3, 1)
			switch r.IntN(5) {
			case 0:
				m.Status, m.AppliedOn = huoshui.StatusApplicant, applied
			case 1:
				m.Status, m.ActivistOn = huoshui.StatusActivist, applied.AddDate(0, 6, 0)
			case 2:
				m.Status, m.ProbationOn = huoshui.StatusProbationary, applied.AddDate(2, 0, 0)
			default:
				m.Status, m.AppliedOn, m.ProbationOn, m.FullOn = huoshui.StatusFull, applied, applied.AddDate(2, 0, 0), applied.AddDate(3, 0, 0)
			}
			return m
		}
		check := func(step int) {
			t.Helper()
			for _, o := range append(append([]*huoshui.Org{}, tops...), append([]*huoshui.Org{gb}, branches...)...) {
				o, err := findOrg(ctx, s.r, o.ID)
				if err != nil {
					t.Fatal(err)
				}
				kept, err := s.StatisticsCells(ctx, o)
				if err != nil {
					t.Fatal(err)
				}
				fresh, err := s.StatisticsCellsByScan(ctx, o)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(kept, fresh) {
					t.Errorf("after step %d %s's summaries say\n%v\na fresh count says\n%v", step, o.Name, kept, fresh)
				}
				today := s.today()
				got, err := s.Statistics(ctx, huoshui.Everything(), o.ID, today)
				if err != nil {
					t.Fatal(err)
				}
				rec, err := s.StatisticsFromRecords(ctx, o, today)
				if err != nil {
					t.Fatal(err)
				}
				if got.Source != "summaries" || rec.Source != "records" {
					t.Errorf("sources %q and %q", got.Source, rec.Source)
				}
				got.Source, rec.Source = "", ""
				if !reflect.DeepEqual(got, rec) {
					t.Errorf("after step %d %s's return of today from the summaries\n%+v\nfrom the records\n%+v", step, o.Name, got, rec)
				}
			}
		}
		type kept struct {
			id       int64
			branch   int
			archived bool
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
		r := rand.New(rand.NewPCG(11, 41))
		for step := 1; step <= 140; step++ {
			switch op := r.IntN(9); op {
			case 0: // create one
				bi := r.IntN(len(branches))
				m := newMember(r, bi)
				if err := s.CreateMember(ctx, a, m); err != nil {
					t.Fatalf("step %d create: %v", step, err)
				}
				ms = append(ms, &kept{id: m.ID, branch: bi})
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
					ms = append(ms, &kept{id: m.ID, branch: bi})
				}
			case 2: // bulk load into several branches
				var batch []*huoshui.Member
				var bis []int
				for range 2 + r.IntN(4) {
					bi := r.IntN(len(branches))
					batch, bis = append(batch, newMember(r, bi)), append(bis, bi)
				}
				if err := s.BulkCreateMembers(ctx, a, batch); err != nil {
					t.Fatalf("step %d bulk: %v", step, err)
				}
				for i, m := range batch {
					ms = append(ms, &kept{id: m.ID, branch: bis[i]})
				}
			case 3: // a new record: status, dates and every counted field
				k := pick(r, false)
				if k == nil {
					continue
				}
				n := newMember(r, k.branch)
				u := huoshui.MemberUpdate{Status: &n.Status, Gender: &n.Gender, Ethnicity: &n.Ethnicity, Education: &n.Education,
					BirthDate: &n.BirthDate, AppliedOn: &n.AppliedOn, ActivistOn: &n.ActivistOn, CandidateOn: &n.CandidateOn,
					ProbationOn: &n.ProbationOn, FullOn: &n.FullOn}
				if _, err := s.UpdateMember(ctx, a, k.id, u); err != nil {
					t.Fatalf("step %d update: %v", step, err)
				}
			case 4:
				if k := pick(r, false); k != nil {
					if err := s.ArchiveMember(ctx, a, k.id, "迁出"); err != nil {
						t.Fatalf("step %d archive: %v", step, err)
					}
					k.archived = true
				}
			case 5:
				if k := pick(r, true); k != nil {
					if err := s.RestoreMember(ctx, a, k.id); err != nil {
						t.Fatalf("step %d restore: %v", step, err)
					}
					k.archived = false
				}
			case 6:
				k := pick(r, false)
				if k == nil {
					continue
				}
				to := (k.branch + 1 + r.IntN(len(branches)-1)) % len(branches)
				tr := &huoshui.Transfer{MemberID: k.id, ToOrgID: branches[to].ID, On: huoshui.NewDate(2026, 1, 5), Reason: "工作调动"}
				if err := s.TransferMember(ctx, a, tr); err != nil {
					t.Fatalf("step %d transfer: %v", step, err)
				}
				k.branch = to
			case 7: // move a branch to another committee
				b := branches[r.IntN(len(branches))]
				to := []*huoshui.Org{sub, other, gb, root}[r.IntN(4)]
				if _, err := s.MoveOrg(ctx, a, b.ID, to.ID); err != nil {
					t.Fatalf("step %d move branch: %v", step, err)
				}
			case 8: // move the general branch, with its branches
				to := []*huoshui.Org{sub, other}[r.IntN(2)]
				if _, err := s.MoveOrg(ctx, a, gb.ID, to.ID); err != nil {
					t.Fatalf("step %d move general branch: %v", step, err)
				}
			}
			if step%10 == 0 {
				check(step)
			}
		}
		check(-1)
		var people int
		if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM members WHERE archived_at IS NULL").Scan(&people); err != nil {
			t.Fatal(err)
		}
		st, err := s.Statistics(ctx, huoshui.Everything(), root.ID, s.today())
		if err != nil {
			t.Fatal(err)
		}
		total := st.Total.Party + st.Total.Candidates + st.Total.Activists + st.Total.Applicants
		if people < 30 || total != people {
			t.Errorf("the committee's return counts %d people of %d current", total, people)
		}
	})
}

// TestStatisticsOnAPastDate reads a branch's return on the last day of
// 2025 from the records: a person who moved out since counts in the
// branch they were in, one archived since counts, one who turned full
// since counts as probationary, one who applied since does not; the
// year's admissions, 转正 and transfers count by their dates.
func TestStatisticsOnAPastDate(t *testing.T) {
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
		one, two := mk(root.ID, huoshui.OrgBranch, "第一党支部"), mk(root.ID, huoshui.OrgBranch, "第二党支部")
		d := huoshui.NewDate
		add := func(name string, org *huoshui.Org, m huoshui.Member) *huoshui.Member {
			m.Name, m.OrgID = name, org.ID
			if m.BirthDate.IsZero() {
				m.BirthDate = d(1980, 5, 1)
			}
			if err := s.CreateMember(ctx, a, &m); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			return &m
		}
		full := huoshui.Member{Status: huoshui.StatusFull, Gender: huoshui.Male, ProbationOn: d(2004, 6, 1), FullOn: d(2005, 6, 1)}
		add("老党员", one, full)
		mover := add("调出者", one, full)
		gone := add("已故者", one, full)
		add("新转正", one, huoshui.Member{Status: huoshui.StatusFull, Gender: huoshui.Female, ProbationOn: d(2025, 3, 1), FullOn: d(2026, 3, 1)})
		add("新申请", one, huoshui.Member{Status: huoshui.StatusApplicant, AppliedOn: d(2026, 2, 1)})
		add("去年转正", one, huoshui.Member{Status: huoshui.StatusFull, BirthDate: d(1996, 1, 1), ProbationOn: d(2024, 7, 1), FullOn: d(2025, 7, 1)})
		if err := s.TransferMember(ctx, a, &huoshui.Transfer{MemberID: mover.ID, ToOrgID: two.ID, On: d(2026, 4, 1)}); err != nil {
			t.Fatal(err)
		}
		early := add("年中调入", two, full)
		if err := s.TransferMember(ctx, a, &huoshui.Transfer{MemberID: early.ID, ToOrgID: one.ID, On: d(2025, 9, 1)}); err != nil {
			t.Fatal(err)
		}
		if err := s.ArchiveMember(ctx, a, gone.ID, "去世"); err != nil {
			t.Fatal(err)
		}
		st, err := s.Statistics(ctx, huoshui.Everything(), one.ID, d(2025, 12, 31))
		if err != nil {
			t.Fatal(err)
		}
		if st.Source != "records" {
			t.Errorf("a past date is read from the %s", st.Source)
		}
		// 老党员, 调出者, 已故者, 去年转正 and 年中调入 full; 新转正 probationary.
		want := huoshui.StatLine{Party: 6, Full: 5, Probationary: 1}
		if st.Total != want {
			t.Errorf("on 2025-12-31 the branch counts %+v, want %+v", st.Total, want)
		}
		if st.Flows.Admitted != 1 || st.Flows.TurnedFull != 1 || st.Flows.TransfersIn != 1 || st.Flows.TransfersOut != 0 {
			t.Errorf("2025's flows %+v, want 1 admitted (新转正), 1 turned full (去年转正), 1 moved in", st.Flows)
		}
		if got := st.Age[0]; got.Key != "30-" || got.Full != 1 {
			t.Errorf("age band ≤30 (born 1996) %+v", got)
		}
		if got := st.PartyYears; got[0].Party != 2 || got[3].Party != 4 {
			t.Errorf("years in the party %+v: want 2 of ≤5 years and 4 of 21–30 (admitted 2004)", got)
		}
		// Today (2026) the committee's move between its branches is
		// neither in nor out; 已故者 no longer counts.
		st, err = s.Statistics(ctx, huoshui.Everything(), root.ID, s.today())
		if err != nil {
			t.Fatal(err)
		}
		if st.Flows.TransfersIn != 0 || st.Flows.TransfersOut != 0 || st.Flows.TurnedFull != 1 || st.Total.Party != 5 || st.Total.Applicants != 1 {
			t.Errorf("the committee today: %+v, flows %+v", st.Total, st.Flows)
		}
		if _, err := s.Statistics(ctx, huoshui.Scope{Paths: []string{two.Path}}, one.ID, s.today()); err == nil {
			t.Error("the return of a branch outside the scope was read")
		}
	})
}
