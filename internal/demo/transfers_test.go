package demo_test

import (
	"context"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/storetest"
)

// The secretariat has a letter out waiting for its receipt and a transfer
// in waiting for its secretary.
func TestDemoTransfers(t *testing.T) {
	t.Parallel()
	st := storetest.SQLite(t)
	ctx := context.Background()
	if _, err := demo.Seed(ctx, st); err != nil {
		t.Fatal(err)
	}
	orgs, err := st.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Everything(), Kind: huoshui.OrgBranch})
	if err != nil {
		t.Fatal(err)
	}
	var branch *huoshui.Org
	for _, o := range orgs {
		if o.Name == demo.BranchName {
			branch = o
		}
	}
	cs, err := st.FindTransferCases(ctx, huoshui.TransferFilter{Scope: huoshui.Everything(), OrgID: branch.ID})
	if err != nil {
		t.Fatal(err)
	}
	var letter, in bool
	for _, c := range cs {
		letter = letter || (c.Kind == huoshui.TransferLetterOut && c.Status == huoshui.TransferIssued && c.LetterNumber != "")
		in = in || (c.Kind == huoshui.TransferInside && c.Status == huoshui.TransferPending && c.ToOrgID == branch.ID)
	}
	if !letter || !in {
		t.Errorf("the secretariat's transfers: letter awaiting receipt %v, transfer in %v", letter, in)
	}
}
