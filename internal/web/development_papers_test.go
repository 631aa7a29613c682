package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
)

// A paper of a development step comes off the file behind a confirmation
// and goes back with the undo the page offers; the 纪实 lists it only
// while it is on the file. A secretary of another branch reaches nothing.
func TestDevelopmentPaperRemoveAndRestore(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		p := devPerson(e, demo.BranchName, "钱晓雯", huoshui.NewDate(2000, 5, 1), huoshui.NewDate(2025, 10, 1))
		secUser, err := e.store.FindUserByUsername(t.Context(), "secretary")
		if err != nil {
			t.Fatal(err)
		}
		aid := devPaper(t, e, huoshui.Actor{UserID: secUser.ID, Username: secUser.Username}, p)
		file := fmt.Sprintf("/development/%d", p.ID)
		sec := e.login("secretary")
		page := sec.get(file).wantStatus(http.StatusOK)
		remove := fmt.Sprintf("%s/papers/%d/remove", file, aid)
		if !strings.Contains(page.Body, remove) || !strings.Contains(page.Body, "data-confirm=") {
			t.Fatalf("the file offers no confirmed removal of its paper:\n%s", page.Body)
		}
		e.memberAccount("zonghe", "罗家明", huoshui.RoleSecretary, e.demoOrg(demo.SecondBranch))
		e.login("zonghe").postForm(remove, nil).wantStatus(http.StatusNotFound)
		if !strings.Contains(sec.get(file+"/print").Body, "入党申请书.pdf") {
			t.Fatal("the 纪实 lacks the paper before its removal")
		}
		r := sec.postForm(remove, nil).wantStatus(http.StatusSeeOther)
		after := sec.get(r.Header.Get("Location")).wantStatus(http.StatusOK)
		if strings.Contains(after.Body, "/papers/"+fmt.Sprint(aid)+"\"") || !strings.Contains(after.Body, fmt.Sprintf("papers/%d/restore", aid)) {
			t.Errorf("after removal the file still lists the paper or offers no undo")
		}
		if strings.Contains(sec.get(file+"/print").Body, "入党申请书.pdf") {
			t.Error("the 纪实 still lists a removed paper")
		}
		sec.get(fmt.Sprintf("%s/papers/%d", file, aid)).wantStatus(http.StatusNotFound)
		sec.postForm(fmt.Sprintf("%s/papers/%d/restore", file, aid), nil).wantStatus(http.StatusSeeOther)
		if !strings.Contains(sec.get(file+"/print").Body, "入党申请书.pdf") {
			t.Error("the undo did not put the paper back")
		}
	})
}
