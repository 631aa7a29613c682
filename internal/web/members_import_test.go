package web_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/xuri/excelize/v2"
)

// rosterFile builds an .xlsx whose first sheet holds rows from A1.
func rosterFile(t *testing.T, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// uploadRoster posts the import form with a file.
func (c *client) uploadRoster(org int64, name string, data []byte) *response {
	c.e.T().Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if org != 0 {
		mw.WriteField("org", strconv.FormatInt(org, 10))
	}
	if name != "" {
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.e.srv.URL+"/members/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

var previewPath = regexp.MustCompile(`^/members/import/(\d+)/preview$`)

// stageRoster uploads a file and returns the preview's address.
func (c *client) stageRoster(org int64, data []byte) string {
	c.e.T().Helper()
	r := c.uploadRoster(org, "花名册.xlsx", data).wantStatus(http.StatusSeeOther)
	loc := r.Header.Get("Location")
	if !previewPath.MatchString(loc) {
		c.e.T().Fatalf("upload redirects to %q, want a preview", loc)
	}
	return loc
}

func batchURL(preview, action string) string {
	return strings.TrimSuffix(preview, "/preview") + "/" + action
}

// branchCount is how many current members a branch has, counted afresh.
func (e *env) branchCount(org *huoshui.Org) int {
	e.T().Helper()
	_, n, err := e.store.FindMembers(context.Background(), huoshui.MemberFilter{Scope: huoshui.Scope{All: true}, OrgID: org.ID})
	if err != nil {
		e.T().Fatal(err)
	}
	return n
}

var importHeader = []any{"姓名", "性别", "身份证号", "学历", "人员类别", "递交申请日期", "入党日期", "转正日期", "党小组", "联系电话"}

// Valid ID numbers nobody in the demo has (region 110101).
const (
	impID1 = "110101199003070011" // 1990-03-07, male
	impID2 = "110101199205150028" // 1992-05-15, female
	impID3 = "110101199501010038" // 1995-01-01, male
)

func TestImportCleanRoster(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		c := e.login("secretary")
		branch := e.demoOrg(demo.BranchName)
		before := e.branchCount(branch)
		data := rosterFile(t, importHeader,
			[]any{"高明", "男", impID1, "大学本科", "正式党员", "2010-10-08", "2012/07/01", "2013.07.01", "第一党小组", "13900001111"},
			[]any{"林小红", "女", impID2, "硕士", "预备党员", "2014年3月5日", "20250701", "", demo.SecondGroup, ""},
			[]any{"许亮", "male", impID3, "", "入党申请人", "2024-05-06", "", "", "", ""},
		)
		preview := c.stageRoster(branch.ID, data)

		// Nothing is written before confirmation.
		if n := e.branchCount(branch); n != before {
			t.Fatalf("after upload the branch has %d members, want %d still", n, before)
		}
		doc := c.get(preview).wantStatus(http.StatusOK).doc()
		if got := doc.Find(".counts").Text(); got != "共 3 行，没有发现问题。" {
			t.Errorf("counts say %q", got)
		}
		if n := doc.Find("table.import-preview tbody tr").Length(); n != 3 {
			t.Errorf("preview lists %d rows, want 3", n)
		}
		if doc.Find("tr.bad").Length() != 0 {
			t.Errorf("clean rows are marked bad")
		}
		if doc.Find(`form[action$="/confirm"] button`).Length() != 1 {
			t.Fatalf("no confirm button on a clean preview")
		}

		r := c.postForm(batchURL(preview, "confirm"), url.Values{}).wantStatus(http.StatusSeeOther)
		if loc := r.Header.Get("Location"); loc != "/members?org="+strconv.FormatInt(branch.ID, 10) {
			t.Errorf("confirm redirects to %q", loc)
		}
		list := c.get(r.Header.Get("Location")).wantStatus(http.StatusOK)
		if got := list.doc().Find(".flash").Text(); got != "已导入 3 人。" {
			t.Errorf("flash says %q", got)
		}
		for _, name := range []string{"高明", "林小红", "许亮"} {
			if !strings.Contains(list.Body, name) {
				t.Errorf("%s is not on the member list after the import", name)
			}
		}
		if n := e.branchCount(branch); n != before+3 {
			t.Errorf("branch has %d members, want %d", n, before+3)
		}
		o, err := e.store.FindOrgByID(context.Background(), huoshui.Everything(), branch.ID)
		if err != nil || o.MemberCount != branch.MemberCount+3 || o.FullCount != branch.FullCount+1 {
			t.Errorf("branch counts %d/%d, want %d/%d", o.MemberCount, o.FullCount, branch.MemberCount+3, branch.FullCount+1)
		}
		// A group named without its remark is still found; the birth date
		// comes from the ID number.
		m := e.demoMember("高明")
		if m.GroupName != demo.FirstGroupName || !m.BirthDate.Equal(huoshui.NewDate(1990, 3, 7)) || m.Education != "bachelor" {
			t.Errorf("imported member %+v", m)
		}
		entries, _, err := e.store.FindAuditEntries(context.Background(), huoshui.AuditFilter{
			Scope: huoshui.Scope{All: true}, Action: huoshui.AuditImport})
		if err != nil || len(entries) != 1 || entries[0].Username != "secretary" {
			t.Errorf("import audit entries %+v (%v), want one by the secretary", entries, err)
		}
		// The batch is gone: the preview and a second confirm find nothing.
		c.get(preview).wantStatus(http.StatusNotFound)
		c.postForm(batchURL(preview, "confirm"), url.Values{}).wantStatus(http.StatusNotFound)
		if n := e.branchCount(branch); n != before+3 {
			t.Errorf("after a second confirm the branch has %d members, want %d", n, before+3)
		}
	})
}

func TestImportRowsWithProblems(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		c := e.login("secretary")
		branch := e.demoOrg(demo.BranchName)
		before := e.branchCount(branch)
		data := rosterFile(t, importHeader,
			[]any{"高明", "男", impID1, "大学本科", "正式党员", "2010-10-08", "2012-07-01", "2013-07-01", "", ""},
			[]any{"林小红", "女", impID2[:17] + "9", "", "预备党员", "2014-03-05", "2025-07-01", "", "", ""}, // line 3: check digit
			[]any{"", "男", impID3, "", "入党申请人", "2024-05-06", "", "", "", ""},                        // line 4: no name
			[]any{"周六", "男", "", "", "群众", "", "", "", "", ""},                                       // line 5: status
			[]any{"吴七", "女", "", "", "预备党员", "2014-03-05", "去年七月", "", "", ""},                       // line 6: date
			[]any{"郑八", "男", "", "", "入党申请人", "2024-05-06", "", "", "第九党小组", ""},                     // line 7: group
		)
		preview := c.stageRoster(branch.ID, data)
		r := c.get(preview).wantStatus(http.StatusOK)
		doc := r.doc()
		if got := doc.Find(".counts").Text(); got != "共 6 行，5 行有问题。" {
			t.Errorf("counts say %q", got)
		}
		if n := doc.Find("tr.bad").Length(); n != 5 {
			t.Errorf("%d rows marked bad, want 5", n)
		}
		for _, want := range []string{
			"第 3 行“身份证号”：身份证号校验位不对，请逐位核对。",
			"第 4 行“姓名”：请填写这一项。",
			"第 5 行“人员类别”：“群众”不是可选的人员类别",
			"第 6 行“入党日期”：日期格式应为 2026-11-24。",
			"第 7 行“党小组”：所选党支部下没有名为“第九党小组”的党小组。",
		} {
			if !strings.Contains(doc.Find("tr.bad .problems").Text(), want) {
				t.Errorf("preview does not say %q", want)
			}
		}
		if doc.Find(`form[action$="/confirm"]`).Length() != 0 {
			t.Errorf("confirm offered although rows have problems")
		}
		// Only the bad rows, on request.
		if n := c.get(preview + "?only=bad").doc().Find("table.import-preview tbody tr").Length(); n != 5 {
			t.Errorf("only=bad lists %d rows, want 5", n)
		}
		// Confirming anyway is refused and writes nothing.
		r = c.postForm(batchURL(preview, "confirm"), url.Values{}).wantStatus(http.StatusUnprocessableEntity)
		if !strings.Contains(r.Body, "身份证号校验位不对") {
			t.Errorf("refused confirm does not show the problems")
		}
		if n := e.branchCount(branch); n != before {
			t.Errorf("after a refused import the branch has %d members, want %d", n, before)
		}
	})
}

