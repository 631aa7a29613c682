package web_test

import (
	"context"
	"fmt"
	"github.com/PuerkitoBio/goquery"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/store"
)

// The ledger of the secretariat lists, for a year, exactly the links
// recorded on its activities of that year, each with its activity, what
// it led to, what changed and who recorded it, under the year's figures;
// the filters narrow it; the workbook holds the same rows; another
// branch's secretary finds nothing.
func TestLinkLedgerPage(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		r := makeLinkRecords(t, e)
		a := e.secretaryStoreActor()
		branch := e.demoOrg(demo.BranchName)
		scope := huoshui.Scope{Paths: []string{branch.Path}}
		add := func(kind huoshui.ActivityKind, id int64, tk huoshui.TargetKind, tid int64, note string) *huoshui.WorkLink {
			t.Helper()
			l := &huoshui.WorkLink{ActivityKind: kind, ActivityID: id, TargetKind: tk, TargetID: tid, Note: note}
			if err := e.store.AddWorkLink(ctx, a, scope, l); err != nil {
				t.Fatal(err)
			}
			return l
		}
		mine := []*huoshui.WorkLink{
			add(huoshui.ActivityMeeting, r.meeting, huoshui.TargetTask, r.task, "来文办理平均用时由五个工作日缩短到三个。"),
			add(huoshui.ActivityLecture, r.lecture, huoshui.TargetOutput, r.innovation, "机要件交接改为扫码，全程可追溯。"),
		}
		gone := add(huoshui.ActivityDiscussion, r.discussion, huoshui.TargetTask, r.task, "后来取消的关联")
		if err := e.store.RemoveWorkLink(ctx, a, scope, gone.ID, false); err != nil {
			t.Fatal(err)
		}

		sec := e.login("secretary")
		for _, l := range mine {
			got, err := e.store.FindWorkLinkByID(ctx, scope, l.ID)
			if err != nil {
				t.Fatal(err)
			}
			year := got.ActivityOn.Year()
			path := fmt.Sprintf("/orgs/%d/links?year=%d", branch.ID, year)
			doc := sec.get(path).wantStatus(http.StatusOK).doc()

			// Every link recorded on the branch's activities of the year,
			// read straight from the records, and nothing else.
			want := e.yearLinkIDs(t, branch, year)
			var ids []int64
			doc.Find("tr[data-link]").Each(func(_ int, s *goquery.Selection) {
				id, _ := strconv.ParseInt(s.AttrOr("data-link", ""), 10, 64)
				ids = append(ids, id)
			})
			slices.Sort(ids)
			if !slices.Equal(ids, want) {
				t.Fatalf("%s lists links %v, want %v", path, ids, want)
			}
			if slices.Contains(ids, gone.ID) {
				t.Error("a removed link is listed")
			}
			row := doc.Find(fmt.Sprintf(`tr[data-link="%d"]`, l.ID))
			if !strings.Contains(row.Find("[data-change]").Text(), l.Note) || !strings.Contains(row.Text(), got.CreatorName) ||
				row.Find("a[data-activity]").AttrOr("href", "") != fmt.Sprintf("/%ss/%d", l.ActivityKind, l.ActivityID) {
				t.Errorf("the row of link %d reads %q", l.ID, row.Text())
			}
			target := fmt.Sprintf("/tasks/%d", r.task)
			if l.TargetKind == huoshui.TargetOutput {
				target = fmt.Sprintf("/outputs/%d", r.innovation)
			}
			if href := row.Find("a[data-target]").AttrOr("href", ""); href != target {
				t.Errorf("link %d leads to %q, want %q", l.ID, href, target)
			}
			held, linked, err := e.store.ActivityCounts(ctx, branch, true, huoshui.NewDate(year, 1, 1), huoshui.NewDate(year, 12, 31))
			if err != nil {
				t.Fatal(err)
			}
			if s := doc.Find("[data-summary]").Text(); !strings.Contains(s, fmt.Sprintf("全年开展党组织活动 %d 次，其中 %d 次带来了工作成效", held, linked)) {
				t.Errorf("the caption reads %q, want held %d linked %d", s, held, linked)
			}

			// Only innovations: the lecture's link stays, the task's goes.
			only := sec.get(path + "&target=innovation").wantStatus(http.StatusOK).doc()
			only.Find("tr[data-link]").Each(func(_ int, s *goquery.Selection) {
				if !strings.Contains(s.Text(), "工作创新") {
					t.Errorf("the innovations' ledger shows %q", s.Text())
				}
			})
			if has := only.Find(fmt.Sprintf(`tr[data-link="%d"]`, l.ID)).Length() == 1; has != (l.TargetKind == huoshui.TargetOutput) {
				t.Errorf("filtered by innovation, link %d shown: %v", l.ID, has)
			}

			// The workbook: a title, the heading, then the same rows.
			rows, _ := exportRows(t, sec, fmt.Sprintf("/orgs/%d/links.xlsx?year=%d", branch.ID, year), "关联台账")
			if len(rows) != len(want)+2 {
				t.Fatalf("the workbook has %d rows, want %d links under a title and a heading", len(rows), len(want))
			}
			if !strings.Contains(rows[0][0], branch.Name) || rows[1][0] != "活动日期" {
				t.Errorf("the workbook begins %q / %q", rows[0], rows[1])
			}
			found := false
			for _, x := range rows[2:] {
				if slices.Contains(x, l.Note) && slices.Contains(x, got.TargetTitle) && slices.Contains(x, got.ActivityTitle) {
					found = true
				}
			}
			if !found {
				t.Errorf("the workbook has no row for link %d", l.ID)
			}
		}

		// Another branch's secretary: not found, page and workbook.
		e.memberAccount("zonghe", "罗家明", huoshui.RoleSecretary, e.demoOrg(demo.SecondBranch))
		other := e.signedIn("zonghe")
		other.get(fmt.Sprintf("/orgs/%d/links", branch.ID)).wantStatus(http.StatusNotFound)
		other.get(fmt.Sprintf("/orgs/%d/links.xlsx", branch.ID)).wantStatus(http.StatusNotFound)
		// A bad year: a clear refusal, not a page of nothing.
		sec.get(fmt.Sprintf("/orgs/%d/links?year=1800", branch.ID)).wantStatus(http.StatusUnprocessableEntity)
	})
}

