package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// huoshui clean prints the clean article of a saved page, from a file or
// from standard input.
func TestCleanCommand(t *testing.T) {
	t.Parallel()
	want, err := os.ReadFile("testdata/clean.txt")
	if err != nil {
		t.Fatal(err)
	}
	garbled, err := os.ReadFile("testdata/garbled.txt")
	if err != nil {
		t.Fatal(err)
	}
	out, errOut, err := runOut([]string{"clean", "testdata/garbled.txt"}, "")
	if err != nil || out != string(want) {
		t.Errorf("clean testdata/garbled.txt: %v (stderr %q), printed\n%s\nwant\n%s", err, errOut, out, want)
	}
	for _, args := range [][]string{{"clean"}, {"clean", "-"}} {
		out, _, err = runOut(args, string(garbled))
		if err != nil || out != string(want) {
			t.Errorf("%q from stdin: %v, printed\n%s", args, err, out)
		}
	}
}

// Bad input is a clear error in Chinese then English, never a panic.
func TestCleanCommandErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	empty := filepath.Join(dir, "blank.html")
	png := filepath.Join(dir, "photo.png")
	nav := filepath.Join(dir, "nav.html")
	for name, data := range map[string]string{
		empty: "",
		png:   "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
		nav:   `<html><body><ul><li><a href="/">首页</a></li><li><a href="/news">新闻</a></li></ul></body></html>`,
	} {
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		args  []string
		stdin string
		want  []string
	}{
		{[]string{"clean", empty}, "", []string{"文件是空的", "empty"}},
		{[]string{"clean"}, "  \n", []string{"文件是空的", "empty"}},
		{[]string{"clean", png}, "", []string{"不是文本或网页文件", "not a text"}},
		{[]string{"clean", nav}, "", []string{"没有找到文章", "no article"}},
		{[]string{"clean", filepath.Join(dir, "missing.txt")}, "", []string{"无法打开文件", "missing.txt"}},
		{[]string{"clean", "a.txt", "b.txt"}, "", []string{"只能给一个文件", "one file"}},
	}
	for _, c := range cases {
		out, _, err := runOut(c.args, c.stdin)
		if err == nil {
			t.Errorf("%q: printed %q, want an error", c.args, out)
			continue
		}
		msg := err.Error()
		for _, w := range c.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%q: error %q lacks %q", c.args, msg, w)
			}
		}
		if zh, en := strings.Index(msg, c.want[0]), strings.Index(msg, c.want[1]); zh > en {
			t.Errorf("%q: error %q: the Chinese should come first", c.args, msg)
		}
	}
}
