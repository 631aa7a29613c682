package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/huoshui/huoshui/internal/demo"
)

// A discussion is recorded with its speakers and actions; an open action
// shows on the next discussion until closed; the record exports as a
// .docx whose document holds the topic; another branch's member finds
// none of it.
func TestDiscussionsRecordAndActions(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		branch := e.demoOrg(demo.BranchName)
		sec := e.signedIn("secretary")
		base := url.Values{"org_id": {strconv.FormatInt(branch.ID, 10)}, "held_on": {"2026-02-15"}, "place": {"三楼会议室"},
			"lead_in": {"书记领学《关于加强督查工作的意见》"}}
		bad := sec.postForm("/discussions", base).wantStatus(http.StatusUnprocessableEntity).doc()
		if got := bad.Find("#topic").Parent().Find(".field-error").Text(); got != "请填写这一项。" {
			t.Errorf("topic message %q", got)
		}
		v := url.Values{}
		for k, x := range base {
			v[k] = x
		}
		v.Set("topic", "督查督办怎样抓落实")
		first := createdID(t, sec.postForm("/discussions", v).wantStatus(http.StatusSeeOther), "/discussions/")
		speaker := e.demoMember("陈思远").ID
		sp := sec.postForm(fmt.Sprintf("/discussions/%d/speakers", first), url.Values{"member_id": {strconv.FormatInt(speaker, 10)}}).
			wantStatus(http.StatusUnprocessableEntity).doc()
		if got := sp.Find("#sp-text").Parent().Find(".field-error").Text(); got != "请填写这一项。" {
			t.Errorf("speaker text message %q", got)
		}
		sec.postForm(fmt.Sprintf("/discussions/%d/speakers", first), url.Values{"member_id": {strconv.FormatInt(speaker, 10)},
			"text": {"建立督查台账，每周通报进度"}}).wantStatus(http.StatusSeeOther)
		act := sec.postForm(fmt.Sprintf("/discussions/%d/actions", first), url.Values{"text": {"制定督查台账模板"}, "due": {"2026-13-01"}}).
			wantStatus(http.StatusUnprocessableEntity).doc()
		if got := act.Find("#act-due").Parent().Find(".field-error").Text(); got == "" {
			t.Error("a bad due date has no message")
		}
		sec.postForm(fmt.Sprintf("/discussions/%d/actions", first), url.Values{"text": {"制定督查台账模板"}, "due": {"2026-03-01"}}).
			wantStatus(http.StatusSeeOther)

		v.Set("topic", "档案数字化怎样推进")
		v.Set("held_on", "2026-03-15")
		second := createdID(t, sec.postForm("/discussions", v).wantStatus(http.StatusSeeOther), "/discussions/")
		page := sec.get(fmt.Sprintf("/discussions/%d", second)).wantStatus(http.StatusOK).doc()
		closeURL, ok := page.Find(`form[action^="/discussion-actions/"]`).Attr("action")
		if !ok || !strings.Contains(page.Text(), "制定督查台账模板") {
			t.Fatal("the open action of the first discussion is not on the second")
		}
		sec.postForm(closeURL, url.Values{"back": {fmt.Sprintf("/discussions/%d#actions", second)}}).wantStatus(http.StatusSeeOther)
		if sec.get(fmt.Sprintf("/discussions/%d", second)).doc().Find(`form[action^="/discussion-actions/"]`).Length() != 0 {
			t.Error("a closed action still shows on the next discussion")
		}

		doc := docxText(t, sec.get(fmt.Sprintf("/discussions/%d/record.docx", first)).wantStatus(http.StatusOK))
		for _, want := range []string{"督查督办怎样抓落实", "领学", "建立督查台账", "制定督查台账模板", "形成的共识/措施"} {
			if !strings.Contains(doc, want) {
				t.Errorf("the record lacks %q", want)
			}
		}
		if p := sec.get(fmt.Sprintf("/discussions/%d/print", first)).wantStatus(http.StatusOK); !strings.Contains(p.Body, "督查督办怎样抓落实") {
			t.Error("the print page lacks the topic")
		}

		mem := e.signedIn("member")
		mem.get(fmt.Sprintf("/discussions/%d", first)).wantStatus(http.StatusOK)
		mem.postForm(fmt.Sprintf("/discussions/%d/speakers", first), url.Values{"member_id": {strconv.FormatInt(speaker, 10)},
			"text": {"我也说两句"}}).wantStatus(http.StatusForbidden)

		other := e.neighbourMember("luojiaming")
		for _, p := range []string{"", "/edit", "/record.docx", "/print"} {
			other.get(fmt.Sprintf("/discussions/%d%s", first, p)).wantStatus(http.StatusNotFound)
		}
		other.postForm(closeURL, nil).wantStatus(http.StatusNotFound)
		if strings.Contains(other.get("/discussions?year=all").wantStatus(http.StatusOK).Body, "督查督办怎样抓落实") {
			t.Error("another branch's member sees the discussion in the list")
		}
	})
}
