package store_test

import (
	"context"
	"database/sql"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
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
	n, full, err := s.SubtreeCounts(ctx, "/1/")
	if err != nil || n != 2 || full != 2 {
		t.Errorf("after upgrade: %d members, %d full, %v; want 2 2", n, full, err)
	}
	ms, _, err := s.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Scope{All: true}, Sort: "name"})
	if err != nil || len(ms) != 2 || ms[0].Name != "李四" || ms[1].Name != "张伟" {
		t.Errorf("after upgrade the roster reads %v (%v), want 李四 then 张伟 by pinyin", names(ms), err)
	}
}

func names(ms []*huoshui.Member) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Name)
	}
	return out
}
