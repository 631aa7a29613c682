package blob

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func newStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "files"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// files lists every file under the store's folder, relative to it.
func files(t *testing.T, s *Store) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(s.Dir(), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(s.Dir(), p)
			out = append(out, rel)
		}
		return nil
	})
	return out
}

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func TestPutStoresByContent(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := context.Background()
	data := []byte("会议记录：支部党员大会")
	key, size, err := s.Put(ctx, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if key != sum(data) || size != int64(len(data)) {
		t.Fatalf("Put = %s, %d; want %s, %d", key, size, sum(data), len(data))
	}
	want := filepath.Join(key[:2], key)
	if got := files(t, s); len(got) != 1 || got[0] != want {
		t.Fatalf("files %v, want [%s]", got, want)
	}
	// The same bytes again are the same file.
	key2, _, err := s.Put(ctx, bytes.NewReader(data))
	if err != nil || key2 != key {
		t.Fatalf("second Put = %s, %v; want %s", key2, err, key)
	}
	if got := files(t, s); len(got) != 1 {
		t.Fatalf("the same bytes twice left %v", got)
	}
	f, err := s.Open(key)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, _ := io.ReadAll(f)
	if !bytes.Equal(got, data) || f.Size != int64(len(data)) || f.ModTime.IsZero() {
		t.Fatalf("Open read %q (size %d, modtime %v)", got, f.Size, f.ModTime)
	}
	if !s.Has(key) || s.Has(sum([]byte("other"))) {
		t.Errorf("Has does not tell stored from missing")
	}
}

func TestPutEmpty(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	key, size, err := s.Put(context.Background(), strings.NewReader(""))
	if err != nil || size != 0 || key != sum(nil) {
		t.Fatalf("Put(empty) = %s, %d, %v", key, size, err)
	}
}

func TestPutLimited(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := context.Background()
	data := bytes.Repeat([]byte("x"), 1000)
	if _, _, err := s.PutLimited(ctx, bytes.NewReader(data), 999); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("1000 bytes under a limit of 999: %v, want ErrTooLarge", err)
	}
	if got := files(t, s); len(got) != 0 {
		t.Fatalf("a refused write left %v", got)
	}
	if _, size, err := s.PutLimited(ctx, bytes.NewReader(data), 1000); err != nil || size != 1000 {
		t.Fatalf("exactly the limit: %d, %v", size, err)
	}
	// A reader that never ends is cut off, not read to the end.
	if _, _, err := s.PutLimited(ctx, endless{}, 1<<20); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("an endless reader: %v, want ErrTooLarge", err)
	}
	if got := files(t, s); len(got) != 1 {
		t.Fatalf("files %v, want the one stored", got)
	}
}

type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'y'
	}
	return len(p), nil
}

// A write that fails half-way, or whose request is cancelled, leaves no
// half file behind, under its name or any other.
func TestPutNeverLeavesHalfAFile(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	broken := io.MultiReader(bytes.NewReader(bytes.Repeat([]byte("z"), 100<<10)), failing{})
	if _, _, err := s.Put(context.Background(), broken); err == nil {
		t.Fatal("a failing reader was stored")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := s.Put(ctx, strings.NewReader("never")); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: %v", err)
	}
	if got := files(t, s); len(got) != 0 {
		t.Fatalf("failed writes left %v", got)
	}
}

type failing struct{}

func (failing) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

func TestKeysCannotEscape(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	secret := filepath.Join(filepath.Dir(s.Dir()), "secret")
	os.WriteFile(secret, []byte("x"), 0o600)
	good := sum([]byte("x"))
	for _, key := range []string{"", "..", "../secret", "/etc/passwd", good[:63], good + "0", strings.ToUpper(good),
		"../" + good[3:], good[:62] + "/.", good[:60] + "%2e/", strings.Repeat(".", 64), good[:63] + "\x00"} {
		if ValidKey(key) {
			t.Errorf("ValidKey(%q) = true", key)
		}
		if _, err := s.Open(key); !errors.Is(err, ErrBadKey) {
			t.Errorf("Open(%q) = %v, want ErrBadKey", key, err)
		}
		if s.Has(key) {
			t.Errorf("Has(%q) = true", key)
		}
	}
	if !ValidKey(good) {
		t.Errorf("ValidKey(%s) = false", good)
	}
	if _, err := s.Open(good); !errors.Is(err, ErrNotFound) {
		t.Errorf("Open of a key never stored = %v, want ErrNotFound", err)
	}
}

// What Open gives is served with ranges and a Last-Modified.
func TestOpenServesContent(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	data := []byte("0123456789abcdef")
	key, _, err := s.Put(context.Background(), bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	f, err := s.Open(key)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Range", "bytes=4-7")
	w := httptest.NewRecorder()
	http.ServeContent(w, req, "", f.ModTime, f)
	if w.Code != http.StatusPartialContent || w.Body.String() != "4567" || w.Header().Get("Last-Modified") == "" {
		t.Fatalf("range: %d %q %v", w.Code, w.Body.String(), w.Header())
	}
}

func TestConcurrentPutsOfTheSameBytes(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	data := bytes.Repeat([]byte("same "), 20000)
	var wg sync.WaitGroup
	keys := make([]string, 8)
	errs := make([]error, 8)
	for i := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			keys[i], _, errs[i] = s.Put(context.Background(), bytes.NewReader(data))
		}()
	}
	wg.Wait()
	for i := range keys {
		if errs[i] != nil || keys[i] != sum(data) {
			t.Fatalf("put %d: %s, %v", i, keys[i], errs[i])
		}
	}
	if got := files(t, s); len(got) != 1 {
		t.Fatalf("files %v, want one", got)
	}
	f, err := s.Open(keys[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, _ := io.ReadAll(f); !bytes.Equal(got, data) {
		t.Fatal("the stored file differs")
	}
}

// A write left by a process that stopped is cleared when a store opens
// the folder a day later; a recent one (another process's, under way) is
// left alone.
func TestOpenClearsStaleWrites(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	old := filepath.Join(dir, tempPrefix+"old")
	recent := filepath.Join(dir, tempPrefix+"recent")
	os.WriteFile(old, []byte("half"), 0o600)
	os.WriteFile(recent, []byte("half"), 0o600)
	long := time.Now().Add(-48 * time.Hour)
	os.Chtimes(old, long, long)
	if _, err := Open(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(old); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a two-day-old write is still there: %v", err)
	}
	if _, err := os.Stat(recent); err != nil {
		t.Errorf("a write under way was removed: %v", err)
	}
}

func TestOpenNeedsAFolder(t *testing.T) {
	t.Parallel()
	if _, err := Open(""); err == nil {
		t.Error("Open(\"\") succeeded")
	}
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o600)
	if _, err := Open(file); err == nil {
		t.Error("Open of a plain file succeeded")
	}
}
