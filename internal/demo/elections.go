package demo

import (
	"context"
	"fmt"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
)

// seedElections puts the secretariat's committee election on record — the
// one that elected the committee in office, whose term ends within the
// year, so the reminder shows — and last year's appraisal, graded.
func seedElections(ctx context.Context, st *store.Store, branch *huoshui.Org) error {
	o, err := st.FindOrgByID(ctx, huoshui.Everything(), branch.ID)
	if err != nil {
		return err
	}
	seats, err := st.FindCommittee(ctx, o.ID)
	if err != nil {
		return err
	}
	full, _, err := st.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Everything(), OrgID: o.ID,
		Status: huoshui.StatusFull, Limit: 100})
	if err != nil {
		return err
	}
	// The election is entered as it was held: the committee's dates are
	// cleared first and set again by the election.
	held := o.CommitteeElectedOn
	var zero huoshui.Date
	if _, err := st.UpdateOrg(ctx, actor, o.ID, huoshui.OrgUpdate{CommitteeElectedOn: &zero, CommitteeTermEnds: &zero}); err != nil {
		return err
	}
	present := len(full) - 1
	e := &huoshui.Election{OrgID: o.ID, HeldOn: held, Eligible: len(full), Present: present,
		Note: "差额选举，应选 4 名，候选人 5 名。"}
	elected := map[int64]bool{}
	for i, s := range seats {
		e.Candidates = append(e.Candidates, huoshui.ElectionCandidate{MemberID: s.MemberID, Votes: present - i%2, Post: s.Post})
		elected[s.MemberID] = true
	}
	for _, m := range full {
		if !elected[m.ID] {
			e.Candidates = append(e.Candidates, huoshui.ElectionCandidate{MemberID: m.ID, Votes: present / 3})
			break
		}
	}
	err = st.RecordElection(ctx, actor, e, func(o *huoshui.Org, e *huoshui.Election) error {
		e.Timing = string(rules.TimingOf(o.CommitteeTermEnds, e.HeldOn))
		e.TermEnds = rules.TermEnds(o.Kind, e.Village, e.HeldOn)
		return nil
	})
	if err != nil {
		return fmt.Errorf("election: %w", err)
	}
	if _, err := st.ApproveElection(ctx, actor, e.ID, held.AddDate(0, 0, 12),
		fmt.Sprintf("机关党委〔%d〕%d号", held.Year(), 17)); err != nil {
		return fmt.Errorf("election approval: %w", err)
	}

	// Last year's appraisal, its vote in December.
	today := huoshui.DateOf(st.Now().In(huoshui.Shanghai))
	year := today.Year() - 1
	r := &huoshui.AppraisalRound{OrgID: o.ID, Year: year, SelfReviewOn: huoshui.NewDate(year, 12, 8),
		MutualReviewOn: huoshui.NewDate(year, 12, 15), VoteOn: huoshui.NewDate(year, 12, 22)}
	if err := st.CreateAppraisalRound(ctx, actor, r); err != nil {
		return fmt.Errorf("appraisal round: %w", err)
	}
	o, err = st.FindOrgByID(ctx, huoshui.Everything(), o.ID)
	if err != nil {
		return err
	}
	party, _, err := st.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Everything(), OrgID: o.ID, Sort: "name", Limit: 100})
	if err != nil {
		return err
	}
	capOK := func(n, members int) error { return rules.CheckExcellentCap(n, members) }
	excellent := 0
	for i, m := range party {
		if m.Status != huoshui.StatusFull && m.Status != huoshui.StatusProbationary {
			continue
		}
		a := &huoshui.Appraisal{MemberID: m.ID, Grade: huoshui.GradeQualified}
		switch {
		case excellent < rules.MaxExcellent(o.PartyCount) && i%3 == 0:
			a.Grade = huoshui.GradeExcellent
			excellent++
		case i == len(party)-2:
			a.Grade, a.Note = huoshui.GradeBasicallyQualified, "参加组织生活不够经常，已谈心谈话，本人表示改进。"
		}
		if err := st.GradeAppraisal(ctx, actor, r.ID, a, capOK); err != nil {
			return fmt.Errorf("appraisal of %s: %w", m.Name, err)
		}
	}
	return nil
}
