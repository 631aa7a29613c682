package clean

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

var (
	// brTag is a line or paragraph break left in text.
	brTag = regexp.MustCompile(`(?i)<br\s*/?>|</?p(?:\s[^<>]*)?>`)
	// tag is any other tag left in text; cutTag a closing tag whose < was
	// swallowed by a misread byte before it (完成?/p>).
	tag    = regexp.MustCompile(`</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>`)
	cutTag = regexp.MustCompile(`(?i)/(?:p|div|span|font|li|td|tr|h[1-6]|strong|b|em|a|section|article|table|ul|ol|center)>`)
	// lostMark: a sentence's last mark read out of step, its second byte
	// swallowing the < of the tag after it, shows as a run of ? and ! right
	// before the cut tag; the mark that ends a paragraph there is 。.
	lostMark = regexp.MustCompile(`([\p{Han},，])[?!]*\?(/[a-zA-Z][a-zA-Z0-9]*>)`)
	// entity is an HTML character reference.
	entity = regexp.MustCompile(`&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});`)
	// pinyin is a syllable with a tone mark or number in brackets right after
	// a Han character: 業(yè), 业（ye4）.
	pinyin = regexp.MustCompile(`([\p{Han}□])[(（]\s*([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7}[1-5]?)\s*[)）]`)
)

// toneMarks are the letters that make a bracketed word pinyin.
const toneMarks = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"

// cleanLine undoes the damage inside one line: out-of-step GBK, HTML
// left-overs, glued pinyin, Traditional characters, injected punctuation.
func cleanLine(line string, traditional bool, stats *pageStats) string {
	line = repairShifts(line, stats)
	if strings.Contains(line, ">") {
		line = lostMark.ReplaceAllString(line, "${1}。${2}")
		line = tag.ReplaceAllString(line, "")
		line = cutTag.ReplaceAllString(line, "")
	}
	if strings.Contains(line, "&") && strings.Contains(line, ";") {
		line = entity.ReplaceAllStringFunc(line, html.UnescapeString)
		line = strings.ReplaceAll(line, "\u00a0", " ")
	}
	if strings.ContainsAny(line, "(（") {
		line = pinyin.ReplaceAllStringFunc(line, func(m string) string {
			sub := pinyin.FindStringSubmatch(m)
			if strings.ContainsAny(sub[2], toneMarks) || strings.ContainsAny(sub[2][len(sub[2])-1:], "12345") {
				return sub[1]
			}
			return m
		})
	}
	if traditional {
		line = toSimplified(line)
	}
	line = fixPunct(line)
	return strings.TrimSpace(line)
}

// clausePunct are the marks an injected comma stands before, and the marks
// that are never doubled in prose.
const clausePunct = "。、，；：？！"

// fixPunct removes a comma pushed in before Chinese punctuation (,。 ,、)
// and doubled marks (。。 、、).
func fixPunct(s string) string {
	if !needsPunctFix(s) {
		return s
	}
	rs := []rune(s)
	out := rs[:0:0]
	for i, r := range rs {
		next := rune(0)
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		switch {
		case (r == ',' || r == '，') && next != 0 && strings.ContainsRune(clausePunct, next) && next != r:
			continue
		case r == ',' && len(out) > 0 && strings.ContainsRune("。、，；：？！", out[len(out)-1]):
			continue
		case strings.ContainsRune("。，、；：,", r) && len(out) > 0 && out[len(out)-1] == r:
			continue
		}
		out = append(out, r)
	}
	return string(out)
}

// needsPunctFix reports whether s has an injected comma or a doubled mark.
func needsPunctFix(s string) bool {
	prev := rune(0)
	for _, r := range s {
		if (prev == ',' || prev == '，') && r != prev && strings.ContainsRune(clausePunct, r) ||
			r == ',' && strings.ContainsRune("。、，；：？！", prev) {
			return true
		}
		if r == prev && strings.ContainsRune("。，、；：,", r) {
			return true
		}
		prev = r
	}
	return false
}

// textLines splits plain text into lines, a <br> left in it breaking one.
func textLines(text string) []string {
	if strings.Contains(text, "<") {
		text = brTag.ReplaceAllString(text, "\n")
	}
	return splitLines(text)
}
