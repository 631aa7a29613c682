package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
)

// A member's home lists the meetings they are invited to in the next two
// weeks and the follow-ups they own; the secretary's card sums up the
// year's organisational life. A member of the branch beside sees neither.
func TestHomeShowsWhatComes(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	ctx := context.Background()
	branch := e.demoOrg(demo.BranchName)
	sec := huoshui.Actor{Username: "secretary"}
	start := time.Now().Add(48 * time.Hour).Truncate(time.Minute)
	m := &huoshui.Meeting{OrgID: branch.ID, Type: huoshui.MeetingThemeDay, Title: "走进信访接待大厅主题党日",
		StartsAt: start, EndsAt: start.Add(2 * time.Hour), Place: "信访接待大厅"}
	if err := e.store.CreateMeeting(ctx, sec, m, nil); err != nil {
		t.Fatal(err)
	}
	me := e.findAccount("member")
	f := &huoshui.FollowUp{MeetingID: m.ID, OrgID: branch.ID, Text: "整理群众来信办理台账", OwnerID: me.MemberID}
	if err := e.store.AddFollowUp(ctx, sec, f); err != nil {
		t.Fatal(err)
	}

	home := e.login("member").get("/").wantStatus(http.StatusOK).Body
	for _, want := range []string{"近期会议", m.Title, "信访接待大厅", "我负责的落实事项", f.Text} {
		if !strings.Contains(home, want) {
			t.Errorf("the member's home lacks %q", want)
		}
	}

	home = e.login("secretary").get("/").wantStatus(http.StatusOK).Body
	if !strings.Contains(home, "已完成") || !strings.Contains(home, "查看组织生活日历") {
		t.Errorf("the secretary's home lacks the organisational life summary")
	}

	neighbour := e.demoMember("罗家明")
	hash := e.findAccount("member").PasswordHash
	u := &huoshui.User{Username: "luo", DisplayName: neighbour.Name, PasswordHash: hash, MemberID: neighbour.ID,
		Roles: []huoshui.Role{{OrgID: e.demoOrg(demo.SecondBranch).ID, Kind: huoshui.RoleMember}}}
	if err := e.store.CreateUser(ctx, sec, u); err != nil {
		t.Fatal(err)
	}
	home = e.login("luo").get("/").wantStatus(http.StatusOK).Body
	if strings.Contains(home, m.Title) || strings.Contains(home, f.Text) {
		t.Errorf("a member of the branch beside sees the secretariat's meeting or follow-up")
	}
}
