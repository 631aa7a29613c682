package demo_test

import (
	"context"
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// The secretariat's applied study: a library with one article imported
// from a garbled mirror page (clean, Simplified, no pinyin), at least 50
// questions, a round of micro lectures in progress, discussions with open
// and closed actions, and members who read the assigned material.
func TestSeedStudy(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		if _, err := demo.Seed(ctx, st); err != nil {
			t.Fatal(err)
		}
		os, err := st.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Everything(), Name: demo.BranchName})
		if err != nil || len(os) != 1 {
			t.Fatal(os, err)
		}
		branch := os[0]
		scope := huoshui.Scope{Paths: []string{branch.Path}}
		hits, n, err := st.FindMaterials(ctx, huoshui.MaterialFilter{Scope: scope, Query: "图书角", Limit: 10})
		if err != nil || n == 0 || hits[0].Material.Title != "让书香飘进每一个办公室" {
			t.Fatalf("the imported article: %d hits %v", n, err)
		}
		if body := hits[0].Material.Body; containsAny(body, "(yè)", "業", "書") {
			t.Errorf("the imported article keeps mirror-site damage: %.200s", body)
		}
		_, total, err := st.FindMaterials(ctx, huoshui.MaterialFilter{Scope: scope, Limit: 1})
		if err != nil || total < 6 {
			t.Errorf("%d materials, want the library of six", total)
		}
		_, nq, err := st.FindQuestions(ctx, huoshui.QuestionFilter{Scope: scope, OrgID: branch.ID, Limit: 1})
		if err != nil || nq < 50 {
			t.Errorf("%d questions (%v), want at least 50", nq, err)
		}
		in, err := st.FindRotaInput(ctx, branch.ID)
		if err != nil {
			t.Fatal(err)
		}
		rota := rules.NextLecturers(in, huoshui.DateOf(st.Now().In(huoshui.Shanghai)))
		if rota.Round != 1 || len(rota.Done) < 6 || len(rota.Due) == 0 {
			t.Errorf("micro lectures: round %d, %d done, %d due: want the first round in progress", rota.Round, len(rota.Done), len(rota.Due))
		}
		ds, err := st.FindDiscussions(ctx, store.DiscussionFilter{Scope: scope, OrgID: branch.ID})
		if err != nil || len(ds) < 3 {
			t.Fatalf("discussions %d, %v", len(ds), err)
		}
		open, closed := 0, 0
		for _, d := range ds {
			xs, err := st.FindDiscussionActions(ctx, d.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range xs {
				if x.ClosedAt == nil {
					open++
				} else {
					closed++
				}
			}
		}
		if open == 0 || closed == 0 {
			t.Errorf("discussion actions: %d open, %d closed; want both", open, closed)
		}
	})
}

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}
