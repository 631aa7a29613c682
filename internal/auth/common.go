package auth

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/huoshui/huoshui"
)

// MaxPasswordLen is the longest password accepted, in characters: long
// enough for any passphrase, short enough that nobody makes the server
// hash a megabyte.
const MaxPasswordLen = 128

// commonPasswords is the list of passwords attackers try first, shipped in
// the binary: pinyin and English words, family names, years, 520 and
// 1314, repeated digits, keyboard walks. One lower-case entry a line.
//
//go:embed common-passwords.txt
var commonPasswords string

var common = sync.OnceValue(func() map[string]struct{} {
	set := make(map[string]struct{}, 20000)
	for _, l := range strings.Split(commonPasswords, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			set[l] = struct{}{}
			set[alnum(l)] = struct{}{}
		}
	}
	return set
})

// alnum keeps only the letters and digits of s: "Admin@123" and
// "admin123" are the same guess to an attacker.
func alnum(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
}

// IsCommonPassword reports whether password is on the list of common
// passwords, ignoring case and symbols, characters typed in full-width
// mode, and digits and symbols standing for letters ("P@55w0rd").
func IsCommonPassword(password string) bool {
	l := strings.ToLower(halfWidth(password))
	set := common()
	for _, c := range []string{l, alnum(l), alnum(unleet(l))} {
		if _, ok := set[c]; ok {
			return true
		}
	}
	return false
}

// halfWidth turns full-width ASCII (what an input method in full-width
// mode types) into ASCII.
func halfWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 0xFF01 && r <= 0xFF5E {
			return r - 0xFEE0
		}
		return r
	}, s)
}

// leet is what a digit or symbol stands for inside a word.
var leet = map[byte]byte{'0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', '$': 's', '!': 'i'}

// unleet reads digits and symbols that stand between letters as the
// letters they stand for: "p@55w0rd123" is "password123" (the 123 is not
// inside a word, so it stays).
func unleet(s string) string {
	b := []byte(s)
	isLetter := func(c byte) bool { return c >= 'a' && c <= 'z' }
	for i := 0; i < len(b); {
		if _, ok := leet[b[i]]; !ok {
			i++
			continue
		}
		j := i
		for j < len(b) && leet[b[j]] != 0 {
			j++
		}
		if i > 0 && isLetter(b[i-1]) && j < len(b) && isLetter(b[j]) {
			for k := i; k < j; k++ {
				b[k] = leet[b[k]]
			}
		}
		i = j
	}
	return string(b)
}

// CheckNewPassword applies every rule for a password being set: the
// rules of huoshui.CheckPassword, at most MaxPasswordLen characters, and
// not one of the common passwords. Reuse of an account's recent
// passwords is checked by the caller against the account's history
// (Reused).
func CheckNewPassword(password, username string) error {
	v := &huoshui.ValidationError{}
	if utf8.RuneCountInString(password) > MaxPasswordLen {
		v.Add("password", "password.long", "Max", MaxPasswordLen)
		return v
	}
	if err := huoshui.CheckPassword(password, username); err != nil {
		return err
	}
	if IsCommonPassword(password) {
		v.Add("password", "password.common")
	}
	return v.Err()
}

// PasswordHistory is how many of an account's passwords may not be used
// again: the current one and the four before it.
const PasswordHistory = 5

// Reused reports whether password matches one of hashes (an account's
// recent password hashes, see store.RecentPasswordHashes). It costs one
// hash per entry, so callers check it only after the cheap rules pass.
func Reused(password string, hashes []string) bool {
	for _, h := range hashes {
		if ok, err := CheckPassword(h, password); err == nil && ok {
			return true
		}
	}
	return false
}
