package store_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

func newQuestion(org *huoshui.Org, stem, answer string, tags ...string) *huoshui.Question {
	return &huoshui.Question{OrgID: org.ID, Kind: huoshui.QuestionSingle, Stem: stem,
		Options: []string{"每月", "每季度", "每半年", "每年"}, Answer: answer, Explanation: "见党章和有关规定。", Tags: tags}
}

func createQuestion(t *testing.T, s *store.Store, q *huoshui.Question) *huoshui.Question {
	t.Helper()
	if err := s.CreateQuestion(context.Background(), actor, q); err != nil {
		t.Fatalf("create question %s: %v", q.Stem, err)
	}
	return q
}

func questionIDs(qs []*huoshui.Question) []int64 {
	var ids []int64
	for _, q := range qs {
		ids = append(ids, q.ID)
	}
	slices.Sort(ids)
	return ids
}

func TestQuestionBankScope(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		bad := &huoshui.Question{OrgID: tr.branchA.ID, Kind: huoshui.QuestionSingle, Stem: "", Options: []string{"甲"}, Answer: "AB"}
		var ve *huoshui.ValidationError
		if err := s.CreateQuestion(ctx, actor, bad); !errors.As(err, &ve) || !ve.Has("stem") || !ve.Has("options") || !ve.Has("answer") {
			t.Fatalf("invalid question: %v, want stem, options and answer refused", err)
		}
		cq := createQuestion(t, s, newQuestion(tr.committee, "党课一般多久一次？", "Ｂ", "三会一课"))
		aq := createQuestion(t, s, newQuestion(tr.branchA, "支部党员大会一般多久召开一次？", "B", "三会一课", "支部"))
		bq := createQuestion(t, s, newQuestion(tr.branchB, "支部委员会会议一般多久召开一次？", "A", "三会一课"))
		if cq.Answer != "B" {
			t.Errorf("answer stored as %q, want the full-width letter folded", cq.Answer)
		}
		officerA := huoshui.Scope{Paths: []string{tr.branchA.Path}}
		if _, err := s.FindQuestionByID(ctx, officerA, aq.ID); err != nil {
			t.Errorf("branch A's officer reads its question: %v", err)
		}
		for _, id := range []int64{bq.ID, cq.ID} {
			if _, err := s.FindQuestionByID(ctx, officerA, id); !errors.Is(err, huoshui.ErrNotFound) {
				t.Errorf("branch A's officer reads question %d: %v, want not found", id, err)
			}
		}
		if _, err := s.FindQuestionByID(ctx, huoshui.Scope{}, aq.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("the zero scope reads a question: %v", err)
		}
		got, n, err := s.FindQuestions(ctx, huoshui.QuestionFilter{Scope: officerA})
		if err != nil || n != 1 || !slices.Equal(questionIDs(got), []int64{aq.ID}) {
			t.Errorf("branch A's bank: %v %d %v", questionIDs(got), n, err)
		}
		all := huoshui.Scope{Paths: []string{tr.committee.Path}}
		got, _, _ = s.FindQuestions(ctx, huoshui.QuestionFilter{Scope: all, Tag: "支部"})
		if !slices.Equal(questionIDs(got), []int64{aq.ID}) {
			t.Errorf("tag 支部: %v", questionIDs(got))
		}
		got, _, _ = s.FindQuestions(ctx, huoshui.QuestionFilter{Scope: all, Query: "委员会"})
		if !slices.Equal(questionIDs(got), []int64{bq.ID}) {
			t.Errorf("search 委员会: %v", questionIDs(got))
		}
		if got, _, _ := s.FindQuestions(ctx, huoshui.QuestionFilter{}); len(got) != 0 {
			t.Errorf("the zero filter lists %d questions", len(got))
		}
		if tags, _ := s.QuestionTags(ctx, officerA); !slices.Equal(tags, []string{"三会一课", "支部"}) {
			t.Errorf("tags of branch A: %v", tags)
		}

		upd := newQuestion(tr.branchA, "支部党员大会一般每季度召开几次？", "A", "三会一课")
		if err := s.UpdateQuestion(ctx, actor, aq.ID, upd); err != nil {
			t.Fatal(err)
		}
		if tags, _ := s.QuestionTags(ctx, officerA); !slices.Equal(tags, []string{"三会一课"}) {
			t.Errorf("tags after the edit: %v", tags)
		}
		if err := s.ArchiveQuestion(ctx, actor, aq.ID, false); err != nil {
			t.Fatal(err)
		}
		if got, _, _ := s.FindQuestions(ctx, huoshui.QuestionFilter{Scope: officerA}); len(got) != 0 {
			t.Errorf("an archived question is still listed")
		}
		if got, _, _ := s.FindQuestions(ctx, huoshui.QuestionFilter{Scope: officerA, Archived: true}); len(got) != 1 {
			t.Errorf("the archived question is not among the archived")
		}
		if err := s.ArchiveQuestion(ctx, actor, aq.ID, true); err != nil {
			t.Fatal(err)
		}
		if got := auditActions(t, s, "question", aq.ID); !slices.Equal(got, []string{"create", "update", "archive", "restore"}) {
			t.Errorf("audit of the question: %v", got)
		}
	})
}

