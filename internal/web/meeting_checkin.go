package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/checkin"
	"github.com/huoshui/huoshui/internal/store"
)

// checkinLead is how long before the start the check-in code opens.
const checkinLead = checkin.OpensBefore

// checkinURL is the address a meeting's QR code holds at now, and when the
// code is replaced. It is absolute, so a phone's camera opens it.
func (s *Server) checkinURL(r *http.Request, m *huoshui.Meeting, now time.Time) (string, time.Time) {
	code, expires := s.signer.Code(m.ID, now)
	scheme := "http"
	if r.TLS != nil || s.deps.SecureCookies || (s.deps.TrustProxy && r.Header.Get("X-Forwarded-Proto") == "https") {
		scheme = "https"
	}
	return fmt.Sprintf("%s://%s/checkin/%d?c=%s", scheme, r.Host, m.ID, url.QueryEscape(code)), expires
}

type checkinCodePage struct {
	Page
	M       *huoshui.Meeting
	URL     string
	QR      template.HTML
	Expires time.Time
	Refresh int // seconds until the page fetches the next code
	Closed  string
}

// meetingCheckinCode is the page an officer shows on the screen: the
// meeting's QR code, which changes every 30 seconds, and who has checked
// in so far. It reloads itself with each new code (no script needed).
func (s *Server) meetingCheckinCode(w http.ResponseWriter, r *http.Request) error {
	m, err := s.editableMeeting(r)
	if err != nil {
		return err
	}
	now := s.now()
	p := &checkinCodePage{M: m}
	if err := checkin.Open(m.StartsAt, m.EndsAt, now); err != nil || m.CancelledAt != nil {
		p.Closed = s.checkinProblem(langFrom(r), m, err)
		return s.render(w, r, http.StatusOK, "meeting_checkin", p)
	}
	p.URL, p.Expires = s.checkinURL(r, m, now)
	svg, err := checkin.QRSVG(p.URL)
	if err != nil {
		return err
	}
	p.QR = template.HTML(svg) // our own drawing: a rect and a path of squares
	p.Refresh = int(p.Expires.Sub(now).Seconds()) + 1
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, http.StatusOK, "meeting_checkin", p)
}

// apiCheckinCode answers POST /api/v1/meetings/{id}/checkin-code for an
// officer: the URL the QR code holds now and when it stops being shown.
func (s *Server) apiCheckinCode(w http.ResponseWriter, r *http.Request) error {
	m, err := s.editableMeeting(r)
	if err != nil {
		return err
	}
	now := s.now()
	if err := checkin.Open(m.StartsAt, m.EndsAt, now); err != nil || m.CancelledAt != nil {
		s.writeJSON(w, http.StatusConflict, map[string]any{"error": s.checkinProblem(langFrom(r), m, err)})
		return nil
	}
	u, expires := s.checkinURL(r, m, now)
	w.Header().Set("Cache-Control", "no-store")
	s.writeJSON(w, http.StatusOK, map[string]any{"url": u, "expires_at": expires.UTC()})
	return nil
}

// checkinProblem says why a check-in is not possible now, in lang.
func (s *Server) checkinProblem(lang string, m *huoshui.Meeting, err error) string {
	opens := m.StartsAt.Add(-checkinLead).In(huoshui.Shanghai).Format("2006-01-02 15:04")
	switch {
	case m.CancelledAt != nil:
		return s.msgs.T(lang, "checkin.cancelled")
	case errors.Is(err, checkin.ErrNotYet):
		return s.msgs.T(lang, "checkin.not_yet", "Opens", opens)
	case errors.Is(err, checkin.ErrClosed):
		return s.msgs.T(lang, "checkin.closed")
	case errors.Is(err, checkin.ErrExpired):
		return s.msgs.T(lang, "checkin.expired")
	case errors.Is(err, checkin.ErrOtherMeeting):
		return s.msgs.T(lang, "checkin.other_meeting")
	case errors.Is(err, checkin.ErrForged):
		return s.msgs.T(lang, "checkin.forged")
	case errors.Is(err, store.ErrNotInvited):
		return s.msgs.T(lang, "checkin.not_invited")
	}
	return s.msgs.T(lang, "checkin.malformed")
}

