package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/storetest"
	"github.com/huoshui/huoshui/internal/web"
)

// The annual report of a demo-sized branch (the demo's secretariat: its
// roll, a year of organisational life, study, tasks and outputs), drafted
// from the records on every request (nothing saved), as its secretary
// opens it and downloads the Word document. Goal: ≤ 200 ms each.
//
//	go test ./internal/web -run '^$' -bench AnnualReport
var annualBench struct {
	once    sync.Once
	handler http.Handler
	page    string
	cookie  *http.Cookie
	err     error
}

func setupAnnualBench(b *testing.B) {
	b.Helper()
	annualBench.once.Do(func() {
		ctx := context.Background()
		st := storetest.SQLite(b)
		if _, err := demo.Seed(ctx, st); err != nil {
			annualBench.err = err
			return
		}
		branches, err := st.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Everything(), Kind: huoshui.OrgBranch})
		if err != nil {
			annualBench.err = err
			return
		}
		var branch *huoshui.Org
		for _, o := range branches {
			if o.Name == demo.BranchName {
				branch = o
			}
		}
		if branch == nil {
			annualBench.err = fmt.Errorf("no %s in the demo", demo.BranchName)
			return
		}
		u, err := st.FindUserByUsername(ctx, "secretary")
		if err != nil {
			annualBench.err = err
			return
		}
		token, hash, err := auth.NewToken()
		if err == nil {
			err = st.CreateSession(ctx, &huoshui.Session{TokenHash: hash, UserID: u.ID, CreatedAt: st.Now(), LastSeenAt: st.Now()})
		}
		if err != nil {
			annualBench.err = err
			return
		}
		annualBench.cookie = &http.Cookie{Name: "huoshui_session", Value: token}
		// The demo's twelve months end today: the year that holds most of
		// them.
		year := time.Now().In(huoshui.Shanghai).AddDate(0, -6, 0).Year()
		annualBench.page = fmt.Sprintf("/orgs/%d/report%%s?year=%d", branch.ID, year)
		_, annualBench.handler, annualBench.err = web.New(web.Deps{Store: st})
	})
	if annualBench.err != nil {
		b.Fatalf("bench data: %v", annualBench.err)
	}
}

func benchAnnual(b *testing.B, suffix, wantType string) {
	setupAnnualBench(b)
	path := fmt.Sprintf(annualBench.page, suffix)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.AddCookie(annualBench.cookie)
		rec := httptest.NewRecorder()
		annualBench.handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Content-Type"), wantType) || rec.Body.Len() < 2000 {
			b.Fatalf("GET %s: status %d, %s, %d bytes", path, rec.Code, rec.Header().Get("Content-Type"), rec.Body.Len())
		}
	}
}

func BenchmarkAnnualReport(b *testing.B) {
	// Set up on the parent: the database lives as long as it does.
	annualBench.once = sync.Once{}
	setupAnnualBench(b)
	b.Run("page", func(b *testing.B) { benchAnnual(b, "", "text/html") })
	b.Run("docx", func(b *testing.B) { benchAnnual(b, ".docx", "wordprocessingml") })
}
