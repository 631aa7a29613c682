package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/huoshui/huoshui/internal/demo"
)

// A real form with several problems shows every one beside its field at
// once, with 422, keeps what was typed and sends no password back; the
// same form, put right, is stored, leaves its notice and answers 303.
func TestFormFlowEndToEnd(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	c := e.login("secretary")
	branch := e.demoOrg(demo.BranchName)
	v := validMemberForm(branch, nil)
	v.Set("name", "韩冰洁")
	v.Set("phone", "12")
	v.Set("birth_date", "1990-13-45")
	doc := c.postForm("/members", v).wantStatus(http.StatusUnprocessableEntity).doc()
	for _, field := range []string{"phone", "birth_date"} {
		if memberFieldMsg(doc, field) == "" {
			t.Errorf("no message beside %s", field)
		}
	}
	if got, _ := doc.Find("#name").Attr("value"); got != "韩冰洁" {
		t.Errorf("name shown as %q, want what was typed", got)
	}
	if got, _ := doc.Find("#phone").Attr("value"); got != "12" {
		t.Errorf("phone shown as %q, want what was typed", got)
	}

	// Three problems on the password form, all shown, no password echoed.
	m := e.login("member")
	r := m.postForm("/password", url.Values{"current": {"nope"}, "password": {"abc"}, "confirm": {"abd"}}).
		wantStatus(http.StatusUnprocessableEntity)
	pd := r.doc()
	for _, field := range []string{"current", "password", "confirm"} {
		if pd.Find("#"+field).Parent().Find(".field-error").Length() == 0 {
			t.Errorf("password form: no message beside %s", field)
		}
	}
	if strings.Contains(r.Body, `value="nope"`) || strings.Contains(r.Body, `value="abc"`) {
		t.Error("the password form sends a typed password back")
	}

	v.Set("phone", "13712345678")
	v.Set("birth_date", "")
	loc := c.postForm("/members", v).wantStatus(http.StatusSeeOther).Header.Get("Location")
	if !strings.HasPrefix(loc, "/members/") {
		t.Fatalf("redirect to %q, want the new member's page", loc)
	}
	if !strings.Contains(c.get(loc).wantStatus(http.StatusOK).doc().Find(".flash").Text(), "已新增人员记录") {
		t.Error("no notice after the create")
	}
}
