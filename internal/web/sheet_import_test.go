package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/huoshui/huoshui/internal/demo"
)

// The imports share one staging table, and each finds only its own
// sheets: a roster's id under the question import's address (or the
// other way round) is not found, to preview, confirm or discard, and
// both sheets stay.
func TestSheetImportsFindOnlyTheirOwnSheets(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	c := e.login("secretary")
	branch := e.demoOrg(demo.BranchName)
	roster := c.stageRoster(branch.ID, rosterFile(t, importHeader,
		[]any{"高明", "男", impID1, "", "正式党员", "2010-10-08", "2012-07-01", "2013-07-01", "", ""}))
	questions := c.stageQuestions(branch.ID, rosterFile(t, questionHeader,
		[]any{"判断题", "主题党日一般每月开展一次。", "", "", "", "", "", "", "√", "", ""}))
	id := func(preview string) string { return strings.Split(preview, "/")[3] }
	crossed := []string{"/questions/import/" + id(roster), "/members/import/" + id(questions)}
	for _, base := range crossed {
		c.get(base + "/preview").wantStatus(http.StatusNotFound)
		c.postForm(base+"/confirm", url.Values{}).wantStatus(http.StatusNotFound)
		c.postForm(base+"/discard", url.Values{}).wantStatus(http.StatusNotFound)
	}
	c.get(roster).wantStatus(http.StatusOK)
	c.get(questions).wantStatus(http.StatusOK)
}

// The question import's preview, like the roster's, lists only the rows
// with problems on request, and a refused confirmation shows every row
// again.
func TestQuestionsPreviewOnlyBadRows(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	c := e.login("secretary")
	branch := e.demoOrg(demo.BranchName)
	good := []any{"判断题", "主题党日一般每月开展一次。", "", "", "", "", "", "", "√", "", "三会一课"}
	bad := []any{"单选", "党费按月交纳还是按年交纳？", "按月", "按年", "", "", "", "", "AB", "", "党费"}
	preview := c.stageQuestions(branch.ID, rosterFile(t, questionHeader, good, bad, good))
	doc := c.get(preview).wantStatus(http.StatusOK).doc()
	if n := doc.Find("table.import-preview tbody tr").Length(); n != 3 {
		t.Errorf("the preview lists %d rows, want 3", n)
	}
	if doc.Find(`a[href="?only=bad"]`).Length() != 1 {
		t.Error("no link to the rows with problems")
	}
	only := c.get(preview + "?only=bad").wantStatus(http.StatusOK).doc()
	rows := only.Find("table.import-preview tbody tr")
	if rows.Length() != 1 || !strings.Contains(rows.Text(), "党费按月交纳") || !strings.Contains(rows.Text(), "答案：") {
		t.Errorf("only=bad lists %d rows: %q", rows.Length(), rows.Text())
	}
	r := c.postForm(strings.TrimSuffix(preview, "/preview")+"/confirm", url.Values{}).wantStatus(http.StatusUnprocessableEntity)
	if n := r.doc().Find("table.import-preview tbody tr").Length(); n != 3 {
		t.Errorf("the refusal lists %d rows, want all 3", n)
	}
}

// The question import refuses what is not a question sheet as the roster
// import does, with its form shown again.
func TestQuestionsImportRefusesWhatIsNotASheet(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	c := e.login("secretary")
	branch := e.demoOrg(demo.BranchName)
	xls := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 2048)...)
	for _, tc := range []struct {
		name string
		org  int64
		data []byte
		says string
	}{
		{"text", branch.ID, []byte("这不是一张表格。\n"), "不是 Excel 表格"}, // a .csv is read (report.TestParseRosterCSV)
		{"xls", branch.ID, xls, "旧版 Excel（.xls）"},
		{"another org", e.demoOrg(demo.SecondBranch).ID, rosterFile(t, questionHeader), "请选择导入到哪个组织的题库"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.as(t).uploadQuestions(tc.org, tc.data).wantStatus(http.StatusUnprocessableEntity)
			if !strings.Contains(r.Body, tc.says) {
				t.Errorf("the page does not say %q", tc.says)
			}
			if r.doc().Find(`form[action="/questions/import"] input[type=file]`).Length() != 1 {
				t.Error("the upload form is not shown again")
			}
		})
	}
}
