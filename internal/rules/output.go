package rules

import (
	"unicode"

	"github.com/huoshui/huoshui"
)

// The output registry's rules: how a drafted document's characters are
// counted, and which levels count as "provincial or higher".

// CountCharacters counts a text as Word's 字数 does for Chinese: every
// Han character and every full-width or Chinese punctuation mark counts
// one, and each run of Latin letters or digits (with whatever joins them:
// COVID-19, 3.5, e-mail) counts one, as a word. Spaces, line breaks and
// ASCII punctuation standing alone count nothing. So "2026年工作要点。"
// is 1 + 5 + 1 = 7, as Word says.
func CountCharacters(text string) int {
	n := 0
	inWord, wordHasAlnum := false, false
	endWord := func() {
		if inWord && wordHasAlnum {
			n++
		}
		inWord, wordHasAlnum = false, false
	}
	for _, r := range text {
		switch {
		case unicode.IsSpace(r):
			endWord()
		case eastAsian(r):
			endWord()
			n++
		default:
			inWord = true
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				wordHasAlnum = true
			}
		}
	}
	endWord()
	return n
}

// eastAsian reports whether r counts as one character on its own: a Han
// character, kana or Hangul, Chinese punctuation (、。《》「」【】 and the
// rest of U+3000–U+303F but the ideographic space, which is a space), the
// full-width forms (，：；！？（）and full-width letters and digits), and
// the marks a Chinese text sets in full width: “ ” ‘ ’ … — ·.
func eastAsian(r rune) bool {
	switch {
	case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul):
		return true
	case r >= 0x3001 && r <= 0x303F:
		return true
	case r >= 0xFF01 && r <= 0xFFEF:
		return true
	}
	switch r {
	case '“', '”', '‘', '’', '…', '—', '·', '–', '￥':
		return true
	}
	return false
}

// AtLeastProvincial reports whether a publication or an award of level l
// is provincial or national: what the branch's results count as "省级以上".
func AtLeastProvincial(l huoshui.OutputLevel) bool {
	return l == huoshui.LevelNational || l == huoshui.LevelProvincial
}
