package clean

import (
	"strings"
	"testing"
)

// The clean articles of the corpus. They are made up, in the style of the
// news a branch studies from.
var (
	artA = art{
		title: "党员先锋岗让群众办事更方便",
		sub:   "市行政审批局第二党支部创建“党员先锋岗”见闻",
		meta:  "2023年05月18日 10:20 | 来源：示例日报",
		paras: []string{
			"走进市政务服务中心，一排挂着“党员先锋岗”牌子的窗口格外显眼。今年以来，市行政审批局第二党支部把十六名党员安排到群众办事最集中的窗口，推行“一次告知、一窗受理、限时办结”。",
			"支部书记刘示例说：“窗口就是阵地，党员就要站在最前面。”支部每周收集群众意见，对反映较多的问题当周研究、当周整改。",
			"截至四月底，先锋岗共受理事项两万三千余件，群众满意率达到百分之九十九。企业开办时间由五个工作日压缩到一个工作日。",
			"下一步，支部将推出延时服务和上门服务，让群众少跑腿、好办事。",
			"责任编辑：赵示例",
		},
	}
	artB = art{
		title: "小小积分卡激发党员新活力",
		meta:  "2022-11-03 来源：示例网 作者：孙示例",
		paras: []string{
			"在城东街道机关党支部，每名党员都有一张“积分卡”。参加学习、志愿服务、结对帮扶都能积分，年底积分作为评先评优的重要参考。",
			"“以前有的党员参加活动不积极，现在大家抢着报名。”支部组织委员说。积分卡实行一月一公示，谁做了什么，大家心里都有数。",
			"积分制实行一年来，支部党员参加志愿服务一千二百多小时，帮助困难群众解决实际问题四十多件。",
			"记者注意到，积分卡的背面印着一句话：“党员的分量，在群众心里。”",
		},
	}
	artC = art{
		title: "用好“学习强国”平台 推动学习常态化",
		meta:  "2024年03月08日 | 来源:示例报",
		paras: []string{
			"3月以来，区直机关工委组织各支部用好“学习强国”App和本地的5G党建平台，把每天学习30分钟作为基本要求。",
			"工委负责人介绍，平台数据显示，全区党员人均学习积分比去年同期增长了12.5%。不少支部还开设了“周五微课堂”，由党员轮流讲一个小故事。",
			"青年党员小李说：“以前学习靠集中，现在随时随地都能学，学了还能马上用到工作中。”",
			"编辑:周示例",
		},
	}
	artD = art{
		title: "老党员讲党课 红色故事代代传",
		meta:  "2021年07月01日 来源：示例县融媒体中心",
		paras: []string{
			"七月一日上午，示例县老干部活动中心座无虚席。八十六岁的老党员王示例为青年干部讲了一堂生动的党课。",
			"他讲述了自己入党时的经历，讲述了当年修水库、建学校的艰苦岁月。他说，共产党员要把群众的冷暖放在心上。",
			"听完党课，青年干部纷纷表示，要学习老党员的精神，在岗位上做出新的成绩。",
		},
	}
	// artE is written in Traditional characters by hand (artETrad) and in
	// Simplified here: the table is checked against a person's conversion.
	artE = art{
		title: "社区党支部开展“我为群众办实事”志愿服务",
		meta:  "2022年06月15日 来源：示例晚报",
		paras: []string{
			"六月以来，幸福里社区党支部组织党员志愿者走进居民楼，为老人测量血压、修理电器、整理庭院，累计服务三百余人次。",
			"支部书记介绍，志愿服务坚持“群众点单、支部派单、党员接单”，把居民反映最多的问题列成清单，逐项销号。",
			"七十八岁的独居老人张阿姨说：“党员们常来看我，帮我买菜、陪我聊天，这比什么都强。”",
			"下一步，支部将把志愿服务和网格管理结合起来，让每一名党员都联系几户居民，做到有事及时知道、及时办理。",
		},
	}
	artETrad = art{
		title: "社區黨支部開展“我為群眾辦實事”志願服務",
		meta:  "2022年06月15日 來源：示例晚報",
		paras: []string{
			"六月以來，幸福里社區黨支部組織黨員志願者走進居民樓，為老人測量血壓、修理電器、整理庭院，累計服務三百餘人次。",
			"支部書記介紹，志願服務堅持“群眾點單、支部派單、黨員接單”，把居民反映最多的問題列成清單，逐項銷號。",
			"七十八歲的獨居老人張阿姨說：“黨員們常來看我，幫我買菜、陪我聊天，這比什麼都強。”",
			"下一步，支部將把志願服務和網格管理結合起來，讓每一名黨員都聯繫幾戶居民，做到有事及時知道、及時辦理。",
		},
	}
	artF = art{
		title: "山区小学迎来“红色书屋”",
		meta:  "2023年09月10日 来源：示例教育网",
		paras: []string{
			"开学第一天，位于大山深处的示例村小学迎来了一间崭新的“红色书屋”。书屋由县委组织部机关党支部捐建，共有图书两千余册。",
			"书屋的名字由学生们投票选出。四年级学生王𬌗说：“我最喜欢看英雄的故事。”",
			"支部还与学校结成对子，每月派党员到学校开展一次读书分享活动。",
		},
	}
)