func TestSelfTestDrawByTag(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		p := makeBranchPeople(t, s, tr)
		cq := createQuestion(t, s, newQuestion(tr.committee, "党课一般多久一次？", "B", "三会一课"))
		aq := createQuestion(t, s, newQuestion(tr.branchA, "支部党员大会一般多久召开一次？", "B", "三会一课"))
		ap := createQuestion(t, s, newQuestion(tr.branchA, "党费按月交纳吗？", "A", "党费"))
		createQuestion(t, s, newQuestion(tr.branchB, "支部委员会会议一般多久召开一次？", "A", "三会一课"))
		gone := createQuestion(t, s, newQuestion(tr.branchA, "已归档的题", "A", "三会一课"))
		if err := s.ArchiveQuestion(ctx, actor, gone.ID, false); err != nil {
			t.Fatal(err)
		}
		member := huoshui.Scope{Paths: []string{tr.branchA.Path}, MemberID: p.grouped.ID}
		if tags, _ := s.SelfTestTags(ctx, member); !slices.Equal(tags, []string{"三会一课", "党费"}) {
			t.Errorf("tags a member of branch A sees: %v", tags)
		}
		for range 5 {
			st, err := s.StartSelfTest(ctx, actor, p.grouped.ID, member, []string{"三会一课"}, 10)
			if err != nil {
				t.Fatal(err)
			}
			ids := append([]int64(nil), st.QuestionIDs...)
			slices.Sort(ids)
			if want := []int64{cq.ID, aq.ID}; !slices.Equal(ids, want) {
				t.Fatalf("drawn %v, want the committee's and the branch's 三会一课 questions %v", ids, want)
			}
			if len(st.Questions) != 2 || st.OrgID != tr.branchA.ID {
				t.Fatalf("test %+v", st)
			}
		}
		st, err := s.StartSelfTest(ctx, actor, p.grouped.ID, member, nil, 1)
		if err != nil || len(st.QuestionIDs) != 1 || !slices.Contains([]int64{cq.ID, aq.ID, ap.ID}, st.QuestionIDs[0]) {
			t.Errorf("one question of any tag: %v %v", st, err)
		}
		var ve *huoshui.ValidationError
		if _, err := s.StartSelfTest(ctx, actor, p.grouped.ID, member, []string{"没有这个标签"}, 10); !errors.As(err, &ve) || !ve.Has("tags") {
			t.Errorf("no question to draw: %v", err)
		}
		if _, err := s.StartSelfTest(ctx, actor, p.grouped.ID, member, nil, huoshui.SelfTestMax+1); !errors.As(err, &ve) || !ve.Has("count") {
			t.Errorf("too many questions: %v", err)
		}
		if _, err := s.StartSelfTest(ctx, actor, p.grouped.ID, huoshui.Scope{}, nil, 5); !errors.As(err, &ve) {
			t.Errorf("the zero scope draws: %v", err)
		}
	})
}

