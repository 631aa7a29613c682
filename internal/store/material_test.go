package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

func createMaterial(t *testing.T, s *store.Store, orgID int64, title, body string, tags ...string) *huoshui.Material {
	t.Helper()
	m := &huoshui.Material{OrgID: orgID, Title: title, Body: body, Tags: tags}
	if err := s.CreateMaterial(context.Background(), actor, m); err != nil {
		t.Fatalf("create material %s: %v", title, err)
	}
	return m
}

func materialTitles(t *testing.T, s *store.Store, f huoshui.MaterialFilter) []string {
	t.Helper()
	hits, total, err := s.FindMaterials(context.Background(), f)
	if err != nil {
		t.Fatalf("find materials %+v: %v", f, err)
	}
	if f.Limit == 0 && total != len(hits) {
		t.Errorf("total %d, %d hits", total, len(hits))
	}
	titles := []string{}
	for _, h := range hits {
		titles = append(titles, h.Material.Title)
	}
	return titles
}

func TestMaterialSearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		createMaterial(t, s, tr.branchA.ID, "支部学习计划", "全面从严治党永远在路上。加强党建工作，提高办文办事水平。", "党性教育")
		createMaterial(t, s, tr.committee.ID, "机关党委通知", "各支部要认真学习党章，做到学用结合。", "通知")
		createMaterial(t, s, tr.branchB.ID, "另一支部资料", "党建引领业务发展。")
		createMaterial(t, s, tr.branchA.ID, "Party work in English", "Reading 2024 report; 学习强国。")

		all := huoshui.Everything()
		a := huoshui.Scope{Paths: []string{tr.branchA.Path}}
		tests := []struct {
			scope huoshui.Scope
			q     string
			want  []string
		}{
			{all, "党", []string{"支部学习计划", "机关党委通知", "另一支部资料"}},
			{all, "党建", []string{"支部学习计划", "另一支部资料"}},
			{all, "从严治党", []string{"支部学习计划"}},
			{all, "全面从严治党永远在路上", []string{"支部学习计划"}},
			{all, "治党全面", nil},
			{all, "学用", []string{"机关党委通知"}},
			{all, "ENGLISH", []string{"Party work in English"}},
			{all, "2024", []string{"Party work in English"}},
			{all, "，。！？……", nil},
			{all, `" OR * NEAR( -`, nil},
			{all, strings.Repeat("学习党章", 5000), nil},
			{a, "党建", []string{"支部学习计划"}},
			{a, "党", []string{"支部学习计划", "机关党委通知"}},
			{huoshui.Scope{Paths: []string{tr.branchB.Path}}, "学习", []string{"机关党委通知"}},
			{huoshui.Scope{}, "党", nil},
		}
		for _, tt := range tests {
			got := materialTitles(t, s, huoshui.MaterialFilter{Scope: tt.scope, Query: tt.q})
			slices.Sort(got)
			want := append([]string{}, tt.want...)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("search %.20q in %v: %v, want %v", tt.q, tt.scope.Paths, got, want)
			}
		}

		// The snippet marks the match and escapes the text.
		hits, _, err := s.FindMaterials(ctx, huoshui.MaterialFilter{Scope: all, Query: "党建"})
		if err != nil || len(hits) == 0 {
			t.Fatalf("hits %v, %v", hits, err)
		}
		if !strings.Contains(hits[0].Snippet, "<mark>党建</mark>") {
			t.Errorf("snippet %q does not mark 党建", hits[0].Snippet)
		}

		// Paging and the total.
		hits, total, err := s.FindMaterials(ctx, huoshui.MaterialFilter{Scope: all, Query: "党", Limit: 1})
		if err != nil || len(hits) != 1 || total != 3 {
			t.Errorf("page of 1: %d hits, total %d, %v; want 1, 3", len(hits), total, err)
		}

		// Tags.
		if got := materialTitles(t, s, huoshui.MaterialFilter{Scope: all, Tag: "通知"}); !slices.Equal(got, []string{"机关党委通知"}) {
			t.Errorf("tag 通知: %v", got)
		}
	})
}

func TestMaterialIndexFollowsWrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		all := huoshui.Everything()
		m := createMaterial(t, s, tr.branchA.ID, "廉政建设学习", "廉洁自律准则")
		find := func(q string) []string {
			return materialTitles(t, s, huoshui.MaterialFilter{Scope: all, Query: q})
		}
		if got := find("廉洁"); len(got) != 1 {
			t.Fatalf("before update: %v", got)
		}
		upd := &huoshui.Material{Title: "服务群众学习", Body: "走进基层一线", Tags: []string{"服务群众"}}
		if err := s.UpdateMaterial(ctx, actor, m.ID, upd); err != nil {
			t.Fatal(err)
		}
		if got := find("廉洁"); len(got) != 0 {
			t.Errorf("after update, the old words still match: %v", got)
		}
		if got := find("基层"); !slices.Equal(got, []string{"服务群众学习"}) {
			t.Errorf("after update, the new words: %v", got)
		}
		if err := s.ArchiveMaterial(ctx, actor, m.ID, false); err != nil {
			t.Fatal(err)
		}
		if got := find("基层"); len(got) != 0 {
			t.Errorf("archived still listed: %v", got)
		}
		if got := materialTitles(t, s, huoshui.MaterialFilter{Scope: all, Query: "基层", Archived: true}); len(got) != 1 {
			t.Errorf("archived list: %v", got)
		}
		if err := s.ArchiveMaterial(ctx, actor, m.ID, true); err != nil {
			t.Fatal(err)
		}
		if got := find("基层"); len(got) != 1 {
			t.Errorf("restored not listed: %v", got)
		}
		got, err := s.FindMaterialByID(ctx, all, m.ID)
		if err != nil || got.Title != "服务群众学习" || got.ArchivedAt != nil || !slices.Equal(got.Tags, []string{"服务群众"}) {
			t.Errorf("find: %+v, %v", got, err)
		}
		// Every change has its audit record.
		entries, _, err := s.FindAuditEntries(ctx, huoshui.AuditFilter{Scope: all, ObjectType: "material", ObjectID: m.ID})
		if err != nil || len(entries) != 4 {
			t.Errorf("audit: %d entries, %v; want 4", len(entries), err)
		}
		// A long body is indexed on both engines.
		long := strings.Repeat("坚持和加强党的全面领导，推进全面从严治党。学习贯彻党的创新理论。", 3000)
		createMaterial(t, s, tr.branchA.ID, "长文", long[:len(long)/3*3])
		if got := find("创新理论"); !slices.Contains(got, "长文") {
			t.Errorf("a long body does not match: %v", got)
		}
		// Validation speaks in codes.
		var ve *huoshui.ValidationError
		if err := s.CreateMaterial(ctx, actor, &huoshui.Material{OrgID: tr.branchA.ID}); !errors.As(err, &ve) || !ve.Has("title") || !ve.Has("body") {
			t.Errorf("empty material: %v", err)
		}
	})
}

func TestMaterialScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		p := makeBranchPeople(t, s, tr)
		mine := createMaterial(t, s, tr.branchA.ID, "甲支部资料", "学习内容")
		other := createMaterial(t, s, tr.branchB.ID, "乙支部资料", "学习内容")
		top := createMaterial(t, s, tr.committee.ID, "党委资料", "学习内容")
		a := huoshui.Scope{Paths: []string{tr.branchA.Path}}
		for _, tt := range []struct {
			scope huoshui.Scope
			id    int64
			ok    bool
		}{
			{a, mine.ID, true},
			{a, top.ID, true},
			{a, other.ID, false},
			{huoshui.Scope{Paths: []string{tr.committee.Path}}, other.ID, true},
			{huoshui.Scope{}, mine.ID, false},
			{huoshui.Scope{MemberID: p.grouped.ID}, mine.ID, false},
		} {
			_, err := s.FindMaterialByID(ctx, tt.scope, tt.id)
			if (err == nil) != tt.ok || (err != nil && !errors.Is(err, huoshui.ErrNotFound)) {
				t.Errorf("find %d in %+v: %v, want found %v", tt.id, tt.scope, err, tt.ok)
			}
		}

		// Assigned to a 党小组: its members see it, wherever it is kept;
		// branch A's other members do not have it assigned.
		due := huoshui.NewDate(2026, 12, 31)
		if err := s.AssignMaterial(ctx, actor, &huoshui.MaterialAssignment{MaterialID: other.ID, OrgID: tr.groupA.ID, Due: due}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FindMaterialByID(ctx, huoshui.Scope{MemberID: p.grouped.ID}, other.ID); err != nil {
			t.Errorf("a member of the group does not see what it was assigned: %v", err)
		}
		if _, err := s.FindMaterialByID(ctx, a, other.ID); err != nil {
			t.Errorf("branch A's officers do not see what its group was assigned: %v", err)
		}
		got, err := s.FindAssignedMaterials(ctx, p.grouped.ID)
		if err != nil || len(got) != 1 || got[0].Material.ID != other.ID || !got[0].Due.Equal(due) {
			t.Errorf("assigned to the grouped member: %+v, %v", got, err)
		}
		if got, _ := s.FindAssignedMaterials(ctx, p.secretary.ID); len(got) != 0 {
			t.Errorf("assigned to a member outside the group: %+v", got)
		}
		// Assigned to the committee: everyone below has it.
		if err := s.AssignMaterial(ctx, actor, &huoshui.MaterialAssignment{MaterialID: top.ID, OrgID: tr.committee.ID, Due: due}); err != nil {
			t.Fatal(err)
		}
		for _, m := range []*huoshui.Member{p.secretary, p.outsider} {
			if titles := materialTitles(t, s, huoshui.MaterialFilter{Scope: huoshui.Everything(), AssignedTo: m.ID}); !slices.Contains(titles, "党委资料") {
				t.Errorf("%s: assigned %v", m.Name, titles)
			}
		}
		// Again: the due date moves, no second assignment.
		later := due.AddDate(0, 1, 0)
		if err := s.AssignMaterial(ctx, actor, &huoshui.MaterialAssignment{MaterialID: top.ID, OrgID: tr.committee.ID, Due: later}); err != nil {
			t.Fatal(err)
		}
		as, err := s.FindMaterialAssignments(ctx, top.ID)
		if err != nil || len(as) != 1 || !as[0].Due.Equal(later) {
			t.Errorf("assignments: %+v, %v", as, err)
		}
		var ve *huoshui.ValidationError
		if err := s.AssignMaterial(ctx, actor, &huoshui.MaterialAssignment{MaterialID: top.ID}); !errors.As(err, &ve) || !ve.Has("due") || !ve.Has("org_id") {
			t.Errorf("assignment without org and date: %v", err)
		}
	})
}

