package web_test

import (
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// A ledger prints on A4 as a table, without the navigation, filters or
// actions: the phone layout is for screens only, and an A4 page is narrower
// than its breakpoint.
func TestBrowserPrintsLedgerAsTable(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	e := sqliteEnv(t)
	if err := signIn(ctx, e.srv.URL, "secretary"); err != nil {
		t.Fatal(err)
	}
	// The printable width of A4 with its margins, about 680 CSS pixels.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(680, 1000)); err != nil {
		t.Fatal(err)
	}
	browse(t, ctx, e.srv.URL, "/members")
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	if d := browserEval[string](t, ctx, `getComputedStyle(document.querySelector("table.members thead")).display`); d != "table-header-group" {
		t.Errorf("printed, the member table's head is display %q: the rows print as stacked cards", d)
	}
	for _, sel := range []string{".sidenav", ".topbar", "form.filters", ".page-head .actions"} {
		if d := browserEval[string](t, ctx, `getComputedStyle(document.querySelector("`+sel+`")).display`); d != "none" {
			t.Errorf("%s is printed (display %q)", sel, d)
		}
	}
}
