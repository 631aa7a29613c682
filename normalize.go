package huoshui

import (
	"strings"
	"unicode"
)

// Text as people type it: Chinese input methods switch to full-width
// letters and digits (１３９…, Ａ), spaces come as U+3000 or doubled
// (高  峰), and LibreOffice shows a text cell that holds digits with a
// leading apostrophe ('320102…) that gets copied along. Every input path —
// the form, the API and the import — reaches the record through
// Member.Normalize, which uses these functions, so a name or a number is
// stored in one spelling and found by search.

// FoldWidth turns full-width ASCII (U+FF01–U+FF5E) into ASCII and the
// ideographic space U+3000 into a space. Other characters stay.
func FoldWidth(s string) string {
	if !strings.ContainsFunc(s, isWide) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\u3000':
			return ' '
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		}
		return r
	}, s)
}

func isWide(r rune) bool { return r == '\u3000' || (r >= 0xFF01 && r <= 0xFF5E) }

// NormalizeName folds full-width letters and spaces, trims, and drops
// spaces next to a Chinese character (高  峰 and 韩　东 are 高峰 and
// 韩东); other runs of spaces become one (Ahmat  Tursun is Ahmat Tursun).
func NormalizeName(s string) string {
	fields := strings.FieldsFunc(FoldWidth(s), unicode.IsSpace)
	var b strings.Builder
	for i, f := range fields {
		if i > 0 && !endsHan(fields[i-1]) && !startsHan(f) {
			b.WriteByte(' ')
		}
		b.WriteString(f)
	}
	return b.String()
}

func startsHan(s string) bool {
	for _, r := range s {
		return unicode.Is(unicode.Han, r)
	}
	return false
}

func endsHan(s string) bool {
	r := []rune(s)
	return len(r) > 0 && unicode.Is(unicode.Han, r[len(r)-1])
}

// NormalizeDigits is what an ID number or a phone number is made of once
// full-width digits are folded and every space and a leading apostrophe
// are gone.
func NormalizeDigits(s string) string {
	s = strings.Join(strings.FieldsFunc(FoldWidth(s), unicode.IsSpace), "")
	return strings.TrimLeft(s, "'‘’")
}

// NormalizePhone is NormalizeDigits without the dashes people put between
// groups of digits.
func NormalizePhone(s string) string {
	return strings.ReplaceAll(NormalizeDigits(s), "-", "")
}

// Problems text can have whatever the field; each is a message code.
const (
	TextControl = "text.control" // a control character (NUL, ESC, …)
	TextBidi    = "text.bidi"    // a character that reverses the text's direction
)

// CheckText reports what is wrong with text typed into a field: a control
// character (tab and newline are allowed where multiline is true, in a
// text area), or a bidi override or isolate (U+202A–U+202E,
// U+2066–U+2069), which can make a name read differently from how it
// sorts and is searched. It returns "" when the text is fine. PostgreSQL
// refuses NUL in text, so this check stands before every write.
func CheckText(s string, multiline bool) string {
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			if !multiline {
				return TextControl
			}
		case r < 0x20 || (r >= 0x7F && r <= 0x9F):
			return TextControl
		case (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069):
			return TextBidi
		}
	}
	return ""
}
