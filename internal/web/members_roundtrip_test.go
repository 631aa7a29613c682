package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/xuri/excelize/v2"
)

// exportedRoster is the branch's roster as the secretary exports it, open
// to edit, with the cell of header col on the row of the member named
// name (its address).
func exportedRoster(t *testing.T, c *client, branch *huoshui.Org) *excelize.File {
	t.Helper()
	r := c.get("/members/export.xlsx?org=" + strconv.FormatInt(branch.ID, 10)).wantStatus(http.StatusOK)
	f, err := excelize.OpenReader(strings.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// rosterCell is the address of header col on the row whose name is name,
// on the first sheet of f.
func rosterCell(t *testing.T, f *excelize.File, name, col string) string {
	t.Helper()
	sheet := f.GetSheetList()[0]
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	hdr, ci := -1, -1
	for i, r := range rows {
		for j, c := range r {
			if c == col {
				hdr, ci = i, j
			}
		}
		if hdr >= 0 {
			break
		}
	}
	if hdr < 0 {
		t.Fatalf("no column %q in the export", col)
	}
	nameCol := -1
	for j, c := range rows[hdr] {
		if c == "姓名" {
			nameCol = j
		}
	}
	for i := hdr + 1; i < len(rows); i++ {
		if nameCol < len(rows[i]) && rows[i][nameCol] == name {
			cell, _ := excelize.CoordinatesToCellName(ci+1, i+1)
			return cell
		}
	}
	t.Fatalf("no row for %s in the export", name)
	return ""
}

func workbookBytes(t *testing.T, f *excelize.File) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// rosterRowOf is the preview's row of a member, by name.
func rosterRowOf(doc *goquery.Document, name string) *goquery.Selection {
	return doc.Find("table.import-preview tbody tr").FilterFunction(func(_ int, s *goquery.Selection) bool {
		return strings.TrimSpace(s.Find(`td[data-label="姓名"]`).Text()) == name
	})
}

// The round trip: the roster exported, one phone number changed in Excel,
// imported again. The preview checks every row against the roster, shows
// the change before → after on its row and 无变化 on the others, and
// confirming updates that member, audited, and adds nobody.
func TestImportRoundTripUpdatesMembers(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		c := e.login("secretary")
		branch := e.demoOrg(demo.BranchName)
		before := e.branchCount(branch)
		m := e.demoMember("陈思远")
		f := exportedRoster(t, c, branch)
		cell := rosterCell(t, f, m.Name, "联系电话")
		if err := f.SetCellStr(f.GetSheetList()[0], cell, "13912345678"); err != nil {
			t.Fatal(err)
		}
		preview := c.stageRoster(branch.ID, workbookBytes(t, f))

		doc := c.get(preview).wantStatus(http.StatusOK).doc()
		if n := doc.Find("tr.bad").Length(); n != 0 {
			t.Fatalf("the exported roster has %d rows with problems: %s", n, doc.Find("tr.bad").Text())
		}
		row := rosterRowOf(doc, m.Name)
		if got := row.Find(".tag").Text(); got != "更新" {
			t.Errorf("the changed row says %q, want 更新", got)
		}
		want := "联系电话：" + m.Phone + " → 13912345678"
		if got := strings.Join(strings.Fields(row.Find(".row-changes").Text()), " "); got != want {
			t.Errorf("the changed row shows %q, want %q", got, want)
		}
		if n := doc.Find(".row-changes li").Length(); n != 1 {
			t.Errorf("the preview lists %d changes, want 1", n)
		}
		same := doc.Find(".tag.tag-same").Length()
		if same != before-1 {
			t.Errorf("%d rows say 无变化, want %d", same, before-1)
		}
		radio := doc.Find(`form[action$="/confirm"] input[name="existing"]`)
		if radio.Length() != 2 || doc.Find(`input[name="existing"][value="update"]`).AttrOr("checked", "no") == "no" {
			t.Errorf("the confirm form offers %d choices, update not checked", radio.Length())
		}
		// What confirming writes is said without counting unchanged rows.
		if got := doc.Find(".confirm-help").Text(); !strings.Contains(got, "无变化的人不做改动") || strings.Contains(got, strconv.Itoa(before)+" 人") {
			t.Errorf("the confirmation help says %q", got)
		}
		// Nothing is written before confirmation.
		if got := e.demoMember(m.Name); got.Phone != m.Phone {
			t.Fatalf("the phone changed before confirmation: %s", got.Phone)
		}

		r := c.postForm(batchURL(preview, "confirm"), url.Values{"existing": {"update"}}).wantStatus(http.StatusSeeOther)
		list := c.get(r.Header.Get("Location")).wantStatus(http.StatusOK)
		if got := list.doc().Find(".flash").Text(); got != "已导入 0 人，更新 1 人。" {
			t.Errorf("flash says %q", got)
		}
		after := e.demoMember(m.Name)
		if after.Phone != "13912345678" || after.ID != m.ID {
			t.Errorf("after the import the member's phone is %q (id %d), want 13912345678 (id %d)", after.Phone, after.ID, m.ID)
		}
		if n := e.branchCount(branch); n != before {
			t.Errorf("the branch has %d members, want %d", n, before)
		}
		entries, _, err := e.store.FindAuditEntries(ctx, huoshui.AuditFilter{Scope: huoshui.Everything(),
			Action: huoshui.AuditUpdate, ObjectType: "member", ObjectID: m.ID})
		if err != nil || len(entries) != 1 || entries[0].Username != "secretary" {
			t.Fatalf("update audit entries of the member %+v (%v), want one by the secretary", entries, err)
		}
		if !strings.Contains(fmt.Sprint(entries[0].After), "13912345678") {
			t.Errorf("the audit entry does not hold the new phone: %v", entries[0].After)
		}
	})
}

