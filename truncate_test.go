package huoshui

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTruncate(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"abc", 5, "abc"},
		{"abcdef", 3, "abc"},
		{"中华人民共和国", 3, "中华人"},
		{"中华人民共和国", 7, "中华人民共和国"},
		{"a中b", 2, "a中"},
		{"", 3, ""},
		{"abc", 0, ""},
		{"ab\xffcd", 10, "ab\uFFFDcd"},
	} {
		if got := Truncate(c.in, c.n); got != c.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
	long := strings.Repeat("浏览器", 200)
	got := Truncate(long, 200)
	if !utf8.ValidString(got) || utf8.RuneCountInString(got) != 200 {
		t.Errorf("Truncate of a long Chinese text: %d runes, valid %v", utf8.RuneCountInString(got), utf8.ValidString(got))
	}
}
