package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/report"
)

// annualDigitRE finds a digit, ASCII or full-width.
var annualDigitRE = regexp.MustCompile(`[0-9０-９]`)

// annualNumberRE finds the numbers written in a text.
var annualNumberRE = regexp.MustCompile(`[0-9]+`)

// annualSections reads the report's sections from its page: the
// textareas an officer edits, or the text a reader sees.
func annualSections(t *testing.T, doc *goquery.Document) []huoshui.ReportSection {
	t.Helper()
	var out []huoshui.ReportSection
	doc.Find("textarea[data-section]").Each(func(_ int, s *goquery.Selection) {
		id, _ := s.Attr("id")
		out = append(out, huoshui.ReportSection{Heading: strings.TrimSpace(doc.Find(`label[for="` + id + `"]`).Text()), Text: s.Text()})
	})
	if len(out) == 0 {
		doc.Find("section[data-heading]").Each(func(_ int, s *goquery.Selection) {
			h, _ := s.Attr("data-heading")
			var ps []string
			s.Find("p").Each(func(_ int, p *goquery.Selection) { ps = append(ps, p.Text()) })
			out = append(out, huoshui.ReportSection{Heading: h, Text: strings.Join(ps, "\n")})
		})
	}
	if len(out) != len(report.AnnualHeadings) {
		t.Fatalf("the page shows %d sections, want %d", len(out), len(report.AnnualHeadings))
	}
	return out
}

// annualDocxText is the text of a Word document the server sent.
func annualDocxText(t *testing.T, r *response) string {
	t.Helper()
	r.wantStatus(http.StatusOK)
	if ct := r.Header.Get("Content-Type"); !strings.Contains(ct, "wordprocessingml") {
		t.Fatalf("Content-Type %q, want a Word document", ct)
	}
	text, err := report.DocxText(bytes.NewReader([]byte(r.Body)), int64(len(r.Body)))
	if err != nil {
		t.Fatal(err)
	}
	return text
}

// numbersOf lists the numbers written in s.
func numbersOf(s string) []int {
	var out []int
	for _, m := range annualNumberRE.FindAllString(s, -1) {
		v, _ := strconv.Atoi(m)
		out = append(out, v)
	}
	return out
}

