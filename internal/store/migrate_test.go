package store_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// Both engines must have the same migrations, under the same names.
func TestMigrationFoldersMatch(t *testing.T) {
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

// A database made by the first release upgrades to the newest schema with
// its records intact.
func TestOlderDatabaseUpgrades(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	old, err := store.Open(ctx, "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if err := old.MigrateTo(ctx, 1); err != nil {
		t.Fatal(err)
	}
	tr := makeTree(t, old)
	if err := old.CreateMember(ctx, actor, fullMember(tr.branchA.ID, "王晓梅", "37010219850312002X")); err != nil {
		t.Fatal(err)
	}
	old.Close()

	s, err := store.Open(ctx, "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Migrate(ctx); err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	n, full, err := s.SubtreeCounts(ctx, tr.committee.Path)
	if err != nil || n != 1 || full != 1 {
		t.Errorf("after upgrade: %d members, %d full, %v; want 1 1", n, full, err)
	}
}