// The skip choice leaves the branch's members as they are and adds the
// new people appended to last year's list.
func TestImportRoundTripSkip(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		c := e.login("secretary")
		branch := e.demoOrg(demo.BranchName)
		before := e.branchCount(branch)
		m := e.demoMember("陈思远")
		f := exportedRoster(t, c, branch)
		sheet := f.GetSheetList()[0]
		if err := f.SetCellStr(sheet, rosterCell(t, f, m.Name, "联系电话"), "13912345678"); err != nil {
			t.Fatal(err)
		}
		rows, _ := f.GetRows(sheet)
		hdr := 0
		for i, r := range rows {
			if len(r) > 0 && r[0] == "姓名" {
				hdr = i
			}
		}
		next := len(rows) + 1
		for j, h := range rows[hdr] {
			v := map[string]string{"姓名": "高明", "身份证号": impID1, "人员类别": "入党申请人", "递交申请日期": "2024-05-06"}[h]
			cell, _ := excelize.CoordinatesToCellName(j+1, next)
			f.SetCellStr(sheet, cell, v)
		}
		preview := c.stageRoster(branch.ID, workbookBytes(t, f))
		doc := c.get(preview).wantStatus(http.StatusOK).doc()
		if got := rosterRowOf(doc, "高明").Find(".tag").Text(); got != "新增" {
			t.Errorf("the new person's row says %q, want 新增", got)
		}
		r := c.postForm(batchURL(preview, "confirm"), url.Values{"existing": {"skip"}}).wantStatus(http.StatusSeeOther)
		if got := c.get(r.Header.Get("Location")).doc().Find(".flash").Text(); got != "已导入 1 人，更新 0 人。" {
			t.Errorf("flash says %q", got)
		}
		if got := e.demoMember(m.Name); got.Phone != m.Phone {
			t.Errorf("skipped, the member's phone became %q", got.Phone)
		}
		if n := e.branchCount(branch); n != before+1 {
			t.Errorf("the branch has %d members, want %d", n, before+1)
		}
	})
}

// An ID number twice in the sheet is a problem on both rows, even when a
// member of the branch holds it; nothing can be confirmed.
func TestImportDuplicateIDInSheet(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		c := e.login("secretary")
		branch := e.demoOrg(demo.BranchName)
		m := e.demoMember("陈思远")
		data := rosterFile(t, importHeader,
			[]any{"高明", "男", impID1, "", "入党申请人", "2024-05-06", "", "", "", ""},
			[]any{"高亮", "男", impID1, "", "入党申请人", "2024-05-06", "", "", "", ""},
			[]any{m.Name, "", m.IDNumber, "", "正式党员", "", "", "", "", ""},
			[]any{m.Name + "甲", "", m.IDNumber, "", "正式党员", "", "", "", "", ""},
		)
		preview := c.stageRoster(branch.ID, data)
		doc := c.get(preview).wantStatus(http.StatusOK).doc()
		if n := doc.Find("tr.bad").Length(); n != 4 {
			t.Errorf("%d rows marked bad, want 4", n)
		}
		if got := rosterRowOf(doc, "高亮").Find(".problems").Text(); !strings.Contains(got, "与第 2 行的身份证号重复") {
			t.Errorf("the second row says %q", got)
		}
		if doc.Find(`form[action$="/confirm"]`).Length() != 0 {
			t.Errorf("confirm offered with a repeated ID number")
		}
		c.postForm(batchURL(preview, "confirm"), url.Values{}).wantStatus(http.StatusUnprocessableEntity)
	})
}

