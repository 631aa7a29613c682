package report

import (
	"path/filepath"
	"testing"

	"github.com/BurntSushi/toml"
)

// testLabels reads the roster's messages in lang from the interface's
// catalogue, as the web layer would pass them. An id with no message
// fails the test.
func testLabels(t testing.TB, lang string) Labels {
	t.Helper()
	var m map[string]string
	if _, err := toml.DecodeFile(filepath.Join("..", "web", "locales", "report."+lang+".toml"), &m); err != nil {
		t.Fatalf("read labels: %v", err)
	}
	return func(id string) string {
		s, ok := m[id]
		if !ok {
			t.Errorf("no message %q in %s", id, lang)
			return id
		}
		return s
	}
}

// bothLabels are the languages a roster is read in.
func bothLabels(t testing.TB) []Labels { return []Labels{testLabels(t, "zh"), testLabels(t, "en")} }
