package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
)

var questionHeader = []any{"题型", "题干", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F", "答案", "解析", "标签"}

// uploadQuestions posts the question import form with a file.
func (c *client) uploadQuestions(org int64, data []byte) *response {
	c.e.T().Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("org", strconv.FormatInt(org, 10))
	fw, _ := mw.CreateFormFile("file", "题库.xlsx")
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.e.srv.URL+"/questions/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

var questionPreviewPath = regexp.MustCompile(`^/questions/import/(\d+)/preview$`)

// stageQuestions uploads a sheet and returns the preview's address.
func (c *client) stageQuestions(org int64, data []byte) string {
	c.e.T().Helper()
	loc := c.uploadQuestions(org, data).wantStatus(http.StatusSeeOther).Header.Get("Location")
	if !questionPreviewPath.MatchString(loc) {
		c.e.T().Fatalf("upload redirects to %q, want a preview", loc)
	}
	return loc
}

// bankSize counts the current questions of every bank.
func (e *env) bankSize() int {
	e.T().Helper()
	_, n, err := e.store.FindQuestions(context.Background(), huoshui.QuestionFilter{Scope: huoshui.Everything()})
	if err != nil {
		e.T().Fatal(err)
	}
	return n
}

func TestQuestionsImportAllOrNothing(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		branch := e.demoOrg(demo.BranchName)
		c := e.login("secretary")
		good := []any{"单选", "支部党员大会一般多久召开一次？", "每月", "每季度", "每半年", "每年", "", "", "Ｂ", "一般每季度召开一次。", "三会一课"}
		tf := []any{"判断题", "主题党日一般每月开展一次。", "", "", "", "", "", "", "√", "", "主题党日、三会一课"}
		multi := []any{"多选", "三会一课包括哪些？", "支部党员大会", "支部委员会会议", "党小组会", "党课", "", "", "a，b、c，d", "", "三会一课"}
		bad := []any{"单选", "党费按月交纳还是按年交纳？", "按月", "按年", "", "", "", "", "AB", "", "党费"}

		preview := c.stageQuestions(branch.ID, rosterFile(t, []any{"题库"}, questionHeader, good, bad, tf))
		if n := e.bankSize(); n != 0 {
			t.Fatalf("%d questions in the bank before confirmation", n)
		}
		doc := c.get(preview).wantStatus(http.StatusOK).doc()
		if got := doc.Find("tbody tr").Length(); got != 3 {
			t.Errorf("the preview shows %d rows, want 3", got)
		}
		badRow := doc.Find("tbody tr.bad")
		if badRow.Length() != 1 || !strings.Contains(badRow.Text(), "单选题的答案只能是一个字母") || !strings.Contains(badRow.Text(), "答案") {
			t.Errorf("the bad row: %q", badRow.Text())
		}
		if doc.Find(`form[action$="/confirm"]`).Length() != 0 {
			t.Error("a sheet with a bad row offers confirmation")
		}
		// Confirming anyway writes nothing.
		c.postForm(strings.TrimSuffix(preview, "/preview")+"/confirm", nil).wantStatus(http.StatusUnprocessableEntity)
		if n := e.bankSize(); n != 0 {
			t.Fatalf("%d questions written from a sheet with a bad row", n)
		}

		preview = c.stageQuestions(branch.ID, rosterFile(t, questionHeader, good, tf, multi))
		c.postForm(strings.TrimSuffix(preview, "/preview")+"/confirm", nil).wantStatus(http.StatusSeeOther)
		qs, n, err := e.store.FindQuestions(context.Background(), huoshui.QuestionFilter{Scope: huoshui.Everything()})
		if err != nil || n != 3 {
			t.Fatalf("%d questions after the import, want 3 (%v)", n, err)
		}
		answers := map[huoshui.QuestionKind]string{}
		for _, q := range qs {
			answers[q.Kind] = q.Answer
		}
		if answers[huoshui.QuestionSingle] != "B" || answers[huoshui.QuestionTrueFalse] != "T" || answers[huoshui.QuestionMultiple] != "ABCD" {
			t.Errorf("answers as stored: %v", answers)
		}

		// Another user does not reach the secretary's staged sheet.
		other := c.stageQuestions(branch.ID, rosterFile(t, questionHeader, good))
		e.login("organiser").get(other).wantStatus(http.StatusNotFound)
		e.login("member").get("/questions/import").wantStatus(http.StatusForbidden)
	})
}

