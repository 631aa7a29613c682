package web_test

// The meetings' JSON API (api_meetings.go, compliance.go, matrix.go,
// meeting_checkin.go): the shapes and field names other systems read,
// decoded into maps so that a renamed key fails.

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
)

// keysOf lists an object's keys, sorted.
func keysOf(t *testing.T, v any) []string {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("%v is not a JSON object", v)
	}
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// hasKeys fails unless the object has each key.
func hasKeys(t *testing.T, what string, v any, keys ...string) {
	t.Helper()
	got := keysOf(t, v)
	for _, k := range keys {
		if !slices.Contains(got, k) {
			t.Errorf("%s lacks %q (has %q)", what, k, got)
		}
	}
}

// exactKeys fails unless the object has exactly these keys.
func exactKeys(t *testing.T, what string, v any, keys ...string) {
	t.Helper()
	want := slices.Clone(keys)
	slices.Sort(want)
	if got := keysOf(t, v); !slices.Equal(got, want) {
		t.Errorf("%s has keys %q, want %q", what, got, want)
	}
}

// apiList is the meetings a list request answers.
func apiList(t *testing.T, c *client, query string) []map[string]any {
	t.Helper()
	body := decodeJSON(t, c.get("/api/v1/meetings?"+query).wantStatus(http.StatusOK))
	raw, ok := body["meetings"].([]any)
	if !ok {
		t.Fatalf("?%s: no meetings array in %v", query, body)
	}
	out := make([]map[string]any, len(raw))
	for i, x := range raw {
		out[i] = x.(map[string]any)
	}
	return out
}

func titlesOf(ms []map[string]any) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m["title"].(string))
	}
	return out
}

// strs reads a JSON array of strings.
func strs(t *testing.T, v any) []string {
	t.Helper()
	a, ok := v.([]any)
	if !ok {
		t.Fatalf("%v (%T) is not a JSON array", v, v)
	}
	out := []string{}
	for _, x := range a {
		out = append(out, x.(string))
	}
	return out
}

