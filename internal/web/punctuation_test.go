package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/huoshui/huoshui/internal/demo"
)

// A reader of the English pages gets English punctuation in lists the
// server joins: the roles in the audit trail and the allowed values of the
// roster help. The separators and brackets come from the catalogue.
func TestListsTakeTheReadersPunctuation(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		sec := e.login("secadmin")
		general := e.demoOrg(demo.SecondBranch)
		target := e.newAccount("punct")
		for _, kind := range []string{"secretary", "member"} {
			sec.postForm(userURL(target, "/roles"), url.Values{"kind": {kind}, "org_id": {fmt.Sprint(general.ID)}}).
				wantStatus(http.StatusSeeOther)
		}
		aud := e.login("auditor")
		aud.postForm("/lang", url.Values{"lang": {"en"}, "next": {"/"}}).wantStatus(http.StatusSeeOther)
		row := aud.get("/audit?action=update&type=user").wantStatus(http.StatusOK).doc().Find("table.audit > tbody > tr").First()
		got := strings.TrimSpace(row.Find("ul.audit-diff li").Text())
		if !strings.Contains(got, "Branch secretary (") || strings.ContainsAny(got, "（）；") {
			t.Errorf("roles in the English audit trail read %q, want English brackets and separators", got)
		}

		org := e.login("organiser")
		org.postForm("/lang", url.Values{"lang": {"en"}, "next": {"/"}}).wantStatus(http.StatusSeeOther)
		help := org.get("/members/import").wantStatus(http.StatusOK).doc().Find(`td[data-label]`).Text()
		if strings.Contains(help, "、") || !strings.Contains(help, ", ") {
			t.Errorf("the English roster help lists values as %q, want ', ' between them", help)
		}
	})
}

// fullWidth is the punctuation of Chinese text that English never uses:
// the full-width comma, full stop, semicolon, colon, brackets, enumeration
// comma, exclamation and question marks, and the ideographic space.
const fullWidth = "，。；：（）、！？\u3000"

// templateAction is one {{…}} of a template; what lies between them is
// the template's own text, shown in either language.
var templateAction = regexp.MustCompile(`(?s)\{\{.*?\}\}`)

// A template's own text holds no Chinese punctuation: a colon, a bracket
// or a list separator between two values comes from the catalogue, so an
// English page does not show "名称：值" or "甲、乙".
func TestTemplatesHoldNoFullWidthPunctuation(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("templates/*.html")
	if err != nil || len(files) == 0 {
		t.Fatalf("templates: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			text := templateAction.ReplaceAllString(line, "")
			if strings.ContainsAny(text, fullWidth) {
				t.Errorf("%s:%d: full-width punctuation in the template's own text: %s", f, i+1, strings.TrimSpace(line))
			}
		}
	}
}

// The English catalogue speaks English punctuation. A few messages quote
// Chinese as it is typed (an example name, the separator a sheet may use).
func TestEnglishCatalogueHasNoFullWidthPunctuation(t *testing.T) {
	t.Parallel()
	quotesChinese := map[string]bool{"orgs.name_help": true, "outputs.import.rule_owners": true}
	files, err := filepath.Glob("locales/*.en.toml")
	if err != nil || len(files) == 0 {
		t.Fatalf("locales: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			key, value, ok := strings.Cut(line, " = ")
			if !ok || strings.HasPrefix(line, "#") || quotesChinese[strings.Trim(key, `"`)] {
				continue
			}
			if strings.ContainsAny(value, fullWidth) {
				t.Errorf("%s:%d: full-width punctuation in English: %s", f, i+1, line)
			}
		}
	}
}
