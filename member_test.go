package huoshui

import (
	"errors"
	"sort"
	"strings"
	"testing"
)

func validFull() Member {
	return Member{
		OrgID: 1, Name: "王晓梅", Gender: Female, BirthDate: NewDate(1985, 3, 12), IDNumber: "37010219850312002x",
		Phone: "137 6815 2137", Status: StatusFull,
		AppliedOn: NewDate(2005, 3, 1), ProbationOn: NewDate(2007, 7, 1), FullOn: NewDate(2008, 7, 1),
	}
}

func fields(err error) []string {
	var ve *ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	var out []string
	for _, f := range ve.Fields {
		out = append(out, f.Field+":"+f.Code)
	}
	sort.Strings(out)
	return out
}

func TestMemberValidate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		change func(m *Member)
		want   []string
	}{
		{"valid", func(m *Member) {}, nil},
		{"name required", func(m *Member) { m.Name = "  " }, []string{"name:required"}},
		{"bad checksum", func(m *Member) { m.IDNumber = "370102198503120021" }, []string{"id_number:id_number.checksum"}},
		{"birth differs from ID", func(m *Member) { m.BirthDate = NewDate(1985, 3, 13) }, []string{"birth_date:member.birth_mismatch"}},
		{"full without full date", func(m *Member) { m.FullOn = Date{} }, []string{"full_on:member.required_by_status.full"}},
		{"gender differs from ID", func(m *Member) { m.Gender = Male }, []string{"gender:member.gender_mismatch_female"}},
		{"probationary without admission date", func(m *Member) {
			m.Status, m.ProbationOn, m.FullOn = StatusProbationary, Date{}, Date{}
		}, []string{"probation_on:member.required_by_status.probationary"}},
		{"probationary with full date", func(m *Member) { m.Status = StatusProbationary }, []string{"full_on:member.date_beyond_status"}},
		{"dates out of order", func(m *Member) { m.ProbationOn = NewDate(2009, 1, 1) }, []string{"full_on:date_order"}},
		{"applied under 18", func(m *Member) { m.AppliedOn = NewDate(2002, 1, 1) }, []string{"applied_on:member.under_18"}},
		{"post needs full member", func(m *Member) {
			m.Status, m.FullOn, m.CommitteePost = StatusProbationary, Date{}, PostSecretary
		}, []string{"committee_post:member.post_needs_full"}},
		{"bad phone", func(m *Member) { m.Phone = "12345" }, []string{"phone:phone.invalid"}},
		{"unknown status", func(m *Member) { m.Status = "boss" }, []string{"status:invalid_choice"}},
		{"no branch", func(m *Member) { m.OrgID = 0 }, []string{"org_id:required"}},
	}
	for _, c := range cases {
		m := validFull()
		c.change(&m)
		got := fields(m.Validate())
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
	m := validFull()
	m.Validate()
	if m.IDNumber != "37010219850312002X" || m.Phone != "13768152137" {
		t.Errorf("normalised to %q %q", m.IDNumber, m.Phone)
	}
}

// An ID number fills an empty gender and birth date: 37010219850312002X
// is a woman born on 12 March 1985, 110101199001010015 a man.
func TestMemberTakesGenderAndBirthFromIDNumber(t *testing.T) {
	t.Parallel()
	m := validFull()
	m.Gender, m.BirthDate = "", Date{}
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	if m.Gender != Female || !m.BirthDate.Equal(NewDate(1985, 3, 12)) {
		t.Errorf("read %q %s from the ID number", m.Gender, m.BirthDate)
	}
	if g := IDNumberGender("110101199001010015"); g != Male {
		t.Errorf("110101199001010015: %q", g)
	}
	m = validFull()
	m.IDNumber, m.Gender, m.BirthDate = "", "", Date{}
	if err := m.Validate(); err != nil || m.Gender != "" || !m.BirthDate.IsZero() {
		t.Errorf("without an ID number: %v %q %s", err, m.Gender, m.BirthDate)
	}
}

