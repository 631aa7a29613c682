// Package clean turns a saved news page into clean study text: the title,
// subtitle, date and source, and the paragraphs, in Simplified characters.
//
// A page comes as HTML, as a saved .mht/.mhtml archive or as plain text, in
// UTF-8, GBK/GB18030, GB2312 or Big5, declared or not. Mirror sites damage
// such pages in known ways, and the cleaner undoes them by rule: keyword
// spam lines, breadcrumbs, share bars and other page furniture; Traditional
// characters; pinyin glued after characters (業(yè)); an ASCII comma pushed
// in before Chinese punctuation (,。); HTML left-overs; and stretches of
// GBK or Big5 text decoded one byte out of step. It keeps everything that
// belongs to the article and invents nothing: a character it cannot
// recover becomes □.
//
// Limits: GBK stretches are read back in step, and Big5 ones in
// Traditional pages; the first character of a stretch is recovered only
// when it is a mark of prose (。 “ 、 …), and a character whose bytes the
// decoder refused is lost (□); when a stretch happens to open with a
// common character, the stretch is taken to start after it; a lost byte
// that leaves a single stray Latin letter (Big5 ：→ G) is not guessed at.
// Traditional text is converted character by character, without OpenCC's
// phrase tables (看著 stays 看著 where Simplified writes 看着).
//
// The package is pure: bytes in, an Article out; no database, no network.
package clean

import (
	"errors"
	"strings"
)

// MaxBytes is the largest page Page accepts.
const MaxBytes = 20 << 20

// The errors Page returns; callers map them to messages with errors.Is.
var (
	// ErrEmpty: the input has no bytes, or only white space.
	ErrEmpty = errors.New("clean: the file is empty")
	// ErrBinary: the input is not text (an image, an archive, a document
	// format), or text in an encoding the cleaner cannot tell.
	ErrBinary = errors.New("clean: the file is not a text or web page")
	// ErrNoArticle: the input is text but holds no article.
	ErrNoArticle = errors.New("clean: no article found in the page")
	// ErrTooLarge: the input is larger than MaxBytes.
	ErrTooLarge = errors.New("clean: the file is larger than 20 MB")
)

// errEncoding is an ErrBinary that says why: the bytes decode as none of
// the encodings the cleaner knows.
var errEncoding = &wrapped{msg: "clean: unknown text encoding (not UTF-8, GBK/GB18030 or Big5)", err: ErrBinary}

type wrapped struct {
	msg string
	err error
}

func (w *wrapped) Error() string { return w.msg }
func (w *wrapped) Unwrap() error { return w.err }

// Article is a cleaned news article.
type Article struct {
	Title, Subtitle, Date, Source string
	Paragraphs                    []string
	// Original is the page as it was read, decoded to UTF-8 (the HTML
	// source of a web page, the text part of an .mht), for showing beside
	// the result.
	Original string

	// dateLine is the date and source line as the page wrote it (cleaned);
	// Text prints it so that a clean article passes through unchanged.
	dateLine string
}

// Text is the article as plain text, as `huoshui clean` prints it: the
// title, the subtitle, the date and source line and the paragraphs, each
// followed by a blank line but the last, which ends with a newline.
func (a *Article) Text() string {
	var parts []string
	for _, s := range []string{a.Title, a.Subtitle, a.metaLine()} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	for _, p := range a.Paragraphs {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, "\n\n") + "\n"
}

// metaLine is the date and source line: as found, or made from the fields
// when the article was built by hand.
func (a *Article) metaLine() string {
	if a.dateLine != "" {
		return a.dateLine
	}
	switch {
	case a.Date != "" && a.Source != "":
		return a.Date + " | 来源:" + a.Source
	case a.Date != "":
		return a.Date
	case a.Source != "":
		return "来源:" + a.Source
	}
	return ""
}

// Page cleans one saved page. filename may be empty; its extension (.mht,
// .mhtml, .html, .htm, .txt) says how to read the bytes, and without one
// the bytes themselves tell.
func Page(raw []byte, filename string) (*Article, error) {
	if len(raw) > MaxBytes {
		return nil, ErrTooLarge
	}
	if len(strings.TrimSpace(string(raw))) == 0 {
		return nil, ErrEmpty
	}
	if isBinary(raw) {
		return nil, ErrBinary
	}
	kind := kindOf(raw, filename)
	var declared string
	if kind == kindMHT {
		body, cs, isHTML, err := mhtPart(raw)
		if err != nil {
			return nil, err
		}
		raw, declared = body, cs
		kind = kindText
		if isHTML {
			kind = kindHTML
		}
	}
	if kind == kindHTML && declared == "" {
		declared = metaCharset(raw)
	}
	text, err := decode(raw, declared)
	if err != nil {
		return nil, err
	}
	var lines []string
	if kind == kindHTML {
		lines, err = htmlLines(text)
		if err != nil {
			return nil, err
		}
	} else {
		lines = textLines(text)
	}
	a, err := build(lines)
	if err != nil {
		return nil, err
	}
	a.Original = text
	return a, nil
}
