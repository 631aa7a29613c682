package huoshui

import "testing"

// A step's record on its own: a known step, a date, counts that add up,
// an extension of 6 to 12 months only with that outcome.
func TestDevStepValidate(t *testing.T) {
	t.Parallel()
	ok := DevStep{MemberID: 1, Step: 15, Date: NewDate(2026, 6, 30), ActedBy: "秘书处党支部",
		Vote: &DevVote{Eligible: 10, Present: 8, For: 7, Against: 1}}
	cases := []struct {
		name  string
		edit  func(*DevStep)
		field string
		code  string
	}{
		{"good", func(*DevStep) {}, "", ""},
		{"step 0", func(s *DevStep) { s.Step = 0 }, "step", "invalid_choice"},
		{"step 26", func(s *DevStep) { s.Step = 26 }, "step", "invalid_choice"},
		{"no date", func(s *DevStep) { s.Date = Date{} }, "date", "required"},
		{"no member", func(s *DevStep) { s.MemberID = 0 }, "member_id", "required"},
		{"more votes than present", func(s *DevStep) { s.Vote.For = 8 }, "vote", "dev.vote_counts"},
		{"more present than members", func(s *DevStep) { s.Vote.Present = 11 }, "vote", "dev.vote_counts"},
		{"negative votes", func(s *DevStep) { s.Vote.Against = -1 }, "vote", "dev.vote_counts"},
		{"the same introducer twice", func(s *DevStep) {
			s.People = []DevPerson{{MemberID: 3, Name: "王芳"}, {MemberID: 3, Name: "王芳"}}
		}, "people", "dev.person_twice"},
		{"an introducer with no name", func(s *DevStep) { s.People = []DevPerson{{}} }, "people", "required"},
		{"negative training", func(s *DevStep) { s.ClassHours = -1 }, "training", "dev.training_counts"},
		{"unknown outcome", func(s *DevStep) { s.Outcome = "maybe" }, "outcome", "invalid_choice"},
		{"extended by 5 months", func(s *DevStep) { s.Outcome, s.ExtendMonths = OutcomeExtend, 5 }, "extend_months", "dev.extension_months"},
		{"extended by 6 months", func(s *DevStep) { s.Outcome, s.ExtendMonths = OutcomeExtend, 6 }, "", ""},
		{"extended by 12 months", func(s *DevStep) { s.Outcome, s.ExtendMonths = OutcomeExtend, 12 }, "", ""},
		{"extended by 13 months", func(s *DevStep) { s.Outcome, s.ExtendMonths = OutcomeExtend, 13 }, "extend_months", "dev.extension_months"},
		{"months without an extension", func(s *DevStep) { s.Outcome, s.ExtendMonths = OutcomeFull, 6 }, "extend_months", "dev.extension_without_outcome"},
		{"a control character", func(s *DevStep) { s.ActedBy = "支部\x07" }, "acted_by", "text.control"},
	}
	for _, c := range cases {
		s := ok
		v := *ok.Vote
		s.Vote = &v
		c.edit(&s)
		got := fieldCodes(s.Validate())
		if c.field == "" && len(got) != 0 || c.field != "" && got[c.field] != c.code {
			t.Errorf("%s: %v, want %s %s", c.name, got, c.field, c.code)
		}
	}
	if !(DevVote{Eligible: 3, Present: 2, For: 2}).Carried() || (DevVote{Eligible: 4, Present: 4, For: 2}).Carried() {
		t.Error("Carried: 2 of 3 carries, 2 of 4 does not")
	}
	if (DevVote{Eligible: 4, Present: 2}).Quorate() || !(DevVote{Eligible: 4, Present: 3}).Quorate() {
		t.Error("Quorate: 2 of 4 is not a quorum, 3 of 4 is")
	}
}
