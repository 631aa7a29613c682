package huoshui

import "testing"

func TestCheckIDNumber(t *testing.T) {
	t.Parallel()
	cases := []struct {
		id   string
		want string
	}{
		{"37010219850312002X", ""},              // check character X
		{"110101199003074477", ""},              // an ordinary valid number
		{"11010119900307447", IDNumberLength},   // 17 characters
		{"1101011990030744770", IDNumberLength}, // 19
		{"11010119900307447A", IDNumberChars},
		{"1101011990O307447X", IDNumberChars}, // letter O for zero
		{"990101199003074470", IDNumberRegion},
		{"110101199002304471", IDNumberBirth}, // 30 February
		{"110101180001014470", IDNumberBirth}, // before 1900
		{"110101199003074478", IDNumberChecksum},
		{"370102198503120021", IDNumberChecksum}, // X mistyped as 1
	}
	for _, c := range cases {
		if got := CheckIDNumber(c.id); got != c.want {
			t.Errorf("CheckIDNumber(%q) = %q, want %q", c.id, got, c.want)
		}
	}
}

func TestIDNumberBirthDateAndMasks(t *testing.T) {
	t.Parallel()
	if got := IDNumberBirthDate("37010219850312002X"); !got.Equal(NewDate(1985, 3, 12)) {
		t.Errorf("birth date %v, want 1985-03-12", got)
	}
	if got := MaskIDNumber("37010219850312002X"); got != "370102********002X" {
		t.Errorf("masked %q", got)
	}
	if got := MaskPhone("13768152137"); got != "137****2137" {
		t.Errorf("masked phone %q", got)
	}
}

// FuzzCheckIDNumber: whatever is typed, the validator answers without
// panicking, and anything it accepts really has 18 characters, a real
// birth date and a matching check character.
func FuzzCheckIDNumber(f *testing.F) {
	for _, s := range []string{"37010219850312002X", "110101199003074477", "", "X", "１１０１０１", "11010119900230447\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id := NormalizeIDNumber(s)
		if CheckIDNumber(id) != "" {
			return
		}
		if len(id) != 18 || IDNumberCheckChar(id[:17]) != id[17] || IDNumberBirthDate(id).IsZero() {
			t.Fatalf("accepted %q", id)
		}
	})
}
