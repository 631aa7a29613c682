package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
)

// summaryOut is the JSON of GET /api/v1/orgs/{id}/summary.
type summaryOut struct {
	ThemeDays    int `json:"theme_days"`
	Publications struct {
		Total   int            `json:"total"`
		ByLevel map[string]int `json:"by_level"`
	} `json:"publications"`
	Awards    int `json:"awards"`
	Documents struct {
		Count      int   `json:"count"`
		Characters int64 `json:"characters"`
	} `json:"documents"`
	Innovations int `json:"innovations"`
	Tasks       struct {
		Total      int `json:"total"`
		DoneOnTime int `json:"done_on_time"`
		DoneLate   int `json:"done_late"`
		Overdue    int `json:"overdue"`
	} `json:"tasks"`
	Activities  int     `json:"activities"`
	Linked      int     `json:"linked"`
	LinkedShare float64 `json:"linked_share"`
}

func (s summaryOut) plus(o summaryOut) summaryOut {
	s.ThemeDays += o.ThemeDays
	s.Publications.Total += o.Publications.Total
	by := map[string]int{}
	for k, v := range s.Publications.ByLevel {
		by[k] += v
	}
	for k, v := range o.Publications.ByLevel {
		by[k] += v
	}
	s.Publications.ByLevel = by
	s.Awards += o.Awards
	s.Documents.Count += o.Documents.Count
	s.Documents.Characters += o.Documents.Characters
	s.Innovations += o.Innovations
	s.Tasks.Total += o.Tasks.Total
	s.Tasks.DoneOnTime += o.Tasks.DoneOnTime
	s.Tasks.DoneLate += o.Tasks.DoneLate
	s.Tasks.Overdue += o.Tasks.Overdue
	s.Activities += o.Activities
	s.Linked += o.Linked
	s.LinkedShare = 0 // a share does not add
	return s
}

func readSummary(t *testing.T, c *client, path string) summaryOut {
	t.Helper()
	var out summaryOut
	if err := json.Unmarshal([]byte(c.get(path).wantStatus(http.StatusOK).Body), &out); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return out
}

