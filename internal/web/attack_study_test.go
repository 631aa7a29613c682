package web_test

// Attacks on the study modules (materials, the page import, the question
// bank and self-tests, study hours and trainings): what a curious member
// or a hostile officer of a branch might try, and the safe behaviour a
// user would notice.

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/xuri/excelize/v2"
)

// attackActor is the demo secretary as the store's actor.
func attackActor(e *env) huoshui.Actor {
	u := e.findAccount("secretary")
	return huoshui.Actor{UserID: u.ID, Username: u.Username}
}

// An officer approving their own training hours is approving themself:
// the secretary entered a training and confirmed it with the button meant
// for the branch's members' entries. A plain member may not decide their
// own entry either, nor withdraw someone else's; nothing changes.
func TestAttackStudyTrainingSelfApproval(t *testing.T) {
	e := sqliteEnv(t)
	ctx := context.Background()
	today := huoshui.DateOf(e.store.Now().In(huoshui.Shanghai))
	held := today.AddDate(0, 0, -1).String()
	entry := url.Values{"title": {"自学党章"}, "held_on": {held}, "hours": {"40"}, "evidence": {"无"}}

	sec := e.login("secretary")
	sec.postForm("/study/trainings", entry).wantStatus(http.StatusSeeOther)
	mem := e.login("member")
	entry.Set("title", "党校轮训")
	mem.postForm("/study/trainings", entry).wantStatus(http.StatusSeeOther)

	secMember := e.findAccount("secretary").MemberID
	memMember := e.findAccount("member").MemberID
	find := func(memberID int64) *huoshui.Training {
		t.Helper()
		t2, err := e.store.FindTrainings(ctx, trainingFilterOf(memberID))
		if err != nil || len(t2) != 1 {
			t.Fatalf("trainings of member %d: %v, %d", memberID, err, len(t2))
		}
		return &t2[0]
	}
	own, other := find(secMember), find(memMember)
	idPath := func(tr *huoshui.Training, tail string) string {
		return fmt.Sprintf("/study/trainings/%d/%s", tr.ID, tail)
	}

	// The secretary confirms their own forty hours: refused.
	if r := sec.postForm(idPath(own, "decide"), url.Values{"decision": {"confirm"}, "hours": {"40"}}); r.StatusCode != http.StatusForbidden {
		t.Errorf("secretary confirms their own training: %d, want 403", r.StatusCode)
	}
	// The branch's page offers the secretary no buttons for it.
	page := sec.get(fmt.Sprintf("/orgs/%d/study", e.demoOrg(demo.BranchName).ID)).wantStatus(http.StatusOK).doc()
	if page.Find(fmt.Sprintf(`form[action="/study/trainings/%d/decide"]`, own.ID)).Length() != 0 {
		t.Error("the branch's page offers the secretary to decide their own entry")
	}
	if page.Find(fmt.Sprintf(`form[action="/study/trainings/%d/decide"]`, other.ID)).Length() != 2 {
		t.Error("the branch's page does not offer to decide the member's entry")
	}
	// A member decides their own entry, and withdraws someone else's.
	if r := mem.postForm(idPath(other, "decide"), url.Values{"decision": {"confirm"}}); r.StatusCode != http.StatusForbidden && r.StatusCode != http.StatusNotFound {
		t.Errorf("member confirms their own training: %d, want 403 or 404", r.StatusCode)
	}
	if r := mem.postForm(idPath(own, "withdraw"), nil); r.StatusCode != http.StatusForbidden && r.StatusCode != http.StatusNotFound {
		t.Errorf("member withdraws the secretary's training: %d, want 403 or 404", r.StatusCode)
	}
	if got := find(secMember); got.Status != huoshui.TrainingPending {
		t.Errorf("the secretary's own entry is %s, want pending", got.Status)
	}
	if got := find(memMember); got.Status != huoshui.TrainingPending {
		t.Errorf("the member's entry is %s, want pending", got.Status)
	}
	// The secretary still decides the member's entry; hours that are not
	// a number of half hours (NaN, Inf, 1e308) are refused first.
	for _, h := range []string{"NaN", "Inf", "-0.5", "1e308", "0x10"} {
		r := sec.postForm(idPath(other, "decide"), url.Values{"decision": {"confirm"}, "hours": {h}})
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("confirm with %s hours: %d, want 422", h, r.StatusCode)
		}
	}
	sec.postForm(idPath(other, "decide"), url.Values{"decision": {"confirm"}, "hours": {"4"}}).wantStatus(http.StatusSeeOther)
	if got := find(memMember); got.Status != huoshui.TrainingConfirmed || got.Hours != 4 {
		t.Errorf("the member's entry after confirming: %s, %v hours", got.Status, got.Hours)
	}
}

