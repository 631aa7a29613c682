package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// Text that is not UTF-8, and overlong text, is refused with a message on
// every engine — PostgreSQL would refuse to store or search it — and never
// becomes a 500.
func TestBadTextRefused(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		sec := e.login("secretary")
		org := e.login("organiser")
		branch := e.demoOrg("秘书处")
		bad := "\xff\xfe王"
		cases := []struct {
			name string
			resp *response
		}{
			{"member form", sec.postForm("/members", url.Values{"name": {bad}, "status": {"activist"}, "org_id": {itoa(branch.ID)},
				"applied_on": {"2020-01-01"}, "activist_on": {"2021-01-01"}})},
			{"search", sec.get("/members?q=%ff%fe")},
			{"org search", org.get("/orgs?q=%ff")},
			{"API search", sec.get("/api/v1/members?q=%ff")},
			{"new unit", org.postForm("/orgs/1/children", url.Values{"name": {bad}, "kind": {"branch"}})},
			{"overlong ethnicity", sec.postForm("/members", url.Values{"name": {"王芳"}, "status": {"activist"}, "org_id": {itoa(branch.ID)},
				"ethnicity": {strings.Repeat("汉", 300)}, "applied_on": {"2020-01-01"}, "activist_on": {"2021-01-01"}})},
		}
		for _, c := range cases {
			if c.resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("%s: status %d, want 422", c.name, c.resp.StatusCode)
			}
		}
		if !strings.Contains(cases[1].resp.Body, "无法识别的字符") {
			t.Errorf("the refused search does not say why")
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
