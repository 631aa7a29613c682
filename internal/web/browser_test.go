package web_test

// Browser tests: Debian's Chromium, driven from Go through chromedp, uses
// the real pages the way a secretary at a desk and a member on a phone do.
// Where no Chromium is installed they skip with a message; under CI (CI
// set) they are required and fail instead.
//
// HUOSHUI_CHROMIUM names the browser (default /usr/bin/chromium).
// HUOSHUI_SCREENSHOTS=dir also writes the screenshots there; that is how
// docs/screenshot-*.png are made:
//
//	HUOSHUI_SCREENSHOTS=$PWD/docs go test ./internal/web/ -run Browser

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/huoshui/huoshui/internal/demo"
)

// secretariatNames are the 14 members of the demo 秘书处（督查处）党支部
// (internal/demo), the branch the demo secretary keeps.
var secretariatNames = []string{
	"李明远", "张慧敏", "王志强", "刘晓燕", "陈思远", "杨雪梅", "赵文博",
	"黄丽娟", "周海涛", "吴佳宁", "徐志刚", "孙婷婷", "马俊杰", "朱晓琳",
}

// chromiumPath finds the browser, or "" when there is none.
func chromiumPath() string {
	if p := os.Getenv("HUOSHUI_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err == nil {
			return p
		}
		return ""
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// newBrowser starts a headless Chromium of the test's own, with an empty
// profile and Chinese as its language, and returns a context for
// chromedp.Do and chromedp.Run. The browser ends with the test. Under
// -short the test skips here, so a browser test calls newBrowser first.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test: skipped under -short (it starts Chromium; run go test without -short to include it)")
	}
	path := chromiumPath()
	if path == "" {
		msg := "no Chromium: install Debian's chromium (apt-get install chromium fonts-wqy-microhei) or set HUOSHUI_CHROMIUM"
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set but the browser tests cannot run: " + msg)
		}
		t.Skip(msg)
	}
	profile := t.TempDir() // removed after the browser has ended (cleanups run in reverse)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox, // CI runs as root
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", "zh-CN"),
		chromedp.Flag("accept-lang", "zh-CN,zh"),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 800),
	)
	// A bound on the whole browser (the screen tour takes about 3 minutes on a
	// loaded machine), so a hung page fails the test instead of
	// the whole run.
	ctx, cancelTimeout := context.WithTimeout(context.Background(), 6*time.Minute)
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	// chromedp may still report while the browser ends; t.Logf after the
	// test has finished would panic, so its reports stop at the cleanup.
	var mu sync.Mutex
	done := false
	logf := func(f string, a ...any) {
		mu.Lock()
		defer mu.Unlock()
		if !done {
			t.Logf("chromedp: "+f, a...)
		}
	}
	ctx, cancelCtx := chromedp.NewContext(ctx, chromedp.WithErrorf(logf))
	t.Cleanup(func() {
		cancelCtx()
		cancelAlloc()
		cancelTimeout()
		mu.Lock()
		done = true
		mu.Unlock()
	})
	// Start it now, so a browser that cannot start fails here, clearly.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start %s: %v", path, err)
	}
	return ctx
}

// desktopViewport and phoneViewport are the two screens the platform is drawn for.
func desktopViewport(ctx context.Context) error {
	return chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800))
}

func phoneViewport(ctx context.Context) error {
	return chromedp.Do(ctx, chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait))
}

// signIn signs in through the real form at base as a demo account, and
// returns once the page after it has loaded.
func signIn(ctx context.Context, base, username string) error {
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), username),
		chromedp.SendKeys(chromedp.ID("password"), demo.Password),
	); err != nil {
		return fmt.Errorf("fill the sign-in form: %w", err)
	}
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)))
	if err != nil {
		return fmt.Errorf("submit the sign-in form: %w", err)
	}
	if resp.Status != 200 {
		return fmt.Errorf("after signing in as %s: status %d at %s", username, resp.Status, resp.URL)
	}
	return nil
}

// browse goes to path under base and fails the test unless it answers 200.
func browse(t *testing.T, ctx context.Context, base, path string) {
	t.Helper()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(base+path))
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	if resp.Status != 200 {
		browserShot(t, ctx, "failed-"+strings.Trim(strings.ReplaceAll(path, "/", "-"), "-"))
		t.Fatalf("open %s: status %d, want 200", path, resp.Status)
	}
}

// browserLocation is the path (and query) the browser shows.
func browserLocation(t *testing.T, ctx context.Context) string {
	t.Helper()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatal(err)
	}
	return u.RequestURI()
}

// browserEval runs a JavaScript expression in the page and returns its value.
func browserEval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// browserShotDir is where every run leaves its screenshots, to look at
// after a failure.
var browserShotDir = filepath.Join(os.TempDir(), "huoshui-screenshots")

// browserShot saves what the browser shows as name.png in browserShotDir, and in
// $HUOSHUI_SCREENSHOTS when that is set.
func browserShot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	dirs := []string{browserShotDir}
	if d := os.Getenv("HUOSHUI_SCREENSHOTS"); d != "" {
		dirs = append(dirs, d)
	}
	for _, d := range dirs {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Errorf("screenshot %s: %v", name, err)
			continue
		}
		p := filepath.Join(d, name+".png")
		if err := os.WriteFile(p, png, 0o644); err != nil {
			t.Errorf("screenshot %s: %v", name, err)
			continue
		}
		t.Logf("screenshot: %s", p)
	}
}

