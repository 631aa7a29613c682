package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// A person's file moves step by step: each step is kept with its papers,
// the person's status and the branch's kept counts follow, a step out of
// order or too early is refused with its rule and writes nothing, a late
// one is kept and marked, and the file is read only inside the reader's
// part of the tree.
func TestDevelopmentFile(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		today := huoshui.NewDate(2026, 12, 1)
		s.SetClock(func() time.Time { return time.Date(2026, 12, 1, 10, 0, 0, 0, huoshui.Shanghai) })
		mentor := fullMember(tr.branchA.ID, "李明远", "")
		if err := s.CreateMember(ctx, actor, mentor); err != nil {
			t.Fatal(err)
		}
		p := &huoshui.Member{OrgID: tr.branchA.ID, Name: "王晓明", Gender: huoshui.Male, BirthDate: huoshui.NewDate(2000, 1, 10),
			Status: huoshui.StatusApplicant, AppliedOn: huoshui.NewDate(2024, 3, 1)}
		if err := s.CreateMember(ctx, actor, p); err != nil {
			t.Fatal(err)
		}
		plan := rules.PlanStep(today)
		step := func(n int, date huoshui.Date, mod ...func(*huoshui.DevStep)) (*huoshui.DevStep, error) {
			rec := &huoshui.DevStep{MemberID: p.ID, Step: n, Date: date, ActedBy: "秘书处党支部"}
			for _, f := range mod {
				f(rec)
			}
			return rec, s.RecordDevStep(ctx, actor, rec, nil, plan)
		}
		paper := &huoshui.Attachment{Kind: huoshui.AttachmentFile, Name: "入党申请书.pdf", ContentType: "application/pdf", Size: 3,
			Blob: strings.Repeat("ab", 32)}
		first := &huoshui.DevStep{MemberID: p.ID, Step: 1, Date: huoshui.NewDate(2024, 3, 1), ActedBy: "王晓明"}
		if err := s.RecordDevStep(ctx, actor, first, []*huoshui.Attachment{paper}, plan); err != nil {
			t.Fatal(err)
		}
		if !first.LateEntry || first.Late {
			t.Errorf("step 1 recorded in 2026 for 2024: late entry %v, late %v; want 补录 and on time", first.LateEntry, first.Late)
		}
		// Out of order: refused with the step that must come first, nothing written.
		_, err := step(3, huoshui.NewDate(2024, 5, 1))
		wantFieldError(t, err, "step", "dev.out_of_order")
		if _, err := step(2, huoshui.NewDate(2024, 2, 1)); err == nil {
			t.Fatal("a step dated before the previous one was kept")
		}
		// Late: a month and more after the application; kept and marked.
		talk, err := step(2, huoshui.NewDate(2024, 4, 20))
		if err != nil || !talk.Late {
			t.Fatalf("the late talk: %v, late %v", err, talk.Late)
		}
		if _, err := step(3, huoshui.NewDate(2024, 6, 1)); err != nil {
			t.Fatal(err)
		}
		m, err := s.FindMemberByID(ctx, huoshui.Everything(), p.ID)
		if err != nil || m.Status != huoshui.StatusActivist || m.ActivistOn != huoshui.NewDate(2024, 6, 1) {
			t.Fatalf("after step 3 the person is %v (%v): %v", m.Status, m.ActivistOn, err)
		}
		branch, _ := s.FindOrgByID(ctx, huoshui.Everything(), tr.branchA.ID)
		counts, err := s.OrgCountsOf(ctx, []*huoshui.Org{branch})
		if err != nil || counts[tr.branchA.ID].Applicants != 0 || counts[tr.branchA.ID].Activists != 1 {
			t.Fatalf("kept counts after step 3: %+v %v", counts[tr.branchA.ID], err)
		}
		if _, err := step(4, huoshui.NewDate(2024, 6, 20)); err != nil {
			t.Fatal(err)
		}
		if _, err := step(5, huoshui.NewDate(2024, 6, 25), func(r *huoshui.DevStep) {
			r.People = []huoshui.DevPerson{{MemberID: p.ID}}
		}); err == nil {
			t.Fatal("the person as their own mentor was kept")
		}
		if _, err := step(5, huoshui.NewDate(2024, 6, 25), func(r *huoshui.DevStep) {
			r.People = []huoshui.DevPerson{{MemberID: mentor.ID}}
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := step(6, huoshui.NewDate(2024, 12, 20)); err != nil {
			t.Fatal(err)
		}
		// Too early: a year as an activist first.
		_, err = step(7, huoshui.NewDate(2025, 3, 1))
		wantFieldError(t, err, "date", "dev.activist_year")

		f, err := s.FindDevFile(ctx, huoshui.Scope{Paths: []string{tr.branchA.Path}}, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Steps) != 6 || f.Steps[4].People[0].Name != "李明远" || len(f.Papers) != 1 || f.Papers[0].DevStepID != first.ID {
			t.Fatalf("file: %d steps, papers %+v", len(f.Steps), f.Papers)
		}
		if _, err := s.FindDevFile(ctx, huoshui.Scope{Paths: []string{tr.branchB.Path}}, p.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Fatalf("another branch reads the file: %v", err)
		}
		rows, err := s.FindDevPeople(ctx, huoshui.DevFilter{Scope: huoshui.Scope{Paths: []string{tr.committee.Path}},
			OrgID: tr.committee.ID, Subtree: true})
		if err != nil || len(rows) != 1 {
			t.Fatalf("the committee's list: %d rows, %v", len(rows), err)
		}
		r := rows[0]
		if r.Member.ID != p.ID || r.Stage != huoshui.StageActivist || r.NextStep != 7 || r.NextEarliest != huoshui.NewDate(2025, 6, 1) ||
			r.AssessDue != huoshui.NewDate(2025, 6, 20) {
			t.Fatalf("row %+v", r.DevSummary)
		}
		for name, fl := range map[string]huoshui.DevFilter{
			"zero filter":     {},
			"other branch":    {Scope: huoshui.Scope{Paths: []string{tr.branchB.Path}}},
			"other stage":     {Scope: huoshui.Everything(), Stage: huoshui.StageCandidate},
			"awaiting higher": {Scope: huoshui.Everything(), NextSteps: []int{4, 8, 13}},
		} {
			if rows, err := s.FindDevPeople(ctx, fl); err != nil || len(rows) != 0 {
				t.Errorf("%s lists %d: %v", name, len(rows), err)
			}
		}
		if rows, _ := s.FindDevPeople(ctx, huoshui.DevFilter{Scope: huoshui.Everything(), DueBy: today}); len(rows) != 1 {
			t.Errorf("the assessment due in 2025 is not listed as due: %d", len(rows))
		}

		// Under 18 on the day of the application: refused with the day
		// they turn 18, nothing written.
		young := &huoshui.Member{OrgID: tr.branchA.ID, Name: "赵小雨", Gender: huoshui.Female, BirthDate: huoshui.NewDate(2007, 6, 1),
			Status: huoshui.StatusApplicant, AppliedOn: huoshui.NewDate(2025, 7, 1)}
		if err := s.CreateMember(ctx, actor, young); err != nil {
			t.Fatal(err)
		}
		err = s.RecordDevStep(ctx, actor, &huoshui.DevStep{MemberID: young.ID, Step: 1, Date: huoshui.NewDate(2025, 5, 1)}, nil, plan)
		wantFieldError(t, err, "date", "dev.under_18")
		file, _ := s.FindDevFile(ctx, huoshui.Everything(), young.ID)
		if len(file.Steps) != 0 {
			t.Errorf("a refused step was written: %+v", file.Steps)
		}
	})
}

