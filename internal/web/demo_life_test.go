package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/huoshui/huoshui/internal/blob"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/storetest"
	"github.com/huoshui/huoshui/internal/web"
)

// The demo as serve --demo builds it, a year of organisational life and
// photos included, reads as a secretary expects: the home page says what
// is overdue, the calendar marks it, the meeting list is full with its 补录
// entries marked, a theme day shows its photos.
func TestDemoLife(t *testing.T) {
	t.Parallel()
	st := storetest.SQLite(t)
	ctx := context.Background()
	if _, err := demo.Seed(ctx, st); err != nil {
		t.Fatal(err)
	}
	files, err := blob.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.SeedPhotos(ctx, st, files); err != nil {
		t.Fatal(err)
	}
	_, h, err := web.New(web.Deps{Store: st, Files: files})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	e := &env{t: t, store: st, srv: srv}
	sec := e.login("secretary")

	home := sec.get("/").wantStatus(http.StatusOK).Body
	if !strings.Contains(home, "需要留意") || !strings.Contains(home, "没有召开") {
		t.Errorf("the secretary's home does not say what is overdue")
	}
	branch := e.demoOrg(demo.BranchName)
	cal := sec.get("/orgs/" + itoa(branch.ID) + "/compliance").wantStatus(http.StatusOK).Body
	if !strings.Contains(cal, "c-done") || !strings.Contains(cal, demo.SecondGroup) {
		t.Errorf("the calendar shows no period done, or not the party group that is behind")
	}
	list := sec.get("/meetings?year=all").wantStatus(http.StatusOK).doc()
	if n := list.Find("tbody tr").Length(); n < 40 {
		t.Errorf("the meeting list shows %d meetings, want a year's worth (a page of 50)", n)
	}
	if !strings.Contains(list.Text(), "补录") {
		t.Errorf("no meeting of the demo is marked 补录")
	}
	d := sec.get("/meetings?type=theme_day&year=all").wantStatus(http.StatusOK).doc()
	photos := 0
	d.Find("tbody tr a[href^='/meetings/']").Each(func(_ int, s *goquery.Selection) {
		href, _ := s.Attr("href")
		if strings.Count(href, "/") == 2 && photos == 0 {
			page := sec.get(href).Body
			photos += strings.Count(page, "/thumb")
		}
	})
	if photos == 0 {
		t.Errorf("no theme day of the demo shows a photo")
	}
	// A material of the library shows its photo in its text and lists
	// its document; both download.
	lib := sec.get("/materials?q=" + url.QueryEscape("标准化规范化建设要点")).wantStatus(http.StatusOK).doc()
	href, _ := lib.Find("td a[href^='/materials/']").First().Attr("href")
	mp := sec.get(href).wantStatus(http.StatusOK).doc()
	img, _ := mp.Find(".material-body figure img").Attr("src")
	doc, _ := mp.Find("#attachments .file-list a[download]").Attr("href")
	if img == "" || doc == "" || mp.Find(".material-body figcaption").Text() == "" {
		t.Fatalf("the demo material %s shows no photo in its text (%q) or no document (%q)", href, img, doc)
	}
	sec.get(img).wantStatus(http.StatusOK)
	sec.get(doc).wantStatus(http.StatusOK)
}
