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

// The secretariat's last twelve months hold the source's results, counted
// from the records: 50+ publications, most provincial or higher, 20+
// awards, 110+ documents of 500,000+ characters, 13 innovations among
// which print quality, document handling, supervision, archive
// digitisation and confidential mail, spread over the branch's people.
func TestSeedOutputs(t *testing.T) {
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
		today := huoshui.DateOf(st.Now().In(huoshui.Shanghai))
		from := today.AddDate(-1, 0, 1)
		sum, err := st.FindOutputSummary(ctx, branch, false, from, today)
		if err != nil {
			t.Fatal(err)
		}
		pubs := sum.Count(huoshui.OutputPublication)
		high := 0
		for _, l := range huoshui.OutputLevels {
			if rules.AtLeastProvincial(l) {
				high += sum.CountLevel(huoshui.OutputPublication, l)
			}
		}
		if pubs < 50 || 2*high <= pubs {
			t.Errorf("%d publications, %d provincial or higher: want 50+, most of them", pubs, high)
		}
		t.Logf("twelve months to %s: %d publications (%d provincial or higher), %d awards, %d documents of %d characters, %d innovations",
			today, pubs, high, sum.Count(huoshui.OutputAward), sum.Count(huoshui.OutputDocument), sum.Characters(),
			sum.Count(huoshui.OutputInnovation))
		if n := sum.Count(huoshui.OutputAward); n < 20 {
			t.Errorf("%d awards, want 20+", n)
		}
		if n, c := sum.Count(huoshui.OutputDocument), sum.Characters(); n < 110 || c < 500_000 {
			t.Errorf("%d documents of %d characters, want 110+ of 500,000+", n, c)
		}
		if n := sum.Count(huoshui.OutputInnovation); n != 13 {
			t.Errorf("%d innovations, want 13", n)
		}
		// Every record lies in the twelve months, and the summary says
		// what the records say.
		xs, total, err := st.FindOutputs(ctx, huoshui.OutputFilter{Scope: huoshui.Scope{Paths: []string{branch.Path}}})
		if err != nil {
			t.Fatal(err)
		}
		counted := 0
		for _, tl := range sum.Tallies {
			counted += tl.Count
		}
		if total != counted {
			t.Errorf("%d records, the summary of the twelve months counts %d", total, counted)
		}
		owners := map[int64]bool{}
		var innovations []string
		for _, x := range xs {
			if x.Date.Before(from) || x.Date.After(today) {
				t.Errorf("%s dated %s, outside %s–%s", x.Title, x.Date, from, today)
			}
			for _, ow := range x.Owners {
				owners[ow.MemberID] = true
			}
			if x.Kind == huoshui.OutputInnovation {
				innovations = append(innovations, x.Title+x.Problem)
				if x.Before == "" || x.After == "" || x.Change == "" {
					t.Errorf("innovation %s lacks its before, after or change", x.Title)
				}
			}
		}
		if len(owners) < 13 {
			t.Errorf("the outputs belong to %d people, want them spread over the branch", len(owners))
		}
		all := strings.Join(innovations, "|")
		for _, word := range []string{"印制质量", "办文", "督查", "档案数字化", "机要文件收发"} {
			if !strings.Contains(all, word) {
				t.Errorf("no innovation about %s", word)
			}
		}
	})
}