// A self-test is its taker's alone: an officer of the same branch who
// guesses its id neither reads nor hands it in. A finished test cannot be
// handed in again for a better score; answers for questions outside the
// test, repeated answers and absurd counts change nothing.
func TestAttackStudySelfTest(t *testing.T) {
	e := sqliteEnv(t)
	ctx := context.Background()
	branch := e.demoOrg(demo.BranchName)
	for i := range 3 {
		q := &huoshui.Question{OrgID: branch.ID, Kind: huoshui.QuestionSingle, Stem: fmt.Sprintf("第%d题", i+1),
			Options: []string{"甲", "乙", "丙"}, Answer: "B"}
		if err := e.store.CreateQuestion(ctx, attackActor(e), q); err != nil {
			t.Fatal(err)
		}
	}
	mem := e.login("member")
	for _, n := range []string{"100000", "-1", "0", "1e3", "９９９９９"} {
		if r := mem.postForm("/selftest", url.Values{"count": {n}}); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("draw %s questions: %d, want 422", n, r.StatusCode)
		}
	}
	// Tens of thousands of tags (a form under 1 MB) is a clear answer,
	// not a database error.
	many := url.Values{"count": {"3"}}
	for i := range 40000 {
		many.Add("tags", strconv.Itoa(i))
	}
	if r := mem.postForm("/selftest", many); r.StatusCode >= 500 {
		t.Errorf("draw with 40000 tags: %d", r.StatusCode)
	}
	r := mem.postForm("/selftest", url.Values{"count": {"3"}}).wantStatus(http.StatusSeeOther)
	path := r.Header.Get("Location")
	id, err := strconv.ParseInt(strings.TrimPrefix(path, "/selftest/"), 10, 64)
	if err != nil {
		t.Fatalf("after drawing: redirect to %q", path)
	}

	// The secretary of the same branch guesses the id.
	sec := e.login("secretary")
	sec.get(path).wantStatus(http.StatusNotFound)
	sec.postForm(path, url.Values{"a1": {"A"}, "a2": {"A"}, "a3": {"A"}}).wantStatus(http.StatusNotFound)
	// Someone with no member record (the organiser) too.
	org := e.login("organiser")
	org.get(path).wantStatus(http.StatusNotFound)
	org.postForm(path, url.Values{"a1": {"A"}}).wantStatus(http.StatusNotFound)

	// The member answers every letter to every question, and answers
	// questions beyond the test: none of it is right.
	mem.postForm(path, url.Values{"a1": {"A", "B", "C"}, "a2": {"ABC"}, "a3": {"B", "B"}, "a4": {"B"}, "a99": {"B"}}).
		wantStatus(http.StatusSeeOther)
	memberID := e.findAccount("member").MemberID
	st, err := e.store.FindSelfTest(ctx, memberID, id)
	if err != nil {
		t.Fatal(err)
	}
	// "B","B" folds to "B", which is the right answer: one right.
	if st.Correct != 1 || len(st.Answers) != 3 {
		t.Errorf("graded %d right of answers %q, want 1 of 3", st.Correct, st.Answers)
	}
	// Handed in again with the right answers: the first result stands.
	mem.postForm(path, url.Values{"a1": {"B"}, "a2": {"B"}, "a3": {"B"}})
	if again, _ := e.store.FindSelfTest(ctx, memberID, id); again == nil || again.Correct != 1 {
		t.Errorf("a finished test was graded again: %+v", again)
	}
}

