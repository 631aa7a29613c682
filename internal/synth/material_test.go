package synth

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMaterial(t *testing.T) {
	a, b := Material(1, 7, 3000), Material(1, 7, 3000)
	if a.Title != b.Title || a.Body != b.Body {
		t.Errorf("the same seed and number give another text")
	}
	if n := utf8.RuneCountInString(a.Body); n < 3000 || n > 3400 {
		t.Errorf("body of %d characters, want about 3000", n)
	}
	a.OrgID = 1
	if err := a.Validate(); err != nil {
		t.Errorf("generated material invalid: %v", err)
	}
	if !strings.Contains(a.Body, "党") || !strings.Contains(a.Body, "## ") {
		t.Errorf("body: %.200s", a.Body)
	}
	rare := 0
	for i := range 2000 {
		body := Material(1, i, 2000).Body
		for _, w := range SelectiveWords {
			if strings.Contains(body, w) {
				rare++
			}
		}
	}
	if rare < 5 || rare > 80 {
		t.Errorf("selective words %d times in 2000 texts, want a few dozen", rare)
	}
}
