package store_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// outputClock is the store's clock in the output tests: 2026-06-20 in
// Beijing, so that "a date in the future" does not move with the day the
// tests run.
var outputClock = time.Date(2026, 6, 20, 4, 0, 0, 0, time.UTC)

func publication(org *huoshui.Org, title string, owners ...*huoshui.Member) *huoshui.Output {
	x := &huoshui.Output{OrgID: org.ID, Kind: huoshui.OutputPublication, Title: title, Date: huoshui.NewDate(2026, 3, 12),
		Level: huoshui.LevelProvincial, Outlet: "联合日报"}
	for _, m := range owners {
		x.Owners = append(x.Owners, huoshui.OutputOwner{MemberID: m.ID})
	}
	return x
}

// fieldCodes lists a validation error's problems as field:code.
func fieldCodes(err error) []string {
	var ve *huoshui.ValidationError
	if !errors.As(err, &ve) {
		return []string{fmt.Sprint(err)}
	}
	var out []string
	for _, fe := range ve.Fields {
		out = append(out, fe.Field+":"+fe.Code)
	}
	slices.Sort(out)
	return out
}

func TestOutputLifecycle(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		s.SetClock(func() time.Time { return outputClock })
		tr := makeTree(t, s)
		p := makeBranchPeople(t, s, tr)
		x := publication(tr.branchA, "以高质量督查推动决策部署落地见效", p.secretary, p.grouped)
		x.Link = "https://example.cn/2026/0312/a.html"
		if err := s.CreateOutput(ctx, actor, x, nil); err != nil {
			t.Fatal(err)
		}
		got, err := s.FindOutputByID(ctx, huoshui.Scope{Paths: []string{tr.branchA.Path}}, x.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != x.Title || got.Level != huoshui.LevelProvincial || got.Date != x.Date || got.OrgName != tr.branchA.Name ||
			len(got.Owners) != 2 || got.Owners[0].Name != "李明远" || got.Owners[1].Name != "张建国" {
			t.Fatalf("read back %+v", got)
		}
		// Outside the branch it is not there, unless one owns it.
		if _, err := s.FindOutputByID(ctx, huoshui.Scope{Paths: []string{tr.branchB.Path}}, x.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("branch B reads branch A's output: %v", err)
		}
		if _, err := s.FindOutputByID(ctx, huoshui.Scope{Paths: []string{tr.branchB.Path}, MemberID: p.grouped.ID}, x.ID); err != nil {
			t.Errorf("an owner does not read their own output: %v", err)
		}

		// Problems are field errors, and nothing is written.
		before := auditTotal(t, s)
		bad := []struct {
			name string
			x    *huoshui.Output
			want []string
		}{
			{"an owner of another branch", publication(tr.branchA, "题目", p.outsider), []string{"owners:output.owner_outside"}},
			{"an archived owner", publication(tr.branchA, "题目", p.archived), []string{"owners:output.owner_outside"}},
			{"no owner", publication(tr.branchA, "题目"), []string{"owners:output.owners_required"}},
			{"tomorrow", func() *huoshui.Output {
				y := publication(tr.branchA, "题目", p.secretary)
				y.Date = huoshui.NewDate(2026, 6, 21)
				return y
			}(), []string{"dated_on:output.date_future"}},
			{"a link that is not http", func() *huoshui.Output {
				y := publication(tr.branchA, "题目", p.secretary)
				y.Link = "javascript:alert(1)"
				return y
			}(), []string{"link:output.link_scheme"}},
			{"negative characters", &huoshui.Output{OrgID: tr.branchA.ID, Kind: huoshui.OutputDocument, Title: "讲话稿",
				Date: huoshui.NewDate(2026, 1, 5), DocKind: huoshui.DocSpeech, Characters: -5,
				Owners: []huoshui.OutputOwner{{MemberID: p.secretary.ID}}}, []string{"characters:output.characters_negative"}},
		}
		for _, c := range bad {
			if got := fieldCodes(s.CreateOutput(ctx, actor, c.x, nil)); !slices.Equal(got, c.want) {
				t.Errorf("%s: %v, want %v", c.name, got, c.want)
			}
		}
		if after := auditTotal(t, s); after != before {
			t.Errorf("refused outputs wrote %d audit records", after-before)
		}

		// A second output, a document; the list filters.
		doc := &huoshui.Output{OrgID: tr.branchA.ID, Kind: huoshui.OutputDocument, Title: "2026年上半年督查工作报告",
			Date: huoshui.NewDate(2025, 12, 30), DocKind: huoshui.DocWorkReport, Characters: 8600, CharSource: huoshui.CharsFromDocx,
			Owners: []huoshui.OutputOwner{{MemberID: p.organiser.ID}}}
		if err := s.CreateOutput(ctx, actor, doc, nil); err != nil {
			t.Fatal(err)
		}
		scope := huoshui.Scope{Paths: []string{tr.committee.Path}}
		titles := func(f huoshui.OutputFilter) []string {
			t.Helper()
			f.Scope = scope
			xs, n, err := s.FindOutputs(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, x := range xs {
				out = append(out, x.Title)
			}
			if n != len(out) {
				t.Errorf("%+v: total %d, %d listed", f, n, len(out))
			}
			return out
		}
		filters := []struct {
			f    huoshui.OutputFilter
			want []string
		}{
			{huoshui.OutputFilter{}, []string{x.Title, doc.Title}},
			{huoshui.OutputFilter{Kind: huoshui.OutputDocument}, []string{doc.Title}},
			{huoshui.OutputFilter{Level: huoshui.LevelProvincial}, []string{x.Title}},
			{huoshui.OutputFilter{Level: huoshui.LevelNational}, nil},
			{huoshui.OutputFilter{From: huoshui.NewDate(2026, 1, 1), To: huoshui.NewDate(2026, 12, 31)}, []string{x.Title}},
			{huoshui.OutputFilter{OwnerID: p.organiser.ID}, []string{doc.Title}},
			{huoshui.OutputFilter{Query: "督查"}, []string{x.Title, doc.Title}},
			{huoshui.OutputFilter{Query: "联合日报"}, []string{x.Title}},
			{huoshui.OutputFilter{OrgID: tr.branchB.ID}, nil},
			{huoshui.OutputFilter{Sort: "date"}, []string{doc.Title, x.Title}},
			{huoshui.OutputFilter{Sort: "-characters"}, []string{doc.Title, x.Title}},
		}
		for _, c := range filters {
			if got := titles(c.f); !slices.Equal(got, c.want) {
				t.Errorf("%+v: %v, want %v", c.f, got, c.want)
			}
		}
		counts, err := s.CountOutputsByKind(ctx, huoshui.OutputFilter{Scope: scope, Kind: huoshui.OutputAward})
		if err != nil || counts[huoshui.OutputPublication].N != 1 || counts[huoshui.OutputDocument] != (store.OutputCount{N: 1, Characters: 8600}) ||
			counts[huoshui.OutputAward].N != 0 {
			t.Errorf("tab counts %v %v", counts, err)
		}
		if years, err := s.OutputYears(ctx, scope, 0); err != nil || !slices.Equal(years, []int{2026, 2025}) {
			t.Errorf("years %v %v", years, err)
		}

		// An edit turns the publication into an award and changes its
		// owners; the summary follows.
		award := *got
		award.Kind, award.Title, award.Issuer, award.Level = huoshui.OutputAward, "全省督查工作先进个人", "省委督查室", huoshui.LevelProvincial
		award.Owners = []huoshui.OutputOwner{{MemberID: p.grouped.ID}}
		if err := s.UpdateOutput(ctx, actor, x.ID, &award, nil); err != nil {
			t.Fatal(err)
		}
		got, _ = s.FindOutputByID(ctx, huoshui.Everything(), x.ID)
		if got.Kind != huoshui.OutputAward || got.Outlet != "" || got.Link != "" || len(got.Owners) != 1 {
			t.Errorf("after the edit %+v", got)
		}
		sum, err := s.FindOutputYear(ctx, tr.committee, true, 2026)
		if err != nil || sum.Count(huoshui.OutputAward) != 1 || sum.Count(huoshui.OutputPublication) != 0 {
			t.Errorf("summary after the edit: %+v %v", sum, err)
		}
		if err := s.ArchiveOutput(ctx, actor, x.ID, false); err != nil {
			t.Fatal(err)
		}
		if titles(huoshui.OutputFilter{Kind: huoshui.OutputAward}) != nil {
			t.Error("an archived output is listed")
		}
		if got := titles(huoshui.OutputFilter{Archived: true}); !slices.Equal(got, []string{award.Title}) {
			t.Errorf("archived list %v", got)
		}
		if err := s.ArchiveOutput(ctx, actor, x.ID, true); err != nil {
			t.Fatal(err)
		}
		if got := auditActions(t, s, "output", x.ID); !slices.Equal(got, []string{"create", "update", "archive", "restore"}) {
			t.Errorf("audit %v", got)
		}
		// An owner who has since left stays on the record through an edit.
		if err := s.ArchiveMember(ctx, actor, p.grouped.ID, "调离"); err != nil {
			t.Fatal(err)
		}
		got, _ = s.FindOutputByID(ctx, huoshui.Everything(), x.ID)
		got.Title += "（修订）"
		if err := s.UpdateOutput(ctx, actor, x.ID, got, nil); err != nil {
			t.Errorf("an edit of a record whose owner left: %v", err)
		}
	})
}