// trainingFilterOf lists a member's trainings.
func trainingFilterOf(memberID int64) store.TrainingFilter {
	return store.TrainingFilter{Scope: huoshui.Scope{All: true}, MemberID: memberID, Limit: 10}
}

// Markup a user typed never reaches another user's page as HTML: a
// material's title and body, a question's stem and options, a training's
// title shown to the branch's officer. Links of the material markup go
// to http, https, mailto or this site only.
func TestAttackStudyStoredScript(t *testing.T) {
	e := sqliteEnv(t)
	ctx := context.Background()
	branch := e.demoOrg(demo.BranchName)
	sec := e.login("secretary")
	links := []string{
		"javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=",
		"vbscript:msgbox(1)", "//evil.example/x", "/\\evil.example", "http:evil.example", "https:/\\evil.example",
		"http://a\"onmouseover=\"alert(1)", "/%2F%2Fevil.example", " javascript:alert(1)", "&#106;avascript:alert(1)",
	}
	var body strings.Builder
	body.WriteString("<script>alert('body')</script><img src=x onerror=alert(1)>\n\n")
	for i, l := range links {
		fmt.Fprintf(&body, "- [链接%d](%s)\n", i, l)
	}
	body.WriteString("\n## <svg onload=alert(1)>\n\n[ok](https://www.people.com.cn/)")
	r := sec.postForm("/materials", url.Values{"org_id": {strconv.FormatInt(branch.ID, 10)},
		"title": {`<script>alert("title")</script>`}, "body": {body.String()}, "published_on": {"2026-03-01"}})
	r.wantStatus(http.StatusSeeOther)
	page := e.login("member").get(r.Header.Get("Location")).wantStatus(http.StatusOK)
	doc := page.doc()
	if n := doc.Find("script:not([src])").FilterFunction(func(_ int, s *goquery.Selection) bool {
		return strings.Contains(s.Text(), "alert")
	}).Length(); n > 0 {
		t.Errorf("%d typed scripts on the page", n)
	}
	for _, tag := range []string{"img[onerror]", "svg", "[onmouseover]", "[onload]"} {
		if doc.Find(tag).Length() > 0 {
			t.Errorf("typed markup %s reached the page", tag)
		}
	}
	// Every link left is http(s) to a host, or a path of this site.
	doc.Find(".material-body a").Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		u, err := url.Parse(href)
		switch {
		case err != nil:
			t.Errorf("a link of the body goes to %q", href)
		case u.Scheme == "http" || u.Scheme == "https":
			if u.Host == "" {
				t.Errorf("a link of the body goes to %q", href)
			}
		case u.Scheme == "" && strings.HasPrefix(href, "/") && !strings.HasPrefix(href, "//") && !strings.Contains(href, `\`):
		default:
			t.Errorf("a link of the body goes to %q", href)
		}
	})
	if n := doc.Find(".material-body a").Length(); n > 3 {
		t.Errorf("%d links kept, want at most 3 (people.com.cn and two harmless ones)", n)
	}

	// A question's stem and options, drawn into a member's self-test and
	// shown in the bank.
	q := &huoshui.Question{OrgID: branch.ID, Kind: huoshui.QuestionSingle, Stem: `<script>alert("stem")</script>`,
		Options: []string{`<img src=x onerror=alert(1)>`, `</label><script>alert(2)</script>`}, Answer: "A"}
	if err := e.store.CreateQuestion(ctx, attackActor(e), q); err != nil {
		t.Fatal(err)
	}
	mem := e.login("member")
	r = mem.postForm("/selftest", url.Values{"count": {"1"}}).wantStatus(http.StatusSeeOther)
	for _, p := range []*response{mem.get(r.Header.Get("Location")).wantStatus(http.StatusOK),
		sec.get(fmt.Sprintf("/questions/%d", q.ID)).wantStatus(http.StatusOK)} {
		if strings.Contains(p.Body, "<script>alert") || p.doc().Find("img[onerror]").Length() > 0 {
			t.Errorf("%s: a typed script reached the page", p.Request.URL.Path)
		}
	}

	// A training's title and evidence entered by a member, on the
	// officer's page of the branch.
	held := huoshui.DateOf(e.store.Now().In(huoshui.Shanghai)).AddDate(0, 0, -1).String()
	mem.postForm("/study/trainings", url.Values{"title": {`<script>alert("t")</script>`}, "held_on": {held},
		"hours": {"2"}, "evidence": {`<img src=x onerror=alert(1)>`}}).wantStatus(http.StatusSeeOther)
	p := sec.get(fmt.Sprintf("/orgs/%d/study", branch.ID)).wantStatus(http.StatusOK)
	if !strings.Contains(p.Body, "&lt;script&gt;alert") {
		t.Errorf("the training's title is not on the officer's page")
	}
	if strings.Contains(p.Body, `<script>alert("t")`) || p.doc().Find("img[onerror]").Length() > 0 {
		t.Errorf("a training's typed markup reached the officer's page")
	}
}

// multipartPage posts a file as a browser's form would.
func multipartPage(c *client, path, field, name string, content []byte) *response {
	c.e.T().Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile(field, name)
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.e.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// A hostile saved page imported by an officer: its scripts, frames,
// event attributes and javascript: links never run in the preview (the
// page as read is text in <pre>); an oversized upload and a traversing
// file name are answered clearly; nothing is saved.
func TestAttackStudyPageImport(t *testing.T) {
	e := sqliteEnv(t)
	ctx := context.Background()
	sec := e.login("secretary")
	para := strings.Repeat("全面从严治党是党的建设的鲜明主题，必须坚持不懈抓下去。", 6)
	page := `<html><head><meta charset="utf-8"><title>学习文章</title><script>alert("head")</script></head><body>
<iframe src="https://evil.example/"></iframe>
<h1 onmouseover="alert(1)">学习文章</h1>
<div class="article"><p>` + para + `<img src=x onerror="alert(2)"></p>
<p>` + para + `<a href="javascript:alert(3)">点此</a></p>
<p>` + para + `<script>document.write("<b>x</b>")</script></p>
<p>` + para + `&lt;script&gt;alert(4)&lt;/script&gt;</p></div></body></html>`
	count := func() int {
		t.Helper()
		_, n, err := e.store.FindMaterials(ctx, huoshui.MaterialFilter{Scope: huoshui.Scope{All: true}, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count()
	for _, name := range []string{"page.html", "../../../etc/passwd.html", `..\..\windows\page.htm`, "<script>.html"} {
		r := multipartPage(sec, "/materials/import", "page", name, []byte(page)).wantStatus(http.StatusOK)
		doc := r.doc()
		if doc.Find("pre.original").Length() != 1 {
			t.Fatalf("%s: the page as read is not shown as text", name)
		}
		for _, sel := range []string{"iframe", "[onerror]", "[onmouseover]", `a[href^="javascript"]`, "b"} {
			if doc.Find(sel).Length() > 0 {
				t.Errorf("%s: the page's %s reached the preview", name, sel)
			}
		}
		if strings.Contains(r.Body, "<script>alert") || strings.Contains(r.Body, "<script>document") {
			t.Errorf("%s: a script of the page reached the preview", name)
		}
	}
	// The API answers the same page as data, without its scripts.
	r := multipartPage(sec, "/api/v1/materials/import", "page", "page.html", []byte(page)).wantStatus(http.StatusOK)
	var got struct {
		Title      string
		Paragraphs []string
	}
	if err := json.Unmarshal([]byte(r.Body), &got); err != nil {
		t.Fatalf("api: %v: %s", err, r.Body)
	}
	if joined := strings.Join(got.Paragraphs, "\n"); strings.Contains(joined, "alert(3)") || strings.Contains(joined, "document.write") {
		t.Errorf("the API's paragraphs keep the page's scripts: %q", joined)
	}

	// 25 MB: refused with 413, for the form and the API, and no temporary
	// file or material is left.
	huge := bytes.Repeat([]byte("<p>学习</p>"), 25<<20/12)
	if r := multipartPage(sec, "/materials/import", "page", "big.html", huge); r.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a 25 MB page through the form: %d, want 413", r.StatusCode)
	}
	if r := multipartPage(sec, "/api/v1/materials/import", "page", "big.html", huge); r.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a 25 MB page through the API: %d, want 413", r.StatusCode)
	}
	// An .mht whose one part is a huge base64 blob, and an archive.
	var mht bytes.Buffer
	mht.WriteString("MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\n" +
		"Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	for mht.Len() < 8<<20 {
		mht.WriteString("QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB\r\n")
	}
	mht.WriteString("--b--\r\n")
	if r := multipartPage(sec, "/materials/import", "page", "page.mht", mht.Bytes()); r.StatusCode >= 500 || r.StatusCode == http.StatusOK && strings.Count(r.Body, "AAAA") > 10000 {
		t.Errorf("a huge base64 .mht: %d", r.StatusCode)
	}
	zip := append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0}, 4096)...)
	if r := multipartPage(sec, "/materials/import", "page", "page.zip", zip); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a zip archive: %d, want 422", r.StatusCode)
	}
	if after := count(); after != before {
		t.Errorf("the imports saved %d materials", after-before)
	}
	// A plain member may not import at all.
	if r := multipartPage(e.login("member"), "/materials/import", "page", "page.html", []byte(page)); r.StatusCode != http.StatusForbidden {
		t.Errorf("a member imports a page: %d, want 403", r.StatusCode)
	}
}

// Search text with the syntax of FTS5, tsquery and LIKE, on both engines:
// an answer, never a server error.
func TestAttackStudySearchSyntax(t *testing.T) {
	queries := []string{`"`, `""`, `*`, `a*`, `NEAR(党 建)`, `OR`, `党 OR`, `AND NOT`, `-党`, `^党`, `(党`, `党)`,
		`\`, `\\"`, `%`, `_`, `'; DROP TABLE materials; --`, `党:建`, `title:党`, `{党}`, `党 & | !`, `<->`, `:*`,
		"\x01\x02\x1f", `'`, `''`, `$1`, strings.Repeat("党建(", 40), strings.Repeat(`"a" `, 500), "🚩" + strings.Repeat("é", 200)}
	eachEnv(t, func(t *testing.T, e *env) {
		branch := e.demoOrg(demo.BranchName)
		if err := e.store.CreateMaterial(context.Background(), attackActor(e),
			&huoshui.Material{OrgID: branch.ID, Title: "党建学习", Body: "加强党的建设。"}); err != nil {
			t.Fatal(err)
		}
		c := e.login("member")
		sec := e.login("secretary")
		for _, q := range queries {
			enc := url.QueryEscape(q)
			for _, p := range []struct {
				c      *client
				path   string
				answer int // 0: 200, or 422 for control characters or a long search
			}{{c, "/materials?q=" + enc, http.StatusOK}, {c, "/api/v1/materials?q=" + enc, http.StatusOK}, {sec, "/questions?q=" + enc, 0}} {
				// Control characters are refused everywhere with a clear
				// message; a list searched with LIKE also refuses a long
				// search, the materials' search reads its start.
				want := p.answer
				if strings.ContainsAny(q, "\x01\x02\x1f") {
					want = http.StatusUnprocessableEntity
				}
				r := p.c.get(p.path)
				switch {
				case want == 0 && r.StatusCode != http.StatusOK && r.StatusCode != http.StatusUnprocessableEntity:
					t.Errorf("GET %.80s: %d, want 200 or 422", p.path, r.StatusCode)
				case want != 0 && r.StatusCode != want:
					t.Errorf("GET %.80s: %d, want %d", p.path, r.StatusCode, want)
				}
			}
		}
		// The search still finds what it should, and wildcards match
		// nothing but themselves.
		if body := c.get("/api/v1/materials?q=" + url.QueryEscape("党建")).wantStatus(http.StatusOK).Body; !strings.Contains(body, "党建学习") {
			t.Errorf("after the hostile queries 党建 does not find the material: %s", body)
		}
		for _, q := range []string{"%", "_", "*"} {
			if body := c.get("/api/v1/materials?q=" + url.QueryEscape(q)).wantStatus(http.StatusOK).Body; strings.Contains(body, "党建学习") {
				t.Errorf("q=%s matches every material: %s", q, body)
			}
		}
	})
}

// The reading heartbeat: a burst of beats adds no more than the time that
// passed; a material the member may not see is not found; a beat sent by
// another site's page is refused.
func TestAttackStudyReadingBeat(t *testing.T) {
	e := sqliteEnv(t)
	ctx := context.Background()
	clock := &meetingClock{}
	clock.set(e.store.Now())
	e.store.SetClock(clock.now)
	branch, general := e.demoOrg(demo.BranchName), e.demoOrg(demo.SecondBranch)
	body := strings.Repeat("学习党章党规，学习系列讲话。", 400)
	mine := &huoshui.Material{OrgID: branch.ID, Title: "本支部资料", Body: body}
	theirs := &huoshui.Material{OrgID: general.ID, Title: "综合处资料", Body: body}
	for _, m := range []*huoshui.Material{mine, theirs} {
		if err := e.store.CreateMaterial(ctx, attackActor(e), m); err != nil {
			t.Fatal(err)
		}
	}
	mem := e.login("member")
	beat := func(m *huoshui.Material, start bool) *response {
		v := url.Values{}
		if start {
			v.Set("start", "1")
		}
		return mem.postForm(fmt.Sprintf("/materials/%d/beat", m.ID), v)
	}
	beat(mine, true).wantStatus(http.StatusOK)
	clock.set(clock.now().Add(30 * time.Second))
	for range 200 {
		beat(mine, false).wantStatus(http.StatusOK)
	}
	memberID := e.findAccount("member").MemberID
	rd, err := e.store.FindMaterialRead(ctx, memberID, mine.ID)
	if err != nil {
		t.Fatal(err)
	}
	if rd.Seconds > 30 {
		t.Errorf("200 beats in 30 seconds counted %d seconds", rd.Seconds)
	}
	// Twenty minutes away, then a beat: at most one beat's worth.
	clock.set(clock.now().Add(20 * time.Minute))
	beat(mine, false).wantStatus(http.StatusOK)
	if rd2, _ := e.store.FindMaterialRead(ctx, memberID, mine.ID); rd2.Seconds-rd.Seconds > int(huoshui.ReadingBeatMax/time.Second) {
		t.Errorf("a beat after an hour away added %d seconds", rd2.Seconds-rd.Seconds)
	}
	beat(theirs, false).wantStatus(http.StatusNotFound)
	if rd, _ := e.store.FindMaterialRead(ctx, memberID, theirs.ID); rd.Seconds != 0 {
		t.Errorf("the other branch's material counted %d seconds", rd.Seconds)
	}
	// Another site's page posts the beat in the member's browser.
	req, _ := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/materials/%d/beat", e.srv.URL, mine.ID), strings.NewReader("start=1"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	if r := mem.do(req); r.StatusCode != http.StatusForbidden {
		t.Errorf("a cross-site beat: %d, want 403", r.StatusCode)
	}
}

