// Package search turns Chinese text into tokens that a plain full-text
// index can match, and a reader's query into the terms to look for, and
// marks the matches in a snippet of the original text. It is pure: text
// in, text out.
//
// Chinese has no spaces between words, and a word is most often two
// characters (党员, 党建, 学习). Bigrams treats each run of Han characters
// as every single character and every overlapping pair: 党建工作 →
// 党 党建 建 建工 工 工作 作. A one-character query matches by the single
// character, a longer one by all of its pairs. Latin letters and digits
// form lower-cased words; punctuation and spaces separate and vanish.
// The index (SQLite FTS5, PostgreSQL tsvector('simple')) only ever sees
// these space-separated tokens, so both engines match the same way.
package search

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxQueryRunes bounds what a query reads: longer input is cut, never
// refused, so any search answers.
const MaxQueryRunes = 100

// MaxTerms bounds the terms a query asks the index for.
const MaxTerms = 32

// piece is one run of the text: Han characters, or a word of letters
// and digits.
type piece struct {
	text string
	han  bool
}

// pieces splits text into runs of Han characters and words of other
// letters and digits, lower-cased; everything else separates.
func pieces(text string) []piece {
	var out []piece
	var b strings.Builder
	han := false
	flush := func() {
		if b.Len() > 0 {
			out = append(out, piece{b.String(), han})
			b.Reset()
		}
	}
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Han, r):
			if !han {
				flush()
			}
			han = true
			b.WriteRune(r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if han {
				flush()
			}
			han = false
			b.WriteRune(unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
	return out
}

// Bigrams is text as index tokens, separated by spaces: for each run of
// Han characters every character and every overlapping pair, for other
// letters and digits lower-cased words. Punctuation is dropped.
func Bigrams(text string) string {
	var b strings.Builder
	b.Grow(len(text) * 3)
	sep := func() {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
	}
	for _, p := range pieces(text) {
		if !p.han {
			sep()
			b.WriteString(p.text)
			continue
		}
		var prev rune = -1
		for _, r := range p.text {
			if prev >= 0 {
				sep()
				b.WriteRune(prev)
				b.WriteRune(r)
			}
			sep()
			b.WriteRune(r)
			prev = r
		}
	}
	return b.String()
}

// Terms is a query as the index tokens that must all be present: a
// one-character Han run by itself, a longer one by its pairs, and each
// other word. An empty Terms matches nothing.
type Terms []string

// Query reads what a person typed into a search box. Input of any length
// and any characters gives an answer: it is cut at MaxQueryRunes, and
// punctuation alone gives no terms (and so no results).
func Query(q string) Terms {
	if utf8.RuneCountInString(q) > MaxQueryRunes {
		q = string([]rune(q)[:MaxQueryRunes])
	}
	var out Terms
	add := func(t string) {
		for _, x := range out {
			if x == t {
				return
			}
		}
		if len(out) < MaxTerms {
			out = append(out, t)
		}
	}
	for _, p := range pieces(q) {
		if !p.han {
			add(p.text)
			continue
		}
		rs := []rune(p.text)
		if len(rs) == 1 {
			add(p.text)
			continue
		}
		for i := 0; i+1 < len(rs); i++ {
			add(string(rs[i : i+2]))
		}
	}
	return out
}

// Empty reports whether the query has nothing to look for.
func (t Terms) Empty() bool { return len(t) == 0 }

// FTS5 is the query as an SQLite FTS5 match expression: every term quoted
// (terms hold only letters and digits), all required.
func (t Terms) FTS5() string {
	parts := make([]string, len(t))
	for i, x := range t {
		parts[i] = `"` + strings.ReplaceAll(x, `"`, `""`) + `"`
	}
	return strings.Join(parts, " AND ")
}

// FTS5In is the query as an FTS5 match expression that finds every term
// in one column (a name of letters only).
func (t Terms) FTS5In(column string) string {
	parts := make([]string, len(t))
	for i, x := range t {
		parts[i] = column + ` : "` + strings.ReplaceAll(x, `"`, `""`) + `"`
	}
	return strings.Join(parts, " AND ")
}

// Plain is the query as space-separated tokens, for PostgreSQL's
// plainto_tsquery('simple', …), which requires them all.
func (t Terms) Plain() string { return strings.Join(t, " ") }

// Phrases are the runs of q as they stand in a text: what a snippet
// marks. Latin words are lower-cased; matching ignores case.
func Phrases(q string) []string {
	if utf8.RuneCountInString(q) > MaxQueryRunes {
		q = string([]rune(q)[:MaxQueryRunes])
	}
	var out []string
	for _, p := range pieces(q) {
		out = append(out, p.text)
	}
	return out
}

// Snippet is a part of text around the first place q matches, at most
// width characters either side, HTML-escaped, with each match of q's
// phrases wrapped in <mark>. Without a match it is the beginning of the
// text. The result is safe to put into a page as HTML.
func Snippet(text, q string, width int) string {
	phrases := Phrases(q)
	// Work on the stretch around the first match only: a body of
	// thousands of characters is not turned into runes for sixty of them.
	whole := len(text)
	from, to := snippetStretch(text, phrases, width)
	text = text[from:to]
	rs := []rune(text)
	lower := []rune(strings.ToLower(text))
	if len(lower) != len(rs) {
		// A letter whose lower case has another length: match as typed.
		lower = rs
	}
	type span struct{ from, to int }
	var spans []span
	for i := 0; i < len(lower); {
		best := 0
		for _, p := range phrases {
			pr := []rune(p)
			if len(pr) > best && i+len(pr) <= len(lower) && string(lower[i:i+len(pr)]) == p {
				best = len(pr)
			}
		}
		if best > 0 {
			spans = append(spans, span{i, i + best})
			i += best
			continue
		}
		i++
	}
	start := 0
	if len(spans) > 0 && spans[0].from > width {
		start = spans[0].from - width
	}
	end := min(len(rs), start+2*width+runeLen(phrases))
	var b strings.Builder
	if start > 0 || from > 0 {
		b.WriteString("…")
	}
	pos := start
	for _, s := range spans {
		if s.to <= start {
			continue
		}
		if s.from >= end {
			break
		}
		from := max(s.from, start)
		b.WriteString(escape(rs[pos:from]))
		to := min(s.to, end)
		b.WriteString("<mark>" + escape(rs[from:to]) + "</mark>")
		pos = to
	}
	if pos < end {
		b.WriteString(escape(rs[pos:end]))
	}
	if end < len(rs) || to < whole {
		b.WriteString("…")
	}
	return b.String()
}

// snippetStretch is the part of text, in bytes, that holds a snippet:
// from width characters before the first match of any phrase to enough
// characters after it, whole characters at both ends. Without a match it
// is the beginning.
func snippetStretch(text string, phrases []string, width int) (from, to int) {
	first, low := -1, ""
	for _, p := range phrases {
		hay := text
		if strings.ContainsFunc(p, unicode.IsLetter) && !isHan(p) {
			// Letters to match in any case: lower the text once.
			if low == "" {
				if low = strings.ToLower(text); len(low) != len(text) {
					low = text // a letter whose lower case has another length
				}
			}
			hay = low
		}
		if i := strings.Index(hay, p); i >= 0 && (first < 0 || i < first) {
			first = i
		}
	}
	// A character is at most utf8.UTFMax bytes: take that many per
	// character wanted, then snap to the characters' starts.
	after := (2*width + runeLen(phrases) + 1) * utf8.UTFMax
	if first < 0 {
		return 0, snapRune(text, min(len(text), after))
	}
	from = snapRune(text, max(0, first-(width+1)*utf8.UTFMax))
	return from, snapRune(text, min(len(text), first+after))
}

// isHan reports whether s is Han characters only (a phrase of pieces is
// either Han or not).
func isHan(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return true
}

// snapRune moves i back to the start of the character it falls in.
func snapRune(s string, i int) int {
	for i > 0 && i < len(s) && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}

func runeLen(ss []string) int {
	n := 0
	for _, s := range ss {
		n = max(n, utf8.RuneCountInString(s))
	}
	return n
}

// escape is text as HTML, line breaks as spaces.
func escape(rs []rune) string {
	s := strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(string(rs))
	return html.EscapeString(s)
}