func TestMaterialReadingBeats(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		p := makeBranchPeople(t, s, tr)
		// 2,000 characters: an estimate of 5 minutes, a cap of 10, read
		// once 2½ minutes are counted.
		m := createMaterial(t, s, tr.branchA.ID, "学习材料", strings.Repeat("学", 2000-4))
		if m.ReadingCap() != 10*time.Minute {
			t.Fatalf("cap %v", m.ReadingCap())
		}
		now := time.Date(2026, 3, 1, 23, 55, 0, 0, huoshui.Shanghai)
		s.SetClock(func() time.Time { return now })
		beat := func(after time.Duration) huoshui.MaterialRead {
			t.Helper()
			now = now.Add(after)
			rd, err := s.RecordReadingBeat(ctx, p.grouped.ID, m, false)
			if err != nil {
				t.Fatal(err)
			}
			return rd
		}
		steps := []struct {
			after time.Duration
			want  int
			done  bool
		}{
			{0, 0, false},                 // the first beat starts the clock
			{30 * time.Second, 30, false}, // time since the last beat
			{3 * time.Minute, 90, false},  // a beat adds at most a minute
			{60 * time.Second, 150, true}, // half the estimate: read
			{-time.Minute, 150, true},     // a clock going back adds nothing
			{60 * time.Second, 210, true},
			{60 * time.Second, 270, true}, // past midnight: the next day
		}
		for i, st := range steps {
			rd := beat(st.after)
			if rd.Seconds != st.want || rd.Done != st.done {
				t.Errorf("beat %d: %d s, done %v; want %d, %v", i, rd.Seconds, rd.Done, st.want, st.done)
			}
		}
		for range 20 {
			beat(time.Minute)
		}
		rd, err := s.FindMaterialRead(ctx, p.grouped.ID, m.ID)
		if err != nil || rd.Seconds != 600 {
			t.Errorf("after many beats: %d s, %v; want the cap, 600", rd.Seconds, err)
		}
		byMember, err := s.ReadingDays(ctx, []int64{p.grouped.ID}, 2026)
		if err != nil {
			t.Fatal(err)
		}
		days := byMember[p.grouped.ID]
		sum := 0
		for _, d := range days {
			sum += d.Seconds
		}
		if len(days) != 2 || sum != 600 || days[0].Day.String() != "2026-03-01" || days[0].Seconds != 210 {
			t.Errorf("days %+v, total %d; want 2 days (210 s on 2026-03-01), 600 s", days, sum)
		}
		if days, _ := s.ReadingDays(ctx, []int64{p.grouped.ID}, 2025); len(days) != 0 {
			t.Errorf("2025: %+v", days)
		}
		if rd, err := s.FindMaterialRead(ctx, p.secretary.ID, m.ID); err != nil || rd.Seconds != 0 {
			t.Errorf("unread: %+v, %v", rd, err)
		}
	})
}

// Two materials open side by side count the time once: a beat adds only
// the time since the member's last beat on either; beats sent at the
// same moment from four windows add it once, on both engines.
func TestMaterialReadingSideBySide(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		p := makeBranchPeople(t, s, tr)
		var ms []*huoshui.Material
		for i := range 4 {
			ms = append(ms, createMaterial(t, s, tr.branchA.ID, fmt.Sprintf("学习材料%d", i), strings.Repeat("学", 4000)))
		}
		var mu sync.Mutex
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, huoshui.Shanghai)
		s.SetClock(func() time.Time { mu.Lock(); defer mu.Unlock(); return now })
		advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
		beat := func(m *huoshui.Material, start bool) int {
			t.Helper()
			rd, err := s.RecordReadingBeat(ctx, p.grouped.ID, m, start)
			if err != nil {
				t.Fatal(err)
			}
			return rd.Seconds
		}
		beat(ms[0], true)
		beat(ms[1], true)
		// Both windows beat every 30 s for two minutes: two minutes read.
		for range 4 {
			advance(30 * time.Second)
			beat(ms[0], false)
			beat(ms[1], false)
		}
		total := func() int {
			byMember, err := s.ReadingDays(ctx, []int64{p.grouped.ID}, 2026)
			if err != nil {
				t.Fatal(err)
			}
			sum := 0
			for _, d := range byMember[p.grouped.ID] {
				sum += d.Seconds
			}
			return sum
		}
		if got := total(); got != 120 {
			t.Errorf("two windows for two minutes: %d s counted, want 120", got)
		}
		// One window alone still counts in full.
		advance(30 * time.Second)
		beat(ms[0], false)
		if got := total(); got != 150 {
			t.Errorf("then one window for 30 s: %d s counted, want 150", got)
		}
		// Four windows beat at the same moment: 30 s, once.
		for _, m := range ms[2:] {
			beat(m, true)
		}
		advance(30 * time.Second)
		before := total()
		var wg sync.WaitGroup
		for _, m := range ms {
			wg.Go(func() {
				if _, err := s.RecordReadingBeat(ctx, p.grouped.ID, m, false); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if got := total() - before; got != 30 {
			t.Errorf("four beats at once after 30 s: %d s added, want 30", got)
		}
	})
}