func TestImportClashWithExistingMemberWritesNothing(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		c := e.login("secretary")
		branch := e.demoOrg(demo.BranchName)
		before := e.branchCount(branch)
		taken := e.demoMember("郭立新") // in the other branch
		data := rosterFile(t, importHeader,
			[]any{"高明", "男", impID1, "", "正式党员", "2010-10-08", "2012-07-01", "2013-07-01", "", ""},
			[]any{"郭立新", "男", taken.IDNumber, "", "正式党员", "1992-05-04", "1994-07-01", "1995-07-01", "", ""},
		)
		preview := c.stageRoster(branch.ID, data)
		c.get(preview).wantStatus(http.StatusOK)
		r := c.postForm(batchURL(preview, "confirm"), url.Values{}).wantStatus(http.StatusUnprocessableEntity)
		doc := r.doc()
		bad := doc.Find("tr.bad")
		if bad.Length() != 1 || !strings.Contains(bad.Text(), "第 3 行“身份证号”：这个身份证号已经登记在别的党员名下。") {
			t.Errorf("refusal marks %d rows: %q", bad.Length(), bad.Text())
		}
		if !strings.Contains(doc.Find(".form-error").Text(), "名册没有任何变化") {
			t.Errorf("refusal does not say the roster is unchanged")
		}
		if n := e.branchCount(branch); n != before {
			t.Errorf("branch has %d members, want %d: a refused import wrote rows", n, before)
		}
		if ms, _, _ := e.store.FindMembers(context.Background(), huoshui.MemberFilter{Scope: huoshui.Scope{All: true}, Query: "高明"}); len(ms) != 0 {
			t.Errorf("the clean row went in alone: %v", ms)
		}
		// The batch is still there to look at or discard.
		c.get(preview).wantStatus(http.StatusOK)
		c.postForm(batchURL(preview, "discard"), url.Values{}).wantStatus(http.StatusSeeOther)
		c.get(preview).wantStatus(http.StatusNotFound)
	})
}

