package web_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
)

var updateGolden = flag.Bool("update", false, "rewrite testdata/*.golden.html from what the pages print")

// The secretary sends a member to the branch beside; the member stays,
// shown as leaving, until the organiser over that branch accepts; the
// secretary may not answer for the other branch.
func TestTransferInsideFlow(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		m := e.demoMember("陈思远")
		own := e.demoOrg(demo.BranchName)
		second := e.demoOrg(demo.SecondBranch)
		sec := e.login("secretary")
		doc := sec.get(memberURL(m, "")).wantStatus(http.StatusOK).doc()
		if doc.Find(`a[href="`+memberURL(m, "/transfers/new")+`"]`).Length() != 1 {
			t.Errorf("the secretary's profile lacks the transfer-out action")
		}
		form := sec.get(memberURL(m, "/transfers/new")).wantStatus(http.StatusOK).doc()
		if form.Find(`select#to_org_id option[value="`+strconv.FormatInt(second.ID, 10)+`"]`).Length() != 1 {
			t.Errorf("the form does not offer the branch beside")
		}
		// Into one's own branch: refused in Chinese, nothing written.
		doc = sec.postForm(memberURL(m, "/transfers"), url.Values{"kind": {"inside"}, "to_org_id": {strconv.FormatInt(own.ID, 10)},
			"on": {"2026-03-01"}}).wantStatus(http.StatusUnprocessableEntity).doc()
		if !strings.Contains(doc.Find("main").Text(), "转入的党支部与现在的相同") {
			t.Errorf("a transfer into one's own branch: %q", doc.Find(".field-error").Text())
		}
		r := sec.postForm(memberURL(m, "/transfers"), url.Values{"kind": {"inside"}, "to_org_id": {strconv.FormatInt(second.ID, 10)},
			"on": {transferDay(e).String()}, "reason": {"工作调动"}}).wantStatus(http.StatusSeeOther)
		view := r.Header.Get("Location")
		doc = sec.get(memberURL(m, "")).wantStatus(http.StatusOK).doc()
		if doc.Find("[data-transfer-pending]").Length() != 1 {
			t.Errorf("the member is not shown as leaving")
		}
		if got := e.demoMember("陈思远"); got.OrgID != own.ID {
			t.Fatalf("a pending transfer moved the member")
		}
		// The secretary sends; the answer is the other branch's.
		sec.postForm(view+"/accept", url.Values{"on": {transferDay(e).String()}}).wantStatus(http.StatusForbidden)
		org := e.login("organiser")
		doc = org.get(strings.Replace(view, fmt.Sprintf("/orgs/%d/", own.ID), fmt.Sprintf("/orgs/%d/", second.ID), 1)).wantStatus(http.StatusOK).doc()
		if doc.Find("[data-accept]").Length() != 1 {
			t.Fatalf("the organiser over the receiving branch is not offered the answer")
		}
		if got := org.get(fmt.Sprintf("/orgs/%d/transfers", second.ID)).wantStatus(http.StatusOK).doc().Find("#pending-in-h").Parent().Text(); !strings.Contains(got, "陈思远") {
			t.Errorf("the receiving branch's list does not show the move to answer: %q", got)
		}
		accept := strings.Replace(view, fmt.Sprintf("/orgs/%d/", own.ID), fmt.Sprintf("/orgs/%d/", second.ID), 1) + "/accept"
		org.postForm(accept, url.Values{"on": {"明天"}}).wantStatus(http.StatusUnprocessableEntity)
		org.postForm(accept, url.Values{"on": {transferDay(e).String()}}).wantStatus(http.StatusSeeOther)
		if got := e.demoMember("陈思远"); got.OrgID != second.ID {
			t.Errorf("accepted, the member is still in %d", got.OrgID)
		}
		sec.get(memberURL(m, "")).wantStatus(http.StatusNotFound)
	})
}