// summaryYear lays out last year's records of the secretariat and of 综合处:
// outputs of every kind and level, tasks done on time, late and left
// open, theme days held and one called off, and records of the year
// before that the year must not count.
func summaryYear(t *testing.T, e *env) (year int, branch, second *huoshui.Org) {
	t.Helper()
	ctx := context.Background()
	a := e.secretaryStoreActor()
	year = time.Now().In(huoshui.Shanghai).Year() - 1
	branch, second = e.demoOrg(demo.BranchName), e.demoOrg(demo.SecondBranch)
	first := func(o *huoshui.Org) int64 {
		ms, _, err := e.store.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Everything(), OrgID: o.ID, Limit: 1})
		if err != nil || len(ms) == 0 {
			t.Fatalf("a member of %s: %v", o.Name, err)
		}
		return ms[0].ID
	}
	d := func(m time.Month, day int) huoshui.Date { return huoshui.NewDate(year, m, day) }
	out := func(o *huoshui.Org, k huoshui.OutputKind, l huoshui.OutputLevel, on huoshui.Date, chars int) *huoshui.Output {
		x := &huoshui.Output{OrgID: o.ID, Kind: k, Title: fmt.Sprintf("%s %s %s", k, l, on), Date: on,
			Owners: []huoshui.OutputOwner{{MemberID: first(o)}}}
		switch k {
		case huoshui.OutputPublication:
			x.Level, x.Outlet = l, "大众日报"
		case huoshui.OutputAward:
			x.Level, x.Issuer = l, "省直机关工委"
		case huoshui.OutputDocument:
			x.DocKind, x.Characters, x.CharSource = huoshui.DocResearchReport, chars, huoshui.CharsEntered
		case huoshui.OutputInnovation:
			x.Status, x.Problem, x.Change = huoshui.InnovationPromoted, "登记靠手工。", "改为扫码登记。"
		}
		return x
	}
	outputs := []*huoshui.Output{
		out(branch, huoshui.OutputPublication, huoshui.LevelNational, d(1, 10), 0),
		out(branch, huoshui.OutputPublication, huoshui.LevelNational, d(6, 30), 0),
		out(second, huoshui.OutputPublication, huoshui.LevelProvincial, d(2, 1), 0),
		out(branch, huoshui.OutputAward, huoshui.LevelCity, d(3, 5), 0),
		out(second, huoshui.OutputAward, huoshui.LevelOther, d(12, 31), 0),
		out(branch, huoshui.OutputDocument, "", d(1, 31), 1000),
		out(second, huoshui.OutputDocument, "", d(9, 9), 2500),
		out(branch, huoshui.OutputInnovation, "", d(11, 11), 0),
		// The year before: not counted.
		out(branch, huoshui.OutputPublication, huoshui.LevelNational, huoshui.NewDate(year-1, 12, 31), 0),
	}
	if err := e.store.CreateOutputs(ctx, a, outputs); err != nil {
		t.Fatal(err)
	}
	task := func(o *huoshui.Org, deadline huoshui.Date, done huoshui.Date) {
		t.Helper()
		x := &huoshui.Task{OrgID: o.ID, Source: huoshui.TaskFromDocument, Content: "督办 " + deadline.String(), LeadID: first(o),
			AssignedOn: d(1, 2), Deadline: deadline}
		if err := e.store.CreateTask(ctx, a, x, true); err != nil {
			t.Fatal(err)
		}
		if !done.IsZero() {
			if err := e.store.MarkTaskDone(ctx, a, x.ID, done); err != nil {
				t.Fatal(err)
			}
		}
	}
	task(branch, d(3, 31), d(3, 20))                            // on time
	task(branch, d(4, 30), d(5, 6))                             // late
	task(branch, d(8, 31), huoshui.Date{})                      // open, overdue
	task(second, d(10, 31), d(10, 31))                          // on time, on the day
	task(second, huoshui.NewDate(year+1, 1, 5), huoshui.Date{}) // next year's
	theme := func(o *huoshui.Org, on time.Time) *huoshui.Meeting {
		return e.heldMeeting(huoshui.Meeting{OrgID: o.ID, Type: huoshui.MeetingThemeDay, Title: "主题党日 " + on.Format("01-02"),
			StartsAt: on, Place: "党员活动室"}, 2)
	}
	at := func(m time.Month, day int) time.Time { return time.Date(year, m, day, 9, 0, 0, 0, huoshui.Shanghai) }
	theme(branch, at(1, 20))
	theme(branch, at(2, 28))
	off := theme(branch, at(5, 8))
	if err := e.store.CancelMeeting(ctx, a, off.ID, false); err != nil {
		t.Fatal(err)
	}
	theme(second, at(3, 3))
	return year, branch, second
}