func TestImportRefusesWhatIsNotARoster(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	c := e.login("secretary")
	branch := e.demoOrg(demo.BranchName)
	xls := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 2048)...)
	big := make([]byte, 11<<20)
	rand.Read(big)
	for _, tc := range []struct {
		name   string
		file   string
		data   []byte
		status int
		says   string
	}{
		{"text", "名单.txt", []byte("姓名,人员类别\n王五,正式党员\n"), http.StatusUnprocessableEntity, "不是 Excel 表格"},
		{"png", "photo.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), http.StatusUnprocessableEntity, "不是 Excel 表格"},
		{"xls", "花名册.xls", xls, http.StatusUnprocessableEntity, "旧版 Excel（.xls）"},
		{"no header", "x.xlsx", rosterFile(t, []any{"甲", "乙"}), http.StatusUnprocessableEntity, "没有找到表头"},
		{"no status column", "x.xlsx", rosterFile(t, []any{"姓名", "性别"}, []any{"王五", "男"}), http.StatusUnprocessableEntity, "没有“人员类别”这一列"},
		{"no file", "", nil, http.StatusUnprocessableEntity, "请选择要上传的花名册文件"},
		{"over 10 MB", "big.xlsx", big, http.StatusRequestEntityTooLarge, "文件超过 10 MB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := c.as(t)
			r := c.uploadRoster(branch.ID, tc.file, tc.data).wantStatus(tc.status)
			if !strings.Contains(r.Body, tc.says) {
				t.Errorf("page does not say %q", tc.says)
			}
			// The form is shown again, ready for another file.
			if r.doc().Find(`form[action="/members/import"] input[type=file]`).Length() != 1 {
				t.Errorf("the upload form is not shown again")
			}
		})
	}
	// A branch outside the user's reach is refused on the form.
	other := e.demoOrg(demo.SecondBranch)
	r := c.uploadRoster(other.ID, "x.xlsx", rosterFile(t, importHeader)).wantStatus(http.StatusUnprocessableEntity)
	if !strings.Contains(r.Body, "请选择要导入的党支部") {
		t.Errorf("another branch's id was not refused on the form")
	}
}