func TestAPIMeetingsList(t *testing.T) {
	t.Parallel()
	eachMeetingEnv(t, shanghai(2026, 1, 5, 9, 0), func(t *testing.T, e *env, clock *meetingClock) {
		lifeYear(e, clock)
		branch := e.demoOrg(demo.BranchName)
		group := e.demoOrg(demo.FirstGroupName)
		second := e.demoOrg(demo.SecondBranch)
		e.heldMeeting(huoshui.Meeting{OrgID: second.ID, Type: huoshui.MeetingThemeDay, Title: "综合处一月主题党日",
			StartsAt: shanghai(2026, 1, 15, 14, 30)}, 3)
		sec := e.signedIn("secretary")

		ms := apiList(t, sec, fmt.Sprintf("org=%d&from=2026-01-01&to=2026-01-31&type=theme_day", branch.ID))
		if len(ms) != 1 {
			t.Fatalf("January's theme days of the secretariat: %q, want one", titlesOf(ms))
		}
		m := ms[0]
		hasKeys(t, "a meeting", m, "id", "type", "title", "starts_at", "org", "visits", "gains", "topics", "attendance", "late_entry")
		exactKeys(t, "a meeting's org", m["org"], "id", "name")
		exactKeys(t, "a meeting's attendance", m["attendance"], "present", "leave", "absent")
		if id, ok := m["id"].(float64); !ok || id <= 0 {
			t.Errorf("id %v, want a positive number", m["id"])
		}
		if m["type"] != "theme_day" || m["title"] != "一月主题党日——走进党性教育基地" {
			t.Errorf("type %v, title %v", m["type"], m["title"])
		}
		if m["starts_at"] != "2026-01-13T14:30:00+08:00" {
			t.Errorf("starts_at %v, want RFC 3339 in Shanghai time", m["starts_at"])
		}
		org := m["org"].(map[string]any)
		if org["id"] != float64(branch.ID) || org["name"] != demo.BranchName {
			t.Errorf("org %v, want %d %s", org, branch.ID, demo.BranchName)
		}
		if v, g, tp := strs(t, m["visits"]), strs(t, m["gains"]), strs(t, m["topics"]); !slices.Equal(v, []string{"education_base"}) ||
			!slices.Equal(g, []string{"theory"}) || !slices.Equal(tp, []string{"党性教育"}) {
			t.Errorf("visits %q, gains %q, topics %q", v, g, tp)
		}
		if a := m["attendance"].(map[string]any); a["present"] != 10.0 || a["leave"] != 0.0 || a["absent"] != 0.0 {
			t.Errorf("attendance %v, want 10 present", a)
		}
		if m["late_entry"] != true {
			t.Errorf("late_entry %v: the meeting was entered in May", m["late_entry"])
		}

		// A meeting of no theme day still has its lists, empty.
		ms = apiList(t, sec, fmt.Sprintf("org=%d&from=2026-01-08&to=2026-01-08", branch.ID))
		if len(ms) != 1 || ms[0]["title"] != "一月支委会" {
			t.Fatalf("meetings of 8 January: %q", titlesOf(ms))
		}
		for _, k := range []string{"visits", "gains", "topics"} {
			if a, ok := ms[0][k].([]any); !ok || len(a) != 0 {
				t.Errorf("%s of a committee meeting: %v, want []", k, ms[0][k])
			}
		}

		// The filters: dates in Shanghai with both ends included, a type
		// including what a meeting also counts as, an org with its subtree.
		for _, c := range []struct {
			query string
			want  []string
		}{
			{"from=2026-01-13&to=2026-01-13", []string{"一月主题党日——走进党性教育基地"}},
			{"from=2026-01-20&to=2026-01-22", []string{"一月党小组会", "一月支部党员大会暨党课"}},
			{"type=lecture", []string{"一月支部党员大会暨党课"}},
			{fmt.Sprintf("org=%d", group.ID), []string{"一月党小组会"}},
			{fmt.Sprintf("org=%d&from=2026-01-01&to=2026-01-31", branch.ID),
				[]string{"一月党小组会", "一月支部党员大会暨党课", "一月主题党日——走进党性教育基地", "一月支委会"}},
			{"from=2026-04-01&to=2026-04-30", nil}, // April's was called off
		} {
			got := titlesOf(apiList(t, sec, c.query))
			if !slices.Equal(got, c.want) {
				t.Errorf("?%s: %q, want %q (newest first)", c.query, got, c.want)
			}
		}
		all := titlesOf(apiList(t, sec, "from=2026-01-01&to=2026-12-31"))
		if slices.Contains(all, "综合处一月主题党日") || len(all) != 5 {
			t.Errorf("the secretary's year: %q, want the secretariat's 5 meetings held", all)
		}
		if r := sec.get(fmt.Sprintf("/api/v1/meetings?org=%d", second.ID)); r.StatusCode != http.StatusNotFound {
			t.Errorf("the secretary asking for %s's meetings: %d, want 404", demo.SecondBranch, r.StatusCode)
		}
		got := titlesOf(apiList(t, e.signedIn("organiser"), fmt.Sprintf("org=%d", second.ID)))
		if !slices.Equal(got, []string{"综合处一月主题党日"}) {
			t.Errorf("the organiser asking for %s: %q", demo.SecondBranch, got)
		}
		if got := titlesOf(apiList(t, e.signedIn("member"), "from=2026-01-13&to=2026-01-13")); len(got) != 1 {
			t.Errorf("a plain member's list: %q, want their branch's theme day", got)
		}

		// Bad filters are named, in Chinese.
		for _, c := range []struct{ query, field, want string }{
			{"type=party", "type", "请从列表里选择。"},
			{"from=2026-02-30", "from", "日期"},
			{"from=2026-03-01&to=2026-02-01", "to", ""},
			{"org=abc", "org", ""},
		} {
			r := sec.get("/api/v1/meetings?" + c.query)
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("?%s: %d, want 422", c.query, r.StatusCode)
				continue
			}
			fields, _ := decodeJSON(t, r)["fields"].(map[string]any)
			msg, _ := fields[c.field].(string)
			if msg == "" || !strings.Contains(msg, c.want) {
				t.Errorf("?%s: fields %v, want %s: %q", c.query, fields, c.field, c.want)
			}
		}
		if r := e.client().get("/api/v1/meetings"); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("a visitor: %d, want 401", r.StatusCode)
		}
	})
}

// meetingJSON is a create request of the API.
func meetingJSON(org int64, typ, title, starts, ends string) string {
	return fmt.Sprintf(`{"org_id": %d, "type": %q, "title": %q, "starts_at": %q, "ends_at": %q, "place": "机关三楼第二会议室"}`,
		org, typ, title, starts, ends)
}

