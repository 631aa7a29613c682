package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
)

// handlerFunc is a handler that returns its failure instead of writing it.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// errTooLarge answers 413: an upload or body over its limit.
var errTooLarge = errors.New("request body too large")

// status maps an error to the status a user sees. Anything unknown is a
// 500, whose text never leaves the server.
func status(err error) int {
	var ve *huoshui.ValidationError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &ve):
		return http.StatusUnprocessableEntity
	case errors.Is(err, huoshui.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, huoshui.ErrForbidden):
		return http.StatusForbidden
	case errors.Is(err, huoshui.ErrConflict):
		return http.StatusConflict
	case errors.Is(err, errTooLarge), errors.As(err, &mbe):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, errMethodNotAllowed):
		return http.StatusMethodNotAllowed
	case errors.Is(err, errRateLimited):
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// public serves a page that needs no sign-in.
func (s *Server) public(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.pageError(w, r, err)
		}
	})
}

// page serves a page for a signed-in user; visitors go to the sign-in page
// and come back afterwards.
func (s *Server) page(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if userFrom(r.Context()) == nil {
			next := r.URL.RequestURI()
			if r.Method != http.MethodGet {
				next = "/"
			}
			http.Redirect(w, r, "/login?next="+url.QueryEscape(next), http.StatusSeeOther)
			return
		}
		if err := h(w, r); err != nil {
			s.pageError(w, r, err)
		}
	})
}

// api serves JSON for a signed-in user, with the same session and the same
// permission check as the pages.
func (s *Server) api(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if userFrom(r.Context()) == nil {
			s.writeJSON(w, http.StatusUnauthorized, map[string]any{"error": s.msgs.T(langFrom(r), "error.unauthorized")})
			return
		}
		if err := h(w, r); err != nil && !errors.Is(err, errWritten) {
			s.apiError(w, r, err)
		}
	})
}

func (s *Server) logFailure(r *http.Request, code int, err error) {
	if code >= 500 {
		s.log.Error("request failed", "id", requestID(r.Context()), "method", r.Method, "path", r.URL.Path, "err", err)
		return
	}
	s.log.Debug("request refused", "id", requestID(r.Context()), "status", code, "err", err)
}

// pageError renders the error page for err.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	code := status(err)
	s.logFailure(r, code, err)
	lang := langFrom(r)
	p := &errorPage{Code: code, RequestID: requestID(r.Context())}
	var ve *huoshui.ValidationError
	if errors.As(err, &ve) {
		for _, f := range ve.Fields {
			p.Problems = append(p.Problems, s.msgs.fieldMessage(lang, f))
		}
		// An export refused (past its cap) is not a form to correct: the
		// page says nothing was exported and leads back to the list it
		// came from, with its filter, to narrow it.
		if len(ve.Fields) > 0 && strings.HasSuffix(r.URL.Path, "/export.xlsx") {
			p.ExportBack = strings.TrimSuffix(r.URL.Path, "/export.xlsx")
			if r.URL.RawQuery != "" {
				p.ExportBack += "?" + r.URL.RawQuery
			}
		}
	}
	var denied *auth.Denied // a refusal with its reason (internal/auth)
	if errors.As(err, &denied) {
		p.Problems = append(p.Problems, s.msgs.T(lang, denied.Code))
	}
	if err := s.render(w, r, code, "error", p); err != nil {
		s.renderFailed(w, r, err)
	}
}

// renderFailed answers when even the error page does not render: a plain
// 500 in the reader's language, with the failure in the log.
func (s *Server) renderFailed(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("render", "id", requestID(r.Context()), "err", err)
	http.Error(w, s.msgs.T(langFrom(r), "error.internal"), http.StatusInternalServerError)
}

// apiError writes err as JSON: {"error": "…", "fields": {"name": "…"}}.
func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	code := status(err)
	s.logFailure(r, code, err)
	lang := langFrom(r)
	body := map[string]any{"error": s.msgs.T(lang, statusMessage(code))}
	var denied *auth.Denied
	if errors.As(err, &denied) {
		body["error"] = s.msgs.T(lang, denied.Code)
	}
	var ve *huoshui.ValidationError
	if errors.As(err, &ve) {
		body["fields"] = s.msgs.fieldMessages(lang, ve)
	}
	if code >= 500 {
		body["request_id"] = requestID(r.Context())
	}
	s.writeJSON(w, code, body)
}

func statusMessage(code int) string {
	switch code {
	case http.StatusNotFound:
		return "error.not_found"
	case http.StatusForbidden:
		return "error.forbidden"
	case http.StatusConflict:
		return "error.conflict"
	case http.StatusUnprocessableEntity:
		return "error.invalid"
	case http.StatusRequestEntityTooLarge:
		return "error.too_large"
	case http.StatusUnauthorized:
		return "error.unauthorized"
	case http.StatusMethodNotAllowed:
		return "error.method"
	case http.StatusTooManyRequests:
		return "chat.too_fast"
	}
	return "error.internal"
}

func (s *Server) writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		s.log.Warn("write json", "err", err)
	}
}

// crossOriginDenied answers a cross-site POST.
func (s *Server) crossOriginDenied(w http.ResponseWriter, r *http.Request) {
	s.log.Warn("cross-origin request refused", "method", r.Method, "path", r.URL.Path,
		"origin", r.Header.Get("Origin"), "sec_fetch_site", r.Header.Get("Sec-Fetch-Site"))
	if isAPI(r) {
		s.writeJSON(w, http.StatusForbidden, map[string]any{"error": s.msgs.T(langFrom(r), "error.cross_origin")})
		return
	}
	if err := s.render(w, r, http.StatusForbidden, "error", &errorPage{Code: http.StatusForbidden, CrossOrigin: true}); err != nil {
		s.renderFailed(w, r, err)
	}
}

type errorPage struct {
	Page
	Code        int
	RequestID   string
	Problems    []string
	CrossOrigin bool
	ExportBack  string // an export refused: the list to narrow
}
