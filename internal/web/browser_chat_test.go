package web_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/storetest"
)

// TestBrowserChatLive has two members of the 秘书处 branch, each in a
// browser of their own (separate cookies, as two people at two desks),
// open the branch's room. A message the member sends appears in the
// secretary's open page without a reload (the page's EventSource), and
// the secretary's reply appears in the member's, on a phone.
func TestBrowserChatLive(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t) // first: without a browser the test skips before seeding
	e, app := newChatEnvApp(t, storetest.SQLite(t))
	room := fmt.Sprintf("/rooms/%d", e.demoOrg(demo.BranchName).ID)

	// A second browser context: its own cookies and storage.
	other, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(other, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	if err := desktopViewport(ctx); err != nil {
		t.Fatal(err)
	}
	if err := phoneViewport(other); err != nil {
		t.Fatal(err)
	}
	if err := signIn(ctx, e.srv.URL, "secretary"); err != nil {
		t.Fatal(err)
	}
	if err := signIn(other, e.srv.URL, "member"); err != nil {
		t.Fatal(err)
	}
	browse(t, ctx, e.srv.URL, room)
	browse(t, other, e.srv.URL, room)
	// Both pages hold a stream before anyone writes.
	waitFor(t, func() bool { return app.ChatStreams(e.demoOrg(demo.BranchName).ID) >= 2 }, "both pages to open their stream")

	send := func(who string, bctx context.Context, text string) {
		t.Helper()
		if err := chromedp.Do(bctx,
			chromedp.SetValue(chromedp.CSS(`#chat-text`), text),
			chromedp.Click(chromedp.CSS(`#chat-form button[type="submit"]`)),
		); err != nil {
			t.Fatalf("%s sends %q: %v", who, text, err)
		}
	}
	seen := func(bctx context.Context, text string) bool {
		return browserEval[bool](t, bctx, fmt.Sprintf(`Array.from(document.querySelectorAll("#chat-log .chat-msg")).some(li => li.innerText.includes(%q))`, text))
	}
	loc := browserLocation(t, ctx)

	send("the member", other, "收到通知，明天上午九点到会议室集合 @李明远")
	waitFor(t, func() bool { return seen(ctx, "明天上午九点到会议室集合") }, "the member's message in the secretary's page")
	if got := browserLocation(t, ctx); got != loc {
		t.Errorf("the secretary's page moved to %s, want it to stay at %s (no reload)", got, loc)
	}
	if who := browserEval[string](t, ctx, `Array.from(document.querySelectorAll("#chat-log .chat-msg")).pop().querySelector(".chat-who").innerText`); who != "杨雪梅" {
		t.Errorf("the new message shows author %q, want 杨雪梅", who)
	}
	// The member's own page shows it once, not twice (posted and streamed).
	if n := browserEval[int](t, other, `Array.from(document.querySelectorAll("#chat-log .chat-msg")).filter(li => li.innerText.includes("明天上午九点")).length`); n != 1 {
		t.Errorf("the member's page shows their message %d times, want once", n)
	}
	browserShot(t, ctx, "chat-live-secretary")

	send("the secretary", ctx, "好的，<b>请带好笔记本</b>")
	waitFor(t, func() bool { return seen(other, "<b>请带好笔记本</b>") }, "the secretary's reply in the member's page, as text")
	if n := browserEval[int](t, other, `document.querySelectorAll("#chat-log b").length`); n != 0 {
		t.Error("a message's markup became HTML in the other page")
	}
	browserShot(t, other, "chat-live-member-phone")
	noSideways(t, other, "the room on a phone")
}

// waitFor polls cond for up to 10 s and fails the test with what it was
// waiting for.
func waitFor(t *testing.T, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited 10 s for %s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
