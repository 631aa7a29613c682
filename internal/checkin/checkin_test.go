package checkin

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"math"
	"testing"
	"time"
)

var (
	testKey  = bytes.Repeat([]byte("k"), 32)
	otherKey = bytes.Repeat([]byte("o"), 32)
	// A Saturday afternoon meeting, in Shanghai time (UTC+8).
	shanghai = time.FixedZone("CST", 8*3600)
	t0       = time.Date(2026, 3, 14, 14, 30, 0, 0, shanghai)
)

func signer(t testing.TB, key []byte) *Signer {
	t.Helper()
	s, err := NewSigner(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestNewSignerKeyLength(t *testing.T) {
	t.Parallel()
	cases := []struct {
		n      int
		wantOK bool
	}{
		{0, false}, {16, false}, {31, false}, {32, true}, {64, true},
	}
	for _, c := range cases {
		_, err := NewSigner(make([]byte, c.n))
		if got := err == nil; got != c.wantOK {
			t.Errorf("NewSigner(%d bytes): err = %v, want ok = %v", c.n, err, c.wantOK)
		}
	}
}

// The signer keeps its own copy: a caller that zeroes its buffer after
// NewSigner does not change the codes.
func TestNewSignerCopiesKey(t *testing.T) {
	t.Parallel()
	key := bytes.Clone(testKey)
	s := signer(t, key)
	clear(key)
	code, _ := s.Code(7, t0)
	want, _ := signer(t, testKey).Code(7, t0)
	if code != want {
		t.Errorf("code after clearing the caller's key = %q, want %q", code, want)
	}
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	s := signer(t, testKey)
	cases := []struct {
		name    string
		meeting int64
		now     time.Time
	}{
		{"meeting start", 7, t0},
		{"last second of a step", 7, t0.Add(29*time.Second + 999*time.Millisecond)},
		{"next step", 7, t0.Add(Step)},
		{"a year later", 123456, t0.AddDate(1, 0, 0)},
		{"UTC clock", 1, t0.UTC()},
		{"year 2100", 42, time.Date(2100, 12, 31, 23, 59, 59, 0, shanghai)},
		{"largest id", math.MaxInt64, t0},
		{"id zero", 0, t0},
		{"before 1970", 9, time.Date(1969, 12, 31, 23, 59, 45, 0, time.UTC)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			code, expires := s.Code(c.meeting, c.now)
			if err := s.Verify(code, c.meeting, c.now); err != nil {
				t.Errorf("Verify(Code(%d, %v)) = %v, want nil", c.meeting, c.now, err)
			}
			if len(code) > 48 {
				t.Errorf("code %q is %d characters, want at most 48", code, len(code))
			}
			if !expires.After(c.now) || expires.Sub(c.now) > Step {
				t.Errorf("expires = %v, want within %v after %v", expires, Step, c.now)
			}
			if expires.Unix()%30 != 0 {
				t.Errorf("expires = %v, want the end of a 30-second step", expires)
			}
			if expires.Location() != c.now.Location() {
				t.Errorf("expires in %v, want %v", expires.Location(), c.now.Location())
			}
			if again, _ := s.Code(c.meeting, expires.Add(-time.Nanosecond)); again != code {
				t.Errorf("code just before expires = %q, want the same %q", again, code)
			}
			if next, _ := s.Code(c.meeting, expires); next == code {
				t.Errorf("code at expires = %q, want a new one", next)
			}
			if _, err := base64.RawURLEncoding.DecodeString(code); err != nil {
				t.Errorf("code %q is not URL-safe base64 without padding: %v", code, err)
			}
		})
	}
}

// What a member sees when the code shown at t0 is scanned later or earlier.
func TestVerifyWindow(t *testing.T) {
	t.Parallel()
	s := signer(t, testKey)
	code, _ := s.Code(7, t0) // t0 is the first second of its step
	cases := []struct {
		name string
		at   time.Time
		want error
	}{
		{"same step", t0.Add(10 * time.Second), nil},
		{"scanned as the code turns", t0.Add(Step), nil},
		{"end of the grace step", t0.Add(2*Step - time.Second), nil},
		{"two steps later", t0.Add(2 * Step), ErrExpired},
		{"an old screenshot", t0.Add(time.Hour), ErrExpired},
		{"server a step behind", t0.Add(-Step), nil},
		{"server just under a step behind", t0.Add(-time.Second), nil},
		{"two steps in the future", t0.Add(-Step - time.Second), ErrForged},
		{"far future", t0.Add(-time.Hour), ErrForged},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := s.Verify(code, 7, c.at); got != c.want {
				t.Errorf("Verify at %v = %v, want %v", c.at.Sub(t0), got, c.want)
			}
		})
	}
}

