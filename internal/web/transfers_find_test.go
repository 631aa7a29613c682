package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/store"
)

// In a tree of more branches than one select can offer (a province), the
// transfer form finds the receiving branch by part of its name and keeps
// what was typed; the branch found can then be chosen and the move sent.
func TestTransferFormFindsBranchInLargeTree(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	ctx := t.Context()
	committee, err := e.store.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Everything(), Kind: huoshui.OrgCommittee, Limit: 1})
	if err != nil || len(committee) != 1 {
		t.Fatal(committee, err)
	}
	var bulk []store.BulkOrg
	for i := range 1001 {
		bulk = append(bulk, store.BulkOrg{Org: &huoshui.Org{ParentID: committee[0].ID, Kind: huoshui.OrgBranch,
			Name: fmt.Sprintf("第%04d党支部", i)}, Parent: -1})
	}
	bulk[777].Org.Name = "省财政厅机关第一党支部"
	if err := e.store.BulkCreateOrgs(ctx, huoshui.Actor{Username: "test"}, bulk); err != nil {
		t.Fatal(err)
	}
	m := e.demoMember("陈思远")
	sec := e.login("secretary")
	form := sec.get(memberURL(m, "/transfers/new")).wantStatus(http.StatusOK)
	if !strings.Contains(form.Body, `name="find"`) || strings.Contains(form.Body, "第0001党支部") {
		t.Fatalf("a tree of 1,000+ branches lists them all instead of asking for a name:\n%s", form.Body)
	}
	found := sec.get(memberURL(m, "/transfers/new") + "?" + url.Values{"find": {"财政厅"}, "reason": {"工作调动"}}.Encode()).
		wantStatus(http.StatusOK).doc()
	opts := found.Find("#to_org_id option[value!='']")
	if opts.Length() != 1 || opts.Text() != "省财政厅机关第一党支部" {
		t.Fatalf("查找 财政厅 offers %d branches: %q", opts.Length(), opts.Text())
	}
	if got := found.Find("#reason").Text(); got != "工作调动" {
		t.Errorf("查找 lost what was typed: reason %q", got)
	}
	to, _ := opts.Attr("value")
	sec.postForm(memberURL(m, "/transfers"), url.Values{"kind": {"inside"}, "to_org_id": {to}, "on": {transferDay(e).String()},
		"find": {"财政厅"}}).wantStatus(http.StatusSeeOther)
	cs, err := e.store.FindTransferCases(ctx, huoshui.TransferFilter{Scope: huoshui.Everything(), OrgID: e.demoOrg(demo.BranchName).ID})
	if err != nil || len(cs) != 1 || fmt.Sprint(cs[0].ToOrgID) != to {
		t.Errorf("the move to the branch found: %+v %v", cs, err)
	}
}
