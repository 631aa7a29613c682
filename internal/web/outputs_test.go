package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/xuri/excelize/v2"
)

// addOutput records an output of the secretariat as its secretary would.
func (e *env) addOutput(x *huoshui.Output, owners ...string) *huoshui.Output {
	e.T().Helper()
	if x.OrgID == 0 {
		x.OrgID = e.demoOrg(demo.BranchName).ID
	}
	for _, name := range owners {
		x.Owners = append(x.Owners, huoshui.OutputOwner{MemberID: e.demoMember(name).ID})
	}
	if x.Date.IsZero() {
		x.Date = huoshui.DateOf(e.store.Now().In(huoshui.Shanghai)).AddDate(0, 0, -10)
	}
	if err := e.store.CreateOutput(context.Background(), huoshui.Actor{Username: "secretary"}, x, nil); err != nil {
		e.T().Fatalf("add output %s: %v", x.Title, err)
	}
	return x
}

func outputURL(x *huoshui.Output, suffix string) string {
	return fmt.Sprintf("/outputs/%d%s", x.ID, suffix)
}

func pdfBytes() []byte { return []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n") }

// Who may do what: a member of another branch finds nothing (404); a
// plain member sees the list and the record but may not record (403); an
// owner adds evidence to their own record and takes back only what they
// added; the secretary does everything.
func TestOutputPermissions(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		x := e.addOutput(&huoshui.Output{Kind: huoshui.OutputPublication, Title: "在督查督办中践行为民宗旨", Outlet: "联合日报",
			Level: huoshui.LevelProvincial}, "杨雪梅")
		owner := e.login("member") // 杨雪梅
		e.memberAccount("chen", "陈思远", huoshui.RoleMember, e.demoOrg(demo.BranchName))
		e.memberAccount("luo", "罗家明", huoshui.RoleMember, e.demoOrg(demo.SecondBranch))
		other, neighbour := e.signedIn("chen"), e.signedIn("luo")
		sec := e.login("secretary")

		t.Run("another branch", func(t *testing.T) {
			c := neighbour.as(t)
			for _, p := range []string{outputURL(x, ""), outputURL(x, "/edit"), outputURL(x, "/archive")} {
				c.get(p).wantStatus(http.StatusNotFound)
			}
			c.upload(outputURL(x, "/attachments"), "证明.pdf", pdfBytes()).wantStatus(http.StatusNotFound)
			if strings.Contains(c.get("/outputs").wantStatus(http.StatusOK).Body, x.Title) {
				t.Error("the list of another branch shows the secretariat's output")
			}
			c.get(fmt.Sprintf("/api/v1/orgs/%d/outputs", x.OrgID)).wantStatus(http.StatusNotFound)
		})
		t.Run("plain member", func(t *testing.T) {
			c := other.as(t)
			if !strings.Contains(c.get("/outputs").wantStatus(http.StatusOK).Body, x.Title) {
				t.Error("a member of the branch does not see its output")
			}
			c.get(outputURL(x, "")).wantStatus(http.StatusOK)
			c.get("/outputs/new").wantStatus(http.StatusForbidden)
			c.postForm("/outputs", url.Values{"kind": {"publication"}, "title": {"x"}}).wantStatus(http.StatusForbidden)
			c.get(outputURL(x, "/edit")).wantStatus(http.StatusForbidden)
			c.postForm(outputURL(x, "/archive"), nil).wantStatus(http.StatusForbidden)
			c.get("/outputs/import/publication").wantStatus(http.StatusForbidden)
			// Not an owner: no evidence either.
			c.upload(outputURL(x, "/attachments"), "证明.pdf", pdfBytes()).wantStatus(http.StatusForbidden)
		})
		t.Run("owner", func(t *testing.T) {
			c := owner.as(t)
			doc := c.get(outputURL(x, "")).wantStatus(http.StatusOK).doc()
			if doc.Find(`form[action$="/attachments#attachments"]`).Length() != 1 || doc.Find(`a[href$="/edit"]`).Length() != 0 {
				t.Error("the owner's page should offer an upload and no edit")
			}
			c.upload(outputURL(x, "/attachments"), "刊发页.pdf", pdfBytes()).wantStatus(http.StatusSeeOther)
			sec.as(t).upload(outputURL(x, "/attachments"), "报社证明.pdf", pdfBytes()).wantStatus(http.StatusSeeOther)
			xs, err := e.store.FindOutputAttachments(context.Background(), x.ID)
			if err != nil || len(xs) != 2 {
				t.Fatalf("evidence %v %v", xs, err)
			}
			mine, theirs := xs[0], xs[1]
			c.postForm(outputURL(x, fmt.Sprintf("/attachments/%d/remove", theirs.ID)), nil).wantStatus(http.StatusForbidden)
			c.postForm(outputURL(x, fmt.Sprintf("/attachments/%d/remove", mine.ID)), nil).wantStatus(http.StatusSeeOther)
			c.postForm(outputURL(x, fmt.Sprintf("/attachments/%d/restore", mine.ID)), nil).wantStatus(http.StatusSeeOther)
			r := c.get(outputURL(x, fmt.Sprintf("/attachments/%d", theirs.ID))).wantStatus(http.StatusOK)
			if r.Header.Get("Content-Type") != "application/pdf" {
				t.Errorf("download type %q", r.Header.Get("Content-Type"))
			}
			c.get(outputURL(x, "/edit")).wantStatus(http.StatusForbidden)
			// Evidence is a document or a photo, and a refusal says why.
			r = c.upload(outputURL(x, "/attachments"), "证明.exe", []byte("MZ\x90\x00 not a document"))
			r.wantStatus(http.StatusUnprocessableEntity)
			if !strings.Contains(r.doc().Find("#attachments .form-error").Text(), "证明.exe") {
				t.Error("a refused upload does not say which file and why")
			}
		})
		t.Run("secretary", func(t *testing.T) {
			c := sec.as(t)
			c.get("/outputs/new?kind=award").wantStatus(http.StatusOK)
			c.get(outputURL(x, "/edit")).wantStatus(http.StatusOK)
			c.postForm(outputURL(x, "/archive"), nil).wantStatus(http.StatusSeeOther)
			c.postForm(outputURL(x, "/restore"), nil).wantStatus(http.StatusSeeOther)
		})
	})
}