// The report of a branch with a known year — theme days, one called off;
// publications, an award, a document, an innovation; tasks done on time,
// late and left open — states those numbers, each with its source, and
// no number the records do not hold; the Word document and the API's say
// the same.
func TestAnnualReportStatesTheRecords(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		year, branch, _ := summaryYear(t, e)
		sec := e.login("secretary")
		base := fmt.Sprintf("/orgs/%d/report?year=%d", branch.ID, year)
		doc := sec.get(base).wantStatus(http.StatusOK).doc()
		noRawMessageIDs(t, doc)
		secs := annualSections(t, doc)

		// What the records hold, read here without the report.
		people, _, err := e.store.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Scope{Paths: []string{branch.Path}}})
		if err != nil {
			t.Fatal(err)
		}
		full, prob, seats := 0, 0, 0
		for _, m := range people {
			switch m.Status {
			case huoshui.StatusFull:
				full++
			case huoshui.StatusProbationary:
				prob++
			}
			if m.CommitteePost != huoshui.PostNone {
				seats++
			}
		}
		var life struct {
			Items []struct {
				Type   string `json:"type"`
				Status string `json:"status"`
			} `json:"items"`
		}
		if err := json.Unmarshal([]byte(sec.get(fmt.Sprintf("/api/v1/orgs/%d/compliance?year=%d", branch.ID, year)).wantStatus(http.StatusOK).Body), &life); err != nil {
			t.Fatal(err)
		}
		var summary struct {
			Study struct{ Members, Met int } `json:"study"`
		}
		if err := json.Unmarshal([]byte(sec.get(fmt.Sprintf("/api/v1/orgs/%d/summary?year=%d", branch.ID, year)).wantStatus(http.StatusOK).Body), &summary); err != nil {
			t.Fatal(err)
		}
		study := summary.Study
		if study.Members == 0 {
			t.Fatal("the branch has no 党员 counted for study")
		}
		done, overdue, due := 0, 0, 0
		byType := map[string]int{}
		for _, it := range life.Items {
			switch it.Status {
			case "done":
				done++
			case "overdue":
				overdue++
				byType[it.Type]++
			case "due":
				due++
			}
		}
		allowed := [][]int{
			{full + prob, full, prob, seats},
			{2, done + overdue, done, overdue, due},
			{study.Members, study.Met, study.Met * 100 / study.Members},
			// tasks 3: 1 on time, 1 late, 1 open and overdue; 2 national
			// publications; 1 city award; 1 document of 1000 characters;
			// 1 innovation (its title holds its date).
			{3, 1, 2, 1000, year, 11},
		}
		for _, n := range byType {
			allowed[1] = append(allowed[1], n)
		}
		for i, want := range allowed {
			for _, n := range numbersOf(secs[i].Text) {
				if !slices.Contains(want, n) {
					t.Errorf("%s states %d, which is not in the records %v:\n%s", secs[i].Heading, n, want, secs[i].Text)
				}
			}
		}
		for i, want := range map[int][]string{
			0: {fmt.Sprintf("支部现有党员%d名", full+prob), "（据党员名册）"},
			1: {"全年开展主题党日2次（据会议记录）", fmt.Sprintf("已到期的%d项要求中，按要求完成%d项", done+overdue, done)},
			3: {"全年承担督查督办事项3项，按期办结1项，逾期办结1项，正在办理1项，其中1项已超过办理期限（据督查督办台账）",
				"发表文章2篇，其中国家级2篇，均为省级以上刊物（据成果登记）", "获得各类奖项1项，其中市级1项（据成果登记）", "起草各类文稿1篇共1000字（据成果登记）",
				"推出工作创新1项（据成果登记）", "针对登记靠手工；改为扫码登记。"},
		} {
			for _, w := range want {
				if !strings.Contains(secs[i].Text, w) {
					t.Errorf("%s lacks %q:\n%s", secs[i].Heading, w, secs[i].Text)
				}
			}
		}
		// The theme days attended are study on record: the section
		// states the members' completion as the study pages count it.
		if want := fmt.Sprintf("全年%d名党员中有%d名完成年度学习学时目标", study.Members, study.Met); !strings.Contains(secs[2].Text, want) {
			t.Errorf("%s lacks %q:\n%s", secs[2].Heading, want, secs[2].Text)
		}
		if !strings.Contains(secs[4].Text, report.Pending) {
			t.Errorf("the last section is the branch's to write: %q", secs[4].Text)
		}

		// The Word document, from the page and from the API, holds the
		// same paragraphs.
		for _, path := range []string{
			fmt.Sprintf("/orgs/%d/report.docx?year=%d", branch.ID, year),
			fmt.Sprintf("/api/v1/orgs/%d/report.docx?year=%d", branch.ID, year),
		} {
			text := annualDocxText(t, sec.get(path))
			if !strings.Contains(text, fmt.Sprintf("%s%d年度工作总结", branch.Name, year)) {
				t.Errorf("%s: no title", path)
			}
			for _, s := range secs {
				for _, p := range s.Paragraphs() {
					if !strings.Contains(text, p) {
						t.Errorf("%s lacks %q", path, p)
					}
				}
			}
		}
		// The print page too.
		print := sec.get(fmt.Sprintf("/orgs/%d/report/print?year=%d", branch.ID, year)).wantStatus(http.StatusOK).doc()
		if got := annualSections(t, print); fmt.Sprint(got[3].Paragraphs()) != fmt.Sprint(secs[3].Paragraphs()) {
			t.Errorf("the print page's 四 %q, the page's %q", got[3].Text, secs[3].Text)
		}
		// The org page leads to it.
		if sec.get(fmt.Sprintf("/orgs/%d", branch.ID)).doc().Find(fmt.Sprintf(`a[href="/orgs/%d/report"]`, branch.ID)).Length() != 1 {
			t.Error("the branch's page has no link to its annual report")
		}
	})
}

// A year without records says 【待补充】 in every section of the year's
// work and holds no number there.
func TestAnnualReportEmptyYear(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		branch := e.demoOrg(demo.BranchName)
		sec := e.login("secretary")
		for _, path := range []string{
			fmt.Sprintf("/orgs/%d/report?year=2019", branch.ID),
			fmt.Sprintf("/orgs/%d/report/print?year=2019", branch.ID),
		} {
			secs := annualSections(t, sec.get(path).wantStatus(http.StatusOK).doc())
			for _, s := range secs[1:] {
				if !strings.Contains(s.Text, report.Pending) {
					t.Errorf("%s: %s does not say %s: %q", path, s.Heading, report.Pending, s.Text)
				}
				if d := annualDigitRE.FindString(s.Text); d != "" {
					t.Errorf("%s: %s holds the digit %q: %q", path, s.Heading, d, s.Text)
				}
			}
		}
		text := annualDocxText(t, sec.get(fmt.Sprintf("/orgs/%d/report.docx?year=2019", branch.ID)))
		after := text[strings.Index(text, "二、组织生活"):]
		if d := annualDigitRE.FindString(after); d != "" {
			t.Errorf("the document of an empty year holds the digit %q after 一、基本情况:\n%s", d, after)
		}
	})
}

