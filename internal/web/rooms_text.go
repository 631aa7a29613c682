package web

import (
	"html"
	"html/template"
	"regexp"
	"strings"
)

// chatLink finds the links a message's text may turn into: http and https
// only, up to the first space, quote, angle bracket or Chinese punctuation.
var chatLink = regexp.MustCompile(`https?://[^\s<>"'“”‘’（）【】「」，。；：！？、]+`)

// chatHTML is a message's text as HTML: every character escaped, line
// breaks kept, and http(s) addresses made links that open without telling
// the other site where the reader came from. Nothing else in a message is
// markup: a message is text.
func chatHTML(text string) template.HTML {
	var b strings.Builder
	last := 0
	for _, loc := range chatLink.FindAllStringIndex(text, -1) {
		b.WriteString(escapeLines(text[last:loc[0]]))
		u := text[loc[0]:loc[1]]
		b.WriteString(`<a href="` + html.EscapeString(u) + `" rel="noopener noreferrer nofollow" target="_blank">` + html.EscapeString(u) + `</a>`)
		last = loc[1]
	}
	b.WriteString(escapeLines(text[last:]))
	return template.HTML(b.String())
}

func escapeLines(s string) string {
	return strings.ReplaceAll(html.EscapeString(s), "\n", "<br>")
}
