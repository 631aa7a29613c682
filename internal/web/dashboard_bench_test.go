package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/huoshui/huoshui"
)

// The year dashboard on the province of the compliance benchmarks
// (compliance_bench_test.go: 20,000 members, 1,000 branches, five years
// of meetings, and each branch's supervision tasks and outputs, from
// `huoshui gen`'s loaders, cached in the temp dir on SQLite):
//
//	go test ./internal/web -run '^$' -bench 'Dashboard|SummaryCommittee' -count 5
//
// The goals (issue 8): a committee's dashboard over 1,000 branches in
// 50 ms, a branch's in 5 ms, both from the kept summaries.
//
// 2 cores shared with other work (load average 4–8), 2026-12-03, -benchtime
// 20x, ms per op wall (cpu-ms of this process), before → after the
// committee's year was read once, side by side, with the compliance count
// done without calendars and the meeting and output reads narrowed:
//
//	committee  best 113–148, most 120–235 (138–194)  →  best 39, most 41–47 (69–83);
//	           batches under heavier load 70–150     25.8 MB, 234k allocs → 8.4 MB, 96k
//	branch     1.3–3.4 (1.3–2.3)  →  1.4–2.9 (1.3–2.2); 379 kB, 4.2k allocs: unchanged
//	summary    24.5–61 (23–42)    →  26–46 (26–37); unchanged code (summary.go)
//	committee, last twelve months   314–324 → 230–234 (about 200 cpu-ms)
//
// With the activities and their links (ActivityCountsByOrg, 10 cpu-ms)
// and study completion (StudyCompletionByOrg, 1.3) among the per-node
// reads, and summaryOf's reads side by side, on a quiet machine (load
// average under 1), -benchtime 20x -count 3:
//
//	committee  44.0, 44.3, 51.2 (80–92 cpu-ms); 8.9 MB, 105k allocs
//	branch     1.48–1.68 (1.7–1.9); 388 kB, 4.4k allocs
//	summary    30.0–33.6 (51–57)
//	committee, last twelve months   203–240 (358–439)
//	annual report of a branch: page 1.65–1.86, Word 2.2–4.2
//
// What is left of the committee's page, in cpu-ms: the output counts by
// org 17, the meetings' year rows 16, the subtree's nodes 12, the tasks 4,
// the rules for 1,000 branches 4, the page a few, and the collector.

// dashboardYear is the year the benchmarks show: the cached province's
// current year, to 20 November.
var dashboardYear = lifeBenchToday.Year()

// BenchmarkDashboardCommittee is the whole dashboard page of the
// province's committee (1,000 branches below it) for this year, as its
// organiser opens it: summary, compliance roll-up, the row of each city,
// charts and template.
func BenchmarkDashboardCommittee(b *testing.B) {
	lifeBenchServer(b)
	dashboardPageBench(b, lifeBench.root, lifeBench.cookie)
}

// BenchmarkDashboardBranch is a branch's dashboard as its secretary opens
// it: its summary, its requirements against the rules and its theme days
// in the 4×4 matrix.
func BenchmarkDashboardBranch(b *testing.B) {
	lifeBenchServer(b)
	dashboardPageBench(b, lifeBench.branch, lifeBench.sec)
}

// BenchmarkDashboardCommittee12m is the committee's page for the last
// twelve months, whose cut months are counted from the records: the
// total and each city's summary.
func BenchmarkDashboardCommittee12m(b *testing.B) {
	lifeBenchServer(b)
	dashboardPageBench(b, lifeBench.root, lifeBench.cookie, "12m")
}

