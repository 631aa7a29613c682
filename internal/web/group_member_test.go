package web_test

import (
	"net/http"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
)

// A plain member whose role an administrator placed at their 党小组 still
// sees their branch, as one placed at the branch does: the branch's page
// opens, the branch beside it does not.
func TestGroupMemberSeesTheirBranch(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		group := e.demoOrg(demo.FirstGroupName)
		branch := e.demoOrg(demo.BranchName)
		other := e.demoOrg(demo.SecondBranch)
		e.newAccount("group-member", huoshui.Role{OrgID: group.ID, Kind: huoshui.RoleMember})
		c := e.login("group-member")
		c.get(orgPath(group, "")).wantStatus(http.StatusOK)
		c.get(orgPath(branch, "")).wantStatus(http.StatusOK)
		c.get(orgPath(other, "")).wantStatus(http.StatusNotFound)
	})
}
