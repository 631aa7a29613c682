package web_test

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	cdp "github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
)

// transferScreens lays out a branch's transfers as a secretary finds them
// (a move to the branch beside waiting for its answer, a letter out
// waiting for its receipt) and lists the transfer screens, for the tour.
func transferScreens(t *testing.T, e *env, branchID int64) []string {
	t.Helper()
	ctx := context.Background()
	second := e.demoOrg(demo.SecondBranch)
	a := huoshui.Actor{Username: "secretary"}
	moving := e.demoMember("陈思远")
	in := &huoshui.TransferCase{Kind: huoshui.TransferInside, MemberID: moving.ID, ToOrgID: second.ID,
		On: transferDay(e), Reason: "岗位调整到综合处"}
	if err := e.store.StartTransfer(ctx, a, in); err != nil {
		t.Fatal(err)
	}
	leaving := &huoshui.Member{OrgID: branchID, Name: "孙立伟", Gender: huoshui.Male, Ethnicity: "汉族",
		BirthDate: huoshui.NewDate(1988, 5, 14), Status: huoshui.StatusFull, FullOn: huoshui.NewDate(2013, 6, 20),
		ProbationOn: huoshui.NewDate(2012, 6, 20)}
	leaving.IDNumber = demo.IDNumber("370102", leaving.BirthDate, 77, huoshui.Male)
	if err := e.store.CreateMember(ctx, a, leaving); err != nil {
		t.Fatal(err)
	}
	issued := transferDay(e).AddDate(0, 0, -40)
	letter := &huoshui.TransferCase{Kind: huoshui.TransferLetterOut, MemberID: leaving.ID,
		Destination: "中共山东省财政厅机关委员会", Reason: "工作调动", IssuedOn: issued, ValidUntil: issued.AddMonths(3)}
	if err := e.store.StartTransfer(ctx, a, letter); err != nil {
		t.Fatal(err)
	}
	b := fmt.Sprintf("/orgs/%d/transfers", branchID)
	stay := e.demoMember("杨雪梅")
	return []string{b, fmt.Sprintf("%s/%d", b, in.ID), fmt.Sprintf("%s/%d/withdraw", b, in.ID),
		fmt.Sprintf("%s/%d", b, letter.ID), fmt.Sprintf("%s/%d/letter", b, letter.ID), b + "/in",
		fmt.Sprintf("/members/%d/transfers/new", stay.ID)}
}

// mediaBoxRE reads a page's size from a PDF Chromium printed.
var mediaBoxRE = regexp.MustCompile(`/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]`)