func TestVerifyWrongMeetingOrKey(t *testing.T) {
	t.Parallel()
	s := signer(t, testKey)
	code7, _ := s.Code(7, t0)
	foreign, _ := signer(t, otherKey).Code(7, t0)
	cases := []struct {
		name    string
		code    string
		meeting int64
		want    error
	}{
		{"meeting 7's code at meeting 8's URL", code7, 8, ErrOtherMeeting},
		{"meeting 7's code at meeting -7's URL", code7, -7, ErrOtherMeeting},
		{"another server's code", foreign, 7, ErrForged},
		{"another server's code, other meeting", foreign, 8, ErrForged},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := s.Verify(c.code, c.meeting, t0); got != c.want {
				t.Errorf("Verify = %v, want %v", got, c.want)
			}
		})
	}
}

func TestVerifyMalformed(t *testing.T) {
	t.Parallel()
	s := signer(t, testKey)
	code, _ := s.Code(7, t0)
	raw, _ := base64.RawURLEncoding.DecodeString(code)
	reencode := func(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }
	withVersion := func(v byte) string {
		b := bytes.Clone(raw)
		b[0] = v
		return reencode(b)
	}
	// The meeting id 7 is one byte (zigzag 14); an overlong varint for the
	// same number, with the real MAC, must not pass for the code.
	overlong := append([]byte{raw[0], raw[1] | 0x80, 0x00}, raw[2:]...)

	cases := []struct {
		name string
		code string
	}{
		{"empty", ""},
		{"one letter", "A"},
		{"cut short", code[:len(code)-1]},
		{"cut in half", code[:len(code)/2]},
		{"one character more", code + "A"},
		{"padded", code + "=="},
		{"standard base64 alphabet", "+/" + code[2:]},
		{"a line break inside", code[:10] + "\n" + code[10:]},
		{"a space inside", code[:10] + " " + code[10:]},
		{"percent-encoded", "%41" + code},
		{"version 0", withVersion(0)},
		{"version 2", withVersion(2)},
		{"overlong meeting id", reencode(overlong)},
		{"MAC cut by one byte", reencode(raw[:len(raw)-1])},
		{"MAC one byte longer", reencode(append(bytes.Clone(raw), 0))},
		{"very long", string(bytes.Repeat([]byte("A"), 10000))},
		{"non-ASCII", "签到" + code},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := s.Verify(c.code, 7, t0); got != ErrMalformed {
				t.Errorf("Verify(%q) = %v, want ErrMalformed", c.code, got)
			}
		})
	}
}

// A code whose last character carries unused bits: changing those bits
// changes the string but not the bytes, and must still be refused.
func TestVerifyRefusesNonzeroPaddingBits(t *testing.T) {
	t.Parallel()
	s := signer(t, testKey)
	for id := int64(1); id < 40; id++ {
		code, _ := s.Code(id, t0)
		if len(code)%4 == 0 {
			continue // no spare bits
		}
		const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
		last := bytes.IndexByte([]byte(alphabet), code[len(code)-1])
		other := code[:len(code)-1] + string(alphabet[last^1])
		if err := s.Verify(other, id, t0); err == nil {
			t.Errorf("Verify(%q), a variant of %q, = nil, want an error", other, code)
		}
	}
}

// Flipping any one bit of a valid code, in its bytes or in its characters,
// never yields an accepted code.
func TestVerifyBitFlips(t *testing.T) {
	t.Parallel()
	s := signer(t, testKey)
	cases := []struct {
		meeting int64
		now     time.Time
	}{
		{7, t0},
		{300, t0.Add(time.Minute)},
		{math.MaxInt64, t0},
		{-5, t0},
	}
	for _, c := range cases {
		code, _ := s.Code(c.meeting, c.now)
		raw, _ := base64.RawURLEncoding.DecodeString(code)
		check := func(what, flipped string) {
			got := s.Verify(flipped, c.meeting, c.now)
			if got != ErrForged && got != ErrMalformed {
				t.Errorf("meeting %d, %s: Verify(%q) = %v, want ErrForged or ErrMalformed", c.meeting, what, flipped, got)
			}
		}
		for i := range raw {
			for bit := range 8 {
				b := bytes.Clone(raw)
				b[i] ^= 1 << bit
				check("byte flip", base64.RawURLEncoding.EncodeToString(b))
			}
		}
		for i := range len(code) {
			for bit := range 8 {
				b := []byte(code)
				b[i] ^= 1 << bit
				check("character flip", string(b))
			}
		}
	}
}