func TestQuestionsExportReimports(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	branch := e.demoOrg(demo.BranchName)
	c := e.login("secretary")
	for _, v := range []url.Values{
		{"org_id": {strconv.FormatInt(branch.ID, 10)}, "question_kind": {"single"}, "stem": {"党课一般多久一次？"},
			"option_A": {"每月"}, "option_B": {"每季度"}, "answer": {"B"}, "explanation": {"每季度一次。"}, "tags": {"三会一课"}},
		{"org_id": {strconv.FormatInt(branch.ID, 10)}, "question_kind": {"truefalse"}, "stem": {"预备期为一年。"},
			"answer": {"对"}, "tags": {"发展党员、预备期"}},
		{"org_id": {strconv.FormatInt(branch.ID, 10)}, "question_kind": {"multiple"}, "stem": {"民主评议的等次有哪些？"},
			"option_A": {"优秀"}, "option_B": {"合格"}, "option_C": {"基本合格"}, "option_D": {"不合格"}, "answer": {"ABCD"}},
	} {
		c.postForm("/questions", v).wantStatus(http.StatusSeeOther)
	}
	// A 党小组 keeps no bank, even for a form made by hand.
	c.postForm("/questions", url.Values{"org_id": {strconv.FormatInt(e.demoOrg(demo.FirstGroupName).ID, 10)},
		"question_kind": {"truefalse"}, "stem": {"小组题库"}, "answer": {"对"}}).wantStatus(http.StatusNotFound)
	r := c.postForm("/questions", url.Values{"org_id": {strconv.FormatInt(branch.ID, 10)}, "question_kind": {"single"},
		"stem": {"x"}, "option_A": {"甲"}, "answer": {"A"}}).wantStatus(http.StatusUnprocessableEntity)
	if !strings.Contains(r.Body, "选择题至少要有 A、B 两个选项") {
		t.Error("the form does not say what is wrong with the options")
	}
	exp := c.get("/questions/export.xlsx").wantStatus(http.StatusOK)
	preview := c.stageQuestions(branch.ID, []byte(exp.Body))
	doc := c.get(preview).wantStatus(http.StatusOK).doc()
	if doc.Find("tbody tr").Length() != 3 || doc.Find("tbody tr.bad").Length() != 0 {
		t.Fatalf("the export read back: %d rows, %d bad", doc.Find("tbody tr").Length(), doc.Find("tbody tr.bad").Length())
	}
	c.postForm(strings.TrimSuffix(preview, "/preview")+"/confirm", nil).wantStatus(http.StatusSeeOther)
	qs, n, _ := e.store.FindQuestions(context.Background(), huoshui.QuestionFilter{Scope: huoshui.Everything()})
	if n != 6 {
		t.Fatalf("%d questions after importing the export, want 6", n)
	}
	count := map[string]int{}
	for _, q := range qs {
		count[q.Stem+"|"+q.Answer+"|"+strings.Join(q.Options, ",")+"|"+strings.Join(q.Tags, ",")+"|"+q.Explanation]++
	}
	for k, v := range count {
		if v != 2 {
			t.Errorf("%q came back %d times, want twice", k, v)
		}
	}
	tpl := c.get("/questions/import/template.xlsx").wantStatus(http.StatusOK)
	if !strings.HasPrefix(tpl.Body, "PK") {
		t.Error("the template is not a workbook")
	}
}

func TestSelfTestPrivateAndScoped(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		branch := e.demoOrg(demo.BranchName)
		second := e.demoOrg(demo.SecondBranch)
		sec := huoshui.Actor{Username: "test"}
		q := &huoshui.Question{OrgID: branch.ID, Kind: huoshui.QuestionSingle, Stem: "支部委员会会议一般多久召开一次？",
			Options: []string{"每月", "每季度"}, Answer: "A", Explanation: "一般每月召开一次。", Tags: []string{"三会一课"}}
		if err := e.store.CreateQuestion(ctx, sec, q); err != nil {
			t.Fatal(err)
		}
		member := e.login("member")
		doc := member.get("/selftest").wantStatus(http.StatusOK).doc()
		if doc.Find(`input[name="tags"][value="三会一课"]`).Length() != 1 {
			t.Fatal("the member is not offered the tag 三会一课")
		}
		if doc.Find(`nav a[href="/selftest"]`).Length() == 0 {
			t.Error("no nav entry 题库自测 for a member")
		}
		r := member.postForm("/selftest", url.Values{"tags": {"三会一课"}, "count": {"１０"}}).wantStatus(http.StatusSeeOther)
		test := r.Header.Get("Location")
		take := member.get(test).wantStatus(http.StatusOK).doc()
		if take.Find(`input[name="a1"]`).Length() != 2 {
			t.Fatalf("the test shows %d choices, want 2", take.Find(`input[name="a1"]`).Length())
		}
		if strings.Contains(take.Text(), "一般每月召开一次") {
			t.Error("the explanation shows before the test is handed in")
		}
		member.postForm(test, url.Values{"a1": {"A"}}).wantStatus(http.StatusSeeOther)
		res := member.get(test).wantStatus(http.StatusOK)
		if !strings.Contains(res.Body, "答对 1 / 1 题") || !strings.Contains(res.Body, "一般每月召开一次") {
			t.Errorf("the result page: %s", res.doc().Find("main").Text())
		}
		// The secretary sees counts, not the member's test.
		secretary := e.login("secretary")
		secretary.get(test).wantStatus(http.StatusNotFound)
		stats := secretary.get("/questions/stats").wantStatus(http.StatusOK)
		name := e.findAccount("member").DisplayName
		if strings.Contains(stats.Body, name) {
			t.Errorf("the statistics name the member %s", name)
		}
		if !strings.Contains(stats.Body, branch.Name) || !strings.Contains(stats.Body, "作答太少") {
			t.Error("the statistics do not count the branch's test, or show a share of one answer")
		}
		member.get("/questions/stats").wantStatus(http.StatusForbidden)
		member.get("/questions").wantStatus(http.StatusForbidden)

		// An officer of the branch beside sees neither the question nor the test.
		e.newAccount("qb-secretary", huoshui.Role{OrgID: second.ID, Kind: huoshui.RoleSecretary})
		other := e.login("qb-secretary")
		other.get("/questions/" + strconv.FormatInt(q.ID, 10)).wantStatus(http.StatusNotFound)
		other.postForm("/questions/"+strconv.FormatInt(q.ID, 10)+"/archive", nil).wantStatus(http.StatusNotFound)
		other.get(test).wantStatus(http.StatusNotFound)
		if strings.Contains(other.get("/questions/stats").wantStatus(http.StatusOK).Body, branch.Name) {
			t.Error("the branch beside counts the secretariat's tests")
		}
	})
}
