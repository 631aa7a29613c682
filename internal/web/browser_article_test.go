package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/huoshui/huoshui"
)

// The WeChat copy view's button puts the article on the clipboard as
// HTML: with the clipboard granted (as a person allows it), a click
// copies a fragment whose look is all in style attributes (no class, no
// <style>, nothing of this site's stylesheet), with the title and the
// headings, and the page says it is copied. Were the clipboard refused,
// the page selects the whole article for Ctrl+C instead; the test
// accepts that path only with its own message and a selection of the
// article.
func TestBrowserArticleWeChatCopy(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	e := sqliteEnv(t)
	branch := e.channelOrg()
	x := &huoshui.Article{OrgID: branch.ID, Version: huoshui.ArticleVersion{Title: "复制测试 走进社区", Authors: "秘书处党支部",
		Body: "第一段，讲了什么。\n\n## 活动收获\n- 收集意见 12 条\n- 已转交办理"}}
	if err := e.store.CreateArticle(context.Background(), huoshui.Actor{Username: "test"}, x); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"clipboard-read", "clipboard-write"} {
		if _, err := chromedp.CallBrowser(ctx, browser.SetPermission, browser.SetPermissionParams{
			Permission: &browser.PermissionDescriptor{Name: name, AllowWithoutSanitization: true},
			Setting:    browser.PermissionSettingGranted, Origin: e.srv.URL}); err != nil {
			t.Fatalf("grant %s: %v", name, err)
		}
	}
	if err := signIn(ctx, e.srv.URL, "secretary"); err != nil {
		t.Fatal(err)
	}
	browse(t, ctx, e.srv.URL, fmt.Sprintf("/articles/%d/wechat", x.ID))

	// What the button copies: inline styles only.
	fragment, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("wechat-copy").innerHTML`))
	if err != nil {
		t.Fatal(err)
	}
	checkPasteable(t, "the copy's fragment", fragment)

	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`button[data-copy-html="wechat-copy"]`))); err != nil {
		t.Fatalf("click copy: %v", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("copy-status").textContent !== ""`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("after the click: %v", err)
	}
	status, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("copy-status").textContent`))
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case strings.Contains(status, "已复制"):
		copied, err := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.clipboard.read().then(async items => {
			for (const it of items) if (it.types.includes("text/html")) return await (await it.getType("text/html")).text();
			return "";
		})`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("read the clipboard back: %v", err)
		}
		if !strings.Contains(copied, "复制测试 走进社区") || !strings.Contains(copied, "活动收获") {
			t.Errorf("the clipboard's HTML lacks the article: %q", copied)
		}
		checkPasteable(t, "the clipboard's HTML", copied)
		plain, err := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise))
		if err != nil || !strings.Contains(plain, "收集意见 12 条") || strings.Contains(plain, "<") {
			t.Errorf("the clipboard's text: %q, %v", plain, err)
		}
	case strings.Contains(status, "Ctrl+C"):
		t.Logf("the clipboard was refused here; checking the fallback selection")
		sel, err := chromedp.Run(ctx, chromedp.Evaluate[string](`window.getSelection().toString()`))
		if err != nil || !strings.Contains(sel, "复制测试 走进社区") || !strings.Contains(sel, "收集意见 12 条") {
			t.Errorf("the fallback selects %q, %v; want the whole article", sel, err)
		}
	default:
		t.Errorf("after the click the page says %q", status)
	}
}

// checkPasteable fails on what a paste into the WeChat editor would
// lose: a class, a <style> or <link>, a script; and wants the look in
// style attributes.
func checkPasteable(t *testing.T, where, html string) {
	t.Helper()
	low := strings.ToLower(html)
	for _, bad := range []string{"class=", "<style", "<link", "<script"} {
		if strings.Contains(low, bad) {
			t.Errorf("%s has %q: %s", where, bad, html)
		}
	}
	if !strings.Contains(low, `style="`) || !strings.Contains(low, "<h2 style=") {
		t.Errorf("%s has no inline styles: %s", where, html)
	}
}
