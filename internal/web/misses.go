package web

import (
	"bytes"
	"errors"
	"net/http"
	"strings"

	"github.com/huoshui/huoshui"
)

// errMethodNotAllowed answers 405: the address exists, not for this method.
var errMethodNotAllowed = errors.New("method not allowed")

// withStyledMisses answers the requests no route takes — an unknown
// address (404) or a known one asked with another method (405) — with the
// platform's own error page in the reader's language, or JSON under
// /api/, instead of the mux's bare "404 page not found". The mux still
// decides which it is and which methods the address allows.
func (s *Server) withStyledMisses(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, pattern := mux.Handler(r)
		if pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		rec := &missRecorder{header: http.Header{}, Code: http.StatusOK} // the mux's own answer: its code, Allow, a redirect
		h.ServeHTTP(rec, r)
		var err error
		switch rec.Code {
		case http.StatusNotFound:
			err = huoshui.ErrNotFound
		case http.StatusMethodNotAllowed:
			err = errMethodNotAllowed
			w.Header().Set("Allow", rec.header.Get("Allow"))
		default: // a redirect to the cleaned path, and the like
			for k, vs := range rec.header {
				w.Header()[k] = vs
			}
			w.WriteHeader(rec.Code)
			w.Write(rec.Body.Bytes())
			return
		}
		if strings.HasPrefix(r.URL.Path, "/api/") {
			s.apiError(w, r, err)
			return
		}
		s.pageError(w, r, err)
	})
}

// missRecorder keeps what the mux answers for a request no route takes.
type missRecorder struct {
	header http.Header
	Code   int
	Body   bytes.Buffer
}

func (m *missRecorder) Header() http.Header         { return m.header }
func (m *missRecorder) WriteHeader(code int)        { m.Code = code }
func (m *missRecorder) Write(b []byte) (int, error) { return m.Body.Write(b) }