func TestAPIMeetingCreate(t *testing.T) {
	t.Parallel()
	eachMeetingEnv(t, shanghai(2026, 3, 2, 9, 0), func(t *testing.T, e *env, clock *meetingClock) {
		branch := e.demoOrg(demo.BranchName)
		sec := e.signedIn("secretary")

		r := sec.postJSON("/api/v1/meetings", meetingJSON(branch.ID, "general_meeting", "三月支部党员大会",
			"2026-03-12T14:30:00+08:00", "2026-03-12T16:00:00+08:00")).wantStatus(http.StatusCreated)
		m := decodeJSON(t, r)
		hasKeys(t, "the created meeting", m, "id", "type", "title", "starts_at", "ends_at", "place", "org", "visits", "gains",
			"topics", "attendance", "late_entry")
		exactKeys(t, "its org", m["org"], "id", "name")
		exactKeys(t, "its attendance", m["attendance"], "present", "leave", "absent")
		id, ok := m["id"].(float64)
		if !ok || id <= 0 {
			t.Fatalf("the created meeting's id: %v", m["id"])
		}
		if m["starts_at"] != "2026-03-12T14:30:00+08:00" || m["ends_at"] != "2026-03-12T16:00:00+08:00" || m["late_entry"] != false ||
			m["place"] != "机关三楼第二会议室" || m["type"] != "general_meeting" {
			t.Errorf("the created meeting: %v", m)
		}
		stored := e.storedMeeting(int64(id))
		if !stored.StartsAt.Equal(time.Date(2026, 3, 12, 6, 30, 0, 0, time.UTC)) || stored.Tally.Invited != 14 {
			t.Errorf("stored: starts %v, %d invited; want 06:30 UTC and the branch's 14", stored.StartsAt, stored.Tally.Invited)
		}
		got := decodeJSON(t, sec.get(fmt.Sprintf("/api/v1/meetings/%d", int64(id))).wantStatus(http.StatusOK))
		if got["id"] != id || got["title"] != "三月支部党员大会" || got["starts_at"] != m["starts_at"] {
			t.Errorf("read back: %v", got)
		}

		// A time in UTC is the same instant; one entered after the
		// meeting ended is a late entry and keeps its date.
		m = decodeJSON(t, sec.postJSON("/api/v1/meetings", meetingJSON(branch.ID, "lecture", "二月党课",
			"2026-02-26T06:30:00Z", "2026-02-26T08:00:00Z")).wantStatus(http.StatusCreated))
		if m["starts_at"] != "2026-02-26T14:30:00+08:00" || m["late_entry"] != true {
			t.Errorf("a late entry in UTC: starts_at %v, late_entry %v", m["starts_at"], m["late_entry"])
		}
		before := e.meetingCount()

		outsider := e.demoMember("郭立新").ID
		for _, c := range []struct {
			name   string
			body   string
			fields map[string]string
		}{
			{"end before start", meetingJSON(branch.ID, "general_meeting", "倒着开的会", "2026-03-12T16:00:00+08:00", "2026-03-12T14:30:00+08:00"),
				map[string]string{"ends_at": "结束时间要晚于开始时间。"}},
			{"unknown type", meetingJSON(branch.ID, "party", "不知道什么会", "2026-03-12T14:30:00+08:00", "2026-03-12T16:00:00+08:00"),
				map[string]string{"type": "请从列表里选择。"}},
			{"both", meetingJSON(branch.ID, "party", "", "2026-03-12T16:00:00+08:00", "2026-03-12T14:30:00+08:00"),
				map[string]string{"type": "请从列表里选择。", "ends_at": "结束时间要晚于开始时间。", "title": "请填写这一项。"}},
			{"a time without its zone", meetingJSON(branch.ID, "lecture", "党课", "2026-03-12 14:30", "2026-03-12T16:00:00+08:00"),
				map[string]string{"starts_at": "RFC 3339"}},
			{"invitee outside the org", strings.Replace(meetingJSON(branch.ID, "lecture", "党课", "2026-03-12T14:30:00+08:00",
				"2026-03-12T16:00:00+08:00"), "{", fmt.Sprintf(`{"invitees": [%d],`, outsider), 1),
				map[string]string{"invitees": "参会人员只能是本组织在册的人员。"}},
			{"another branch", meetingJSON(e.demoOrg(demo.SecondBranch).ID, "lecture", "党课", "2026-03-12T14:30:00+08:00", "2026-03-12T16:00:00+08:00"),
				map[string]string{"org_id": "没有这个组织，或者您不能在这个组织安排会议。"}},
		} {
			r := sec.postJSON("/api/v1/meetings", c.body)
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("%s: %d, want 422\n%s", c.name, r.StatusCode, r.Body)
				continue
			}
			body := decodeJSON(t, r)
			if msg, _ := body["error"].(string); msg == "" {
				t.Errorf("%s: no error message in %v", c.name, body)
			}
			fields, _ := body["fields"].(map[string]any)
			for f, want := range c.fields {
				if msg, _ := fields[f].(string); !strings.Contains(msg, want) {
					t.Errorf("%s: fields.%s = %q, want %q (fields %v)", c.name, f, msg, want, fields)
				}
			}
			if n := e.meetingCount(); n != before {
				t.Fatalf("%s: %d meetings written", c.name, n-before)
			}
		}

		// A plain member plans nothing.
		r = e.signedIn("member").postJSON("/api/v1/meetings", meetingJSON(branch.ID, "lecture", "党课",
			"2026-03-12T14:30:00+08:00", "2026-03-12T16:00:00+08:00"))
		if r.StatusCode != http.StatusForbidden {
			t.Errorf("a plain member creating: %d, want 403", r.StatusCode)
		}
		if n := e.meetingCount(); n != before {
			t.Errorf("the member's request wrote %d meetings", n-before)
		}
	})
}

