package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// The audit administrator finds the records of who saw personal data in
// the clear: "read" is one of the filter's actions, the filter keeps only
// those records, and each says in a sentence what was seen (a profile, a
// roster with how many people) instead of a diff of "what" and "rows".
func TestAuditFilterFindsReadsOfPersonalData(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		sec := e.login("secretary")
		m := e.demoMember("杨雪梅")
		sec.get(memberURL(m, "")).wantStatus(http.StatusOK) // masked: not a read
		sec.get(memberURL(m, "") + "?show=id_number").wantStatus(http.StatusOK)
		sec.get("/members/export.xlsx").wantStatus(http.StatusOK)

		aud := e.login("auditor")
		page := aud.get("/audit").wantStatus(http.StatusOK).doc()
		if page.Find(`select#action option[value="read"]`).Length() != 1 {
			t.Errorf("the audit filter offers no action %q", "read")
		}
		for _, a := range []string{"password_reset_request", "password_reset_approve", "password_reset_cancel"} {
			if page.Find(`select#action option[value="`+a+`"]`).Length() != 1 {
				t.Errorf("the audit filter offers no action %q", a)
			}
		}
		doc := aud.get("/audit?action=read").wantStatus(http.StatusOK).doc()
		rows := doc.Find("table.audit > tbody > tr")
		if rows.Length() != 2 {
			t.Fatalf("the filter on reads shows %d rows, want the 2 reads:\n%s", rows.Length(), rows.Text())
		}
		text := rows.Text()
		for _, want := range []string{"查看个人信息", "看到完整身份证号", "导出了花名册，其中 14 人", "花名册"} {
			if !strings.Contains(text, want) {
				t.Errorf("the reads do not say %q:\n%s", want, text)
			}
		}
		for _, not := range []string{"登录", "roster", "项变更"} {
			if strings.Contains(text, not) {
				t.Errorf("the reads show %q:\n%s", not, text)
			}
		}
	})
}

// While an officer's reset waits for approval, the system administrator
// is not offered a second request: the page says to withdraw first, and
// the confirmation is not shown even when asked for by its address.
func TestOpenResetRequestHidesTheResetButton(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		sys := e.login("sysadmin")
		target := e.findAccount("secretary")
		if sys.get(userURL(target, "")).doc().Find(`a[href="?do=reset#confirm"]`).Length() != 1 {
			t.Fatalf("no reset button before the request")
		}
		r := sys.postForm(userURL(target, "/reset"), url.Values{}).wantStatus(http.StatusOK)
		if got := r.doc().Find(".notice").Text(); !strings.Contains(got, "下一步") || !strings.Contains(got, "批准重置") {
			t.Errorf("the first half does not say what to do next: %q", got)
		}
		doc := sys.get(userURL(target, "")).wantStatus(http.StatusOK).doc()
		if doc.Find(`a[href="?do=reset#confirm"]`).Length() != 0 {
			t.Errorf("the reset button is offered again while a request is open")
		}
		if !strings.Contains(doc.Find("#reset-request").Text(), "请先撤回申请") {
			t.Errorf("the open request does not say how to start over: %q", doc.Find("#reset-request").Text())
		}
		if sys.get(userURL(target, "?do=reset")).doc().Find(`form[action="`+userURL(target, "/reset")+`"]`).Length() != 0 {
			t.Errorf("the reset confirmation is shown while a request is open")
		}
	})
}

// The sign-in page tells an officer whose password two administrators
// reset where the code goes.
func TestSignInSaysWhereTheResetCodeGoes(t *testing.T) {
	e := sqliteEnv(t)
	got := e.client().get("/login").wantStatus(http.StatusOK).doc().Find(".login-hint").Text()
	if !strings.Contains(got, "登录码") {
		t.Errorf("the sign-in page says nothing about the reset code: %q", got)
	}
}

// An export refused past its cap does not say "correct what you typed":
// it says nothing was exported and leads back to the list with its
// filter, to narrow it.
func TestExportPastTheCapLeadsBackToTheList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := cappedEnv(t, st, 4)
		r := e.login("secretary").get("/members/export.xlsx?status=full").wantStatus(http.StatusUnprocessableEntity)
		doc := r.doc()
		if got := strings.TrimSpace(doc.Find("h1").Text()); got != "没有导出" {
			t.Errorf("the refused export's heading is %q, want 没有导出", got)
		}
		if strings.Contains(r.Body, "填写的内容有问题") {
			t.Errorf("the refused export asks to correct a form")
		}
		if href, _ := doc.Find("a.button").Attr("href"); href != "/members?status=full" {
			t.Errorf("the refused export leads back to %q, want /members?status=full", href)
		}
		org := e.login("organiser")
		committee := e.demoOrg(demo.CommitteeName)
		doc = org.get(fmt.Sprintf("/orgs/%d/export.xlsx", committee.ID)).wantStatus(http.StatusUnprocessableEntity).doc()
		if href, _ := doc.Find("a.button").Attr("href"); href != fmt.Sprintf("/orgs/%d", committee.ID) {
			t.Errorf("the refused ledger leads back to %q", href)
		}
	})
}

// A request sent again while one is open (a reload of the page that
// showed the first half) does not replace it: the half already handed
// out stays good, and the page says to withdraw first.
func TestResetRequestSentAgainKeepsTheOpenOne(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		sys := e.login("sysadmin")
		sec := e.login("secadmin")
		target := e.findAccount("organiser")
		first := strings.TrimSpace(sys.postForm(userURL(target, "/reset"), url.Values{}).wantStatus(http.StatusOK).doc().Find("#reset-half").Text())
		r := sys.postForm(userURL(target, "/reset"), url.Values{}).wantStatus(http.StatusSeeOther)
		if loc := r.Header.Get("Location"); loc != userURL(target, "") {
			t.Errorf("the second request goes to %q", loc)
		}
		if got := sys.get(userURL(target, "")).doc().Find(".flash").Text(); !strings.Contains(got, "请先撤回申请") {
			t.Errorf("the second request's notice says %q", got)
		}
		second := strings.TrimSpace(sec.postForm(userURL(target, "/reset/approve"), url.Values{}).wantStatus(http.StatusOK).doc().Find("#reset-half").Text())
		e.client().postForm("/login", url.Values{"username": {"organiser"}, "password": {first + second}}).wantStatus(http.StatusSeeOther)
	})
}
