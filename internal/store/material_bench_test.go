package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
	"github.com/huoshui/huoshui/internal/synth"
)

// Chinese full-text search over generated study materials (synth.Material:
// about 3,000 characters each), against a LIKE '%…%' scan of the same
// data in the same run. SQLite, cached in the temp dir after the first
// run; HUOSHUI_BENCH_MATERIALS sets how many (10,000 by default), or
// HUOSHUI_BENCH_MATERIALS_DB names a database with materials already
// (`huoshui gen --materials N`). HUOSHUI_BENCH_POSTGRES=1 runs the same
// on PostgreSQL too (HUOSHUI_TEST_POSTGRES), filled afresh each run, or
// in the database HUOSHUI_BENCH_MATERIALS_PG names:
//
//	go test ./internal/store -run '^$' -bench Search -benchtime 200x
//	HUOSHUI_BENCH_MATERIALS=20000 go test ./internal/store -run '^$' -bench Search
//
// Each query reports its p95 in ms; each LIKE scan also how many times
// slower its p95 is than the index's for the same word (x-index).
//
// 100,000 materials (5 GB of SQLite with the index and audit trail), on
// 2 cores, 2026-12-02, 200 warm runs; p95 of a list page's search (index,
// counted up to the window) in ms, SQLite / PostgreSQL 15, and the mean of
// a LIKE scan of the same data, SQLite / PostgreSQL:
//
//	机要 (302 found)              11.4 / 13.9    2.5 s / 3.5 s
//	档案数字化 (313)              17.2 / 23.8    3.7 s / 4.6 s
//	党 (all)                      22.1 / 31.4    0.41 s / 1.05 s
//	党建 (all)                    17.3 / 41.1    0.56 s / 1.41 s
//	全面从严治党 (99,130)         30.3 / 41.6    0.93 s / 2.09 s
//
// The API's search counts every match: 0.15-0.2 s on SQLite and
// 0.09-0.13 s on PostgreSQL for a word in every text.
var materialBench struct {
	once sync.Once
	st   *store.Store
	err  error
}

const benchMaterialRunes = 3000

func materialBenchStore(b *testing.B) *store.Store {
	b.Helper()
	materialBench.once.Do(func() {
		ctx := context.Background()
		path := os.Getenv("HUOSHUI_BENCH_MATERIALS_DB")
		if path == "" {
			path, materialBench.err = cachedMaterials(ctx, benchMaterialCount())
			if materialBench.err != nil {
				return
			}
		}
		materialBench.st, materialBench.err = store.Open(ctx, "sqlite:"+path)
		if materialBench.err == nil { // a cached database from before a migration
			materialBench.err = materialBench.st.Migrate(ctx)
		}
	})
	if materialBench.err != nil {
		b.Fatal(materialBench.err)
	}
	return materialBench.st
}

// benchMaterialCount is how many materials the benchmark searches.
func benchMaterialCount() int {
	if v, err := strconv.Atoi(os.Getenv("HUOSHUI_BENCH_MATERIALS")); err == nil && v > 0 {
		return v
	}
	return 10000
}

// cachedMaterials builds, once per size, a SQLite file with n materials.
func cachedMaterials(ctx context.Context, n int) (string, error) {
	path := filepath.Join(os.TempDir(), fmt.Sprintf("huoshui-bench-materials-v1-%d.db", n))
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	tmp := path + ".tmp"
	os.Remove(tmp)
	st, err := store.Open(ctx, "sqlite:"+tmp)
	if err != nil {
		return "", err
	}
	err = st.Migrate(ctx)
	if err == nil {
		err = fillMaterials(ctx, st, n)
	}
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", err
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Remove(tmp + suffix)
	}
	return path, os.Rename(tmp, path)
}

