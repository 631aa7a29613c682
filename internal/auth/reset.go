package auth

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"strings"
)

// A one-time sign-in code of a two-person reset is two halves of
// resetHalfLen characters, one shown to each administrator. Capitals and
// digits without look-alikes (0/O, 1/I), easy to read aloud: 40 bits a
// half, 80 in all, against five tries before the account locks.
const (
	resetAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	resetHalfLen  = 8
)

// SignInCodeLen is the length of a first sign-in code: 40 bits, against
// five tries before the account locks and seven days before it lapses.
const SignInCodeLen = 8

// NewSignInCode returns a first sign-in code of a new member account, as
// shown ("ABCD-EFGH") and as stored (an argon2id hash).
func NewSignInCode() (shown, hash string, err error) {
	shown, hash, err = NewResetHalf()
	return shown, hash, err
}

// CheckSignInCode reports whether code is the first sign-in code whose
// hash is hash. Case, spaces and dashes do not matter.
func CheckSignInCode(code, hash string) bool {
	c := strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\t' || r == '\u3000' {
			return -1
		}
		return r
	}, strings.ToUpper(code))
	if len(c) != SignInCodeLen || hash == "" {
		CheckPasswordOrDummy("", c)
		return false
	}
	return CheckPasswordOrDummy(hash, c)
}

// NewResetHalf returns one half of a sign-in code, as shown ("ABCD-EFGH")
// and as stored (an argon2id hash).
func NewResetHalf() (shown, hash string, err error) {
	n := big.NewInt(int64(len(resetAlphabet)))
	b := make([]byte, resetHalfLen)
	for i := range b {
		k, err := rand.Int(rand.Reader, n)
		if err != nil {
			return "", "", fmt.Errorf("auth: reset code: %w", err)
		}
		b[i] = resetAlphabet[k.Int64()]
	}
	if hash, err = HashPassword(string(b)); err != nil {
		return "", "", err
	}
	return string(b[:resetHalfLen/2]) + "-" + string(b[resetHalfLen/2:]), hash, nil
}

// CheckResetCode reports whether code is the two halves whose hashes are
// hashA and hashB, in that order. Case, spaces and dashes do not matter.
// Both halves are always checked, so the time says nothing of which one
// was wrong.
func CheckResetCode(code, hashA, hashB string) bool {
	c := strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\t' || r == '\u3000' {
			return -1
		}
		return r
	}, strings.ToUpper(code))
	if len(c) != 2*resetHalfLen || hashA == "" || hashB == "" {
		CheckPasswordOrDummy("", c)
		CheckPasswordOrDummy("", c)
		return false
	}
	okA := CheckPasswordOrDummy(hashA, c[:resetHalfLen])
	okB := CheckPasswordOrDummy(hashB, c[resetHalfLen:])
	return okA && okB
}