// A question sheet that is not a workbook, one too long, and one whose
// cells are formulas (=HYPERLINK to another site): a clear refusal, or
// text that stays text; the bank's export never hands a formula back to
// the next officer's Excel.
func TestAttackStudyQuestionImport(t *testing.T) {
	e := sqliteEnv(t)
	branch := e.demoOrg(demo.BranchName)
	c := e.login("secretary")
	before := e.bankSize()
	if r := c.uploadQuestions(branch.ID, []byte("<html><body>题型,题干</body></html>")); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("an HTML page named .xlsx: %d, want 422", r.StatusCode)
	}
	rows := [][]any{questionHeader}
	for i := range 10000 {
		rows = append(rows, []any{"判断题", fmt.Sprintf("第%d题是对的。", i), "", "", "", "", "", "", "对", "", ""})
	}
	if r := c.uploadQuestions(branch.ID, rosterFile(t, rows...)); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("10000 questions: %d, want 422", r.StatusCode)
	}
	if got := e.bankSize(); got != before {
		t.Fatalf("refused sheets wrote %d questions", got-before)
	}

	// A formula in the stem and in an option, and a stem typed as text
	// that starts with "=".
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &questionHeader)
	f.SetCellValue("Sheet1", "A2", "单选")
	f.SetCellValue("Sheet1", "D2", "乙")
	f.SetCellValue("Sheet1", "I2", "B")
	f.SetCellFormula("Sheet1", "B2", `HYPERLINK("http://evil.example/","点此领取")`)
	f.SetCellFormula("Sheet1", "C2", `HYPERLINK("http://evil.example/","甲")`)
	f.SetSheetRow("Sheet1", "A3", &[]any{"判断题", `=HYPERLINK("http://evil.example/","点此")`, "", "", "", "", "", "", "对", "", ""})
	var buf bytes.Buffer
	f.WriteTo(&buf)
	f.Close()
	r := c.uploadQuestions(branch.ID, buf.Bytes())
	if r.StatusCode >= 500 {
		t.Fatalf("a sheet with formulas: %d", r.StatusCode)
	}
	if r.StatusCode == http.StatusSeeOther {
		loc := r.Header.Get("Location")
		c.postForm(strings.TrimSuffix(loc, "/preview")+"/confirm", nil)
	}
	if err := c.postForm("/questions", url.Values{"org_id": {strconv.FormatInt(branch.ID, 10)}, "question_kind": {"truefalse"},
		"stem": {`=HYPERLINK("http://evil.example/","点此")`}, "answer": {"T"}}); err.StatusCode != http.StatusSeeOther {
		t.Fatalf("a typed formula: %d, want 303 (text is text)", err.StatusCode)
	}
	out := c.get("/questions/export.xlsx").wantStatus(http.StatusOK)
	x, err := excelize.OpenReader(strings.NewReader(out.Body))
	if err != nil {
		t.Fatalf("the export is not a workbook: %v", err)
	}
	defer x.Close()
	typed := false
	for _, sheet := range x.GetSheetList() {
		rows, _ := x.GetRows(sheet)
		for i, row := range rows {
			for j := range row {
				typed = typed || strings.HasPrefix(row[j], "=HYPERLINK")
				cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
				if fm, _ := x.GetCellFormula(sheet, cell); fm != "" {
					t.Errorf("the export's %s!%s is the formula %q", sheet, cell, fm)
				}
			}
		}
	}
	if !typed {
		t.Error("the stem typed as =HYPERLINK(…) is not in the export as text")
	}
}

