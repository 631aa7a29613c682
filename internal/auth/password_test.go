package auth

import (
	"strings"
	"testing"
)

func TestHashPassword(t *testing.T) {
	t.Parallel()
	h, err := HashPassword("Xinmima#2026")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q is not an argon2id PHC string", h)
	}
	if ok, err := CheckPassword(h, "Xinmima#2026"); !ok || err != nil {
		t.Errorf("right password refused: %v", err)
	}
	if ok, _ := CheckPassword(h, "Xinmima#2027"); ok {
		t.Errorf("wrong password accepted")
	}
	h2, _ := HashPassword("Xinmima#2026")
	if h == h2 {
		t.Errorf("two hashes of one password are equal: no salt")
	}
	for _, bad := range []string{"", "$argon2id$v=19$m=0,t=1,p=1$AA$AA", "$bcrypt$x", h[:len(h)-5] + "!!!!!"} {
		if ok, _ := CheckPassword(bad, "x"); ok {
			t.Errorf("malformed hash %q accepted", bad)
		}
	}
	if CheckPasswordOrDummy("", "anything") {
		t.Errorf("unknown user accepted")
	}
}

func TestNewToken(t *testing.T) {
	t.Parallel()
	a, ha, _ := NewToken()
	b, hb, _ := NewToken()
	if a == b || ha == hb || HashToken(a) != ha || len(a) < 40 {
		t.Errorf("tokens are not random or hashes do not match")
	}
}
