package web

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
)

// A "next" address never leaves the site, however it is dressed up.
func TestLocalPath(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"/members?status=full": "/members?status=full",
		"/orgs/2":              "/orgs/2",
		"":                     "/",
		"https://evil.example": "/",
		"//evil.example":       "/",
		"/\\evil.example":      "/",
		"/\t/evil.example":     "/",
		"/\n/evil.example":     "/",
		"/\r\n//evil.example":  "/",
		"\\\\evil.example":     "/",
		"javascript:alert(1)":  "/",
		"/%09/evil.example":    "/%09/evil.example", // stays a path on this site: %09 is not decoded by browsers in paths
	}
	for in, want := range cases {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// flowServer is a server with the message catalogue and nothing else:
// enough for the form flow, whose pages the tests stand in for.
func flowServer(t *testing.T) *Server {
	t.Helper()
	m, err := loadMessages()
	if err != nil {
		t.Fatal(err)
	}
	return &Server{msgs: m}
}

func postRequest(v url.Values) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/things", strings.NewReader(v.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

type thing struct{ Name, Phone string }

// A form with two problems shows both, each beside its field, with 422,
// keeps what was typed (but never a password) and stores nothing; a
// problem the store finds shows the same way.
func TestSubmitShowsEveryProblem(t *testing.T) {
	t.Parallel()
	s := flowServer(t)
	for _, fromStore := range []bool{false, true} {
		saved := false
		var shown *form
		code := 0
		flow := formFlow[thing]{
			Hide: []string{"password"},
			Read: func(v url.Values, ve *huoshui.ValidationError) (thing, error) {
				in := thing{Name: v.Get("name"), Phone: v.Get("phone")}
				if !fromStore {
					ve.Add("name", "too_long", "Max", 3)
					ve.Add("phone", "phone.invalid")
				}
				return in, nil
			},
			Save: func(thing) error {
				if fromStore {
					ve := &huoshui.ValidationError{}
					ve.Add("name", "too_long", "Max", 3)
					ve.Add("phone", "phone.invalid")
					return fmt.Errorf("store: %w", ve)
				}
				saved = true
				return nil
			},
			Page:  func(c int, f form) error { code, shown = c, &f; return nil },
			Flash: "members.saved",
			Next:  func(thing) string { return "/things/1" },
		}
		w := httptest.NewRecorder()
		r := postRequest(url.Values{"name": {"张三丰收"}, "phone": {"12"}, "password": {"secret"}})
		if err := submit(s, w, r, flow); err != nil {
			t.Fatal(err)
		}
		if saved || code != http.StatusUnprocessableEntity || shown == nil {
			t.Fatalf("fromStore=%v: saved %v, page status %d, want 422 and nothing saved", fromStore, saved, code)
		}
		if got, want := shown.Err("name"), s.msgs.T("zh", "error.too_long", "Max", 3); got != want {
			t.Errorf("fromStore=%v: name says %q, want %q", fromStore, got, want)
		}
		if got, want := shown.Err("phone"), s.msgs.T("zh", "error.phone.invalid"); got != want || got == "error.phone.invalid" {
			t.Errorf("fromStore=%v: phone says %q, want %q", fromStore, got, want)
		}
		if shown.Get("name") != "张三丰收" || shown.Get("phone") != "12" {
			t.Errorf("fromStore=%v: typed values lost: %v", fromStore, shown.Values)
		}
		if shown.Get("password") != "" {
			t.Errorf("fromStore=%v: the password is sent back", fromStore)
		}
		if len(w.Result().Cookies()) != 0 || w.Header().Get("Location") != "" {
			t.Errorf("fromStore=%v: a refused form left a notice or a redirect", fromStore)
		}
	}
}

// A form that passes is stored, leaves its notice and answers 303 to
// where the handler says.
func TestSubmitSuccess(t *testing.T) {
	t.Parallel()
	s := flowServer(t)
	var stored thing
	flow := formFlow[thing]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (thing, error) {
			return thing{Name: v.Get("name")}, nil
		},
		Save:      func(in thing) error { stored = in; return nil },
		Page:      func(int, form) error { t.Error("the form was shown again"); return nil },
		Flash:     "import.done",
		FlashArgs: func(thing) []any { return []any{"Count", 2} },
		Next:      func(in thing) string { return "/things/" + in.Name },
	}
	w := httptest.NewRecorder()
	if err := submit(s, w, postRequest(url.Values{"name": {"7"}}), flow); err != nil {
		t.Fatal(err)
	}
	if stored.Name != "7" {
		t.Errorf("stored %+v", stored)
	}
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/things/7" {
		t.Errorf("answer %d to %q, want 303 to /things/7", w.Code, w.Header().Get("Location"))
	}
	var notice string
	for _, c := range w.Result().Cookies() {
		if c.Name == flashCookie {
			notice, _ = url.QueryUnescape(c.Value)
		}
	}
	if id, args := splitFlash(notice); id != "import.done" || len(args) != 2 || args[1] != "2" {
		t.Errorf("notice %q, want import.done with Count 2", notice)
	}
}

