package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
)

type ctxKey int

const (
	keyUser ctxKey = iota
	keySession
	keyLang
	keyRequestID
	keyNotes
)

// requestNotes is what a request learns on its way that the page it ends
// in shows, whichever handler renders it: a problem with the input that
// no single field can show.
type requestNotes struct {
	problem string
}

// noteProblem leaves msg for the page this request renders (Page.Problem).
func noteProblem(ctx context.Context, msg string) {
	if n, ok := ctx.Value(keyNotes).(*requestNotes); ok {
		n.problem = msg
	}
}

func userFrom(ctx context.Context) *huoshui.User {
	u, _ := ctx.Value(keyUser).(*huoshui.User)
	return u
}

func sessionFrom(ctx context.Context) *huoshui.Session {
	s, _ := ctx.Value(keySession).(*huoshui.Session)
	return s
}

func requestID(ctx context.Context) string {
	id, _ := ctx.Value(keyRequestID).(string)
	return id
}

func langFrom(r *http.Request) string {
	if l, ok := r.Context().Value(keyLang).(string); ok {
		return l
	}
	return "zh"
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// statusWriter remembers the status for the access log.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// withBasics gives each request an id, safe headers, a recovered panic and
// an access log line.
func (s *Server) withBasics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := newRequestID()
		ctx := context.WithValue(r.Context(), keyRequestID, id)
		ctx = context.WithValue(ctx, keyNotes, &requestNotes{})
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'")
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "id", id, "path", r.URL.Path, "panic", v)
				if sw.code == 0 {
					http.Error(sw, s.msgs.T(langFrom(r), "error.internal")+" ("+id+")", http.StatusInternalServerError)
				}
			}
			s.log.Info("request", "id", id, "method", r.Method, "path", r.URL.Path, "status", sw.code,
				"ms", float64(time.Since(start).Microseconds())/1000)
		}()
		next.ServeHTTP(sw, r.WithContext(ctx))
	})
}

func newRequestID() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}

const sessionCookie = "huoshui_session"

// touchEvery is how stale a session's last-seen time may get before a
// request writes it again: the idle limit stays exact to a minute while
// busy pages rarely write.
const touchEvery = time.Minute

// withSession finds the signed-in user, if any, and the interface
// language; a user who must change their password is sent to do so first.
func (s *Server) withSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		var user *huoshui.User
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" && !strings.HasPrefix(r.URL.Path, "/static/") {
			hash := auth.HashToken(c.Value)
			sess, u, err := s.store.FindSession(ctx, hash)
			switch {
			case err == nil:
				user = u
				ctx = context.WithValue(ctx, keyUser, u)
				ctx = context.WithValue(ctx, keySession, sess)
				if now := s.now(); now.Sub(sess.LastSeenAt) > touchEvery {
					s.touches.touch(hash, now) // written with others arriving together (session_touch.go)
				}
			case errors.Is(err, huoshui.ErrNotFound):
				s.clearSessionCookie(w, r)
			default:
				s.log.Error("find session", "id", requestID(ctx), "err", err)
			}
		}
		lang := ""
		if user != nil && validLang(user.Locale) {
			lang = user.Locale
		} else if c, err := r.Cookie("lang"); err == nil && validLang(c.Value) {
			lang = c.Value
		} else {
			lang = pickLang(r.Header.Get("Accept-Language"))
		}
		ctx = context.WithValue(ctx, keyLang, lang)
		if ve := checkText(r.URL.Query(), lengthCheckedSearch(r.URL.Path)...); r.URL.RawQuery != "" && ve != nil {
			if isAPI(r) {
				s.apiError(w, r.WithContext(ctx), ve)
			} else {
				s.pageError(w, r.WithContext(ctx), ve)
			}
			return
		}
		if user != nil && user.MustChangePassword && !passwordExempt(r.URL.Path) {
			if isAPI(r) {
				s.writeJSON(w, http.StatusForbidden, map[string]any{"error": s.msgs.T(lang, "password.must_change")})
				return
			}
			http.Redirect(w, r, "/password", http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func passwordExempt(path string) bool {
	return path == "/password" || path == "/logout" || path == "/lang" || path == "/healthz" || strings.HasPrefix(path, "/static/")
}

// secure reports whether the browser reached us over TLS: directly, through
// a trusted proxy that says so, or as configured.
func (s *Server) secure(r *http.Request) bool {
	return s.deps.SecureCookies || r.TLS != nil ||
		(s.trusted(peerAddr(r)) && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https"))
}

func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: s.secure(r), SameSite: http.SameSiteLaxMode, MaxAge: int(huoshui.SessionAbsolute.Seconds())})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Path: "/", HttpOnly: true, Secure: s.secure(r),
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// loopback is whom --trust-proxy trusts when no proxies are listed: a
// proxy on the same machine.
var loopback = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}

// trusted reports whether addr is one of the trusted reverse proxies.
func (s *Server) trusted(addr netip.Addr) bool {
	if !s.deps.TrustProxy || !addr.IsValid() {
		return false
	}
	proxies := s.deps.TrustedProxies
	if len(proxies) == 0 {
		proxies = loopback
	}
	for _, p := range proxies {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// peerAddr is the address of whoever opened the connection.
func peerAddr(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, _ := netip.ParseAddr(host)
	return a.Unmap()
}

// clientIP is the address a change is recorded from and sign-ins are
// throttled by. Behind trusted proxies it is the address the outermost
// trusted proxy saw: X-Forwarded-For is read from the right (each proxy
// appends the address it saw), skipping the trusted proxies themselves;
// whatever a client wrote further left is never believed.
func (s *Server) clientIP(r *http.Request) string {
	addr := peerAddr(r)
	if !addr.IsValid() {
		return r.RemoteAddr
	}
	if !s.trusted(addr) {
		return addr.String()
	}
	var hops []string
	for _, h := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(h, ",")...)
	}
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := parseHop(hops[i])
		if err != nil {
			// Not an address: the hop that passed it on is the last
			// one we can vouch for.
			break
		}
		addr = a.Unmap()
		if !s.trusted(addr) {
			break
		}
	}
	return addr.String()
}

// parseHop reads one hop of X-Forwarded-For: an address, or an address
// with the port it came from ("203.0.113.7:51234", "[2001:db8::7]:443"),
// as IIS and some load balancers write it.
func parseHop(h string) (netip.Addr, error) {
	h = strings.TrimSpace(h)
	a, err := netip.ParseAddr(h)
	if err != nil {
		ap, perr := netip.ParseAddrPort(h)
		if perr != nil {
			return netip.Addr{}, err
		}
		a = ap.Addr()
	}
	// A zone ("%eth0") names an interface of the proxy, not the client,
	// and is any text at all: it never reaches the audit trail.
	return a.WithZone(""), nil
}

// actor is who makes the change this request asks for.
func (s *Server) actor(r *http.Request) huoshui.Actor {
	a := huoshui.Actor{IP: s.clientIP(r)}
	if u := userFrom(r.Context()); u != nil {
		a.UserID, a.Username = u.ID, u.Username
	}
	return a
}