func TestSelfTestGradingAndPrivacy(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		p := makeBranchPeople(t, s, tr)
		single := createQuestion(t, s, newQuestion(tr.branchA, "支部党员大会一般多久召开一次？", "B", "三会一课"))
		multi := createQuestion(t, s, &huoshui.Question{OrgID: tr.branchA.ID, Kind: huoshui.QuestionMultiple, Stem: "三会一课包括哪些？",
			Options: []string{"支部党员大会", "支部委员会会议", "党小组会", "党课", "茶话会"}, Answer: "ABCD", Tags: []string{"三会一课"}})
		tf := createQuestion(t, s, &huoshui.Question{OrgID: tr.branchA.ID, Kind: huoshui.QuestionTrueFalse, Stem: "主题党日一般每月一次。",
			Answer: "对", Tags: []string{"三会一课"}})
		scope := huoshui.Scope{Paths: []string{tr.branchA.Path}}
		right := map[int64]string{single.ID: "ｂ", multi.ID: "D,C,B,A", tf.ID: "√"}
		wrong := map[int64]string{single.ID: "A", multi.ID: "ABC", tf.ID: "错"}
		take := func(m *huoshui.Member, answers map[int64]string) *huoshui.SelfTest {
			t.Helper()
			st, err := s.StartSelfTest(ctx, actor, m.ID, scope, []string{"三会一课"}, 10)
			if err != nil {
				t.Fatal(err)
			}
			var as []string
			for _, id := range st.QuestionIDs {
				as = append(as, answers[id])
			}
			done, err := s.SubmitSelfTest(ctx, actor, m.ID, st.ID, as)
			if err != nil {
				t.Fatal(err)
			}
			return done
		}
		a := take(p.grouped, right)
		if a.Correct != 3 || !a.Done() {
			t.Errorf("all right: %d correct", a.Correct)
		}
		b := take(p.organiser, wrong)
		if b.Correct != 0 {
			t.Errorf("all wrong: %d correct", b.Correct)
		}
		take(p.secretary, right)
		again, err := s.SubmitSelfTest(ctx, actor, p.organiser.ID, b.ID, []string{"B", "ABCD", "T"})
		if err != nil || again.Correct != 0 {
			t.Errorf("a second hand-in changed the grade: %v %v", again.Correct, err)
		}

		// A test is its member's alone.
		if _, err := s.FindSelfTest(ctx, p.organiser.ID, a.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("another member reads a test: %v", err)
		}
		if _, err := s.FindSelfTest(ctx, 0, a.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("no member reads a test: %v", err)
		}
		if _, err := s.SubmitSelfTest(ctx, actor, p.organiser.ID, a.ID, nil); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("another member hands in a test: %v", err)
		}
		mine, err := s.FindSelfTests(ctx, p.grouped.ID, 20)
		if err != nil || len(mine) != 1 || mine[0].ID != a.ID || mine[0].Correct != 3 {
			t.Errorf("own history: %v %v", mine, err)
		}
		if got, _ := s.FindSelfTest(ctx, p.grouped.ID, a.ID); got == nil || len(got.Questions) != 3 {
			t.Errorf("own test with its questions: %v", got)
		}
		// A changed answer key leaves a handed-in result as it was marked.
		changed := *tf
		changed.Answer = "错"
		if err := s.UpdateQuestion(ctx, actor, tf.ID, &changed); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.FindSelfTest(ctx, p.grouped.ID, a.ID); got == nil || !slices.Equal(got.Right, []bool{true, true, true}) {
			t.Errorf("marks after the answer key changed: %v", got.Right)
		}

		// An officer learns counts and shares, nothing of a person.
		now := s.Now()
		stats, err := s.SelfTestStats(ctx, scope, now.Add(-time.Hour), now.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if len(stats.Orgs) != 1 || stats.Orgs[0].OrgID != tr.branchA.ID || stats.Orgs[0].Members != 3 || stats.Orgs[0].Tests != 3 {
			t.Errorf("participation: %+v", stats.Orgs)
		}
		if len(stats.Questions) != 3 {
			t.Fatalf("shares: %+v", stats.Questions)
		}
		for _, sh := range stats.Questions {
			if !sh.Shown || sh.Answered != 3 || sh.Right != 2 || sh.Percent() != 67 {
				t.Errorf("share of question %d: %+v", sh.QuestionID, sh)
			}
		}
		assertNoPerson(t, reflect.TypeOf(*stats))
		other, _ := s.SelfTestStats(ctx, huoshui.Scope{Paths: []string{tr.branchB.Path}}, now.Add(-time.Hour), now.Add(time.Hour))
		if len(other.Orgs) != 0 || len(other.Questions) != 0 {
			t.Errorf("branch B's officer learns of branch A's tests: %+v", other)
		}
		if none, _ := s.SelfTestStats(ctx, huoshui.Scope{}, now.Add(-time.Hour), now.Add(time.Hour)); len(none.Orgs) != 0 || len(none.Questions) != 0 {
			t.Errorf("the zero scope counts tests: %+v", none)
		}
		later, _ := s.SelfTestStats(ctx, scope, now.Add(time.Hour), now.Add(2*time.Hour))
		if len(later.Orgs) != 0 {
			t.Errorf("another period counts these tests: %+v", later.Orgs)
		}
		// Below three answers a question's share is withheld.
		s.SetClock(func() time.Time { return now.Add(48 * time.Hour) })
		take(p.grouped, right)
		few, err := s.SelfTestStats(ctx, scope, now.Add(24*time.Hour), now.Add(72*time.Hour))
		if err != nil || len(few.Questions) == 0 {
			t.Fatalf("stats of the one test: %+v, %v: want its questions listed", few, err)
		}
		for _, sh := range few.Questions {
			if sh.Shown || sh.Right != 0 {
				t.Errorf("one member's answer shown as a share: %+v", sh)
			}
		}
	})
}