// browserMemberTable reads the names in the member list's table, one per row.
func browserMemberTable(t *testing.T, ctx context.Context) (rows int, text string) {
	t.Helper()
	rows = browserEval[int](t, ctx, `document.querySelectorAll("table tbody tr").length`)
	text = browserEval[string](t, ctx, `Array.from(document.querySelectorAll("table tbody tr")).map(r => r.innerText).join("\n")`)
	return rows, text
}

// checkSecretariat fails unless the member list shows exactly the 14
// members of the secretary's branch.
func checkSecretariat(t *testing.T, ctx context.Context) {
	t.Helper()
	rows, text := browserMemberTable(t, ctx)
	var missing []string
	for _, n := range secretariatNames {
		if !strings.Contains(text, n) {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		t.Errorf("the member list does not show %v", missing)
	}
	if rows != len(secretariatNames) {
		t.Errorf("the member list has %d rows, want the %d members of %s", rows, len(secretariatNames), demo.BranchName)
	}
	// 郭立新 is the secretary of the other branch.
	if strings.Contains(text, "郭立新") {
		t.Errorf("the member list shows 郭立新 of %s, outside the secretary's branch", demo.SecondBranch)
	}
}

// noSideways fails when the page is wider than the phone's screen, so
// that the reader would have to scroll sideways.
func noSideways(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	w := browserEval[int](t, ctx, `document.documentElement.scrollWidth`)
	if w > 375 {
		wide := browserEval[string](t, ctx, `Array.from(document.querySelectorAll("body *")).filter(e => e.getBoundingClientRect().right > 376).slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? "." + String(e.className).split(" ").join(".") : "")).join(", ")`)
		t.Errorf("%s is %d px wide on a 375 px phone, want no sideways scrolling (too wide: %s)", page, w, wide)
	}
}

func TestBrowserSecretarySignsInAndListsMembers(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t) // first: without a browser the test skips before seeding
	e := sqliteEnv(t)
	if err := desktopViewport(ctx); err != nil {
		t.Fatal(err)
	}
	browse(t, ctx, e.srv.URL, "/login")
	browserShot(t, ctx, "login")
	if err := signIn(ctx, e.srv.URL, "secretary"); err != nil {
		browserShot(t, ctx, "failed-login")
		t.Fatal(err)
	}
	if got := browserLocation(t, ctx); got != "/" {
		t.Fatalf("after signing in the browser is at %s, want the home page /", got)
	}
	if lang := browserEval[string](t, ctx, `document.documentElement.lang`); lang != "zh-CN" {
		t.Errorf("the page is in %q, want zh-CN for a Chinese browser", lang)
	}
	if h1 := browserEval[string](t, ctx, `document.querySelector("h1") ? document.querySelector("h1").innerText : ""`); !strings.Contains(h1, "李明远") {
		t.Errorf("home greets %q, want the secretary 李明远", h1)
	}
	browserShot(t, ctx, "home-secretary")

	browse(t, ctx, e.srv.URL, "/members")
	checkSecretariat(t, ctx)
	browserShot(t, ctx, "screenshot-members")
}

func TestBrowserPhone(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t) // first: without a browser the test skips before seeding
	e := sqliteEnv(t)
	if err := phoneViewport(ctx); err != nil {
		t.Fatal(err)
	}

	t.Run("secretary", func(t *testing.T) {
		if err := signIn(ctx, e.srv.URL, "secretary"); err != nil {
			browserShot(t, ctx, "failed-phone-login")
			t.Fatal(err)
		}
		if got := browserLocation(t, ctx); got != "/" {
			t.Fatalf("after signing in the browser is at %s, want /", got)
		}
		if w := browserEval[int](t, ctx, `window.innerWidth`); w != 375 {
			t.Fatalf("the page is laid out %d px wide on the phone, want 375 (is the viewport meta tag there?)", w)
		}
		noSideways(t, ctx, "the secretary's home")
		browserShot(t, ctx, "phone-home-secretary")

		browse(t, ctx, e.srv.URL, "/members")
		checkSecretariat(t, ctx)
		noSideways(t, ctx, "the member list")
		browserShot(t, ctx, "phone-members")
	})

	t.Run("member", func(t *testing.T) {
		ctx := newBrowser(t) // another person, another browser
		if err := phoneViewport(ctx); err != nil {
			t.Fatal(err)
		}
		if err := signIn(ctx, e.srv.URL, "member"); err != nil {
			browserShot(t, ctx, "failed-phone-member-login")
			t.Fatal(err)
		}
		if h1 := browserEval[string](t, ctx, `document.querySelector("h1") ? document.querySelector("h1").innerText : ""`); !strings.Contains(h1, "杨雪梅") {
			t.Errorf("the member's home greets %q, want 杨雪梅", h1)
		}
		noSideways(t, ctx, "the member's home")
		browserShot(t, ctx, "screenshot-phone")
	})
}