func TestImportBatchBelongsToItsUploader(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	sec := e.login("secretary")
	branch := e.demoOrg(demo.BranchName)
	data := rosterFile(t, importHeader,
		[]any{"高明", "男", impID1, "", "正式党员", "2010-10-08", "2012-07-01", "2013-07-01", "", ""})
	preview := sec.stageRoster(branch.ID, data)

	// The organiser may import into the branch, but not someone else's batch.
	org := e.login("organiser")
	org.get("/members/import").wantStatus(http.StatusOK)
	org.get(preview).wantStatus(http.StatusNotFound)
	org.postForm(batchURL(preview, "confirm"), url.Values{}).wantStatus(http.StatusNotFound)
	org.postForm(batchURL(preview, "discard"), url.Values{}).wantStatus(http.StatusNotFound)

	// A member may not import at all.
	mem := e.login("member")
	// (No right to import anywhere is 403; another's batch is 404.)
	for _, path := range []string{"/members/import", "/members/import/template.xlsx"} {
		mem.get(path).wantStatus(http.StatusForbidden)
	}
	mem.get(preview).wantStatus(http.StatusNotFound)
	mem.uploadRoster(branch.ID, "x.xlsx", data).wantStatus(http.StatusForbidden)

	// The uploader still can, and nothing was imported by the others.
	sec.get(preview).wantStatus(http.StatusOK)
	if ms, _, _ := e.store.FindMembers(context.Background(), huoshui.MemberFilter{Scope: huoshui.Scope{All: true}, Query: "高明"}); len(ms) != 0 {
		t.Errorf("someone else's confirm imported %v", ms)
	}
	r := sec.postForm(batchURL(preview, "discard"), url.Values{}).wantStatus(http.StatusSeeOther)
	if got := sec.get(r.Header.Get("Location")).doc().Find(".flash").Text(); !strings.Contains(got, "已放弃这次导入") {
		t.Errorf("flash after discard %q", got)
	}
	sec.get(preview).wantStatus(http.StatusNotFound)
}

func TestImportFormAndTemplate(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	c := e.login("secretary")
	doc := c.get("/members/import").wantStatus(http.StatusOK).doc()
	opts := doc.Find("select#org option")
	if opts.Length() != 1 || strings.TrimSpace(opts.Text()) != demo.BranchName {
		t.Errorf("branch choices %q, want only %s", opts.Text(), demo.BranchName)
	}
	if doc.Find(`a[href="/members/import/template.xlsx"]`).Length() != 1 {
		t.Errorf("no link to the template")
	}
	if !strings.Contains(doc.Text(), "入党申请人、入党积极分子、发展对象、预备党员、正式党员") {
		t.Errorf("the form does not list the allowed statuses")
	}

	r := c.get("/members/import/template.xlsx").wantStatus(http.StatusOK)
	if ct := r.Header.Get("Content-Type"); !strings.Contains(ct, "spreadsheetml") {
		t.Errorf("template content type %q", ct)
	}
	if cd := r.Header.Get("Content-Disposition"); !strings.Contains(cd, "filename*=UTF-8''"+url.PathEscape("党员花名册模板.xlsx")) {
		t.Errorf("template disposition %q", cd)
	}
	f, err := excelize.OpenReader(strings.NewReader(r.Body))
	if err != nil {
		t.Fatalf("template is not a workbook: %v", err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 2 || got[1] != "填写说明" {
		t.Errorf("template sheets %v", got)
	}
	// The template uploads as a file with no one in it.
	r = c.uploadRoster(e.demoOrg(demo.BranchName).ID, "模板.xlsx", []byte(r.Body)).wantStatus(http.StatusUnprocessableEntity)
	if !strings.Contains(r.Body, "除了表头和示例行，没有填写人员") {
		t.Errorf("an empty template is not explained")
	}
}
