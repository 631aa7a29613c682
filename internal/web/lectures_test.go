package web_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/huoshui/huoshui/internal/demo"
)

// createdID reads the id from a 303 to path/{id}.
func createdID(t *testing.T, r *response, prefix string) int64 {
	t.Helper()
	loc := r.Header.Get("Location")
	id, err := strconv.ParseInt(strings.TrimPrefix(strings.SplitN(loc, "#", 2)[0], prefix), 10, 64)
	if err != nil {
		t.Fatalf("location %q: %v", loc, err)
	}
	return id
}

// The secretary records a lecture from the rota, refused forms answer in
// Chinese beside their fields, a member of the branch leaves feedback,
// and a member of another branch finds none of it.
func TestLecturesRotaFeedbackAndOtherBranch(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		branch := e.demoOrg(demo.BranchName)
		sec := e.signedIn("secretary")
		page := sec.get("/lectures").wantStatus(http.StatusOK)
		if !strings.Contains(page.Body, "轮讲安排") || !strings.Contains(page.Body, "第 1 轮") {
			t.Errorf("the rota is not shown:\n%s", page.Body)
		}
		form := sec.get(fmt.Sprintf("/lectures/new?org=%d", branch.ID)).wantStatus(http.StatusOK).doc()
		lecturer, _ := form.Find("#lecturer_id option[selected]").Attr("value")
		if lecturer == "" {
			t.Fatal("the form does not choose the rota's next lecturer")
		}

		v := url.Values{"org_id": {strconv.FormatInt(branch.ID, 10)}, "lecturer_id": {lecturer}, "held_on": {"2026-03-10"},
			"minutes": {"3"}}
		bad := sec.postForm("/lectures", v).wantStatus(http.StatusUnprocessableEntity).doc()
		if got := bad.Find("#topic").Parent().Find(".field-error").Text(); got != "请填写这一项。" {
			t.Errorf("topic message %q", got)
		}
		if got := bad.Find("#minutes").Parent().Find(".field-error").Text(); !strings.Contains(got, "5 到 480") {
			t.Errorf("minutes message %q", got)
		}
		v.Set("topic", "学习新修订的《中国共产党纪律处分条例》")
		v.Set("minutes", "30")
		id := createdID(t, sec.postForm("/lectures", v).wantStatus(http.StatusSeeOther), "/lectures/")
		if !strings.Contains(sec.get(fmt.Sprintf("/lectures?org=%d", branch.ID)).Body, "纪律处分条例") {
			t.Error("the lecture is not listed under the rota")
		}

		// Swapping a member with themself, and away without a reason.
		sw := sec.postForm(fmt.Sprintf("/lectures/rota/%d/swap", branch.ID), url.Values{"a": {lecturer}, "b": {lecturer}}).
			wantStatus(http.StatusUnprocessableEntity)
		if !strings.Contains(sw.Body, "请选择另一位党员。") {
			t.Errorf("swap with oneself: %s", sw.Body)
		}
		aw := sec.postForm(fmt.Sprintf("/lectures/rota/%d/away", branch.ID), url.Values{"member_id": {lecturer}, "from": {"2026-03-01"}}).
			wantStatus(http.StatusUnprocessableEntity).doc()
		if got := aw.Find("#away-reason").Parent().Find(".field-error").Text(); got != "请填写这一项。" {
			t.Errorf("away reason message %q", got)
		}
		sec.postForm(fmt.Sprintf("/lectures/rota/%d/away", branch.ID), url.Values{"member_id": {lecturer}, "from": {"2026-03-01"},
			"reason": {"借调"}}).wantStatus(http.StatusSeeOther)

		mem := e.signedIn("member")
		mem.postForm(fmt.Sprintf("/lectures/%d/feedback", id), url.Values{"body": {""}}).wantStatus(http.StatusUnprocessableEntity)
		mem.postForm(fmt.Sprintf("/lectures/%d/feedback", id), url.Values{"body": {"联系工作实际，很受启发"}}).wantStatus(http.StatusSeeOther)
		mem.postForm(fmt.Sprintf("/lectures/%d/feedback", id), url.Values{"body": {"联系工作实际，很受启发。"}}).wantStatus(http.StatusSeeOther)
		view := mem.get(fmt.Sprintf("/lectures/%d", id)).wantStatus(http.StatusOK)
		if strings.Count(view.Body, "联系工作实际") != 2 { // the list and the author's own form
			t.Errorf("feedback shown %d times", strings.Count(view.Body, "联系工作实际"))
		}
		if r := mem.postForm("/lectures", v); r.StatusCode != http.StatusNotFound && r.StatusCode != http.StatusForbidden {
			t.Errorf("a plain member records a lecture: %d", r.StatusCode)
		}
		mem.get(fmt.Sprintf("/lectures/%d/edit", id)).wantStatus(http.StatusForbidden)

		other := e.neighbourMember("luojiaming")
		for _, p := range []string{"", "/edit"} {
			other.get(fmt.Sprintf("/lectures/%d%s", id, p)).wantStatus(http.StatusNotFound)
		}
		other.get(fmt.Sprintf("/lectures?org=%d", branch.ID)).wantStatus(http.StatusNotFound)
		other.postForm(fmt.Sprintf("/lectures/%d/feedback", id), url.Values{"body": {"旁听"}}).wantStatus(http.StatusNotFound)
		other.postForm(fmt.Sprintf("/lectures/rota/%d/swap", branch.ID), url.Values{"a": {lecturer}, "b": {lecturer}}).
			wantStatus(http.StatusNotFound)
	})
}