// A transfer as two secretaries handle it in the browser, on a desktop
// and on a phone: the secretary of the secretariat sends a member to the
// branch beside; that branch's secretary accepts it on their page, and the
// member is on their roster. A letter out is issued from the member's
// page; its print page shows the letter with its number, its stub and its
// receipt slip, and prints on A4; the receipt is recorded when it comes
// back. Nothing scrolls sideways on the phone.
func TestBrowserTransfers(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	e := sqliteEnv(t)
	own := e.demoOrg(demo.BranchName)
	second := e.demoOrg(demo.SecondBranch)
	e.duesUser("zhsec", 0, huoshui.RoleSecretary, second) // the secretary of the branch beside
	for _, phone := range []bool{false, true} {
		view, suffix, moving, leaving := desktopViewport, "", "陈思远", "杨雪梅"
		if phone {
			view, suffix, moving, leaving = phoneViewport, "-phone", "赵文博", "吴佳宁"
		}
		m, out := e.demoMember(moving), e.demoMember(leaving)
		sideways := func(what string) {
			if phone {
				noSideways(t, ctx, what)
			}
		}
		click := func(what, sel string) {
			t.Helper()
			resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel)))
			if err != nil || resp == nil || resp.Status != 200 {
				browserShot(t, ctx, "failed-transfer"+suffix)
				t.Fatalf("%s: %v, %v", what, resp, err)
			}
		}
		if _, err := chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
			t.Fatal(err)
		}
		if err := view(ctx); err != nil {
			t.Fatal(err)
		}
		if err := signIn(ctx, e.srv.URL, "secretary"); err != nil {
			t.Fatal(err)
		}

		// Send the member to the branch beside.
		browse(t, ctx, e.srv.URL, fmt.Sprintf("/members/%d", m.ID))
		click("open the transfer form", fmt.Sprintf(`a[href="/members/%d/transfers/new"]`, m.ID))
		sideways("the transfer form")
		if err := chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(`input[name="kind"][value="inside"]`)),
			chromedp.SetValue(chromedp.CSS(`#to_org_id`), strconv.FormatInt(second.ID, 10)),
			chromedp.SendKeys(chromedp.CSS(`#reason`), "岗位调整"),
		); err != nil {
			t.Fatal(err)
		}
		browserShot(t, ctx, "transfer-send"+suffix)
		click("send the transfer", `form[action$="/transfers"] button[type="submit"]`)
		if got := browserEval[string](t, ctx, `document.querySelector("[data-status]").innerText`); got != "待接收党支部确认" {
			t.Errorf("the sent transfer reads %q", got)
		}
		sent := browserLocation(t, ctx)
		sideways("the sent transfer")

		// The branch beside accepts it on their page.
		if _, err := chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
			t.Fatal(err)
		}
		if err := signIn(ctx, e.srv.URL, "zhsec"); err != nil {
			t.Fatal(err)
		}
		browse(t, ctx, e.srv.URL, fmt.Sprintf("/orgs/%d/transfers", second.ID))
		if got := browserEval[string](t, ctx, `document.querySelector("#pending-in-h").parentElement.innerText`); !strings.Contains(got, moving) {
			t.Fatalf("the receiving secretary's list lacks %s: %q", moving, got)
		}
		browserShot(t, ctx, "transfer-receive-list"+suffix)
		sideways("the receiving branch's transfers")
		tid := sent[strings.LastIndex(sent, "/")+1:]
		browse(t, ctx, e.srv.URL, fmt.Sprintf("/orgs/%d/transfers/%s", second.ID, tid))
		browserShot(t, ctx, "transfer-answer"+suffix)
		sideways("the transfer to answer")
		click("accept", `[data-accept]`)
		if got := browserEval[string](t, ctx, `document.querySelector("[data-status]").innerText`); got != "已转入" {
			t.Errorf("accepted, the transfer reads %q", got)
		}
		if got := e.demoMember(moving); got.OrgID != second.ID {
			t.Errorf("accepted, %s is in org %d, want %d", moving, got.OrgID, second.ID)
		}
		browse(t, ctx, e.srv.URL, "/members?q="+moving)
		if rows, text := browserMemberTable(t, ctx); rows != 1 || !strings.Contains(text, moving) {
			t.Errorf("the receiving secretary's roster: %d rows %q, want %s", rows, text, moving)
		}

		// A letter out of the platform, from the member's page.
		if _, err := chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
			t.Fatal(err)
		}
		if err := signIn(ctx, e.srv.URL, "secretary"); err != nil {
			t.Fatal(err)
		}
		browse(t, ctx, e.srv.URL, fmt.Sprintf("/members/%d/transfers/new", out.ID))
		if err := chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(`input[name="kind"][value="letter_out"]`)),
			chromedp.SendKeys(chromedp.CSS(`#destination`), "中共山东省财政厅机关委员会"),
		); err != nil {
			t.Fatal(err)
		}
		click("issue the letter", `form[action$="/transfers"] button[type="submit"]`)
		number := browserEval[string](t, ctx, `document.querySelector("[data-letter-number]").innerText`)
		if !regexp.MustCompile(`^\d{4}-MSC-\d{4}$`).MatchString(number) {
			t.Fatalf("the letter's number: %q", number)
		}
		letterPage := browserLocation(t, ctx)
		browserShot(t, ctx, "transfer-letter-issued"+suffix)
		sideways("the issued letter")

		// Its print page: the letter, its stub and its receipt, numbered.
		click("open the print page", `a[href$="/letter"]`)
		for _, sel := range []string{".letter-stub", ".letter-main", ".letter-receipt"} {
			if got := browserEval[string](t, ctx, `document.querySelector("`+sel+` .letter-number").innerText`); !strings.Contains(got, number) {
				t.Errorf("%s shows number %q, want %s", sel, got, number)
			}
		}
		if got := browserEval[string](t, ctx, `document.querySelector(".letter-main").innerText`); !strings.Contains(got, leaving) ||
			!strings.Contains(got, "中共山东省财政厅机关委员会") {
			t.Errorf("the letter does not name %s and the destination: %q", leaving, got)
		}
		browserShot(t, ctx, "transfer-letter-print"+suffix)
		sideways("the letter's print page")
		if !phone {
			// Printed: A4, without the page's buttons and navigation.
			if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
				t.Fatal(err)
			}
			for _, sel := range []string{".sidenav", ".print-actions"} {
				if d := browserEval[string](t, ctx, `getComputedStyle(document.querySelector("`+sel+`")).display`); d != "none" {
					t.Errorf("%s is printed (display %q)", sel, d)
				}
			}
			if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""}); err != nil {
				t.Fatal(err)
			}
			prefer := true
			pdf, err := chromedp.Run(ctx, func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
				res, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &prefer})
				return res.Data, err
			})
			if err != nil {
				t.Fatal(err)
			}
			boxes := mediaBoxRE.FindAllSubmatch(pdf, -1)
			if len(boxes) == 0 || len(boxes) > 2 {
				t.Errorf("the letter prints on %d pages, want 1 or 2", len(boxes))
			}
			for _, b := range boxes {
				w, _ := strconv.ParseFloat(string(b[1]), 64)
				h, _ := strconv.ParseFloat(string(b[2]), 64)
				if w < 590 || w > 600 || h < 838 || h > 846 { // A4 is 595 × 842 points
					t.Errorf("a printed page is %s × %s points, want A4", b[1], b[2])
				}
			}
		}

		// The receipt comes back.
		browse(t, ctx, e.srv.URL, letterPage)
		if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(`#receipt_on`), transferDay(e).String())); err != nil {
			t.Fatal(err)
		}
		click("record the receipt", `form[action$="/receipt"] button[type="submit"]`)
		if got := browserEval[string](t, ctx, `document.querySelector("[data-status]").innerText`); got != "回执已收回" {
			t.Errorf("after the receipt the letter reads %q", got)
		}
		browserShot(t, ctx, "transfer-receipt"+suffix)
		sideways("the letter with its receipt")
		browse(t, ctx, e.srv.URL, fmt.Sprintf("/orgs/%d/transfers", own.ID))
		if got := browserEval[string](t, ctx, `document.querySelector("#letters-h").parentElement.innerText`); strings.Contains(got, number) {
			t.Errorf("the letter with its receipt still waits for it: %q", got)
		}
		browserShot(t, ctx, "transfer-list"+suffix)
		sideways("the branch's transfers")
	}
}