// annualForm is the form of the report's page as it stands, with section
// i's text replaced by text.
func annualForm(t *testing.T, doc *goquery.Document, edits map[int]string) url.Values {
	t.Helper()
	v := url.Values{}
	doc.Find("form.annual-form input[type=hidden], form.annual-form textarea").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		if s.Is("textarea") {
			v.Set(name, s.Text())
		} else {
			val, _ := s.Attr("value")
			v.Set(name, val)
		}
	})
	for i, text := range edits {
		v.Set(fmt.Sprintf("section_%d", i+1), text)
	}
	return v
}

// Edits are saved and exported; a refused save loses nothing typed; a
// save over someone else's is refused; a fresh draft asks first and then
// replaces the edits; each change is audited.
func TestAnnualReportEditAndRegenerate(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		year, branch, _ := summaryYear(t, e)
		sec := e.login("secretary")
		page := fmt.Sprintf("/orgs/%d/report?year=%d", branch.ID, year)
		doc := sec.get(page).wantStatus(http.StatusOK).doc()
		if !strings.Contains(doc.Find("#annual-source").Text(), "尚未保存") {
			t.Errorf("an unsaved draft does not say so: %q", doc.Find("#annual-source").Text())
		}

		// An empty section is refused, and what was typed comes back.
		typed := "（一）存在的不足：学用结合还不够紧。\n（二）下一步打算：继续推动党建与业务融合。"
		bad := annualForm(t, doc, map[int]string{0: "  ", 4: typed})
		r := sec.postForm(page, bad).wantStatus(http.StatusUnprocessableEntity)
		back := r.doc()
		if got := back.Find("#section_5").Text(); got != typed {
			t.Errorf("a refused save lost what was typed: %q", got)
		}
		if !strings.Contains(back.Find("#section_1").Parent().Text(), "不能为空") {
			t.Error("the empty section has no message beside it")
		}
		if _, err := e.store.FindAnnualReport(ctx, branch.ID, year); err == nil {
			t.Error("a refused save wrote the report")
		}

		// Saved, the edit is what the page and the exports show.
		good := annualForm(t, doc, map[int]string{4: typed})
		sec.postForm(page, good).wantStatus(http.StatusSeeOther)
		doc = sec.get(page).wantStatus(http.StatusOK).doc()
		if got := doc.Find("#section_5").Text(); got != typed {
			t.Errorf("after saving the page shows %q", got)
		}
		if note := doc.Find("#annual-source").Text(); !strings.Contains(note, "修改保存") {
			t.Errorf("the note does not say the text was edited: %q", note)
		}
		for _, path := range []string{
			fmt.Sprintf("/orgs/%d/report.docx?year=%d", branch.ID, year),
			fmt.Sprintf("/api/v1/orgs/%d/report.docx?year=%d", branch.ID, year),
		} {
			if text := annualDocxText(t, sec.get(path)); !strings.Contains(text, "学用结合还不够紧") {
				t.Errorf("%s does not carry the edit", path)
			}
		}
		pr := sec.get(fmt.Sprintf("/orgs/%d/report/print?year=%d", branch.ID, year)).wantStatus(http.StatusOK)
		if !strings.Contains(pr.Body, "学用结合还不够紧") {
			t.Error("the print page does not carry the edit")
		}

		// A save from the page as it was before (version 0) is refused,
		// with what was typed kept.
		stale := annualForm(t, doc, map[int]string{4: "另一个人写的"})
		stale.Set("version", "0")
		back = sec.postForm(page, stale).wantStatus(http.StatusUnprocessableEntity).doc()
		if got := back.Find("#section_5").Text(); got != "另一个人写的" || !strings.Contains(back.Text(), "刚刚被别人保存过") {
			t.Errorf("a stale save: textarea %q, page without the conflict message", got)
		}

		// Regenerating asks first.
		regen := fmt.Sprintf("/orgs/%d/report/regenerate?year=%d", branch.ID, year)
		r = sec.postForm(regen, url.Values{"version": {"1"}}).wantStatus(http.StatusSeeOther)
		if loc := r.Header.Get("Location"); !strings.Contains(loc, "regenerate=1") {
			t.Errorf("a regenerate without confirmation goes to %q, want the question", loc)
		}
		ask := sec.get(page + "&regenerate=1").wantStatus(http.StatusOK).doc()
		if !strings.Contains(ask.Find("#regenerate").Text(), "会被替换") {
			t.Errorf("the question does not say the edits will be replaced: %q", ask.Find("#regenerate").Text())
		}
		if got, _ := e.store.FindAnnualReport(ctx, branch.ID, year); got == nil || !strings.Contains(got.Sections[4].Text, "学用结合") {
			t.Fatal("the edits went before the question was answered")
		}
		v, _ := ask.Find(`#regenerate input[name=version]`).Attr("value")
		sec.postForm(regen, url.Values{"confirm": {"1"}, "version": {v}}).wantStatus(http.StatusSeeOther)
		doc = sec.get(page).wantStatus(http.StatusOK).doc()
		secs := annualSections(t, doc)
		if strings.Contains(secs[4].Text, "学用结合") || !strings.Contains(secs[4].Text, report.Pending) {
			t.Errorf("after regenerating, the last section is %q", secs[4].Text)
		}
		if note := doc.Find("#annual-source").Text(); strings.Contains(note, "修改保存") {
			t.Errorf("after regenerating the note still says edited: %q", note)
		}
		saved, err := e.store.FindAnnualReport(ctx, branch.ID, year)
		if err != nil {
			t.Fatal(err)
		}
		es, _, err := e.store.FindAuditEntries(ctx, huoshui.AuditFilter{Scope: huoshui.Everything(), ObjectType: "annual_report",
			ObjectID: saved.ID, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		var acts []string
		for _, x := range slices.Backward(es) {
			acts = append(acts, x.Action)
		}
		if !slices.Equal(acts, []string{"create", "update"}) || !strings.Contains(es[0].After, "regenerated") {
			t.Errorf("audit %v, want create (the edit) and update (regenerated)", acts)
		}
	})
}

