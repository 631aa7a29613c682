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
		byName := map[string][]string{}
		for _, row := range rows[1:] {
			byName[strings.TrimLeft(row[0], "　")] = row
		}
		if len(rows) != 6 {
			t.Fatalf("%d rows, want a heading and 5 units (the committee, 2 branches, 2 groups): %q", len(rows), rows)
		}
		check := func(name, members, full string) {
			t.Helper()
			row := byName[name]
			if len(row) < 5 || row[3] != members || row[4] != full {
				t.Errorf("%s: %q, want %s on the roster, %s full", name, row, members, full)
			}
		}
		check(demo.CommitteeName, "20", "17")
		check(demo.BranchName, "14", "13")
		check(demo.SecondBranch, "6", "4")
		check(demo.FirstGroupName, "8", "7")
		if row := byName[demo.BranchName]; len(row) < 8 || !strings.Contains(row[7], "任期将于") {
			t.Errorf("the branch's term reminder is missing: %q", row)
		}
		e.login("secretary").get(fmt.Sprintf("/orgs/%d/export.xlsx", committee.ID)).wantStatus(http.StatusNotFound)
	})
}
