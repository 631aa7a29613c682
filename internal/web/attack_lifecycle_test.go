package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// Attacks on a member's life in the party (development, dues, transfers,
// elections, appraisal), as people outside a record's branch and as
// careless input, on the whole demo.

// lifecycleEnv is a demo server on st with the whole demo seeded: its
// people in development, transfers, elections, appraisal and dues.
func lifecycleEnv(t *testing.T, st *store.Store) *env {
	t.Helper()
	if _, err := demo.Seed(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	return newEnv(t, st)
}

// fullOf lists the current full members of the named demo branch.
func fullOf(t *testing.T, e *env, branch string) []*huoshui.Member {
	t.Helper()
	ms, _, err := e.store.FindMembers(context.Background(), huoshui.MemberFilter{Scope: huoshui.Everything(),
		OrgID: e.demoOrg(branch).ID, Status: huoshui.StatusFull, Sort: "name", Limit: 100})
	if err != nil || len(ms) == 0 {
		t.Fatalf("full members of %s: %d, %v", branch, len(ms), err)
	}
	return ms
}

// auditCount is how many audit entries there are: a refused post adds none.
func auditCount(t *testing.T, e *env) int {
	t.Helper()
	es, _, err := e.store.FindAuditEntries(context.Background(), huoshui.AuditFilter{Scope: huoshui.Everything(), Limit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}

// Every page and API of 秘书处's development files, dues, transfers,
// elections and appraisal: 404 for the secretary and the organiser of
// 综合处 beside it, 404 (or 403 where the branch itself is theirs to see)
// for a plain member of 秘书处, the sign-in page for one signed out; and
// no answer names a person of 秘书处 to them. Their posts write nothing.
func TestAttackLifecycleOutsidersSeeAndWriteNothing(t *testing.T) {
	t.Parallel()
	e := lifecycleEnv(t, storetest.SQLite(t))
	ctx := context.Background()
	branch := e.demoOrg(demo.BranchName)
	all := huoshui.Everything()
	devs, _ := e.store.FindDevPeople(ctx, huoshui.DevFilter{Scope: all, OrgID: branch.ID})
	cases, _ := e.store.FindTransferCases(ctx, huoshui.TransferFilter{Scope: all, OrgID: branch.ID})
	rounds, _ := e.store.FindAppraisalRounds(ctx, all, branch.ID)
	if len(devs) < 4 || len(cases) < 2 || len(rounds) < 1 {
		t.Fatalf("the demo lacks records: %d people in development, %d transfers, %d rounds", len(devs), len(cases), len(rounds))
	}
	b := fmt.Sprintf("/orgs/%d", branch.ID)
	private := []string{b + "/dues", b + "/dues/year", b + "/dues/print", b + "/dues/export.xlsx", b + "/dues/bulk",
		b + "/dues/year.xlsx", b + "/dues/year/print", b + "/transfers", b + "/transfers/in",
		fmt.Sprintf("/api/v1/orgs/%d/dues", branch.ID)}
	var names []string
	for _, d := range devs {
		names = append(names, d.Member.Name)
		private = append(private, fmt.Sprintf("/development/%d", d.Member.ID), fmt.Sprintf("/development/%d/print", d.Member.ID),
			fmt.Sprintf("/development/%d/papers/1", d.Member.ID))
	}
	for _, c := range cases {
		names = append(names, c.MemberName)
		private = append(private, fmt.Sprintf("%s/transfers/%d", b, c.ID), fmt.Sprintf("%s/transfers/%d/letter", b, c.ID),
			fmt.Sprintf("/api/v1/transfers/%d/letter", c.ID))
	}
	for _, x := range rounds {
		private = append(private, fmt.Sprintf("/appraisals/%d", x.ID), fmt.Sprintf("/appraisals/%d/print", x.ID),
			fmt.Sprintf("/appraisals/%d/export.xlsx", x.ID))
	}
	zhsec := devAccount(e, "attack-zh-sec", demo.SecondBranch, huoshui.RoleSecretary)
	zhorg := devAccount(e, "attack-zh-org", demo.SecondBranch, huoshui.RoleOrganiser)
	member := e.login("member")
	anon := e.client()
	for _, p := range append(private, b+"/elections/new", b+"/appraisals", fmt.Sprintf("/api/v1/development?org=%d", branch.ID)) {
		for who, c := range map[string]*client{"综合处 secretary": zhsec, "综合处 organiser": zhorg} {
			if r := c.get(p); r.StatusCode != http.StatusNotFound {
				t.Errorf("%s GET %s: %d, want 404", who, p, r.StatusCode)
			}
		}
		switch r := anon.get(p); {
		case strings.HasPrefix(p, "/api/") && r.StatusCode != http.StatusUnauthorized,
			!strings.HasPrefix(p, "/api/") && r.StatusCode != http.StatusSeeOther:
			t.Errorf("signed out GET %s: %d", p, r.StatusCode)
		}
	}
	for _, p := range private {
		if r := member.get(p); r.StatusCode != http.StatusNotFound {
			t.Errorf("plain member GET %s: %d, want 404", p, r.StatusCode)
		}
	}
	// The lists an outsider may open name no one of 秘书处.
	for _, c := range []*client{zhsec, zhorg} {
		for _, p := range []string{"/development", "/dues", "/development/pipeline"} {
			body := c.get(p).Body
			for _, n := range names {
				if strings.Contains(body, n) {
					t.Errorf("%s names %s of 秘书处 to 综合处", p, n)
				}
			}
		}
	}

	// Posts from outside write nothing.
	mine := fullOf(t, e, demo.BranchName)[1]
	before := auditCount(t, e)
	today := huoshui.DateOf(e.store.Now().In(huoshui.Shanghai)).String()
	posts := map[string]url.Values{
		b + "/dues/payments":                          {"member_id": {fmt.Sprint(mine.ID)}, "month": {today[:7]}, "amount": {"10"}, "method": {"cash"}},
		b + "/dues/bulk":                              {"month": {today[:7]}, "method": {"cash"}},
		fmt.Sprintf("/members/%d/salary", mine.ID):    {"kind": {"salary"}, "income": {"5000"}, "month": {today[:7]}},
		fmt.Sprintf("/members/%d/transfers", mine.ID): {"kind": {"letter_out"}, "destination": {"外单位"}},
		b + "/transfers/receipts":                     {"letter_number": {cases[0].LetterNumber + cases[1].LetterNumber}, "receipt_on": {today}},
		b + "/elections":                              {"held_on": {today}, "eligible": {"10"}, "present": {"9"}},
		b + "/appraisals":                             {"year": {"2024"}},
		fmt.Sprintf("/appraisals/%d/members/%d", rounds[0].ID, mine.ID): {"grade": {"unqualified"}, "note": {"x"}},
	}
	for _, d := range devs {
		posts[fmt.Sprintf("/development/%d/steps", d.Member.ID)] = url.Values{"step": {fmt.Sprint(d.NextStep)}, "date": {today}}
	}
	for _, c := range cases {
		for _, a := range []string{"accept", "decline", "receipt"} {
			posts[fmt.Sprintf("%s/transfers/%d/%s", b, c.ID, a)] = url.Values{"on": {today}, "receipt_on": {today}, "decline_reason": {"x"}}
		}
	}
	for p, v := range posts {
		for who, c := range map[string]*client{"综合处 secretary": zhsec, "综合处 organiser": zhorg, "plain member": member} {
			r := c.postForm(p, v)
			if r.StatusCode != http.StatusNotFound && r.StatusCode != http.StatusForbidden {
				t.Errorf("%s POST %s: %d, want 403 or 404", who, p, r.StatusCode)
			}
		}
		if r := anon.postForm(p, v); r.StatusCode != http.StatusSeeOther && r.StatusCode != http.StatusForbidden {
			t.Errorf("signed out POST %s: %d", p, r.StatusCode)
		}
	}
	if after := auditCount(t, e); after != before {
		t.Errorf("refused posts wrote %d audit entries", after-before)
	}

	// The branch's own secretary, posting from another site: refused.
	sec := e.login("secretary")
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+b+"/dues/payments", strings.NewReader(posts[b+"/dues/payments"].Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if r := sec.do(req); r.StatusCode != http.StatusForbidden {
		t.Errorf("a cross-origin payment: %d, want 403", r.StatusCode)
	}
	if after := auditCount(t, e); after != before {
		t.Errorf("the cross-origin payment wrote")
	}
}

// Steps 5 and 9 name a mentor and the introducers by id. An id of a
// member of another branch (or the person themself) was taken as it came:
// the step was kept with that member's name, so a secretary could read
// the name of anyone on the platform by typing ids into the form. It is
// refused now, in the page and the API, naming no one.
func TestAttackDevelopmentPeopleOutsideTheBranch(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		p := devPerson(e, demo.BranchName, "钱晓雯", huoshui.NewDate(2000, 5, 1), huoshui.NewDate(2025, 10, 1))
		file := fmt.Sprintf("/development/%d", p.ID)
		sec, org := e.login("secretary"), e.login("organiser")
		for _, s := range []struct {
			c    *client
			n    int
			date string
		}{{sec, 1, "2025-10-01"}, {sec, 2, "2025-10-20"}, {sec, 3, "2025-12-01"}, {org, 4, "2025-12-05"}} {
			s.c.postForm(file+"/steps", url.Values{"step": {fmt.Sprint(s.n)}, "date": {s.date}}).wantStatus(http.StatusSeeOther)
		}
		outsider := fullOf(t, e, demo.SecondBranch)[0]
		for _, id := range []int64{outsider.ID, p.ID} {
			r := sec.postForm(file+"/steps", url.Values{"step": {"5"}, "date": {"2025-12-10"}, "people": {fmt.Sprint(id)}}).
				wantStatus(http.StatusUnprocessableEntity)
			if got := r.doc().Find("[role=alert]").Text(); !strings.Contains(got, "不在本支部的党员名单上") {
				t.Errorf("person %d as mentor: %q", id, got)
			}
			r = sec.postJSON("/api/v1/development/"+fmt.Sprint(p.ID)+"/steps",
				fmt.Sprintf(`{"step":5,"date":"2025-12-10","people":[%d]}`, id)).wantStatus(http.StatusUnprocessableEntity)
			if strings.Contains(r.Body, outsider.Name) {
				t.Errorf("the API's refusal names %s: %s", outsider.Name, r.Body)
			}
		}
		if strings.Contains(sec.get(file).Body, outsider.Name) || devSteps(e, p.ID) != 4 {
			t.Errorf("a mentor from another branch was kept: %d steps", devSteps(e, p.ID))
		}
		// One of the branch's full members is taken.
		mentor := fullOf(t, e, demo.BranchName)[0]
		sec.postForm(file+"/steps", url.Values{"step": {"5"}, "date": {"2025-12-10"}, "people": {fmt.Sprint(mentor.ID)}}).
			wantStatus(http.StatusSeeOther)
	})
}

// A step the page offers no form for (it is the higher committee's turn)
// posted again was refused with 422 and a page that said nothing of why:
// its message had no field to sit beside. It shows at the top now.
func TestAttackDevelopmentRefusalWithoutItsFormIsExplained(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	p := devPerson(e, demo.BranchName, "钱晓雯", huoshui.NewDate(2000, 5, 1), huoshui.NewDate(2025, 10, 1))
	file := fmt.Sprintf("/development/%d", p.ID)
	sec := e.login("secretary")
	for _, s := range []struct {
		n    int
		date string
	}{{1, "2025-10-01"}, {2, "2025-10-20"}, {3, "2025-12-01"}} {
		sec.postForm(file+"/steps", url.Values{"step": {fmt.Sprint(s.n)}, "date": {s.date}}).wantStatus(http.StatusSeeOther)
	}
	// Step 4 is the committee's: the secretary's page has no form; step 3
	// again (a double click, a back button) is refused with its reason.
	r := sec.postForm(file+"/steps", url.Values{"step": {"3"}, "date": {"2025-12-01"}}).wantStatus(http.StatusUnprocessableEntity)
	if got := r.doc().Find("[role=alert]").Text(); !strings.Contains(got, "第 3 步已经完成") {
		t.Errorf("the refusal does not say why: %q", got)
	}
	if devSteps(e, p.ID) != 3 {
		t.Errorf("%d steps kept, want 3", devSteps(e, p.ID))
	}
}

// Opening a year's appraisal with an over-long note was refused with a
// page that showed no message: the form had no place for it.
func TestAttackAppraisalRoundRefusalIsExplained(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	sec := e.login("secretary")
	r := sec.postForm(fmt.Sprintf("/orgs/%d/appraisals", e.demoOrg(demo.BranchName).ID),
		url.Values{"year": {"2024"}, "note": {strings.Repeat("长", 10000)}}).wantStatus(http.StatusUnprocessableEntity)
	if got := r.doc().Find("[role=alert]").Text(); !strings.Contains(got, "不能超过") {
		t.Errorf("the refusal does not say why: %q", got)
	}
}

// A move into the branch still waiting for its answer linked the
// receiving secretary to the member's record, which is not theirs to open
// until they accept: a dead link (404). The name shows without a link
// until then. The secretary finds 发展党员 in the menu, a plain member
// does not.
func TestAttackTransferPendingNameIsNoDeadLink(t *testing.T) {
	t.Parallel()
	e := lifecycleEnv(t, storetest.SQLite(t))
	ctx := context.Background()
	branch := e.demoOrg(demo.BranchName)
	cases, _ := e.store.FindTransferCases(ctx, huoshui.TransferFilter{Scope: huoshui.Everything(), OrgID: branch.ID,
		Status: []huoshui.TransferStatus{huoshui.TransferPending}})
	if len(cases) == 0 || cases[0].ToOrgID != branch.ID {
		t.Fatalf("the demo has no move into %s waiting: %+v", demo.BranchName, cases)
	}
	c := cases[0]
	sec := e.login("secretary")
	d := sec.get(fmt.Sprintf("/orgs/%d/transfers/%d", branch.ID, c.ID)).wantStatus(http.StatusOK).doc()
	d.Find("main a[href^='/members/']").Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		if r := sec.get(href); r.StatusCode != http.StatusOK {
			t.Errorf("the transfer page links %s (%s): %d", href, a.Text(), r.StatusCode)
		}
	})
	if !strings.Contains(d.Find("main").Text(), c.MemberName) {
		t.Errorf("the transfer page does not name %s", c.MemberName)
	}
	if sec.get("/").doc().Find(`nav.sidenav a[href="/development"]`).Length() != 1 {
		t.Error("the secretary's menu has no 发展党员")
	}
	if e.login("member").get("/").doc().Find(`nav.sidenav a[href="/development"]`).Length() != 0 {
		t.Error("a plain member's menu leads to 发展党员")
	}
}