// assertNoPerson fails when the statistics type could carry a person:
// a member id, a name, a score.
func assertNoPerson(t *testing.T, typ reflect.Type) {
	t.Helper()
	switch typ.Kind() {
	case reflect.Slice, reflect.Pointer:
		assertNoPerson(t, typ.Elem())
	case reflect.Struct:
		for f := range typ.Fields() {
			switch f.Name {
			case "MemberID", "MemberName", "Name", "Correct", "Score", "Answers":
				t.Errorf("%s.%s could tell a person's result", typ.Name(), f.Name)
			}
			assertNoPerson(t, f.Type)
		}
	}
}

func TestImportedQuestionsAllOrNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		u := &huoshui.User{Username: "qbank", DisplayName: "题库", PasswordHash: "x"}
		if err := s.CreateUser(ctx, actor, u); err != nil {
			t.Fatal(err)
		}
		up := huoshui.Actor{UserID: u.ID, Username: u.Username}
		good := newQuestion(tr.branchA, "党课一般多久一次？", "B")
		bad := newQuestion(tr.branchA, "没有答案的题", "")
		b := &huoshui.QuestionBatch{UserID: u.ID, OrgID: tr.branchA.ID, FileName: "题库.xlsx",
			Rows: []huoshui.QuestionRow{{Line: 2, Question: *good}, {Line: 3, Question: *bad,
				Problems: []huoshui.FieldError{{Field: "answer", Code: "required"}}}}}
		if err := s.CreateQuestionBatch(ctx, b); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FindQuestionBatchByID(ctx, u.ID+1000, b.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("another account reads the batch: %v", err)
		}
		read, err := s.FindQuestionBatchByID(ctx, u.ID, b.ID)
		if err != nil || len(read.Rows) != 2 || len(read.Rows[1].Problems) != 1 || read.Rows[0].Question.Stem != good.Stem {
			t.Fatalf("staged batch: %+v %v", read, err)
		}
		qs := []*huoshui.Question{good, bad}
		var ve *huoshui.ValidationError
		if err := s.CreateImportedQuestions(ctx, up, b.ID, qs); !errors.As(err, &ve) || ve.Fields[0].Row != 2 {
			t.Fatalf("a bad row: %v, want a validation error on row 2", err)
		}
		all := huoshui.QuestionFilter{Scope: huoshui.Everything()}
		if _, n, _ := s.FindQuestions(ctx, all); n != 0 {
			t.Fatalf("%d questions written from a batch with a bad row", n)
		}
		if _, err := s.FindQuestionBatchByID(ctx, u.ID, b.ID); err != nil {
			t.Fatalf("the refused batch is gone: %v", err)
		}
		bad.Answer = "C"
		if err := s.CreateImportedQuestions(ctx, up, b.ID, qs); err != nil {
			t.Fatal(err)
		}
		if _, n, _ := s.FindQuestions(ctx, all); n != 2 {
			t.Errorf("%d questions after the import, want 2", n)
		}
		if err := s.CreateImportedQuestions(ctx, up, b.ID, qs); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("a second confirmation: %v", err)
		}
	})
}
