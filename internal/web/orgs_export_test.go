package web_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/huoshui/huoshui/internal/demo"
)

// The organiser exports the committee's ledger: every unit below it with
// counts summed up the tree and what the rules still ask; a secretary
// cannot export a node outside their branch.
func TestOrgLedgerExport(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		committee := e.demoOrg(demo.CommitteeName)
		r := e.login("organiser").get(fmt.Sprintf("/orgs/%d/export.xlsx", committee.ID)).wantStatus(http.StatusOK)
		if !strings.Contains(r.Header.Get("Content-Disposition"), "filename*=UTF-8''") {
			t.Errorf("no file name: %q", r.Header.Get("Content-Disposition"))
		}
		f, err := excelize.OpenReader(bytes.NewReader([]byte(r.Body)))
		if err != nil {
			t.Fatalf("not a workbook: %v", err)
		}
		rows, err := f.GetRows("组织台账")
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 7 {
			t.Fatalf("%d rows, want a title, a heading and 5 units (the committee, 2 branches, 2 groups): %q", len(rows), rows)
		}
		if len(rows[0]) != 1 || !strings.HasPrefix(rows[0][0], demo.CommitteeName+" 组织台账（") {
			t.Errorf("title row %q, want the committee's name and the date", rows[0])
		}
		if strings.Join(rows[1][:2], " ") != "组织名称 层级" {
			t.Errorf("heading %q, want the level beside the name", rows[1])
		}
		byName := map[string][]string{}
		for _, row := range rows[2:] {
			// A name indented with U+3000 breaks sorting and VLOOKUP: the
			// level has its own column.
			if strings.ContainsRune(row[0], '　') {
				t.Errorf("name %q is indented", row[0])
			}
			byName[row[0]] = row
		}
		check := func(name, level, members, full string) {
			t.Helper()
			row := byName[name]
			if len(row) < 6 || row[1] != level || row[4] != members || row[5] != full {
				t.Errorf("%s: %q, want level %s, %s on the roster, %s full", name, row, level, members, full)
			}
		}
		check(demo.CommitteeName, "1", "20", "17")
		check(demo.BranchName, "2", "14", "13")
		check(demo.SecondBranch, "2", "6", "4")
		check(demo.FirstGroupName, "3", "8", "7")
		if row := byName[demo.BranchName]; len(row) < 9 || !strings.Contains(row[8], "任期将于") {
			t.Errorf("the branch's term reminder is missing: %q", row)
		}
		// The committee has no parent in the ledger: an empty cell.
		if typ, _ := f.GetCellType("组织台账", "D3"); typ != excelize.CellTypeUnset {
			t.Errorf("the committee's parent cell is of type %v, want empty", typ)
		}
		if props, _ := f.GetSheetProps("组织台账"); props.FitToPage == nil || !*props.FitToPage {
			t.Errorf("the ledger does not print fitted to the page")
		}
		e.login("secretary").get(fmt.Sprintf("/orgs/%d/export.xlsx", committee.ID)).wantStatus(http.StatusNotFound)
	})
}
