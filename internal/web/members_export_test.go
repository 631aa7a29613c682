package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/xuri/excelize/v2"
)

// exportRows downloads the workbook at path and returns its sheet's rows.
func exportRows(t *testing.T, c *client, path, sheet string) ([][]string, *response) {
	t.Helper()
	r := c.get(path).wantStatus(http.StatusOK)
	if ct := r.Header.Get("Content-Type"); !strings.Contains(ct, "spreadsheetml") {
		t.Fatalf("export content type %q", ct)
	}
	f, err := excelize.OpenReader(strings.NewReader(r.Body))
	if err != nil {
		t.Fatalf("export is not a workbook: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatalf("export sheet %s: %v (sheets %v)", sheet, err, f.GetSheetList())
	}
	return rows, r
}

// rosterRows downloads the roster at path and returns its sheet's rows,
// the header first: the title row above it (whose roster, which day) is
// checked and left out.
func rosterRows(t *testing.T, c *client, path, sheet string) ([][]string, *response) {
	t.Helper()
	rows, r := exportRows(t, c, path, sheet)
	if len(rows) < 2 || len(rows[0]) != 1 || !strings.Contains(rows[0][0], "20") {
		t.Fatalf("the roster has no title row above its header: %q", rows[:min(len(rows), 2)])
	}
	return rows[1:], r
}

// column returns the index of the column headed h.
func column(t *testing.T, rows [][]string, h string) int {
	t.Helper()
	for i, c := range rows[0] {
		if c == h {
			return i
		}
	}
	t.Fatalf("no column %q in %v", h, rows[0])
	return -1
}

// rowOf finds the row of the person named name.
func rowOf(rows [][]string, name string) []string {
	for _, r := range rows[1:] {
		if len(r) > 0 && r[0] == name {
			return r
		}
	}
	return nil
}

func TestMembersExport(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		// The secretary's export is the branch's 14 people, in full.
		sec := e.login("secretary")
		rows, r := rosterRows(t, sec, "/members/export.xlsx", "党员花名册")
		if len(rows)-1 != 14 {
			t.Errorf("secretary's export has %d rows, want 14", len(rows)-1)
		}
		today := huoshui.DateOf(e.store.Now().In(time.FixedZone("CST", 8*3600))).String()
		cd := r.Header.Get("Content-Disposition")
		if !strings.Contains(cd, "filename*=UTF-8''"+url.PathEscape("党员花名册-"+today+".xlsx")) ||
			!strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, `filename="member-roster-`+today+`.xlsx"`) {
			t.Errorf("Content-Disposition %q", cd)
		}
		idCol, phoneCol, branchCol, groupCol := column(t, rows, "身份证号"), column(t, rows, "联系电话"),
			column(t, rows, "所在党支部"), column(t, rows, "党小组")
		m := e.demoMember("王志强")
		row := rowOf(rows, "王志强")
		if row == nil || row[idCol] != m.IDNumber || row[phoneCol] != m.Phone || row[branchCol] != demo.BranchName ||
			row[groupCol] != demo.FirstGroupName {
			t.Errorf("王志强's row %v, want full ID %s, phone %s, branch and group", row, m.IDNumber, m.Phone)
		}
		if row[column(t, rows, "人员类别")] != "正式党员" || row[column(t, rows, "支委职务")] != "宣传委员" ||
			row[column(t, rows, "转正日期")] != "2006-06-01" {
			t.Errorf("王志强's row %v, want labels and dates as the list shows them", row)
		}
		if rowOf(rows, "郭立新") != nil {
			t.Errorf("the secretary's export holds another branch's member")
		}

		// The list's filter applies: probationary members only.
		rows, _ = rosterRows(t, sec, "/members/export.xlsx?status=probationary&page=3", "党员花名册")
		if len(rows) != 2 || rows[1][0] != "朱晓琳" {
			t.Errorf("probationary export %v, want only 朱晓琳", rows)
		}

		// A member gets their own row, ID number and phone masked.
		mem := e.login("member")
		rows, _ = rosterRows(t, mem, "/members/export.xlsx", "党员花名册")
		self := e.demoMember("杨雪梅")
		if len(rows) != 2 || rows[1][0] != "杨雪梅" {
			t.Fatalf("member's export %v, want only their own row", rows)
		}
		idCol, phoneCol = column(t, rows, "身份证号"), column(t, rows, "联系电话")
		if got := rows[1][idCol]; got != huoshui.MaskIDNumber(self.IDNumber) || got == self.IDNumber {
			t.Errorf("member's own ID number exported as %q, want it masked", got)
		}
		if got := rows[1][phoneCol]; got != huoshui.MaskPhone(self.Phone) {
			t.Errorf("member's own phone exported as %q, want it masked", got)
		}

		// The organiser sees both branches.
		rows, _ = rosterRows(t, e.login("organiser"), "/members/export.xlsx", "党员花名册")
		if len(rows)-1 != 20 {
			t.Errorf("organiser's export has %d rows, want 20", len(rows)-1)
		}

		// Administrators see no roster.
		e.login("sysadmin").get("/members/export.xlsx").wantStatus(http.StatusForbidden)
	})
}

func TestMembersExportInEnglish(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	c := e.login("secretary")
	c.postForm("/lang", url.Values{"lang": {"en"}, "next": {"/"}}).wantStatus(http.StatusSeeOther)
	rows, r := rosterRows(t, c, "/members/export.xlsx", "Roster")
	if rows[0][0] != "Name" || column(t, rows, "Status") < 0 {
		t.Errorf("English header %v", rows[0])
	}
	if row := rowOf(rows, "朱晓琳"); row == nil || row[column(t, rows, "Status")] != "Probationary member" {
		t.Errorf("朱晓琳's row %v, want the status in English", row)
	}
	if cd := r.Header.Get("Content-Disposition"); !strings.Contains(cd, "filename*=UTF-8''member-roster-") {
		t.Errorf("Content-Disposition %q", cd)
	}
}
