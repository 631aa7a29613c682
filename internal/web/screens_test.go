package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
)

// statusCounts counts the current people of a branch by status, from the
// records: what the pages' counts must say.
func (e *env) statusCounts(branch *huoshui.Org) map[huoshui.MemberStatus]int {
	ms, _, err := e.store.FindMembers(context.Background(), huoshui.MemberFilter{Scope: huoshui.Everything(), OrgID: branch.ID})
	if err != nil {
		e.T().Fatal(err)
	}
	out := map[huoshui.MemberStatus]int{}
	for _, m := range ms {
		out[m.Status]++
	}
	return out
}

// 党员 are full and probationary members: the roster's heading, the org
// page and the home card count them apart from the applicants, activists
// and candidates, who are a line of their own.
func TestCountsLeaveOutPeopleOnTheWay(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	second := e.demoOrg(demo.SecondBranch)
	// An applicant, an activist and a candidate join the second branch.
	day := huoshui.NewDate(2025, 3, 1)
	for _, m := range []*huoshui.Member{
		{OrgID: second.ID, Name: "申请甲", Status: huoshui.StatusApplicant, AppliedOn: day},
		{OrgID: second.ID, Name: "积极乙", Status: huoshui.StatusActivist, ActivistOn: day},
		{OrgID: second.ID, Name: "对象丙", Status: huoshui.StatusCandidate, CandidateOn: day},
	} {
		if err := e.store.CreateMember(context.Background(), e.secretaryActor(), m); err != nil {
			t.Fatal(err)
		}
	}
	n := e.statusCounts(second)
	party := n[huoshui.StatusFull] + n[huoshui.StatusProbationary]
	wantParty := fmt.Sprintf("党员 %d 名（正式党员 %d 名，预备党员 %d 名）", party, n[huoshui.StatusFull], n[huoshui.StatusProbationary])
	var way []string
	for _, x := range []struct {
		label string
		st    huoshui.MemberStatus
	}{{"入党申请人", huoshui.StatusApplicant}, {"入党积极分子", huoshui.StatusActivist}, {"发展对象", huoshui.StatusCandidate}} {
		way = append(way, fmt.Sprintf("%s %d", x.label, n[x.st]))
	}
	wantWay := strings.Join(way, " · ")

	c := e.login("organiser")
	doc := c.get(fmt.Sprintf("/members?org=%d", second.ID)).wantStatus(http.StatusOK).doc()
	if h1 := textOf(doc.Find("h1")); h1 != "人员名册" {
		t.Errorf("the roster's heading is %q, want 人员名册 (it lists applicants too)", h1)
	}
	if got := textOf(doc.Find(".roster-counts")); !strings.Contains(got, wantParty) || !strings.Contains(got, wantWay) {
		t.Errorf("roster counts %q, want %q and %q", got, wantParty, wantWay)
	}
	doc = c.get(fmt.Sprintf("/orgs/%d", second.ID)).wantStatus(http.StatusOK).doc()
	if got := textOf(doc.Find(".facts")); !strings.Contains(got, wantParty) || !strings.Contains(got, wantWay) {
		t.Errorf("org page facts %q, want %q and %q", got, wantParty, wantWay)
	}
	// The organiser's home card of the committee counts the same way.
	card := textOf(c.get("/").wantStatus(http.StatusOK).doc().Find("main .card .roster-counts"))
	nb := e.statusCounts(e.demoOrg(demo.BranchName))
	wantCard := fmt.Sprintf("党员 %d 名", party+nb[huoshui.StatusFull]+nb[huoshui.StatusProbationary])
	if !strings.Contains(card, wantCard) || !strings.Contains(card, "发展对象") {
		t.Errorf("home card counts %q, want %q apart from the 发展对象", card, wantCard)
	}
	for _, user := range []string{"organiser"} {
		got := textOf(e.login(user).get("/orgs").wantStatus(http.StatusOK).doc().Find(".tree"))
		if !strings.Contains(got, wantParty) {
			t.Errorf("%s's tree %q does not count 党员 as %q", user, got, wantParty)
		}
	}
}

