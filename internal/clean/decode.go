package clean

import (
	"bytes"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

type kind int

const (
	kindText kind = iota
	kindHTML
	kindMHT
)

// magic are the openings of common binary formats people upload by mistake.
var magic = [][]byte{
	[]byte("\x89PNG"), []byte("PK\x03\x04"), []byte("%PDF"), []byte("GIF8"),
	[]byte("\xff\xd8\xff"), []byte("\x1f\x8b"), []byte("Rar!"), []byte("7z\xbc\xaf"),
	[]byte("\xd0\xcf\x11\xe0"), []byte("BM"), []byte("RIFF"), []byte("\x7fELF"),
}

// isBinary reports whether raw is not text: a known binary opening, or NUL
// and other control bytes where text has none (UTF-16 with a BOM is text).
func isBinary(raw []byte) bool {
	for _, m := range magic {
		if bytes.HasPrefix(raw, m) && !(string(m) == "BM" && utf8.Valid(raw[:min(len(raw), 512)])) {
			return true
		}
	}
	if bytes.HasPrefix(raw, []byte("\xff\xfe")) || bytes.HasPrefix(raw, []byte("\xfe\xff")) {
		return false
	}
	head := raw[:min(len(raw), 8192)]
	ctl := 0
	for _, b := range head {
		switch {
		case b == 0:
			return true
		case b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != 0x1b:
			ctl++
		}
	}
	return ctl*100 > len(head)
}

// kindOf says how to read raw: by the file name's extension, else by its
// first bytes.
func kindOf(raw []byte, filename string) kind {
	name := strings.ToLower(filename)
	switch {
	case strings.HasSuffix(name, ".mht"), strings.HasSuffix(name, ".mhtml"):
		return kindMHT
	case strings.HasSuffix(name, ".html"), strings.HasSuffix(name, ".htm"), strings.HasSuffix(name, ".shtml"):
		// A page saved as "text only" keeps its .html name: without a
		// single tag it is plain text.
		if hasTag(raw[:min(len(raw), 8192)]) {
			return kindHTML
		}
		return kindText
	case strings.HasSuffix(name, ".txt"):
		return kindText
	}
	head := strings.ToLower(string(raw[:min(len(raw), 2048)]))
	head = strings.TrimLeft(strings.TrimPrefix(head, "\ufeff"), " \t\r\n")
	if strings.HasPrefix(head, "mime-version:") || strings.HasPrefix(head, "from:") && strings.Contains(head, "multipart/") ||
		strings.HasPrefix(head, "content-type: multipart/") {
		return kindMHT
	}
	for _, p := range []string{"<!doctype html", "<html", "<head", "<body", "<meta", "<!--", "<div", "<title", "<?xml"} {
		if strings.HasPrefix(head, p) {
			return kindHTML
		}
	}
	return kindText
}

// hasTag reports whether b holds something like an HTML tag.
func hasTag(b []byte) bool {
	for i := 0; i+1 < len(b); i++ {
		if b[i] == '<' {
			c := b[i+1] | 0x20
			if c >= 'a' && c <= 'z' || b[i+1] == '!' || b[i+1] == '/' {
				return true
			}
		}
	}
	return false
}

var metaCharsetRE = regexp.MustCompile(`(?i)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:\-]+)`)

// metaCharset is the charset an HTML page declares in its first bytes.
func metaCharset(raw []byte) string {
	if m := metaCharsetRE.FindSubmatch(raw[:min(len(raw), 4096)]); m != nil {
		return string(m[1])
	}
	return ""
}

// decode turns raw into UTF-8 text: a BOM wins, then a declared charset
// that decodes cleanly, then valid UTF-8, then whichever of GB18030 and
// Big5 reads as more likely Chinese.
func decode(raw []byte, declared string) (string, error) {
	switch {
	case bytes.HasPrefix(raw, []byte("\xef\xbb\xbf")):
		return string(raw[3:]), nil
	case bytes.HasPrefix(raw, []byte("\xff\xfe")), bytes.HasPrefix(raw, []byte("\xfe\xff")):
		d := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()
		out, err := d.Bytes(raw)
		if err != nil {
			return "", errEncoding
		}
		return string(out), nil
	}
	if declared != "" {
		if enc := lookup(declared); enc != nil {
			if enc == encoding.Nop {
				if utf8.Valid(raw) {
					return string(raw), nil
				}
			} else if s, ok := decodeWith(enc, raw); ok && badShare(s) < 0.002 {
				return checkFamily(enc, s, raw), nil
			}
		}
	}
	if utf8.Valid(raw) {
		return string(raw), nil
	}
	gb, okGB := decodeWith(simplifiedchinese.GB18030, raw)
	b5, okB5 := decodeWith(traditionalchinese.Big5, raw)
	switch {
	case okGB && okB5:
		if likelihood(b5) > likelihood(gb) {
			return b5, nil
		}
		return gb, nil
	case okGB:
		return gb, nil
	case okB5:
		return b5, nil
	}
	return "", errEncoding
}

// checkFamily guards against a page that declares Big5 and is GBK, or the
// other way round: nearly any byte pairs decode in both, so the decoding
// that reads as far more likely Chinese wins.
func checkFamily(declared encoding.Encoding, s string, raw []byte) string {
	var other encoding.Encoding
	switch declared {
	case simplifiedchinese.GB18030:
		other = traditionalchinese.Big5
	case traditionalchinese.Big5:
		other = simplifiedchinese.GB18030
	default:
		return s
	}
	alt, ok := decodeWith(other, raw)
	if !ok {
		return s
	}
	mine, theirs := likelihood(s), likelihood(alt)
	if theirs > mine+abs(mine)/2+20 {
		return alt
	}
	return s
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// lookup finds the encoding of a charset label among those the cleaner
// reads; the GB family all read as GB18030, its superset. encoding.Nop
// stands for UTF-8; nil for any other charset.
func lookup(label string) encoding.Encoding {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "utf-8", "utf8":
		return encoding.Nop
	case "gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312":
		return simplifiedchinese.GB18030
	case "big5", "big5-hkscs", "cp950", "x-x-big5":
		return traditionalchinese.Big5
	}
	enc, err := htmlindex.Get(label)
	if err != nil {
		return nil
	}
	// Other labels of the same encodings count; any other charset (often
	// a wrong iso-8859-1 on an old GBK page) is ignored and the bytes
	// tell.
	switch name, _ := htmlindex.Name(enc); name {
	case "utf-8":
		return encoding.Nop
	case "gbk", "gb18030":
		return simplifiedchinese.GB18030
	case "big5":
		return traditionalchinese.Big5
	}
	return nil
}

// decodeWith decodes raw with enc; ok is false when more than one rune in
// a hundred is a replacement, which means it is the wrong encoding.
func decodeWith(enc encoding.Encoding, raw []byte) (string, bool) {
	out, err := enc.NewDecoder().Bytes(raw)
	if err != nil {
		return "", false
	}
	s := string(out)
	return s, badShare(s) <= 0.01
}

// badShare is the share of replacement characters among the non-ASCII runes.
func badShare(s string) float64 {
	n, bad := 0, 0
	for _, r := range s {
		if r < 0x80 {
			continue
		}
		n++
		if r == utf8.RuneError {
			bad++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(bad) / float64(n)
}

// likelihood scores text by how much of it is common Chinese: used to
// choose between two decodings of the same bytes.
func likelihood(s string) int {
	score := 0
	for _, r := range s {
		if r >= 0x80 {
			score += runeScore(r)
		}
	}
	return score
}

// splitLines splits text into lines on any line ending.
func splitLines(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	return strings.Split(text, "\n")
}
