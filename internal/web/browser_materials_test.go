package web_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
)

// On a phone, a member opens a study material: the page's script sends
// its first heartbeat on opening (starting the clock, counting nothing),
// and the next one, sent when the page is shown again, counts the seconds
// in between.
func TestBrowserMaterialReadingBeats(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	e := sqliteEnv(t)
	if err := phoneViewport(ctx); err != nil {
		t.Fatal(err)
	}
	m := &huoshui.Material{OrgID: e.demoOrg(demo.BranchName).ID, Title: "学习党章", Body: "认真学习党章，严格遵守党章。\n\n## 要点\n\n- 学党章\n- 守党规"}
	if err := e.store.CreateMaterial(context.Background(), huoshui.Actor{Username: "test"}, m); err != nil {
		t.Fatal(err)
	}
	member := e.findAccount("member")
	if err := signIn(ctx, e.srv.URL, "member"); err != nil {
		t.Fatal(err)
	}
	browse(t, ctx, e.srv.URL, fmt.Sprintf("/materials/%d", m.ID))
	read := func() huoshui.MaterialRead {
		t.Helper()
		rd, err := e.store.FindMaterialRead(context.Background(), member.MemberID, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		return rd
	}
	deadline := time.Now().Add(5 * time.Second)
	for read().FirstReadAt.IsZero() && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if rd := read(); rd.FirstReadAt.IsZero() || rd.Seconds != 0 {
		browserShot(t, ctx, "failed-material-beat")
		t.Fatalf("after opening the page: %+v, want a first beat counting nothing", rd)
	}
	time.Sleep(2100 * time.Millisecond)
	browserEval[bool](t, ctx, `(window.scrollTo(0, 10), document.dispatchEvent(new Event("visibilitychange")), true)`)
	deadline = time.Now().Add(5 * time.Second)
	for read().Seconds == 0 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if rd := read(); rd.Seconds < 2 || rd.Seconds > 10 {
		t.Errorf("after two seconds of reading: %d s counted", rd.Seconds)
	}
	browserShot(t, ctx, "phone-material")
}
