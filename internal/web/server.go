// Package web serves huoshui's pages and its JSON API. Handlers return
// error; one adapter (errors.go) turns errors into pages or JSON. Every
// route is in routes.go; every handler asks auth.Can before it reads or
// writes a record.
package web

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/huoshui/huoshui/internal/blob"
	"github.com/huoshui/huoshui/internal/checkin"
	"github.com/huoshui/huoshui/internal/store"
)

// Deps is what the server needs from outside.
type Deps struct {
	Store  *store.Store
	Logger *slog.Logger
	// SecureCookies marks cookies Secure (behind TLS).
	SecureCookies bool
	// TrustProxy reads the client address from X-Forwarded-For (and the
	// scheme from X-Forwarded-Proto) on requests from TrustedProxies.
	TrustProxy bool
	// MaxExportRows caps the rows of one Excel export (0: 100,000).
	MaxExportRows int
	// TrustedProxies are the reverse proxies' addresses; with TrustProxy
	// and none given, the loopback addresses.
	TrustedProxies []netip.Prefix
	// Files keeps the photos and files of meetings and study materials,
	// and lectures' slides. Without it uploads and downloads answer an
	// error.
	Files *blob.Store
	// KeptFragments is how many rendered pieces of pages (a member list's
	// table) are kept for the next reader (0: 2,048; -1: none, so that a
	// benchmark measures each page as read from the database).
	KeptFragments int
}

// Server holds what every handler shares. It has no globals: templates,
// messages and assets are loaded once in New.
type Server struct {
	store  *store.Store
	log    *slog.Logger
	deps   Deps
	now    func() time.Time
	tmpl   *templates
	msgs   *messages
	assets *assets
	logins *loginLimiter
	feeds  *loginLimiter // calendar feeds (calendar.go)
	kept   *fragments
	// signer signs and checks meetings' check-in codes with the
	// deployment's key; checkins groups check-ins into transactions.
	signer   *checkin.Signer
	checkins *checkinBatcher
	// files keeps attachments' bytes (meeting_attachments.go,
	// material_attachments.go, lecture_slides.go); photos
	// takes turns at decoding pictures, which need tens of megabytes each.
	files   *blob.Store
	photos  chan struct{}
	touches *touchBatcher // sessions' last-seen times, written together
	// chat is the group chat's live delivery (rooms_stream.go); chatPosts
	// limits how fast a person posts.
	chat      *chatFeed
	chatPosts *loginLimiter
}

// New builds the server and its handler. It parses every template and
// message file now, so a broken one stops the start, not a request.
func New(d Deps) (*Server, http.Handler, error) {
	// One clock for the whole server: the store's, which tests move.
	s := &Server{store: d.Store, log: d.Logger, deps: d, now: d.Store.Now, logins: newLoginLimiter(),
		feeds: newFeedLimiter(), kept: newFragments(cmp.Or(d.KeptFragments, 2048)), files: d.Files, photos: make(chan struct{}, photoSlots),
		chat: newChatFeed(), chatPosts: newChatLimiter()}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	var err error
	if s.assets, err = loadAssets(); err != nil {
		return nil, nil, fmt.Errorf("web: assets: %w", err)
	}
	if s.msgs, err = loadMessages(); err != nil {
		return nil, nil, fmt.Errorf("web: messages: %w", err)
	}
	if s.tmpl, err = parseTemplates(s.assets); err != nil {
		return nil, nil, fmt.Errorf("web: templates: %w", err)
	}
	key, err := d.Store.ServerKey(context.Background(), "checkin")
	if err != nil {
		return nil, nil, fmt.Errorf("web: %w", err)
	}
	if s.signer, err = checkin.NewSigner(key); err != nil {
		return nil, nil, fmt.Errorf("web: %w", err)
	}
	s.checkins = &checkinBatcher{store: d.Store}
	s.touches = &touchBatcher{store: d.Store, log: s.log}
	mux := http.NewServeMux()
	s.routes(mux)
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(s.crossOriginDenied))
	h := s.withStyledMisses(mux)
	h = s.withCSRF(h)
	h = s.withSession(h)
	h = cop.Handler(h)
	h = s.withBasics(h)
	return s, h, nil
}
