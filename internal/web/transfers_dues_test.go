package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
)

// A letter out fills its dues line from the ledger: paid up to the last
// month of the unbroken run of payments, so a missed month stops it there.
func TestTransferLetterDuesFromLedger(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	fixed := time.Date(2026, 5, 10, 9, 0, 0, 0, huoshui.Shanghai)
	e.store.SetClock(func() time.Time { return fixed })
	m := e.demoMember("陈思远")
	own := e.demoOrg(demo.BranchName)
	ctx := t.Context()
	if err := e.store.SaveSalary(ctx, huoshui.Actor{Username: "test"}, huoshui.Everything(),
		&huoshui.Salary{MemberID: m.ID, From: huoshui.YearMonth{Year: 2026, Month: 1}, Kind: huoshui.DuesSalary, IncomeFen: 460000}); err != nil {
		t.Fatal(err)
	}
	for _, month := range []time.Month{1, 2, 4} { // March missed
		if err := e.store.RecordDuesPayment(ctx, huoshui.Actor{Username: "test"}, huoshui.Everything(), &huoshui.DuesPayment{
			MemberID: m.ID, Month: huoshui.YearMonth{Year: 2026, Month: month}, AmountFen: 2300, Method: huoshui.PayWeChat,
			PaidOn: huoshui.NewDate(2026, 5, 2)}, huoshui.NewDate(2026, 5, 10)); err != nil {
			t.Fatal(err)
		}
	}
	sec := e.login("secretary")
	sec.postForm(memberURL(m, "/transfers"), url.Values{"kind": {"letter_out"}, "destination": {"中共省财政厅机关委员会"},
		"issued_on": {"2026-05-10"}, "valid_until": {""}}).wantStatus(http.StatusSeeOther)
	cs, err := e.store.FindTransferCases(ctx, huoshui.TransferFilter{Scope: huoshui.Everything(), OrgID: own.ID})
	if err != nil || len(cs) != 1 {
		t.Fatal(cs, err)
	}
	text := sec.get(fmt.Sprintf("/orgs/%d/transfers/%d/letter", own.ID, cs[0].ID)).wantStatus(http.StatusOK).doc().Find("article.transfer-letter").Text()
	if !strings.Contains(text, "该同志党费已交到2026年2月。") {
		t.Errorf("the letter does not say dues are paid up to February (March was missed):\n%s", text)
	}
}
