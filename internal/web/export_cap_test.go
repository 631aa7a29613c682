package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
	"github.com/huoshui/huoshui/internal/web"
)

// cappedEnv is a demo server whose exports stop at max rows.
func cappedEnv(t *testing.T, st *store.Store, max int) *env {
	t.Helper()
	if _, err := demo.SeedPeople(context.Background(), st); err != nil {
		t.Fatalf("seed demo: %v", err)
	}
	_, h, err := web.New(web.Deps{Store: st, MaxExportRows: max})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &env{t: t, gid: goid(), store: st, srv: srv}
}

// An export past the cap is refused before anything is written: a 422
// page in the reader's language with the count, the cap and how to
// narrow it; a narrower export still works.
func TestExportsPastTheCapRefused(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := cappedEnv(t, st, 4)
		sec := e.login("secretary")
		r := sec.get("/members/export.xlsx").wantStatus(http.StatusUnprocessableEntity)
		if ct := r.Header.Get("Content-Type"); strings.Contains(ct, "spreadsheetml") || r.Header.Get("Content-Disposition") != "" {
			t.Errorf("a refused export still sent a file: %q %q", ct, r.Header.Get("Content-Disposition"))
		}
		for _, want := range []string{"14 人", "上限 4 人", "本次没有导出", "选一个党支部"} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("the refusal does not say %q", want)
			}
		}
		rows, _ := rosterRows(t, sec, "/members/export.xlsx?q="+url.QueryEscape("孙婷婷"), "党员花名册")
		if len(rows) != 2 {
			t.Errorf("a narrowed export has %d rows, want the heading and 1", len(rows))
		}

		org := e.login("organiser")
		committee := e.demoOrg(demo.CommitteeName)
		r = org.get(fmt.Sprintf("/orgs/%d/export.xlsx", committee.ID)).wantStatus(http.StatusUnprocessableEntity)
		for _, want := range []string{"5 个组织", "上限 4 个", "下一级单位"} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("the ledger refusal does not say %q", want)
			}
		}
		branch := e.demoOrg(demo.BranchName)
		org.get(fmt.Sprintf("/orgs/%d/export.xlsx", branch.ID)).wantStatus(http.StatusOK)

		org.postForm("/lang", url.Values{"lang": {"en"}, "next": {"/"}}).wantStatus(http.StatusSeeOther)
		r = org.get("/members/export.xlsx").wantStatus(http.StatusUnprocessableEntity)
		if !strings.Contains(r.Body, "nothing was exported") {
			t.Errorf("the English refusal is not in English")
		}
	})
}