// fillMaterials writes a committee, ten branches and n materials spread
// over them.
func fillMaterials(ctx context.Context, st *store.Store, n int) error {
	a := huoshui.Actor{Username: "bench"}
	top := &huoshui.Org{Kind: huoshui.OrgCommittee, Name: "基准测试党委"}
	if err := st.CreateOrg(ctx, a, top); err != nil {
		return err
	}
	var orgs []int64
	for i := range 10 {
		o := &huoshui.Org{Kind: huoshui.OrgBranch, ParentID: top.ID, Name: fmt.Sprintf("第%d党支部", i+1)}
		if err := st.CreateOrg(ctx, a, o); err != nil {
			return err
		}
		orgs = append(orgs, o.ID)
	}
	start := time.Now()
	return synth.Materials(ctx, st, a, orgs, 1, n, benchMaterialRunes, func(done int) {
		fmt.Fprintf(os.Stderr, "%s materials: %d in %v\n", st.Engine(), done, time.Since(start).Round(time.Second))
	})
}

func BenchmarkSearch(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchSearch(b, materialBenchStore(b)) })
	if os.Getenv("HUOSHUI_BENCH_POSTGRES") == "" {
		return
	}
	// PostgreSQL: a schema of its own, filled for this run and dropped
	// after it (HUOSHUI_TEST_POSTGRES names the server), or the database
	// HUOSHUI_BENCH_MATERIALS_PG names, filled before (100,000 materials
	// take PostgreSQL some twenty minutes to write).
	var st *store.Store
	if dsn := os.Getenv("HUOSHUI_BENCH_MATERIALS_PG"); dsn != "" {
		var err error
		if st, err = store.Open(context.Background(), dsn); err == nil {
			err = st.Migrate(context.Background())
		}
		if err != nil {
			b.Fatal(err)
		}
	} else {
		st = storetest.Postgres(b)
		if err := fillMaterials(context.Background(), st, benchMaterialCount()); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("postgres", func(b *testing.B) { benchSearch(b, st) })
}

func benchSearch(b *testing.B, st *store.Store) {
	ctx := context.Background()
	words := []struct{ name, q string }{
		{"selective", "档案数字化"},
		{"selective-2", "机要"},
		{"one-char", "党"},
		{"two-char", "党建"},
		{"phrase", "全面从严治党"},
	}
	indexP95 := map[string]float64{}
	run := func(b *testing.B, fn func() (int, error)) float64 {
		// Warm: a server answering searches has the index and the texts
		// in its caches; a first query after the LIKE scans of another
		// run read 5 GB from disk and measures the disk.
		for range 3 {
			if _, err := fn(); err != nil {
				b.Fatal(err)
			}
		}
		var ds []time.Duration
		found := 0
		for b.Loop() {
			t := time.Now()
			n, err := fn()
			if err != nil {
				b.Fatal(err)
			}
			ds = append(ds, time.Since(t))
			found = n
		}
		slices.Sort(ds)
		p95 := float64(ds[len(ds)*95/100].Microseconds()) / 1000
		b.ReportMetric(p95, "p95-ms")
		b.ReportMetric(float64(found), "found")
		return p95
	}
	// index: a list page's search (a page of 20, counted up to the
	// window); api: the API's, which counts every match.
	for _, w := range words {
		b.Run("index/"+w.name, func(b *testing.B) {
			indexP95[w.name] = run(b, func() (int, error) {
				_, total, err := st.FindMaterials(ctx, huoshui.MaterialFilter{Scope: huoshui.Everything(), Query: w.q, Limit: 20,
					CountUpTo: huoshui.MaterialSearchWindow})
				return total, err
			})
		})
	}
	for _, w := range words {
		b.Run("api/"+w.name, func(b *testing.B) {
			run(b, func() (int, error) {
				_, total, err := st.FindMaterials(ctx, huoshui.MaterialFilter{Scope: huoshui.Everything(), Query: w.q, Limit: 20})
				return total, err
			})
		})
	}
	for _, w := range words {
		b.Run("like/"+w.name, func(b *testing.B) {
			p95 := run(b, func() (int, error) {
				_, total, err := st.LikeScanMaterials(ctx, w.q, 20)
				return total, err
			})
			if ix := indexP95[w.name]; ix > 0 {
				b.ReportMetric(p95/ix, "x-index")
			}
		})
	}
}
