package huoshui

import "testing"

// One result: a member, a branch, a year, a known grade.
func TestAppraisalValidate(t *testing.T) {
	t.Parallel()
	ok := Appraisal{OrgID: 2, MemberID: 1, Year: 2025, Grade: GradeExcellent}
	if err := ok.Validate(); err != nil {
		t.Fatalf("good result: %v", err)
	}
	bad := Appraisal{Year: 1920, Grade: "perfect", Note: "好\x00"}
	got := fieldCodes(bad.Validate())
	want := map[string]string{"member_id": "required", "org_id": "required", "year": "appraisal.year_range",
		"grade": "invalid_choice", "note": "text.control"}
	for f, c := range want {
		if got[f] != c {
			t.Errorf("%s: %q, want %q (all: %v)", f, got[f], c, got)
		}
	}
	for _, g := range AppraisalGrades {
		if !g.Valid() {
			t.Errorf("%s not valid", g)
		}
	}
}
