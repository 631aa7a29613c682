package search

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Ranking. The index finds the texts that hold every term of a query;
// Rank orders them by how well they match, from how often each phrase of
// the query (Phrases: the runs as typed, 档案数字化 whole rather than its
// pairs) stands in each title and body. The score is Okapi BM25 with the
// phrases as its terms: repeated occurrences count less and less, a long
// body needs more of them than a short one, and the title weighs
// TitleWeight times the body. Every text found holds every term, so the
// terms' rarity (BM25's IDF) would weigh each candidate alike and is left
// out. Both engines rank by this one function, so SQLite and PostgreSQL
// answer a search in the same order.

// TitleWeight is how much more an occurrence in the title counts than one
// in the body.
const TitleWeight = 4.0

// BM25's usual constants: k1 how soon repetition stops counting, b how
// much a body's length weighs.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// MaxPhrases bounds how many of a query's phrases are counted.
const MaxPhrases = 8

// Counts is one found text as Rank reads it: how often each phrase occurs
// in its title and in its body (in the order RankPhrases gives them), and
// the body's length in any unit the same for all (bytes will do).
type Counts struct {
	ID    int64
	Title []int
	Body  []int
	Len   int
}

// Rank orders found texts best first; equal scores keep the order they
// came in (newest first, as the store lists them).
func Rank(cs []Counts) {
	if len(cs) == 0 {
		return
	}
	avg := 0.0
	for _, c := range cs {
		avg += float64(c.Len)
	}
	avg = max(1, avg/float64(len(cs)))
	score := make(map[int64]float64, len(cs))
	for _, c := range cs {
		score[c.ID] = Score(c, avg)
	}
	sort.SliceStable(cs, func(i, j int) bool { return score[cs[i].ID] > score[cs[j].ID] })
}

// Score is one text's BM25 score, avg the average body length of the
// texts found.
func Score(c Counts, avg float64) float64 {
	norm := bm25K1 * (1 - bm25B + bm25B*float64(c.Len)/max(1, avg))
	titleNorm := bm25K1 // titles are short: their length is not weighed
	s := 0.0
	for _, tf := range c.Title {
		s += TitleWeight * sat(float64(tf), titleNorm)
	}
	for _, tf := range c.Body {
		s += sat(float64(tf), norm)
	}
	return s
}

func sat(tf, norm float64) float64 {
	if tf <= 0 {
		return 0
	}
	return tf * (bm25K1 + 1) / (tf + norm)
}

// RankPhrases are the phrases of q that Rank counts: its runs as typed
// (lower-cased), longest first and at most MaxPhrases of them.
func RankPhrases(q string) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range Phrases(q) {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return utf8.RuneCountInString(out[i]) > utf8.RuneCountInString(out[j]) })
	if len(out) > MaxPhrases {
		out = out[:MaxPhrases]
	}
	return out
}

// Occurrences counts how often phrase stands in text, not overlapping,
// ignoring the case of the letters A to Z (phrases are lower-cased).
func Occurrences(text, phrase string) int {
	if phrase == "" {
		return 0
	}
	if strings.IndexFunc(phrase, func(r rune) bool { return 'a' <= r && r <= 'z' }) < 0 {
		return strings.Count(text, phrase) // no letters: case cannot matter
	}
	return strings.Count(asciiLower(text), phrase)
}

func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}
