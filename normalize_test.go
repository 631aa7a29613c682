package huoshui

import (
	"errors"
	"strings"
	"testing"
)

// Full-width digits, inner spaces and LibreOffice's apostrophe are typed
// every day; each is stored in one spelling, on every path (Validate
// normalises first).
func TestMemberNormalizesWhatPeopleType(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ name, want string }{
		{"高  峰", "高峰"}, {"韩　东", "韩东"}, {"袁梦Ａ", "袁梦A"}, {" 王 晓 梅 ", "王晓梅"},
		{"Ahmat  Tursun", "Ahmat Tursun"}, {"阿依古丽·买买提", "阿依古丽·买买提"}, {"ｊｏｈｎ　ｓｍｉｔｈ", "john smith"},
	} {
		m := validFull()
		m.Name = c.name
		if err := m.Validate(); err != nil {
			t.Errorf("name %q: %v", c.name, err)
		}
		if m.Name != c.want {
			t.Errorf("name %q stored as %q, want %q", c.name, m.Name, c.want)
		}
	}
	m := validFull()
	m.IDNumber = "３７０１０２１９８５０３１２００２ｘ"
	m.Phone = "１３７ ６８１５　２１３７"
	if err := m.Validate(); err != nil {
		t.Fatalf("full-width ID number and phone: %v", err)
	}
	if m.IDNumber != "37010219850312002X" || m.Phone != "13768152137" {
		t.Errorf("stored as %q %q", m.IDNumber, m.Phone)
	}
	m = validFull()
	m.IDNumber, m.Phone = "'370102 1985 0312 002X", "'137-6815-2137"
	if err := m.Validate(); err != nil || m.IDNumber != "37010219850312002X" || m.Phone != "13768152137" {
		t.Errorf("apostrophe: %q %q %v", m.IDNumber, m.Phone, err)
	}
}

// Control characters and bidi overrides are refused in every text field,
// with a code the interface puts into words.
func TestMemberRefusesControlCharacters(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		field string
		set   func(m *Member, s string)
	}{
		{"name", func(m *Member, s string) { m.Name = s }},
		{"workplace", func(m *Member, s string) { m.Workplace = s }},
		{"post", func(m *Member, s string) { m.Post = s }},
		{"ethnicity", func(m *Member, s string) { m.Ethnicity = s }},
	} {
		for text, code := range map[string]string{"王\x00芳": TextControl, "王\x1b芳": TextControl,
			"王\u202e芳": TextBidi, "王\u2066芳": TextBidi} {
			m := validFull()
			c.set(&m, text)
			got := strings.Join(fields(m.Validate()), ",")
			if got != c.field+":"+code {
				t.Errorf("%s %q: %s, want %s:%s", c.field, text, got, c.field, code)
			}
		}
	}
	if CheckText("第一行\n第二行\t说明", true) != "" || CheckText("第一行\n第二行", false) != TextControl {
		t.Errorf("tab and newline: allowed only in a text area")
	}
}

// Every stage date is checked against the birth date and against the
// others: the API once accepted a probation date of 1905 for a person
// born in 1990.
func TestMemberStageDatesAgainstBirth(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		change func(m *Member)
		want   string
	}{
		{"probation before birth", func(m *Member) {
			m.Status, m.AppliedOn, m.ProbationOn, m.FullOn = StatusProbationary, Date{}, NewDate(1905, 6, 17), Date{}
		}, "probation_on:member.date_before_birth"},
		{"activist at 15, no application date", func(m *Member) {
			m.Status, m.AppliedOn, m.ActivistOn, m.ProbationOn, m.FullOn = StatusActivist, Date{}, NewDate(2000, 5, 1), Date{}, Date{}
		}, "activist_on:member.stage_under_18"},
		{"full before the probation year ends", func(m *Member) { m.FullOn = NewDate(2008, 3, 1) }, "full_on:member.full_before_year"},
		{"full three years after probation", func(m *Member) { m.FullOn = NewDate(2010, 7, 1) }, "full_on:member.full_too_late"},
		{"probation extended by a year", func(m *Member) { m.FullOn = NewDate(2009, 7, 1) }, ""},
		{"candidate after probation", func(m *Member) { m.CandidateOn = NewDate(2007, 8, 1) }, "probation_on:date_order"},
	}
	for _, c := range cases {
		m := validFull()
		c.change(&m)
		if got := strings.Join(fields(m.Validate()), ","); got != c.want {
			t.Errorf("%s: got %s, want %s", c.name, got, c.want)
		}
	}
}

func TestParseDateText(t *testing.T) {
	t.Parallel()
	want := NewDate(2026, 11, 24)
	for _, in := range []string{"2026-11-24", "2026/11/24", "2026.11.24", "20261124", "2026年11月24日",
		"2026 年 11 月 24 日", "２０２６－１１－２４", " 2026/11/24 ", "2026-11-24 00:00:00"} {
		if got, err := ParseDateText(in); err != nil || !got.Equal(want) {
			t.Errorf("ParseDateText(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"1995.06", "1995.6", "1995-06", "1995/6", "1995年6月", "1995年06", "199506", "１９９５．０６"} {
		if _, err := ParseDateText(in); !errors.Is(err, ErrYearMonth) {
			t.Errorf("ParseDateText(%q): %v, want ErrYearMonth", in, err)
		}
	}
	for _, in := range []string{"2026-02-30", "2026-13-01", "1899-12-31", "24/11/2026", "明年", "1995.13", "40459", "1995.06.31"} {
		if got, err := ParseDateText(in); err == nil || errors.Is(err, ErrYearMonth) {
			t.Errorf("ParseDateText(%q) = %s, %v; want a refusal", in, got, err)
		}
	}
}

// Names of organisations and accounts refuse the same characters.
func TestOrgAndUserNamesRefuseControlCharacters(t *testing.T) {
	t.Parallel()
	o := Org{Name: "秘书处\u202e党支部", Kind: OrgBranch, ParentID: 1}
	if got := strings.Join(fields(o.Validate()), ","); !strings.Contains(got, "name:text.bidi") {
		t.Errorf("org name with a bidi override: %s", got)
	}
	u := User{Username: "wangfang", DisplayName: "王\x00芳"}
	if got := strings.Join(fields(u.Validate()), ","); !strings.Contains(got, "display_name:text.control") {
		t.Errorf("display name with NUL: %s", got)
	}
}
