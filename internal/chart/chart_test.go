package chart

import (
	"encoding/xml"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// wellFormed fails the test when markup is not well-formed XML.
func wellFormed(t *testing.T, markup string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(markup))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, markup)
		}
	}
}

var barWidthRE = regexp.MustCompile(`class="chart-bar" x="\d+" y="\d+" width="([0-9.]+)"`)

func barWidths(t *testing.T, markup string) []float64 {
	t.Helper()
	var out []float64
	for _, m := range barWidthRE.FindAllStringSubmatch(markup, -1) {
		w, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, w)
	}
	return out
}

func TestBars(t *testing.T) {
	svg := Bars("成果", []Bar{
		{Label: "国家级", Value: 10, Href: "/outputs?level=national"},
		{Label: "省级", Value: 5, Href: "/outputs?level=provincial"},
		{Label: "市级", Value: 0},
	}, "没有记录")
	wellFormed(t, svg)
	w := barWidths(t, svg)
	if len(w) != 2 {
		t.Fatalf("bars drawn: %v, want two (a zero draws none)", w)
	}
	if math.Abs(w[0]-2*w[1]) > 0.2 || w[0] != width-labelWidth-valueWidth {
		t.Errorf("widths %v: the largest should fill the track, half the value half the length", w)
	}
	for _, want := range []string{`<a href="/outputs?level=national">`, ">10<", ">5<", ">0<", "国家级 10，省级 5，市级 0", `role="img"`} {
		if !strings.Contains(svg, want) {
			t.Errorf("chart lacks %q:\n%s", want, svg)
		}
	}
	if strings.Count(svg, "<a ") != 2 {
		t.Errorf("a bar without a page has a link:\n%s", svg)
	}
}

func TestBarsEscapeAndRefuse(t *testing.T) {
	svg := Bars(`<script>`, []Bar{
		{Label: `</text><script>alert(1)</script>`, Value: 3, Href: "javascript:alert(1)"},
		{Label: "外链", Value: math.NaN(), Href: "//evil.example/x"},
		{Label: "负数", Value: -4, Text: `"3"`, Href: "https://evil.example/"},
	}, "")
	wellFormed(t, svg)
	if strings.Contains(svg, "<script") || strings.Contains(svg, "javascript:") || strings.Contains(svg, "evil.example") {
		t.Errorf("hostile text or links came through:\n%s", svg)
	}
	if w := barWidths(t, svg); len(w) != 1 {
		t.Errorf("NaN and negative values draw bars: %v", w)
	}
}

func TestBarsEmptyAndZero(t *testing.T) {
	if got := Bars("成果", nil, "还没有成果记录"); got != `<p class="chart-empty">还没有成果记录</p>` {
		t.Errorf("empty chart: %s", got)
	}
	svg := Bars("成果", []Bar{{Label: "国家级"}, {Label: "省级"}}, "")
	wellFormed(t, svg)
	if w := barWidths(t, svg); len(w) != 0 {
		t.Errorf("all zero draws bars: %v", w)
	}
}

func TestProgress(t *testing.T) {
	tests := []struct {
		done, target float64
		want         float64 // share of the track
	}{
		{24, 32, 0.75},
		{40, 32, 1},
		{0, 32, 0},
		{5, 0, 0},
	}
	track := float64(width - valueWidth - 8)
	for _, tt := range tests {
		svg := Progress("学时", tt.done, tt.target, "24 / 32 学时", "/study")
		wellFormed(t, svg)
		w := barWidths(t, svg)
		got := 0.0
		if len(w) == 1 {
			got = w[0] / track
		}
		if math.Abs(got-tt.want) > 0.01 {
			t.Errorf("Progress(%v of %v): share %.3f, want %.3f", tt.done, tt.target, got, tt.want)
		}
		if !strings.Contains(svg, `<a href="/study">`) || !strings.Contains(svg, "学时：24 / 32 学时") {
			t.Errorf("progress lacks its link or title:\n%s", svg)
		}
	}
}

// A long Chinese text after the track is not cut off at the chart's
// right edge: the track shortens to leave it room.
func TestProgressLeavesRoomForItsText(t *testing.T) {
	text := "21 / 35 次活动带来工作成果"
	svg := Progress("党建促业务", 21, 35, text, "")
	wellFormed(t, svg)
	m := regexp.MustCompile(`<text class="chart-value" x="(\d+)"`).FindStringSubmatch(svg)
	if m == nil {
		t.Fatalf("no value text:\n%s", svg)
	}
	x, _ := strconv.Atoi(m[1])
	// Drawn at 14px, a Chinese character is about 14 wide, a digit,
	// space or slash about 8.
	drawn := 0
	for _, r := range text {
		if utf8.RuneLen(r) > 1 {
			drawn += 14
		} else {
			drawn += 8
		}
	}
	if end := x + drawn; end > width {
		t.Errorf("the text %q starts at x=%d and runs to about %d, past the chart's width %d", text, x, end, width)
	}
}

func TestChartIDsDiffer(t *testing.T) {
	a := chartID("发表文章", []Bar{{Label: "国家级", Value: 1}})
	b := chartID("获奖", []Bar{{Label: "国家级", Value: 1}})
	if a == b {
		t.Errorf("two charts share the id %s", a)
	}
}
