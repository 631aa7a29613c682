package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/huoshui/huoshui/internal/clean"
)

// cleanPage is `huoshui clean [FILE]`: it reads a saved news page from FILE
// or standard input and prints the article as clean study text.
func cleanPage(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("clean", stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return fmt.Errorf("clean: 只能给一个文件 / give one file at most, not %d", fs.NArg())
	}
	name, r := "", stdin
	if fs.NArg() == 1 && fs.Arg(0) != "-" {
		name = fs.Arg(0)
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("clean: 无法打开文件 / %w", err)
		}
		defer f.Close()
		r = f
	}
	raw, err := io.ReadAll(io.LimitReader(r, clean.MaxBytes+1))
	if err != nil {
		return fmt.Errorf("clean: 无法读取 / %w", err)
	}
	a, err := clean.Page(raw, name)
	if err != nil {
		return describeClean(name, err)
	}
	_, err = io.WriteString(stdout, a.Text())
	return err
}

// cleanMessages say the cleaner's errors in Chinese; the English follows.
var cleanMessages = []struct {
	err error
	zh  string
}{
	{clean.ErrEmpty, "文件是空的"},
	{clean.ErrTooLarge, "文件超过 20 MB"},
	{clean.ErrBinary, "不是文本或网页文件（或编码无法识别）"},
	{clean.ErrNoArticle, "页面中没有找到文章"},
}

// describeClean puts the Chinese message before the English one.
func describeClean(name string, err error) error {
	what := "clean"
	if name != "" {
		what += " " + name
	}
	for _, m := range cleanMessages {
		if errors.Is(err, m.err) {
			return &cleanError{msg: what + ": " + m.zh + " / " + strings.TrimPrefix(err.Error(), "clean: "), err: err}
		}
	}
	return fmt.Errorf("%s: %w", what, err)
}

type cleanError struct {
	msg string
	err error
}

func (e *cleanError) Error() string { return e.msg }
func (e *cleanError) Unwrap() error { return e.err }