// yearLinkIDs reads the live links of the branch's subtree whose activity
// fell in year, from the link table and the activities' own days, sorted.
func (e *env) yearLinkIDs(t *testing.T, org *huoshui.Org, year int) []int64 {
	t.Helper()
	ctx := context.Background()
	var out []int64
	for _, kind := range huoshui.ActivityKinds {
		ids := e.activityIDs(t, kind, org)
		for id, on := range ids {
			if on.Year() != year {
				continue
			}
			ls, err := e.store.FindActivityLinks(ctx, huoshui.Everything(), kind, id)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range ls {
				out = append(out, l.ID)
			}
		}
	}
	slices.Sort(out)
	return out
}

// activityIDs lists the activities of kind in org's subtree, every year,
// with their day in Beijing time.
func (e *env) activityIDs(t *testing.T, kind huoshui.ActivityKind, org *huoshui.Org) map[int64]huoshui.Date {
	t.Helper()
	ctx := context.Background()
	scope := huoshui.Scope{Paths: []string{org.Path}}
	out := map[int64]huoshui.Date{}
	switch kind {
	case huoshui.ActivityMeeting:
		for _, cancelled := range []bool{false, true} {
			ms, _, err := e.store.FindMeetings(ctx, huoshui.MeetingFilter{Scope: scope, OrgID: org.ID, Subtree: true,
				Cancelled: cancelled, Limit: 100000})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range ms {
				out[m.ID] = huoshui.DateOf(m.StartsAt.In(huoshui.Shanghai))
			}
		}
	case huoshui.ActivityLecture:
		ls, err := e.store.FindLectures(ctx, store.LectureFilter{Scope: scope, Limit: 100000})
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range ls {
			out[l.ID] = l.HeldOn
		}
	case huoshui.ActivityDiscussion:
		ds, err := e.store.FindDiscussions(ctx, store.DiscussionFilter{Scope: scope, Limit: 100000})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range ds {
			out[d.ID] = d.HeldOn
		}
	}
	return out
}
