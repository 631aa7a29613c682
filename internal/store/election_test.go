package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// planElection is the web's plan: the term from the org's kind, the
// timing and the committee checked by the rules.
func planElection(o *huoshui.Org, e *huoshui.Election) error {
	timing, _, err := rules.CheckElection(o.CommitteeTermEnds, e.HeldOn, !e.TimingApprovedOn.IsZero())
	if err != nil {
		var re *rules.RuleError
		if errors.As(err, &re) {
			return re.Validation("held_on")
		}
		return err
	}
	e.Timing = string(timing)
	e.TermEnds = rules.TermEnds(o.Kind, e.Village, e.HeldOn)
	return nil
}

// branchOf makes n full members in org and returns them.
func branchOf(t *testing.T, s *store.Store, orgID int64, n int, prefix string) []*huoshui.Member {
	t.Helper()
	var out []*huoshui.Member
	for i := range n {
		m := fullMember(orgID, fmt.Sprintf("%s%c", prefix, []rune("甲乙丙丁戊己庚辛壬癸")[i%10]), "")
		if err := s.CreateMember(context.Background(), actor, m); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

func TestElectionSetsCommittee(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		ms := branchOf(t, s, tr.branchA.ID, 5, "选")
		first := &huoshui.Election{OrgID: tr.branchA.ID, HeldOn: huoshui.NewDate(2022, 6, 1), Eligible: 5, Present: 5,
			Candidates: []huoshui.ElectionCandidate{{MemberID: ms[0].ID, Votes: 5, Post: huoshui.PostSecretary},
				{MemberID: ms[1].ID, Votes: 4, Post: huoshui.PostDeputy}, {MemberID: ms[2].ID, Votes: 4, Post: huoshui.PostCommitteeMember}}}
		if err := s.RecordElection(ctx, actor, first, planElection); err != nil {
			t.Fatal(err)
		}
		o, err := s.FindOrgByID(ctx, huoshui.Everything(), tr.branchA.ID)
		if err != nil {
			t.Fatal(err)
		}
		if o.CommitteeElectedOn != first.HeldOn || o.CommitteeTermEnds.String() != "2025-06-01" {
			t.Errorf("committee elected %s ends %s, want 2022-06-01 and three years on", o.CommitteeElectedOn, o.CommitteeTermEnds)
		}
		// The next election, a year early without approval: refused, nothing written.
		second := &huoshui.Election{OrgID: tr.branchA.ID, HeldOn: huoshui.NewDate(2024, 1, 10), Eligible: 5, Present: 5,
			Candidates: []huoshui.ElectionCandidate{{MemberID: ms[3].ID, Votes: 5, Post: huoshui.PostSecretary},
				{MemberID: ms[4].ID, Votes: 5, Post: huoshui.PostDeputy}, {MemberID: ms[0].ID, Votes: 3, Post: huoshui.PostCommitteeMember}}}
		var ve *huoshui.ValidationError
		if err := s.RecordElection(ctx, actor, second, planElection); !errors.As(err, &ve) || ve.Fields[0].Code != "term.early_needs_approval" {
			t.Fatalf("early election without approval: %v, want term.early_needs_approval", err)
		}
		// With the approval it goes through, and the posts move.
		second.TimingApprovedOn = huoshui.NewDate(2023, 12, 20)
		if err := s.RecordElection(ctx, actor, second, planElection); err != nil {
			t.Fatal(err)
		}
		if second.Timing != "early" {
			t.Errorf("timing %q, want early", second.Timing)
		}
		seats, err := s.FindCommittee(ctx, tr.branchA.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		for _, c := range seats {
			got += c.Name + ":" + string(c.Post) + " "
		}
		if want := "选丁:secretary 选戊:deputy 选甲:committee_member "; got != want {
			t.Errorf("committee in office %q, want %q", got, want)
		}
		if m, _ := s.FindMemberByID(ctx, huoshui.Everything(), ms[1].ID); m.CommitteePost != huoshui.PostNone {
			t.Errorf("the old deputy keeps post %q", m.CommitteePost)
		}
		hist, err := s.FindElections(ctx, huoshui.Scope{Paths: []string{tr.branchA.Path}}, tr.branchA.ID)
		if err != nil || len(hist) != 2 || hist[0].ID != second.ID || len(hist[1].Candidates) != 3 {
			t.Fatalf("history: %v, %v", hist, err)
		}
		// Another branch's scope sees none of it.
		other := huoshui.Scope{Paths: []string{tr.branchB.Path}}
		if hs, _ := s.FindElections(ctx, other, tr.branchA.ID); len(hs) != 0 {
			t.Errorf("another branch sees %d elections", len(hs))
		}
		if _, err := s.FindElectionByID(ctx, other, first.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("another branch reads the election: %v", err)
		}
		if hs, _ := s.FindElections(ctx, huoshui.Scope{}, tr.branchA.ID); len(hs) != 0 {
			t.Errorf("the empty scope lists %d elections", len(hs))
		}
		// An election before the last one is refused.
		old := *first
		old.ID, old.HeldOn = 0, huoshui.NewDate(2023, 1, 1)
		if err := s.RecordElection(ctx, actor, &old, planElection); !errors.As(err, &ve) || ve.Fields[0].Code != "election.before_last" {
			t.Errorf("an election before the last: %v", err)
		}
		// The higher committee's approval of the secretary and deputy.
		if _, err := s.ApproveElection(ctx, actor, second.ID, huoshui.NewDate(2024, 1, 5), "机党发〔2024〕3号"); !errors.As(err, &ve) {
			t.Errorf("approval before the election: %v", err)
		}
		e, err := s.ApproveElection(ctx, actor, second.ID, huoshui.NewDate(2024, 1, 20), "机党发〔2024〕3号")
		if err != nil || e.ApprovalDoc != "机党发〔2024〕3号" || e.ApprovedOn.String() != "2024-01-20" {
			t.Fatalf("approve: %+v %v", e, err)
		}
		if _, err := s.ApproveElection(ctx, actor, second.ID, huoshui.NewDate(2024, 2, 1), "机党发〔2024〕9号"); !errors.As(err, &ve) ||
			ve.Fields[0].Code != "election.already_approved" {
			t.Errorf("a second approval overwrote the first: %v", err)
		}
		es, _, err := s.FindAuditEntries(ctx, huoshui.AuditFilter{Scope: huoshui.Everything(), ObjectType: "election"})
		if err != nil || len(es) != 3 {
			t.Errorf("election audit entries: %d, %v; want 2 records and an approval", len(es), err)
		}
	})
}

func TestElectionRefusesBadInput(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		ms := branchOf(t, s, tr.branchA.ID, 3, "坏")
		outsider := branchOf(t, s, tr.branchB.ID, 1, "外")[0]
		cases := []struct {
			name string
			e    huoshui.Election
			code string
		}{
			{"no quorum", huoshui.Election{Eligible: 10, Present: 8,
				Candidates: []huoshui.ElectionCandidate{{MemberID: ms[0].ID, Votes: 8, Post: huoshui.PostSecretary}}}, "election.quorum"},
			{"elected without a majority", huoshui.Election{Eligible: 3, Present: 3,
				Candidates: []huoshui.ElectionCandidate{{MemberID: ms[0].ID, Votes: 1, Post: huoshui.PostSecretary}}}, "election.votes_majority"},
			{"a member of another branch", huoshui.Election{Eligible: 3, Present: 3,
				Candidates: []huoshui.ElectionCandidate{{MemberID: outsider.ID, Votes: 3, Post: huoshui.PostSecretary}}}, "election.not_member"},
		}
		for _, c := range cases {
			e := c.e
			e.OrgID, e.HeldOn = tr.branchA.ID, huoshui.NewDate(2025, 3, 1)
			var ve *huoshui.ValidationError
			if err := s.RecordElection(ctx, actor, &e, planElection); !errors.As(err, &ve) || ve.Fields[0].Code != c.code {
				t.Errorf("%s: %v, want %s", c.name, err, c.code)
			}
		}
		if hs, _ := s.FindElections(ctx, huoshui.Everything(), tr.branchA.ID); len(hs) != 0 {
			t.Errorf("refused elections wrote %d rows", len(hs))
		}
		if o, _ := s.FindOrgByID(ctx, huoshui.Everything(), tr.branchA.ID); o.HasCommittee() {
			t.Errorf("a refused election set the committee")
		}
	})
}