// The organiser's home lists the warnings of every node under them as
// things to do, each with a link where it is put right; none hides in a
// tooltip.
func TestOrganiserHomeListsSubtreeWarningsAsActions(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	ctx := context.Background()
	committee := e.demoOrg(demo.CommitteeName)
	small := &huoshui.Org{ParentID: committee.ID, Kind: huoshui.OrgBranch, Name: "新设党支部"}
	if err := e.store.CreateOrg(ctx, e.secretaryActor(), small); err != nil {
		t.Fatal(err)
	}
	// The secretariat's committee term ends in 30 days.
	branch := e.demoOrg(demo.BranchName)
	today := huoshui.DateOf(time.Now().In(huoshui.Shanghai))
	elected, ends := today.AddDate(-3, 0, 30), today.AddDate(0, 0, 30)
	if _, err := e.store.UpdateOrg(ctx, e.secretaryActor(), branch.ID, huoshui.OrgUpdate{CommitteeElectedOn: &elected, CommitteeTermEnds: &ends}); err != nil {
		t.Fatal(err)
	}
	doc := e.login("organiser").get("/").wantStatus(http.StatusOK).doc()
	actions := doc.Find("[data-warning-actions] li")
	var smallLine, termLine string
	actions.Each(func(_ int, li *goquery.Selection) {
		text := textOf(li)
		switch {
		case strings.Contains(text, "新设党支部"):
			smallLine = text
			if href := li.Find(`a[href="/orgs/` + fmt.Sprint(small.ID) + `"]`).Length(); href != 1 {
				t.Errorf("the small branch's warning does not link to it: %q", text)
			}
			if li.Find(fmt.Sprintf(`a.act[href="/members?org=%d"]`, small.ID)).Length() != 1 {
				t.Errorf("the small branch's warning does not lead to its roster: %q", text)
			}
		case strings.Contains(text, demo.BranchName) && strings.Contains(text, "届满"):
			termLine = text
			if li.Find(fmt.Sprintf(`a.act[href="/orgs/%d/elections/new"]`, branch.ID)).Length() != 1 {
				t.Errorf("the ending term does not lead to the branch's election form: %q", text)
			}
		}
	})
	if !strings.Contains(smallLine, "正式党员只有 0 名") {
		t.Errorf("home does not list the branch without members as a warning: %q", textOf(actions))
	}
	if !strings.Contains(termLine, "还有 30 天") {
		t.Errorf("home does not list the ending term: %q", textOf(actions))
	}
	if doc.Find("main [title]").Length() != 0 {
		t.Errorf("home hides something in a tooltip: %d", doc.Find("main [title]").Length())
	}
}

// A member's timeline marks the stage they are at as the current one.
func TestTimelineMarksTheCurrentStage(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	self := e.demoMember("杨雪梅")
	doc := e.login("member").get(memberURL(self, "")).wantStatus(http.StatusOK).doc()
	cur := doc.Find(`.timeline li[aria-current="step"]`)
	if cur.Length() != 1 || !cur.HasClass("current") || !strings.Contains(textOf(cur), huoshuiStatusZh[self.Status]) ||
		!strings.Contains(textOf(cur), "当前阶段") {
		t.Errorf("timeline's current stage: %d marked, %q, want %s marked as 当前阶段", cur.Length(), textOf(cur), self.Status)
	}
}

var huoshuiStatusZh = map[huoshui.MemberStatus]string{
	huoshui.StatusApplicant: "入党申请人", huoshui.StatusActivist: "入党积极分子", huoshui.StatusCandidate: "发展对象",
	huoshui.StatusProbationary: "预备党员", huoshui.StatusFull: "正式党员",
}

// The 404 and 405 pages speak the reader's language: English too.
func TestStyledMissesInEnglish(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	c := e.login("member")
	c.postForm("/lang", url.Values{"lang": {"en"}, "next": {"/"}}).wantStatus(http.StatusSeeOther)
	r := c.get("/no-such-page").wantStatus(http.StatusNotFound)
	if h1 := textOf(r.doc().Find("h1")); h1 != "Not found" || r.doc().Find("nav.sidenav").Length() == 0 {
		t.Errorf("English 404: heading %q", h1)
	}
	req, _ := http.NewRequest(http.MethodPut, e.srv.URL+"/password", nil)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	r = c.do(req).wantStatus(http.StatusMethodNotAllowed)
	if h1 := textOf(r.doc().Find("h1")); strings.ContainsAny(h1, "不，。") || h1 == "" {
		t.Errorf("English 405: heading %q", h1)
	}
	// A visitor not signed in gets the styled page too.
	r = e.client().get("/no-such-page").wantStatus(http.StatusNotFound)
	if h1 := textOf(r.doc().Find("h1")); h1 != "没有找到" {
		t.Errorf("visitor's 404: heading %q", h1)
	}
}