// tallyKey is one row of a summary, for comparing two summaries.
type tallyKey struct {
	year, month int
	kind        huoshui.OutputKind
	level       huoshui.OutputLevel
}

func tallies(s *huoshui.OutputSummary) map[tallyKey][2]int64 {
	out := map[tallyKey][2]int64{}
	for _, t := range s.Tallies {
		k := tallyKey{t.Year, t.Month, t.Kind, t.Level}
		v := out[k]
		v[0] += int64(t.Count)
		v[1] += t.Characters
		if v == [2]int64{} {
			delete(out, k)
			continue
		}
		out[k] = v
	}
	return out
}

// freshTallies counts the current outputs under org dated from from to
// to from the records, as the summary should hold them.
func freshTallies(t *testing.T, s *store.Store, org *huoshui.Org, subtree bool, from, to huoshui.Date) map[tallyKey][2]int64 {
	t.Helper()
	xs, _, err := s.FindOutputs(context.Background(), huoshui.OutputFilter{Scope: huoshui.Everything(), OrgID: org.ID, From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	sum := &huoshui.OutputSummary{}
	for _, x := range xs {
		if !subtree && x.OrgID != org.ID {
			continue
		}
		tl := huoshui.OutputTally{Year: x.Date.Year(), Month: int(x.Date.Time().Month()), Kind: x.Kind, Level: x.Level, Count: 1}
		if x.Kind == huoshui.OutputDocument {
			tl.Characters = int64(x.Characters)
		}
		sum.Tallies = append(sum.Tallies, tl)
	}
	return tallies(sum)
}

// After many random writes — outputs created, edited (kind, level, date,
// characters, owners, org), archived and restored, imported — the summary
// equals a fresh count of the records, for each branch and for the
// committee (whose numbers are the sum of its branches'), by year and
// over a period that cuts months at both ends.
func TestOutputCountsFollowRandomWrites(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		s.SetClock(func() time.Time { return outputClock })
		tr := makeTree(t, s)
		p := makeBranchPeople(t, s, tr)
		ownersOf := map[int64][]*huoshui.Member{
			tr.branchA.ID: {p.secretary, p.organiser, p.grouped, p.probationary},
			tr.branchB.ID: {p.outsider},
		}
		branches := []*huoshui.Org{tr.branchA, tr.branchB}
		r := rand.New(rand.NewPCG(2026, uint64(len(s.Engine()))))
		randomize := func(x *huoshui.Output) {
			org := branches[r.IntN(2)]
			x.OrgID = org.ID
			x.Kind = huoshui.OutputKinds[r.IntN(len(huoshui.OutputKinds))]
			x.Title = fmt.Sprintf("成果 %d", r.IntN(1000))
			x.Date = huoshui.NewDate(2025, 1, 1).AddDate(0, 0, r.IntN(536)) // up to 2026-06-20
			x.Level = huoshui.OutputLevels[r.IntN(4)]
			x.Outlet, x.Issuer = "联合日报", "省委办公厅"
			x.DocKind, x.Characters = huoshui.DocumentKinds[r.IntN(6)], r.IntN(20000)
			x.Problem, x.Change, x.Status = "流程长", "一次流转", huoshui.InnovationTrial
			ms := ownersOf[org.ID]
			x.Owners = []huoshui.OutputOwner{{MemberID: ms[r.IntN(len(ms))].ID}}
		}
		var ids []int64
		for step := range 160 {
			switch op := r.IntN(10); {
			case op < 4 || len(ids) == 0:
				x := &huoshui.Output{}
				randomize(x)
				if err := s.CreateOutput(ctx, actor, x, nil); err != nil {
					t.Fatalf("step %d create: %v", step, err)
				}
				ids = append(ids, x.ID)
			case op < 7:
				id := ids[r.IntN(len(ids))]
				x, err := s.FindOutputByID(ctx, huoshui.Everything(), id)
				if err != nil {
					t.Fatal(err)
				}
				switch r.IntN(3) {
				case 0:
					randomize(x) // everything, the org too
				case 1:
					x.Characters = r.IntN(50000)
					x.Date = huoshui.NewDate(2026, 1, 1).AddDate(0, 0, r.IntN(170))
				case 2:
					x.Level = huoshui.OutputLevels[r.IntN(4)]
				}
				if err := s.UpdateOutput(ctx, actor, id, x, nil); err != nil {
					t.Fatalf("step %d update: %v", step, err)
				}
			case op < 9:
				if err := s.ArchiveOutput(ctx, actor, ids[r.IntN(len(ids))], false); err != nil {
					t.Fatal(err)
				}
			default:
				if err := s.ArchiveOutput(ctx, actor, ids[r.IntN(len(ids))], true); err != nil {
					t.Fatal(err)
				}
			}
		}
		// A batch of ten, as the demo and an import write them.
		var batch []*huoshui.Output
		for range 10 {
			x := &huoshui.Output{}
			randomize(x)
			batch = append(batch, x)
		}
		if err := s.CreateOutputs(ctx, actor, batch); err != nil {
			t.Fatal(err)
		}

		check := func(name string, org *huoshui.Org, subtree bool, from, to huoshui.Date, sum *huoshui.OutputSummary) {
			t.Helper()
			want := freshTallies(t, s, org, subtree, from, to)
			got := tallies(sum)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s: summary\n%v\nfresh count\n%v", name, got, want)
			}
		}
		total := 0
		for _, year := range []int{2025, 2026} {
			from, to := huoshui.NewDate(year, 1, 1), huoshui.NewDate(year, 12, 31)
			byOrg, err := s.FindOutputSummaryByOrg(ctx, tr.committee, year)
			if err != nil {
				t.Fatal(err)
			}
			var sumOfBranches huoshui.OutputSummary
			for _, b := range branches {
				sum, err := s.FindOutputYear(ctx, b, false, year)
				if err != nil {
					t.Fatal(err)
				}
				check(fmt.Sprintf("%s %d", b.Name, year), b, false, from, to, sum)
				sumOfBranches.Tallies = append(sumOfBranches.Tallies, sum.Tallies...)
				mine := byOrg[b.ID]
				if mine == nil {
					mine = &huoshui.OutputSummary{}
				}
				if mine.Count(huoshui.OutputDocument) != sum.Count(huoshui.OutputDocument) || mine.Characters() != sum.Characters() ||
					mine.CountLevel(huoshui.OutputAward, huoshui.LevelCity) != sum.CountLevel(huoshui.OutputAward, huoshui.LevelCity) {
					t.Errorf("%s %d: by org %+v, alone %+v", b.Name, year, mine, sum)
				}
				total += sum.Count(huoshui.OutputPublication) + sum.Count(huoshui.OutputAward) +
					sum.Count(huoshui.OutputDocument) + sum.Count(huoshui.OutputInnovation)
			}
			committee, err := s.FindOutputYear(ctx, tr.committee, true, year)
			if err != nil {
				t.Fatal(err)
			}
			check(fmt.Sprintf("committee %d", year), tr.committee, true, from, to, committee)
			if fmt.Sprint(tallies(committee)) != fmt.Sprint(tallies(&sumOfBranches)) {
				t.Errorf("%d: the committee's summary is not the sum of its branches'", year)
			}
		}
		if total < 50 {
			t.Fatalf("only %d current outputs: the random walk archived nearly everything", total)
		}
		// Periods that cut months, and ones that do not.
		for _, period := range [][2]huoshui.Date{
			{huoshui.NewDate(2025, 6, 21), huoshui.NewDate(2026, 6, 20)}, // the last twelve months
			{huoshui.NewDate(2025, 3, 10), huoshui.NewDate(2025, 3, 20)}, // inside one month
			{huoshui.NewDate(2025, 3, 10), huoshui.NewDate(2025, 4, 20)}, // across two
			{huoshui.NewDate(2025, 2, 1), huoshui.NewDate(2025, 4, 30)},  // whole months
			{huoshui.NewDate(2025, 2, 1), huoshui.NewDate(2025, 2, 28)},  // one whole month
			{huoshui.NewDate(2025, 12, 31), huoshui.NewDate(2026, 1, 1)}, // two days, two years
		} {
			sum, err := s.FindOutputSummary(ctx, tr.committee, true, period[0], period[1])
			if err != nil {
				t.Fatal(err)
			}
			check(fmt.Sprintf("committee %s–%s", period[0], period[1]), tr.committee, true, period[0], period[1], sum)
		}
	})
}

func TestOutputImportIsAllOrNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		s.SetClock(func() time.Time { return outputClock })
		tr := makeTree(t, s)
		p := makeBranchPeople(t, s, tr)
		u := makeUploader(t, s, tr.branchA)
		a := huoshui.Actor{UserID: u.ID, Username: u.Username}
		rows := []huoshui.OutputRow{{Line: 3, OwnerNames: []string{"李明远"}, Output: huoshui.Output{Kind: huoshui.OutputAward,
			Title: "优秀共产党员", Date: huoshui.NewDate(2026, 6, 30), Level: huoshui.LevelCity, Issuer: "市直机关工委"}}}
		b := &huoshui.OutputBatch{UserID: u.ID, OrgID: tr.branchA.ID, FileName: "获奖.xlsx", Rows: rows}
		if err := s.CreateOutputBatch(ctx, huoshui.OutputAward, b); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FindOutputBatchByID(ctx, huoshui.OutputPublication, u.ID, b.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("an award sheet found as publications: %v", err)
		}
		got, err := s.FindOutputBatchByID(ctx, huoshui.OutputAward, u.ID, b.ID)
		if err != nil || len(got.Rows) != 1 || got.Rows[0].Output.Title != "优秀共产党员" || got.Rows[0].Output.OrgID != tr.branchA.ID {
			t.Fatalf("staged rows %+v %v", got, err)
		}
		good := got.Rows[0].Output
		good.Owners = []huoshui.OutputOwner{{MemberID: p.secretary.ID}}
		late := good // its date is after today: a row problem
		xs := []*huoshui.Output{&good, &late}
		if codes := fieldCodes(s.CreateImportedOutputs(ctx, a, huoshui.OutputAward, b.ID, xs)); !slices.Equal(codes, []string{"dated_on:output.date_future"}) {
			t.Fatalf("a sheet with a late row: %v", codes)
		}
		if _, n, _ := s.FindOutputs(ctx, huoshui.OutputFilter{Scope: huoshui.Everything()}); n != 0 {
			t.Fatalf("%d outputs written by a refused import", n)
		}
		good.Date, late.Date = huoshui.NewDate(2026, 5, 4), huoshui.NewDate(2026, 5, 5)
		late.Owners = []huoshui.OutputOwner{{MemberID: p.outsider.ID}}
		err = s.CreateImportedOutputs(ctx, a, huoshui.OutputAward, b.ID, xs)
		var ve *huoshui.ValidationError
		if !errors.As(err, &ve) || ve.Fields[0].Row != 2 || ve.Fields[0].Code != "output.owner_outside" {
			t.Fatalf("an owner of another branch in row 2: %v", err)
		}
		late.Owners = good.Owners
		if err := s.CreateImportedOutputs(ctx, a, huoshui.OutputAward, b.ID, xs); err != nil {
			t.Fatal(err)
		}
		if _, n, _ := s.FindOutputs(ctx, huoshui.OutputFilter{Scope: huoshui.Everything()}); n != 2 {
			t.Errorf("%d outputs after the import, want 2", n)
		}
		if err := s.CreateImportedOutputs(ctx, a, huoshui.OutputAward, b.ID, xs); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("a sheet imported twice: %v", err)
		}
		sum, _ := s.FindOutputYear(ctx, tr.branchA, false, 2026)
		if sum.CountLevel(huoshui.OutputAward, huoshui.LevelCity) != 2 {
			t.Errorf("summary after the import %+v", sum)
		}
	})
}

