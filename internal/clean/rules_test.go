package clean

import (
	"testing"

	"golang.org/x/text/encoding/unicode"
)

// Each rule on its own, on the forms the issue names and on prose that
// looks like them and must stay.
func TestCleanLine(t *testing.T) {
	cases := []struct {
		in, want    string
		traditional bool
	}{
		{"业(yè)务", "业务", false},
		{"业（yè）务", "业务", false},
		{"业(ye4)务", "业务", false},
		{"氦(He)元素", "氦(He)元素", false},          // no tone: not pinyin
		{"第三条(一)款", "第三条(一)款", false},          // not Latin letters
		{"完成,。", "完成。", false},                 // injected comma
		{"借书,、还书", "借书、还书", false},             // injected comma
		{"好书。,支部", "好书。支部", false},             // comma after a mark
		{"完成。。", "完成。", false},                 // doubled mark
		{"等等……", "等等……", false},                // an ellipsis is not doubled punctuation
		{"1,000元", "1,000元", false},            // a comma in a number stays
		{"他说,“好。”", "他说,“好。”", false},          // a comma before a quote stays
		{"文字</p>", "文字", false},                // left-over tag
		{"&nbsp;&nbsp;文字", "文字", false},        // left-over entity
		{"文字 &amp; 图片", "文字 & 图片", false},      // entity inside
		{"完成,?!?/p>", "完成。", false},            // a mark read out of step swallowed the <
		{"三成,！靶⌒　钡膱D書角", "三成。“小小”的圖書角", false}, // the stretch
		{"圖書館", "图书馆", true},
		{"圖書館", "圖書館", false},
		{"乾隆年間", "乾隆年间", true}, // 乾 is also Simplified
	}
	for _, c := range cases {
		stats := &pageStats{doc: c.in, tries: maxShiftTries, codecs: []*codec{gbkCodec}}
		if got := cleanLine(c.in, c.traditional, stats); got != c.want {
			t.Errorf("cleanLine(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestLineKinds(t *testing.T) {
	junk := []string{
		"最新电影在线观看|高清免费下载|手机版官方网站|无广告极速播放",
		"免费下载 高清电影 在线观看 手机版",
		"党建|支部|学习|读书|档案|活动",
		"首页>新闻>基层动态 基层动态",
		"首页 » 新闻中心 » 正文",
		"当前位置：首页 > 党建",
		"分享到：",
		"分享到：微信 微博 QQ空间",
		"关键词：读书 支部 档案",
		"标签: 党建",
		"更多",
		"更多>>",
		"【打印本页】【关闭窗口】",
		"字号：大 中 小",
		"上一篇：区委召开党建工作推进会",
	}
	for _, l := range junk {
		if !isJunk(l) {
			t.Errorf("isJunk(%q) = false, want true", l)
		}
	}
	prose := []string{
		"让书香飘进每一个办公室",
		"2021年04月12日 09:30 | 来源:示例日报",
		"2024年03月08日 | 来源:示例报 | 作者:张三 | 编辑:李四",
		"编辑:王示例",
		"责任编辑：赵示例",
		"标签化管理是新做法。",
		"更多的党员找到了学习方式",
		"关键在于坚持",
		"上一篇文章里提到的积分卡，在这里也用上了。",
		"分享经验时，一名支部书记说：“找准需求。”",
		"收入>支出，结余三千元。",
		"下载“学习强国”App，每天学习30分钟。",
	}
	for _, l := range prose {
		if isJunk(l) {
			t.Errorf("isJunk(%q) = true, want false", l)
		}
	}
}

// A lost first byte is recovered only as a mark of prose, else □.
func TestLostLead(t *testing.T) {
	for trail, want := range map[byte]rune{0xA3: '。', 0xB0: '“', 0xA2: '、', 0xDE: '□', 0x41: '□'} {
		if got := lostLead(gbkCodec, trail); got != want {
			t.Errorf("lostLead(%#x) = %q, want %q", trail, got, want)
		}
	}
}

func TestUTF16(t *testing.T) {
	raw, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(artA.text()))
	if err != nil {
		t.Fatal(err)
	}
	a, err := Page(raw, "")
	if err != nil {
		t.Fatal(err)
	}
	if got := a.Text(); got != artA.text() {
		t.Errorf("UTF-16: got\n%s", got)
	}
}

// An article built by hand prints its date and source line from the fields.
func TestTextFromFields(t *testing.T) {
	a := &Article{Title: "标题", Subtitle: "副题", Date: "2024年01月02日", Source: "示例报", Paragraphs: []string{"第一段。", "", "第二段。"}}
	want := "标题\n\n副题\n\n2024年01月02日 | 来源:示例报\n\n第一段。\n\n第二段。\n"
	if got := a.Text(); got != want {
		t.Errorf("Text() = %q, want %q", got, want)
	}
	if got := (&Article{}).Text(); got != "" {
		t.Errorf("empty article: %q", got)
	}
}
