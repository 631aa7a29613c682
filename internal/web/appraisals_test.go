package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/rules"
)

// The secretary opens this year's appraisal and grades: 优秀 up to a third
// of the branch's members, and the next one refused with the numbers,
// nothing written; 不合格 without a reason refused. A plain member sees
// no round, only their own result on their own record; the branch beside
// sees nothing. The year's record exports and prints.
func TestAppraisalCapAndPrivacy(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		branch := e.demoOrg("秘书处（督查处）党支部")
		sec := e.login("secretary")
		year := e.store.Now().Year()
		orgPath := "/orgs/" + strconvItoa64(branch.ID) + "/appraisals"
		if r := sec.postForm(orgPath, url.Values{"year": {strconvItoa(year + 1)}}); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("next year's appraisal: %d, want 422", r.StatusCode)
		}
		sec.postForm(orgPath, url.Values{"year": {strconvItoa(year)}}).wantStatus(http.StatusSeeOther)
		rs, _ := e.store.FindAppraisalRounds(ctx, huoshui.Everything(), branch.ID)
		round := "/appraisals/" + strconvItoa64(rs[0].ID)

		ms, _, err := e.store.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Everything(), OrgID: branch.ID,
			Status: huoshui.StatusFull, Sort: "name", Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		o, _ := e.store.FindOrgByID(ctx, huoshui.Everything(), branch.ID)
		max := rules.MaxExcellent(o.PartyCount)
		grade := func(m *huoshui.Member, g, note string) *response {
			return sec.postForm(round+"/members/"+strconvItoa64(m.ID), url.Values{"grade": {g}, "note": {note}})
		}
		for _, m := range ms[:max] {
			grade(m, "excellent", "").wantStatus(http.StatusSeeOther)
		}
		r := grade(ms[max], "excellent", "")
		want := "人最多评 " + strconvItoa(max) + " 名优秀"
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, want) {
			t.Errorf("one 优秀 beyond a third: %d, want 422 saying %q", r.StatusCode, want)
		}
		if r := grade(ms[max], "unqualified", ""); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "写明理由") {
			t.Errorf("不合格 without a reason: %d", r.StatusCode)
		}
		if got, _ := e.store.FindRoundAppraisals(ctx, rs[0].ID); len(got) != max {
			t.Errorf("%d grades stored, want %d: a refused grade wrote", len(got), max)
		}
		grade(ms[max], "qualified", "").wantStatus(http.StatusSeeOther)
		view := sec.get(round).wantStatus(http.StatusOK)
		if cap := textOf(view.doc().Find(".excellent-cap").First()); !strings.Contains(cap, "优秀最多 "+strconvItoa(max)+" 名") {
			t.Errorf("the round shows the cap as %q", cap)
		}
		if r := sec.get(round + "/export.xlsx").wantStatus(http.StatusOK); !strings.Contains(r.Header.Get("Content-Type"), "spreadsheetml") {
			t.Errorf("the export is %q", r.Header.Get("Content-Type"))
		}
		if p := sec.get(round + "/print").wantStatus(http.StatusOK); !strings.Contains(p.Body, ms[0].Name) || !strings.Contains(p.Body, "优秀") {
			t.Errorf("the print page does not list the members with their grades")
		}

		// Privacy.
		member := e.login("member")
		member.get(round).wantStatus(http.StatusNotFound)
		member.get(orgPath).wantStatus(http.StatusForbidden)
		u := e.findAccount("member")
		own := member.get("/members/" + strconvItoa64(u.MemberID)).wantStatus(http.StatusOK)
		graded := false
		for _, m := range ms[:max+1] {
			graded = graded || m.ID == u.MemberID
		}
		if strings.Contains(own.Body, "民主评议结果") != graded {
			t.Errorf("the member's own record shows the appraisal: %v, graded: %v", !graded, graded)
		}
		// A colleague's grade stays private to them and the officers.
		for _, m := range ms[:max+1] {
			if m.ID == u.MemberID {
				continue
			}
			if r := member.get("/members/" + strconvItoa64(m.ID)); strings.Contains(r.Body, "民主评议结果") {
				t.Errorf("a plain member reads %s's appraisal on their record", m.Name)
			}
			break
		}
		e.memberAccount("zh-sec2", "郭立新", huoshui.RoleSecretary, e.demoOrg("综合处党支部"))
		neighbour := e.login("zh-sec2")
		neighbour.get(round).wantStatus(http.StatusNotFound)
		neighbour.get(round + "/export.xlsx").wantStatus(http.StatusNotFound)
		neighbour.postForm(round+"/members/"+strconvItoa64(ms[0].ID), url.Values{"grade": {"qualified"}}).wantStatus(http.StatusNotFound)
	})
}