func TestOutputEvidence(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		s.SetClock(func() time.Time { return outputClock })
		tr := makeTree(t, s)
		p := makeBranchPeople(t, s, tr)
		x := publication(tr.branchA, "文章", p.secretary)
		scan := &huoshui.Attachment{Kind: huoshui.AttachmentFile, Name: "刊发页.pdf", ContentType: "application/pdf", Size: 3,
			Blob: "ab" + fmt.Sprintf("%062d", 1)}
		if err := s.CreateOutput(ctx, actor, x, []*huoshui.Attachment{scan}); err != nil {
			t.Fatal(err)
		}
		more := &huoshui.Attachment{OutputID: x.ID, Kind: huoshui.AttachmentFile, Name: "证书.pdf", ContentType: "application/pdf",
			Size: 4, Blob: "cd" + fmt.Sprintf("%062d", 2)}
		if err := s.AddOutputAttachments(ctx, actor, []*huoshui.Attachment{more}); err != nil {
			t.Fatal(err)
		}
		list := func() []string {
			xs, err := s.FindOutputAttachments(ctx, x.ID)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, a := range xs {
				out = append(out, a.Name)
			}
			return out
		}
		if got := list(); !slices.Equal(got, []string{"刊发页.pdf", "证书.pdf"}) {
			t.Fatalf("evidence %v", got)
		}
		if err := s.RemoveOutputAttachment(ctx, actor, x.ID, scan.ID, false); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FindOutputAttachment(ctx, x.ID, scan.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("a removed scan is found: %v", err)
		}
		if err := s.RemoveOutputAttachment(ctx, actor, x.ID, scan.ID, true); err != nil {
			t.Fatal(err)
		}
		if got := list(); len(got) != 2 {
			t.Errorf("after the undo %v", got)
		}
		if got := auditActions(t, s, "output_attachment", scan.ID); !slices.Equal(got, []string{"create", "delete", "restore"}) {
			t.Errorf("audit %v", got)
		}
	})
}