// A lecture given at a meeting is entered once, on the lecture: the
// lecture's page names the meeting and the meeting's page shows the
// lecture.
func TestLectureAtMeetingShownOnBoth(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		branch := e.demoOrg(demo.BranchName)
		m := e.completeMeeting("秘书处党员大会", e.shanghaiAt(0, 2, 20, 14, 30))
		sec := e.signedIn("secretary")
		v := url.Values{"org_id": {strconv.FormatInt(branch.ID, 10)}, "topic": {"讲好身边的榜样故事"},
			"lecturer_id": {strconv.FormatInt(e.demoMember("陈思远").ID, 10)}, "held_on": {"2026-02-20"},
			"meeting_id": {strconv.FormatInt(m.ID, 10)}}
		id := createdID(t, sec.postForm("/lectures", v).wantStatus(http.StatusSeeOther), "/lectures/")
		if got := sec.get(fmt.Sprintf("/lectures/%d", id)).doc().Find(fmt.Sprintf(`a[href="/meetings/%d"]`, m.ID)).Text(); got != m.Title {
			t.Errorf("the lecture's link to its meeting reads %q", got)
		}
		if got := sec.get(fmt.Sprintf("/meetings/%d", m.ID)).doc().Find("#lectures a").Text(); got != "讲好身边的榜样故事" {
			t.Errorf("the meeting shows lecture %q", got)
		}
	})
}

// A lecture's slides are uploaded by an officer, checked as a meeting's
// files are, and downloaded by whoever sees the lecture; another
// branch's member gets 404.
func TestLectureSlides(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		branch := e.demoOrg(demo.BranchName)
		sec := e.signedIn("secretary")
		v := url.Values{"org_id": {strconv.FormatInt(branch.ID, 10)}, "topic": {"党史中的督查故事"},
			"lecturer_id": {strconv.FormatInt(e.demoMember("陈思远").ID, 10)}, "held_on": {"2026-02-20"}}
		id := createdID(t, sec.postForm("/lectures", v).wantStatus(http.StatusSeeOther), "/lectures/")
		post := func(c *client, name string, data []byte) *response {
			var body bytes.Buffer
			mw := multipart.NewWriter(&body)
			w, _ := mw.CreateFormFile("slides", name)
			w.Write(data)
			mw.Close()
			req, _ := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/lectures/%d/slides", e.srv.URL, id), &body)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			return c.do(req)
		}
		pdf := []byte("%PDF-1.4\n% 微党课课件\n%%EOF\n")
		post(sec, "课件.exe", []byte("MZ\x90\x00 not a document")).wantStatus(http.StatusUnprocessableEntity)
		post(sec, "督查故事.pdf", pdf).wantStatus(http.StatusSeeOther)
		if !strings.Contains(sec.get(fmt.Sprintf("/lectures/%d", id)).Body, "督查故事.pdf") {
			t.Error("the lecture page does not name its slides")
		}
		got := e.signedIn("member").get(fmt.Sprintf("/lectures/%d/slides", id)).wantStatus(http.StatusOK)
		if got.Body != string(pdf) || got.Header.Get("Content-Type") != "application/pdf" {
			t.Errorf("slides %q (%s)", got.Body, got.Header.Get("Content-Type"))
		}
		post(e.signedIn("member"), "x.pdf", pdf).wantStatus(http.StatusForbidden)
		other := e.neighbourMember("luojiaming")
		other.get(fmt.Sprintf("/lectures/%d/slides", id)).wantStatus(http.StatusNotFound)
		post(other, "x.pdf", pdf).wantStatus(http.StatusNotFound)
	})
}
