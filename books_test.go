package huoshui

import "testing"

func TestParseISBN(t *testing.T) {
	for _, c := range []struct {
		in, want, code string
	}{
		{"978-7-01-017712-0", "9787010177120", ""},
		{"9787010177120", "9787010177120", ""},
		{"978 7 01 017712 0", "9787010177120", ""},
		{"９７８－７－０１－０１７７１２－０", "9787010177120", ""}, // full-width digits and hyphen
		{"7-01-003387-0", "9787010033877", ""},     // ISBN-10 → 13
		{"0-8044-2957-x", "9780804429573", ""},     // lower-case X check
		{"080442957X", "9780804429573", ""},
		{"978-7-01-017712-9", "", "isbn.check"}, // wrong check digit
		{"7-01-003387-3", "", "isbn.check"},
		{"97870101771", "", "isbn.length"},
		{"978701017712X", "", "isbn.chars"},
		{"X801-00338-7", "", "isbn.chars"},
		{"1234567890128", "", "isbn.prefix"},
		{"", "", "required"},
		{"书号", "", "isbn.length"},
	} {
		got, code := ParseISBN(c.in)
		if got != c.want || code != c.code {
			t.Errorf("ParseISBN(%q) = %q, %q; want %q, %q", c.in, got, code, c.want, c.code)
		}
	}
}

func TestBookValidate(t *testing.T) {
	b := &Book{OrgID: 1, ISBN: "７-01-003387-0", Title: "  习近平谈治国理政（第四卷） ", Author: "习近平", Tags: []string{"理论，党史、 理论"}}
	if err := b.Validate(); err != nil {
		t.Fatal(err)
	}
	if b.ISBN != "9787010033877" || b.Title != "习近平谈治国理政（第四卷）" || len(b.Tags) != 2 {
		t.Errorf("normalised %+v", b)
	}
	bad := &Book{OrgID: 1, ISBN: "978-7-01-017712-9", Author: "x"}
	v, _ := bad.Validate().(*ValidationError)
	if v == nil || !v.Has("isbn") || !v.Has("title") {
		t.Errorf("bad book: %v", bad.Validate())
	}
}

func TestCopyLabel(t *testing.T) {
	for _, c := range []struct {
		org  string
		n    int
		want string
	}{
		{"秘书处（督查处）党支部", 1, "秘书处-0001"},
		{"综合处党支部", 42, "综合处-0042"},
		{"机关党委", 12345, "机关-12345"},
	} {
		if got := CopyLabel(c.org, c.n); got != c.want {
			t.Errorf("CopyLabel(%q, %d) = %q, want %q", c.org, c.n, got, c.want)
		}
	}
}

func TestReadingNoteHours(t *testing.T) {
	for _, c := range []struct {
		min  int
		want float64
	}{{5, 0.5}, {30, 0.5}, {46, 1}, {60, 1}, {75, 1.5}, {120, 2}} {
		n := ReadingNote{Minutes: c.min}
		if got := n.Hours(); got != c.want {
			t.Errorf("%d minutes: %v hours, want %v", c.min, got, c.want)
		}
	}
}

// FuzzParseISBN: whatever is typed, ParseISBN either names a problem or
// answers a 13-digit ISBN that reads back as itself.
func FuzzParseISBN(f *testing.F) {
	for _, s := range []string{"978-7-01-017712-0", "7-01-003387-0", "080442957X", "９７８７０１０１７７１２０", "", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		isbn, code := ParseISBN(s)
		if code != "" {
			if isbn != "" {
				t.Fatalf("%q: problem %s with an ISBN %q", s, code, isbn)
			}
			return
		}
		if len(isbn) != 13 {
			t.Fatalf("%q: %q is not 13 digits", s, isbn)
		}
		if again, code := ParseISBN(isbn); again != isbn || code != "" {
			t.Fatalf("%q: %q reads back as %q %s", s, isbn, again, code)
		}
	})
}
