package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
)

type loginPage struct {
	Page
	Form form
	Next string
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	next := localPath(r.URL.Query().Get("next"))
	if userFrom(r.Context()) != nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	return s.render(w, r, http.StatusOK, "login", &loginPage{Form: newForm(nil), Next: next})
}

// login checks a username and password. Five failures within 15 minutes
// lock the account for 30; a locked account is not even checked.
func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	lang := langFrom(r)
	f := newForm(cloneValues(r.PostForm))
	f.Values.Del("password") // never sent back to the browser
	p := &loginPage{Form: f, Next: localPath(r.PostForm.Get("next"))}
	username := strings.TrimSpace(r.PostForm.Get("username"))
	password := r.PostForm.Get("password")
	if username == "" {
		f.Fail("username", s.msgs.T(lang, "error.required"))
	}
	if password == "" {
		f.Fail("password", s.msgs.T(lang, "error.required"))
	}
	if f.Any() {
		return s.render(w, r, http.StatusUnprocessableEntity, "login", p)
	}
	a := s.actor(r)
	a.Username = username
	if !s.logins.allow(a.IP, s.now()) {
		f.Fail("form", s.msgs.T(lang, "login.too_many"))
		w.Header().Set("Retry-After", "60")
		return s.render(w, r, http.StatusTooManyRequests, "login", p)
	}
	u, err := s.store.FindUserByUsername(r.Context(), username)
	if err != nil && !errors.Is(err, huoshui.ErrNotFound) {
		return err
	}
	if err != nil || u.DisabledAt != nil {
		auth.CheckPasswordOrDummy("", password)
		if _, err := s.store.RecordLogin(r.Context(), a, nil, false); err != nil {
			return err
		}
		f.Fail("form", s.msgs.T(lang, "login.failed"))
		return s.render(w, r, http.StatusUnauthorized, "login", p)
	}
	a.UserID = u.ID
	now := s.now()
	ok := auth.CheckPasswordOrDummy(u.PasswordHash, password)
	reset, err := s.resetCodeFor(r, u, password, ok, now)
	if err != nil {
		return err
	}
	ok = ok || reset != nil
	// A locked account says so only to whoever types its right password:
	// a wrong guess gets the same answer as an unknown username, so the
	// lock tells nobody which usernames exist.
	if u.Locked(now) {
		if !ok {
			if _, err := s.store.RecordLogin(r.Context(), a, u, false); err != nil {
				return err
			}
			f.Fail("form", s.msgs.T(lang, "login.failed"))
			return s.render(w, r, http.StatusUnauthorized, "login", p)
		}
		f.Fail("form", s.msgs.T(lang, "login.locked", "Until", u.LockedUntil.In(chinaTime).Format("15:04")))
		return s.render(w, r, http.StatusLocked, "login", p)
	}
	if u, err = s.store.RecordLogin(r.Context(), a, u, ok); err != nil {
		return err
	}
	if reset != nil {
		// The code signs in once: a second use at the same moment fails.
		if err := s.store.UsePasswordReset(r.Context(), a, u.ID, reset.ID); errors.Is(err, huoshui.ErrNotFound) {
			ok = false
		} else if err != nil {
			return err
		}
	}
	if !ok {
		f.Fail("form", s.msgs.T(lang, "login.failed"))
		return s.render(w, r, http.StatusUnauthorized, "login", p)
	}
	token, hash, err := auth.NewToken()
	if err != nil {
		return err
	}
	sess := &huoshui.Session{TokenHash: hash, UserID: u.ID, IP: a.IP, UserAgent: huoshui.Truncate(r.UserAgent(), 200)}
	if err := s.store.CreateSession(r.Context(), sess); err != nil {
		return err
	}
	s.setSessionCookie(w, r, token)
	if u.MustChangePassword {
		http.Redirect(w, r, "/password", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, p.Next, http.StatusSeeOther)
	return nil
}

