// Package checkin makes and checks the QR codes that members scan to check
// in at a meeting (签到). An officer's screen shows a code that changes every
// 30 seconds; the member's phone opens a URL carrying it; the server verifies
// the code for the meeting in the URL and marks the member present.
//
// A code is signed with HMAC-SHA256 under a server key, bound to one meeting
// and to one 30-second step, so a code photographed and sent on, or an old
// screenshot, stops working within a minute. The package is pure: the key
// and the time are arguments; no database, no clock, no network.
package checkin

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"time"
)

// Step is how long one code is shown before the next replaces it.
const Step = 30 * time.Second

// OpensBefore is how long before a meeting starts check-in opens.
const OpensBefore = 30 * time.Minute

// MinKeyLen is the shortest key NewSigner accepts, in bytes.
const MinKeyLen = 32

// The errors Verify and Open return. The web layer turns each into a message
// for the member; the comments say what that message tells them.
var (
	// ErrMalformed: the link is incomplete or damaged (cut off when copied,
	// mistyped). The member is told the code could not be read and to scan
	// the code on the screen again.
	ErrMalformed = errors.New("checkin: malformed code")

	// ErrForged: the code was not made by this server for this moment (a
	// bad signature, another server's key, or a time too far ahead). The
	// member is told the code is not valid and to scan the code shown at
	// the meeting; nothing accuses them.
	ErrForged = errors.New("checkin: code not valid")

	// ErrOtherMeeting: a genuine code, but for another meeting than the one
	// in the link. The member is told the code belongs to another meeting
	// and to scan the code shown at the meeting they attend.
	ErrOtherMeeting = errors.New("checkin: code is for another meeting")

	// ErrExpired: a genuine code that is no longer shown (a photo sent on,
	// an old screenshot, a page left open). The member is told the code has
	// expired and to scan the code on the screen again.
	ErrExpired = errors.New("checkin: code expired")

	// ErrNotYet: check-in for the meeting has not opened. The member is
	// told check-in opens 30 minutes before the meeting starts, with the
	// time it opens.
	ErrNotYet = errors.New("checkin: not open yet")

	// ErrClosed: the meeting has ended and check-in with it. The member is
	// told check-in is closed and to ask the meeting's officer to record
	// their attendance.
	ErrClosed = errors.New("checkin: closed")
)

// Layout of a code before base64: version, meeting id (zigzag varint), step
// number (zigzag varint), then the first macLen bytes of
// HMAC-SHA256(key, label | version | meeting as 8 bytes | step as 8 bytes).
const (
	version = 1
	macLen  = 16
	label   = "huoshui/checkin/v1\x00"

	minRawLen = 1 + 1 + 1 + macLen
	maxRawLen = 1 + binary.MaxVarintLen64 + binary.MaxVarintLen64 + macLen
)

var enc = base64.RawURLEncoding.Strict()

// Signer makes and checks codes under one key. It is safe for concurrent use.
type Signer struct {
	key []byte
}

// NewSigner returns a Signer for key, which must be at least MinKeyLen (32)
// bytes of secret random data; the key is copied.
func NewSigner(key []byte) (*Signer, error) {
	if len(key) < MinKeyLen {
		return nil, errors.New("checkin: key shorter than 32 bytes")
	}
	return &Signer{key: append([]byte(nil), key...)}, nil
}

// stepOf is the number of the 30-second step now falls in (Unix seconds
// divided by 30, rounded down).
func stepOf(now time.Time) int64 {
	sec := now.Unix()
	s := sec / int64(Step/time.Second)
	if sec%int64(Step/time.Second) < 0 {
		s--
	}
	return s
}

// Code returns the code for meetingID shown at now, and when it stops being
// shown: the end of now's 30-second step, in now's location.
func (s *Signer) Code(meetingID int64, now time.Time) (code string, expires time.Time) {
	step := stepOf(now)
	end := time.Unix((step+1)*int64(Step/time.Second), 0).In(now.Location())
	return s.codeAt(meetingID, step), end
}