// complianceItem finds an item of the API's compliance answer.
func complianceItem(items []any, typ, period string) map[string]any {
	for _, x := range items {
		it := x.(map[string]any)
		if it["type"] == typ && it["period"] == period {
			return it
		}
	}
	return nil
}

func TestAPIComplianceAndMatrix(t *testing.T) {
	t.Parallel()
	eachMeetingEnv(t, shanghai(2026, 1, 5, 9, 0), func(t *testing.T, e *env, clock *meetingClock) {
		lifeYear(e, clock)
		branch := e.demoOrg(demo.BranchName)
		sec := e.signedIn("secretary")

		body := decodeJSON(t, sec.get(fmt.Sprintf("/api/v1/orgs/%d/compliance?year=2026", branch.ID)).wantStatus(http.StatusOK))
		hasKeys(t, "the compliance answer", body, "items")
		items, _ := body["items"].([]any)
		if len(items) != 35 {
			t.Fatalf("%d items, want 35 (4 general meetings, 12 committee meetings, 4 lectures, 12 theme days, 3 yearly)", len(items))
		}
		for _, it := range items {
			hasKeys(t, "an item", it, "type", "period", "required", "held", "status")
		}
		for _, c := range []struct {
			typ, period, status string
			held                float64
			daysLeft            any
		}{
			{"general_meeting", "2026-Q1", "done", 1, nil},
			{"lecture", "2026-Q1", "done", 1, nil},
			{"theme_day", "2026-01", "done", 1, nil},
			{"theme_day", "2026-02", "overdue", 0, nil},
			{"theme_day", "2026-04", "overdue", 0, nil},
			{"theme_day", "2026-05", "due", 0, 11.0},
			{"theme_day", "2026-06", "upcoming", 0, nil},
			{"committee_meeting", "2026-03", "overdue", 0, nil},
			{"talk", "2026", "due", 0, 225.0},
		} {
			it := complianceItem(items, c.typ, c.period)
			if it == nil {
				t.Errorf("no item %s %s", c.typ, c.period)
				continue
			}
			if it["status"] != c.status || it["held"] != c.held || it["required"] != 1.0 || it["days_left"] != c.daysLeft {
				t.Errorf("%s %s: %v, want %s with %v held, %v days left", c.typ, c.period, it, c.status, c.held, c.daysLeft)
			}
		}

		body = decodeJSON(t, sec.get(fmt.Sprintf("/api/v1/orgs/%d/matrix?year=2026", branch.ID)).wantStatus(http.StatusOK))
		hasKeys(t, "the matrix answer", body, "cells", "total")
		if body["total"] != 2.0 {
			t.Errorf("total %v, want the 2 theme days held (April's was called off)", body["total"])
		}
		cells, _ := body["cells"].([]any)
		if len(cells) != 16 {
			t.Fatalf("%d cells, want 4 visits × 4 gains", len(cells))
		}
		seen := map[string]float64{}
		for _, c := range cells {
			exactKeys(t, "a cell", c, "visit", "gain", "count")
			cm := c.(map[string]any)
			seen[cm["visit"].(string)+"×"+cm["gain"].(string)] = cm["count"].(float64)
		}
		for _, v := range huoshui.Visits {
			for _, g := range huoshui.Gains {
				want := 0.0
				if (v == huoshui.VisitEducationBase && g == huoshui.GainTheory) || (v == huoshui.VisitFrontLine && g == huoshui.GainWorkLevel) {
					want = 1
				}
				if got, ok := seen[string(v)+"×"+string(g)]; !ok || got != want {
					t.Errorf("cell %s × %s: %v (present %v), want %v", v, g, got, ok, want)
				}
			}
		}

		for _, path := range []string{"compliance", "matrix"} {
			r := sec.get(fmt.Sprintf("/api/v1/orgs/%d/%s?year=1900", branch.ID, path))
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("%s for 1900: %d, want 422", path, r.StatusCode)
			} else if fields, _ := decodeJSON(t, r)["fields"].(map[string]any); fields["year"] != "年份要在 1921 年到 2100 年之间。" {
				t.Errorf("%s for 1900: fields %v", path, fields)
			}
		}
		e.memberAccount("luojiaming", "罗家明", huoshui.RoleMember, e.demoOrg(demo.SecondBranch))
		nb := e.signedIn("luojiaming")
		for _, path := range []string{"compliance", "matrix"} {
			if r := nb.get(fmt.Sprintf("/api/v1/orgs/%d/%s?year=2026", branch.ID, path)); r.StatusCode != http.StatusNotFound {
				t.Errorf("a member of %s: %s: %d, want 404", demo.SecondBranch, path, r.StatusCode)
			}
		}
	})
}

