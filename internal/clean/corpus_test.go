package clean

import (
	"encoding/base64"
	"flag"
	"fmt"
	"mime/quotedprintable"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// The golden corpus is written from clean articles by the published rules
// of each corruption (corpus_articles_test.go): `go test -run TestCorpus
// -corpus` rewrites testdata/NAME.in.* and the expected NAME.out.txt,
// which is the clean article itself, so the expectation never comes from
// the cleaner. Review the diff, then commit.
var writeCorpus = flag.Bool("corpus", false, "rewrite the generated golden cases in testdata from their clean articles")

// art is a clean article: what the cleaner should print.
type art struct {
	title, sub, meta string
	paras            []string
}

func (a art) text() string {
	parts := []string{a.title}
	for _, s := range []string{a.sub, a.meta} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	parts = append(parts, a.paras...)
	return strings.Join(parts, "\n\n") + "\n"
}

// lines are the article's lines in order.
func (a art) lines() []string {
	return strings.Split(strings.TrimSuffix(a.text(), "\n"), "\n\n")
}

// A corpusCase is one golden case: its input bytes and expected text.
type corpusCase struct {
	name, ext string
	in        []byte
	want      string
}

func TestCorpus(t *testing.T) {
	if !*writeCorpus {
		t.Skip("run with -corpus to rewrite the generated cases")
	}
	cases := corpus(t)
	for _, c := range cases {
		if err := os.WriteFile(filepath.Join("testdata", c.name+".in."+c.ext), c.in, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("testdata", c.name+".out.txt"), []byte(c.want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// toTraditional writes s in Traditional characters by the inverse of the
// cleaner's own table, preferring a character the target encoding has.
func toTraditional(t *testing.T, s string, enc encoding.Encoding) string {
	inv := map[rune][]rune{}
	for tr, sr := range tables().t2s {
		inv[sr] = append(inv[sr], tr)
	}
	var b strings.Builder
	for _, r := range s {
		cands := inv[r]
		sort.Slice(cands, func(i, j int) bool { return cands[i] < cands[j] })
		out := r
		for _, c := range cands {
			if enc == nil {
				out = c
				break
			}
			if _, err := enc.NewEncoder().String(string(c)); err == nil {
				out = c
				break
			}
		}
		b.WriteRune(out)
	}
	return b.String()
}

// shiftAt misreads the GBK bytes of line from the first byte of at on:
// that byte is lost, and the decoder reads the rest out of step until it
// falls back in step by itself.
func shiftAt(t *testing.T, line, at string) string {
	i := strings.Index(line, at)
	if i < 0 {
		t.Fatalf("shiftAt: %q not in %q", at, line)
	}
	head, err := simplifiedchinese.GBK.NewEncoder().String(line[:i])
	if err != nil {
		t.Fatal(err)
	}
	tail, err := simplifiedchinese.GBK.NewEncoder().String(line[i:])
	if err != nil {
		t.Fatal(err)
	}
	out, err := simplifiedchinese.GBK.NewDecoder().String(head + tail[1:])
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// dropByte is line in enc with the first byte of at lost: what a page
// with one byte missing holds.
func dropByte(t *testing.T, line, at string, enc encoding.Encoding) []byte {
	i := strings.Index(line, at)
	if i < 0 {
		t.Fatalf("dropByte: %q not in %q", at, line)
	}
	head := encode(t, line[:i], enc)
	tail := encode(t, line[i:], enc)
	return append(head, tail[1:]...)
}

// glue puts pinyin in brackets after the first occurrence of each character.
func glue(s string, pinyin ...string) string {
	for i := 0; i+1 < len(pinyin); i += 2 {
		s = strings.Replace(s, pinyin[i], pinyin[i]+pinyin[i+1], 1)
	}
	return s
}

// injectCommas pushes an ASCII comma in before every n-th 。 and 、.
func injectCommas(s string, n int) string {
	var b strings.Builder
	k := 0
	for _, r := range s {
		if r == '。' || r == '、' {
			k++
			if k%n == 0 {
				b.WriteByte(',')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

func encode(t *testing.T, s string, enc encoding.Encoding) []byte {
	if enc == nil {
		return []byte(s)
	}
	out, err := enc.NewEncoder().String(s)
	if err != nil {
		t.Fatalf("encode %T: %v", enc, err)
	}
	return []byte(out)
}

var (
	gbk     = simplifiedchinese.GBK
	gb18030 = simplifiedchinese.GB18030
	big5    = traditionalchinese.Big5
)

// newsPage is a whole news-site page around an article: head with scripts
// and styles, navigation, breadcrumb, header, sidebar, share bar, comments
// and footer. body is the article's paragraphs as HTML.
func newsPage(charset, site string, a art, body string) string {
	meta := ""
	if charset != "" {
		meta = fmt.Sprintf(`<meta http-equiv="Content-Type" content="text/html; charset=%s">`, charset)
	}
	sub := ""
	if a.sub != "" {
		sub = "<h2 class=\"subtitle\">" + a.sub + "</h2>\n"
	}
	return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
` + meta + `
<title>` + a.title + `_基层动态_` + site + `</title>
<meta name="keywords" content="党建,基层,新闻,` + site + `">
<style>body{font-family:"微软雅黑";} .nav li{float:left;}</style>
<script>var _hmt = _hmt || []; document.write("欢迎访问` + site + `");</script>
</head>
<body>
<div class="header"><div class="logo">` + site + `</div><div class="search"><input type="text" value="请输入关键词"><button>搜索</button></div></div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/news/">新闻中心</a></li><li><a href="/dj/">党建工作</a></li><li><a href="/jc/">基层动态</a></li><li><a href="/zt/">专题专栏</a></li></ul>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/jc/">基层动态</a> &gt; 正文</div>
<!-- 正文开始 -->
<div class="main">
<div class="left">
<h1>` + a.title + `</h1>
` + sub + `<div class="info">` + a.meta + `&nbsp;&nbsp;<span class="share">分享到：<a>微信</a><a>微博</a><a>QQ空间</a></span></div>
<div class="article-content" id="zoom">
` + body + `
</div>
<div class="page-tools">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
<div class="related"><h3>相关新闻</h3><ul><li><a href="/1.html">区委召开党建工作推进会</a></li><li><a href="/2.html">机关党员志愿服务活动走进社区</a></li></ul></div>
</div>
<div class="sidebar"><h3>热点新闻</h3><ul><li><a href="/3.html">全市基层党建工作会议召开，部署下半年重点任务</a></li><li><a href="/4.html">我市开展“七一”表彰活动，表彰一批先进基层党组织和优秀共产党员</a></li></ul></div>
</div>
<!-- 正文结束 -->
<div class="footer"><p>版权所有：` + site + ` 主办单位：示例市委宣传部</p><p>备案号：示ICP备12345678号 技术支持：示例网络公司</p></div>
<script src="/js/stat.js"></script>
</body>
</html>
`
}

// pParas writes paragraphs as <p> elements, indented the way many sites do.
func pParas(paras []string) string {
	var b strings.Builder
	for _, p := range paras {
		b.WriteString("<p style=\"text-indent:2em\">" + p + "</p>\n")
	}
	return b.String()
}

// mht wraps an HTML page in a saved-page archive with a stylesheet and an
// image part, its page part in the given transfer encoding.
func mht(page []byte, charset, cte string) []byte {
	var body string
	switch cte {
	case "base64":
		enc := base64.StdEncoding.EncodeToString(page)
		var b strings.Builder
		for len(enc) > 76 {
			b.WriteString(enc[:76] + "\r\n")
			enc = enc[76:]
		}
		b.WriteString(enc + "\r\n")
		body = b.String()
	default:
		var b strings.Builder
		w := quotedprintable.NewWriter(&b)
		w.Write(page)
		w.Close()
		body = b.String()
	}
	ct := "text/html"
	if charset != "" {
		ct += "; charset=\"" + charset + "\""
	}
	return []byte("From: <Saved by Blink>\r\n" +
		"Snapshot-Content-Location: http://news.example.cn/jc/2023/0518/1.html\r\n" +
		"Subject: news\r\n" +
		"Date: Thu, 18 May 2023 10:30:00 +0800\r\n" +
		"MIME-Version: 1.0\r\n" +
		"Content-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"----MultipartBoundary--abc123----\"\r\n\r\n\r\n" +
		"------MultipartBoundary--abc123----\r\n" +
		"Content-Type: " + ct + "\r\n" +
		"Content-ID: <frame-1@mhtml.blink>\r\n" +
		"Content-Transfer-Encoding: " + cte + "\r\n" +
		"Content-Location: http://news.example.cn/jc/2023/0518/1.html\r\n\r\n" +
		body + "\r\n" +
		"------MultipartBoundary--abc123----\r\n" +
		"Content-Type: text/css\r\n" +
		"Content-Transfer-Encoding: quoted-printable\r\n" +
		"Content-Location: http://news.example.cn/css/main.css\r\n\r\n" +
		"body { margin: 0; }\r\n\r\n" +
		"------MultipartBoundary--abc123----\r\n" +
		"Content-Type: image/png\r\n" +
		"Content-Transfer-Encoding: base64\r\n" +
		"Content-Location: http://news.example.cn/img/logo.png\r\n\r\n" +
		"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==\r\n\r\n" +
		"------MultipartBoundary--abc123------\r\n")
}
