package rules

import (
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Every rule these files can refuse with or warn of is listed in the
// file's comment block of message codes, under the right heading, and
// has its Chinese and English text in the interface's message files, so
// the web layer can show any of them without a missing message.
func TestRuleCodesListedAndWorded(t *testing.T) {
	t.Parallel()
	keys := map[string]map[string]bool{} // lang → key
	locales, _ := filepath.Glob("../web/locales/*.toml")
	keyRE := regexp.MustCompile(`(?m)^"([^"]+)"\s*=`)
	for _, f := range locales {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		parts := strings.Split(filepath.Base(f), ".")
		lang := parts[len(parts)-2]
		if keys[lang] == nil {
			keys[lang] = map[string]bool{}
		}
		for _, m := range keyRE.FindAllStringSubmatch(string(b), -1) {
			keys[lang][m[1]] = true
		}
	}
	if len(keys["zh"]) < 100 || len(keys["en"]) < 100 {
		t.Fatalf("read %d zh and %d en messages: the locales were not found", len(keys["zh"]), len(keys["en"]))
	}
	listed := regexp.MustCompile(`^//\t([a-z]+\.[a-z0-9_]+)\s`)
	refused := regexp.MustCompile(`refuse\("([a-z0-9_.]+)"`)
	warned := regexp.MustCompile(`Warning\{Code: "([a-z0-9_.]+)"`)
	total := 0
	for _, name := range []string{"development.go", "dues.go", "appraisal.go", "transfer.go", "org.go"} {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		src := string(b)
		inList := map[string]bool{} // "error.code" or "warning.code"
		prefix := ""
		for _, line := range strings.Split(src, "\n") {
			switch {
			case strings.Contains(line, `"error."+code`):
				prefix = "error."
			case strings.Contains(line, `"warning."+code`):
				prefix = "warning."
			case !strings.HasPrefix(line, "//"):
				prefix = ""
			}
			if m := listed.FindStringSubmatch(line); m != nil && prefix != "" {
				inList[prefix+m[1]] = true
			}
		}
		used := map[string]bool{}
		for _, m := range refused.FindAllStringSubmatch(src, -1) {
			used["error."+m[1]] = true
		}
		for _, m := range warned.FindAllStringSubmatch(src, -1) {
			used["warning."+m[1]] = true
		}
		for _, id := range slices.Sorted(maps.Keys(used)) {
			if !inList[id] {
				t.Errorf("%s: %s is used but not listed in the file's message codes", name, id)
			}
		}
		for id := range inList {
			total++
			for _, lang := range []string{"zh", "en"} {
				if !keys[lang][id] {
					t.Errorf("%s: %s has no %s text in internal/web/locales", name, id, lang)
				}
			}
		}
	}
	if total < 50 {
		t.Errorf("found %d listed codes: the comment blocks were not read", total)
	}
}