// A letter out through the API: 201 with its number, the member off the
// roster; the letter prints; a receipt for a letter that does not exist
// is refused in Chinese; one for the letter is recorded once.
func TestTransferLetterFlow(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		m := e.demoMember("陈思远")
		own := e.demoOrg(demo.BranchName)
		sec := e.login("secretary")
		r := sec.postJSON("/api/v1/transfers", fmt.Sprintf(`{"member_id":%d,"to_org_id":%d}`, m.ID, own.ID)).
			wantStatus(http.StatusUnprocessableEntity)
		if !strings.Contains(r.Body, "转入的党支部与现在的相同") {
			t.Errorf("own branch through the API: %s", r.Body)
		}
		r = sec.postJSON("/api/v1/transfers", fmt.Sprintf(`{"member_id":%d,"destination":"中共省财政厅机关委员会","kind":"letter","valid_until":"%s"}`,
			m.ID, transferDay(e).AddMonths(4))).wantStatus(http.StatusUnprocessableEntity)
		if !strings.Contains(r.Body, "最长三个月") {
			t.Errorf("a letter valid four months: %s", r.Body)
		}
		outsider := e.demoMember("罗家明")
		sec.postJSON("/api/v1/transfers", fmt.Sprintf(`{"member_id":%d,"destination":"外单位","kind":"letter"}`, outsider.ID)).
			wantStatus(http.StatusNotFound)
		r = sec.postJSON("/api/v1/transfers", fmt.Sprintf(`{"member_id":%d,"destination":"中共省财政厅机关委员会","kind":"letter"}`, m.ID)).
			wantStatus(http.StatusCreated)
		var c huoshui.TransferCase
		if err := json.Unmarshal([]byte(r.Body), &c); err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf("%d-MSC-0001", transferDay(e).Year())
		if c.LetterNumber != want || c.Status != huoshui.TransferIssued {
			t.Errorf("the letter: %q %s, want %s", c.LetterNumber, c.Status, want)
		}
		if got, err := e.store.FindMemberByID(t.Context(), huoshui.Everything(), m.ID); err != nil || got.ArchivedAt == nil {
			t.Errorf("a member with a letter out is still on the roster")
		}
		page := sec.get(fmt.Sprintf("/api/v1/transfers/%d/letter", c.ID)).wantStatus(http.StatusOK).doc()
		if page.Find(".letter-stub").Length() != 1 || !strings.Contains(page.Find(".letter-main").Text(), "中共省财政厅机关委员会") {
			t.Errorf("the printed letter lacks its stub or destination")
		}
		list := fmt.Sprintf("/orgs/%d/transfers", own.ID)
		doc := sec.postForm(list+"/receipts", url.Values{"letter_number": {want[:len(want)-1] + "9"}, "receipt_on": {transferDay(e).String()}}).
			wantStatus(http.StatusUnprocessableEntity).doc()
		if !strings.Contains(doc.Find("main").Text(), "没有编号为") {
			t.Errorf("a receipt for a letter that does not exist: %q", doc.Find(".field-error").Text())
		}
		sec.postForm(list+"/receipts", url.Values{"letter_number": {want}, "receipt_on": {transferDay(e).AddDate(0, 0, 1).String()}}).
			wantStatus(http.StatusUnprocessableEntity)
		sec.postForm(list+"/receipts", url.Values{"letter_number": {" " + strings.ToLower(want)}, "receipt_on": {transferDay(e).String()}}).
			wantStatus(http.StatusSeeOther)
		doc = sec.postForm(list+"/receipts", url.Values{"letter_number": {want}, "receipt_on": {transferDay(e).String()}}).
			wantStatus(http.StatusUnprocessableEntity).doc()
		if !strings.Contains(doc.Find("main").Text(), "回执已于") {
			t.Errorf("a second receipt: %q", doc.Find(".field-error").Text())
		}
	})
}

// The printed letter, stub and receipt, compared with the golden copy
// (go test -run TestTransferLetterGolden -update rewrites it).
func TestTransferLetterGolden(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	fixed := time.Date(2026, 3, 10, 9, 0, 0, 0, huoshui.Shanghai)
	e.store.SetClock(func() time.Time { return fixed })
	m := e.demoMember("陈思远")
	own := e.demoOrg(demo.BranchName)
	sec := e.login("secretary")
	sec.postForm(memberURL(m, "/transfers"), url.Values{"kind": {"letter_out"}, "destination": {"中共省财政厅机关委员会"},
		"issued_on": {"2026-03-10"}, "valid_until": {""}}).wantStatus(http.StatusSeeOther)
	cs, err := e.store.FindTransferCases(t.Context(), huoshui.TransferFilter{Scope: huoshui.Everything(), OrgID: own.ID})
	if err != nil || len(cs) != 1 {
		t.Fatal(cs, err)
	}
	doc := sec.get(fmt.Sprintf("/orgs/%d/transfers/%d/letter", own.ID, cs[0].ID)).wantStatus(http.StatusOK).doc()
	got, err := doc.Find("article.transfer-letter").Html()
	if err != nil {
		t.Fatal(err)
	}
	got = strings.TrimSpace(got) + "\n"
	path := filepath.Join("testdata", "transfer_letter.golden.html")
	if *updateGolden {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("the printed letter differs from %s:\n%s", path, got)
	}
}

// transferDay is today on the server's clock, in Beijing.
func transferDay(e *env) huoshui.Date { return huoshui.DateOf(e.store.Now().In(huoshui.Shanghai)) }
