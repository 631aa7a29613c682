package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

func makeUploader(t *testing.T, s *store.Store, org *huoshui.Org) *huoshui.User {
	t.Helper()
	u := &huoshui.User{Username: "uploader", DisplayName: "上传人", PasswordHash: "x",
		Roles: []huoshui.Role{{OrgID: org.ID, Kind: huoshui.RoleSecretary}}}
	if err := s.CreateUser(context.Background(), actor, u); err != nil {
		t.Fatalf("create user: %v", err)
	}
	return u
}

func TestImportBatchRoundTrip(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		u := makeUploader(t, s, tr.branchA)
		m := fullMember(0, "王晓梅", "37010219850312002X")
		m.Phone, m.Post, m.CommitteePost = "13712345678", "档案室主任", huoshui.PostOrganiser
		b := &huoshui.ImportBatch{UserID: u.ID, OrgID: tr.branchA.ID, FileName: "花名册.xlsx", Rows: []huoshui.ImportRow{
			{Line: 2, Member: *m, GroupName: "第一党小组"},
			{Line: 3, Member: huoshui.Member{Name: "李四"}, Problems: []huoshui.FieldError{
				{Field: "status", Code: "required"},
				{Field: "name", Code: "too_long", Args: map[string]any{"Max": 40}},
			}},
		}}
		if err := s.CreateImportBatch(ctx, b); err != nil {
			t.Fatal(err)
		}
		if b.ID == 0 || b.CreatedAt.IsZero() {
			t.Fatalf("batch not given an id and time: %+v", b)
		}
		got, err := s.FindImportBatchByID(ctx, u.ID, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.UserID != u.ID || got.OrgID != tr.branchA.ID || got.FileName != "花名册.xlsx" || len(got.Rows) != 2 {
			t.Fatalf("read back %+v", got)
		}
		r0 := got.Rows[0]
		if r0.Line != 2 || r0.GroupName != "第一党小组" || r0.Member.Name != "王晓梅" || r0.Member.IDNumber != m.IDNumber ||
			!r0.Member.FullOn.Equal(m.FullOn) || r0.Member.CommitteePost != huoshui.PostOrganiser || r0.Member.Phone != m.Phone {
			t.Errorf("row 1 read back as %+v", r0)
		}
		p := got.Rows[1].Problems
		if len(p) != 2 || p[0].Field != "status" || p[0].Code != "required" || p[1].Args["Max"] != 40 {
			t.Errorf("problems read back as %+v", p)
		}
		if got.RowsWithProblems() != 1 {
			t.Errorf("rows with problems %d, want 1", got.RowsWithProblems())
		}

		if err := s.DeleteImportBatch(ctx, u.ID, b.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FindImportBatchByID(ctx, u.ID, b.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("after delete: %v, want not found", err)
		}
	})
}

func TestDeleteStaleStagedSheets(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		u := makeUploader(t, s, tr.branchA)
		start := time.Now()
		s.SetClock(func() time.Time { return start.Add(-2 * huoshui.StagedSheetTTL) })
		old := &huoshui.ImportBatch{UserID: u.ID, OrgID: tr.branchA.ID, Rows: []huoshui.ImportRow{}}
		if err := s.CreateImportBatch(ctx, old); err != nil {
			t.Fatal(err)
		}
		s.SetClock(func() time.Time { return start })
		fresh := &huoshui.ImportBatch{UserID: u.ID, OrgID: tr.branchA.ID, Rows: []huoshui.ImportRow{}}
		if err := s.CreateImportBatch(ctx, fresh); err != nil {
			t.Fatal(err)
		}
		n, err := s.DeleteStaleStagedSheets(ctx, start.Add(-huoshui.StagedSheetTTL))
		if err != nil || n != 1 {
			t.Fatalf("deleted %d (%v), want 1", n, err)
		}
		if _, err := s.FindImportBatchByID(ctx, u.ID, old.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("stale batch still there: %v", err)
		}
		if _, err := s.FindImportBatchByID(ctx, u.ID, fresh.ID); err != nil {
			t.Errorf("fresh batch gone: %v", err)
		}
	})
}

func TestCreateImportedMembersAllOrNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		u := makeUploader(t, s, tr.branchA)
		ua := huoshui.Actor{UserID: u.ID, Username: u.Username}
		existing := fullMember(tr.branchB.ID, "张三", "37010219850312002X")
		if err := s.CreateMember(ctx, actor, existing); err != nil {
			t.Fatal(err)
		}
		stage := func() int64 {
			b := &huoshui.ImportBatch{UserID: u.ID, OrgID: tr.branchA.ID, FileName: "roster.xlsx", Rows: []huoshui.ImportRow{}}
			if err := s.CreateImportBatch(ctx, b); err != nil {
				t.Fatal(err)
			}
			return b.ID
		}
		count := func() int {
			_, n, err := s.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Scope{All: true}, OrgID: tr.branchA.ID})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}

		// The second row's ID number is already another member's: nothing
		// goes in, the error names row 2, and the batch stays.
		id := stage()
		ms := []*huoshui.Member{
			fullMember(tr.branchA.ID, "甲", "110101199003070011"),
			fullMember(tr.branchA.ID, "乙", "37010219850312002X"),
		}
		err := s.CreateImportedMembers(ctx, ua, id, ms)
		var ve *huoshui.ValidationError
		if !errors.As(err, &ve) || !ve.HasRow(2, "id_number") {
			t.Fatalf("collision: %v, want a problem on rows.2.id_number", err)
		}
		if n := count(); n != 0 {
			t.Errorf("after a refused import the branch has %d members, want 0", n)
		}
		if _, err := s.FindImportBatchByID(ctx, u.ID, id); err != nil {
			t.Errorf("refused import dropped the batch: %v", err)
		}

		// A clean batch goes in whole, with its audit entry, and is gone.
		ms = []*huoshui.Member{
			fullMember(tr.branchA.ID, "甲", "110101199003070011"),
			fullMember(tr.branchA.ID, "乙", ""),
		}
		if err := s.CreateImportedMembers(ctx, ua, id, ms); err != nil {
			t.Fatalf("import: %v", err)
		}
		if n := count(); n != 2 {
			t.Errorf("after import the branch has %d members, want 2", n)
		}
		branch, err := s.FindOrgByID(ctx, huoshui.Everything(), tr.branchA.ID)
		if err != nil {
			t.Fatal(err)
		}
		c, err := s.OrgCountsOf(ctx, []*huoshui.Org{branch})
		if n, full := c[branch.ID].Members, c[branch.ID].Full; err != nil || n != 2 || full != 2 {
			t.Errorf("counts %d %d (%v), want 2 2", n, full, err)
		}
		if _, err := s.FindImportBatchByID(ctx, u.ID, id); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("imported batch still staged: %v", err)
		}
		entries, _, err := s.FindAuditEntries(ctx, huoshui.AuditFilter{Scope: huoshui.Scope{All: true}, Action: huoshui.AuditImport})
		if err != nil || len(entries) != 1 || entries[0].ObjectID != id || entries[0].OrgPath != tr.branchA.Path {
			t.Errorf("import audit entries %+v (%v), want one for batch %d", entries, err, id)
		}

		// Confirming again imports nothing twice.
		again := []*huoshui.Member{fullMember(tr.branchA.ID, "丙", "")}
		if err := s.CreateImportedMembers(ctx, ua, id, again); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("second confirm: %v, want not found", err)
		}
		if n := count(); n != 2 {
			t.Errorf("after a second confirm the branch has %d members, want 2", n)
		}
	})
}

// An import batch is its uploader's: another account, even a secretary of
// the same branch, neither reads it, discards it nor imports it.
func TestImportBatchIsItsUploaders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		u := makeUploader(t, s, tr.branchA)
		other := newTestUser(t, s, "other-secretary", huoshui.Role{OrgID: tr.branchA.ID, Kind: huoshui.RoleSecretary})
		b := &huoshui.ImportBatch{UserID: u.ID, OrgID: tr.branchA.ID, FileName: "roster.xlsx", Rows: []huoshui.ImportRow{}}
		if err := s.CreateImportBatch(ctx, b); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FindImportBatchByID(ctx, other.ID, b.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("another account reads the batch: %v, want ErrNotFound", err)
		}
		if _, err := s.FindImportBatchByID(ctx, 0, b.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("nobody reads the batch: %v, want ErrNotFound", err)
		}
		otherActor := huoshui.Actor{UserID: other.ID, Username: other.Username}
		err := s.CreateImportedMembers(ctx, otherActor, b.ID, []*huoshui.Member{fullMember(tr.branchA.ID, "甲", "")})
		if !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("another account imports the batch: %v, want ErrNotFound", err)
		}
		if err := s.DeleteImportBatch(ctx, other.ID, b.ID); err != nil {
			t.Fatal(err)
		}
		got, err := s.FindImportBatchByID(ctx, u.ID, b.ID)
		if err != nil {
			t.Fatalf("the uploader lost the batch to another account: %v", err)
		}
		if got.ID != b.ID {
			t.Errorf("read batch %d, want %d", got.ID, b.ID)
		}
		if _, n, _ := s.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Everything(), OrgID: tr.branchA.ID}); n != 0 {
			t.Errorf("%d members imported by another account, want 0", n)
		}
	})
}

