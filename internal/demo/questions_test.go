package demo

import "testing"

// TestQuestionsValid checks that every demo question passes the bank's
// own validation and that no stem is there twice.
func TestQuestionsValid(t *testing.T) {
	t.Parallel()
	if len(Questions) < 50 {
		t.Errorf("%d demo questions, want at least 50", len(Questions))
	}
	seen := map[string]bool{}
	for i, q := range Questions {
		q.OrgID = 1
		if err := q.Validate(); err != nil {
			t.Errorf("question %d %q: %v", i, q.Stem, err)
		}
		if seen[q.Stem] {
			t.Errorf("question %q twice", q.Stem)
		}
		seen[q.Stem] = true
	}
}
