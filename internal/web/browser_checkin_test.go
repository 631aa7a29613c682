package web_test

// Check-in in a real browser: the secretary puts the meeting's QR code on
// the screen, a member's phone reads it, signs in and lands on the
// check-in, and the secretary's page shows the member present. Two
// browser contexts of one Chromium, so two people with their own cookies.

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/storetest"
)

// personIn opens a browser context of its own (its own cookies) in the
// browser of ctx; it ends with the test.
func personIn(t *testing.T, ctx context.Context) context.Context {
	t.Helper()
	pctx, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(pctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("open a browser context: %v", err)
	}
	return pctx
}

// browserText is the text of the first element sel matches, or "".
func browserText(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	return browserEval[string](t, ctx, fmt.Sprintf(`(e => e ? e.innerText : "")(document.querySelector(%q))`, sel))
}

func TestBrowserCheckinByQRCode(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t) // first: without a browser the test skips before seeding
	st := storetest.SQLite(t)
	clock := &meetingClock{}
	clock.set(shanghai(2026, 3, 5, 14, 20))
	st.SetClock(clock.now)
	e := newEnv(t, st)
	m := e.plannedMeeting(e.demoOrg(demo.BranchName), huoshui.MeetingGeneral, "三月支部党员大会",
		shanghai(2026, 3, 5, 14, 30), 90*time.Minute)
	base := e.srv.URL
	meetingPage := fmt.Sprintf("/meetings/%d", m.ID)

	// The secretary, at the desk, opens the meeting and shows the code.
	sec := personIn(t, ctx)
	if err := desktopViewport(sec); err != nil {
		t.Fatal(err)
	}
	if err := signIn(sec, base, "secretary"); err != nil {
		t.Fatal(err)
	}
	browse(t, sec, base, meetingPage)
	if err := chromedp.Do(sec,
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`a[href="/meetings/%d/checkin"]`, m.ID))),
		chromedp.WaitVisible(chromedp.CSS(".qr svg")),
	); err != nil {
		browserShot(t, sec, "failed-checkin-screen")
		t.Fatalf("show the check-in code: %v", err)
	}
	if got := browserLocation(t, sec); got != meetingPage+"/checkin" {
		t.Fatalf("the secretary is at %s, want the check-in screen", got)
	}
	browserShot(t, sec, "checkin-screen")
	// The member's phone reads the code as a camera would: one that
	// catches the screen while the page is still settling looks again.
	var res *gozxing.Result
	for try := 1; ; try++ {
		shot, err := chromedp.Run(sec, chromedp.Screenshot(chromedp.CSS(".qr svg")))
		if err != nil {
			t.Fatalf("photograph the code: %v", err)
		}
		img, err := png.Decode(bytes.NewReader(shot))
		if err != nil {
			t.Fatal(err)
		}
		bmp, err := gozxing.NewBinaryBitmapFromImage(img)
		if err != nil {
			t.Fatal(err)
		}
		if res, err = zxqr.NewQRCodeReader().Decode(bmp, nil); err == nil {
			break
		} else if try == 3 {
			t.Fatalf("the code on the screen does not read after %d looks: %v", try, err)
		}
		time.Sleep(300 * time.Millisecond)
	}
	scanned := res.GetText()
	u, err := url.Parse(scanned)
	if err != nil || !strings.HasPrefix(scanned, base+fmt.Sprintf("/checkin/%d?c=", m.ID)) {
		t.Fatalf("the code holds %q, want this server's check-in of meeting %d", scanned, m.ID)
	}

	// Not signed in on the phone: the link asks for the sign-in first and
	// then checks in.
	mem := personIn(t, ctx)
	if err := phoneViewport(mem); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(mem,
		chromedp.Navigate(scanned),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), "member"),
		chromedp.SendKeys(chromedp.ID("password"), demo.Password),
	); err != nil {
		browserShot(t, mem, "failed-checkin-login")
		t.Fatalf("the scanned link does not ask for the sign-in: %v", err)
	}
	resp, err := chromedp.RunResponse(mem, chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)))
	if err != nil {
		t.Fatalf("sign in on the phone: %v", err)
	}
	if resp.Status != 200 {
		t.Fatalf("after signing in on the phone: status %d at %s", resp.Status, resp.URL)
	}
	if got := browserLocation(t, mem); got != u.RequestURI() {
		t.Errorf("after signing in the phone is at %s, want the scanned check-in %s", got, u.RequestURI())
	}
	browserShot(t, mem, "checkin-phone")
	if got := browserText(t, mem, ".checkin-result .ok-big"); got != "签到成功，签到时间 14:20。" {
		t.Errorf("the phone says %q", got)
	}
	noSideways(t, mem, "the check-in result")

	// The secretary's meeting page shows the member present.
	browse(t, sec, base, meetingPage)
	row := browserEval[string](t, sec, `Array.from(document.querySelectorAll("table.attendance tbody tr")).
		filter(r => r.querySelector("th").innerText.includes("杨雪梅")).map(r => r.querySelector("th").innerText).join("")`)
	if !strings.Contains(row, "2026-03-05 14:20 扫码签到") {
		t.Errorf("杨雪梅's row on the secretary's page reads %q, want her check-in", row)
	}
	checked := browserEval[bool](t, sec, fmt.Sprintf(`document.querySelector('input[name="att_%d"][value="present"]').checked`,
		e.demoMember("杨雪梅").ID))
	if !checked {
		t.Error("杨雪梅 is not ticked present on the secretary's page")
	}
	if got := browserText(t, sec, "#attendance .section-head .muted"); !strings.Contains(got, "实到 1 人") {
		t.Errorf("the attendance summary reads %q", got)
	}
	browserShot(t, sec, "checkin-present")
}
