package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
)

// decodeJSON reads a JSON response body into a generic value.
func decodeJSON(t *testing.T, r *response) map[string]any {
	t.Helper()
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("%s: content type %q, want JSON", r.Request.URL.Path, ct)
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(r.Body), &v); err != nil {
		t.Fatalf("%s: body is not a JSON object: %v\n%s", r.Request.URL.Path, err, r.Body)
	}
	return v
}

// apiMemberBody is a valid create request for a new member in branch.
func apiMemberBody(branch int64, changes map[string]any) string {
	birth := huoshui.NewDate(1990, 5, 6)
	v := map[string]any{
		"name": "欧阳明", "gender": "male", "ethnicity": "汉族", "birth_date": birth.String(), "education": "master",
		"id_number": demo.IDNumber("320102", birth, 77, huoshui.Male), "phone": "13812345678",
		"workplace": "省政协办公厅", "post": "研究室主任科员", "status": "full", "applied_on": "2010-03-01",
		"activist_on": "", "candidate_on": "", "probation_on": "2012-06-01", "full_on": "2013-06-01",
		"org_id": branch, "group_id": 0, "committee_post": "",
	}
	for k, x := range changes {
		if x == nil {
			delete(v, k)
		} else {
			v[k] = x
		}
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func TestAPIMembersList(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		cases := []struct {
			user, query string
			total       int
		}{
			{"secretary", "", 14},
			{"organiser", "", 20},
			{"member", "", 1},
			{"organiser", "?status=full", 17},
			{"organiser", "?org=" + strconv.FormatInt(e.demoOrg(demo.SecondBranch).ID, 10), 6},
			{"secretary", "?org=" + strconv.FormatInt(e.demoOrg(demo.SecondBranch).ID, 10), 0},
			{"organiser", "?q=" + url.QueryEscape("郭立"), 1},
		}
		// No member records anywhere, not even one's own: 403, as the list page.
		e.login("sysadmin").get("/api/v1/members").wantStatus(http.StatusForbidden)
		for _, tc := range cases {
			v := decodeJSON(t, e.login(tc.user).get("/api/v1/members"+tc.query).wantStatus(http.StatusOK))
			if len(v) != 2 {
				t.Errorf("%s%s: keys %v, want exactly members and total", tc.user, tc.query, v)
			}
			total, _ := v["total"].(float64)
			members, ok := v["members"].([]any)
			if !ok || int(total) != tc.total || len(members) != tc.total {
				t.Errorf("%s%s: total %v with %d members, want %d", tc.user, tc.query, v["total"], len(members), tc.total)
			}
		}
		// The shape of one member.
		v := decodeJSON(t, e.login("secretary").get("/api/v1/members?q="+url.QueryEscape("朱晓琳")).wantStatus(http.StatusOK))
		m := v["members"].([]any)[0].(map[string]any)
		want := e.demoMember("朱晓琳")
		org, _ := m["org"].(map[string]any)
		if m["id"] != float64(want.ID) || m["name"] != "朱晓琳" || m["status"] != "probationary" ||
			org["id"] != float64(want.OrgID) || org["name"] != demo.BranchName {
			t.Errorf("member object %v", m)
		}
		// Paging: 50 a page.
		v = decodeJSON(t, e.login("organiser").get("/api/v1/members?page=2").wantStatus(http.StatusOK))
		if ms := v["members"].([]any); len(ms) != 0 || v["total"] != float64(20) {
			t.Errorf("page 2 of 20: %d members, total %v", len(ms), v["total"])
		}
	})
}

func TestAPIMemberGet(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		own, other := e.demoMember("王志强"), e.demoMember("何静怡")
		c := e.login("secretary")
		v := decodeJSON(t, c.get("/api/v1"+memberURL(own, "")).wantStatus(http.StatusOK))
		if v["name"] != "王志强" || v["id_number"] != own.IDNumber || v["full_on"] != own.FullOn.String() {
			t.Errorf("member: %v", v)
		}
		r := c.get("/api/v1" + memberURL(other, "")).wantStatus(http.StatusNotFound)
		if v := decodeJSON(t, r); v["error"] == nil || strings.Contains(r.Body, "何静怡") {
			t.Errorf("404 body %s", r.Body)
		}
		// A plain member gets their own record, masked.
		self := e.demoMember("杨雪梅")
		v = decodeJSON(t, e.login("member").get("/api/v1"+memberURL(self, "")).wantStatus(http.StatusOK))
		if v["id_number"] != huoshui.MaskIDNumber(self.IDNumber) {
			t.Errorf("member's own id_number %v, want it masked", v["id_number"])
		}
		e.login("member").get("/api/v1" + memberURL(own, "")).wantStatus(http.StatusNotFound)
	})
}

func TestAPIMemberCreate(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		branch := e.demoOrg(demo.BranchName)
		c := e.login("secretary")
		r := c.postJSON("/api/v1/members", apiMemberBody(branch.ID, map[string]any{"group_id": e.demoOrg(demo.SecondGroup).ID})).
			wantStatus(http.StatusCreated)
		v := decodeJSON(t, r)
		org, _ := v["org"].(map[string]any)
		if v["name"] != "欧阳明" || v["status"] != "full" || org["name"] != demo.BranchName || v["birth_date"] != "1990-05-06" {
			t.Errorf("created: %v", v)
		}
		id, _ := v["id"].(float64)
		if id == 0 {
			t.Fatalf("created member has no id: %v", v)
		}
		got := e.demoMember("欧阳明")
		if int64(id) != got.ID || got.GroupName != demo.SecondGroup || got.Education != "master" {
			t.Errorf("stored: %+v", got)
		}
		if !listedHas(membersListed(c.get("/members").doc()), "欧阳明") {
			t.Errorf("the member created through the API is not on the list")
		}
	})
}

