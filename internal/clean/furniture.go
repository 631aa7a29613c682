package clean

import (
	"strings"
	"unicode/utf8"
)

// Lines that are not the article are told by rule, never by matching a
// page's exact strings: keyword-stuffed spam lines, breadcrumbs, and short
// lines made only of page-furniture words and separators.

// sentenceEnd are the marks that end a sentence of prose.
const sentenceEnd = "。！？!?"

// spamWords are the words keyword-stuffed lines of mirror sites are made of.
var spamWords = []string{
	"在线观看", "免费下载", "高清", "手机版", "官方网站", "官网", "极速", "无广告", "完整版", "免费看",
	"彩票", "棋牌", "娱乐城", "博彩", "下载", "最新合集", "热门推荐", "全集", "破解版", "代理",
	"网赚", "兼职", "私服", "外挂", "贷款", "发票", "成人",
}

// furnitureWords are what share bars, tool bars and "more" links say.
var furnitureWords = []string{
	"分享到", "分享", "更多", "查看更多", "加载更多", "打印本页", "打印", "关闭窗口", "关闭", "返回顶部",
	"返回首页", "返回", "收藏本页", "收藏", "纠错", "微信", "新浪微博", "腾讯微博", "微博", "qq空间", "qq好友",
	"qq", "朋友圈", "人人网", "豆瓣", "字号", "字体", "默认", "放大", "缩小", "大", "中", "小",
	"上一篇", "下一篇", "扫一扫", "手机看", "在手机打开", "举报", "评论", "点赞", "顶部", "首页",
	"相关阅读", "相关新闻", "相关链接", "相关文章", "推荐阅读", "延伸阅读", "热点推荐", "点击排行",
	"阅读全文", "展开全文", "复制链接", "设为首页", "加入收藏", "网站地图", "联系我们", "本页",
	"当前页", "x", "×", "+1",
}

// furniturePrefixes begin lines that are furniture whatever follows (a
// keyword list, a link to the next article).
var furniturePrefixes = []string{
	"分享到", "关键词", "关键字", "标签", "tags", "tag", "上一篇", "下一篇", "扫一扫", "本文链接",
	"相关阅读", "相关新闻", "相关链接", "相关文章", "推荐阅读", "延伸阅读", "当前位置", "您的位置",
	"你的位置", "您现在的位置", "所在位置", "【打印", "【关闭", "【字号", "【字体", "字号：", "字号:",
}

// footerWords mark a site's footer line: copyright, licence number, owner.
var footerWords = []string{"版权所有", "copyright", "©", "icp备", "icp证", "公网安备", "技术支持：", "主办单位：", "主办：", "承办："}

// relatedHeads start the list of links to other articles that closes a page.
var relatedHeads = []string{"相关阅读", "相关新闻", "相关链接", "相关文章", "推荐阅读", "延伸阅读", "热点推荐", "猜你喜欢"}

const separators = " \t|｜/\\·•:：,，、;；>»›→＞-—_()（）[]【】<>《》\u00a0\u3000"

// isSpam reports a keyword-stuffed line: many short segments between bars
// and commas, or several spam words, and no sentence in it.
func isSpam(line string) bool {
	if strings.ContainsAny(line, "。！？") || dateRE.MatchString(line) {
		return false
	}
	bars := strings.Count(line, "|") + strings.Count(line, "｜")
	lower := strings.ToLower(line)
	n := 0
	for _, w := range spamWords {
		if strings.Contains(lower, w) {
			n++
		}
	}
	return n >= 3 || n >= 1 && bars >= 3 || bars >= 5
}

// isBreadcrumb reports a "首页 > 新闻 > 基层动态" line.
func isBreadcrumb(line string) bool {
	if strings.ContainsAny(line, "。！？，") {
		return false
	}
	parts := strings.FieldsFunc(line, func(r rune) bool { return strings.ContainsRune(">»›→＞", r) })
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if utf8.RuneCountInString(strings.TrimSpace(p)) > 16 {
			return false
		}
	}
	return true
}

// isFurniture reports a line of page furniture.
func isFurniture(line string) bool {
	if len(line) > 240 || utf8.RuneCountInString(line) > 80 {
		return false
	}
	lower := strings.ToLower(line)
	trimmed := strings.TrimLeft(lower, " 【[")
	for _, p := range furniturePrefixes {
		for _, l := range []string{lower, trimmed} {
			if rest, ok := strings.CutPrefix(l, p); ok && (p == "分享到" || strings.HasPrefix(p, "【") || labelEnd(rest)) {
				return true
			}
		}
	}
	if strings.ContainsAny(line, "。！？") {
		return false
	}
	for _, w := range footerWords {
		if strings.Contains(lower, w) {
			return true
		}
	}
	// Take away every furniture word and separator: furniture leaves nothing.
	rest := lower
	for _, w := range furnitureWords {
		rest = strings.ReplaceAll(rest, w, " ")
	}
	rest = strings.Trim(rest, separators+"0123456789")
	return rest == ""
}

// isRelatedHead reports the heading of a list of links to other articles.
func isRelatedHead(line string) bool {
	t := strings.Trim(line, separators)
	for _, h := range relatedHeads {
		if t == h {
			return true
		}
	}
	return false
}

// isJunk reports a line that is not part of the article.
func isJunk(line string) bool {
	return isSpam(line) || isBreadcrumb(line) || isFurniture(line)
}

// endsSentence reports whether a line ends like prose.
func endsSentence(line string) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimRight(line, "”’」』）)"))
	return strings.ContainsRune(sentenceEnd+"…", r)
}

// labelEnd reports whether rest, what follows a word at the start of a
// line, makes the word a label (关键词：…) rather than the start of prose.
func labelEnd(rest string) bool {
	r, _ := utf8.DecodeRuneInString(rest)
	return rest == "" || strings.ContainsRune(":： \t|｜】]\u3000>»", r)
}
