// Package blob keeps files by their content: a folder of files each named
// by the SHA-256 of its bytes in lowercase hex, fanned out into folders of
// the first two characters (ab/abcdef…) so that no folder grows past a
// few thousand entries. The same bytes stored twice are one file.
//
// A write goes to a temporary file in the store's own folder (the same
// file system), is synced, and is renamed to its name only when complete:
// a reader never sees half a file, and a failed or refused write leaves
// nothing behind. Files are never changed after that; the database says
// which ones are in use.
package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// ErrTooLarge is PutLimited's answer to more bytes than allowed.
var ErrTooLarge = errors.New("blob: too large")

// ErrBadKey is the answer to a key that is not 64 lowercase hex digits.
var ErrBadKey = errors.New("blob: malformed key")

// ErrNotFound is Open's answer to a key with no file.
var ErrNotFound = errors.New("blob: not found")

// tempPrefix starts the names of writes under way, in the store's folder.
const tempPrefix = ".put-"

// staleTemp is the age after which Open removes a write left behind by a
// process that stopped mid-way (no write takes a day).
const staleTemp = 24 * time.Hour

// Store is a folder of files kept by their content. It is safe for
// concurrent use, by this process and others sharing the folder.
type Store struct {
	dir string
}

// Open uses dir as a store, creating it if need be, and removes writes
// left unfinished there for more than a day.
func Open(dir string) (*Store, error) {
	if dir == "" {
		return nil, errors.New("blob: no folder given")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("blob: %w", err)
	}
	if err := os.MkdirAll(abs, 0o750); err != nil {
		return nil, fmt.Errorf("blob: create %s: %w", abs, err)
	}
	s := &Store{dir: abs}
	if entries, err := os.ReadDir(abs); err == nil {
		for _, e := range entries {
			if !strings.HasPrefix(e.Name(), tempPrefix) {
				continue
			}
			if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > staleTemp {
				os.Remove(filepath.Join(abs, e.Name()))
			}
		}
	}
	return s, nil
}

// Dir is the store's folder.
func (s *Store) Dir() string { return s.dir }

// ValidKey reports whether key is a key this store could have made: 64
// lowercase hex digits, so that it can name nothing outside the folder.
func ValidKey(key string) bool {
	if len(key) != sha256.Size*2 {
		return false
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// path is where key's file lives.
func (s *Store) path(key string) (string, error) {
	if !ValidKey(key) {
		return "", fmt.Errorf("%w: %q", ErrBadKey, key)
	}
	return filepath.Join(s.dir, key[:2], key), nil
}

// Put stores everything r yields and returns its key and size.
func (s *Store) Put(ctx context.Context, r io.Reader) (key string, size int64, err error) {
	return s.put(ctx, r, -1)
}

// PutLimited stores what r yields when it is at most max bytes; past that
// it answers ErrTooLarge and keeps nothing.
func (s *Store) PutLimited(ctx context.Context, r io.Reader, max int64) (key string, size int64, err error) {
	if max < 0 {
		max = 0
	}
	return s.put(ctx, r, max)
}

func (s *Store) put(ctx context.Context, r io.Reader, max int64) (key string, size int64, err error) {
	tmp, err := os.CreateTemp(s.dir, tempPrefix+"*")
	if err != nil {
		return "", 0, fmt.Errorf("blob: %w", err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	src := r
	if max >= 0 {
		src = io.LimitReader(r, max+1)
	}
	size, err = io.Copy(io.MultiWriter(tmp, h), ctxReader{ctx, src})
	if err != nil {
		return "", 0, fmt.Errorf("blob: write: %w", err)
	}
	if max >= 0 && size > max {
		return "", 0, ErrTooLarge
	}
	if err := tmp.Sync(); err != nil {
		return "", 0, fmt.Errorf("blob: sync: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return "", 0, fmt.Errorf("blob: close: %w", err)
	}
	key = hex.EncodeToString(h.Sum(nil))
	final, _ := s.path(key)
	if info, err := os.Stat(final); err == nil && info.Size() == size {
		os.Remove(tmp.Name()) // the same bytes are there already
		done = true
		return key, size, nil
	}
	if err := os.MkdirAll(filepath.Dir(final), 0o750); err != nil {
		return "", 0, fmt.Errorf("blob: %w", err)
	}
	if err := os.Chmod(tmp.Name(), 0o640); err != nil {
		return "", 0, fmt.Errorf("blob: %w", err)
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return "", 0, fmt.Errorf("blob: %w", err)
	}
	done = true
	syncDir(filepath.Dir(final))
	return key, size, nil
}

// syncDir makes a rename in dir last through a crash, where the system
// allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// ctxReader stops a copy when its context ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// File is a stored file opened for reading: it reads and seeks, and says
// its size and when it was stored, as http.ServeContent wants.
type File struct {
	*os.File
	Size    int64
	ModTime time.Time
}

// Open opens key's file. A key with no file answers ErrNotFound; a
// malformed one ErrBadKey.
func (s *Store) Open(key string) (*File, error) {
	p, err := s.path(key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, key)
	}
	if err != nil {
		return nil, fmt.Errorf("blob: %w", err)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("blob: %w", err)
	}
	if !info.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%w: %s", ErrNotFound, key)
	}
	return &File{File: f, Size: info.Size(), ModTime: info.ModTime()}, nil
}

// Has reports whether key's file is there.
func (s *Store) Has(key string) bool {
	p, err := s.path(key)
	if err != nil {
		return false
	}
	info, err := os.Stat(p)
	return err == nil && info.Mode().IsRegular()
}
