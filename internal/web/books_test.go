package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/store"
)

// bookPagePath is where a created book's page is.
var bookPagePath = regexp.MustCompile(`^/books/(\d+)$`)

// neighbourReader is a plain member of the branch beside the secretariat
// (综合处), signed in.
func (e *env) neighbourReader(t *testing.T) *client {
	t.Helper()
	hash, err := auth.HashPassword(demo.Password)
	if err != nil {
		t.Fatal(err)
	}
	m := e.demoMember("罗家明")
	u := &huoshui.User{Username: "luojiaming", DisplayName: "罗家明", PasswordHash: hash, MemberID: m.ID,
		Roles: []huoshui.Role{{OrgID: m.OrgID, Kind: huoshui.RoleMember}}}
	if err := e.store.CreateUser(context.Background(), huoshui.Actor{Username: "test"}, u); err != nil {
		t.Fatal(err)
	}
	return e.signedIn("luojiaming")
}

// A secretary puts a book on the shelf; a member borrows a copy, renews
// it once and returns it; every refusal says why in Chinese and changes
// nothing; a member of the branch beside sees none of it.
func TestBookCornerWorkflow(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		branch := e.demoOrg(demo.BranchName)
		sec := e.signedIn("secretary")
		mem := e.signedIn("member")

		// A bad check digit is refused beside the field, nothing kept.
		r := sec.postForm(fmt.Sprintf("/orgs/%d/books", branch.ID), url.Values{"isbn": {"978-7-01-017712-9"},
			"title": {"习近平谈治国理政（第四卷）"}, "author": {"习近平"}, "copies": {"2"}}).wantStatus(http.StatusUnprocessableEntity)
		if !strings.Contains(r.Body, "校验码不对") || !strings.Contains(r.Body, "习近平谈治国理政") {
			t.Errorf("the refused form does not say what is wrong, or loses what was typed:\n%s", r.doc().Find(".field-error").Text())
		}
		r = sec.postForm(fmt.Sprintf("/orgs/%d/books", branch.ID), url.Values{"isbn": {"９７８－７－０１－０１７７１２－０"},
			"title": {"习近平谈治国理政（第四卷）"}, "author": {"习近平"}, "tags": {"理论、党建"}, "copies": {"2"}}).wantStatus(http.StatusSeeOther)
		loc := r.Header.Get("Location")
		m := bookPagePath.FindStringSubmatch(loc)
		if m == nil {
			t.Fatalf("created book goes to %q", loc)
		}
		bookID, _ := strconv.ParseInt(m[1], 10, 64)
		d := sec.get(loc).wantStatus(http.StatusOK).doc()
		if d.Find("[data-isbn]").Text() != "9787010177120" || d.Find("tr[data-copy]").Length() != 2 {
			t.Fatalf("book page: isbn %q, %d copies", d.Find("[data-isbn]").Text(), d.Find("tr[data-copy]").Length())
		}
		copies, err := e.store.FindCopies(ctx, huoshui.Everything(), branch.ID, bookID)
		if err != nil || len(copies) != 2 {
			t.Fatal(copies, err)
		}
		cp := fmt.Sprintf("/copies/%d", copies[0].ID)

		// The member opens the copy's page (its label's address) and borrows.
		d = mem.get(cp).wantStatus(http.StatusOK).doc()
		if d.Find(fmt.Sprintf(`form[action="%s/borrow"]`, cp)).Length() != 1 {
			t.Fatal("the copy's page offers no 借阅 button")
		}
		mem.postForm(cp+"/borrow", nil).wantStatus(http.StatusSeeOther)
		// Borrowing it again, by anyone: refused, with the due day.
		r = sec.postForm(cp+"/borrow", nil).wantStatus(http.StatusUnprocessableEntity)
		if !strings.Contains(r.Body, "已经借出") {
			t.Errorf("borrowing a copy on loan does not say it is out:\n%s", r.doc().Find(".form-error").Text())
		}
		if d := mem.get("/").wantStatus(http.StatusOK).doc(); !strings.Contains(d.Find("[data-my-loans]").Text(), "习近平谈治国理政") {
			t.Error("the member's home does not list the book they have out")
		}
		mem.postForm(cp+"/renew", nil).wantStatus(http.StatusSeeOther)
		r = mem.postForm(cp+"/renew", nil).wantStatus(http.StatusUnprocessableEntity)
		if !strings.Contains(r.Body, "已经续借过一次") {
			t.Errorf("a second renewal does not say why not:\n%s", r.doc().Find(".form-error").Text())
		}
		d = mem.get("/loans/mine").wantStatus(http.StatusOK).doc()
		if !strings.Contains(d.Find("[data-open]").Text(), "习近平谈治国理政") {
			t.Error("my loans do not list the copy out")
		}
		mem.postForm(cp+"/return", nil).wantStatus(http.StatusSeeOther)
		r = mem.postForm(cp+"/return", nil).wantStatus(http.StatusUnprocessableEntity)
		if !strings.Contains(r.Body, "没有借出") {
			t.Errorf("returning a copy on the shelf does not say so:\n%s", r.doc().Find(".form-error").Text())
		}
		loans, _ := e.store.FindLoans(ctx, store.LoanFilter{Scope: huoshui.Everything(), BookID: bookID})
		if len(loans) != 1 || loans[0].Open() || !loans[0].Renewed {
			t.Errorf("loans after the refusals: %+v", loans)
		}

		// A reading note from the member; the secretary sees it pending.
		mem.postForm(fmt.Sprintf("/books/%d/notes", bookID), url.Values{"text": {"读后感：知行合一。"}, "minutes": {"90"}}).
			wantStatus(http.StatusSeeOther)
		d = sec.get(loc).wantStatus(http.StatusOK).doc()
		if !strings.Contains(d.Find("[data-note]").Text(), "待确认") || d.Find(`[data-note] form[action$="/decide"]`).Length() != 1 {
			t.Error("the officer sees no pending note to confirm")
		}

		// The catalogue lists it as most borrowed; never who read most.
		d = mem.get(fmt.Sprintf("/orgs/%d/books", branch.ID)).wantStatus(http.StatusOK).doc()
		if !strings.Contains(d.Find("[data-top]").Text(), "习近平谈治国理政") || strings.Contains(d.Find("[data-top]").Text(), "杨雪梅") {
			t.Errorf("most borrowed: %q", d.Find("[data-top]").Text())
		}

		// The branch beside: not found, everywhere.
		nb := e.neighbourReader(t)
		for _, p := range []string{loc, cp, fmt.Sprintf("/orgs/%d/books", branch.ID), fmt.Sprintf("/orgs/%d/books/labels", branch.ID)} {
			nb.get(p).wantStatus(http.StatusNotFound)
		}
		nb.postForm(cp+"/borrow", nil).wantStatus(http.StatusNotFound)
		nb.postJSON(fmt.Sprintf("/api/v1/copies/%d/borrow", copies[1].ID), "{}").wantStatus(http.StatusNotFound)
		// A plain member may borrow but not keep the shelf.
		mem.get(fmt.Sprintf("/orgs/%d/books/new", branch.ID)).wantStatus(http.StatusForbidden)
		mem.postForm(fmt.Sprintf("/books/%d/copies", bookID), url.Values{"copies": {"3"}}).wantStatus(http.StatusForbidden)

		// A cover photo: a photo is kept and served, a text file refused.
		r = sec.upload(fmt.Sprintf("/books/%d/cover", bookID), "notes.txt", []byte("not a photo")).wantStatus(http.StatusUnprocessableEntity)
		if !strings.Contains(r.Body, "照片") {
			t.Errorf("a text file as the cover is not refused with a reason:\n%s", r.doc().Find(".form-error").Text())
		}
		sec.upload(fmt.Sprintf("/books/%d/cover", bookID), "封面.jpg", phonePhoto(t, 600, 800)).wantStatus(http.StatusSeeOther)
		if r := mem.get(fmt.Sprintf("/books/%d/cover/thumb", bookID)).wantStatus(http.StatusOK); r.Header.Get("Content-Type") != "image/jpeg" {
			t.Errorf("cover thumbnail served as %q", r.Header.Get("Content-Type"))
		}
		nb.get(fmt.Sprintf("/books/%d/cover", bookID)).wantStatus(http.StatusNotFound)
		mem.upload(fmt.Sprintf("/books/%d/cover", bookID), "封面.jpg", phonePhoto(t, 600, 800)).wantStatus(http.StatusForbidden)

		// A copy out for forty days: on the keeper's list and the
		// secretary's home card, not on the member's catalogue.
		e.store.SetClock(func() time.Time { return time.Now().AddDate(0, 0, -40) })
		_, err = e.store.Borrow(ctx, huoshui.Actor{Username: "test"}, copies[1].ID, e.findAccount("member").MemberID,
			func(d huoshui.Date) huoshui.Date { return d.AddDate(0, 0, 30) })
		e.store.SetClock(time.Now)
		if err != nil {
			t.Fatal(err)
		}
		if d := sec.get("/").wantStatus(http.StatusOK).doc(); !strings.Contains(d.Find("[data-books-overdue]").Text(), "1 册逾期未还") {
			t.Errorf("the secretary's home does not count the overdue copy: %q", d.Find("[data-books-overdue]").Text())
		}
		if d := sec.get(fmt.Sprintf("/orgs/%d/books", branch.ID)).wantStatus(http.StatusOK).doc(); !strings.Contains(d.Find("[data-overdue]").Text(), "逾期 10 天") {
			t.Errorf("the keeper's overdue list: %q", d.Find("[data-overdue]").Text())
		}
		if d := mem.get(fmt.Sprintf("/orgs/%d/books", branch.ID)).wantStatus(http.StatusOK).doc(); d.Find("[data-overdue]").Length() != 0 {
			t.Error("a plain member sees the overdue list")
		}

		// The labels print a QR code per copy.
		d = sec.get(fmt.Sprintf("/orgs/%d/books/labels?book=%d", branch.ID, bookID)).wantStatus(http.StatusOK).doc()
		if d.Find("figure.book-label svg").Length() != 2 {
			t.Errorf("%d labels with a QR code, want 2", d.Find("figure.book-label svg").Length())
		}

		// Withdrawing a copy: asked first, refused while it is out,
		// not for a plain member; its loans stay on record.
		out := fmt.Sprintf("/copies/%d", copies[1].ID)
		mem.get(out + "/archive").wantStatus(http.StatusForbidden)
		sec.get(out + "/archive").wantStatus(http.StatusOK)
		r = sec.postForm(out+"/archive", nil).wantStatus(http.StatusUnprocessableEntity)
		if !strings.Contains(r.Body, "归还后才能下架") {
			t.Errorf("withdrawing a copy out does not say why not:\n%s", r.doc().Find(".form-error").Text())
		}
		sec.postForm(out+"/return", nil).wantStatus(http.StatusSeeOther)
		sec.postForm(out+"/archive", nil).wantStatus(http.StatusSeeOther)
		if d := sec.get(loc).wantStatus(http.StatusOK).doc(); d.Find("tr[data-copy]").Length() != 1 {
			t.Errorf("%d copies on the book's page after withdrawing one, want 1", d.Find("tr[data-copy]").Length())
		}
		mem.postForm(out+"/borrow", nil).wantStatus(http.StatusUnprocessableEntity)
	})
}