// Any other failure of the store is the handler's, not a form problem.
func TestSubmitPassesOtherErrors(t *testing.T) {
	t.Parallel()
	s := flowServer(t)
	flow := formFlow[thing]{
		Read: func(url.Values, *huoshui.ValidationError) (thing, error) { return thing{}, nil },
		Save: func(thing) error { return fmt.Errorf("store: %w", huoshui.ErrConflict) },
		Page: func(int, form) error { t.Error("the form was shown again"); return nil },
		Next: func(thing) string { return "/" },
	}
	err := submit(s, httptest.NewRecorder(), postRequest(url.Values{}), flow)
	if !errors.Is(err, huoshui.ErrConflict) {
		t.Errorf("submit: %v, want the conflict", err)
	}
}

// A problem in row N of a batch says the row and the field, and keys
// its message as rows.N.field.
func TestRowProblemMessages(t *testing.T) {
	t.Parallel()
	s := flowServer(t)
	ve := &huoshui.ValidationError{}
	ve.Add("name", "required")
	err := huoshui.InRow(4, ve)
	var rowed *huoshui.ValidationError
	errors.As(err, &rowed)
	msgs := s.msgs.fieldMessages("zh", rowed)
	got := msgs["rows.4.name"]
	want := s.msgs.T("zh", "error.row_field", "Row", 4, "Field", s.msgs.T("zh", "field.name"), "Message", s.msgs.T("zh", "error.required"))
	if got != want || !strings.Contains(got, "4") {
		t.Errorf("row message %q, want %q", got, want)
	}
}

// render returns a failure instead of writing half a page.
func TestRenderReturnsError(t *testing.T) {
	t.Parallel()
	s := flowServer(t)
	s.tmpl = &templates{sets: map[string]*template.Template{}}
	w := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	if err := s.render(w, r, http.StatusOK, "no_such_page", &errorPage{}); err == nil {
		t.Fatal("render of a missing template returned nil")
	}
	if w.Body.Len() != 0 {
		t.Errorf("render wrote %q before failing", w.Body.String())
	}
}

// A form that is only a button has no fields and no page of its own: a
// refusal from the store goes to the error page (422 with its problems),
// success notices and 303s like any form.
func TestSubmitButton(t *testing.T) {
	t.Parallel()
	s := flowServer(t)
	refused := &huoshui.ValidationError{}
	refused.Add("org", "org.not_empty")
	for _, saveErr := range []error{nil, refused} {
		w := httptest.NewRecorder()
		err := submit(s, w, postRequest(nil), formFlow[struct{}]{
			Save:  func(struct{}) error { return saveErr },
			Flash: "orgs.archived",
			Next:  func(struct{}) string { return "/orgs" },
		})
		if saveErr != nil {
			var ve *huoshui.ValidationError
			if !errors.As(err, &ve) || status(err) != http.StatusUnprocessableEntity || w.Header().Get("Location") != "" {
				t.Errorf("refused button: %v, want the validation error for the error page", err)
			}
			continue
		}
		if err != nil || w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/orgs" {
			t.Errorf("button: %v, %d to %q, want 303 to /orgs", err, w.Code, w.Header().Get("Location"))
		}
	}
}
