package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
)

// The sending secretary withdraws a move before the other branch answers:
// the confirmation says what happens, the member stays and is no longer
// shown as leaving, the receiving branch has nothing to answer, a second
// withdrawal or a late acceptance is refused in Chinese; the receiving
// branch may not withdraw it. The audit log names the fields 转接方式 and
// 办理状态 and reads the stage in words. The member sees the move in their
// own history, without the officers' link.
func TestTransferWithdraw(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		own := e.demoOrg(demo.BranchName)
		second := e.demoOrg(demo.SecondBranch)
		account := e.findAccount("member")
		m, err := e.store.FindMemberByID(t.Context(), huoshui.Everything(), account.MemberID)
		if err != nil {
			t.Fatal(err)
		}
		sec := e.login("secretary")
		r := sec.postForm(memberURL(m, "/transfers"), url.Values{"kind": {"inside"}, "to_org_id": {strconv.FormatInt(second.ID, 10)},
			"on": {transferDay(e).String()}, "reason": {"借调"}}).wantStatus(http.StatusSeeOther)
		view := r.Header.Get("Location")
		doc := sec.get(view).wantStatus(http.StatusOK).doc()
		if doc.Find(`a[data-withdraw-link][href="`+view+`/withdraw"]`).Length() != 1 {
			t.Fatalf("the sending secretary's transfer page lacks 撤回转接")
		}
		confirm := sec.get(view + "/withdraw").wantStatus(http.StatusOK).doc()
		if !strings.Contains(confirm.Find("main").Text(), "仍是"+own.Name+"的党员") || confirm.Find("button[data-withdraw]").Length() != 1 {
			t.Errorf("the confirmation does not say the member stays: %q", confirm.Find("main").Text())
		}
		// The receiving branch answers; it does not withdraw.
		org := e.login("organiser")
		theirs := strings.Replace(view, fmt.Sprintf("/orgs/%d/", own.ID), fmt.Sprintf("/orgs/%d/", second.ID), 1)
		org.postForm(theirs+"/withdraw", nil).wantStatus(http.StatusForbidden)
		// The receiving branch's secretary does not see the sending side at all.
		e.duesUser("sec-second", 0, huoshui.RoleSecretary, second).get(view + "/withdraw").wantStatus(http.StatusNotFound)

		sec.postForm(view+"/withdraw", nil).wantStatus(http.StatusSeeOther)
		doc = sec.get(view).wantStatus(http.StatusOK).doc()
		if got := strings.TrimSpace(doc.Find("[data-status]").Text()); got != "已撤回" {
			t.Errorf("after withdrawing the transfer reads %q, want 已撤回", got)
		}
		if doc.Find("[data-withdraw-link]").Length() != 0 {
			t.Errorf("a withdrawn transfer still offers 撤回")
		}
		if got, _ := e.store.FindMemberByID(t.Context(), huoshui.Everything(), m.ID); got.OrgID != own.ID || got.ArchivedAt != nil {
			t.Errorf("withdrawn, the member moved or left: %+v", got)
		}
		if sec.get(memberURL(m, "")).wantStatus(http.StatusOK).doc().Find("[data-transfer-pending]").Length() != 0 {
			t.Errorf("withdrawn, the member is still shown as leaving")
		}
		if got := org.get(fmt.Sprintf("/orgs/%d/transfers", second.ID)).wantStatus(http.StatusOK).doc().Find("#pending-in-h").Parent().Text(); strings.Contains(got, m.Name) {
			t.Errorf("the receiving branch still has the withdrawn move to answer: %q", got)
		}
		doc = org.postForm(theirs+"/accept", url.Values{"on": {transferDay(e).String()}}).wantStatus(http.StatusUnprocessableEntity).doc()
		if !strings.Contains(doc.Find("main").Text(), "这项转接已经撤回") {
			t.Errorf("accepting a withdrawn move: %q", doc.Find(".form-error").Text())
		}
		doc = sec.postForm(view+"/withdraw", nil).wantStatus(http.StatusUnprocessableEntity).doc()
		if !strings.Contains(doc.Find("main").Text(), "这项转接已经撤回") || doc.Find("button[data-withdraw]").Length() != 0 {
			t.Errorf("withdrawing twice: %q", doc.Find("main").Text())
		}
		if got := e.demoMember(m.Name); got.OrgID != own.ID {
			t.Errorf("the refused acceptance moved the member")
		}

		// The member's own history shows the move, with no link into the
		// officers' pages.
		me := e.login("member")
		hist := me.get(memberURL(m, "")).wantStatus(http.StatusOK).doc().Find("[data-transfer-cases]")
		if !strings.Contains(hist.Text(), second.Name) || !strings.Contains(hist.Text(), "已撤回") {
			t.Errorf("the member's own history lacks the transfer: %q", hist.Text())
		}
		if hist.Find("a").Length() != 0 {
			t.Errorf("the member's history links to the officers' transfer page")
		}

		// The audit log: the case's fields under their own labels.
		audit := e.login("auditor").get("/audit?type=transfer").wantStatus(http.StatusOK).doc()
		text := audit.Find("main").Text()
		for _, want := range []string{"撤回转接", "转接方式", "办理状态", "待接收党支部确认", "已撤回", "平台内转接"} {
			if !strings.Contains(text, want) {
				t.Errorf("the audit log of transfers lacks %q", want)
			}
		}
		for _, wrong := range []string{"组织类别", "人员类别"} {
			if strings.Contains(audit.Find(".audit-field").Text(), wrong) {
				t.Errorf("a transfer's field is labelled %q", wrong)
			}
		}
	})
}

