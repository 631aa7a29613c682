package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"mime"
	"net/http"
	"strings"

	"github.com/huoshui/huoshui/internal/auth"
)

// Cross-site request forgery. Browsers that send Origin or Sec-Fetch-Site
// are checked by http.CrossOriginProtection. Government offices still run
// 360 and QQ browsers in IE mode, which send neither and ignore SameSite:
// for them every form carries a token ({{template "csrf" $}}), checked
// here when a state-changing request arrives with neither header. The
// token of a signed-in browser is derived from its session; before any
// session (the sign-in form) it is derived from a cookie of its own
// (huoshui_csrf), so a page on another site can neither read nor guess it.
// API writes take only JSON bodies, which another site cannot send
// without the browser asking first.

const csrfCookie = "huoshui_csrf"

// keyCSRF holds the token this request's pages put in their forms.
const keyCSRF ctxKey = 100

func csrfFrom(ctx context.Context) string {
	t, _ := ctx.Value(keyCSRF).(string)
	return t
}

// withCSRF runs inside withSession: it knows the session.
func (s *Server) withCSRF(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/static/") || r.URL.Path == "/healthz" {
			next.ServeHTTP(w, r)
			return
		}
		var valid []string // the tokens this browser's forms may carry
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" && sessionFrom(r.Context()) != nil {
			// Signed in, only the session's token counts: a sibling host
			// of the domain can plant the pre-session cookie.
			valid = append(valid, auth.CSRFToken(c.Value))
		} else if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) >= 32 {
			valid = append(valid, auth.CSRFToken(c.Value))
		} else {
			b := make([]byte, 32)
			rand.Read(b)
			v := base64.RawURLEncoding.EncodeToString(b)
			http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: v, Path: "/", HttpOnly: true,
				Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
			valid = append(valid, auth.CSRFToken(v))
		}
		r = r.WithContext(context.WithValue(r.Context(), keyCSRF, valid[0]))
		if safeMethod(r.Method) {
			next.ServeHTTP(w, r)
			return
		}
		if isAPI(r) {
			// JSON only, which a cross-site form cannot send; the uploads
			// of the API (a page to clean, a chat message's files) are
			// checked by http.CrossOriginProtection like every unsafe
			// request.
			mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
			if mt != "application/json" && !(mt == "multipart/form-data" && (r.URL.Path == "/api/v1/materials/import" || chatPostPath.MatchString(r.URL.Path))) {
				s.writeJSON(w, http.StatusUnsupportedMediaType, map[string]any{"error": s.msgs.T(langFrom(r), "error.json.content_type")})
				return
			}
			next.ServeHTTP(w, r)
			return
		}
		if r.Header.Get("Origin") != "" || r.Header.Get("Sec-Fetch-Site") != "" {
			next.ServeHTTP(w, r) // checked by http.CrossOriginProtection
			return
		}
		err := s.readPost(w, r)
		if r.MultipartForm != nil {
			// Files over 1 MB went to the disk while the token was looked
			// for; they go when this request is done, whatever the answer.
			defer r.MultipartForm.RemoveAll()
		}
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		got := r.PostForm.Get("csrf")
		for _, t := range valid {
			if got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(t)) == 1 {
				next.ServeHTTP(w, r)
				return
			}
		}
		s.crossOriginDenied(w, r)
	})
}

// readPost reads a posted body as its handler would, with the same
// bounds, so the token can be checked; the handler then finds it read.
func (s *Server) readPost(w http.ResponseWriter, r *http.Request) error {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
		r.Body = http.MaxBytesReader(w, r.Body, uploadLimit(r))
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return errTooLarge
			}
			return nil // no token: refused
		}
		return nil
	}
	return parseForm(w, r)
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}
