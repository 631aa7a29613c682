package clean

import (
	_ "embed"
	"strings"
	"sync"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// t2sData is OpenCC's Traditional → Simplified character table (Apache
// License 2.0; see the file's header).
//
//go:embed t2s.txt
var t2sData string

// freqData is about 1,200 of the most frequent characters (see its header).
//
//go:embed freq.txt
var freqData string

// Character tiers: how likely a Han character is in a news article.
const (
	tierRare   = 1 // a Han character outside GB2312 and its Traditional forms
	tierLevel2 = 2 // GB2312's second level (less common), or a Traditional form of one
	tierCommon = 3 // GB2312's first level (the 3,755 common characters), or a Traditional form of one
	tierTop    = 4 // among the most frequent characters (freq.txt), or a Traditional form of one
)

var tables = sync.OnceValue(func() *charTables {
	t := &charTables{t2s: make(map[rune]rune, 3300)}
	for _, line := range strings.Split(t2sData, "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		for _, pair := range strings.Fields(line) {
			rs := []rune(pair)
			if len(rs) == 2 {
				t.t2s[rs[0]] = rs[1]
			}
		}
	}
	for tr, s := range t.t2s {
		if tr >= 0x3400 && tr <= 0x9FFF {
			t.bmp[tr-0x3400] = s
		}
	}
	// GB2312 rows 16–55 are the first level, 56–87 the second; decoding
	// every code point of them gives the two sets without a data file.
	dec := simplifiedchinese.GB18030.NewDecoder()
	for row := 0xB0; row <= 0xF7; row++ {
		tier := uint8(tierCommon)
		if row >= 0xD8 {
			tier = tierLevel2
		}
		for col := 0xA1; col <= 0xFE; col++ {
			out, err := dec.Bytes([]byte{byte(row), byte(col)})
			if err != nil {
				continue
			}
			for _, r := range string(out) {
				if r >= 0x4E00 && r <= 0x9FFF {
					t.han[r-0x4E00] = tier
				}
			}
		}
	}
	for _, line := range strings.Split(freqData, "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		for _, r := range line {
			if r >= 0x4E00 && r <= 0x9FFF {
				t.han[r-0x4E00] = tierTop
			}
		}
	}
	for tr, s := range t.t2s {
		if tr >= 0x4E00 && tr <= 0x9FFF && s >= 0x4E00 && s <= 0x9FFF && t.han[tr-0x4E00] == 0 {
			t.han[tr-0x4E00] = t.han[s-0x4E00]
		}
	}
	return t
})

type charTables struct {
	t2s map[rune]rune
	han [0x9FFF - 0x4E00 + 1]uint8
	// bmp is t2s for the Han blocks of the BMP, the hot path.
	bmp [0x9FFF - 0x3400 + 1]rune
}

// simplified is the Simplified form of r, and whether it has one.
func (t *charTables) simplified(r rune) (rune, bool) {
	if r >= 0x3400 && r <= 0x9FFF {
		s := t.bmp[r-0x3400]
		return s, s != 0
	}
	if r < 0x3400 {
		return 0, false
	}
	s, ok := t.t2s[r]
	return s, ok
}

// hanTier is r's tier; 0 when r is not a Han character of the basic block.
func hanTier(r rune) uint8 {
	if r < 0x4E00 || r > 0x9FFF {
		if r >= 0x3400 && r <= 0x4DBF || r >= 0x20000 && r <= 0x3FFFF || r >= 0xF900 && r <= 0xFAFF {
			return tierRare
		}
		return 0
	}
	t := tables().han[r-0x4E00]
	if t == 0 {
		return tierRare
	}
	return t
}

// commonPunct is the punctuation of ordinary Chinese prose.
const commonPunct = "。，、；：？！“”‘’《》（）—…·「」『』【】〈〉"

// runeScore is how likely r is in an article: positive for common
// characters and punctuation, negative for rare ones and for symbols that
// a misread byte stream produces.
func runeScore(r rune) int {
	switch hanTier(r) {
	case tierTop:
		return 3
	case tierCommon:
		return 1
	case tierLevel2:
		return -1
	case tierRare:
		return -4
	}
	switch {
	case r < 0x80:
		return 0
	case strings.ContainsRune(commonPunct, r):
		return 1
	case r == '□':
		return 0
	case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
		return 0
	case r == 0x3000:
		return -3
	}
	return -5
}

// isTraditional reports whether text is written in Traditional characters:
// enough of its Han characters have a different Simplified form.
func isTraditional(text string) bool {
	t := tables()
	han, trad := 0, 0
	for _, r := range text {
		if r < 0x3400 {
			continue
		}
		if hanTier(r) != 0 {
			han++
		}
		if _, ok := t.simplified(r); ok {
			trad++
		}
	}
	return trad >= 2 && trad*50 >= han
}

// toSimplified converts each Traditional character of s to its Simplified form.
func toSimplified(s string) string {
	t := tables()
	first := -1
	for i, r := range s {
		if _, ok := t.simplified(r); ok {
			first = i
			break
		}
	}
	if first < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:first])
	for _, r := range s[first:] {
		if sr, ok := t.simplified(r); ok {
			r = sr
		}
		b.WriteRune(r)
	}
	return b.String()
}
