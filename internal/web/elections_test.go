package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/web"
)

// demoElection is the id of an election of the demo branch: the demo's
// own (Seed), or one recorded now on an env seeded without it.
func demoElection(t *testing.T, e *env, orgID int64) int64 {
	t.Helper()
	ctx := context.Background()
	if es, err := e.store.FindElections(ctx, huoshui.Everything(), orgID); err == nil && len(es) > 0 {
		return es[0].ID
	}
	seats, err := e.store.FindCommittee(ctx, orgID)
	if err != nil {
		t.Fatal(err)
	}
	el := &huoshui.Election{OrgID: orgID, HeldOn: huoshui.DateOf(e.store.Now().In(huoshui.Shanghai)), Eligible: 10, Present: 10}
	for _, s := range seats {
		el.Candidates = append(el.Candidates, huoshui.ElectionCandidate{MemberID: s.MemberID, Votes: 9, Post: s.Post})
	}
	err = e.store.RecordElection(ctx, huoshui.Actor{Username: "test"}, el, func(o *huoshui.Org, el *huoshui.Election) error {
		el.Timing, el.TermEnds = "on_time", el.HeldOn.AddYears(3)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return el.ID
}

// demoRound is the id of an appraisal of the demo branch: last year's.
func demoRound(t *testing.T, e *env, orgID int64) int64 {
	t.Helper()
	ctx := context.Background()
	if rs, err := e.store.FindAppraisalRounds(ctx, huoshui.Everything(), orgID); err == nil && len(rs) > 0 {
		return rs[0].ID
	}
	r := &huoshui.AppraisalRound{OrgID: orgID, Year: e.store.Now().Year() - 1}
	if err := e.store.CreateAppraisalRound(ctx, huoshui.Actor{Username: "test"}, r); err != nil {
		t.Fatal(err)
	}
	return r.ID
}

// electionForm is an election of the demo secretariat held on held: its
// committee re-elected (four posts), one candidate not elected.
func electionForm(e *env, held huoshui.Date) url.Values {
	seats, err := e.store.FindCommittee(context.Background(), e.demoOrg("秘书处（督查处）党支部").ID)
	if err != nil {
		e.T().Fatal(err)
	}
	v := url.Values{"held_on": {held.String()}, "eligible": {"12"}, "present": {"11"}}
	for i, s := range seats {
		n := strconvItoa(i + 1)
		v.Set("cand_member_"+n, strconvItoa64(s.MemberID))
		v.Set("cand_votes_"+n, "10")
		v.Set("cand_post_"+n, string(s.Post))
	}
	return v
}

func strconvItoa(i int) string     { return strconv.Itoa(i) }
func strconvItoa64(i int64) string { return strconv.FormatInt(i, 10) }

// The secretary records the election: an early one without the higher
// committee's approval, one in the future and one without a quorum are
// refused with the rule and nothing written; an election on time makes
// its committee the one in office on the branch page. The organiser of
// the committee above approves it; the secretary may not, and the
// branch beside sees none of it.
func TestElectionRecordedAndApproved(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		branch := e.demoOrg("秘书处（督查处）党支部")
		before, _ := e.store.FindElections(ctx, huoshui.Everything(), branch.ID)
		sec := e.login("secretary")
		path := "/orgs/" + strconvItoa64(branch.ID) + "/elections"
		today := huoshui.DateOf(e.store.Now().In(huoshui.Shanghai))

		sec.get(path + "/new").wantStatus(http.StatusOK)
		bad := []struct {
			name string
			v    url.Values
			want string
		}{
			{"early without approval", electionForm(e, branch.CommitteeTermEnds.AddMonths(-8)), "提前换届，须经上级党委批准"},
			{"in the future", electionForm(e, today.AddDate(0, 0, 3)), "不能晚于今天"},
			{"no quorum", func() url.Values { v := electionForm(e, today); v.Set("present", "9"); return v }(), "不足五分之四"},
			{"a second secretary", func() url.Values { v := electionForm(e, today); v.Set("cand_post_2", "secretary"); return v }(), "书记"},
		}
		for _, c := range bad {
			r := sec.postForm(path, c.v)
			if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, c.want) {
				t.Errorf("%s: %d, want 422 saying %q", c.name, r.StatusCode, c.want)
			}
		}
		if after, _ := e.store.FindElections(ctx, huoshui.Everything(), branch.ID); len(after) != len(before) {
			t.Fatalf("refused elections wrote %d", len(after)-len(before))
		}

		v := electionForm(e, today)
		v.Set("cand_member_5", strconvItoa64(e.demoMember("陈思远").ID))
		v.Set("cand_votes_5", "3")
		sec.postForm(path, v).wantStatus(http.StatusSeeOther)
		page := sec.get("/orgs/" + strconvItoa64(branch.ID)).wantStatus(http.StatusOK)
		committee := textOf(page.doc().Find("section.committee"))
		if !strings.Contains(committee, "书记") || strings.Contains(committee, "任期将于") {
			t.Errorf("the branch page's committee: %q", committee)
		}
		o, _ := e.store.FindOrgByID(ctx, huoshui.Everything(), branch.ID)
		if o.CommitteeElectedOn != today || o.CommitteeTermEnds != today.AddYears(3) {
			t.Errorf("committee elected %s ends %s, want today and three years on", o.CommitteeElectedOn, o.CommitteeTermEnds)
		}
		es, _ := e.store.FindElections(ctx, huoshui.Everything(), branch.ID)
		id := strconvItoa64(es[0].ID)
		if !strings.Contains(sec.get(path).Body, "/elections/"+id) {
			t.Errorf("the history does not list the election")
		}
		if b := sec.get("/elections/" + id).Body; !strings.Contains(b, "陈思远") || !strings.Contains(b, "未当选") {
			t.Errorf("the election does not show the candidate not elected")
		}

		// Approval: the organiser above, not the secretary, not the branch beside.
		approve := url.Values{"approved_on": {today.String()}, "approval_doc": {"机党发〔2026〕9号"}}
		sec.postForm("/elections/"+id+"/approval", approve).wantStatus(http.StatusForbidden)
		e.memberAccount("zh-sec", "郭立新", huoshui.RoleSecretary, e.demoOrg("综合处党支部"))
		neighbour := e.login("zh-sec")
		neighbour.get("/elections/" + id).wantStatus(http.StatusNotFound)
		neighbour.get(path).wantStatus(http.StatusNotFound)
		neighbour.postForm(path, electionForm(e, today)).wantStatus(http.StatusNotFound)
		e.memberAccount("own-org", "何静怡", huoshui.RoleOrganiser, branch)
		e.login("own-org").postForm("/elections/"+id+"/approval", approve).wantStatus(http.StatusForbidden)
		org := e.login("organiser")
		r := org.postForm("/elections/"+id+"/approval", url.Values{"approved_on": {today.AddDate(0, 0, 1).String()}, "approval_doc": {"x"}})
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("an approval dated tomorrow: %d", r.StatusCode)
		}
		org.postForm("/elections/"+id+"/approval", approve).wantStatus(http.StatusSeeOther)
		if r := org.get("/elections/" + id); !strings.Contains(r.Body, "机党发〔2026〕9号") {
			t.Errorf("the approval does not show on the election: %d", r.StatusCode)
		}
	})
}

