package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/storetest"
)

func TestStatusOfErrors(t *testing.T) {
	t.Parallel()
	ve := &huoshui.ValidationError{}
	ve.Add("name", "required")
	cases := []struct {
		err  error
		want int
	}{
		{fmt.Errorf("store: find member 7: %w", huoshui.ErrNotFound), 404},
		{fmt.Errorf("x: %w", huoshui.ErrForbidden), 403},
		{fmt.Errorf("x: %w", huoshui.ErrConflict), 409},
		{fmt.Errorf("x: %w", ve), 422},
		{errTooLarge, 413},
		{&http.MaxBytesError{Limit: 10}, 413},
		{errors.New("pq: relation does not exist"), 500},
	}
	for _, c := range cases {
		if got := status(c.err); got != c.want {
			t.Errorf("status(%v) = %d, want %d", c.err, got, c.want)
		}
	}
}

// An internal failure answers 500 with a request id and a calm message;
// the error's own text never reaches the browser or an API client.
func TestInternalErrorsStayInside(t *testing.T) {
	t.Parallel()
	s, _, err := New(Deps{Store: storetest.SQLite(t)})
	if err != nil {
		t.Fatal(err)
	}
	secret := errors.New("store: find member: SQLSTATE 42P01 relation \"members\" does not exist")
	for _, path := range []string{"/members", "/api/v1/members"} {
		w := httptest.NewRecorder()
		r := httptest.NewRequest(http.MethodGet, path, nil)
		if strings.HasPrefix(path, "/api/") {
			s.apiError(w, r, secret)
		} else {
			s.pageError(w, r, secret)
		}
		body := w.Body.String()
		if w.Code != 500 {
			t.Errorf("%s: status %d, want 500", path, w.Code)
		}
		if strings.Contains(body, "SQLSTATE") || strings.Contains(body, "relation") {
			t.Errorf("%s: the internal error text reached the client:\n%s", path, body)
		}
		if !strings.Contains(body, "数据没有丢失") {
			t.Errorf("%s: the 500 answer does not reassure the user", path)
		}
	}
}

// A panic in a handler is a 500 with a request id, and the server goes on.
func TestPanicIsRecovered(t *testing.T) {
	t.Parallel()
	s, _, err := New(Deps{Store: storetest.SQLite(t)})
	if err != nil {
		t.Fatal(err)
	}
	h := s.withBasics(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("nil map in handler") }))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/", nil))
	if w.Code != 500 || strings.Contains(w.Body.String(), "nil map") {
		t.Errorf("panic answered %d %q", w.Code, w.Body.String())
	}
}