type checkinResultPage struct {
	Page
	M       *huoshui.Meeting
	OK      bool
	Already bool
	At      time.Time
	Problem string
}

// checkinVisit is where a member's phone lands after scanning: a signed-in
// invitee with a good code is marked present, once. A forged, expired or
// replayed code, a code outside the meeting's window, and someone not
// invited record nothing and are told why. Visiting the URL is the act
// (the brief's contract for scanners); the code itself, fresh and signed
// for this meeting, is what a cross-site request could not forge.
func (s *Server) checkinVisit(w http.ResponseWriter, r *http.Request) error {
	m, err := s.findVisibleMeeting(r)
	if err != nil {
		return err
	}
	u := userFrom(r.Context())
	lang := langFrom(r)
	now := s.now()
	p := &checkinResultPage{M: m}
	fail := func(code int, err error) error {
		p.Problem = s.checkinProblem(lang, m, err)
		return s.render(w, r, code, "checkin_result", p)
	}
	if m.CancelledAt != nil {
		return fail(http.StatusConflict, nil)
	}
	if err := s.signer.Verify(r.URL.Query().Get("c"), m.ID, now); err != nil {
		return fail(http.StatusUnprocessableEntity, err)
	}
	if err := checkin.Open(m.StartsAt, m.EndsAt, now); err != nil {
		return fail(http.StatusConflict, err)
	}
	if u.MemberID == 0 {
		return fail(http.StatusForbidden, store.ErrNotInvited)
	}
	res, err := s.checkins.add(r.Context(), store.CheckIn{MeetingID: m.ID, MemberID: u.MemberID, Actor: s.actor(r)})
	if err != nil {
		return err
	}
	if res.Err != nil {
		if errors.Is(res.Err, store.ErrNotInvited) {
			return fail(http.StatusForbidden, res.Err)
		}
		return res.Err
	}
	p.OK, p.Already, p.At = true, res.Already, res.At
	return s.render(w, r, http.StatusOK, "checkin_result", p)
}

// checkinBatcher groups the check-ins that arrive together into one
// transaction: at the start of an assembly thousands of phones scan within
// a second, and SQLite has one writer, so one commit per scan would queue
// them. A request waits for its batch's commit and answers only then —
// nothing acknowledged is lost. The loop runs while there is work and
// stops when idle, so a server holds no goroutine between meetings.
type checkinBatcher struct {
	store   *store.Store
	mu      sync.Mutex
	pending []checkinReq
	running bool
}

type checkinReq struct {
	c     store.CheckIn
	reply chan checkinReply
}

type checkinReply struct {
	res store.CheckInResult
	err error
}

// checkinBatchMax bounds one transaction; checkinWindow is how long the
// loop waits for company once a scan arrives.
const (
	checkinBatchMax = 500
	checkinWindow   = 2 * time.Millisecond
)

func (b *checkinBatcher) add(ctx context.Context, c store.CheckIn) (store.CheckInResult, error) {
	req := checkinReq{c: c, reply: make(chan checkinReply, 1)}
	b.mu.Lock()
	b.pending = append(b.pending, req)
	if !b.running {
		b.running = true
		go b.loop()
	}
	b.mu.Unlock()
	select {
	case rep := <-req.reply:
		return rep.res, rep.err
	case <-ctx.Done():
		// The batch may still commit; the member's next scan says so.
		return store.CheckInResult{}, ctx.Err()
	}
}

func (b *checkinBatcher) loop() {
	for {
		time.Sleep(checkinWindow)
		b.mu.Lock()
		batch := b.pending
		if len(batch) > checkinBatchMax {
			batch = batch[:checkinBatchMax]
		}
		b.pending = b.pending[len(batch):]
		if len(batch) == 0 {
			b.running = false
			b.mu.Unlock()
			return
		}
		b.mu.Unlock()
		cs := make([]store.CheckIn, len(batch))
		for i, req := range batch {
			cs[i] = req.c
		}
		// Its own context: one impatient phone must not fail the batch.
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		res, err := b.store.CheckIns(ctx, cs)
		cancel()
		for i, req := range batch {
			if err != nil {
				req.reply <- checkinReply{err: err}
			} else {
				req.reply <- checkinReply{res: res[i]}
			}
		}
	}
}