// An officer over both branches importing into one a person of the other
// is told whose the number is (they may see it) and how to move them.
func TestImportIDOfAnotherBranchTheUserManages(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		c := e.login("organiser")
		branch := e.demoOrg(demo.BranchName)
		other := e.demoMember("郭立新")
		data := rosterFile(t, importHeader,
			[]any{other.Name, "", other.IDNumber, "", "正式党员", "", "", "", "", ""},
		)
		preview := c.stageRoster(branch.ID, data)
		says := c.get(preview).wantStatus(http.StatusOK).doc().Find("tr.bad .problems").Text()
		want := "已经登记在“" + other.OrgName + "”的 " + other.Name + " 名下"
		if !strings.Contains(says, want) {
			t.Errorf("the row says %q, want %q", says, want)
		}
	})
}

// The problems come back as the uploaded workbook with a 问题 column
// after its last: the heading on the header row, each bad row's problems
// beside its own cells; and 重新上传 drops the staged file.
func TestImportProblemsDownloadAndUploadAgain(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		c := e.login("secretary")
		branch := e.demoOrg(demo.BranchName)
		data := rosterFile(t, importHeader,
			[]any{"高明", "男", impID1, "大学本科", "正式党员", "2010-10-08", "2012-07-01", "2013-07-01", "", ""},
			[]any{"林小红", "女", impID2[:17] + "9", "", "预备党员", "2014-03-05", "2025-07-01", "", "", ""},
		)
		preview := c.stageRoster(branch.ID, data)
		doc := c.get(preview).wantStatus(http.StatusOK).doc()
		link := doc.Find(`a[href$="/problems.xlsx"]`).AttrOr("href", "")
		if link != batchURL(preview, "problems.xlsx") {
			t.Fatalf("the preview links %q for the problems", link)
		}
		r := c.get(link).wantStatus(http.StatusOK)
		if ct := r.Header.Get("Content-Type"); !strings.Contains(ct, "spreadsheetml") {
			t.Errorf("problems served as %q", ct)
		}
		f, err := excelize.OpenReader(strings.NewReader(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, _ := f.GetRows("Sheet1")
		col := len(importHeader) // the column after the last
		get := func(line int) string {
			if line > len(rows) || col >= len(rows[line-1]) {
				return ""
			}
			return rows[line-1][col]
		}
		if get(1) != "问题" || get(2) != "" || !strings.Contains(get(3), "身份证号：身份证号校验位不对") {
			t.Errorf("问题 column reads %q / %q / %q", get(1), get(2), get(3))
		}
		if rows[2][0] != "林小红" || rows[2][2] != impID2[:17]+"9" {
			t.Errorf("the original cells are not kept: %q", rows[2])
		}
		// Another account finds no such file.
		e.login("organiser").get(link).wantStatus(http.StatusNotFound)

		// 重新上传 discards the staged file and goes back to the form.
		again := doc.Find(`form[action$="/discard"] button[name="again"]`)
		if again.Length() != 1 || again.Text() != "重新上传" {
			t.Fatalf("no 重新上传 button posting the discard")
		}
		r = c.postForm(batchURL(preview, "discard"), url.Values{"again": {"1"}}).wantStatus(http.StatusSeeOther)
		if loc := r.Header.Get("Location"); loc != "/members/import?org="+strconv.FormatInt(branch.ID, 10) {
			t.Errorf("重新上传 goes to %q", loc)
		}
		c.get(preview).wantStatus(http.StatusNotFound)
		c.get(link).wantStatus(http.StatusNotFound)
	})
}