func TestCodesDiffer(t *testing.T) {
	t.Parallel()
	s := signer(t, testKey)
	seen := map[string]string{}
	for _, id := range []int64{1, 2, 7, 8, 1000} {
		for k := range 4 {
			at := t0.Add(time.Duration(k) * Step)
			code, _ := s.Code(id, at)
			what := fmt.Sprintf("meeting %d step +%d", id, k)
			if prev, ok := seen[code]; ok {
				t.Errorf("%s has the same code as %s: %q", what, prev, code)
			}
			seen[code] = what
		}
	}
}

func TestOpen(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 3, 14, 14, 30, 0, 0, shanghai)
	end := start.Add(90 * time.Minute)
	cases := []struct {
		name string
		now  time.Time
		want error
	}{
		{"the day before", start.AddDate(0, 0, -1), ErrNotYet},
		{"a second before it opens", start.Add(-30*time.Minute - time.Second), ErrNotYet},
		{"a nanosecond before it opens", start.Add(-30*time.Minute - time.Nanosecond), ErrNotYet},
		{"exactly 30 minutes before the start", start.Add(-30 * time.Minute), nil},
		{"at the start", start, nil},
		{"during", start.Add(45 * time.Minute), nil},
		{"a nanosecond before the end", end.Add(-time.Nanosecond), nil},
		{"exactly at the end", end, ErrClosed},
		{"after the end", end.Add(time.Minute), ErrClosed},
		{"same instant in UTC", start.Add(-30 * time.Minute).UTC(), nil},
		{"end in UTC", end.UTC(), ErrClosed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := Open(start, end, c.now); got != c.want {
				t.Errorf("Open at %v = %v, want %v", c.now, got, c.want)
			}
		})
	}
}

func FuzzVerify(f *testing.F) {
	s := signer(f, testKey)
	for _, id := range []int64{0, 1, 7, 8, 99999, math.MaxInt64, -1} {
		code, _ := s.Code(id, t0)
		f.Add(code, id, t0.Unix())
		f.Add(code, id+1, t0.Unix())
		f.Add(code, id, t0.Unix()+30)
		f.Add(code, id, t0.Unix()+90)
		f.Add(code, id, t0.Unix()-45)
		f.Add(code[:len(code)-1], id, t0.Unix())
	}
	foreign, _ := signer(f, otherKey).Code(7, t0)
	f.Add(foreign, int64(7), t0.Unix())
	f.Add("", int64(7), t0.Unix())
	f.Add("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", int64(0), int64(0))
	f.Add("AQ4A________________________________", int64(7), int64(math.MinInt64))
	f.Add("not a code at all", int64(7), int64(math.MaxInt64))

	sentinels := []error{ErrMalformed, ErrForged, ErrOtherMeeting, ErrExpired}
	f.Fuzz(func(t *testing.T, code string, meeting, unix int64) {
		now := time.Unix(unix, 0)
		err := s.Verify(code, meeting, now)
		if err != nil {
			known := false
			for _, e := range sentinels {
				known = known || err == e
			}
			if !known {
				t.Fatalf("Verify(%q, %d, %d) = %v, not one of the sentinel errors", code, meeting, unix, err)
			}
		} else {
			// Accepted: it must be the code Code makes for this meeting
			// in now's step, the one before or the one after.
			cur := stepOf(now)
			ok := false
			for _, step := range []int64{cur - 1, cur, cur + 1} {
				ok = ok || code == s.codeAt(meeting, step)
			}
			if !ok {
				t.Fatalf("Verify(%q, %d, %d) accepted a code Code did not make for that meeting and step", code, meeting, unix)
			}
		}
		// And the code of the moment is always accepted.
		if cur, _ := s.Code(meeting, now); s.Verify(cur, meeting, now) != nil {
			t.Fatalf("Verify(Code(%d, %d)) = %v, want nil", meeting, unix, s.Verify(cur, meeting, now))
		}
	})
}

func BenchmarkVerify(b *testing.B) {
	s := signer(b, testKey)
	code, _ := s.Code(12345, t0)
	for b.Loop() {
		if err := s.Verify(code, 12345, t0); err != nil {
			b.Fatal(err)
		}
	}
}
