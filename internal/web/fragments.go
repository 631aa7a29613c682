package web

import (
	"bytes"
	"fmt"
	"html/template"
	"sync"
)

// fragments keeps rendered pieces of pages whose inputs are named in their
// key. A key must hold everything the piece shows: for a branch's member
// table that is the branch's roster version, which the store moves in the
// same transaction as every change the table shows, so a kept piece is
// never older than the database it was read from. Each replica keeps its
// own; the version comes from the database on every request, so replicas
// agree.
type fragments struct {
	mu  sync.Mutex
	m   map[string]template.HTML
	max int
}

func newFragments(max int) *fragments {
	return &fragments{m: make(map[string]template.HTML, max), max: max}
}

func (f *fragments) get(key string) (template.HTML, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	h, ok := f.m[key]
	return h, ok
}

// put keeps h under key. When full it forgets an arbitrary eighth of what
// it holds: keys of old versions are never asked for again, and which ones
// go matters little.
func (f *fragments) put(key string, h template.HTML) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.m) >= f.max {
		drop := max(1, f.max/8)
		for k := range f.m {
			delete(f.m, k)
			if drop--; drop == 0 {
				break
			}
		}
	}
	f.m[key] = h
}

// fragment renders one named block of a screen's template set.
func (s *Server) fragment(screen, block string, data any) (template.HTML, error) {
	set, ok := s.tmpl.sets[screen]
	if !ok {
		return "", fmt.Errorf("no template %s", screen)
	}
	var buf bytes.Buffer
	if err := set.ExecuteTemplate(&buf, block, data); err != nil {
		return "", fmt.Errorf("render %s/%s: %w", screen, block, err)
	}
	return template.HTML(buf.String()), nil
}