// The vote and the approvals take a person to probation and full
// membership; the status and the kept counts follow, and full
// membership dates from the day probation ends.
func TestDevelopmentToFullMembership(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		s.SetClock(func() time.Time { return time.Date(2026, 12, 1, 10, 0, 0, 0, huoshui.Shanghai) })
		plan := rules.PlanStep(huoshui.NewDate(2026, 12, 1))
		a, b := fullMember(tr.branchA.ID, "李明远", ""), fullMember(tr.branchA.ID, "张慧敏", "")
		for _, m := range []*huoshui.Member{a, b} {
			if err := s.CreateMember(ctx, actor, m); err != nil {
				t.Fatal(err)
			}
		}
		p := &huoshui.Member{OrgID: tr.branchA.ID, Name: "周一鸣", Gender: huoshui.Male, BirthDate: huoshui.NewDate(1996, 5, 4),
			Status: huoshui.StatusApplicant, AppliedOn: huoshui.NewDate(2022, 3, 1)}
		if err := s.CreateMember(ctx, actor, p); err != nil {
			t.Fatal(err)
		}
		vote := &huoshui.DevVote{Eligible: 10, Present: 9, For: 9}
		days := map[int]huoshui.Date{}
		d := huoshui.NewDate(2022, 3, 1)
		for n := 1; n <= 25; n++ {
			rec := &huoshui.DevStep{MemberID: p.ID, Step: n, Date: d}
			switch n {
			case 5:
				rec.People = []huoshui.DevPerson{{MemberID: a.ID}}
			case 7:
				rec.Date = huoshui.NewDate(2023, 6, 1)
			case 9:
				rec.People = []huoshui.DevPerson{{MemberID: a.ID}, {MemberID: b.ID}}
			case 11:
				rec.TrainingDays = 3
			case 15:
				rec.Vote = vote
			case 23:
				rec.Date, rec.Vote, rec.Outcome = huoshui.NewDate(2024, 9, 10), vote, huoshui.OutcomeFull
			}
			if err := s.RecordDevStep(ctx, actor, rec, nil, plan); err != nil {
				t.Fatalf("step %d on %v: %v", n, rec.Date, err)
			}
			days[n] = rec.Date
			d = rec.Date.AddDate(0, 0, 7)
			if n == 16 {
				m, _ := s.FindMemberByID(ctx, huoshui.Everything(), p.ID)
				if m.Status != huoshui.StatusCandidate {
					t.Errorf("before the approval the person is %s, want still a candidate", m.Status)
				}
			}
		}
		m, err := s.FindMemberByID(ctx, huoshui.Everything(), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if m.Status != huoshui.StatusFull || m.ProbationOn != days[15] || m.FullOn != days[15].AddYears(1) {
			t.Fatalf("after 25 steps: %s, probation %v, full %v (vote %v)", m.Status, m.ProbationOn, m.FullOn, days[15])
		}
		branch, _ := s.FindOrgByID(ctx, huoshui.Everything(), tr.branchA.ID)
		counts, _ := s.OrgCountsOf(ctx, []*huoshui.Org{branch})
		if c := counts[tr.branchA.ID]; c.Full != 3 || c.Applicants+c.Activists+c.Candidates+c.Probationary != 0 {
			t.Errorf("kept counts %+v, want 3 full", c)
		}
		rows, _ := s.FindDevPeople(ctx, huoshui.DevFilter{Scope: huoshui.Everything()})
		if len(rows) != 0 {
			t.Errorf("a closed file is still listed: %+v", rows)
		}
		if err := s.RecordDevStep(ctx, actor, &huoshui.DevStep{MemberID: p.ID, Step: 25, Date: d}, nil, plan); err == nil {
			t.Error("a step after the papers were archived was kept")
		}
	})
}