func TestAPIMemberCreateRefused(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		branch := e.demoOrg(demo.BranchName)
		c := e.login("secretary")
		cases := []struct {
			name   string
			body   string
			field  string // "" when the error is about the whole body
			msg    string
			status int
		}{
			{"missing name", apiMemberBody(branch.ID, map[string]any{"name": ""}), "name", "请填写这一项。", 422},
			{"bad ID number", apiMemberBody(branch.ID, map[string]any{"id_number": "32010219900506123"}), "id_number", "身份证号应为 18 位。", 422},
			{"bad date", apiMemberBody(branch.ID, map[string]any{"birth_date": "1990-5-6"}), "birth_date", "日期格式应为 2026-11-24。", 422},
			{"another branch", apiMemberBody(e.demoOrg(demo.SecondBranch).ID, nil), "org_id", "请选择一个党支部。", 422},
			{"no such branch", apiMemberBody(987654, nil), "org_id", "请选择一个党支部。", 422},
			{"wrong type", apiMemberBody(branch.ID, map[string]any{"org_id": "秘书处"}), "org_id", "这一项应为数字。", 422},
			{"number for text", apiMemberBody(branch.ID, map[string]any{"name": 12}), "name", "这一项应为文字（带引号的字符串）。", 422},
			{"unknown field", apiMemberBody(branch.ID, map[string]any{"nmae": "x"}), "nmae", "没有这个字段，请检查拼写。", 422},
			{"malformed", `{"name": "欧阳明",`, "", "不是一个有效的 JSON", 422},
			{"two objects", `{} {}`, "", "不是一个有效的 JSON", 422},
			{"empty", ``, "", "不是一个有效的 JSON", 422},
			{"array", `[1, 2]`, "", "不是一个有效的 JSON", 422},
			{"too large", `{"name": "` + strings.Repeat("长", 1<<19) + `"}`, "", "太大", 413},
		}
		for _, tc := range cases {
			r := c.postJSON("/api/v1/members", tc.body)
			if r.StatusCode != tc.status {
				t.Errorf("%s: status %d, want %d\n%.300s", tc.name, r.StatusCode, tc.status, r.Body)
				continue
			}
			v := decodeJSON(t, r)
			msg, _ := v["error"].(string)
			if msg == "" {
				t.Errorf("%s: no error message: %s", tc.name, r.Body)
			}
			if tc.field == "" {
				if !strings.Contains(msg, tc.msg) {
					t.Errorf("%s: error %q, want it to contain %q", tc.name, msg, tc.msg)
				}
				continue
			}
			fields, _ := v["fields"].(map[string]any)
			if fields[tc.field] != tc.msg {
				t.Errorf("%s: fields %v, want %s: %q", tc.name, fields, tc.field, tc.msg)
			}
		}
		if ms, _, _ := e.store.FindMembers(t.Context(), huoshui.MemberFilter{Scope: huoshui.Scope{All: true}, Query: "欧阳明"}); len(ms) != 0 {
			t.Errorf("a refused member was stored")
		}

		// In English for an account that reads English.
		c.postForm("/lang", url.Values{"lang": {"en"}, "next": {"/"}}).wantStatus(http.StatusSeeOther)
		v := decodeJSON(t, c.postJSON("/api/v1/members", apiMemberBody(branch.ID, map[string]any{"name": "", "phone": "12345"})).
			wantStatus(http.StatusUnprocessableEntity))
		fields, _ := v["fields"].(map[string]any)
		if fields["name"] != "Please fill this in." || !strings.Contains(fields["phone"].(string), "mobile number") {
			t.Errorf("English field messages: %v", v)
		}

		// A plain member may not create anyone, even in their own branch.
		e.login("member").postJSON("/api/v1/members", apiMemberBody(branch.ID, nil)).wantStatus(http.StatusForbidden)
	})
}

func TestAPIMembersSignedOutAndCrossOrigin(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	branch := e.demoOrg(demo.BranchName)
	visitor := e.client()
	for _, r := range []*response{
		visitor.get("/api/v1/members"),
		visitor.get("/api/v1/members/1"),
		visitor.postJSON("/api/v1/members", apiMemberBody(branch.ID, nil)),
	} {
		r.wantStatus(http.StatusUnauthorized)
		if v := decodeJSON(t, r); v["error"] != "请先登录。" {
			t.Errorf("%s %s: %v", r.Request.Method, r.Request.URL.Path, v)
		}
	}

	c := e.login("secretary")
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/api/v1/members", strings.NewReader(apiMemberBody(branch.ID, nil)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", "http://evil.example")
	r := c.do(req).wantStatus(http.StatusForbidden)
	if v := decodeJSON(t, r); v["error"] == nil {
		t.Errorf("cross-origin refusal without a message: %s", r.Body)
	}
	if ms, _, _ := e.store.FindMembers(t.Context(), huoshui.MemberFilter{Scope: huoshui.Scope{All: true}, Query: "欧阳明"}); len(ms) != 0 {
		t.Errorf("a cross-origin request created a member")
	}
}