// Text typed into a micro lecture's feedback and a discussion's speakers
// and actions is shown as text on the pages, the print and the Word
// record; a speaker or an owner from the branch beside is refused.
func TestAttackStudyLectureAndDiscussionText(t *testing.T) {
	e := sqliteEnv(t)
	ctx := context.Background()
	branch := e.demoOrg(demo.BranchName)
	held := huoshui.DateOf(e.store.Now().In(huoshui.Shanghai)).AddDate(0, 0, -1)
	lecturer := e.demoMember("陈思远")
	lecture := &huoshui.Lecture{OrgID: branch.ID, LecturerID: lecturer.ID, Topic: "微党课", HeldOn: held, Minutes: 30}
	if err := e.store.CreateLecture(ctx, attackActor(e), lecture); err != nil {
		t.Fatal(err)
	}
	discussion := &huoshui.Discussion{OrgID: branch.ID, Topic: "专题研讨", HeldOn: held, Minutes: 120}
	if err := e.store.CreateDiscussion(ctx, attackActor(e), discussion); err != nil {
		t.Fatal(err)
	}
	const script = `<script>alert(1)</script><img src=x onerror=alert(2)>`
	mem, sec := e.login("member"), e.login("secretary")
	lpath := fmt.Sprintf("/lectures/%d", lecture.ID)
	mem.postForm(lpath+"/feedback", url.Values{"body": {"很受启发" + script}}).wantStatus(http.StatusSeeOther)

	dpath := fmt.Sprintf("/discussions/%d", discussion.ID)
	speaker := strconv.FormatInt(lecturer.ID, 10)
	sec.postForm(dpath+"/speakers", url.Values{"member_id": {speaker}, "text": {"发言要点" + script}}).wantStatus(http.StatusSeeOther)
	sec.postForm(dpath+"/actions", url.Values{"owner_id": {speaker}, "text": {"整改" + script},
		"due": {held.AddDate(0, 1, 0).String()}}).wantStatus(http.StatusSeeOther)
	// A member of the branch beside as speaker or owner: their name would
	// show on this branch's record.
	outsider := strconv.FormatInt(e.demoMember("罗家明").ID, 10)
	if r := sec.postForm(dpath+"/speakers", url.Values{"member_id": {outsider}, "text": {"要点"}}); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a speaker of the branch beside: %d, want 422", r.StatusCode)
	}
	if r := sec.postForm(dpath+"/actions", url.Values{"owner_id": {outsider}, "text": {"整改"},
		"due": {held.AddDate(0, 1, 0).String()}}); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("an owner of the branch beside: %d, want 422", r.StatusCode)
	}
	for _, p := range []*response{sec.get(lpath).wantStatus(http.StatusOK), mem.get(lpath).wantStatus(http.StatusOK),
		sec.get(dpath).wantStatus(http.StatusOK), sec.get(dpath + "/print").wantStatus(http.StatusOK)} {
		if strings.Contains(p.Body, "<script>alert(1)") || p.doc().Find("img[onerror]").Length() > 0 {
			t.Errorf("%s: typed markup reached the page", p.Request.URL.Path)
		}
		if !strings.Contains(p.Body, "&lt;script&gt;alert(1)") {
			t.Errorf("%s: the typed text is not shown", p.Request.URL.Path)
		}
	}
	doc := sec.get(dpath + "/record.docx").wantStatus(http.StatusOK)
	zr, err := zip.NewReader(strings.NewReader(doc.Body), int64(len(doc.Body)))
	if err != nil {
		t.Fatalf("the record is not a Word file: %v", err)
	}
	found := false
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		found = true
		rc, _ := f.Open()
		dec := xml.NewDecoder(rc)
		text := ""
		for {
			tok, err := dec.Token()
			if err != nil {
				if err.Error() != "EOF" {
					t.Errorf("the record's XML is broken by the typed text: %v", err)
				}
				break
			}
			if cd, ok := tok.(xml.CharData); ok {
				text += string(cd)
			}
			if se, ok := tok.(xml.StartElement); ok && (se.Name.Local == "script" || se.Name.Local == "img") {
				t.Errorf("the record holds a <%s> element", se.Name.Local)
			}
		}
		rc.Close()
		if !strings.Contains(text, "<script>alert(1)</script>") {
			t.Errorf("the record lacks the speaker's text as typed")
		}
	}
	if !found {
		t.Error("the record has no word/document.xml")
	}
}

