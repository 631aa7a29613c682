package rules

import (
	"testing"

	"github.com/huoshui/huoshui"
)

// 优秀 at most a third of the members appraised, rounded down.
func TestCheckExcellentCap(t *testing.T) {
	t.Parallel()
	cases := []struct {
		excellent, members, max int
		want                    string
	}{
		{0, 0, 0, ""},
		{1, 2, 0, "appraisal.excellent_cap"},
		{1, 3, 1, ""},
		{2, 3, 1, "appraisal.excellent_cap"},
		{1, 4, 1, ""},
		{2, 4, 1, "appraisal.excellent_cap"},
		{1, 5, 1, ""},
		{2, 5, 1, "appraisal.excellent_cap"},
		{2, 6, 2, ""},
		{3, 6, 2, "appraisal.excellent_cap"},
		{3, 10, 3, ""},
		{4, 10, 3, "appraisal.excellent_cap"},
		{16, 50, 16, ""},
		{17, 50, 16, "appraisal.excellent_cap"},
	}
	for _, c := range cases {
		if got := MaxExcellent(c.members); got != c.max {
			t.Errorf("MaxExcellent(%d) = %d, want %d", c.members, got, c.max)
		}
		err := CheckExcellentCap(c.excellent, c.members)
		if got := ruleCode(t, err); got != c.want {
			t.Errorf("%d 优秀 of %d: %q, want %q", c.excellent, c.members, got, c.want)
		}
		if err != nil && err.(*RuleError).Arg("Max") != c.max {
			t.Errorf("%d 优秀 of %d: args %v, want Max %d", c.excellent, c.members, err.(*RuleError).Args, c.max)
		}
	}
}

// A branch's year of results: a second 优秀 beyond a third is refused,
// and so is a member graded twice.
func TestCheckAppraisal(t *testing.T) {
	t.Parallel()
	res := func(grades ...huoshui.AppraisalGrade) []huoshui.Appraisal {
		var out []huoshui.Appraisal
		for i, g := range grades {
			out = append(out, huoshui.Appraisal{OrgID: 2, MemberID: int64(i + 1), Year: 2025, Grade: g})
		}
		return out
	}
	ex, ok, basic := huoshui.GradeExcellent, huoshui.GradeQualified, huoshui.GradeBasicallyQualified
	if err := CheckAppraisal(res(ex, ok, ok, ok, basic)); err != nil {
		t.Errorf("one 优秀 of five: %v", err)
	}
	if got := ruleCode(t, CheckAppraisal(res(ex, ex, ok, ok, ok))); got != "appraisal.excellent_cap" {
		t.Errorf("two 优秀 of five: %q", got)
	}
	twice := res(ok, ok, ok)
	twice[2].MemberID = 1
	if got := ruleCode(t, CheckAppraisal(twice)); got != "appraisal.member_twice" {
		t.Errorf("a member graded twice: %q", got)
	}
	mixed := res(ok, ok, ok)
	mixed[1].Year = 2024
	if got := ruleCode(t, CheckAppraisal(mixed)); got != "appraisal.mixed" {
		t.Errorf("two years at once: %q", got)
	}
	if err := CheckAppraisal(nil); err != nil {
		t.Errorf("no results: %v", err)
	}
}