// ImportRoster adds the new people and updates the branch's members in one
// transaction, each update audited as the member's own with the batch's
// import entry naming them; a row changing a member of another branch
// fails the whole import, which writes nothing.
func TestImportRosterUpdatesMembers(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		u := makeUploader(t, s, tr.branchA)
		ua := huoshui.Actor{UserID: u.ID, Username: u.Username}
		mine := fullMember(tr.branchA.ID, "张三", "37010219850312002X")
		theirs := fullMember(tr.branchB.ID, "李四", "110101198805150027")
		if err := s.CreateMembers(ctx, actor, []*huoshui.Member{mine, theirs}); err != nil {
			t.Fatal(err)
		}
		stage := func() int64 {
			b := &huoshui.ImportBatch{UserID: u.ID, OrgID: tr.branchA.ID, FileName: "roster.xlsx", Rows: []huoshui.ImportRow{}}
			if err := s.CreateImportBatch(ctx, b); err != nil {
				t.Fatal(err)
			}
			return b.ID
		}
		phone := "13912345678"
		update := huoshui.MemberUpdate{Phone: &phone}

		// Another branch's member in the rows: nothing is written.
		id := stage()
		_, _, err := s.ImportRoster(ctx, ua, id, []huoshui.RosterWrite{
			{Row: 1, New: fullMember(tr.branchA.ID, "甲", "110101199003070011")},
			{Row: 2, MemberID: mine.ID, Update: update},
			{Row: 3, MemberID: theirs.ID, Update: update},
		})
		if !errors.Is(err, huoshui.ErrConflict) {
			t.Fatalf("update of another branch's member: %v, want a conflict", err)
		}
		if m, _ := s.FindMemberByID(ctx, huoshui.Everything(), mine.ID); m.Phone == phone {
			t.Errorf("a refused import updated a member")
		}
		if _, n, _ := s.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Everything(), OrgID: tr.branchA.ID}); n != 1 {
			t.Errorf("a refused import added people: %d in the branch", n)
		}

		added, updated, err := s.ImportRoster(ctx, ua, id, []huoshui.RosterWrite{
			{Row: 1, New: fullMember(tr.branchA.ID, "甲", "110101199003070011")},
			{Row: 2, MemberID: mine.ID, Update: update},
		})
		if err != nil || added != 1 || updated != 1 {
			t.Fatalf("import: %d added, %d updated (%v), want 1 and 1", added, updated, err)
		}
		if m, _ := s.FindMemberByID(ctx, huoshui.Everything(), mine.ID); m.Phone != phone {
			t.Errorf("the member's phone is %q, want %q", m.Phone, phone)
		}
		entries, _, err := s.FindAuditEntries(ctx, huoshui.AuditFilter{Scope: huoshui.Everything(), Action: huoshui.AuditUpdate,
			ObjectType: "member", ObjectID: mine.ID})
		if err != nil || len(entries) != 1 || entries[0].Username != u.Username {
			t.Errorf("update entries %+v (%v), want one by the uploader", entries, err)
		}
		imports, _, err := s.FindAuditEntries(ctx, huoshui.AuditFilter{Scope: huoshui.Everything(), Action: huoshui.AuditImport})
		if err != nil || len(imports) != 1 || !strings.Contains(fmt.Sprint(imports[0].After), "updated_ids") {
			t.Errorf("import entries %+v (%v), want one naming the updated members", imports, err)
		}
	})
}

// FindMembersByIDNumber tells a holder inside the scope by name and one
// outside it only as taken.
func TestFindMembersByIDNumber(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		mine := fullMember(tr.branchA.ID, "张三", "37010219850312002X")
		theirs := fullMember(tr.branchB.ID, "李四", "110101198805150027")
		if err := s.CreateMembers(ctx, actor, []*huoshui.Member{mine, theirs}); err != nil {
			t.Fatal(err)
		}
		got, err := s.FindMembersByIDNumber(ctx, huoshui.Scope{Paths: []string{tr.branchA.Path}},
			[]string{mine.IDNumber, theirs.IDNumber, "110101199003070011"})
		if err != nil {
			t.Fatal(err)
		}
		if m := got[mine.IDNumber]; m == nil || m.ID != mine.ID {
			t.Errorf("own branch's holder %+v", m)
		}
		if m, ok := got[theirs.IDNumber]; !ok || m != nil {
			t.Errorf("another branch's holder %+v (%v), want taken and hidden", m, ok)
		}
		if _, ok := got["110101199003070011"]; ok {
			t.Errorf("an unused ID number is taken")
		}
	})
}
