package web

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/huoshui/huoshui"
)

// Every message exists in both languages.
func TestMessageFilesMatch(t *testing.T) {
	t.Parallel()
	keys := map[string]map[string]bool{}
	files, _ := filepath.Glob("locales/*.toml")
	for _, f := range files {
		var m map[string]any
		if _, err := toml.DecodeFile(f, &m); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		parts := strings.Split(filepath.Base(f), ".")
		lang := parts[len(parts)-2]
		if keys[lang] == nil {
			keys[lang] = map[string]bool{}
		}
		for k := range m {
			if keys[lang][k] {
				t.Errorf("%s: %q is defined twice in %s", f, k, lang)
			}
			keys[lang][k] = true
		}
	}
	for _, pair := range [][2]string{{"zh", "en"}, {"en", "zh"}} {
		var missing []string
		for k := range keys[pair[0]] {
			if !keys[pair[1]][k] {
				missing = append(missing, k)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("in %s but not in %s: %v", pair[0], pair[1], missing)
		}
	}
}

// Every message id the templates and handlers name literally exists, and
// so does every id built from a known set of values.
func TestMessagesUsedExist(t *testing.T) {
	t.Parallel()
	m, err := loadMessages()
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	literal := regexp.MustCompile(`\.T "([a-z_.0-9]+)"`)
	code := regexp.MustCompile(`(?:msgs\.T\(lang, |msgs\.T\(p\.Lang, |flash\(w, |\.T\()"([a-z_]+\.[a-z_.0-9]+)"`)
	walk := func(dir, ext string, re *regexp.Regexp) {
		fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ext) || strings.HasSuffix(p, "_test.go") {
				return nil
			}
			b, _ := os.ReadFile(filepath.Join(dir, p))
			for _, sm := range re.FindAllStringSubmatch(string(b), -1) {
				ids[sm[1]] = p
			}
			return nil
		})
	}
	walk("templates", ".html", literal)
	walk(".", ".go", code)
	for _, s := range huoshui.MemberStatuses {
		ids["status."+string(s)] = "MemberStatuses"
	}
	for _, k := range huoshui.OrgKinds {
		ids["kind."+string(k)] = "OrgKinds"
	}
	for _, p := range huoshui.CommitteePosts {
		ids["post."+string(p)] = "CommitteePosts"
	}
	for _, r := range huoshui.RoleKinds {
		ids["role."+string(r)] = "RoleKinds"
	}
	for _, c := range []int{401, 403, 404, 409, 413, 422, 500} {
		ids["error.title."+strconv.Itoa(c)] = "status codes"
		ids["error.body."+strconv.Itoa(c)] = "status codes"
	}
	if len(ids) < 50 {
		t.Fatalf("found only %d message ids: the scan is broken", len(ids))
	}
	for id, where := range ids {
		for _, lang := range languages {
			if !m.Has(lang, id) {
				t.Errorf("%s: message %q missing in %s", where, id, lang)
			}
		}
	}
}

// Every validation code the domain and the store emit has a message, and
// so does every field they name.
func TestValidationCodesHaveMessages(t *testing.T) {
	t.Parallel()
	m, err := loadMessages()
	if err != nil {
		t.Fatal(err)
	}
	add := regexp.MustCompile(`\.Add\("([a-z_]+)", "([a-z_.0-9]+)"`)
	consts := regexp.MustCompile(`(IDNumber\w+)\s+= "([a-z_.]+)"`)
	n := 0
	for _, dir := range []string{"../..", "../store"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			b, _ := os.ReadFile(f)
			for _, sm := range add.FindAllStringSubmatch(string(b), -1) {
				n++
				for _, lang := range languages {
					if !m.Has(lang, "error."+sm[2]) {
						t.Errorf("%s: code %q has no message in %s", f, sm[2], lang)
					}
					if sm[1] != "form" && sm[1] != "org" && !m.Has(lang, "field."+sm[1]) {
						t.Errorf("%s: field %q has no label in %s", f, sm[1], lang)
					}
				}
			}
			for _, sm := range consts.FindAllStringSubmatch(string(b), -1) {
				n++
				for _, lang := range languages {
					if !m.Has(lang, "error."+sm[2]) {
						t.Errorf("%s: code %q has no message in %s", f, sm[2], lang)
					}
				}
			}
		}
	}
	if n < 20 {
		t.Fatalf("found only %d codes: the scan is broken", n)
	}
}