// A plain member reads their own study hours, not a fellow member's nor
// those of someone in the branch beside, through the pages or the API;
// a year out of range is a clear refusal.
func TestAttackStudyHoursOfOthers(t *testing.T) {
	e := sqliteEnv(t)
	mem := e.login("member")
	self := e.findAccount("member").MemberID
	for _, name := range []string{"陈思远", "罗家明"} {
		id := e.demoMember(name).ID
		for _, p := range []string{"/members/%d/study", "/api/v1/members/%d/study-hours"} {
			path := fmt.Sprintf(p, id)
			if r := mem.get(path); r.StatusCode != http.StatusNotFound && r.StatusCode != http.StatusForbidden {
				t.Errorf("a member reads %s: %d, want 404 or 403", path, r.StatusCode)
			}
		}
	}
	sec := e.login("secretary")
	for _, y := range []string{"0", "-1", "99999999999999999999", "2026abc", "1e4"} {
		path := fmt.Sprintf("/api/v1/members/%d/study-hours?year=%s", self, y)
		if r := sec.get(path); r.StatusCode >= 500 || r.StatusCode == http.StatusOK {
			t.Errorf("GET %s: %d, want a refusal", path, r.StatusCode)
		}
	}
	sec.get(fmt.Sprintf("/api/v1/members/%d/study-hours", self)).wantStatus(http.StatusOK)
}