// The form of each kind: a good record goes in; bad input comes back with
// the message beside its field and nothing written.
func TestOutputForm(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		c := e.login("secretary")
		branch := e.demoOrg(demo.BranchName)
		yang, wang := e.demoMember("杨雪梅"), e.demoMember("王志强")
		today := huoshui.DateOf(e.store.Now().In(huoshui.Shanghai))
		base := url.Values{"org_id": {strconv.FormatInt(branch.ID, 10)}, "dated_on": {today.String()},
			"owners": {strconv.FormatInt(yang.ID, 10), strconv.FormatInt(wang.ID, 10)}}
		with := func(kv ...string) url.Values {
			v := cloneValues(base)
			for i := 0; i+1 < len(kv); i += 2 {
				v.Set(kv[i], kv[i+1])
			}
			return v
		}
		count := func() int {
			_, n, err := e.store.FindOutputs(context.Background(), huoshui.OutputFilter{Scope: huoshui.Everything()})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		bad := []struct {
			name, field, says string
			v                 url.Values
		}{
			{"a javascript link", "link", "http://", with("kind", "publication", "title", "文章", "outlet", "大众日报",
				"level", "provincial", "link", "javascript:alert(1)")},
			{"tomorrow", "dated_on", "不能晚于今天", with("kind", "award", "title", "先进个人", "issuer", "省直机关工委",
				"level", "provincial", "dated_on", today.AddDate(0, 0, 1).String())},
			{"negative characters", "characters", "负数", with("kind", "document", "title", "讲话稿", "doc_kind", "speech",
				"char_source", "entered", "characters", "-300")},
			{"no owner", "owners", "至少选择一位", func() url.Values {
				v := with("kind", "innovation", "title", "办文流程再造", "problem", "慢", "change", "快", "innovation_status", "trial")
				v.Del("owners")
				return v
			}()},
		}
		for _, b := range bad {
			r := c.postForm("/outputs", b.v).wantStatus(http.StatusUnprocessableEntity)
			if got := msgNextTo(r, b.field); !strings.Contains(got, b.says) {
				if b.field == "owners" {
					got = r.doc().Find("fieldset.invalid .field-error").Text()
				}
				if !strings.Contains(got, b.says) {
					t.Errorf("%s: the message beside %s is %q, want it to say %q", b.name, b.field, got, b.says)
				}
			}
		}
		if n := count(); n != 0 {
			t.Fatalf("refused forms wrote %d outputs", n)
		}
		// Characters from pasted text, as Word counts them.
		r := c.postForm("/outputs", with("kind", "document", "title", "2026年工作要点", "doc_kind", "work_report",
			"char_source", "text", "pasted_text", "2026年工作要点。\n一、总体要求")).wantStatus(http.StatusSeeOther)
		id, _ := strconv.ParseInt(strings.TrimPrefix(r.Header.Get("Location"), "/outputs/"), 10, 64)
		x, err := e.store.FindOutputByID(context.Background(), huoshui.Everything(), id)
		if err != nil {
			t.Fatal(err)
		}
		if x.Characters != 13 || x.CharSource != huoshui.CharsFromText || len(x.Owners) != 2 {
			t.Errorf("counted %d from %s, owners %v; want 13 from text", x.Characters, x.CharSource, x.Owners)
		}
		// An edit without new text keeps the count.
		c.postForm(outputURL(x, ""), with("title", "2026年工作要点（修订）", "doc_kind", "work_report", "char_source", "text")).
			wantStatus(http.StatusSeeOther)
		x, _ = e.store.FindOutputByID(context.Background(), huoshui.Everything(), id)
		if x.Characters != 13 || x.Title != "2026年工作要点（修订）" {
			t.Errorf("after the edit %d characters, %q", x.Characters, x.Title)
		}
		// Characters from a .docx, kept as evidence.
		docx := zipOf(t, map[string]string{"[Content_Types].xml": "<Types/>",
			"word/document.xml": `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
				`<w:p><w:r><w:t>关于档案数字化的调研报告</w:t></w:r></w:p><w:p><w:r><w:t>一、基本情况</w:t></w:r></w:p></w:body></w:document>`})
		r = c.postMultipart("/outputs", with("kind", "document", "title", "关于档案数字化的调研报告", "doc_kind", "research_report",
			"char_source", "docx"), "docx", "调研报告.docx", docx).wantStatus(http.StatusSeeOther)
		id, _ = strconv.ParseInt(strings.TrimPrefix(r.Header.Get("Location"), "/outputs/"), 10, 64)
		x, _ = e.store.FindOutputByID(context.Background(), huoshui.Everything(), id)
		if x.Characters != 18 || x.CharSource != huoshui.CharsFromDocx {
			t.Errorf("counted %d from %s, want 18 from the .docx", x.Characters, x.CharSource)
		}
		if xs, _ := e.store.FindOutputAttachments(context.Background(), id); len(xs) != 1 || xs[0].Name != "调研报告.docx" {
			t.Errorf("the counted .docx is not kept as evidence: %v", xs)
		}
		// A PDF is no Word document.
		r = c.postMultipart("/outputs", with("kind", "document", "title", "讲话稿", "doc_kind", "speech", "char_source", "docx"),
			"docx", "讲话稿.pdf", pdfBytes()).wantStatus(http.StatusUnprocessableEntity)
		if !strings.Contains(r.Body, "不是 Word 文档") {
			t.Error("a PDF counted as a .docx is not refused with a clear message")
		}
	})
}

// postMultipart posts a form with one file, as the document form does.
func (c *client) postMultipart(path string, v url.Values, field, name string, data []byte) *response {
	c.e.T().Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range v {
		for _, s := range vs {
			mw.WriteField(k, s)
		}
	}
	fw, _ := mw.CreateFormFile(field, name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.e.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// The list: a tab per kind with its count, filters by level, year, owner
// and words, sorting, and the JSON list.
func TestOutputList(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		today := huoshui.DateOf(e.store.Now().In(huoshui.Shanghai))
		lastYear := huoshui.NewDate(today.Year()-1, 6, 1)
		e.addOutput(&huoshui.Output{Kind: huoshui.OutputPublication, Title: "甲文章", Outlet: "人民政协报", Level: huoshui.LevelNational}, "王志强")
		e.addOutput(&huoshui.Output{Kind: huoshui.OutputPublication, Title: "乙文章", Outlet: "济南日报", Level: huoshui.LevelCity, Date: lastYear}, "杨雪梅")
		e.addOutput(&huoshui.Output{Kind: huoshui.OutputPublication, Title: "丙文章", Outlet: "大众日报", Level: huoshui.LevelProvincial}, "杨雪梅", "王志强")
		doc := e.addOutput(&huoshui.Output{Kind: huoshui.OutputDocument, Title: "讲话稿", DocKind: huoshui.DocSpeech, Characters: 5200}, "吴佳宁")
		e.addOutput(&huoshui.Output{Kind: huoshui.OutputInnovation, Title: "扫码登记", Problem: "慢", Change: "快", Status: huoshui.InnovationTrial}, "周海涛")
		c := e.login("secretary")
		titles := func(path string) []string {
			t.Helper()
			var out []string
			c.get(path).wantStatus(http.StatusOK).doc().Find("table tbody tr td:first-child a").Each(func(_ int, s *goquery.Selection) {
				out = append(out, s.Text())
			})
			return out
		}
		d := c.get("/outputs").wantStatus(http.StatusOK).doc()
		tabs := strings.Join(strings.Fields(d.Find("nav.tabs").Text()), " ")
		if tabs != "发表文章 3 获奖 0 起草文稿 1 工作创新 1" {
			t.Errorf("tabs say %q", tabs)
		}
		if got := d.Find("nav.tabs a[aria-current]").Text(); !strings.Contains(got, "发表文章") {
			t.Errorf("current tab %q", got)
		}
		yang := e.demoMember("杨雪梅").ID
		cases := []struct {
			path string
			want string
		}{
			{"/outputs", "丙文章 甲文章 乙文章"},
			{"/outputs?level=national", "甲文章"},
			{fmt.Sprintf("/outputs?year=%d", today.Year()-1), "乙文章"},
			{fmt.Sprintf("/outputs?owner=%d", yang), "丙文章 乙文章"},
			{"/outputs?q=" + url.QueryEscape("大众"), "丙文章"},
			{"/outputs?sort=level", "甲文章 丙文章 乙文章"},
			{"/outputs?sort=title", "丙文章 乙文章 甲文章"},
			{"/outputs?kind=document", "讲话稿"},
			{"/outputs?kind=innovation&level=national", "扫码登记"}, // a level means nothing to innovations
		}
		for _, cs := range cases {
			if got := strings.Join(titles(cs.path), " "); got != cs.want {
				t.Errorf("%s lists %q, want %q", cs.path, got, cs.want)
			}
		}
		if got := c.get("/outputs?kind=document").doc().Find("caption").Text(); !strings.Contains(got, "5200") {
			t.Errorf("the documents' caption %q does not sum their characters", got)
		}
		// The JSON list.
		branch := e.demoOrg(demo.BranchName)
		r := c.get(fmt.Sprintf("/api/v1/orgs/%d/outputs?kind=document&year=%d", branch.ID, today.Year())).wantStatus(http.StatusOK)
		var out struct {
			Outputs []struct {
				ID     int64  `json:"id"`
				Kind   string `json:"kind"`
				Title  string `json:"title"`
				Date   string `json:"date"`
				Owners []struct {
					ID   int64  `json:"id"`
					Name string `json:"name"`
				} `json:"owners"`
			} `json:"outputs"`
			Total int `json:"total"`
		}
		if err := json.Unmarshal([]byte(r.Body), &out); err != nil {
			t.Fatal(err)
		}
		if out.Total != 1 || len(out.Outputs) != 1 || out.Outputs[0].ID != doc.ID || out.Outputs[0].Kind != "document" ||
			out.Outputs[0].Owners[0].Name != "吴佳宁" || out.Outputs[0].Date != doc.Date.String() {
			t.Errorf("API answers %s", r.Body)
		}
		c.get(fmt.Sprintf("/api/v1/orgs/%d/outputs?kind=poem", branch.ID)).wantStatus(http.StatusUnprocessableEntity)

		// The committee's organiser sees every branch's outputs, each row
		// with its branch, and narrows to one.
		org := e.login("organiser")
		d = org.get("/outputs").wantStatus(http.StatusOK).doc()
		if !strings.Contains(d.Find("table").Text(), demo.BranchName) || d.Find("select#org option").Length() < 3 {
			t.Error("the organiser's list does not say whose each output is, or offers no choice of branch")
		}
		second := e.demoOrg(demo.SecondBranch)
		if n := org.get(fmt.Sprintf("/outputs?org=%d", second.ID)).doc().Find("table tbody tr").Length(); n != 0 {
			t.Errorf("the branch beside lists %d of the secretariat's outputs", n)
		}
		org.get(fmt.Sprintf("/outputs/new?kind=award&org=%d", second.ID)).wantStatus(http.StatusOK)
	})
}

var outputPreviewPath = regexp.MustCompile(`^/outputs/import/publication/(\d+)/preview$`)

// An import round trip: the export opens as .xlsx with a title row over
// its headings; imported again, the preview shows its rows, and the
// confirmation writes them. A sheet with a row whose owner is nobody, or
// two people, is refused with a message that says so, and nothing is
// written.
func TestOutputExportImport(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		branch := e.demoOrg(demo.BranchName)
		e.addOutput(&huoshui.Output{Kind: huoshui.OutputPublication, Title: "以高质量督查推动决策落地", Outlet: "人民政协报",
			Level: huoshui.LevelNational, Link: "https://example.cn/a.html"}, "王志强", "杨雪梅")
		e.addOutput(&huoshui.Output{Kind: huoshui.OutputPublication, Title: "档案数字化的实践与思考", Outlet: "大众日报",
			Level: huoshui.LevelProvincial}, "刘晓燕")
		c := e.login("secretary")
		r := c.get("/outputs/export.xlsx?kind=publication").wantStatus(http.StatusOK)
		if !strings.Contains(r.Header.Get("Content-Type"), "spreadsheetml") {
			t.Fatalf("export type %q", r.Header.Get("Content-Type"))
		}
		f, err := excelize.OpenReader(strings.NewReader(r.Body))
		if err != nil {
			t.Fatalf("the export does not open as .xlsx: %v", err)
		}
		sheet := f.GetSheetList()[0]
		a1, _ := f.GetCellValue(sheet, "A1")
		a2, _ := f.GetCellValue(sheet, "A2")
		a3, _ := f.GetCellValue(sheet, "A3")
		f.Close()
		if !strings.Contains(a1, "发表文章") || a2 != "文章标题" || a3 == "" {
			t.Errorf("A1 %q, A2 %q, A3 %q: want a title row, the headings, then the rows", a1, a2, a3)
		}
		c.get("/outputs/import/publication/template.xlsx").wantStatus(http.StatusOK)
		c.get("/outputs/import/publication").wantStatus(http.StatusOK)

		upload := func(name string, data []byte) *response {
			var body bytes.Buffer
			mw := multipart.NewWriter(&body)
			mw.WriteField("org", strconv.FormatInt(branch.ID, 10))
			fw, _ := mw.CreateFormFile("file", name)
			fw.Write(data)
			mw.Close()
			req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/outputs/import/publication", &body)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			return c.do(req)
		}
		total := func() int {
			_, n, _ := e.store.FindOutputs(ctx, huoshui.OutputFilter{Scope: huoshui.Everything()})
			return n
		}
		r = upload("发表文章.xlsx", []byte(r.Body)).wantStatus(http.StatusSeeOther)
		preview := r.Header.Get("Location")
		if !outputPreviewPath.MatchString(preview) {
			t.Fatalf("the upload goes to %q, want its preview", preview)
		}
		d := c.get(preview).wantStatus(http.StatusOK).doc()
		if n := d.Find("table.import-preview tbody tr").Length(); n != 2 || d.Find("tr.bad").Length() != 0 {
			t.Fatalf("the preview shows %d rows (%d bad), want the 2 exported, clean", n, d.Find("tr.bad").Length())
		}
		if !strings.Contains(d.Text(), "以高质量督查推动决策落地") || !strings.Contains(d.Text(), "王志强") {
			t.Error("the preview does not show the exported row")
		}
		c.postForm(strings.TrimSuffix(preview, "/preview")+"/confirm", nil).wantStatus(http.StatusSeeOther)
		if n := total(); n != 4 {
			t.Fatalf("%d outputs after the import, want 4", n)
		}

		// A sheet with a name nobody has and one two people have.
		twin := &huoshui.Member{OrgID: branch.ID, Name: "王志强", Gender: huoshui.Male, Status: huoshui.StatusFull,
			AppliedOn: huoshui.NewDate(2010, 3, 1), ProbationOn: huoshui.NewDate(2012, 7, 1), FullOn: huoshui.NewDate(2013, 7, 1)}
		if err := e.store.CreateMember(ctx, huoshui.Actor{Username: "test"}, twin); err != nil {
			t.Fatal(err)
		}
		data := rosterFile(t, []any{"文章标题", "发表日期", "刊物/媒体", "级别", "作者"},
			[]any{"好的一行", "2026-01-05", "大众日报", "省级", "杨雪梅"},
			[]any{"没有这个人", "2026-01-05", "大众日报", "省级", "张三丰"},
			[]any{"两个王志强", "2026-01-05", "大众日报", "省级", "王志强"},
		)
		preview = upload("有问题.xlsx", data).wantStatus(http.StatusSeeOther).Header.Get("Location")
		d = c.get(preview).wantStatus(http.StatusOK).doc()
		text := d.Text()
		if d.Find("tr.bad").Length() != 2 || !strings.Contains(text, "找不到") || !strings.Contains(text, "2 位党员叫“王志强”") {
			t.Errorf("the preview does not say which owners are wrong: %d bad rows\n%s", d.Find("tr.bad").Length(), d.Find(".row-problems").Text())
		}
		if d.Find(`form[action$="/confirm"]`).Length() != 0 {
			t.Error("a sheet with problems offers to confirm")
		}
		r = c.postForm(strings.TrimSuffix(preview, "/preview")+"/confirm", nil).wantStatus(http.StatusUnprocessableEntity)
		if !strings.Contains(r.Body, "张三丰") {
			t.Error("the refused confirmation does not name the problem")
		}
		if n := total(); n != 4 {
			t.Errorf("%d outputs after a refused import, want 4 still", n)
		}
	})
}
