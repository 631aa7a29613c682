package rules_test

import (
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/rules"
)

func TestCountCharacters(t *testing.T) {
	cases := []struct {
		text string
		want int
	}{
		{"", 0},
		{"   \n\t", 0},
		{"党建", 2},
		{"党建工作。", 5},      // the full stop counts
		{"2026年工作要点。", 7}, // 2026 is one word
		{"关于加强“三会一课”的通知", 13},         // Chinese quotes count
		{"（一）提高认识", 7},                // full-width brackets count
		{"《求是》杂志", 6},                 // book-title marks count
		{"COVID-19疫情", 3},             // a word joined by a hyphen is one
		{"GDP增长3.5%", 4},              // GDP, 增, 长, 3.5%
		{"hello world", 2},            // two words
		{"hello,world", 1},            // ASCII punctuation joins a word
		{"a , b", 2},                  // a comma alone is nothing
		{"- - -", 0},                  // nor are dashes
		{"第一，", 3},                    // full-width comma
		{"ＡＢＣ", 3},                    // full-width letters count one each
		{"ideographic\u3000space", 2}, // U+3000 is a space
		{"一……二——三", 7},                // ellipsis and dash marks count
		{"中文 English 混排 text", 6},     // 中 文 English 混 排 text
		{"\u00a0非断行空格\u00a0", 5},      // no-break spaces count nothing
		{strings.Repeat("字", 1000), 1000},
	}
	for _, c := range cases {
		if got := rules.CountCharacters(c.text); got != c.want {
			t.Errorf("CountCharacters(%q) = %d, want %d", c.text, got, c.want)
		}
	}
}

func TestAtLeastProvincial(t *testing.T) {
	cases := []struct {
		l    huoshui.OutputLevel
		want bool
	}{
		{huoshui.LevelNational, true},
		{huoshui.LevelProvincial, true},
		{huoshui.LevelCity, false},
		{huoshui.LevelOther, false},
		{"", false},
	}
	for _, c := range cases {
		if got := rules.AtLeastProvincial(c.l); got != c.want {
			t.Errorf("AtLeastProvincial(%q) = %v, want %v", c.l, got, c.want)
		}
	}
}