// The JSON: a book is added (201), a bad ISBN is a 422 naming the field,
// a copy borrowed twice is a 409 with the reason, a return of a copy on
// the shelf likewise.
func TestBookCornerAPI(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		sec := e.signedIn("secretary")
		r := sec.postJSON("/api/v1/books", `{"isbn":"7-01-003387-3","title":"论持久战","author":"毛泽东"}`).
			wantStatus(http.StatusUnprocessableEntity)
		v := decodeJSON(t, r)
		fields, _ := v["fields"].(map[string]any)
		if msg, _ := fields["isbn"].(string); !strings.Contains(msg, "校验码") || v["error"] == "" {
			t.Errorf("bad ISBN answer: %v", v)
		}
		r = sec.postJSON("/api/v1/books", `{"isbn":"7-01-003387-0","title":"论持久战","author":"毛泽东"}`).wantStatus(http.StatusCreated)
		var b huoshui.Book
		if err := json.Unmarshal([]byte(r.Body), &b); err != nil || b.ID == 0 || b.ISBN != "9787010033877" {
			t.Fatalf("created %s (%v)", r.Body, err)
		}
		sec.postJSON("/api/v1/books", `{"isbn":"9787010033877","title":"论持久战","author":"毛泽东"}`).
			wantStatus(http.StatusUnprocessableEntity)
		cs, err := e.store.AddCopies(context.Background(), huoshui.Actor{Username: "test"}, b.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		path := fmt.Sprintf("/api/v1/copies/%d", cs[0].ID)
		r = sec.postJSON(path+"/return", "{}").wantStatus(http.StatusConflict)
		if v := decodeJSON(t, r); !strings.Contains(fmt.Sprint(v["error"]), "没有借出") {
			t.Errorf("return of a copy on the shelf: %v", v)
		}
		e.signedIn("member").postJSON(path+"/borrow", "{}").wantStatus(http.StatusOK)
		r = sec.postJSON(path+"/borrow", "{}").wantStatus(http.StatusConflict)
		if v := decodeJSON(t, r); !strings.Contains(fmt.Sprint(v["error"]), "已经借出") {
			t.Errorf("borrow of a copy on loan: %v", v)
		}
		sec.postJSON(path+"/return", "{}").wantStatus(http.StatusOK)
	})
}