// The term's reminder: six months before its end on the officers' home
// page and in the group, three months before again, each once.
func TestTermRemindersAtSixAndThreeMonths(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	ctx := context.Background()
	branch := e.demoOrg("秘书处（督查处）党支部")
	rb := newRobot(t)
	if err := e.store.SetOrgWebhook(ctx, huoshui.Actor{Username: "test"}, branch.ID, rb.URL+"/send?key=k"); err != nil {
		t.Fatal(err)
	}
	srv, _, err := web.New(web.Deps{Store: e.store})
	if err != nil {
		t.Fatal(err)
	}
	ends := branch.CommitteeTermEnds
	termMessages := func() []string {
		var out []string
		for _, m := range rb.received() {
			if strings.Contains(m, "委员会任期") {
				out = append(out, m)
			}
		}
		return out
	}
	on := func(d huoshui.Date) {
		at := time.Date(d.Year(), d.Time().Month(), d.Time().Day(), 9, 0, 0, 0, huoshui.Shanghai)
		e.store.SetClock(func() time.Time { return at })
		if _, err := srv.SendReminders(ctx); err != nil {
			t.Fatal(err)
		}
	}
	on(ends.AddMonths(-7))
	if got := termMessages(); len(got) != 0 {
		t.Fatalf("seven months before: %q", got)
	}
	home := e.login("secretary").get("/").Body
	if strings.Contains(home, "请着手准备换届") {
		t.Errorf("the home page reminds seven months before")
	}
	on(ends.AddMonths(-6))
	on(ends.AddMonths(-5))
	if got := termMessages(); len(got) != 1 || !strings.Contains(got[0], "请着手准备换届") {
		t.Fatalf("six months before: %q", got)
	}
	if home := e.login("secretary").get("/").Body; !strings.Contains(home, "请着手准备换届") {
		t.Errorf("the home page does not remind six months before")
	}
	on(ends.AddMonths(-3))
	on(ends.AddDate(0, 0, -1))
	got := termMessages()
	if len(got) != 2 || !strings.Contains(got[1], "请按期换届") || !strings.Contains(got[1], ends.String()) {
		t.Fatalf("three months before: %q", got)
	}
	if home := e.login("secretary").get("/").Body; !strings.Contains(home, "请按期换届") {
		t.Errorf("the home page does not remind three months before")
	}
}

// electionScreens are the pages of elections and the appraisal in the
// screen tour.
func electionScreens(t *testing.T, e *env, branchID, memberID int64) []string {
	el, round := demoElection(t, e, branchID), demoRound(t, e, branchID)
	return []string{fmt.Sprintf("/orgs/%d/elections", branchID), fmt.Sprintf("/orgs/%d/elections/new", branchID),
		fmt.Sprintf("/elections/%d", el), fmt.Sprintf("/orgs/%d/appraisals", branchID), fmt.Sprintf("/appraisals/%d", round),
		fmt.Sprintf("/appraisals/%d/members/%d", round, memberID), fmt.Sprintf("/appraisals/%d/print", round)}
}