func dashboardPageBench(b *testing.B, o *huoshui.Org, cookie *http.Cookie, year ...string) {
	path := "/orgs/" + strconv.FormatInt(o.ID, 10) + "/dashboard?year=" + strconv.Itoa(dashboardYear)
	if len(year) > 0 {
		path = "/orgs/" + strconv.FormatInt(o.ID, 10) + "/dashboard?year=" + year[0]
	}
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.AddCookie(cookie)
		rec := httptest.NewRecorder()
		lifeBench.handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || rec.Body.Len() < 5000 {
			b.Fatalf("GET %s: status %d, %d bytes", path, rec.Code, rec.Body.Len())
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
}

// BenchmarkSummaryCommittee is the committee's summary of the year over
// its whole subtree: what the summary API answers.
func BenchmarkSummaryCommittee(b *testing.B) {
	lifeBenchServer(b)
	ctx := context.Background()
	from, to := huoshui.NewDate(dashboardYear, 1, 1), huoshui.NewDate(dashboardYear, 12, 31)
	b.ReportAllocs()
	var sum *huoshui.Summary
	cpu := cpuTime()
	for b.Loop() {
		var err error
		if sum, err = lifeBench.srv.summaryOf(ctx, lifeBench.root, true, from, to); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
	if sum.ThemeDays == 0 || sum.Tasks.Total == 0 || sum.Outputs.Count(huoshui.OutputDocument) == 0 {
		b.Fatalf("summary %+v: want theme days, tasks and documents", sum)
	}
}

// BenchmarkDashboardParts breaks the committee's dashboard down: each
// step of the handler and each store read behind it, one at a time.
func BenchmarkDashboardParts(b *testing.B) {
	lifeBenchServer(b)
	ctx := context.Background()
	s, root := lifeBench.srv, lifeBench.root
	from, to := huoshui.NewDate(dashboardYear, 1, 1), huoshui.NewDate(dashboardYear, 12, 31)
	period := summaryPeriod{Year: dashboardYear, From: from, To: to}
	today := s.today()
	subtree := huoshui.OrgFilter{Scope: huoshui.Scope{Paths: []string{root.Path}}}
	parts := []struct {
		name string
		fn   func() error
	}{
		{"summaryOf", func() error { _, err := s.summaryOf(ctx, root, true, from, to); return err }},
		{"complianceOf", func() error { _, err := s.complianceOf(ctx, root, dashboardYear, true); return err }},
		{"dashboardRollup", func() error {
			p := &dashboardPage{Org: root, Year: period.Year, From: from, To: to, Rollup: true}
			return s.dashboardRollup(ctx, p, period)
		}},
		{"nodeSummaries", func() error {
			reads, per := s.nodeSummaries(root, dashboardYear)
			if err := concurrently(ctx, reads...); err != nil {
				return err
			}
			per()
			return nil
		}},
		{"store/FindOrgs", func() error { _, err := s.store.FindOrgs(ctx, subtree); return err }},
		{"store/FindMeetingCounts", func() error {
			_, err := s.store.FindMeetingCounts(ctx, root, strconv.Itoa(dashboardYear)+"-01", strconv.Itoa(dashboardYear)+"-12")
			return err
		}},
		{"store/FindMeetingYears", func() error { _, err := s.store.FindMeetingYears(ctx, root, dashboardYear); return err }},
		{"store/ThemeDays", func() error { _, err := s.store.ThemeDays(ctx, root, true, from, to); return err }},
		{"store/ThemeDaysByOrg", func() error { _, err := s.store.ThemeDaysByOrg(ctx, root, dashboardYear); return err }},
		{"store/TaskTally", func() error { _, err := s.store.TaskTally(ctx, root, true, from, to, today); return err }},
		{"store/TaskYearsUnder", func() error { _, err := s.store.TaskYearsUnder(ctx, root, dashboardYear, today); return err }},
		{"store/FindOutputSummary", func() error { _, err := s.store.FindOutputSummary(ctx, root, true, from, to); return err }},
		{"store/FindOutputSummaryByOrg", func() error {
			_, err := s.store.FindOutputSummaryByOrg(ctx, root, dashboardYear)
			return err
		}},
		{"store/ActivityCountsByOrg", func() error { _, err := s.store.ActivityCountsByOrg(ctx, root, dashboardYear); return err }},
		{"store/StudyCompletionByOrg", func() error { _, err := s.store.StudyCompletionByOrg(ctx, root, dashboardYear); return err }},
	}
	for _, p := range parts {
		b.Run(p.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				if err := p.fn(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
		})
	}
}

// BenchmarkAnnualReportProvince is a branch's annual report drafted from
// its records in the province (goal: 200 ms), as its secretary opens the
// page and exports the Word document.
func BenchmarkAnnualReportProvince(b *testing.B) {
	lifeBenchServer(b)
	for _, suffix := range []string{"", ".docx"} {
		path := "/orgs/" + strconv.FormatInt(lifeBench.branch.ID, 10) + "/report" + suffix + "?year=" + strconv.Itoa(dashboardYear)
		b.Run("page"+suffix, func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, path, nil)
				req.AddCookie(lifeBench.sec)
				rec := httptest.NewRecorder()
				lifeBench.handler.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK || rec.Body.Len() < 2000 {
					b.Fatalf("GET %s: status %d, %d bytes", path, rec.Code, rec.Body.Len())
				}
			}
			b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
		})
	}
}

// BenchmarkDashboardCeiling is the floor under every page above on this
// machine, in the same process over the same database: a request through
// the same middleware whose handler does one round trip to the database
// (/healthz). The dashboard's figures are read beside it.
func BenchmarkDashboardCeiling(b *testing.B) {
	lifeBenchServer(b)
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, "/healthz", nil)
		rec := httptest.NewRecorder()
		lifeBench.handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("GET /healthz: status %d", rec.Code)
		}
	}
}
