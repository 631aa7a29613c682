package huoshui

import (
	"strings"
	"unicode/utf8"
)

// Truncate cuts s to at most n characters (runes, never bytes: a Chinese
// character is three bytes and cutting inside it leaves text PostgreSQL
// refuses). Bytes that are not UTF-8 become U+FFFD first, so the result is
// always valid text. Every place that shortens text for storage or display
// uses this one function.
func Truncate(s string, n int) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if n <= 0 {
		return ""
	}
	if len(s) <= n { // n bytes hold at most n runes
		return s
	}
	i := 0
	for k := range s {
		if i == n {
			return s[:k]
		}
		i++
	}
	return s
}
