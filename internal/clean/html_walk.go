package clean

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// walker turns the document tree into blocks of text.
type walker struct {
	blocks    []block
	buf       strings.Builder
	container *html.Node
	heading   int
	title     string
	holdsH1   map[*html.Node]bool // the <h1> elements and their ancestors
	inLink    int                 // depth of <a> elements around the text
	inPre     int                 // depth of <pre> elements, whose line breaks are kept
	linkHan   int                 // Han characters of the block inside links
}

func (w *walker) walk(n *html.Node, heading int) {
	switch n.Type {
	case html.TextNode:
		if w.inPre > 0 {
			w.buf.WriteString(strings.ReplaceAll(n.Data, "\n", string(brMark)))
		} else {
			w.buf.WriteString(n.Data)
		}
		if w.inLink > 0 {
			w.linkHan += hanCount(n.Data)
		}
		return
	case html.ElementNode:
		if skipped[n.DataAtom] || furniture(n) && !w.holdsH1[n] {
			return
		}
		if n.DataAtom == atom.Br {
			w.buf.WriteRune(brMark)
			return
		}
		switch n.DataAtom {
		case atom.H1:
			heading = 1
		case atom.H2:
			if heading == 0 {
				heading = 2
			}
		}
		switch n.DataAtom {
		case atom.A:
			w.inLink++
			defer func() { w.inLink-- }()
		case atom.Pre:
			w.inPre++
			defer func() { w.inPre-- }()
		}
		if blockLevel[n.DataAtom] {
			w.flush()
			w.container, w.heading = n, heading
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				w.walk(c, heading)
			}
			w.flush()
			w.container, w.heading = n.Parent, 0
			return
		}
	case html.CommentNode, html.DoctypeNode:
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c, heading)
	}
}

// flush ends the current block.
func (w *walker) flush() {
	t := collapse(w.buf.String())
	w.buf.Reset()
	linkHan := w.linkHan
	w.linkHan = 0
	if t == "" || w.container == nil {
		return
	}
	han := hanCount(t)
	links := han > 0 && linkHan*10 >= han*9 && !strings.ContainsAny(t, "。！？")
	w.blocks = append(w.blocks, block{text: t, container: w.container, heading: w.heading, links: links})
}

// furniture reports whether n is page furniture by its class or id.
func furniture(n *html.Node) bool {
	for _, a := range n.Attr {
		if (a.Key == "class" || a.Key == "id") && (furnitureClass.MatchString(a.Val) || furnitureToken.MatchString(a.Val)) {
			return true
		}
	}
	return n.DataAtom == atom.Header
}

// find is the first element of type a under n.
func find(n *html.Node, a atom.Atom) *html.Node {
	if n.Type == html.ElementNode && n.DataAtom == a {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := find(c, a); f != nil {
			return f
		}
	}
	return nil
}

// markH1 marks every <h1> and its ancestors: they hold the title, so they
// are never furniture.
func markH1(n *html.Node, marks map[*html.Node]bool) {
	if n.Type == html.ElementNode && n.DataAtom == atom.H1 {
		for a := n; a != nil && !marks[a]; a = a.Parent {
			marks[a] = true
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		markH1(c, marks)
	}
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var f func(*html.Node)
	f = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			f(c)
		}
	}
	f(n)
	return collapse(b.String())
}

// collapse tidies the white space of HTML text: a run with a line break
// between two Chinese characters is the source's line wrapping and goes;
// other runs become one space; <br> breaks stay as line breaks.
func collapse(s string) string {
	var b strings.Builder
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) || r == 0x3000 {
			b.WriteRune(r)
			i += size
			continue
		}
		j, newline := i, false
		for j < len(s) {
			r2, sz := utf8.DecodeRuneInString(s[j:])
			if !unicode.IsSpace(r2) || r2 == 0x3000 {
				break
			}
			newline = newline || r2 == '\n' || r2 == '\r'
			j += sz
		}
		prev, _ := utf8.DecodeLastRuneInString(b.String())
		next, _ := utf8.DecodeRuneInString(s[j:])
		switch {
		case b.Len() == 0 || j == len(s):
		case newline && prev >= 0x2E80 && next >= 0x2E80:
		default:
			b.WriteByte(' ')
		}
		i = j
	}
	out := strings.TrimSpace(b.String())
	if strings.ContainsRune(out, brMark) {
		parts := strings.Split(out, string(brMark))
		kept := parts[:0]
		for _, p := range parts {
			if p = strings.TrimSpace(p); p != "" {
				kept = append(kept, p)
			}
		}
		out = strings.Join(kept, "\n")
	}
	return out
}

// brMark stands for a <br> while white space is collapsed.
const brMark = '\uE000'
