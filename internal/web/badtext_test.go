package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
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

// A NUL (or another control character, or a bidi override) in any field
// of any form is refused with a 422 in the user's language before it
// reaches the database: on PostgreSQL it answered 500 on 15 endpoints,
// anonymous sign-in among them. Each route gets the NUL in each field its
// form has; the routes that read no field at all must still never 500.
func TestControlCharactersRefused(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		branch := e.demoOrg(demo.BranchName)
		ms, _, err := e.store.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Scope{All: true}, OrgID: branch.ID, Limit: 1})
		if err != nil || len(ms) == 0 {
			t.Fatalf("a member of the branch: %v", err)
		}
		mem := fmt.Sprintf("/members/%d", ms[0].ID)
		member, err := e.store.FindUserByUsername(ctx, "member")
		if err != nil {
			t.Fatal(err)
		}
		usr := fmt.Sprintf("/admin/users/%d", member.ID)
		org := fmt.Sprintf("/orgs/%d", branch.ID)
		sec, organiser, sys, secadm := e.login("secretary"), e.login("organiser"), e.login("sysadmin"), e.login("secadmin")
		preview := sec.stageRoster(branch.ID, rosterFile(t, importHeader,
			[]any{"高明", "男", impID1, "大学本科", "正式党员", "2010-10-08", "2012/07/01", "2013.07.01", "", ""}))
		memberFields := []string{"name", "gender", "ethnicity", "birth_date", "education", "id_number", "phone", "workplace",
			"post", "status", "applied_on", "activist_on", "candidate_on", "probation_on", "full_on", "org_id", "group_id", "committee_post"}
		routes := []struct {
			who    *client
			path   string
			fields []string
			reads  bool // the handler reads the form
		}{
			{e.client(), "/login", []string{"username", "password", "next"}, true},
			{e.client(), "/lang", []string{"lang", "next"}, true},
			{sec, "/password", []string{"current", "password", "confirm"}, true},
			{sec, "/members", memberFields, true},
			{sec, mem, memberFields, true},
			{sec, mem + "/transfer", []string{"to_org_id", "on", "reason"}, true},
			{sec, mem + "/archive", []string{"archive_reason"}, true},
			{sec, mem + "/account", []string{"username"}, true},
			{sec, batchURL(preview, "confirm"), []string{"confirm"}, true},
			{organiser, org + "/children", []string{"name", "kind", "committee_elected_on", "committee_term_ends"}, true},
			{organiser, org, []string{"name", "kind", "committee_elected_on", "committee_term_ends"}, true},
			{organiser, org + "/move", []string{"parent_id", "q"}, true},
			{organiser, org + "/archive", []string{"reason"}, true},
			{sys, "/admin/users", []string{"username", "display_name", "password"}, true},
			{sys, usr + "/reset", []string{"password"}, true},
			{secadm, usr + "/roles", []string{"kind", "org_id"}, true},
			{sys, usr + "/disable", []string{"reason"}, false},
			{sys, usr + "/enable", []string{"reason"}, false},
			{sys, usr + "/unlock", []string{"reason"}, false},
			{sec, mem + "/restore", []string{"reason"}, false},
			{sec, batchURL(preview, "discard"), []string{"discard"}, true},
		}
		for _, rt := range routes {
			for _, field := range rt.fields {
				for _, bad := range []string{"王\x00芳", "王\x1b芳", "王\u202e芳"} {
					r := rt.who.postForm(rt.path, url.Values{field: {bad}})
					switch {
					case r.StatusCode >= 500:
						t.Errorf("POST %s with %q in %s: status %d", rt.path, bad, field, r.StatusCode)
					case rt.reads && r.StatusCode != http.StatusUnprocessableEntity:
						t.Errorf("POST %s with %q in %s: status %d, want 422", rt.path, bad, field, r.StatusCode)
					case rt.reads && !strings.Contains(r.Body, "字符"):
						t.Errorf("POST %s with %q in %s: the page does not say why", rt.path, bad, field)
					}
				}
			}
		}
		// The upload's file name, the API's JSON and the query string.
		if r := sec.uploadRoster(branch.ID, "花名册\x00.xlsx", rosterFile(t, importHeader,
			[]any{"高明", "男", impID1, "大学本科", "正式党员", "2010-10-08", "2012/07/01", "2013.07.01", "", ""})); r.StatusCode != http.StatusSeeOther && r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("upload with a NUL in the file name: status %d, want 303 (the NUL dropped) or 422", r.StatusCode)
		}
		for _, field := range []string{"name", "workplace", "post", "ethnicity", "id_number", "phone", "birth_date", "status"} {
			r := sec.postJSON("/api/v1/members", apiMemberBody(branch.ID, map[string]any{field: "王\x00芳"}))
			if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, field) {
				t.Errorf("API with a NUL in %s: status %d, want 422 naming the field\n%s", field, r.StatusCode, r.Body)
			}
		}
		for _, path := range []string{"/members?q=%00", "/orgs?q=%00", "/api/v1/members?q=%00", "/audit?username=%00", "/login?next=%00"} {
			who := sec
			if strings.HasPrefix(path, "/orgs") {
				who = organiser
			}
			if r := who.get(path); r.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("GET %s: status %d, want 422", path, r.StatusCode)
			}
		}
		all, _, err := e.store.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Scope{All: true}})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range all {
			if strings.ContainsAny(m.Name+m.Workplace+m.Post, "\x00\x1b\u202e") {
				t.Errorf("stored text with a control character: %q", m.Name)
			}
		}
	})
}

