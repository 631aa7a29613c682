package clean

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

var (
	dateRE   = regexp.MustCompile(`\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?`)
	sourceRE = regexp.MustCompile(`来源\s*[:：]\s*([^\s|｜　]+)`)
	// metaTail is where furniture begins on a date line.
	metaTail = regexp.MustCompile(`\s*(?:分享到|分享|【(?:字号|字体|打印|关闭|纠错|我要)|字号|字体|打印|扫一扫|浏览次数|阅读次数|点击数|\[打印\]).*$`)
)

// build turns the lines of a page into an article: it cleans each line,
// drops what is not the article and finds the title, subtitle and the
// date and source line among the first lines.
func build(lines []string) (*Article, error) {
	doc := strings.Join(lines, "\n")
	traditional := isTraditional(doc)
	stats := &pageStats{doc: doc, tries: maxShiftTries, codecs: []*codec{gbkCodec}}
	if traditional {
		stats.codecs = append(stats.codecs, big5Codec)
	}
	var kept []string
	related := false
	for _, l := range lines {
		c := cleanLine(l, traditional, stats)
		if c == "" {
			continue
		}
		if isRelatedHead(c) && len(kept) > 0 {
			related = true
			continue
		}
		if related {
			// Link titles under a "相关阅读" heading are not prose.
			if !endsSentence(c) && utf8.RuneCountInString(c) <= 40 {
				continue
			}
			related = false
		}
		if isJunk(c) {
			continue
		}
		kept = append(kept, c)
	}
	if hanCount(strings.Join(kept, "")) == 0 {
		return nil, ErrNoArticle
	}
	a := &Article{}
	i := 0
	if !isDateLine(kept[0]) {
		a.Title = kept[0]
		i = 1
	}
	// The date line stands right under the title, or under a subtitle;
	// anything else keeps its place among the paragraphs.
	at := -1
	switch {
	case i < len(kept) && isDateLine(kept[i]):
		at = i
	case a.Title != "" && i+1 < len(kept) && isDateLine(kept[i+1]) && !endsSentence(kept[i]):
		at = i + 1
		a.Subtitle = kept[i]
	}
	for j := i; j < len(kept); j++ {
		switch {
		case j == at:
			a.dateLine = strings.TrimRight(metaTail.ReplaceAllString(kept[j], ""), separators)
			a.Date = dateRE.FindString(a.dateLine)
			if m := sourceRE.FindStringSubmatch(a.dateLine); m != nil {
				a.Source = m[1]
			}
		case a.Subtitle != "" && j == i:
		default:
			a.Paragraphs = append(a.Paragraphs, kept[j])
		}
	}
	return a, nil
}

// isDateLine reports the line that gives the date (and often the source)
// under a title.
func isDateLine(line string) bool {
	return utf8.RuneCountInString(line) <= 100 && !strings.HasSuffix(line, "。") && dateRE.MatchString(line)
}

// maxShiftTries bounds the work of finding out-of-step stretches in one
// page, so that a page of noise costs no more than a long article.
const maxShiftTries = 20000

// pageStats is what the line cleaner knows of the whole page.
type pageStats struct {
	doc    string
	freq   map[rune]int
	tries  int      // readings of out-of-step stretches left to try
	codecs []*codec // the encodings whose stretches are tried
}

// counts are how often each non-ASCII character occurs in the page.
func (p *pageStats) counts() map[rune]int {
	if p.freq == nil {
		p.freq = make(map[rune]int)
		for _, r := range p.doc {
			if r >= 0x80 {
				p.freq[r]++
			}
		}
	}
	return p.freq
}