// A committee's numbers are the sum of its branches', on both engines,
// and each number is what the records say.
func TestSummaryRollsUp(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		year, branch, second := summaryYear(t, e)
		committee := e.demoOrg(demo.CommitteeName)
		org := e.login("organiser")
		q := fmt.Sprintf("/summary?year=%d", year)
		b := readSummary(t, org, fmt.Sprintf("/api/v1/orgs/%d", branch.ID)+q)
		s := readSummary(t, org, fmt.Sprintf("/api/v1/orgs/%d", second.ID)+q)
		c := readSummary(t, org, fmt.Sprintf("/api/v1/orgs/%d", committee.ID)+q)
		if sum := b.plus(s); fmt.Sprint(sum) != fmt.Sprint(c.plus(summaryOut{})) {
			t.Errorf("the committee's year\n%+v\nis not the sum of its branches'\n%+v", c, sum)
		}
		if b.ThemeDays != 2 || s.ThemeDays != 1 {
			t.Errorf("theme days: secretariat %d, 综合处 %d; want 2 (one called off) and 1", b.ThemeDays, s.ThemeDays)
		}
		if c.Publications.Total != 3 || c.Publications.ByLevel["national"] != 2 || c.Publications.ByLevel["provincial"] != 1 {
			t.Errorf("publications %+v, want 3: 2 national, 1 provincial (the year before's not counted)", c.Publications)
		}
		if c.Awards != 2 || c.Documents.Count != 2 || c.Documents.Characters != 3500 || c.Innovations != 1 {
			t.Errorf("awards %d, documents %+v, innovations %d; want 2, 2 of 3500 characters, 1", c.Awards, c.Documents, c.Innovations)
		}
		if c.Tasks.Total != 4 || c.Tasks.DoneOnTime != 2 || c.Tasks.DoneLate != 1 || c.Tasks.Overdue != 1 {
			t.Errorf("tasks %+v, want 4 due: 2 on time, 1 late, 1 overdue", c.Tasks)
		}
		// A period that cuts months is counted from the records at its
		// ends: 15 January to 2 March holds two theme days, the
		// provincial article, the January document and no task.
		p := readSummary(t, org, fmt.Sprintf("/api/v1/orgs/%d/summary?from=%d-01-15&to=%d-03-02", committee.ID, year, year))
		if p.ThemeDays != 2 || p.Publications.Total != 1 || p.Documents.Count != 1 || p.Tasks.Total != 0 {
			t.Errorf("15 Jan to 2 Mar: %+v; want 2 theme days, 1 publication, 1 document, no task", p)
		}
		// The dashboard says the same, and each branch's row sums to it.
		doc := org.get(fmt.Sprintf("/orgs/%d/dashboard?year=%d", committee.ID, year)).wantStatus(http.StatusOK).doc()
		if got := strings.TrimSpace(doc.Find(`[data-number="publications"]`).Text()); got != "3" {
			t.Errorf("the committee's dashboard shows %q publications, want 3", got)
		}
		if n := doc.Find("#rows-h").Parent().Find("tbody tr").Length(); n != 2 {
			t.Errorf("the committee's dashboard lists %d orgs below it, want its 2 branches", n)
		}
		// A row's numbers lead to that branch's records: its
		// publications link lists as many as the row says.
		doc.Find("#rows-h").Parent().Find("tbody tr").Each(func(_ int, tr *goquery.Selection) {
			a := tr.Find(`td[data-label="发表文章"] a`)
			href, _ := a.Attr("href")
			n := strings.TrimSpace(a.Text())
			if href == "" {
				t.Errorf("%s: the publications number is not a link", strings.TrimSpace(tr.Find("td").First().Text()))
				return
			}
			caption := org.get(href).wantStatus(http.StatusOK).doc().Find("caption.table-caption").Text()
			if !strings.Contains(caption, "共 "+n+" 条") {
				t.Errorf("a row says %s publications; %s says %q", n, href, caption)
			}
		})
	})
}

// Bad periods are refused with what to fix; an org the reader may not
// see is not found.
func TestSummaryRefusesBadInput(t *testing.T) {
	e := sqliteEnv(t)
	sec := e.login("secretary")
	branch, second := e.demoOrg(demo.BranchName), e.demoOrg(demo.SecondBranch)
	base := fmt.Sprintf("/api/v1/orgs/%d/summary", branch.ID)
	for q, want := range map[string]string{
		"?from=2026-03-01&to=2026-02-01": "结束日期不能早于开始日期",
		"?year=二〇二六":                     "年份要在",
		"?year=1800":                     "年份要在",
		"?from=2026-13-01&to=2026-12-31": "日期格式",
		"?from=2026-01-01":               "请同时填写起始日期和截止日期",
	} {
		body := sec.get(base + q).wantStatus(http.StatusUnprocessableEntity).Body
		if !strings.Contains(body, want) {
			t.Errorf("%s: %s, want a message with %q", q, body, want)
		}
	}
	// Full-width digits read as digits.
	sec.get(base + "?year=２０２５").wantStatus(http.StatusOK)
	sec.get(fmt.Sprintf("/api/v1/orgs/%d/summary?year=2025", second.ID)).wantStatus(http.StatusNotFound)
	sec.get(fmt.Sprintf("/orgs/%d/dashboard", second.ID)).wantStatus(http.StatusNotFound)
}
