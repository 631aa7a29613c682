package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// A search ranks the same way on both engines: the phrase in the title
// first, then the body that says it most, then the one that holds its
// words apart; equal matches newest first.
func TestMaterialSearchRanking(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tr := makeTree(t, s)
		b := tr.branchA.ID
		createMaterial(t, s, b, "档案工作", "档案室的案数统计已经数字化，字化工作继续推进。")
		createMaterial(t, s, b, "学习资料一", "推进档案数字化。档案数字化要有计划。档案数字化需要投入。")
		createMaterial(t, s, b, "档案数字化工作方案", "本方案说明今年的安排。")
		createMaterial(t, s, b, "学习资料二", "推进档案数字化。")
		createMaterial(t, s, b, "学习资料三", "推进档案数字化。")
		got := materialTitles(t, s, huoshui.MaterialFilter{Scope: huoshui.Everything(), Query: "档案数字化"})
		want := []string{"档案数字化工作方案", "学习资料一", "学习资料三", "学习资料二", "档案工作"}
		if !slices.Equal(got, want) {
			t.Errorf("ranked %v, want %v", got, want)
		}
	})
}

// A word in more materials than the search ranks: the newest of them and
// the ones with the word in their title are ranked, the rest follow
// newest first; paging walks every match once; a list page's total
// stops counting at what it asks, the API's counts them all. Both ways
// of finding the title matches are taken: among matches all listed at
// once (a few windows' worth), and from the index for a word in more.
func TestMaterialSearchWindow(t *testing.T) {
	for _, n := range []int{6, 14} { // 3 a window: 6 and 12 listed at once, 14 more than that
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, s *store.Store) {
				ctx := context.Background()
				tr := makeTree(t, s)
				s.SetSearchWindow(3)
				createMaterial(t, s, tr.branchA.ID, "党建工作要点", "今年的安排。") // oldest, the word in its title
				for i := 1; i <= n; i++ {
					createMaterial(t, s, tr.branchA.ID, fmt.Sprintf("资料%d", i), "加强党建。")
				}
				createMaterial(t, s, tr.branchA.ID, "无关资料", "别的内容。")
				all := huoshui.Everything()
				want := []string{"党建工作要点"}
				for i := n; i >= 1; i-- {
					want = append(want, fmt.Sprintf("资料%d", i))
				}
				if got := materialTitles(t, s, huoshui.MaterialFilter{Scope: all, Query: "党建"}); !slices.Equal(got, want) {
					t.Errorf("all matches %v, want %v", got, want)
				}
				var paged []string
				for off := 0; off < n+4; off += 2 {
					hits, total, err := s.FindMaterials(ctx, huoshui.MaterialFilter{Scope: all, Query: "党建", Limit: 2, Offset: off})
					if err != nil {
						t.Fatal(err)
					}
					if total != n+1 {
						t.Errorf("offset %d: total %d, want %d", off, total, n+1)
					}
					for _, h := range hits {
						paged = append(paged, h.Material.Title)
					}
				}
				if !slices.Equal(paged, want) {
					t.Errorf("paged %v, want %v", paged, want)
				}
				_, total, err := s.FindMaterials(ctx, huoshui.MaterialFilter{Scope: all, Query: "党建", Limit: 2, CountUpTo: 3})
				if err != nil || total != 4 {
					t.Errorf("counted up to 3: total %d (%v), want 4 (more than 3)", total, err)
				}
				_, total, err = s.FindMaterials(ctx, huoshui.MaterialFilter{Scope: all, Query: "别的", Limit: 2, CountUpTo: 3})
				if err != nil || total != 1 {
					t.Errorf("one match: total %d (%v), want 1", total, err)
				}
			})
		})
	}
}
