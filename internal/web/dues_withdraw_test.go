package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/rules"
)

// A payment recorded in error is withdrawn from the ledger: the line
// links to a confirmation that names the payment, confirming makes the
// month unpaid again (arrears up by one, the branch's total down), the
// audit log keeps the payment; a second withdrawal is 404, and the
// member and the branch beside cannot reach it.
func TestDuesWithdrawPayment(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		seedDemoDues(t, e)
		branch := e.demoOrg(demo.BranchName)
		late := e.demoMember(demo.ArrearsMember)
		sec := e.signedIn("secretary")
		through := rules.LastDueMonth(huoshui.DateOf(e.store.Now().In(huoshui.Shanghai)))
		ledger := fmt.Sprintf("/orgs/%d/dues", branch.ID)
		// Record last month by mistake: arrears fall to 2.
		sec.postForm(ledger+"/payments", url.Values{"member_id": {fmt.Sprint(late.ID)}, "month": {through.String()},
			"amount": {"46"}, "method": {"cash"}}).wantStatus(http.StatusSeeOther)
		d := sec.get(ledger + "?month=" + through.String()).wantStatus(http.StatusOK).doc()
		row := d.Find(fmt.Sprintf("tr#m%d", late.ID))
		if got, _ := row.Find("[data-arrears]").Attr("data-arrears"); got != "2" {
			t.Fatalf("arrears after the payment: %q, want 2", got)
		}
		paidBefore := d.Find("tr[data-paid]").Length()
		href, ok := row.Find("a[data-withdraw-link]").Attr("href")
		if !ok {
			t.Fatalf("the paid line offers no 撤销")
		}

		// The member and the branch beside reach nothing.
		me := e.duesUser("wjn", late.ID, huoshui.RoleMember, branch)
		me.get(href).wantStatus(http.StatusNotFound)
		me.postForm(href, nil).wantStatus(http.StatusNotFound)
		beside := e.duesUser("zhsec", 0, huoshui.RoleSecretary, e.demoOrg(demo.SecondBranch))
		beside.get(href).wantStatus(http.StatusNotFound)
		beside.postForm(href, nil).wantStatus(http.StatusNotFound)

		confirm := sec.get(href).wantStatus(http.StatusOK).doc()
		facts := confirm.Find("[data-withdraw-payment]").Text()
		for _, want := range []string{demo.ArrearsMember, through.String(), "46.00", "现金"} {
			if !strings.Contains(facts, want) {
				t.Errorf("the confirmation lacks %q: %q", want, facts)
			}
		}
		if !strings.Contains(confirm.Find("main").Text(), "恢复为未交") {
			t.Errorf("the confirmation does not say the month becomes unpaid")
		}
		// Opening the confirmation writes nothing.
		if got, _ := sec.get(ledger).wantStatus(http.StatusOK).doc().Find(fmt.Sprintf("tr#m%d [data-arrears]", late.ID)).Attr("data-arrears"); got != "2" {
			t.Errorf("the confirmation page changed the arrears: %q", got)
		}

		r := sec.postForm(href, nil).wantStatus(http.StatusSeeOther)
		d = sec.get(r.Header.Get("Location")).wantStatus(http.StatusOK).doc()
		if !strings.Contains(d.Find("[role=status], .flash").Text(), "已撤销"+demo.ArrearsMember) {
			t.Errorf("no notice of the withdrawal: %q", d.Find("main").Text())
		}
		row = d.Find(fmt.Sprintf("tr#m%d", late.ID))
		if got, _ := row.Find("[data-arrears]").Attr("data-arrears"); got != "3" {
			t.Errorf("arrears after withdrawing: %q, want 3", got)
		}
		if row.Find("form[data-pay-form]").Length() != 1 {
			t.Errorf("the month is not open to record again")
		}
		if got := d.Find("tr[data-paid]").Length(); got != paidBefore-1 {
			t.Errorf("%d paid lines after withdrawing, want %d", got, paidBefore-1)
		}
		sec.get(href).wantStatus(http.StatusNotFound)
		sec.postForm(href, nil).wantStatus(http.StatusNotFound)

		audit := e.login("auditor").get("/audit?action=delete").wantStatus(http.StatusOK).doc().Find("main").Text()
		for _, want := range []string{"党费交纳记录", "46.00", through.String()} {
			if !strings.Contains(audit, want) {
				t.Errorf("the audit log of the withdrawn payment lacks %q: %q", want, audit)
			}
		}
	})
}
