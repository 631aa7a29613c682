package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// An unknown address and a known one asked with the wrong method answer
// with the platform's own page in the reader's language (JSON under /api/),
// never the bare "404 page not found"; the browser's /favicon.ico is the
// platform's mark.
func TestStyledMisses(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	c := e.login("member")
	r := c.get("/no-such-page").wantStatus(http.StatusNotFound)
	if h1 := textOf(r.doc().Find("h1")); h1 != "没有找到" || !strings.Contains(r.Header.Get("Content-Type"), "text/html") {
		t.Errorf("404: heading %q, type %q", h1, r.Header.Get("Content-Type"))
	}
	if r.doc().Find("nav.sidenav").Length() == 0 {
		t.Error("404 page has no navigation back")
	}
	req, _ := http.NewRequest(http.MethodPut, e.srv.URL+"/password", nil)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	r = c.do(req).wantStatus(http.StatusMethodNotAllowed)
	if h1 := textOf(r.doc().Find("h1")); h1 != "不支持这种操作" || !strings.Contains(r.Header.Get("Allow"), "POST") {
		t.Errorf("405: heading %q, Allow %q", h1, r.Header.Get("Allow"))
	}
	r = c.get("/api/v1/no-such-thing").wantStatus(http.StatusNotFound)
	if !strings.Contains(r.Header.Get("Content-Type"), "application/json") || !strings.Contains(r.Body, "没有找到") {
		t.Errorf("API 404: %q %q", r.Header.Get("Content-Type"), r.Body)
	}
	r = e.client().get("/favicon.ico").wantStatus(http.StatusOK)
	if r.Header.Get("Content-Type") != "image/svg+xml" || !strings.Contains(r.Body, "<svg") {
		t.Errorf("favicon: %q", r.Header.Get("Content-Type"))
	}
}
