package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/huoshui/huoshui/internal/demo"
)

// The member form as a secretary uses it: an ID number fills an empty
// gender and birth date and refuses ones that contradict it, saying what
// the number says; a second secretary is refused with the first one's
// name; a date required by the status says so; the summary above the
// refused form links to each field, and the first one takes the focus.
func TestMemberFormReadsIDNumberAndRefusesContradictions(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		branch := e.demoOrg(demo.BranchName)
		c := e.login("secretary")
		cases := []struct {
			name   string
			change url.Values
			field  string
			msg    string
		}{
			{"gender against the ID number", url.Values{"gender": {"male"}}, "gender", "性别与身份证号不一致：按身份证号应为女。"},
			{"birth date against the ID number", url.Values{"birth_date": {"1996-02-04"}}, "birth_date", "按身份证号应为 1996-02-03"},
			{"second secretary", url.Values{"status": {"full"}, "full_on": {"2025-07-01"}, "committee_post": {"secretary"}},
				"committee_post", "本支部已有书记：李明远。请先修改其职务。"},
			{"date the status requires", url.Values{"status": {"full"}}, "full_on", "状态为正式党员，请填写转正日期。"},
		}
		for _, tc := range cases {
			v := validMemberForm(branch, nil)
			for k, vs := range tc.change {
				v[k] = vs
			}
			doc := c.postForm("/members", v).wantStatus(http.StatusUnprocessableEntity).doc()
			if got := memberFieldMsg(doc, tc.field); !strings.Contains(got, tc.msg) {
				t.Errorf("%s: message next to %s is %q, want %q", tc.name, tc.field, got, tc.msg)
			}
			link := doc.Find(`#form-problems a[href="#` + tc.field + `"]`)
			if link.Length() != 1 || !strings.Contains(link.Parent().Text(), tc.msg) {
				t.Errorf("%s: the summary does not link to #%s with its message: %q", tc.name, tc.field, doc.Find("#form-problems").Text())
			}
			if id, _ := doc.Find("[autofocus]").Attr("id"); id != tc.field {
				t.Errorf("%s: focus on %q, want %q", tc.name, id, tc.field)
			}
		}

		// Two problems: the summary lists both in the form's order, and
		// the focus goes to the first. The empty gender shows what the ID
		// number says.
		v := validMemberForm(branch, nil)
		v.Set("gender", "")
		v.Set("birth_date", "")
		v.Set("name", "")
		v.Set("probation_on", "")
		doc := c.postForm("/members", v).wantStatus(http.StatusUnprocessableEntity).doc()
		var hrefs []string
		doc.Find("#form-problems a").Each(func(_ int, s *goquery.Selection) { h, _ := s.Attr("href"); hrefs = append(hrefs, h) })
		if strings.Join(hrefs, " ") != "#name #probation_on" {
			t.Errorf("summary links %v, want #name #probation_on", hrefs)
		}
		if id, _ := doc.Find("[autofocus]").Attr("id"); id != "name" {
			t.Errorf("focus on %q, want name", id)
		}
		if g, _ := doc.Find("#gender option[selected]").Attr("value"); g != "female" {
			t.Errorf("gender shown as %q, want female from the ID number", g)
		}
		if b, _ := doc.Find("#birth_date").Attr("value"); b != "1996-02-03" {
			t.Errorf("birth date shown as %q, want 1996-02-03 from the ID number", b)
		}

		// Saved without gender and birth date, the record has the ID number's.
		v = validMemberForm(branch, nil)
		v.Set("gender", "")
		v.Set("birth_date", "")
		loc := c.postForm("/members", v).wantStatus(http.StatusSeeOther).Header.Get("Location")
		main := c.get(loc).wantStatus(http.StatusOK).doc().Find("main").Text()
		if !strings.Contains(main, "女") || !strings.Contains(main, "1996-02-03") {
			t.Errorf("profile after a save without gender and birth date: %q", main)
		}

	})
}
