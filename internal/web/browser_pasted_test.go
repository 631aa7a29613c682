package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// On a phone, a secretary pastes a workplace that carries an invisible
// direction character into the new-member form: the form comes back with
// everything typed, the character gone, a notice at the top and a word
// beside the field, and the page does not scroll sideways.
func TestBrowserPastedControlCharacter(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	e := sqliteEnv(t)
	if err := phoneViewport(ctx); err != nil {
		t.Fatal(err)
	}
	if err := signIn(ctx, e.srv.URL, "secretary"); err != nil {
		t.Fatal(err)
	}
	browse(t, ctx, e.srv.URL, "/members/new")
	browserEval[bool](t, ctx, `(document.getElementById("name").value = "欧阳明",
		document.getElementById("workplace").value = "市委\u202e办公室", true)`)
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(`form[method="post"] button[type="submit"]`)); err != nil {
		browserShot(t, ctx, "failed-pasted")
		t.Fatal(err)
	}
	browserShot(t, ctx, "phone-pasted-control-character")
	if got := browserEval[string](t, ctx, `document.getElementById("name").value`); got != "欧阳明" {
		t.Errorf("the name came back as %q, want what was typed", got)
	}
	if got := browserEval[string](t, ctx, `document.getElementById("workplace").value`); got != "市委办公室" {
		t.Errorf("the workplace came back as %q, want it without the invisible character", got)
	}
	if got := browserEval[string](t, ctx, `document.querySelector('[role="alert"]').innerText`); !strings.Contains(got, "已经去掉") {
		t.Errorf("the notice says %q", got)
	}
	if n := browserEval[int](t, ctx, `document.querySelectorAll('[role="alert"].form-error').length`); n != 1 {
		t.Errorf("%d notices above the form, want one", n)
	}
	noSideways(t, ctx, "the refused form")
}
