package web_test

// Study materials through their pages (materials.go, materials_edit.go):
// the secretary adds one with the form (refused input comes back in
// Chinese), its text is rendered without any HTML a user typed, it is
// found by full-text search and through the API, assigned to the branch;
// a member sees it assigned and their reading beats are counted with
// caps; the branch beside sees nothing; archive asks first and restores.

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
)

var materialLocationRE = regexp.MustCompile(`^/materials/(\d+)$`)

func TestMaterialPages(t *testing.T) {
	t.Parallel()
	eachMeetingEnv(t, shanghai(2026, 3, 5, 9, 0), func(t *testing.T, e *env, clock *meetingClock) {
		branch := e.demoOrg(demo.BranchName)
		general := e.demoOrg(demo.SecondBranch)
		e.memberAccount("guolixin", "郭立新", huoshui.RoleSecretary, general)
		sec := e.signedIn("secretary")

		sec.get("/materials/new").wantStatus(http.StatusOK)
		// Refused: nothing typed, a bad date; the messages are Chinese and
		// what was typed stays.
		r := sec.postForm("/materials", url.Values{"org_id": {strconv.FormatInt(branch.ID, 10)}, "source": {"求是"},
			"published_on": {"2026-13-45"}})
		r.wantStatus(http.StatusUnprocessableEntity)
		for _, want := range []string{"请填写这一项", "日期格式应为", `value="求是"`} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("refused form lacks %q", want)
			}
		}
		body := "## 学习要点\n\n加强党建工作，<script>alert(1)</script>推进全面从严治党。\n\n- 学习党章\n- 学习党规\n\n" +
			"详见[人民网](http://www.people.com.cn/)和[坏链接](javascript:alert(1))。"
		r = sec.postForm("/materials", url.Values{"org_id": {strconv.FormatInt(branch.ID, 10)}, "title": {"党建工作学习要点"},
			"body": {body}, "tags": {"党性教育、廉政建设"}, "published_on": {"2026-03-01"}})
		r.wantStatus(http.StatusSeeOther)
		g := materialLocationRE.FindStringSubmatch(r.Header.Get("Location"))
		if g == nil {
			t.Fatalf("after saving: redirect to %q", r.Header.Get("Location"))
		}
		id := g[1]
		path := "/materials/" + id

		page := sec.get(path).wantStatus(http.StatusOK)
		doc := page.doc()
		if doc.Find(".material-body h2").Text() != "学习要点" || doc.Find(".material-body li").Length() != 2 {
			t.Errorf("body not rendered: %s", page.Body)
		}
		if strings.Contains(page.Body, "<script>alert") || doc.Find(`a[href^="javascript"]`).Length() != 0 {
			t.Errorf("user HTML or a javascript link reached the page")
		}
		if doc.Find(`.material-body a[href="http://www.people.com.cn/"]`).Length() != 1 {
			t.Errorf("the link is missing")
		}

		// Search: the page marks the match; punctuation finds nothing.
		list := sec.get("/materials?q=" + url.QueryEscape("党建")).wantStatus(http.StatusOK)
		if !strings.Contains(list.Body, "<mark>党建</mark>") || !strings.Contains(list.Body, "党建工作学习要点") {
			t.Errorf("search 党建 does not find and mark the material")
		}
		if r := sec.get("/materials?q=" + url.QueryEscape("，。！")).wantStatus(http.StatusOK); strings.Contains(r.Body, "党建工作学习要点") {
			t.Errorf("punctuation finds the material")
		}
		var api struct {
			Materials []struct {
				ID      int64  `json:"id"`
				Title   string `json:"title"`
				Snippet string `json:"snippet"`
			} `json:"materials"`
			Total int `json:"total"`
		}
		r = sec.get("/api/v1/materials?q=" + url.QueryEscape("从严治党")).wantStatus(http.StatusOK)
		if err := json.Unmarshal([]byte(r.Body), &api); err != nil || api.Total != 1 || len(api.Materials) != 1 ||
			!strings.Contains(api.Materials[0].Snippet, "<mark>从严治党</mark>") || strings.Contains(api.Materials[0].Snippet, "<script>") {
			t.Errorf("API search: %s (%v)", r.Body, err)
		}

		// Assign to the branch: a due date is needed.
		r = sec.postForm(path+"/assign", url.Values{"org_id": {strconv.FormatInt(branch.ID, 10)}})
		r.wantStatus(http.StatusUnprocessableEntity)
		if !strings.Contains(r.Body, "请填写这一项") {
			t.Errorf("assignment without a date: no Chinese message")
		}
		sec.postForm(path+"/assign", url.Values{"org_id": {strconv.FormatInt(branch.ID, 10)}, "due": {"2026-03-31"}}).
			wantStatus(http.StatusSeeOther)

		// A member of the branch has it assigned and reads it.
		mem := e.signedIn("member")
		home := mem.get("/materials").wantStatus(http.StatusOK)
		if !strings.Contains(home.doc().Find("#assigned-h").Parent().Text(), "党建工作学习要点") {
			t.Errorf("the member does not see the material assigned")
		}
		mem.get(path + "/edit").wantStatus(http.StatusForbidden)
		// Where the material went and by when is for its keepers.
		if mem.get(path).wantStatus(http.StatusOK).doc().Find("#assign-h").Length() != 0 {
			t.Error("a plain member sees the material's assignments")
		}
		if sec.get(path).wantStatus(http.StatusOK).doc().Find("#assign-h").Length() == 0 {
			t.Error("the secretary does not see the material's assignments")
		}
		beat := func(after time.Duration, start bool) int {
			t.Helper()
			clock.set(clock.now().Add(after))
			v := url.Values{}
			if start {
				v.Set("start", "1")
			}
			r := mem.postForm(path+"/beat", v).wantStatus(http.StatusOK)
			var got struct{ Seconds int }
			if err := json.Unmarshal([]byte(r.Body), &got); err != nil {
				t.Fatal(err)
			}
			return got.Seconds
		}
		for i, st := range []struct {
			after time.Duration
			start bool
			want  int
		}{
			{0, true, 0},
			{30 * time.Second, false, 30},
			{10 * time.Minute, false, 90}, // a beat adds at most a minute
			{5 * time.Minute, true, 90},   // back from a pause: not counted
			{30 * time.Second, false, 120},
		} {
			if got := beat(st.after, st.start); got != st.want {
				t.Errorf("beat %d: %d s, want %d", i, got, st.want)
			}
		}
		// Many beats stop at the material's cap (five minutes for a short text).
		got := 0
		for range 12 {
			got = beat(time.Minute, false)
		}
		if got != 300 {
			t.Errorf("after many beats: %d s, want the cap, 300", got)
		}

		// The branch beside sees nothing.
		nb := e.signedIn("guolixin")
		for _, p := range []string{path, path + "/edit", path + "/archive"} {
			if r := nb.get(p); r.StatusCode != http.StatusNotFound {
				t.Errorf("the secretary of %s: GET %s: %d, want 404", demo.SecondBranch, p, r.StatusCode)
			}
		}
		for _, p := range []string{path, path + "/beat", path + "/assign", path + "/archive"} {
			if r := nb.postForm(p, url.Values{"title": {"改"}}); r.StatusCode != http.StatusNotFound {
				t.Errorf("the secretary of %s: POST %s: %d, want 404", demo.SecondBranch, p, r.StatusCode)
			}
		}
		if r := nb.get("/materials?q=" + url.QueryEscape("党建")); strings.Contains(r.Body, "党建工作学习要点") {
			t.Errorf("the branch beside finds the material")
		}
		if r := nb.get("/api/v1/materials?q=" + url.QueryEscape("党")); strings.Contains(r.Body, "党建工作学习要点") {
			t.Errorf("the branch beside finds the material through the API")
		}

		// Archive asks first; restore undoes it.
		sec = e.signedIn("secretary")
		sec.get(path + "/archive").wantStatus(http.StatusOK)
		sec.postForm(path+"/archive", nil).wantStatus(http.StatusSeeOther)
		if r := sec.get("/materials"); strings.Contains(r.doc().Find("table").Text(), "党建工作学习要点") {
			t.Errorf("an archived material is listed")
		}
		sec.postForm(path+"/restore", nil).wantStatus(http.StatusSeeOther)
		if r := sec.get("/materials"); !strings.Contains(r.doc().Find("table").Text(), "党建工作学习要点") {
			t.Errorf("a restored material is not listed")
		}
	})
}

