package clean

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the expected outputs (testdata/*.out.txt) from what the cleaner prints")

// TestGolden cleans every testdata/NAME.in.* page and compares the text
// with testdata/NAME.out.txt.
func TestGolden(t *testing.T) {
	ins, err := filepath.Glob("testdata/*.in.*")
	if err != nil {
		t.Fatal(err)
	}
	if len(ins) == 0 {
		t.Fatal("no golden cases in testdata")
	}
	for _, in := range ins {
		name := strings.SplitN(filepath.Base(in), ".in.", 2)[0]
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			// A ".raw" input gives no hint: the bytes must tell.
			filename := filepath.Base(in)
			if strings.HasSuffix(filename, ".raw") {
				filename = ""
			}
			a, err := Page(raw, filename)
			if err != nil {
				t.Fatalf("Page: %v", err)
			}
			got := a.Text()
			out := filepath.Join("testdata", name+".out.txt")
			if *update {
				if err := os.WriteFile(out, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("%s: got\n%s\nwant\n%s", in, got, want)
			}
		})
	}
}

// The fixture of the issue: garbled.txt cleans to clean.txt, byte for byte.
func TestFixture(t *testing.T) {
	raw, err := os.ReadFile("testdata/garbled.txt")
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("testdata/clean.txt")
	if err != nil {
		t.Fatal(err)
	}
	a, err := Page(raw, "garbled.txt")
	if err != nil {
		t.Fatal(err)
	}
	if got := a.Text(); got != string(want) {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if a.Title != "让书香飘进每一个办公室" || a.Subtitle != "市档案馆机关党支部开展读书活动纪实" ||
		a.Date != "2021年04月12日 09:30" || a.Source != "示例日报" || len(a.Paragraphs) != 5 {
		t.Errorf("fields: %q %q %q %q %d paragraphs", a.Title, a.Subtitle, a.Date, a.Source, len(a.Paragraphs))
	}
	// A clean article passes through unchanged.
	b, err := Page(want, "")
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Text(); got != string(want) {
		t.Errorf("clean.txt again: got\n%s", got)
	}
}
