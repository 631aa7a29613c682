package web

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest/dsn"
	"github.com/huoshui/huoshui/internal/synth"
)

// The study page of a city committee of about 1,000 members, as an
// organiser of the province opens it: every member's year of meetings,
// micro lectures, discussions, reading and training. The province (16,000
// members, three years of meetings to 20 November 2026) is built once
// through the bulk loaders, and its study records — a lecture a month and
// a discussion a quarter in each branch, some at a meeting, feedback,
// speakers, reading days — are added to a copy of it, cached beside it in
// the temp dir (SQLite). HUOSHUI_BENCH_POSTGRES=1 runs the same on
// PostgreSQL too (HUOSHUI_TEST_POSTGRES), filled afresh each run:
//
//	go test ./internal/web -run '^$' -bench OrgStudy -benchtime 10x
//
// 1,059 members, the year 2026, on 2 cores shared with other work (nproc
// 2), 2026-12-02; wall time per op (cpu-ms of this process), before →
// after the lectures, discussions and reading were read a few hundred
// members to a query instead of three queries a member:
//
//	sqlite   studyOf   2.4–2.9 s (2,366–2,624)  →  0.76–0.86 s (467–523)
//	sqlite   page      2.8–4.0 s (2,637–3,192)  →  0.67–0.76 s (496–528)
//	postgres studyOf  15.0 s (822)              →  0.62 s (144)
//	postgres page     14.3 s (823)              →  0.61 s (162)
//
// What is left on SQLite is mostly the meetings attended and the lectures
// and discussions held at meetings: for those, each member's invitations
// of every year are read for their attendance, which no index holds.
const (
	studyBenchMembers = 16000
	studyBenchYears   = 3
)

type studyBenchEnv struct {
	srv     *Server
	handler http.Handler
	city    *huoshui.Org
	members []*huoshui.Member // the city's full and probationary members
	cookie  *http.Cookie      // an organiser at the province's committee
}

var studyBenchSQLite struct {
	once sync.Once
	env  *studyBenchEnv
	err  error
}