func TestAPICheckinCode(t *testing.T) {
	t.Parallel()
	eachMeetingEnv(t, shanghai(2026, 3, 5, 14, 20).Add(5*time.Second), func(t *testing.T, e *env, clock *meetingClock) {
		branch := e.demoOrg(demo.BranchName)
		m := e.plannedMeeting(branch, huoshui.MeetingGeneral, "三月支部党员大会", shanghai(2026, 3, 5, 14, 30), 90*time.Minute)
		sec := e.signedIn("secretary")
		codePath := fmt.Sprintf("/api/v1/meetings/%d/checkin-code", m.ID)

		r := sec.postJSON(codePath, "{}").wantStatus(http.StatusOK)
		if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("the code is cacheable: %q", cc)
		}
		body := decodeJSON(t, r)
		exactKeys(t, "the check-in code", body, "url", "expires_at")
		if body["expires_at"] != "2026-03-05T06:20:30Z" {
			t.Errorf("expires_at %v, want the end of the 30-second step, 14:20:30 in Shanghai", body["expires_at"])
		}
		raw, _ := body["url"].(string)
		u, err := url.Parse(raw)
		if err != nil || !strings.HasPrefix(raw, e.srv.URL+fmt.Sprintf("/checkin/%d?c=", m.ID)) || u.Query().Get("c") == "" {
			t.Fatalf("url %q, want this server's /checkin/%d with a code", raw, m.ID)
		}

		// Visiting it as a signed-in invitee records presence.
		res := e.signedIn("member").get(u.RequestURI()).wantStatus(http.StatusOK)
		if got := checkinOutcome(res.doc()); got != "签到成功，签到时间 14:20。" {
			t.Errorf("visiting the url: %q", got)
		}
		if inv := e.storedInvitees(m.ID)[e.demoMember("杨雪梅").ID]; inv.Attendance != huoshui.AttendancePresent {
			t.Errorf("after visiting the url 杨雪梅 is %q", inv.Attendance)
		}

		// Only the meeting's officers get a code.
		if r := e.signedIn("member").postJSON(codePath, "{}"); r.StatusCode != http.StatusForbidden {
			t.Errorf("a plain member asking for the code: %d, want 403", r.StatusCode)
		}
		e.memberAccount("guolixin", "郭立新", huoshui.RoleSecretary, e.demoOrg(demo.SecondBranch))
		if r := e.signedIn("guolixin").postJSON(codePath, "{}"); r.StatusCode != http.StatusNotFound {
			t.Errorf("the secretary of %s asking for the code: %d, want 404", demo.SecondBranch, r.StatusCode)
		}
		if r := e.client().postJSON(codePath, "{}"); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("a visitor asking for the code: %d, want 401", r.StatusCode)
		}

		// After the meeting there is no code, and the answer says why.
		clock.set(shanghai(2026, 3, 5, 16, 5))
		r = e.signedIn("secretary").postJSON(codePath, "{}")
		if r.StatusCode != http.StatusConflict {
			t.Fatalf("the code after the meeting: %d, want 409", r.StatusCode)
		}
		if msg, _ := decodeJSON(t, r)["error"].(string); !strings.HasPrefix(msg, "会议已经结束，签到已关闭。") {
			t.Errorf("the code after the meeting: %q", msg)
		}
	})
}