// A search of any length answers: the materials' search reads its first
// 100 characters, finds what they find, and says that the rest was not
// used. Lists searched with LIKE still refuse (TestLongSearchRefused).
func TestMaterialSearchAnyLength(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		branch := e.demoOrg(demo.BranchName)
		if err := e.store.CreateMaterial(t.Context(), huoshui.Actor{Username: "test"},
			&huoshui.Material{OrgID: branch.ID, Title: "档案数字化工作方案", Body: "推进档案数字化。"}); err != nil {
			t.Fatal(err)
		}
		c := e.login("member")
		long := "档案数字化" + strings.Repeat("，", 95) + strings.Repeat("无关的字", 12<<10)
		page := c.get("/materials?q=" + url.QueryEscape(long)).wantStatus(http.StatusOK)
		doc := page.doc()
		if !strings.Contains(doc.Find("table").Text(), "档案数字化工作方案") {
			t.Errorf("a long search whose start names the material does not find it")
		}
		if got := doc.Find("#q-cut").Text(); !strings.Contains(got, "前 100 个字") {
			t.Errorf("the page does not say the search was cut: %q", got)
		}
		if v, _ := doc.Find("#q").Attr("value"); len([]rune(v)) != 100 {
			t.Errorf("the search box holds %d characters, want the 100 searched for", len([]rune(v)))
		}
		var out struct{ Total int }
		if err := json.Unmarshal([]byte(c.get("/api/v1/materials?q="+url.QueryEscape(long)).wantStatus(http.StatusOK).Body), &out); err != nil || out.Total != 1 {
			t.Errorf("API: total %d (%v), want 1", out.Total, err)
		}
		// A short search says nothing of cutting.
		if c.get("/materials?q="+url.QueryEscape("档案")).doc().Find("#q-cut").Length() != 0 {
			t.Errorf("a short search is said to be cut")
		}
	})
}