// eachStudyBench runs fn on SQLite and, with HUOSHUI_BENCH_POSTGRES set,
// on PostgreSQL (HUOSHUI_TEST_POSTGRES names the server) in a schema of
// its own, filled for this run and dropped after it.
func eachStudyBench(b *testing.B, fn func(b *testing.B, e *studyBenchEnv)) {
	b.Run("sqlite", func(b *testing.B) {
		studyBenchSQLite.once.Do(func() { studyBenchSQLite.env, studyBenchSQLite.err = sqliteStudyBench() })
		if studyBenchSQLite.err != nil {
			b.Fatalf("bench data: %v", studyBenchSQLite.err)
		}
		b.ResetTimer()
		fn(b, studyBenchSQLite.env)
	})
	if os.Getenv("HUOSHUI_BENCH_POSTGRES") == "" {
		return
	}
	ctx := context.Background()
	url := dsn.Postgres(b)
	st, err := store.Open(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if _, err := synth.Load(ctx, st, huoshui.Actor{Username: "gen"}, synth.Build(studyBenchOptions()), nil); err != nil {
		b.Fatal(err)
	}
	db, err := sql.Open("pgx", url)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if err := fillStudy(ctx, st, db); err != nil {
		b.Fatal(err)
	}
	if err := st.RebuildStudyYears(ctx); err != nil { // the records went in around the store
		b.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "postgres: province and study records in %v\n", time.Since(start).Round(time.Second))
	e, err := newStudyBenchEnv(ctx, st)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("postgres", func(b *testing.B) { fn(b, e) })
}

func studyBenchOptions() synth.Options {
	return synth.Options{Members: studyBenchMembers, Seed: 1, Today: lifeBenchToday, Years: studyBenchYears}
}

// sqliteStudyBench opens the cached province with its study records,
// making them the first time.
func sqliteStudyBench() (*studyBenchEnv, error) {
	ctx := context.Background()
	base, err := synth.CachedProvince(ctx, os.TempDir(), studyBenchOptions())
	if err != nil {
		return nil, err
	}
	path := strings.TrimSuffix(base, ".db") + "-study-v2.db"
	if _, err := os.Stat(path); err != nil {
		if err := buildStudyBench(ctx, base, path); err != nil {
			return nil, err
		}
	}
	st, err := store.Open(ctx, "sqlite:"+path)
	if err != nil {
		return nil, err
	}
	if err := st.Migrate(ctx); err != nil {
		return nil, err
	}
	return newStudyBenchEnv(ctx, st)
}

// newStudyBenchEnv finds the city nearest 1,000 members and signs in an
// organiser of the province.
func newStudyBenchEnv(ctx context.Context, st *store.Store) (*studyBenchEnv, error) {
	now := time.Date(lifeBenchToday.Year(), lifeBenchToday.Time().Month(), lifeBenchToday.Time().Day(), 10, 0, 0, 0, huoshui.Shanghai)
	st.SetClock(func() time.Time { return now })
	roots, err := st.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Everything(), Kind: huoshui.OrgCommittee, Limit: 1})
	if err != nil || len(roots) == 0 {
		return nil, fmt.Errorf("no committee: %v", err)
	}
	cities, err := st.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Everything(), ParentID: roots[0].ID})
	if err != nil {
		return nil, err
	}
	e := &studyBenchEnv{}
	best := -1
	for _, c := range cities {
		all, _, err := st.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Scope{Paths: []string{c.Path}}, Sort: "org"})
		if err != nil {
			return nil, err
		}
		ms := partyMembers(all)
		if d := abs(len(ms) - 1000); best < 0 || d < best {
			best, e.city, e.members = d, c, ms
		}
	}
	u, err := st.FindUserByUsername(ctx, "gobench-study")
	if err != nil {
		hash, _ := auth.HashPassword("Gobench-2026!")
		u = &huoshui.User{Username: "gobench-study", DisplayName: "基准测试", PasswordHash: hash,
			Roles: []huoshui.Role{{OrgID: roots[0].ID, Kind: huoshui.RoleOrganiser}}}
		if err := st.CreateUser(ctx, huoshui.Actor{Username: "bench"}, u); err != nil {
			return nil, err
		}
	}
	token, th, err := auth.NewToken()
	if err != nil {
		return nil, err
	}
	if err := st.CreateSession(ctx, &huoshui.Session{TokenHash: th, UserID: u.ID}); err != nil {
		return nil, err
	}
	e.cookie = &http.Cookie{Name: sessionCookie, Value: token}
	e.srv, e.handler, err = New(Deps{Store: st})
	return e, err
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// buildStudyBench copies the SQLite province at base to path with study
// records added.
func buildStudyBench(ctx context.Context, base, path string) error {
	tmp := path + ".part"
	if err := copyFile(base, tmp); err != nil {
		return err
	}
	defer os.Remove(tmp)
	st, err := store.Open(ctx, "sqlite:"+tmp)
	if err != nil {
		return err
	}
	if err := st.Migrate(ctx); err != nil {
		st.Close()
		return err
	}
	db, err := sql.Open("sqlite", "file:"+tmp+"?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_time_format=sqlite")
	if err != nil {
		st.Close()
		return err
	}
	err = fillStudy(ctx, st, db)
	if err == nil {
		err = st.RebuildStudyYears(ctx) // the records went in around the store
	}
	if err == nil {
		_, err = db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	}
	db.Close()
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// fillStudy adds study records to the province in st: in each branch a
// lecture a month and a discussion a quarter, some at a meeting, with
// feedback and speakers, and reading days for half the members. They go
// straight into the tables through db, in one transaction: through the
// store's one-at-a-time calls, with their audit records, they would take
// far longer than the benchmark.
func fillStudy(ctx context.Context, st *store.Store, db *sql.DB) error {
	orgs, err := st.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Everything()})
	if err != nil {
		return err
	}
	var materials []int64
	for i := range 2 {
		m := &huoshui.Material{OrgID: orgs[0].ID, Title: fmt.Sprintf("学习材料%d", i+1), Body: strings.Repeat("全面从严治党永远在路上。", 200)}
		if err := st.CreateMaterial(ctx, huoshui.Actor{Username: "bench"}, m); err != nil {
			return err
		}
		materials = append(materials, m.ID)
	}
	branchOf := map[int64]int64{} // org → its branch (a group's is its parent)
	for _, o := range orgs {
		switch o.Kind {
		case huoshui.OrgBranch:
			branchOf[o.ID] = o.ID
		case huoshui.OrgGroup:
			branchOf[o.ID] = o.ParentID
		}
	}
	all, _, err := st.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Everything(), Sort: "org"})
	if err != nil {
		return err
	}
	people := map[int64][]int64{} // branch → its full and probationary members
	var branches []int64
	for _, m := range partyMembers(all) {
		b, ok := branchOf[m.OrgID]
		if !ok {
			continue
		}
		if people[b] == nil {
			branches = append(branches, b)
		}
		people[b] = append(people[b], m.ID)
	}

	type monthKey struct {
		org   int64
		year  int
		month time.Month
	}
	meetingIn := map[monthKey]int64{} // a held meeting of the org that month
	rows, err := db.QueryContext(ctx, `SELECT id, org_id, starts_at FROM meetings WHERE cancelled_at IS NULL ORDER BY starts_at, id`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id, org int64
		var at time.Time
		if err := rows.Scan(&id, &org, &at); err != nil {
			rows.Close()
			return err
		}
		at = at.In(huoshui.Shanghai)
		k := monthKey{org, at.Year(), at.Month()}
		if _, ok := meetingIn[k]; !ok {
			meetingIn[k] = id
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}

	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	now := time.Now().UTC()
	feedback := &benchInserts{tx: tx, head: "INSERT INTO lecture_feedback (lecture_id, member_id, body, created_at, updated_at) VALUES "}
	speakers := &benchInserts{tx: tx, head: "INSERT INTO discussion_speakers (discussion_id, member_id, text, created_at) VALUES "}
	reading := &benchInserts{tx: tx, head: "INSERT INTO material_read_days (member_id, day, material_id, seconds) VALUES "}
	first := lifeBenchToday.Year() - studyBenchYears + 1
	for _, b := range branches {
		ps := people[b]
		for y := first; y <= lifeBenchToday.Year(); y++ {
			for mo := time.January; mo <= time.December; mo++ {
				on := huoshui.NewDate(y, mo, 12)
				if on.After(lifeBenchToday) {
					break
				}
				// A lecture a month, in rota order; every third at a
				// meeting, where those present count; a third of the
				// branch gives feedback.
				var meeting any
				if mo%3 == 0 {
					if id, ok := meetingIn[monthKey{b, y, mo}]; ok {
						meeting = id
					}
				}
				n := int(mo) + 12*(y-first)
				var lecture int64
				if err := tx.QueryRowContext(ctx, `INSERT INTO lectures (org_id, lecturer_id, topic, held_on, minutes, meeting_id, created_at, updated_at)
					VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`, b, ps[n%len(ps)], fmt.Sprintf("微党课%d", n), on.String(),
					20+10*(n%3), meeting, now).Scan(&lecture); err != nil {
					return fmt.Errorf("lecture: %w", err)
				}
				for i, p := range ps {
					if (i+n)%3 == 0 && i != n%len(ps) {
						if err := feedback.add(ctx, lecture, p, "讲得实在", now, now); err != nil {
							return fmt.Errorf("feedback: %w", err)
						}
					}
				}
				if mo%3 != 2 {
					continue
				}
				// A discussion a quarter, hosted by the branch's first
				// member; every other one at a meeting; four speakers, one
				// of whom speaks twice.
				meeting = nil
				if mo%2 == 0 {
					if id, ok := meetingIn[monthKey{b, y, mo}]; ok {
						meeting = id
					}
				}
				var discussion int64
				if err := tx.QueryRowContext(ctx, `INSERT INTO discussions (org_id, topic, held_on, minutes, host_id, meeting_id, created_at, updated_at)
					VALUES ($1, $2, $3, 120, $4, $5, $6, $6) RETURNING id`, b, fmt.Sprintf("集体研讨%d", n), huoshui.NewDate(y, mo, 20).String(),
					ps[0], meeting, now).Scan(&discussion); err != nil {
					return fmt.Errorf("discussion: %w", err)
				}
				for i := range 5 {
					p := ps[(n+i)%len(ps)]
					if i == 4 {
						p = ps[n%len(ps)]
					}
					if err := speakers.add(ctx, discussion, p, "建立台账，逐项销号。", now); err != nil {
						return fmt.Errorf("speaker: %w", err)
					}
				}
			}
		}
		// Half the members read: thirty days a year, two materials on
		// some days.
		for i, p := range ps {
			if i%2 != 0 {
				continue
			}
			for y := first; y <= lifeBenchToday.Year(); y++ {
				for d := range 30 {
					on := huoshui.NewDate(y, 1, 3).AddDate(0, 0, d*10+i%7)
					if on.After(lifeBenchToday) {
						break
					}
					for k, m := range materials {
						if k == 1 && d%3 != 0 {
							break
						}
						if err := reading.add(ctx, p, on.String(), m, 300+60*(d%10)); err != nil {
							return fmt.Errorf("reading: %w", err)
						}
					}
				}
			}
		}
	}
	for _, x := range []*benchInserts{feedback, speakers, reading} {
		if err := x.flush(ctx); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// benchInserts writes rows of one table a few hundred to a statement: a
// statement a row is minutes of round trips on PostgreSQL.
type benchInserts struct {
	tx   *sql.Tx
	head string
	rows []string
	args []any
}

func (x *benchInserts) add(ctx context.Context, vals ...any) error {
	ph := make([]string, len(vals))
	for i, v := range vals {
		x.args = append(x.args, v)
		ph[i] = fmt.Sprintf("$%d", len(x.args))
	}
	x.rows = append(x.rows, "("+strings.Join(ph, ", ")+")")
	if len(x.rows) < 500 {
		return nil
	}
	return x.flush(ctx)
}

func (x *benchInserts) flush(ctx context.Context) error {
	if len(x.rows) == 0 {
		return nil
	}
	_, err := x.tx.ExecContext(ctx, x.head+strings.Join(x.rows, ", "), x.args...)
	x.rows, x.args = x.rows[:0], x.args[:0]
	return err
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// BenchmarkOrgStudy is the study page of the city for the organiser of
// the province's committee: "studyOf" the study year of each of the city's
// members, what the page computes before its template, and "page" the
// whole page through the handler (session, the branches' completion,
// template).
func BenchmarkOrgStudy(b *testing.B) {
	eachStudyBench(b, func(b *testing.B, e *studyBenchEnv) {
		b.Run("studyOf", func(b *testing.B) { benchStudyOf(b, e) })
		b.Run("page", func(b *testing.B) { benchOrgStudyPage(b, e) })
	})
}

func benchStudyOf(b *testing.B, e *studyBenchEnv) {
	ctx := context.Background()
	b.ReportAllocs()
	var progress map[int64]rules.StudyProgress
	cpu := cpuTime()
	for b.Loop() {
		var err error
		if progress, err = e.srv.studyOf(ctx, e.members, lifeBenchToday.Year()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
	b.ReportMetric(float64(len(e.members)), "members")
	var done float64
	for _, p := range progress {
		done += p.Done
	}
	if len(progress) != len(e.members) || done == 0 {
		b.Fatalf("%d members counted, %v hours in all", len(progress), done)
	}
	b.ReportMetric(done/float64(len(progress)), "hours/member")
}

func benchOrgStudyPage(b *testing.B, e *studyBenchEnv) {
	path := fmt.Sprintf("/orgs/%d/study?year=%d", e.city.ID, lifeBenchToday.Year())
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.AddCookie(e.cookie)
		rec := httptest.NewRecorder()
		e.handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || rec.Body.Len() < 5000 {
			b.Fatalf("GET %s: status %d, %d bytes", path, rec.Code, rec.Body.Len())
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
}