// Restoring a member who left with a letter whose receipt is not back:
// the profile says the letter will be withdrawn, the restore brings them
// back and closes the letter as withdrawn, so it no longer waits for a
// receipt, and a receipt typed in for it later is refused.
func TestTransferRestoreWithdrawsLetter(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		own := e.demoOrg(demo.BranchName)
		m := e.demoMember("陈思远")
		sec := e.login("secretary")
		r := sec.postForm(memberURL(m, "/transfers"), url.Values{"kind": {"letter_out"}, "destination": {"中共省财政厅机关委员会"},
			"issued_on": {transferDay(e).String()}, "valid_until": {""}}).wantStatus(http.StatusSeeOther)
		view := r.Header.Get("Location")
		number := strings.TrimSpace(sec.get(view).wantStatus(http.StatusOK).doc().Find("[data-letter-number]").Text())
		doc := sec.get(memberURL(m, "")).wantStatus(http.StatusOK).doc()
		if !strings.Contains(doc.Find("[data-restore-letter]").Text(), number) {
			t.Errorf("the restore does not warn about letter %s: %q", number, doc.Find(".notice").Text())
		}
		sec.postForm(memberURL(m, "/restore"), nil).wantStatus(http.StatusSeeOther)
		if got := e.demoMember("陈思远"); got.ArchivedAt != nil || got.OrgID != own.ID {
			t.Fatalf("not restored: %+v", got)
		}
		doc = sec.get(view).wantStatus(http.StatusOK).doc()
		if got := strings.TrimSpace(doc.Find("[data-status]").Text()); got != "已撤回" {
			t.Errorf("the letter of a restored member reads %q, want 已撤回", got)
		}
		if doc.Find("#receipt_on").Length() != 0 {
			t.Errorf("a withdrawn letter still asks for its receipt")
		}
		list := fmt.Sprintf("/orgs/%d/transfers", own.ID)
		if strings.Contains(sec.get(list).wantStatus(http.StatusOK).doc().Find("#letters-h").Parent().Text(), number) {
			t.Errorf("the withdrawn letter is still among those waiting for their receipt")
		}
		sec.postForm(list+"/receipts", url.Values{"letter_number": {number}, "receipt_on": {transferDay(e).String()}}).
			wantStatus(http.StatusUnprocessableEntity)
		if a, err := e.store.TransferAlertsOf(t.Context(), own.ID, transferDay(e).AddDate(1, 0, 0)); err != nil || a.Overdue != 0 {
			t.Errorf("the withdrawn letter counts as overdue: %+v %v", a, err)
		}
	})
}