func (s *Signer) codeAt(meetingID, step int64) string {
	raw := make([]byte, 0, maxRawLen)
	raw = append(raw, version)
	raw = binary.AppendVarint(raw, meetingID)
	raw = binary.AppendVarint(raw, step)
	raw = append(raw, s.mac(meetingID, step)...)
	return enc.EncodeToString(raw)
}

func (s *Signer) mac(meetingID, step int64) []byte {
	var msg [len(label) + 1 + 8 + 8]byte
	n := copy(msg[:], label)
	msg[n] = version
	binary.BigEndian.PutUint64(msg[n+1:], uint64(meetingID))
	binary.BigEndian.PutUint64(msg[n+9:], uint64(step))
	h := hmac.New(sha256.New, s.key)
	h.Write(msg[:])
	return h.Sum(nil)[:macLen]
}

// Verify checks a code presented at now against meetingID, the meeting named
// in the URL. It returns nil when the code is the one shown for that meeting
// in now's step, the step before (a scan made as the code turns) or the step
// after (a server clock slightly behind the one that made it). Otherwise:
// ErrMalformed for a code that is not one of ours in shape, ErrForged for a
// bad signature or a step further ahead, ErrOtherMeeting for a genuine code
// of another meeting, ErrExpired for a genuine code older than the previous
// step. Whether the meeting is open for check-in at all is Open's question.
func (s *Signer) Verify(code string, meetingID int64, now time.Time) error {
	gotMeeting, gotStep, gotMAC, err := parse(code)
	if err != nil {
		return err
	}
	if !hmac.Equal(gotMAC, s.mac(gotMeeting, gotStep)) {
		return ErrForged
	}
	if gotMeeting != meetingID {
		return ErrOtherMeeting
	}
	cur := stepOf(now)
	switch {
	case gotStep > cur && gotStep-cur > 1:
		return ErrForged
	case gotStep < cur && cur-gotStep > 1:
		return ErrExpired
	}
	return nil
}

// parse takes a code apart. It accepts only the exact bytes codeAt writes:
// the URL-safe alphabet without padding or line breaks, zero padding bits,
// and the shortest varints, so no two strings pass for one code.
func parse(code string) (meetingID, step int64, mac []byte, err error) {
	if len(code) < enc.EncodedLen(minRawLen) || len(code) > enc.EncodedLen(maxRawLen) {
		return 0, 0, nil, ErrMalformed
	}
	for i := 0; i < len(code); i++ {
		c := code[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return 0, 0, nil, ErrMalformed
		}
	}
	raw, err := enc.DecodeString(code)
	if err != nil || len(raw) < minRawLen || raw[0] != version {
		return 0, 0, nil, ErrMalformed
	}
	rest := raw[1:]
	meetingID, n := binary.Varint(rest)
	if n <= 0 || n != varintLen(meetingID) {
		return 0, 0, nil, ErrMalformed
	}
	rest = rest[n:]
	step, n = binary.Varint(rest)
	if n <= 0 || n != varintLen(step) {
		return 0, 0, nil, ErrMalformed
	}
	rest = rest[n:]
	if len(rest) != macLen {
		return 0, 0, nil, ErrMalformed
	}
	return meetingID, step, rest, nil
}

func varintLen(x int64) int {
	var buf [binary.MaxVarintLen64]byte
	return binary.PutVarint(buf[:], x)
}

// Open says whether check-in is open at now for a meeting from startsAt to
// endsAt: it opens OpensBefore (30 minutes) before the start, inclusive, and
// closes at the end, exclusive. Before that window it returns ErrNotYet;
// from endsAt on, ErrClosed.
func Open(startsAt, endsAt, now time.Time) error {
	if now.Before(startsAt.Add(-OpensBefore)) {
		return ErrNotYet
	}
	if !now.Before(endsAt) {
		return ErrClosed
	}
	return nil
}