// artG is clean text whose paragraphs begin with furniture words used as
// prose: they must stay.
var artG = art{
	title: "标签化管理让党员教育更精准",
	meta:  "2024年01月20日 来源：示例党建网",
	paras: []string{
		"标签化管理是示例区机关党工委今年推出的新做法。工委给每名党员建立学习档案，按岗位和需求分类施教。",
		"更多的党员在这项工作中找到了适合自己的学习方式",
		"分享经验时，一名支部书记说：“找准需求，学习才有实效。”",
		"上一篇文章里提到的“积分卡”，在这里也用上了。",
		"关键在于坚持",
	},
}

// mirrorText is a plain-text page as a mirror site leaves it: spam on
// top, a breadcrumb, the article lines (already damaged by the caller),
// and furniture below.
func mirrorText(top []string, lines []string, bottom []string) string {
	var all []string
	all = append(all, top...)
	all = append(all, lines...)
	all = append(all, bottom...)
	return strings.Join(all, "\n\n") + "\n"
}

// damage applies the line-level corruptions to every line of a.
func damage(lines []string, f func(string) string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = f(l)
	}
	return out
}

func corpus(t *testing.T) []corpusCase {
	var cs []corpusCase
	add := func(name, ext string, in []byte, want string) {
		cs = append(cs, corpusCase{name: name, ext: ext, in: in, want: want})
	}

	// Mirror sites: other spam lines and furniture, Traditional with pinyin,
	// injected commas, out-of-step stretches.
	a := artA.lines()
	a = damage(a, func(l string) string { return toTraditional(t, injectCommas(l, 2), nil) })
	a[4] = glue(a[4], "陣", "(zhèn)", "題", "(tí)")
	a[5] = glue(a[5], "業", "(yè)", "縮", "(suō)")
	a[4] = shiftAt(t, a[4], "“窗口")
	a[6] = shiftAt(t, a[6], "、好辦事")
	add("mirror-lottery", "txt", []byte(mirrorText(
		[]string{"彩票|棋牌|娱乐城|真人视讯|体育投注|注册送彩金|官方网站", "當前位置：首頁 > 黨建工作 > 基層動態"},
		a,
		[]string{"分享到：微信 微博 QQ空間", "標籤：先鋒崗 窗口 服務", "相關閱讀", "區委召開黨建工作推進會", "機關黨員志願服務活動走進社區", "更多>>"})),
		strings.Replace(artA.text(), "阵地", "□地", 1))

	b := artB.lines()
	b = damage(b, func(l string) string { return injectCommas(l, 1) })
	b[2] = strings.Replace(b[2], "。参加", "。</p><p>参加", 1)
	b[3] = "&nbsp;&nbsp;" + b[3] + "<br>"
	add("mirror-html-leftovers", "txt", []byte(mirrorText(
		[]string{"免费下载 高清电影 在线观看 手机版 最新合集 无广告", "首页 » 新闻中心 » 正文"},
		b,
		[]string{"【打印本页】【关闭窗口】", "上一篇：区委召开党建工作推进会", "下一篇：机关党员志愿服务活动走进社区", "关键词：积分卡 党员"})),
		strings.Replace(artB.text(), "。参加", "。\n\n参加", 1))

	d := artD.lines()
	d = damage(d, func(l string) string { return glue(l, "课", "（kè）", "库", "（ku4）") })
	d[3] = shiftAt(t, d[3], "修水库")
	d[4] = shiftAt(t, d[4], "，要学习")
	// The first character of a stretch that is not punctuation, and the
	// last one of a stretch that runs to the end of its line, are lost.
	// Where the decoder refused a pair of bytes (a user-defined row of GBK)
	// both characters around it are lost as well.
	wantD := strings.NewReplacer("修水库", "□□□", "，要学习老党员的精神，在", "□□□□老党员的□□□□", "新的成绩。", "新的成绩□").Replace(artD.text())
	add("mirror-shift-han", "txt", []byte(mirrorText(
		[]string{"网赚|兼职|日结|手机赚钱|轻松月入过万|官方网站", "您的位置：首页>新闻>县域新闻"},
		d,
		[]string{"扫一扫在手机打开当前页", "字号：大 中 小", "更多"})),
		wantD)

	e := artETrad.lines()
	e[2] = shiftAt(t, e[2], "，累計")
	e[3] = shiftAt(t, e[3], "“群眾點單")
	add("mirror-trad-shift", "txt", []byte(mirrorText(
		[]string{"首頁 > 社區 > 志願服務"}, e, []string{"分享到：", "關鍵詞：志願服務 社區", "更多", "更多"})),
		strings.Replace(artE.text(), "，累计服务三百余人次", "□□计服务□□余人次", 1))

	c := artC.lines()
	c[1] = glue(c[1], "强", "(qiáng)")
	c[3] = glue(c[3], "积", "（jī）", "课", "(kè)")
	add("mirror-pinyin-simplified", "txt", []byte(mirrorText(
		[]string{"Tags: 学习强国 学习 平台"}, c, []string{"相关文章", "区直机关工委召开学习交流会", "责任编辑:周示例 相关阅读"})),
		artC.text())

	// Traditional without pinyin, as a Traditional site publishes it.
	add("trad-plain", "txt", []byte(strings.Join(artETrad.lines(), "\n\n")+"\n"), artE.text())
	add("trad-single-newlines", "txt", []byte(strings.Join(artETrad.lines(), "\r\n")+"\r\n"), artE.text())

	// Clean Simplified articles pass through byte for byte.
	add("clean-a", "txt", []byte(artA.text()), artA.text())
	add("clean-c", "txt", []byte(artC.text()), artC.text())
	add("clean-f", "raw", []byte(artF.text()), artF.text())
	add("clean-bom", "raw", []byte("\ufeff"+artD.text()), artD.text())

	// Whole news-site pages in each encoding, declared and not.
	add("html-gb2312", "html", encode(t, newsPage("gb2312", "示例日报网", artA, pParas(artA.paras)), gbk), artA.text())
	add("html-gbk-undeclared", "raw", encode(t, newsPage("", "示例网", artB, pParas(artB.paras)), gbk), artB.text())
	add("html-gb18030", "html", encode(t, newsPage("GB18030", "示例教育网", artF, pParas(artF.paras)), gb18030), artF.text())
	et := artETrad
	b5 := func(page string) []byte { return encode(t, toTraditional(t, page, big5), big5) }
	add("html-big5", "html", b5(newsPage("big5", "示例晚報網", et, pParas(et.paras))), artE.text())
	add("html-big5-undeclared", "htm", b5(newsPage("", "示例晚報網", et, pParas(et.paras))), artE.text())
	add("html-utf8-bom", "html", []byte("\ufeff"+newsPage("utf-8", "示例报", artC, pParas(artC.paras))), artC.text())
	add("html-mislabelled", "html", []byte(newsPage("gb2312", "示例县融媒体", artD, pParas(artD.paras))), artD.text())
	brBody := "<div>" + strings.Join(artD.paras, "<br><br>\n") + "</div>"
	add("html-br-paragraphs", "html", encode(t, newsPage("gbk", "示例县融媒体", artD, brBody), gbk), artD.text())
	tradHTML := artETrad
	tradHTML.paras = damage(tradHTML.paras, func(l string) string { return injectCommas(l, 2) })
	tradHTML.paras[1] = glue(tradHTML.paras[1], "堅", "(jiān)")
	add("html-big5-mirror", "html", b5(newsPage("big5", "示例晚報網", tradHTML, pParas(tradHTML.paras))), artE.text())

	// Paragraphs as <div> elements, a date line with a view counter.
	b2 := artB
	b2.meta = "发布时间：2022-11-03 来源：示例网 作者：孙示例"
	page := b2
	page.meta += "　浏览次数：<span id=\"hits\">1024</span>"
	divs := "<div class=\"TRS_Editor\">" + strings.ReplaceAll(pParas(artB.paras), "<p style=\"text-indent:2em\">", "<div>")
	divs = strings.ReplaceAll(divs, "</p>", "</div>") + "</div>"
	add("html-div-paragraphs", "html", encode(t, newsPage("gbk", "示例网", page, divs), gbk), b2.text())
	// A page that says iso-8859-1 and is GBK.
	add("html-says-latin1-is-gbk", "html", encode(t, newsPage("iso-8859-1", "示例网", artB, pParas(artB.paras)), gbk), artB.text())
	// A page that says Big5 and is GBK.
	add("html-says-big5-is-gbk", "html", encode(t, newsPage("big5", "示例日报网", artA, pParas(artA.paras)), gbk), artA.text())
	// No <h1>: the title comes from <title>, the page laid out in a table.
	noH1 := `<html><head><meta charset="utf-8"><title>` + artD.title + `_县域新闻_示例县融媒体</title></head>
<body><table width="960"><tr><td class="top">示例县融媒体　首页　县域新闻</td></tr>
<tr><td><div class="time">` + artD.meta + `</div><div id="content">` + pParas(artD.paras) + `</div></td></tr>
<tr><td class="foot">示例县融媒体中心 版权所有</td></tr></table></body></html>`
	add("html-no-h1", "html", []byte(noH1), artD.text())
	// No classes to go by: menus and link lists are told by being all
	// links, the footer by its words.
	plain := `<!DOCTYPE html><html><head><meta charset="gb2312"><title>` + artC.title + `</title>
<script type="text/javascript">var tj = "统计代码，请勿删除。";</script></head>
<body><div id="wrap">
<ul><li><a href="/">首页</a></li><li><a href="/xw/">新闻</a></li><li><a href="/dj/">党建</a></li><li><a href="/xx/">学习</a></li></ul>
<h1>` + artC.title + `</h1>
<p>` + artC.meta + `</p>
` + pParas(artC.paras) + `<p><a href="/1.html">全区机关党建工作会议召开部署今年重点工作任务</a></p>
<ul><li><a href="/2.html">“周五微课堂”开讲了</a></li><li><a href="/3.html">青年党员学习交流会举行</a></li></ul>
<p>Copyright 2024 示例报社 版权所有　示ICP备12345678号</p>
</div></body></html>`
	add("html-no-classes", "html", encode(t, plain, gbk), artC.text())
	// The site's logo is the only <h1>; the title is a <div>.
	logo := `<html><head><meta charset="utf-8"><title>` + artB.title + ` - 示例网</title></head><body>
<h1 class="logo"><a href="/"><img src="/logo.png" alt="示例网">示例网</a></h1>
<div class="menu"><a href="/">首页</a> | <a href="/xw/">新闻</a></div>
<div class="art-title">` + artB.title + `</div>
<div class="art-info">` + artB.meta + `</div>
<div class="art-body">` + pParas(artB.paras) + `</div></body></html>`
	add("html-logo-h1", "html", []byte(logo), artB.text())
	// A page saved as text under its .html name, and one in <pre>.
	add("text-named-html", "html", encode(t, artB.text(), gbk), artB.text())
	add("html-pre", "html", []byte("<html><head><title>"+artD.title+"</title></head><body><pre>\n"+artD.text()+"</pre></body></html>\n"), artD.text())
	add("clean-furniture-words", "txt", []byte(artG.text()), artG.text())

	// Saved pages (.mht).
	add("mht-qp-utf8", "mht", mht([]byte(newsPage("utf-8", "示例日报网", artA, pParas(artA.paras))), "utf-8", "quoted-printable"), artA.text())
	add("mht-base64-gbk", "mhtml", mht(encode(t, newsPage("", "示例网", artB, pParas(artB.paras)), gbk), "gbk", "base64"), artB.text())
	add("mht-undeclared", "raw", mht(b5(newsPage("", "示例晚報網", et, pParas(et.paras))), "", "quoted-printable"), artE.text())

	// A Big5 page that lost one byte: the decoder reads Big5 out of step.
	var big5Lost []byte
	for i, l := range artETrad.lines() {
		if i > 0 {
			big5Lost = append(big5Lost, "\n\n"...)
		}
		switch i {
		case 4:
			big5Lost = append(big5Lost, dropByte(t, l, "“黨員們", big5)...)
		case 5:
			big5Lost = append(big5Lost, dropByte(t, l, "網格管理", big5)...)
		default:
			big5Lost = append(big5Lost, encode(t, l, big5)...)
		}
	}
	add("text-big5-lost-byte", "raw", append(big5Lost, '\n'), strings.Replace(artE.text(), "网格", "□格", 1))

	// Plain text saved from a GBK or Big5 editor, undeclared.
	add("text-gbk", "raw", encode(t, mirrorText([]string{"当前位置：首页 > 基层党建"}, artB.lines(), []string{"【打印】【关闭】"}), gbk), artB.text())
	add("text-big5", "raw", encode(t, strings.Join(artETrad.lines(), "\n\n")+"\n", big5), artE.text())
	return cs
}