func TestCheckPassword(t *testing.T) {
	t.Parallel()
	cases := []struct {
		pw, user string
		want     []string
	}{
		{"Xinmima#2026", "zhangsan", nil},
		{"xinmima2026", "zhangsan", []string{"password:password.kinds"}},
		{"Ab1#", "zhangsan", []string{"password:password.short"}},
		{"Zhangsan#2026", "zhangsan", []string{"password:password.has_username"}},
		{"密码很长很长Ab1", "zhangsan", nil}, // Chinese characters count as symbols
	}
	for _, c := range cases {
		got := fields(CheckPassword(c.pw, c.user))
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("CheckPassword(%q): got %v, want %v", c.pw, got, c.want)
		}
	}
}

func TestCheckRoles(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		roles []Role
		ok    bool
	}{
		{"one officer role", []Role{{Kind: RoleSecretary}}, true},
		{"officer and organiser", []Role{{Kind: RoleSecretary}, {Kind: RoleOrganiser}}, true},
		{"an administrator alone", []Role{{Kind: RoleAuditor}}, true},
		{"two administrators", []Role{{Kind: RoleSysAdmin}, {Kind: RoleAuditor}}, false},
		{"administrator and member", []Role{{Kind: RoleSecAdmin}, {Kind: RoleMember}}, false},
	}
	for _, c := range cases {
		if err := CheckRoles(c.roles); (err == nil) != c.ok {
			t.Errorf("%s: got %v, want ok=%v", c.name, err, c.ok)
		}
	}
}

func TestOrgPaths(t *testing.T) {
	t.Parallel()
	if p := OrgPath("/1/7/", 42); p != "/1/7/42/" {
		t.Errorf("OrgPath = %q", p)
	}
	if ids := PathIDs("/1/7/42/"); len(ids) != 3 || ids[2] != 42 {
		t.Errorf("PathIDs = %v", ids)
	}
	if !PathWithin("/1/7/42/", "/1/7/") || PathWithin("/1/70/", "/1/7/") || PathWithin("/1/7/", "") {
		t.Errorf("PathWithin is wrong about sibling prefixes")
	}
	s := Scope{Paths: []string{"/1/7/"}, MemberID: 9}
	if !s.Covers("/1/7/8/", 0) || s.Covers("/1/70/", 0) || !s.Covers("/2/", 9) || (Scope{}).Covers("/1/", 0) {
		t.Errorf("Scope.Covers is wrong")
	}
}

func TestOrgAncestorsAndDepth(t *testing.T) {
	t.Parallel()
	o := &Org{ID: 42, Path: "/1/7/42/"}
	if ids := o.AncestorIDs(); len(ids) != 2 || ids[0] != 1 || ids[1] != 7 {
		t.Errorf("AncestorIDs = %v, want [1 7]", ids)
	}
	if d := o.Depth(); d != 2 {
		t.Errorf("Depth = %d, want 2", d)
	}
	root := &Org{ID: 1, Path: "/1/"}
	if len(root.AncestorIDs()) != 0 || root.Depth() != 0 {
		t.Errorf("a root has ancestors %v, depth %d", root.AncestorIDs(), root.Depth())
	}
}

// A person born on 29 February turns 18 on 28 February of a common year,
// as the development rules count (rules.CheckStep): the form and the
// import accept an application on that day and refuse one the day before.
func TestMemberEighteenFromTwentyNinthFebruary(t *testing.T) {
	t.Parallel()
	first17 := "11010120040229003"
	id := first17 + string(IDNumberCheckChar(first17))
	for _, c := range []struct {
		applied Date
		want    string
	}{
		{NewDate(2022, 2, 28), ""},
		{NewDate(2022, 2, 27), "applied_on:member.under_18"},
	} {
		m := Member{OrgID: 1, Name: "闰日生", Gender: Male, BirthDate: NewDate(2004, 2, 29), IDNumber: id,
			Status: StatusApplicant, AppliedOn: c.applied}
		if got := strings.Join(fields(m.Validate()), ","); got != c.want {
			t.Errorf("applied %s: got %q, want %q", c.applied, got, c.want)
		}
	}
}
