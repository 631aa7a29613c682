package store_test

import (
	"context"
	"testing"

	"github.com/huoshui/huoshui"
)

// The 党内统计 return of the largest city and of the province, read from
// the kept summaries (the page's path for today) beside the same figures
// counted by a full scan of the members under the node:
//
//	HUOSHUI_BENCH_DB=/tmp/prov/p.db go test ./internal/store -run '^$' -bench Statistics -benchtime 20x
//
// The goals on the province of a million (`huoshui gen`): a city of about
// 100,000 members ≤ 100 ms, the province ≤ 1 s. Measured on 2 shared
// cores (SQLite, 1,000,000 members, largest city 109,083): city 18 ms from
// the summaries against 376 ms by a full scan; province 239 ms against
// 6.2 s.

func benchStatistics(b *testing.B, province, scan bool) {
	benchStore(b)
	ctx := context.Background()
	o := bench.city
	if province {
		roots, err := bench.st.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Everything(), Kind: huoshui.OrgCommittee, Limit: 1})
		if err != nil || len(roots) == 0 {
			b.Fatal(err)
		}
		o = roots[0]
	}
	today := huoshui.DateOf(bench.st.Now().In(huoshui.Shanghai))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if scan {
			cells, err := bench.st.StatisticsCellsByScan(ctx, o)
			st := huoshui.BuildStatistics(cells, today)
			if err != nil || st.Total.Party == 0 {
				b.Fatalf("scan: %v", err)
			}
			continue
		}
		st, err := bench.st.Statistics(ctx, huoshui.Everything(), o.ID, today)
		if err != nil || st.Total.Party == 0 {
			b.Fatalf("statistics: %v", err)
		}
	}
}

func BenchmarkStatisticsCity(b *testing.B)         { benchStatistics(b, false, false) }
func BenchmarkStatisticsCityScan(b *testing.B)     { benchStatistics(b, false, true) }
func BenchmarkStatisticsProvince(b *testing.B)     { benchStatistics(b, true, false) }
func BenchmarkStatisticsProvinceScan(b *testing.B) { benchStatistics(b, true, true) }
