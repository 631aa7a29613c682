package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// secretaryFieldArg is the name a refusal of a second secretary gives.
func secretaryTakenBy(err error) string {
	var ve *huoshui.ValidationError
	if !errors.As(err, &ve) {
		return ""
	}
	for _, f := range ve.Fields {
		if f.Field == "committee_post" && f.Code == "member.secretary_taken" {
			name, _ := f.Args["Name"].(string)
			return name
		}
	}
	return ""
}

// A branch has one secretary: a second, added, given the post or arriving
// by transfer with it, is refused with the first one's name; the first
// keeps the post when saved again, and once they leave it the post is free.
func TestOneSecretaryPerBranch(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		first := fullMember(tr.branchA.ID, "张三", "")
		first.CommitteePost = huoshui.PostSecretary
		if err := s.CreateMember(ctx, actor, first); err != nil {
			t.Fatal(err)
		}
		second := fullMember(tr.branchA.ID, "李四", "")
		second.CommitteePost = huoshui.PostSecretary
		if err := s.CreateMember(ctx, actor, second); secretaryTakenBy(err) != "张三" {
			t.Fatalf("second secretary added: %v", err)
		}
		second.CommitteePost = huoshui.PostDeputy
		if err := s.CreateMember(ctx, actor, second); err != nil {
			t.Fatal(err)
		}
		post := huoshui.PostSecretary
		if _, err := s.UpdateMember(ctx, actor, second.ID, huoshui.MemberUpdate{CommitteePost: &post}); secretaryTakenBy(err) != "张三" {
			t.Fatalf("deputy made a second secretary: %v", err)
		}
		name := "张三丰"
		if _, err := s.UpdateMember(ctx, actor, first.ID, huoshui.MemberUpdate{Name: &name}); err != nil {
			t.Fatalf("the secretary saved again: %v", err)
		}
		// Another branch has a secretary of its own.
		other := fullMember(tr.branchB.ID, "王五", "")
		other.CommitteePost = huoshui.PostSecretary
		if err := s.CreateMember(ctx, actor, other); err != nil {
			t.Fatalf("secretary of another branch: %v", err)
		}
		none := huoshui.PostNone
		if _, err := s.UpdateMember(ctx, actor, first.ID, huoshui.MemberUpdate{CommitteePost: &none}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdateMember(ctx, actor, second.ID, huoshui.MemberUpdate{CommitteePost: &post}); err != nil {
			t.Fatalf("the post freed, the deputy becomes secretary: %v", err)
		}
		// An archived secretary holds no post: the branch may name a new one.
		if err := s.ArchiveMember(ctx, actor, second.ID, "退休"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdateMember(ctx, actor, first.ID, huoshui.MemberUpdate{CommitteePost: &post}); err != nil {
			t.Fatalf("after the secretary left: %v", err)
		}
	})
}

// Two people named secretary of one branch at the same moment: one is,
// the other is refused, and the branch never has two.
func TestRaceOneSecretaryPerBranch(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		committee := makeTree(t, s).committee
		raceRule(t, raceTrials, func(i int) string {
			branch := createOrg(t, s, committee.ID, huoshui.OrgBranch, fmt.Sprintf("第%d党支部", i+1))
			a := fullMember(branch.ID, "张三", "")
			b := fullMember(branch.ID, "李四", "")
			if err := s.CreateMembers(ctx, actor, []*huoshui.Member{a, b}); err != nil {
				t.Fatal(err)
			}
			post := huoshui.PostSecretary
			name := func(m *huoshui.Member) func() error {
				return func() error {
					_, err := s.UpdateMember(ctx, actor, m.ID, huoshui.MemberUpdate{CommitteePost: &post})
					return err
				}
			}
			errs := race(name(a), name(b))
			n, err := s.CountMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Everything(), OrgID: branch.ID})
			if err != nil {
				t.Fatal(err)
			}
			secretaries := 0
			ms, _, err := s.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Everything(), OrgID: branch.ID, Limit: n})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range ms {
				if m.CommitteePost == huoshui.PostSecretary {
					secretaries++
				}
			}
			for _, err := range errs {
				if err != nil && secretaryTakenBy(err) == "" {
					return fmt.Sprintf("a naming failed otherwise: %v", err)
				}
			}
			if secretaries != 1 {
				return fmt.Sprintf("branch %d has %d secretaries (namings answered %v)", branch.ID, secretaries, errs)
			}
			return ""
		})
	})
}

// The kept counts tell 党员 (full and probationary) from the people on
// the way in, stage by stage, for a branch, a group and a committee, and
// follow a change of status and an archive.
func TestCountsByStatus(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		day := huoshui.NewDate(2025, 3, 1)
		ms := []*huoshui.Member{
			fullMember(tr.branchA.ID, "正式", ""),
			{OrgID: tr.branchA.ID, Name: "预备", Status: huoshui.StatusProbationary, ProbationOn: day},
			{OrgID: tr.branchA.ID, GroupID: tr.groupA.ID, Name: "申请一", Status: huoshui.StatusApplicant, AppliedOn: day},
			{OrgID: tr.branchA.ID, GroupID: tr.groupA.ID, Name: "申请二", Status: huoshui.StatusApplicant, AppliedOn: day},
			{OrgID: tr.branchA.ID, Name: "积极", Status: huoshui.StatusActivist, ActivistOn: day},
			{OrgID: tr.branchB.ID, Name: "对象", Status: huoshui.StatusCandidate, CandidateOn: day},
		}
		if err := s.CreateMembers(ctx, actor, ms); err != nil {
			t.Fatal(err)
		}
		counts := func() map[int64]store.OrgCounts {
			var all []*huoshui.Org
			for _, o := range []*huoshui.Org{tr.committee, tr.branchA, tr.branchB, tr.groupA} {
				o, err := s.FindOrgByID(ctx, huoshui.Everything(), o.ID)
				if err != nil {
					t.Fatal(err)
				}
				all = append(all, o)
			}
			c, err := s.OrgCountsOf(ctx, all)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		c := counts()
		want := map[int64]store.OrgCounts{
			tr.committee.ID: {Members: 6, Full: 1, Probationary: 1, Candidates: 1, Activists: 1, Applicants: 2},
			tr.branchA.ID:   {Members: 5, Full: 1, Probationary: 1, Activists: 1, Applicants: 2},
			tr.branchB.ID:   {Members: 1, Candidates: 1},
			tr.groupA.ID:    {Members: 2, Applicants: 2},
		}
		for id, w := range want {
			if c[id] != w {
				t.Errorf("counts of %d: %+v, want %+v", id, c[id], w)
			}
		}
		if p := c[tr.committee.ID].Party(); p != 2 {
			t.Errorf("党员 of the committee: %d, want 2 (full and probationary only)", p)
		}
		// An applicant becomes an activist; the activist leaves.
		st := huoshui.StatusActivist
		if _, err := s.UpdateMember(ctx, actor, ms[2].ID, huoshui.MemberUpdate{Status: &st, ActivistOn: &day}); err != nil {
			t.Fatal(err)
		}
		if err := s.ArchiveMember(ctx, actor, ms[4].ID, "调离"); err != nil {
			t.Fatal(err)
		}
		if got, w := counts()[tr.branchA.ID], (store.OrgCounts{Members: 4, Full: 1, Probationary: 1, Activists: 1, Applicants: 1}); got != w {
			t.Errorf("branch A after the changes: %+v, want %+v", got, w)
		}
	})
}
