package web

import (
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
)

// A material's body places its own photos by file name, as figures with
// their caption; anything else that looks like an image stays text, and
// nothing a user typed becomes HTML.
func TestMaterialHTMLImages(t *testing.T) {
	photos := []huoshui.Attachment{
		{ID: 11, Kind: huoshui.AttachmentPhoto, Name: "展板.jpg", Width: 1600, Height: 1200},
		{ID: 12, Kind: huoshui.AttachmentPhoto, Name: `"><script>alert(1)</script>.jpg`},
		{ID: 13, Kind: huoshui.AttachmentPhoto, Name: "IMG_0412 (1).jpg"},
		{ID: 14, Kind: huoshui.AttachmentPhoto, Name: "未放入.jpg"},
		{ID: 15, Kind: huoshui.AttachmentPhoto, Name: "展板.jpg"}, // a later photo of the same name
	}
	for _, tt := range []struct {
		name, body string
		want       []string // each in the HTML
		not        []string // none in the HTML
		placed     []int64
	}{
		{
			name: "a photo with its caption",
			body: "第一段。\n![支部展板](展板.jpg)\n第二段。",
			want: []string{
				"<p>第一段。</p>\n",
				`<figure><img src="/materials/7/attachments/11" alt="支部展板" loading="lazy" width="1600" height="1200"><figcaption>支部展板</figcaption></figure>`,
				"<p>第二段。</p>",
			},
			placed: []int64{11},
		},
		{
			name:   "no caption: the file name is its text, and no empty caption",
			body:   "![](IMG_0412 (1).jpg)",
			want:   []string{`<figure><img src="/materials/7/attachments/13" alt="IMG_0412 (1).jpg" loading="lazy"></figure>`},
			not:    []string{"<figcaption>"},
			placed: []int64{13},
		},
		{
			name: "a hostile caption and file name are escaped",
			body: `![<img src=x onerror=alert(1)>"](` + `"><script>alert(1)</script>.jpg)`,
			want: []string{`<img src="/materials/7/attachments/12" alt="&lt;img src=x onerror=alert(1)&gt;&#34;" loading="lazy">`,
				`<figcaption>&lt;img src=x onerror=alert(1)&gt;&#34;</figcaption>`},
			not:    []string{"<script", "<img src=x"},
			placed: []int64{12},
		},
		{
			name: "an address elsewhere is text, never an image",
			body: "![外部图片](https://example.com/track.jpg)\n\n![](//example.com/a.jpg)\n\n![x](javascript:alert(1))",
			want: []string{"<p>![外部图片](https://example.com/track.jpg)</p>", "<p>![](//example.com/a.jpg)</p>",
				"<p>![x](javascript:alert(1))</p>"},
			not: []string{"<img", "<a ", "<figure"},
		},
		{
			name: "a name the material has no photo of is text",
			body: "![说明](没有这张.jpg)\n![说明](<b>.jpg)",
			want: []string{"<p>![说明](没有这张.jpg)<br>![说明](&lt;b&gt;.jpg)</p>"},
			not:  []string{"<img", "<b>"},
		},
		{
			name:   "an image line ends a list and is not inside a paragraph",
			body:   "- 学习党章\n![展板](展板.jpg)\n- 学习党规",
			want:   []string{"<ul>\n<li>学习党章</li>\n</ul>\n<figure>", "</figure>\n<ul>\n<li>学习党规</li>"},
			placed: []int64{11},
		},
		{
			name: "an image in the middle of a line stays text (its brackets may read as a link)",
			body: "见图 ![展板](展板.jpg)",
			not:  []string{"<img", "<figure"},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, placed := materialHTML(tt.body, 7, photos)
			for _, w := range tt.want {
				if !strings.Contains(string(got), w) {
					t.Errorf("the HTML lacks %q:\n%s", w, got)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(string(got), n) {
					t.Errorf("the HTML holds %q:\n%s", n, got)
				}
			}
			if len(placed) != len(tt.placed) {
				t.Errorf("placed %v, want %v", placed, tt.placed)
			}
			for _, id := range tt.placed {
				if !placed[id] {
					t.Errorf("photo %d not placed (%v)", id, placed)
				}
			}
		})
	}
	// Files are never placed, even by their name.
	files := []huoshui.Attachment{{ID: 21, Kind: huoshui.AttachmentFile, Name: "原文.pdf"}}
	if got, placed := materialHTML("![原文](原文.pdf)", 7, files); strings.Contains(string(got), "<img") || len(placed) != 0 {
		t.Errorf("a file placed as an image: %s", got)
	}
}

// A second upload of a name the material has gets a name of its own, so
// that the body's line says which photo it means.
func TestUniqueNames(t *testing.T) {
	have := []huoshui.Attachment{{Name: "合影.jpg"}, {Name: "合影-2.jpg"}, {Name: "原文.pdf"}}
	long := strings.Repeat("长", maxNameRunes-4) + ".jpg"
	xs := []*huoshui.Attachment{{Name: "合影.jpg"}, {Name: "合影.jpg"}, {Name: "新.jpg"}, {Name: "原文.pdf"}, {Name: long}, {Name: long}}
	uniqueNames(have, xs)
	var got []string
	for _, x := range xs {
		got = append(got, x.Name)
	}
	want := []string{"合影-3.jpg", "合影-4.jpg", "新.jpg", "原文-2.pdf", long, strings.Repeat("长", maxNameRunes-6) + "-2.jpg"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("names %q, want %q", got, want)
	}
}
