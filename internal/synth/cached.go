package synth

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
)

// CachedToday is the day the cached provinces are made as of, so that the
// same size and seed always give the same file.
var CachedToday = huoshui.NewDate(2026, 1, 1)

// Cached returns the path of a SQLite database in dir that holds the
// province of the given size and seed, building it the first time. Later
// calls, and later runs, reuse the file: benchmarks need the same data run
// after run without paying for it each time. The file is built under a
// temporary name and renamed, so concurrent callers never see half of it.
func Cached(ctx context.Context, dir string, members int, seed uint64) (string, error) {
	return CachedProvince(ctx, dir, Options{Members: members, Seed: seed, Today: CachedToday})
}

// CachedProvince is Cached for any options: with Years, the province comes
// with its organisational life up to o.Today.
func CachedProvince(ctx context.Context, dir string, o Options) (string, error) {
	name := fmt.Sprintf("huoshui-bench-v1-%d-%d.db", o.Members, o.Seed)
	if o.Years > 0 || !o.Today.Equal(CachedToday) {
		// v3: with the years of organisational life come the branches'
		// tasks and outputs (work.go).
		name = fmt.Sprintf("huoshui-bench-v3-%d-%d-%s-%dy.db", o.Members, o.Seed, o.Today, o.Years)
	}
	path := filepath.Join(dir, name)
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	tmp, err := os.MkdirTemp(dir, "huoshui-bench-*")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	file := filepath.Join(tmp, "p.db")
	st, err := store.Open(ctx, "sqlite:"+file)
	if err != nil {
		return "", err
	}
	err = st.Migrate(ctx)
	if err == nil {
		p := Build(o)
		_, err = Load(ctx, st, huoshui.Actor{Username: "gen"}, p, nil)
	}
	if cerr := st.Close(); err == nil {
		err = cerr // closing checkpoints the WAL into the file
	}
	if err != nil {
		return "", err
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(file + suffix); err == nil {
			return "", fmt.Errorf("synth: %s%s left after close", file, suffix)
		}
	}
	if err := os.Rename(file, path); err != nil {
		return "", err
	}
	return path, nil
}