// A search longer than 100 characters is refused with a clear message on
// every list: a 50 KB one answered 500 on SQLite (LIKE pattern too
// complex).
func TestLongSearchRefused(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		sec, organiser, auditor, sys := e.login("secretary"), e.login("organiser"), e.login("auditor"), e.login("sysadmin")
		huge := url.QueryEscape(strings.Repeat("王", 50<<10/3))
		long := url.QueryEscape(strings.Repeat("王", 101))
		for _, c := range []struct {
			who  *client
			path string
		}{
			{sec, "/members?q="}, {sec, "/api/v1/members?q="}, {sec, "/members/export.xlsx?q="}, {organiser, "/orgs?q="},
			{auditor, "/audit?username="}, {sys, "/admin/users?q="},
		} {
			for _, q := range []string{huge, long} {
				r := c.who.get(c.path + q)
				if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "搜索内容不能超过 100 个字") {
					t.Errorf("GET %s(%d bytes): status %d, want 422 with a message", c.path, len(q), r.StatusCode)
				}
			}
		}
		// 100 characters are still a search.
		sec.get("/members?q=" + url.QueryEscape(strings.Repeat("王", 100))).wantStatus(http.StatusOK)
	})
}

// A control character pasted into one field of a form loses nothing else:
// the form comes back with everything typed, that field without the
// invisible characters and a word beside it, and nothing is stored.
func TestControlCharacterKeepsTheForm(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	branch := e.demoOrg(demo.BranchName)
	sec := e.login("secretary")
	r := sec.postForm("/members", url.Values{
		"name": {"欧阳明"}, "gender": {"male"}, "ethnicity": {"汉族"}, "status": {"full"},
		"org_id": {fmt.Sprint(branch.ID)}, "workplace": {"市委\x00办公\u202e室"}, "post": {"科员"},
	}).wantStatus(http.StatusUnprocessableEntity)
	doc := r.doc()
	if got, _ := doc.Find(`input[name="name"]`).Attr("value"); got != "欧阳明" {
		t.Errorf("name came back as %q, want what was typed", got)
	}
	if got, _ := doc.Find(`input[name="post"]`).Attr("value"); got != "科员" {
		t.Errorf("post came back as %q, want what was typed", got)
	}
	if got, _ := doc.Find(`input[name="workplace"]`).Attr("value"); got != "市委办公室" {
		t.Errorf("workplace came back as %q, want it without the invisible characters", got)
	}
	if !strings.Contains(doc.Find(".field-error").Text(), "已经去掉") {
		t.Errorf("no word beside the field: %q", doc.Find(".field-error").Text())
	}
	if !strings.Contains(doc.Find(`[role="alert"]`).Text(), "其余内容都保留着") {
		t.Errorf("no notice at the top of the form: %q", doc.Find(`[role="alert"]`).Text())
	}
	if ms, _, _ := e.store.FindMembers(context.Background(), huoshui.MemberFilter{Scope: huoshui.Everything(), Query: "欧阳明"}); len(ms) != 0 {
		t.Errorf("a member was stored from a refused form")
	}
}
