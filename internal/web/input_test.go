package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
)

// toWide writes ASCII in full-width characters, as a Chinese input method
// in full-width mode types it.
func toWide(s string) string {
	return strings.Map(func(r rune) rune {
		if r > ' ' && r < 0x7f {
			return r + 0xFEE0
		}
		return r
	}, s)
}

// Names with inner spaces and full-width letters, and numbers typed in
// full-width digits, are stored in one spelling on every path and found by
// search: the form, the API and the import.
func TestInputNormalisedOnEveryPath(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		c := e.login("secretary")
		branch := e.demoOrg(demo.BranchName)
		birth := huoshui.NewDate(1996, 2, 3)

		// The form.
		v := validMemberForm(branch, nil)
		v.Set("name", "韩　东")
		v.Set("id_number", toWide(v.Get("id_number")))
		v.Set("phone", "１３９ １２３４ ５６７８")
		c.postForm("/members", v).wantStatus(http.StatusSeeOther)

		// The API.
		id2 := demo.IDNumber("320102", huoshui.NewDate(1990, 5, 6), 77, huoshui.Male)
		r := c.postJSON("/api/v1/members", apiMemberBody(branch.ID, map[string]any{"name": "高  峰", "id_number": "'" + toWide(id2)}))
		r.wantStatus(http.StatusCreated)

		// The import.
		data := rosterFile(t, importHeader,
			[]any{"袁梦Ａ", "女", toWide(impID2), "", "预备党员", "2014-03-05", "2025-07-01", "", "", "'139 0000 1111"})
		preview := c.stageRoster(branch.ID, data)
		if doc := c.get(preview).wantStatus(http.StatusOK).doc(); doc.Find("tr.bad").Length() != 0 {
			t.Fatalf("import preview has problems: %s", doc.Find("tr.bad .problems").Text())
		}
		c.postForm(batchURL(preview, "confirm"), url.Values{}).wantStatus(http.StatusSeeOther)

		for name, id := range map[string]string{"韩东": demo.IDNumber("110101", birth, 321, huoshui.Female), "高峰": id2, "袁梦A": impID2} {
			list := c.get("/members?q=" + url.QueryEscape(name)).wantStatus(http.StatusOK)
			if !strings.Contains(list.Body, name) {
				t.Errorf("search for %s does not find it", name)
			}
			ms, _, err := e.store.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Scope{All: true}, Query: id, NumberScope: huoshui.Everything()})
			if err != nil || len(ms) != 1 || ms[0].Name != name {
				t.Errorf("ID number %s: %d members (%v), want %s", id, len(ms), err, name)
			}
		}
		// A search typed with the spaces or in full width finds them too.
		for q, want := range map[string]string{"高 峰": "高峰", "袁梦Ａ": "袁梦A"} {
			if list := c.get("/members?q=" + url.QueryEscape(q)); !strings.Contains(list.Body, want) {
				t.Errorf("search %q does not find %s", q, want)
			}
		}
		m := e.demoMember("韩东")
		if m.Phone != "13912345678" {
			t.Errorf("phone stored as %q", m.Phone)
		}
		if m := e.demoMember("袁梦A"); m.Phone != "13900001111" {
			t.Errorf("imported phone stored as %q", m.Phone)
		}
	})
}

// A year and month typed without a day (1995.06 — Excel keeps it as a
// number) is never read as a day counted from 1900: the import asks for
// the day on its row; the form and the API do too; and a stage date before
// the birth date is refused on every path.
func TestInputYearMonthAndStageDates(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		c := e.login("secretary")
		branch := e.demoOrg(demo.BranchName)
		data := rosterFile(t, importHeader,
			[]any{"高明", "男", impID1, "大学本科", "正式党员", 2010.10, "2012-07-01", "2013-07-01", "", ""},
			[]any{"林小红", "女", impID2, "", "预备党员", "2014-03-05", "1905-06-17", "", "", ""},
		)
		preview := c.stageRoster(branch.ID, data)
		doc := c.get(preview).wantStatus(http.StatusOK).doc()
		rowSays := func(name string) string {
			var says string
			doc.Find("tr.bad").Each(func(_ int, tr *goquery.Selection) {
				if strings.Contains(tr.Text(), name) {
					says = tr.Find(".problems").Text()
				}
			})
			return says
		}
		for name, want := range map[string]string{
			"高明":  "递交申请日期：只填了年月，请补全日期",
			"林小红": "入党日期：这个日期早于出生日期",
		} {
			if got := rowSays(name); !strings.Contains(got, want) {
				t.Errorf("%s's row does not say %q; it says %q", name, want, got)
			}
		}

		v := validMemberForm(branch, nil)
		v.Set("applied_on", "2019.03")
		doc = c.postForm("/members", v).wantStatus(http.StatusUnprocessableEntity).doc()
		if got := memberFieldMsg(doc, "applied_on"); !strings.Contains(got, "只填了年月") {
			t.Errorf("form: message next to applied_on is %q", got)
		}

		r := c.postJSON("/api/v1/members", apiMemberBody(branch.ID, map[string]any{"probation_on": "1905-06-17", "applied_on": "", "full_on": "", "status": "probationary"}))
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "这个日期早于出生日期") {
			t.Errorf("API probation 1905 for a person born 1990: status %d\n%s", r.StatusCode, r.Body)
		}
		r = c.postJSON("/api/v1/members", apiMemberBody(branch.ID, map[string]any{"full_on": "2012-12-01"}))
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "预备期为一年") {
			t.Errorf("API full membership half a year after admission: status %d\n%s", r.StatusCode, r.Body)
		}
	})
}
