package web_test

import (
	"fmt"
	"net/http"
	"net/url"
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
