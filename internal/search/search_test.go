package search

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestBigrams(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", ""},
		{"党", "党"},
		{"党建", "党 党建 建"},
		{"党建工作", "党 党建 建 建工 工 工作 作"},
		{"学习，党章。", "学 学习 习 党 党章 章"},
		{"2024年 XI Jinping", "2024 年 xi jinping"},
		{"学习GDP报告", "学 学习 习 gdp 报 报告 告"},
		{"!!!，。、……", ""},
		{"“四走进”", "四 四走 走 走进 进"},
	}
	for _, tt := range tests {
		if got := Bigrams(tt.in); got != tt.want {
			t.Errorf("Bigrams(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestQuery(t *testing.T) {
	tests := []struct {
		in   string
		want Terms
		fts  string
	}{
		{"党", Terms{"党"}, `"党"`},
		{"党建", Terms{"党建"}, `"党建"`},
		{"党建工作", Terms{"党建", "建工", "工作"}, `"党建" AND "建工" AND "工作"`},
		{"  党 建 ", Terms{"党", "建"}, `"党" AND "建"`},
		{"Party 党员", Terms{"party", "党员"}, `"party" AND "党员"`},
		{"党党党", Terms{"党党"}, `"党党"`},
		{"", nil, ""},
		{"，。！？“”（）", nil, ""},
		{`" OR * NEAR(`, Terms{"or", "near"}, `"or" AND "near"`},
	}
	for _, tt := range tests {
		got := Query(tt.in)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Query(%q) (-want +got):\n%s", tt.in, diff)
		}
		if got.FTS5() != tt.fts {
			t.Errorf("Query(%q).FTS5() = %q, want %q", tt.in, got.FTS5(), tt.fts)
		}
		if got.Empty() != (len(tt.want) == 0) {
			t.Errorf("Query(%q).Empty() = %v", tt.in, got.Empty())
		}
	}
}

func TestQueryLong(t *testing.T) {
	got := Query(strings.Repeat("全面从严治党永远在路上", 1000))
	if len(got) == 0 || len(got) > MaxTerms {
		t.Errorf("a long query gives %d terms, want 1..%d", len(got), MaxTerms)
	}
}

func TestSnippet(t *testing.T) {
	tests := []struct {
		text, q string
		width   int
		want    string
	}{
		{"加强党建工作", "党建", 10, "加强<mark>党建</mark>工作"},
		{"一二三四五六七八九十党建工作", "党建", 3, "…八九十<mark>党建</mark>工作"},
		{"<b>党</b>的建设", "党", 20, "&lt;b&gt;<mark>党</mark>&lt;/b&gt;的建设"},
		{"Party work 党员", "PARTY", 20, "<mark>Party</mark> work 党员"},
		{"没有匹配的文字很长很长", "党", 3, "没有匹配的文字…"},
		{"第一行\n第二行", "二", 20, "第一行 第<mark>二</mark>行"},
		// Deep in a long text: the stretch around the match, cut at
		// whole characters, with ellipses both ends.
		{strings.Repeat("前", 500) + "党建" + strings.Repeat("后", 500) + "党建", "党建", 10,
			"…" + strings.Repeat("前", 10) + "<mark>党建</mark>" + strings.Repeat("后", 10) + "…"},
		{"GDP" + strings.Repeat("é", 300), "gdp", 5, "<mark>GDP</mark>" + strings.Repeat("é", 10) + "…"},
		{strings.Repeat("长", 300), "党", 4, strings.Repeat("长", 9) + "…"},
	}
	for _, tt := range tests {
		if got := Snippet(tt.text, tt.q, tt.width); got != tt.want {
			t.Errorf("Snippet(%q, %q) = %q, want %q", tt.text, tt.q, got, tt.want)
		}
	}
}

func FuzzQuery(f *testing.F) {
	for _, s := range []string{"党建", "\"", "a OR b", "（）", "党"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		terms := Query(q)
		for _, x := range terms {
			if x == "" || strings.ContainsAny(x, "\" ") {
				t.Fatalf("Query(%q) gives term %q", q, x)
			}
		}
		_ = Snippet(q+"文字"+q, q, 10)
	})
}
