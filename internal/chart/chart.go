// Package chart draws the dashboard's charts as SVG on the server: a page
// is one round trip, prints as it shows, and needs no script. It is pure:
// numbers and labels in, markup out. The markup carries classes, not
// colours (chart-bar, chart-track, chart-label, chart-value), so the
// stylesheet keeps the look; every text is escaped, every number can link
// to the records behind it, and each chart says what it shows to a screen
// reader (role="img" with a title listing the values).
package chart

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
)

// Bar is one bar: what it counts, how many, the number as it is shown
// (empty: Value as a whole number), and the page of the records behind it
// (a path on this site, or empty for none).
type Bar struct {
	Label string
	Value float64
	Text  string
	Href  string
}

func (b Bar) text() string {
	if b.Text != "" {
		return b.Text
	}
	return strconv.FormatFloat(math.Round(clean(b.Value)), 'f', -1, 64)
}

// clean is a value a chart can draw: not negative, not NaN, finite.
func clean(v float64) float64 {
	if math.IsNaN(v) || v < 0 {
		return 0
	}
	if math.IsInf(v, 1) {
		return math.MaxFloat64
	}
	return v
}

// Geometry of a bar chart, in the units of its viewBox; the SVG scales to
// the width of its box.
const (
	width      = 640
	labelWidth = 150
	valueWidth = 90
	rowHeight  = 30
	barHeight  = 18
)

// Bars draws a horizontal bar chart, one row a bar, each bar as long as
// its value against the largest, its number at the end linking to its
// records. title names the chart for screen readers; empty is what it
// says when there are no bars.
func Bars(title string, bars []Bar, empty string) string {
	if len(bars) == 0 {
		return `<p class="chart-empty">` + esc(empty) + `</p>`
	}
	top := 0.0
	for _, b := range bars {
		top = math.Max(top, clean(b.Value))
	}
	h := len(bars) * rowHeight
	var sb strings.Builder
	id := chartID(title, bars)
	fmt.Fprintf(&sb, `<svg class="chart chart-bars" viewBox="0 0 %d %d" width="100%%" role="img" aria-labelledby="%s">`, width, h, id)
	fmt.Fprintf(&sb, `<title id="%s">%s</title>`, id, esc(summary(title, bars)))
	track := width - labelWidth - valueWidth
	for i, b := range bars {
		y := i * rowHeight
		w := 0.0
		if top > 0 {
			w = clean(b.Value) / top * float64(track)
		}
		mid := y + rowHeight/2
		fmt.Fprintf(&sb, `<text class="chart-label" x="%d" y="%d" text-anchor="end" dominant-baseline="middle">%s</text>`,
			labelWidth-8, mid, esc(b.Label))
		fmt.Fprintf(&sb, `<rect class="chart-track" x="%d" y="%d" width="%d" height="%d" rx="3"/>`,
			labelWidth, mid-barHeight/2, track, barHeight)
		if w > 0 {
			fmt.Fprintf(&sb, `<rect class="chart-bar" x="%d" y="%d" width="%s" height="%d" rx="3"/>`,
				labelWidth, mid-barHeight/2, num(math.Max(w, 2)), barHeight)
		}
		value := fmt.Sprintf(`<text class="chart-value" x="%d" y="%d" dominant-baseline="middle">%s</text>`,
			labelWidth+track+8, mid, esc(b.text()))
		sb.WriteString(link(b.Href, value))
	}
	sb.WriteString(`</svg>`)
	return sb.String()
}

// Progress draws how far done has come toward target: a track, the part
// done, and the text ("24 / 32 学时"), the whole linking to href. A done
// past the target fills the track.
func Progress(title string, done, target float64, text, href string) string {
	const w, h, bar = width, 34, 16
	share := 0.0
	if clean(target) > 0 {
		share = math.Min(1, clean(done)/clean(target))
	}
	// The text sits after the track, which leaves it the room it needs:
	// a Chinese character is about as wide as the font is high.
	track := w - max(valueWidth, textWidth(text)) - 8
	id := chartID(title, []Bar{{Label: text, Value: done}, {Value: target}})
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="chart chart-progress" viewBox="0 0 %d %d" width="100%%" role="img" aria-labelledby="%s">`, w, h, id)
	fmt.Fprintf(&sb, `<title id="%s">%s</title>`, id, esc(title+"："+text))
	fmt.Fprintf(&sb, `<rect class="chart-track" x="0" y="%d" width="%d" height="%d" rx="8"/>`, (h-bar)/2, track, bar)
	if share > 0 {
		fmt.Fprintf(&sb, `<rect class="chart-bar" x="0" y="%d" width="%s" height="%d" rx="8"/>`,
			(h-bar)/2, num(math.Max(share*float64(track), 4)), bar)
	}
	value := fmt.Sprintf(`<text class="chart-value" x="%d" y="%d" dominant-baseline="middle">%s</text>`, track+8, h/2, esc(text))
	sb.WriteString(link(href, value))
	sb.WriteString(`</svg>`)
	return sb.String()
}

// textWidth is about how wide text is drawn at the charts' 14px: a full
// width character 14, any other 8.
func textWidth(text string) int {
	n := 0
	for _, r := range text {
		if r >= 0x2E80 {
			n += 14
		} else {
			n += 8
		}
	}
	return n
}

// summary is a chart's title with its values, for screen readers.
func summary(title string, bars []Bar) string {
	parts := make([]string, len(bars))
	for i, b := range bars {
		parts[i] = b.Label + " " + b.text()
	}
	return title + "：" + strings.Join(parts, "，")
}

// chartID is an id for a chart's title, the same for the same chart, so
// two charts on one page do not share one.
func chartID(title string, bars []Bar) string {
	h := uint32(2166136261) // FNV-1a
	add := func(s string) {
		for i := 0; i < len(s); i++ {
			h ^= uint32(s[i])
			h *= 16777619
		}
	}
	add(title)
	for _, b := range bars {
		add(b.Label)
		add(b.text())
		add(b.Href)
	}
	return fmt.Sprintf("chart-%08x", h)
}

// link wraps markup in a link to href when href is a path on this site;
// any other address is dropped.
func link(href, inner string) string {
	if !strings.HasPrefix(href, "/") || strings.HasPrefix(href, "//") || strings.HasPrefix(href, "/\\") {
		return inner
	}
	return `<a href="` + esc(href) + `">` + inner + `</a>`
}

// num writes a length with at most one decimal.
func num(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }

func esc(s string) string { return html.EscapeString(s) }
