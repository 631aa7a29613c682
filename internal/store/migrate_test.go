package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
	"github.com/huoshui/huoshui/internal/storetest/dsn"
)

// Both engines must have the same migrations, under the same names.
func TestMigrationFoldersMatch(t *testing.T) {
	t.Parallel()
	list := func(dir string) []string {
		var names []string
		fs.WalkDir(os.DirFS(filepath.Join("migrations", dir)), ".", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				names = append(names, p)
			}
			return nil
		})
		sort.Strings(names)
		return names
	}
	a, b := list("sqlite"), list("postgres")
	if len(a) == 0 || strings.Join(a, ",") != strings.Join(b, ",") {
		t.Fatalf("sqlite migrations %v, postgres %v: they must match", a, b)
	}
}

// Migrating twice is harmless, and the version is the newest file.
func TestMigrateIsIdempotent(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		v1, err := s.SchemaVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Migrate(ctx); err != nil {
			t.Fatalf("second migrate: %v", err)
		}
		v2, _ := s.SchemaVersion(ctx)
		if v1 != v2 || v1 < 1 {
			t.Errorf("versions %d then %d", v1, v2)
		}
	})
}

// A database made by the first release, with records written by that
// release's SQL, upgrades to the newest schema with its records intact and
// the new columns filled (the pinyin sort key of each name).
func TestOlderDatabaseUpgrades(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	old, err := store.Open(ctx, "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if err := old.MigrateTo(ctx, 1); err != nil {
		t.Fatal(err)
	}
	old.Close()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	now := "2025-01-01 00:00:00+00:00"
	for _, q := range []string{
		`INSERT INTO orgs (id, kind, name, path, member_count, full_count, created_at, updated_at)
		 VALUES (1, 'committee', '机关党委', '/1/', 0, 0, '` + now + `', '` + now + `')`,
		`INSERT INTO orgs (id, parent_id, kind, name, path, member_count, full_count, created_at, updated_at)
		 VALUES (2, 1, 'branch', '第一党支部', '/1/2/', 2, 2, '` + now + `', '` + now + `')`,
		`INSERT INTO members (org_id, name, status, applied_on, probation_on, full_on, created_at, updated_at)
		 VALUES (2, '张伟', 'full', '2010-01-01', '2011-01-01', '2012-01-01', '` + now + `', '` + now + `')`,
		`INSERT INTO members (org_id, name, status, applied_on, probation_on, full_on, created_at, updated_at)
		 VALUES (2, '李四', 'full', '2010-01-01', '2011-01-01', '2012-01-01', '` + now + `', '` + now + `')`,
		// Audit records with the path they copied: one current, one from
		// before the branch moved (under a node 9 that is gone), one
		// placed nowhere.
		`INSERT INTO audit_log (at, username, action, object_type, object_id, org_path)
		 VALUES ('` + now + `', 'a', 'create', 'org', 2, '/1/2/')`,
		`INSERT INTO audit_log (at, username, action, object_type, object_id, org_path)
		 VALUES ('` + now + `', 'b', 'update', 'org', 2, '/9/2/')`,
		`INSERT INTO audit_log (at, username, action, object_type, object_id, org_path)
		 VALUES ('` + now + `', 'c', 'login_failed', 'user', 0, '')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("old release's write: %v", err)
		}
	}
	db.Close()

	s, err := store.Open(ctx, "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Migrate(ctx); err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	c, err := s.OrgCountsOf(ctx, []*huoshui.Org{{ID: 1, Kind: huoshui.OrgCommittee}}) // the root, "/1/"
	if n, full := c[1].Members, c[1].Full; err != nil || n != 2 || full != 2 {
		t.Errorf("after upgrade: %d members, %d full, %v; want 2 2", n, full, err)
	}
	ms, _, err := s.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Scope{All: true}, Sort: "name"})
	if err != nil || len(ms) != 2 || ms[0].Name != "李四" || ms[1].Name != "张伟" {
		t.Errorf("after upgrade the roster reads %v (%v), want 李四 then 张伟 by pinyin", names(ms), err)
	}
	who := func(f huoshui.AuditFilter) string {
		es, _, err := s.FindAuditEntries(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		out := ""
		for _, e := range es {
			out += e.Username
		}
		return out
	}
	if got := who(huoshui.AuditFilter{Scope: huoshui.Scope{Paths: []string{"/1/2/"}}}); got != "ba" {
		t.Errorf("after upgrade the branch's trail reads %q, want \"ba\" (both records of node 2)", got)
	}
	if got := who(huoshui.AuditFilter{Unplaced: true}); got != "c" {
		t.Errorf("after upgrade the unplaced trail reads %q, want \"c\"", got)
	}
}

func names(ms []*huoshui.Member) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Name)
	}
	return out
}

// eachOldDatabase runs fn on a database of each engine (PostgreSQL when
// configured: a schema of its own) migrated up to version only, with the
// store and a plain connection to write rows as an older huoshui did; fn
// then upgrades with s.Migrate.
func eachOldDatabase(t *testing.T, version int64, fn func(t *testing.T, s *store.Store, db *sql.DB)) {
	engines := map[string]string{"sqlite": dsn.SQLite(t)}
	if dsn.PostgresURL(t) != "" {
		engines["postgres"] = dsn.Postgres(t)
	}
	for engine, addr := range engines {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			s, err := store.Open(ctx, addr)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if err := s.MigrateTo(ctx, version); err != nil {
				t.Fatal(err)
			}
			drv, raw := "pgx", addr
			if engine == "sqlite" {
				drv, raw = "sqlite", strings.TrimPrefix(addr, "sqlite:")
			}
			db, err := sql.Open(drv, raw)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			fn(t, s, db)
		})
	}
}

// Migration 0007 on both engines: audit records that copied a path point
// at the node the path ended in, even one that has moved since, and
// records placed nowhere stay so; the trail stays append-only.
func TestAuditOrgIDBackfill(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	eachOldDatabase(t, 6, func(t *testing.T, s *store.Store, db *sql.DB) {
		now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		for _, q := range []string{
			`INSERT INTO orgs (id, kind, name, path, created_at, updated_at) VALUES (1, 'committee', '机关党委', '/1/', $1, $1)`,
			`INSERT INTO orgs (id, parent_id, kind, name, path, created_at, updated_at) VALUES (2, 1, 'general_branch', '第一党总支', '/1/2/', $1, $1)`,
			`INSERT INTO orgs (id, parent_id, kind, name, path, created_at, updated_at) VALUES (3, 1, 'general_branch', '第二党总支', '/1/3/', $1, $1)`,
			`INSERT INTO orgs (id, parent_id, kind, name, path, created_at, updated_at) VALUES (4, 3, 'branch', '第一党支部', '/1/3/4/', $1, $1)`,
			// Written while branch 4 was still under node 2.
			`INSERT INTO audit_log (at, username, action, object_type, object_id, org_path) VALUES ($1, 'a', 'create', 'org', 4, '/1/2/4/')`,
			`INSERT INTO audit_log (at, username, action, object_type, object_id, org_path) VALUES ($1, 'b', 'move', 'org', 4, '/1/3/4/')`,
			`INSERT INTO audit_log (at, username, action, object_type, object_id, org_path) VALUES ($1, 'c', 'login_failed', 'user', 0, '')`,
			`INSERT INTO audit_log (at, username, action, object_type, object_id, org_path) VALUES ($1, 'd', 'update', 'org', 2, '/1/2/')`,
		} {
			if _, err := db.ExecContext(ctx, q, now); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		if err := s.Migrate(ctx); err != nil {
			t.Fatalf("upgrade: %v", err)
		}
		who := func(f huoshui.AuditFilter) string {
			es, _, err := s.FindAuditEntries(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			out := ""
			for _, e := range es {
				out += e.Username
			}
			return out
		}
		for _, c := range []struct {
			path, want string
		}{{"/1/3/", "ba"}, {"/1/2/", "d"}, {"/1/", "dba"}} {
			if got := who(huoshui.AuditFilter{Scope: huoshui.Scope{Paths: []string{c.path}}}); got != c.want {
				t.Errorf("after upgrade %s reads %q, want %q", c.path, got, c.want)
			}
		}
		if got := who(huoshui.AuditFilter{Unplaced: true}); got != "c" {
			t.Errorf("after upgrade the unplaced read %q, want \"c\"", got)
		}
		if _, err := db.ExecContext(ctx, "UPDATE audit_log SET username = 'x'"); err == nil {
			t.Errorf("after upgrade the trail can be changed")
		}
	})
}

// Migration 0008 on both engines: a 党委 saved when every committee got
// three years (its term end exactly its election plus three years) gets
// the five years a 党委 serves, and stops warning that its term has ended;
// a term end someone typed, and the committees of other kinds, stay.
func TestPartyCommitteeTermBackfill(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	eachOldDatabase(t, 7, func(t *testing.T, s *store.Store, db *sql.DB) {
		now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		ins := `INSERT INTO orgs (id, parent_id, kind, name, path, committee_elected_on, committee_term_ends, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`
		for _, r := range []struct {
			id, parent     int64
			kind, name     string
			elected, ended any
		}{
			{1, 0, "committee", "机关党委", "2023-06-01", "2026-06-01"},       // the old default
			{2, 1, "committee", "第二党委", "2016-02-29", "2019-03-01"},       // the old default from a leap day
			{3, 1, "committee", "第三党委", "2023-06-01", "2026-12-31"},       // typed: stays
			{4, 1, "general_branch", "第一党总支", "2023-06-01", "2026-06-01"}, // three years is right
			{5, 4, "branch", "第一党支部", "2023-06-01", "2026-06-01"},         // three years is right
			{6, 1, "committee", "第四党委", nil, nil},                         // no committee yet
		} {
			var parent any
			if r.parent != 0 {
				parent = r.parent
			}
			path := "/1/"
			switch {
			case r.id == 1:
			case r.parent == 1:
				path = fmt.Sprintf("/1/%d/", r.id)
			default:
				path = fmt.Sprintf("/1/%d/%d/", r.parent, r.id)
			}
			if _, err := db.ExecContext(ctx, ins, r.id, parent, r.kind, r.name, path, r.elected, r.ended, now); err != nil {
				t.Fatalf("org %d: %v", r.id, err)
			}
		}
		if err := s.Migrate(ctx); err != nil {
			t.Fatalf("upgrade: %v", err)
		}
		today := huoshui.NewDate(2026, 12, 1)
		for _, c := range []struct {
			id   int64
			want string
			warn bool
		}{{1, "2028-06-01", false}, {2, "2021-03-01", true}, {3, "2026-12-31", true}, {4, "2026-06-01", true}, {5, "2026-06-01", true}, {6, "", false}} {
			o, err := s.FindOrgByID(ctx, huoshui.Everything(), c.id)
			if err != nil {
				t.Fatal(err)
			}
			if got := o.CommitteeTermEnds.String(); got != c.want {
				t.Errorf("org %d (%s) term ends %q after upgrade, want %q", c.id, o.Name, got, c.want)
			}
			warned := false
			for _, w := range rules.OrgWarnings(o, today) {
				warned = warned || w.Code == "org.term_ended" || w.Code == "term.three_months" || w.Code == "term.six_months"
			}
			if warned != c.warn {
				t.Errorf("org %d (%s) warns of its term on %s: %v, want %v", c.id, o.Name, today, warned, c.warn)
			}
		}
		es, _, err := s.FindAuditEntries(ctx, huoshui.AuditFilter{Scope: huoshui.Everything(), ObjectType: "org"})
		if err != nil {
			t.Fatal(err)
		}
		changed := map[int64]string{}
		for _, e := range es {
			changed[e.ObjectID] = e.Before + " → " + e.After
		}
		if len(changed) != 2 || changed[1] != `{"committee_term_ends":"2026-06-01"} → {"committee_term_ends":"2028-06-01"}` || changed[2] == "" {
			t.Errorf("audit of the upgrade: %v, want orgs 1 and 2 with the end before and after", changed)
		}
	})
}

// Migration 0019 on both engines: one staging table for every kind of
// sheet. A question sheet staged before the upgrade moves into it, rows
// and problems intact, still its uploader's and still a question sheet
// (it can be imported, and a roster's address does not reach it); a
// staged roster stays where and what it was.
func TestStagedSheetsMoveIntoOneTable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	eachOldDatabase(t, 18, func(t *testing.T, s *store.Store, db *sql.DB) {
		now := time.Now().UTC()
		// A branch and its uploader as 0018 held them: written in SQL,
		// since the store of today writes columns 0018 did not have.
		tr := struct{ branchA *huoshui.Org }{&huoshui.Org{Kind: huoshui.OrgBranch, Name: "秘书处（督查处）党支部"}}
		if err := db.QueryRowContext(ctx, `INSERT INTO orgs (kind, name, path, created_at, updated_at) VALUES ('branch', $1, 'new', $2, $2) RETURNING id`,
			tr.branchA.Name, now).Scan(&tr.branchA.ID); err != nil {
			t.Fatalf("a branch as 0018 held it: %v", err)
		}
		tr.branchA.Path = fmt.Sprintf("/%d/", tr.branchA.ID)
		if _, err := db.ExecContext(ctx, `UPDATE orgs SET path = $1 WHERE id = $2`, tr.branchA.Path, tr.branchA.ID); err != nil {
			t.Fatal(err)
		}
		u := &huoshui.User{Username: "uploader"}
		if err := db.QueryRowContext(ctx, `INSERT INTO users (username, display_name, password_hash, created_at) VALUES ($1, '上传人', 'x', $2) RETURNING id`,
			u.Username, now).Scan(&u.ID); err != nil {
			t.Fatalf("an uploader as 0018 held them: %v", err)
		}
		questions := `[{"line":2,"kind":"single","stem":"党课一般多久一次？","options":["每月","每季度"],"answer":"B","tags":["三会一课"]},` +
			`{"line":3,"kind":"single","stem":"没有答案的题","options":["甲","乙"],"problems":[{"field":"answer","code":"required"},{"field":"stem","code":"too_long","args":{"Max":500}}]}]`
		roster := `[{"line":2,"member":{"name":"王晓梅","status":"full"},"group":"第一党小组"}]`
		var rosterID int64
		if _, err := db.ExecContext(ctx, `INSERT INTO question_batches (user_id, org_id, file_name, rows_json, created_at) VALUES ($1, $2, '题库.xlsx', $3, $4)`,
			u.ID, tr.branchA.ID, questions, now); err != nil {
			t.Fatalf("stage questions as 0018 did: %v", err)
		}
		if err := db.QueryRowContext(ctx, `INSERT INTO import_batches (user_id, org_id, file_name, rows_json, created_at) VALUES ($1, $2, '花名册.xlsx', $3, $4) RETURNING id`,
			u.ID, tr.branchA.ID, roster, now).Scan(&rosterID); err != nil {
			t.Fatalf("stage a roster as 0018 did: %v", err)
		}
		if err := s.Migrate(ctx); err != nil {
			t.Fatalf("upgrade: %v", err)
		}
		if _, err := db.ExecContext(ctx, "SELECT 1 FROM question_batches"); err == nil {
			t.Error("question_batches is still there after the upgrade")
		}

		r, err := s.FindImportBatchByID(ctx, u.ID, rosterID)
		if err != nil || len(r.Rows) != 1 || r.Rows[0].Member.Name != "王晓梅" || r.Rows[0].GroupName != "第一党小组" || r.FileName != "花名册.xlsx" {
			t.Fatalf("the staged roster after the upgrade: %+v (%v)", r, err)
		}
		if _, err := s.FindQuestionBatchByID(ctx, u.ID, rosterID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("the roster reads as a question sheet: %v, want not found", err)
		}
		var qid int64
		if err := db.QueryRowContext(ctx, "SELECT id FROM import_batches WHERE kind = 'questions'").Scan(&qid); err != nil {
			t.Fatalf("the question sheet did not move: %v", err)
		}
		if _, err := s.FindImportBatchByID(ctx, u.ID, qid); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("the question sheet reads as a roster: %v, want not found", err)
		}
		if _, err := s.FindQuestionBatchByID(ctx, u.ID+1000, qid); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("another account reads the moved sheet: %v, want not found", err)
		}
		b, err := s.FindQuestionBatchByID(ctx, u.ID, qid)
		if err != nil {
			t.Fatalf("the moved question sheet: %v", err)
		}
		if b.UserID != u.ID || b.OrgID != tr.branchA.ID || b.FileName != "题库.xlsx" || b.CreatedAt.Sub(now).Abs() > time.Millisecond || len(b.Rows) != 2 {
			t.Fatalf("the moved sheet reads %+v", b)
		}
		q, p := b.Rows[0], b.Rows[1].Problems
		if q.Line != 2 || q.Question.Stem != "党课一般多久一次？" || q.Question.Answer != "B" || q.Question.OrgID != tr.branchA.ID ||
			strings.Join(q.Question.Options, ",") != "每月,每季度" || strings.Join(q.Question.Tags, ",") != "三会一课" {
			t.Errorf("the first row reads %+v", q)
		}
		if len(p) != 2 || p[0].Field != "answer" || p[0].Code != "required" || p[1].Args["Max"] != 500 {
			t.Errorf("the second row's problems read %+v", p)
		}

		// The moved sheet imports as any other, once.
		up := huoshui.Actor{UserID: u.ID, Username: u.Username}
		good := b.Rows[0].Question
		if err := s.CreateImportedQuestions(ctx, up, qid, []*huoshui.Question{&good}); err != nil {
			t.Fatalf("import the moved sheet: %v", err)
		}
		if _, n, _ := s.FindQuestions(ctx, huoshui.QuestionFilter{Scope: huoshui.Everything()}); n != 1 {
			t.Errorf("%d questions after importing the moved sheet, want 1", n)
		}
		if _, err := s.FindQuestionBatchByID(ctx, u.ID, qid); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("the imported sheet is still staged: %v", err)
		}
		if _, err := s.FindImportBatchByID(ctx, u.ID, rosterID); err != nil {
			t.Errorf("importing the question sheet took the roster too: %v", err)
		}
	})
}
