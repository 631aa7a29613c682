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

func excellentCap(n, members int) error {
	if err := rules.CheckExcellentCap(n, members); err != nil {
		var re *rules.RuleError
		errors.As(err, &re)
		return re.Validation("grade")
	}
	return nil
}

func TestAppraisalGradesAndCap(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		ms := branchOf(t, s, tr.branchA.ID, 6, "评")
		r := &huoshui.AppraisalRound{OrgID: tr.branchA.ID, Year: 2025, SelfReviewOn: huoshui.NewDate(2026, 1, 8),
			MutualReviewOn: huoshui.NewDate(2026, 1, 12), VoteOn: huoshui.NewDate(2026, 1, 15)}
		if err := s.CreateAppraisalRound(ctx, actor, r); err != nil {
			t.Fatal(err)
		}
		var ve *huoshui.ValidationError
		again := &huoshui.AppraisalRound{OrgID: tr.branchA.ID, Year: 2025}
		if err := s.CreateAppraisalRound(ctx, actor, again); !errors.As(err, &ve) || ve.Fields[0].Code != "appraisal.round_exists" {
			t.Errorf("a second round of 2025: %v", err)
		}
		grade := func(m *huoshui.Member, g huoshui.AppraisalGrade, note string) error {
			return s.GradeAppraisal(ctx, actor, r.ID, &huoshui.Appraisal{MemberID: m.ID, Grade: g, Note: note}, excellentCap)
		}
		// Six members: two 优秀 at most.
		for _, m := range ms[:2] {
			if err := grade(m, huoshui.GradeExcellent, ""); err != nil {
				t.Fatal(err)
			}
		}
		if err := grade(ms[2], huoshui.GradeExcellent, ""); !errors.As(err, &ve) || ve.Fields[0].Code != "appraisal.excellent_cap" {
			t.Errorf("a third 优秀 of six: %v, want appraisal.excellent_cap", err)
		}
		// Grading one of the two again as 优秀 is no new 优秀.
		if err := grade(ms[1], huoshui.GradeExcellent, "再次确认"); err != nil {
			t.Errorf("re-grading an 优秀: %v", err)
		}
		if err := grade(ms[3], huoshui.GradeUnqualified, ""); !errors.As(err, &ve) || ve.Fields[0].Code != "appraisal.note_required" {
			t.Errorf("不合格 without a note: %v", err)
		}
		if err := grade(ms[3], huoshui.GradeUnqualified, "长期不参加组织生活"); err != nil {
			t.Fatal(err)
		}
		got, err := s.FindRoundAppraisals(ctx, r.ID)
		if err != nil || len(got) != 3 {
			t.Fatalf("round results: %d, %v", len(got), err)
		}
		mine, err := s.FindMemberAppraisals(ctx, ms[3].ID)
		if err != nil || len(mine) != 1 || mine[0].Grade != huoshui.GradeUnqualified || mine[0].Year != 2025 {
			t.Errorf("the member's own results: %+v %v", mine, err)
		}
		// Another branch's member is not in the round.
		outsider := branchOf(t, s, tr.branchB.ID, 1, "邻")[0]
		if err := grade(outsider, huoshui.GradeQualified, ""); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("grading another branch's member: %v", err)
		}
		if rs, _ := s.FindAppraisalRounds(ctx, huoshui.Scope{Paths: []string{tr.branchB.Path}}, tr.branchA.ID); len(rs) != 0 {
			t.Errorf("another branch sees %d rounds", len(rs))
		}
		if _, err := s.FindAppraisalRoundByID(ctx, huoshui.Scope{}, r.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("the empty scope reads a round: %v", err)
		}
	})
}

// Two officers grade two different members 优秀 at once, when the branch
// has room for one more: one of them is refused.
func TestRaceAppraisalExcellentCap(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		ms := branchOf(t, s, tr.branchA.ID, 3, "竞")
		raceRule(t, 20, func(i int) string {
			r := &huoshui.AppraisalRound{OrgID: tr.branchA.ID, Year: 2000 + i}
			if err := s.CreateAppraisalRound(ctx, actor, r); err != nil {
				t.Fatal(err)
			}
			grade := func(m *huoshui.Member) func() error {
				return func() error {
					return s.GradeAppraisal(ctx, actor, r.ID, &huoshui.Appraisal{MemberID: m.ID, Grade: huoshui.GradeExcellent}, excellentCap)
				}
			}
			errs := race(grade(ms[0]), grade(ms[1]))
			got, err := s.FindRoundAppraisals(ctx, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 {
				return fmt.Sprintf("%d 优秀 of 3 members in %d (answers %v)", len(got), r.Year, errs)
			}
			return ""
		})
	})
}