// Who reaches the report: an officer of another branch finds nothing; a
// plain member reads and exports it but cannot save or regenerate it; a
// year that does not read is refused with what to fix.
func TestAnnualReportAccess(t *testing.T) {
	e := sqliteEnv(t)
	branch, second := e.demoOrg(demo.BranchName), e.demoOrg(demo.SecondBranch)
	e.memberAccount("zonghe", "罗家明", huoshui.RoleSecretary, second)
	other := e.login("zonghe")
	member := e.login("member")
	year := time.Now().Year()
	form := url.Values{"section_1": {"改"}, "section_2": {"改"}, "section_3": {"改"}, "section_4": {"改"}, "section_5": {"改"}, "confirm": {"1"}}
	for _, path := range []string{"/report", "/report/print", "/report.docx"} {
		p := fmt.Sprintf("/orgs/%d%s?year=%d", branch.ID, path, year)
		other.get(p).wantStatus(http.StatusNotFound)
		member.get(p).wantStatus(http.StatusOK)
	}
	other.get(fmt.Sprintf("/api/v1/orgs/%d/report.docx?year=%d", branch.ID, year)).wantStatus(http.StatusNotFound)
	member.get(fmt.Sprintf("/api/v1/orgs/%d/report.docx?year=%d", branch.ID, year)).wantStatus(http.StatusOK)
	for _, path := range []string{"/report", "/report/regenerate"} {
		p := fmt.Sprintf("/orgs/%d%s?year=%d", branch.ID, path, year)
		other.postForm(p, form).wantStatus(http.StatusNotFound)
		member.postForm(p, form).wantStatus(http.StatusForbidden)
	}
	if _, err := e.store.FindAnnualReport(context.Background(), branch.ID, year); err == nil {
		t.Error("someone without the right saved the report")
	}
	// A plain member reads the text, without a form.
	doc := member.get(fmt.Sprintf("/orgs/%d/report?year=%d", branch.ID, year)).doc()
	if doc.Find("form.annual-form").Length() != 0 || doc.Find("section[data-heading]").Length() != len(report.AnnualHeadings) {
		t.Error("a plain member sees an edit form, or not the text")
	}

	sec := e.login("secretary")
	for _, q := range []string{"abc", "1800", "二〇二六"} {
		body := sec.get(fmt.Sprintf("/orgs/%d/report?year=%s", branch.ID, url.QueryEscape(q))).wantStatus(http.StatusUnprocessableEntity).Body
		if !strings.Contains(body, "年份要在") {
			t.Errorf("?year=%s: the page does not say what to fix", q)
		}
		r := sec.get(fmt.Sprintf("/api/v1/orgs/%d/report.docx?year=%s", branch.ID, url.QueryEscape(q))).wantStatus(http.StatusBadRequest)
		var out struct {
			Error  string            `json:"error"`
			Fields map[string]string `json:"fields"`
		}
		if err := json.Unmarshal([]byte(r.Body), &out); err != nil || !strings.Contains(out.Error, "年份") || out.Fields["year"] == "" {
			t.Errorf("?year=%s: API answer %s", q, r.Body)
		}
	}
	sec.get(fmt.Sprintf("/api/v1/orgs/%d/report.docx?year=２０２５", branch.ID)).wantStatus(http.StatusOK)
}