// A catalogue sheet with a bad ISBN: the preview names the row and the
// problem, confirming is refused, and no book is written; the shelf's
// export imports again.
func TestBookCatalogueImport(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		branch := e.demoOrg(demo.BranchName)
		sec := e.signedIn("secretary")
		upload := func(name string, data []byte) *response {
			var body bytes.Buffer
			mw := multipart.NewWriter(&body)
			mw.WriteField("org", strconv.FormatInt(branch.ID, 10))
			fw, _ := mw.CreateFormFile("file", name)
			fw.Write(data)
			mw.Close()
			req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/books/import", &body)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			return sec.do(req)
		}
		total := func() int {
			_, n, _ := e.store.FindBooks(ctx, huoshui.BookFilter{Scope: huoshui.Everything(), OrgID: branch.ID})
			return n
		}
		before := total()
		data := rosterFile(t, []any{"ISBN", "书名", "作者", "出版社", "出版年", "标签", "册数"},
			[]any{"978-7-01-017712-0", "习近平谈治国理政（第四卷）", "习近平", "外文出版社", "2022", "理论", "2"},
			[]any{"978-7-01-017712-9", "坏书号", "某某", "", "", "", "1"},
		)
		preview := upload("书目.xlsx", data).wantStatus(http.StatusSeeOther).Header.Get("Location")
		d := sec.get(preview).wantStatus(http.StatusOK).doc()
		if d.Find("tr.bad").Length() != 1 || !strings.Contains(d.Find("tr.bad").Text(), "校验码") || !strings.Contains(d.Find("tr.bad").Text(), "3") {
			t.Errorf("the preview does not name the bad row: %q", d.Find("tr.bad").Text())
		}
		sec.postForm(strings.TrimSuffix(preview, "/preview")+"/confirm", nil).wantStatus(http.StatusUnprocessableEntity)
		if n := total(); n != before {
			t.Fatalf("%d books after a refused import, want %d", n, before)
		}
		// A clean sheet goes in whole, with its copies.
		data = rosterFile(t, []any{"ISBN", "书名", "作者", "出版社", "出版年", "标签", "册数"},
			[]any{"978-7-01-017712-0", "习近平谈治国理政（第四卷）", "习近平", "外文出版社", "2022", "理论", "2"},
			[]any{"7-01-003387-0", "论持久战", "毛泽东", "人民出版社", "2015", "经典", "1"},
		)
		preview = upload("书目.xlsx", data).wantStatus(http.StatusSeeOther).Header.Get("Location")
		sec.postForm(strings.TrimSuffix(preview, "/preview")+"/confirm", nil).wantStatus(http.StatusSeeOther)
		if n := total(); n != before+2 {
			t.Fatalf("%d books after the import, want %d", n, before+2)
		}
		r := sec.get(fmt.Sprintf("/orgs/%d/books.xlsx?q=持久战", branch.ID)).wantStatus(http.StatusOK)
		if !strings.Contains(r.Header.Get("Content-Type"), "spreadsheet") || len(r.Body) < 1000 {
			t.Errorf("export: %s, %d bytes", r.Header.Get("Content-Type"), len(r.Body))
		}
	})
}
