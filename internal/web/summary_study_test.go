package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
)

// studyOut is the study part of GET /api/v1/orgs/{id}/summary.
type studyOut struct {
	Study *struct {
		Members int `json:"members"`
		Met     int `json:"met"`
	} `json:"study"`
}

func readStudy(t *testing.T, c *client, path string) studyOut {
	t.Helper()
	var out studyOut
	if err := json.Unmarshal([]byte(c.get(path).wantStatus(http.StatusOK).Body), &out); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return out
}

var completionLine = regexp.MustCompile(`(\d+) 名党员中 (\d+) 名已达到`)

// pageStudy reads the completion an org's study page shows: its total,
// and for a committee each branch's row.
func pageStudy(t *testing.T, c *client, o *huoshui.Org, year int) (members, met int, rows map[int64][2]int) {
	t.Helper()
	doc := c.get(fmt.Sprintf("/orgs/%d/study?year=%d", o.ID, year)).wantStatus(http.StatusOK).doc()
	m := completionLine.FindStringSubmatch(doc.Find("p.life-summary").Text())
	if m == nil {
		t.Fatalf("%s's study page: no completion line in %q", o.Name, doc.Find("p.life-summary").Text())
	}
	members, _ = strconv.Atoi(m[1])
	met, _ = strconv.Atoi(m[2])
	rows = map[int64][2]int{}
	doc.Find("#branches-h").Parent().Find("tbody tr").Each(func(_ int, s *goquery.Selection) {
		href, _ := s.Find("a").Attr("href")
		var id int64
		fmt.Sscanf(href, "/orgs/%d/study", &id)
		cells := s.Find("td.num")
		n, _ := strconv.Atoi(strings.TrimSpace(cells.Eq(0).Text()))
		r, _ := strconv.Atoi(strings.TrimSpace(cells.Eq(1).Text()))
		rows[id] = [2]int{n, r}
	})
	return members, met, rows
}

// The summary API's study completion of a whole year is what the org
// study pages show, on both engines: each branch's (counted there from
// the records, member by member) and the committee's, the sum of its
// branches'. A period that is not a calendar year has none.
func TestSummaryStudyMatchesTheStudyPages(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		a := e.secretaryStoreActor()
		year := time.Now().In(huoshui.Shanghai).Year() - 1
		committee := e.demoOrg(demo.CommitteeName)
		branch, second := e.demoOrg(demo.BranchName), e.demoOrg(demo.SecondBranch)
		// The secretariat asks 8 class hours: a full-day theme day makes
		// those present reach it. 综合处 keeps the default 32: one
		// member's confirmed training of 32 hours reaches it, another's
		// 30 hours and an hour's meeting do not.
		if err := e.store.SetStudyTarget(ctx, a, branch.ID, 8); err != nil {
			t.Fatal(err)
		}
		at := time.Date(year, 4, 15, 9, 0, 0, 0, huoshui.Shanghai)
		e.heldMeeting(huoshui.Meeting{OrgID: branch.ID, Type: huoshui.MeetingThemeDay, Title: "主题党日 全天学习",
			StartsAt: at, EndsAt: at.Add(7 * time.Hour), Place: "党员活动室"}, 3)
		e.heldMeeting(huoshui.Meeting{OrgID: second.ID, Type: huoshui.MeetingGeneral, Title: "党员大会",
			StartsAt: at, EndsAt: at.Add(time.Hour), Place: "会议室"}, 2)
		ms, _, err := e.store.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Everything(), OrgID: second.ID})
		if err != nil {
			t.Fatal(err)
		}
		var party []*huoshui.Member
		for _, m := range ms {
			if m.Status == huoshui.StatusFull || m.Status == huoshui.StatusProbationary {
				party = append(party, m)
			}
		}
		if len(party) < 2 {
			t.Fatalf("综合处 has %d party members, want 2 or more", len(party))
		}
		for i, hours := range []float64{32, 30} {
			tr := &huoshui.Training{MemberID: party[i].ID, Title: "党校进修班", Organiser: "省委党校",
				HeldOn: huoshui.NewDate(year, 6, 1), Hours: hours, Evidence: "结业证书 2025-118"}
			if err := e.store.CreateTraining(ctx, a, tr, huoshui.NewDate(year, 12, 31)); err != nil {
				t.Fatal(err)
			}
			if err := e.store.DecideTraining(ctx, huoshui.Actor{Username: "organiser"}, tr.ID, true, 0, ""); err != nil {
				t.Fatal(err)
			}
		}

		org := e.login("organiser")
		q := fmt.Sprintf("/summary?year=%d", year)
		api := map[int64][2]int{}
		for _, o := range []*huoshui.Org{branch, second, committee} {
			got := readStudy(t, org, fmt.Sprintf("/api/v1/orgs/%d", o.ID)+q)
			if got.Study == nil {
				t.Fatalf("%s: the summary of a whole year has no study completion", o.Name)
			}
			api[o.ID] = [2]int{got.Study.Members, got.Study.Met}
		}
		rowsSeen := map[int64][2]int{}
		for _, o := range []*huoshui.Org{branch, second} {
			members, met, _ := pageStudy(t, org, o, year)
			if api[o.ID] != [2]int{members, met} {
				t.Errorf("%s: the API says %d members, %d reached; the study page %d, %d", o.Name,
					api[o.ID][0], api[o.ID][1], members, met)
			}
			rowsSeen[o.ID] = [2]int{members, met}
		}
		if api[branch.ID][1] != 3 {
			t.Errorf("the secretariat: %d reached 8 hours, want the 3 present at the full-day theme day", api[branch.ID][1])
		}
		if api[second.ID][1] != 1 {
			t.Errorf("综合处: %d reached 32 hours, want the 1 with 32 hours of training", api[second.ID][1])
		}
		members, met, rows := pageStudy(t, org, committee, year)
		if api[committee.ID] != [2]int{members, met} {
			t.Errorf("the committee: the API says %v, its study page %d members, %d reached", api[committee.ID], members, met)
		}
		if sum := [2]int{api[branch.ID][0] + api[second.ID][0], api[branch.ID][1] + api[second.ID][1]}; api[committee.ID] != sum {
			t.Errorf("the committee's completion %v is not the sum of its branches' %v", api[committee.ID], sum)
		}
		for id, want := range rowsSeen {
			if rows[id] != want {
				t.Errorf("the committee's study page shows branch %d as %v; the branch's own page %v", id, rows[id], want)
			}
		}
		// A period that cuts the year has no study completion.
		part := readStudy(t, org, fmt.Sprintf("/api/v1/orgs/%d/summary?from=%d-01-01&to=%d-06-30", committee.ID, year, year))
		if part.Study != nil {
			t.Errorf("January to June: study %+v, want none (the target is a year's)", *part.Study)
		}
	})
}
