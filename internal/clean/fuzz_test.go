package clean

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusInputs are the golden inputs, as fuzz seeds and benchmark pages.
func corpusInputs(tb testing.TB) map[string][]byte {
	ins, err := filepath.Glob("testdata/*.in.*")
	if err != nil {
		tb.Fatal(err)
	}
	ins = append(ins, "testdata/garbled.txt")
	out := map[string][]byte{}
	for _, in := range ins {
		b, err := os.ReadFile(in)
		if err != nil {
			tb.Fatal(err)
		}
		out[in] = b
	}
	return out
}

// FuzzPage: whatever the bytes, Page answers an article or one of its
// errors, never a panic.
func FuzzPage(f *testing.F) {
	for name, b := range corpusInputs(f) {
		f.Add(b, filepath.Base(name))
	}
	f.Add([]byte(""), "")
	f.Add([]byte("\x89PNG\r\n\x1a\n"), "a.png")
	f.Add([]byte("<html><body><p>你好</p></body></html>"), "")
	f.Add([]byte("MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n\r\n--x\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!\r\n--x--\r\n"), "")
	clean := map[string]bool{}
	for _, a := range cleanArticles() {
		for _, l := range a.lines() {
			clean[l] = true
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		a, err := Page(data, name)
		if err != nil {
			for _, e := range []error{ErrEmpty, ErrBinary, ErrNoArticle, ErrTooLarge} {
				if errors.Is(err, e) {
					return
				}
			}
			t.Fatalf("Page: unexpected error %v", err)
		}
		text := a.Text()
		// Text made only of the clean articles' lines keeps every line.
		var lines []string
		for _, l := range strings.Split(string(data), "\n") {
			if l = strings.TrimSpace(l); l != "" {
				if !clean[l] {
					return
				}
				lines = append(lines, l)
			}
		}
		if want := strings.Join(lines, "\n\n") + "\n"; text != want && !strings.HasSuffix(strings.ToLower(name), ".mht") {
			t.Fatalf("clean lines changed:\n%s\nbecame\n%s", want, text)
		}
	})
}

func cleanArticles() []art { return []art{artA, artB, artC, artD, artE, artF, artG} }

// FuzzCleanText: a clean Simplified article made of the corpus's lines, in
// any order, passes through unchanged: no character is lost or added.
func FuzzCleanText(f *testing.F) {
	var lines []string
	for _, a := range cleanArticles() {
		lines = append(lines, a.lines()...)
	}
	f.Add([]byte{0, 1, 2, 3})
	f.Add([]byte{5, 7, 9})
	f.Add([]byte{2, 0, 30, 31})
	f.Fuzz(func(t *testing.T, pick []byte) {
		var chosen []string
		for _, p := range pick {
			chosen = append(chosen, lines[int(p)%len(lines)])
		}
		if len(chosen) == 0 {
			return
		}
		in := strings.Join(chosen, "\n\n") + "\n"
		a, err := Page([]byte(in), "")
		if err != nil {
			t.Fatalf("Page(%q): %v", in, err)
		}
		if got := a.Text(); got != in {
			t.Fatalf("clean text changed:\n%s\nbecame\n%s", in, got)
		}
	})
}

// Bad input gets its error.
func TestErrors(t *testing.T) {
	big := make([]byte, MaxBytes+1)
	for i := range big {
		big[i] = 'a'
	}
	cases := []struct {
		name string
		in   []byte
		file string
		want error
	}{
		{"empty", nil, "", ErrEmpty},
		{"blank", []byte(" \r\n\t\n"), "a.txt", ErrEmpty},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"), "", ErrBinary},
		{"zip", []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"), "page.html", ErrBinary},
		{"nul bytes", []byte("abc\x00def\x00"), "", ErrBinary},
		{"unknown encoding", []byte{0x81, 0x20, 0xfe, 0x21, 0x80, 0x80, 0xff, 0xff, 0xa1, 0x20, 0xc8, 0x0d, 0x81, 0x30, 0xff, 0x41}, "", ErrBinary},
		{"too large", big, "", ErrTooLarge},
		{"no article: navigation only", []byte(`<html><head><title>首页</title></head><body><ul class="nav"><li>首页</li><li>新闻</li></ul><div>友情链接</div></body></html>`), "", ErrNoArticle},
		{"no article: English text", []byte("Hello, world.\nNothing here.\n"), "", ErrNoArticle},
		{"mht without a page", []byte("MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n\r\n--x\r\nContent-Type: image/png\r\n\r\nabc\r\n--x--\r\n"), "a.mht", ErrNoArticle},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, err := Page(c.in, c.file)
			if !errors.Is(err, c.want) {
				t.Errorf("Page = %v, %v; want %v", a, err, c.want)
			}
		})
	}
}

// BenchmarkClean cleans every page of the corpus; the figure is bytes of
// pages per second.
func BenchmarkClean(b *testing.B) {
	pages := corpusInputs(b)
	total := 0
	for _, p := range pages {
		total += len(p)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for name, p := range pages {
			if _, err := Page(p, filepath.Base(name)); err != nil {
				b.Fatal(err)
			}
		}
	}
}
