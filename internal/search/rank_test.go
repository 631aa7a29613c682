package search

import (
	"slices"
	"testing"
)

func TestRank(t *testing.T) {
	body := func(id int64, n, length int) Counts {
		return Counts{ID: id, Title: []int{0}, Body: []int{n}, Len: length}
	}
	tests := []struct {
		name string
		in   []Counts
		want []int64
	}{
		{"title above body", []Counts{body(1, 3, 100), {ID: 2, Title: []int{1}, Body: []int{0}, Len: 100}}, []int64{2, 1}},
		{"more occurrences above fewer", []Counts{body(1, 1, 100), body(2, 4, 100)}, []int64{2, 1}},
		{"a short body above a long one", []Counts{body(1, 2, 5000), body(2, 2, 200)}, []int64{2, 1}},
		{"equal keeps the order given", []Counts{body(3, 1, 100), body(2, 1, 100), body(1, 1, 100)}, []int64{3, 2, 1}},
		{"no phrase found ranks last", []Counts{body(1, 0, 100), body(2, 1, 100)}, []int64{2, 1}},
		{"empty", nil, nil},
	}
	for _, tt := range tests {
		Rank(tt.in)
		var got []int64
		for _, c := range tt.in {
			got = append(got, c.ID)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
	// Repetition counts less and less: ten times is not ten times one.
	one, ten := Score(body(1, 1, 100), 100), Score(body(1, 10, 100), 100)
	if ten <= one || ten >= 3*one {
		t.Errorf("score of 10 occurrences %.2f against 1 %.2f: want more, but less than threefold", ten, one)
	}
}

func TestRankPhrases(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"党建", []string{"党建"}},
		{"党 档案数字化 GDP", []string{"档案数字化", "gdp", "党"}},
		{"党建 党建", []string{"党建"}},
		{"，。", nil},
		{"一 二 三 四 五 六 七 八 九 十", []string{"一", "二", "三", "四", "五", "六", "七", "八"}},
	}
	for _, tt := range tests {
		if got := RankPhrases(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("RankPhrases(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestOccurrences(t *testing.T) {
	tests := []struct {
		text, phrase string
		want         int
	}{
		{"党建党建，党建", "党建", 3},
		{"党党党", "党党", 1},
		{"GDP and gdp", "gdp", 2},
		{"档案", "", 0},
	}
	for _, tt := range tests {
		if got := Occurrences(tt.text, tt.phrase); got != tt.want {
			t.Errorf("Occurrences(%q, %q) = %d, want %d", tt.text, tt.phrase, got, tt.want)
		}
	}
}