// resetCodeFor returns the account's approved two-person reset when
// password is its one-time sign-in code (and the password itself did not
// match), or nil. Only an account with such a reset pays for the check.
func (s *Server) resetCodeFor(r *http.Request, u *huoshui.User, password string, ok bool, now time.Time) (*huoshui.PasswordReset, error) {
	if ok {
		return nil, nil
	}
	p, err := s.store.FindPasswordReset(r.Context(), u.ID)
	if errors.Is(err, huoshui.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if !p.Approved() || p.Lapsed(now) {
		return nil, nil
	}
	if p.Kind == huoshui.ResetFirstSignIn {
		if !auth.CheckSignInCode(password, p.CodeAHash) {
			return nil, nil
		}
	} else if !auth.CheckResetCode(password, p.CodeAHash, p.CodeBHash) {
		return nil, nil
	}
	return p, nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if sess := sessionFrom(r.Context()); sess != nil {
		if err := s.store.Logout(r.Context(), s.actor(r), sess.TokenHash); err != nil {
			return err
		}
	}
	s.clearSessionCookie(w, r)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

type passwordPage struct {
	Page
	Form   form
	Forced bool
	// NoCurrent: the account has no password (it signed in with the
	// one-time code of a two-person reset), so none is asked for.
	NoCurrent bool
}

func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	return s.render(w, r, http.StatusOK, "password", &passwordPage{Form: newForm(nil), Forced: u.MustChangePassword,
		NoCurrent: u.PasswordHash == ""})
}

// changePassword lets a user set a new password, checking the current one
// and the password rules. Their other sessions end.
func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	return submit(s, w, r, formFlow[string]{
		Hide: []string{"current", "password", "confirm"},
		Read: func(v url.Values, ve *huoshui.ValidationError) (string, error) {
			current, next, confirm := v.Get("current"), v.Get("password"), v.Get("confirm")
			// A wrong current password counts like a wrong sign-in, so
			// nobody at a computer left signed in can guess it.
			if u.PasswordHash != "" && u.Locked(s.now()) {
				ve.Add("current", "password.current_locked")
				return next, nil
			}
			if u.PasswordHash != "" && !auth.CheckPasswordOrDummy(u.PasswordHash, current) {
				ve.Add("current", "password.current_wrong")
				if _, err := s.store.RecordLogin(r.Context(), s.actor(r), u, false); err != nil {
					return next, err
				}
			}
			if !ve.Merge(auth.CheckNewPassword(next, u.Username)) && next == current {
				ve.Add("password", "password.same")
			}
			if confirm != next {
				ve.Add("confirm", "password.mismatch")
			}
			if ve.Has("password") {
				return next, nil
			}
			recent, err := s.store.RecentPasswordHashes(r.Context(), u.ID, auth.PasswordHistory)
			if err != nil {
				return next, err
			}
			if auth.Reused(next, recent) {
				ve.Add("password", "password.reused", "N", auth.PasswordHistory)
			}
			return next, nil
		},
		Save: func(next string) error {
			hash, err := auth.HashPassword(next)
			if err != nil {
				return err
			}
			return s.store.SetPassword(r.Context(), s.actor(r), u.ID, hash, false, sessionFrom(r.Context()).TokenHash)
		},
		Page: func(code int, f form) error {
			return s.render(w, r, code, "password", &passwordPage{Form: f, Forced: u.MustChangePassword, NoCurrent: u.PasswordHash == ""})
		},
		Flash: "password.changed",
		Next:  func(string) string { return "/" },
	})
}

// setLang switches the interface language: remembered on the account when
// signed in, in a cookie otherwise.
func (s *Server) setLang(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	l := r.PostForm.Get("lang")
	if !validLang(l) {
		l = "zh"
	}
	if u := userFrom(r.Context()); u != nil {
		if err := s.store.SetLocale(r.Context(), u.ID, l); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: "lang", Value: l, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, localPath(r.PostForm.Get("next")), http.StatusSeeOther)
	return nil
}

// healthz answers 200 when the database answers.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if err := s.store.Ping(r.Context()); err != nil {
		s.log.Error("health", "err", err)
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}
