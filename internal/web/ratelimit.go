package web

import (
	"net/netip"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// loginLimiter throttles sign-in attempts per client address. The account
// lock stops guessing one account's password; this stops trying one
// password across many accounts. Each replica keeps its own counts, which
// is enough to slow a sprayer by the number of replicas at most.
type loginLimiter struct {
	mu      sync.Mutex
	every   rate.Limit
	burst   int
	clients map[string]*limitEntry
	sweep   time.Time
}

type limitEntry struct {
	lim  *rate.Limiter
	seen time.Time
}

// Sign-in attempts per address: a burst of 10, then one every 6 seconds
// (10 a minute) — far above what a person mistyping ever needs.
func newLoginLimiter() *loginLimiter {
	return &loginLimiter{every: rate.Every(6 * time.Second), burst: 10, clients: map[string]*limitEntry{}}
}

// allow reports whether addr may try to sign in at now.
func (l *loginLimiter) allow(addr string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.sweep) > 10*time.Minute {
		for k, e := range l.clients {
			if now.Sub(e.seen) > 10*time.Minute {
				delete(l.clients, k)
			}
		}
		l.sweep = now
	}
	key := clientKey(addr)
	e, ok := l.clients[key]
	if !ok {
		e = &limitEntry{lim: rate.NewLimiter(l.every, l.burst)}
		l.clients[key] = e
	}
	e.seen = now
	return e.lim.AllowN(now, 1)
}

// clientKey is whom an address's attempts are counted against: an IPv4
// address, or the /64 network of an IPv6 one (each client holds a /64 and
// may change address within it at will).
func clientKey(addr string) string {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return addr
	}
	a = a.WithZone("").Unmap()
	if a.Is4() {
		return a.String()
	}
	p, _ := a.Prefix(64)
	return p.String()
}
