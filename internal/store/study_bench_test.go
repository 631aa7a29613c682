package store_test

import (
	"context"
	"database/sql"
	"os"
	"sync"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/synth"
)

// Study completion on the benchmark province (bench_test.go): every party
// member is given a year of study in the kept table, so that about half
// reach the target, and a target set at the top counts each branch's
// reached members (study_org_years) through the store. Then the reads the
// year dashboard and the summary make:
//
//	go test ./internal/store -run '^$' -bench StudyCompletion
//
// The province: 4,408 nodes, 2,500 branches with 46,470 party members;
// the largest city 270 branches, 5,227. SQLite, 2 cores shared with four
// other builds (load average 5–7), 2026-12-03, wall time per op:
//
//	ByOrg       province (2,500 branches)   3.7–4.0 ms
//	ByOrg       city (270 branches)         0.40–0.43 ms
//	Completion  province subtree            1.3–1.4 ms
//	Completion  city subtree                0.15–0.16 ms
//	Completion  a branch alone              5.3–5.7 µs
var studyBench struct {
	once sync.Once
	root *huoshui.Org
	err  error
}

const studyBenchYear = 2026

func studyBenchStore(b *testing.B) {
	benchStore(b)
	studyBench.once.Do(func() {
		ctx := context.Background()
		roots, err := bench.st.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Everything(), Kind: huoshui.OrgCommittee, Limit: 1})
		if err != nil || len(roots) == 0 {
			studyBench.err = err
			return
		}
		studyBench.root = roots[0]
		path := os.Getenv("HUOSHUI_BENCH_DB")
		if path == "" {
			if path, err = synth.Cached(ctx, os.TempDir(), benchMembers, 1); err != nil {
				studyBench.err = err
				return
			}
		}
		db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)")
		if err != nil {
			studyBench.err = err
			return
		}
		defer db.Close()
		var n int
		if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM study_years WHERE year = $1", studyBenchYear).Scan(&n); err != nil {
			studyBench.err = err
			return
		}
		if n > 0 {
			return
		}
		// Between 0 and 50 hours of class and up to 10 of reading, spread
		// over the members by id.
		if _, err := db.ExecContext(ctx, `INSERT INTO study_years (member_id, year, class_minutes, reading_minutes)
			SELECT id, $1, (id * 37) % 3000, (id * 11) % 600 FROM members
			WHERE archived_at IS NULL AND status IN ('full', 'probationary')`, studyBenchYear); err != nil {
			studyBench.err = err
			return
		}
		studyBench.err = bench.st.SetStudyTarget(ctx, huoshui.Actor{Username: "bench"}, studyBench.root.ID, huoshui.DefaultStudyTarget)
	})
	if studyBench.err != nil {
		b.Fatalf("study bench data: %v", studyBench.err)
	}
	b.ResetTimer()
}

// BenchmarkStudyCompletionByOrg is every node of a committee with its own
// completion: the rows of the year dashboard.
func BenchmarkStudyCompletionByOrg(b *testing.B) {
	for _, c := range []struct {
		name string
		org  func() *huoshui.Org
	}{{"province", func() *huoshui.Org { return studyBench.root }}, {"city", func() *huoshui.Org { return bench.city }}} {
		b.Run(c.name, func(b *testing.B) {
			studyBenchStore(b)
			ctx := context.Background()
			o := c.org()
			var got map[int64]huoshui.StudyCompletion
			for b.Loop() {
				var err error
				if got, err = bench.st.StudyCompletionByOrg(ctx, o, studyBenchYear); err != nil {
					b.Fatal(err)
				}
			}
			reportStudy(b, got)
		})
	}
}

func reportStudy(b *testing.B, got map[int64]huoshui.StudyCompletion) {
	var sum huoshui.StudyCompletion
	branches := 0
	for _, c := range got {
		sum.Members += c.Members
		sum.Met += c.Met
		if c.Members > 0 {
			branches++
		}
	}
	if sum.Met == 0 || sum.Met == sum.Members {
		b.Fatalf("completion %+v: want some members past the target and some short of it", sum)
	}
	b.ReportMetric(float64(len(got)), "nodes")
	b.ReportMetric(float64(branches), "branches")
	b.ReportMetric(float64(sum.Members), "members")
}

// BenchmarkStudyCompletion is one org's completion: the summary's number
// for a committee's subtree, and a branch alone.
func BenchmarkStudyCompletion(b *testing.B) {
	for _, c := range []struct {
		name    string
		org     func() *huoshui.Org
		subtree bool
	}{
		{"province", func() *huoshui.Org { return studyBench.root }, true},
		{"city", func() *huoshui.Org { return bench.city }, true},
		{"branch", func() *huoshui.Org { return bench.branch }, false},
	} {
		b.Run(c.name, func(b *testing.B) {
			studyBenchStore(b)
			ctx := context.Background()
			o := c.org()
			var got huoshui.StudyCompletion
			for b.Loop() {
				var err error
				if got, err = bench.st.StudyCompletion(ctx, o, c.subtree, studyBenchYear); err != nil {
					b.Fatal(err)
				}
			}
			if got.Members == 0 {
				b.Fatalf("%s: no members", c.name)
			}
			b.ReportMetric(float64(got.Members), "members")
		})
	}
}
