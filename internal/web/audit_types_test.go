package web

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Every kind of record the store audits reads as a word in both
// languages in the trail, never as its table name.
func TestAuditObjectTypesHaveLabels(t *testing.T) {
	t.Parallel()
	m, err := loadMessages()
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("../store/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("store sources: %v", err)
	}
	call := regexp.MustCompile(`s\.audit(?:Read)?\(ctx, [a-z]+, [a-zA-Z.]+, [^,]+, "([a-z_]+)"`)
	seen := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range call.FindAllSubmatch(src, -1) {
			seen[string(c[1])] = true
		}
	}
	if len(seen) < 30 {
		t.Fatalf("found only %d audited kinds of records; the pattern misses the store's calls", len(seen))
	}
	for typ := range seen {
		for _, lang := range languages {
			if !m.Has(lang, "audit.type."+typ) {
				t.Errorf("audited record type %q has no %s label (audit.type.%s)", typ, lang, typ)
			}
		}
	}
}
