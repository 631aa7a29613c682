package auth

import (
	"errors"
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
)

func TestCheckNewPassword(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		password string
		code     string // "" when accepted
	}{
		{"Woaini1314", "password.common"},
		{"WOAINI@1314", "password.common"},
		{"Qq123456", "password.common"},
		{"Aa123456", "password.common"},
		{"Abc@123456", "password.common"},
		{"P@ssw0rd", "password.common"},
		{"1qaz@WSX", "password.common"},
		{"Zhang1988!", "password.common"},
		{"Huoshui@2026", "password.common"},
		{"Iloveyou520", "password.common"},
		{strings.Repeat("Aa1#", 32) + "x", "password.long"},
		{strings.Repeat("Aa1#", 32), ""},
		{"Xinmima#2026", ""},
		{"Lan-Tian-Bai-Yun-7", ""},
		{"abcdefgh", "password.kinds"},
	} {
		err := CheckNewPassword(c.password, "liming")
		var ve *huoshui.ValidationError
		switch {
		case c.code == "" && err != nil:
			t.Errorf("%.20s: refused: %v", c.password, err)
		case c.code != "" && (!errors.As(err, &ve) || ve.Fields[0].Code != c.code):
			t.Errorf("%.20s: %v, want %s", c.password, err, c.code)
		}
	}
}

func TestCommonListIsLoaded(t *testing.T) {
	t.Parallel()
	if n := len(common()); n < 5000 {
		t.Errorf("%d common passwords, want thousands", n)
	}
	for _, p := range []string{"123456", "5201314", "woaini1314", "qq123456", "a123456", "abc123", "password", "admin123",
		"000000", "888888", "666666", "147258369", "iloveyou", "1qaz2wsx", "qwertyuiop", "11111111", "19491001"} {
		if !IsCommonPassword(p) {
			t.Errorf("%s is not on the list", p)
		}
	}
}

func TestReused(t *testing.T) {
	t.Parallel()
	h1, _ := HashPassword("Xinmima#2026")
	h2, _ := HashPassword("Xinmima#2027")
	if !Reused("Xinmima#2027", []string{h1, h2}) || Reused("Xinmima#2028", []string{h1, h2}) || Reused("x", nil) {
		t.Error("Reused answers wrong")
	}
}

func TestResetCode(t *testing.T) {
	t.Parallel()
	a, ha, err := NewResetHalf()
	if err != nil {
		t.Fatal(err)
	}
	b, hb, _ := NewResetHalf()
	if len(a) != 9 || a[4] != '-' || a == b {
		t.Fatalf("halves %q %q", a, b)
	}
	for _, c := range []struct {
		code string
		ok   bool
	}{
		{a + b, true},
		{a + " " + b, true},
		{strings.ToLower(a + b), true},
		{b + a, false},
		{a, false},
		{b, false},
		{a + a, false},
		{"", false},
	} {
		if got := CheckResetCode(c.code, ha, hb); got != c.ok {
			t.Errorf("CheckResetCode(%q) = %v, want %v", c.code, got, c.ok)
		}
	}
	if CheckResetCode(a+b, ha, "") {
		t.Error("a code with no second half checks")
	}
}

// Symbols standing for letters ($ for s, @ for a, 0 for o…) and digits or
// letters typed with the input method in full-width mode are the same
// guesses: "Pa$$word1", "P@55w0rd" and "Password１２３" were accepted.
func TestCommonPasswordVariants(t *testing.T) {
	for _, p := range []string{"Pa$$word1", "P@55w0rd", "P4ssw0rd!", "Password１２３", "Ｐａｓｓｗｏｒｄ１２３", "Qwerty１２３!", "Pa$$w0rd123"} {
		if !IsCommonPassword(p) {
			t.Errorf("%s is taken for an uncommon password", p)
		}
	}
	for _, p := range []string{"Xinmima#2026", "Hx9$kq2@Lm", "D4ng-Zh1bu-2026"} {
		if IsCommonPassword(p) {
			t.Errorf("%s is taken for a common password", p)
		}
	}
}
