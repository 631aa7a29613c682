package clean

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A block is the text of one block-level element (a paragraph, a heading,
// a list item), in document order.
type block struct {
	text      string
	container *html.Node // the element that holds the text
	heading   int        // 1 for <h1>, 2 for <h2>, 0 otherwise
	links     bool       // the text is all links: a menu or a list of other articles
}

// skipped are elements whose text is never part of an article.
var skipped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Iframe: true, atom.Svg: true,
	atom.Template: true, atom.Object: true, atom.Select: true, atom.Button: true, atom.Nav: true,
	atom.Aside: true, atom.Footer: true, atom.Head: true, atom.Textarea: true, atom.Input: true,
}

var blockLevel = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Li: true, atom.Td: true, atom.Th: true, atom.Tr: true,
	atom.Section: true, atom.Article: true, atom.Blockquote: true, atom.Center: true,
	atom.Table: true, atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.Pre: true, atom.Header: true, atom.Main: true, atom.Figure: true, atom.Figcaption: true,
	atom.Address: true, atom.Body: true, atom.Form: true, atom.Span: false,
}

// furnitureClass and furnitureToken match the class or id of page
// furniture: navigation, breadcrumbs, share bars, sidebars, comments,
// footers.
var (
	furnitureClass = regexp.MustCompile(`(?i)share|breadcrumb|crumb|sidebar|comment|copyright|relate|footer|navbar|friendlink|jiathis|bdsharebutton`)
	furnitureToken = regexp.MustCompile(`(?i)(^|[\s_-])(nav|menu|foot|header|head|top|position|location|side|ads?|banner|search|login|toolbar|links?|tools?|hot|rank)($|[\s_\-0-9])`)
)

// htmlLines reads an HTML page and returns the article's lines: the
// title, what stands between the title and the text (subtitle, date,
// source), and the paragraphs.
func htmlLines(text string) ([]string, error) {
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return nil, ErrNoArticle
	}
	w := &walker{holdsH1: map[*html.Node]bool{}}
	markH1(doc, w.holdsH1)
	if t := find(doc, atom.Title); t != nil {
		w.title = textOf(t)
	}
	w.walk(doc, 0)
	w.flush()

	// The container of the article is the element whose paragraphs hold
	// the most Chinese text.
	score := map[*html.Node]int{}
	var best *html.Node
	for _, b := range w.blocks {
		n := hanCount(b.text)
		if n < 10 || b.heading != 0 || b.links {
			continue
		}
		// A paragraph counts for the element around it; a block of
		// several lines broken by <br> is an article body itself.
		c := b.container
		if !strings.Contains(b.text, "\n") && c.Parent != nil {
			c = c.Parent
		}
		score[c] += n
		if best == nil || score[c] > score[best] {
			best = c
		}
	}
	if best == nil || score[best] < 10 {
		return nil, ErrNoArticle
	}
	first, last := -1, -1
	for i, b := range w.blocks {
		if b.heading == 0 && !b.links && within(b.container, best) {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	// The title is the block before the text that the <title> names (a
	// site's logo may be the <h1>), else the last <h1>, else an <h2>
	// close above the text.
	titleAt := -1
	if t := pageTitle(w.title); hanCount(t) >= 4 {
		for i := first - 1; i >= 0 && i >= first-40 && titleAt < 0; i-- {
			if b := w.blocks[i].text; b == t || strings.HasPrefix(t, b) && hanCount(b) >= 4 {
				titleAt = i
			}
		}
	}
	for i := first - 1; i >= 0 && titleAt < 0; i-- {
		if w.blocks[i].heading == 1 {
			titleAt = i
		}
	}
	for i := first - 1; i >= 0 && titleAt < 0 && i >= first-8; i-- {
		if w.blocks[i].heading == 2 {
			titleAt = i
		}
	}
	var lines []string
	start := first
	if titleAt >= 0 {
		lines = append(lines, w.blocks[titleAt].text)
		start = titleAt + 1
	} else if t := pageTitle(w.title); t != "" && !strings.HasPrefix(w.blocks[first].text, t) {
		lines = append(lines, t)
		// The date and source usually stand just before the text.
		start = max(first-3, 0)
	}
	for i := start; i <= last; i++ {
		b := w.blocks[i]
		if b.links && i != titleAt {
			continue
		}
		if i < first || within(b.container, best) {
			lines = append(lines, strings.Split(b.text, "\n")...)
		}
	}
	return lines, nil
}

// pageTitle is the article's title from the <title> element, without the
// site and section names sites append after _ | or -.
func pageTitle(t string) string {
	t = strings.TrimSpace(t)
	for _, sep := range []string{"_", "｜", "|", " - ", "—", "--"} {
		if i := strings.Index(t, sep); i > 0 {
			t = t[:i]
		}
	}
	return strings.TrimSpace(t)
}

// within reports whether n is c or inside it.
func within(n, c *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == c {
			return true
		}
	}
	return false
}

func hanCount(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x3400 && unicode.Is(unicode.Han, r) {
			n++
		}
	}
	return n
}
