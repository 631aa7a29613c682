package report

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
)

// digitRE finds any digit, ASCII or full-width.
var digitRE = regexp.MustCompile(`[0-9０-９]`)

// numberRE finds the numbers written in a text.
var numberRE = regexp.MustCompile(`[0-9]+`)

// chineseCountRE finds a count written in Chinese numerals: "十三次",
// "两名". List markers ("一、", "（二）") and set phrases (三会一课) are
// not counts.
var chineseCountRE = regexp.MustCompile(`[零一二两三四五六七八九十百千][零一二两三四五六七八九十百千万]*(?:次|名|篇|项|个|人|字|余)`)

// fullFacts is a branch's year with a distinct number in every place,
// as the secretariat's year in the source article reads.
func fullFacts() AnnualFacts {
	return AnnualFacts{
		Org: "秘书处（督查处）党支部", Year: 2026,
		Full: 12, Probationary: 2,
		Committee: []CommitteeSeat{{"书记", "李明远"}, {"组织委员", "王晓梅"}, {"宣传委员", "张建国"}},
		ThemeDays: 13,
		Meetings: []MeetingTally{{"支部党员大会", 4}, {"支部委员会会议", 11}, {"党小组会", 24}, {"党课", 5},
			{"组织生活会", 1}, {"谈心谈话", 0}},
		Life:  LifeFacts{Done: 27, Overdue: 3, Due: 2, Behind: []MeetingTally{{"支部委员会会议", 2}, {"民主评议党员", 1}}},
		Study: huoshui.StudyCompletion{Known: true, Members: 14, Met: 9},
		// 9 of 14 is 64%.
		Lectures: 15, Discussions: 6,
		Tasks:        huoshui.TaskTally{Total: 40, DoneOnTime: 33, DoneLate: 2, Open: 5, Overdue: 3},
		Publications: LevelTally{National: 7, Provincial: 45, City: 8},
		Awards:       LevelTally{Provincial: 17, City: 6},
		Documents:    116, Characters: 583412,
		Innovations: []InnovationLine{
			{Title: "文印质量提升", Problem: "印制差错靠人工复核。", Change: "建立三级校对制度。", Before: "差错时有发生", After: "全年零差错"},
			{Title: "机要文件流转规范", Change: "制定机要件收发登记规范。"},
		},
		Activities: 50, Linked: 21, // 42%
		LinkExamples: []LinkExample{
			{Activity: "“走进红色档案”主题党日", Date: huoshui.NewDate(2026, 5, 18), TargetKind: "innovation",
				Target: "机要文件收发“扫码登记”", Change: "登记一份文件由6分钟降到1分钟。"},
			{Activity: "微党课《档案里的初心故事》", Date: huoshui.NewDate(2026, 8, 27), TargetKind: "task",
				Target: "建立文稿起草“一稿一审一校”质量台账。", Change: "质量台账按月通报"},
		},
	}
}

// wantNumbers are the numbers fullFacts' text may hold, by section: each
// a fact or derived from facts (a share, ten-thousands of characters,
// the innovations' list numbers).
var wantNumbers = [][]int{
	{14, 12, 2, 3},
	{13, 4, 11, 24, 5, 1, 30, 27, 3, 2, 1},
	{14, 9, 64, 15, 6},
	{40, 33, 2, 5, 3, 60, 7, 45, 8, 52, 23, 17, 6, 116, 58, 583412, 2, 1, 2, 50, 21, 42,
		5, 18, 6, 1, 8, 27}, // the examples' days and what their notes say
}

func TestAnnualNumbersAreTheFacts(t *testing.T) {
	t.Parallel()
	got := WriteAnnual(fullFacts())
	if got.Title != "秘书处（督查处）党支部2026年度工作总结" {
		t.Errorf("title %q", got.Title)
	}
	if len(got.Sections) != len(AnnualHeadings) {
		t.Fatalf("%d sections, want %d", len(got.Sections), len(AnnualHeadings))
	}
	for i, want := range wantNumbers {
		sec := got.Sections[i]
		var nums []int
		for _, s := range numberRE.FindAllString(sec.Text, -1) {
			v, _ := strconv.Atoi(s)
			nums = append(nums, v)
		}
		for _, v := range nums {
			if !slices.Contains(want, v) {
				t.Errorf("%s: the number %d is not one of the facts %v:\n%s", sec.Heading, v, want, sec.Text)
			}
		}
		for _, v := range want {
			if !slices.Contains(nums, v) {
				t.Errorf("%s: the fact %d is not in the text:\n%s", sec.Heading, v, sec.Text)
			}
		}
		if strings.Contains(sec.Text, Pending) && i != 2 {
			t.Errorf("%s has records but says %s:\n%s", sec.Heading, Pending, sec.Text)
		}
		if m := chineseCountRE.FindString(sec.Text); m != "" {
			t.Errorf("%s writes a count in Chinese numerals (%q)", sec.Heading, m)
		}
	}
	text := func(i int) string { return got.Sections[i].Text }
	for i, want := range map[int][]string{
		0: {"支部现有党员14名，其中正式党员12名、预备党员2名（据党员名册）。", "支部委员会由3名同志组成：书记李明远，组织委员王晓梅，宣传委员张建国"},
		1: {"全年开展主题党日13次（据会议记录）", "全年召开支部党员大会4次、支部委员会会议11次、党小组会24次、党课5次、组织生活会1次（据会议记录）",
			"已到期的30项要求中，按要求完成27项，未按期完成3项，涉及支部委员会会议2项、民主评议党员1项；另有2项尚在期限内（据组织生活日历）"},
		2: {"全年14名党员中有9名完成年度学习学时目标，完成率64%（据学习学时记录）", "全年开展微党课15次、集体研讨6次"},
		3: {"承担督查督办事项40项，按期办结33项，逾期办结2项，正在办理5项，其中3项已超过办理期限（据督查督办台账）",
			"发表文章60篇，其中国家级7篇、省级45篇、市级8篇，在省级以上刊物发表的共52篇（据成果登记）",
			"获得各类奖项23项，其中省级17项、市级6项（据成果登记）", "起草各类文稿116篇共58万余字（据成果登记，合计583412字）",
			"推出工作创新2项（据成果登记）", "1.《文印质量提升》：针对印制差错靠人工复核；建立三级校对制度；此前差错时有发生，此后全年零差错。",
			"2.《机要文件流转规范》：制定机要件收发登记规范。",
			"全年开展党组织活动50次，其中21次带来了明确的工作成效，占42%（据活动与成果关联记录）。例如：",
			"5月18日，以“走进红色档案”主题党日为契机，推出工作创新《机要文件收发“扫码登记”》（成效：登记一份文件由6分钟降到1分钟）。",
			"8月27日，以微党课《档案里的初心故事》为契机，推进督办事项“建立文稿起草‘一稿一审一校’质量台账”（成效：质量台账按月通报）。"},
	} {
		for _, w := range want {
			if !strings.Contains(text(i), w) {
				t.Errorf("%s lacks %q:\n%s", got.Sections[i].Heading, w, text(i))
			}
		}
	}
	if !strings.Contains(text(4), Pending) || digitRE.MatchString(text(4)) {
		t.Errorf("what went wrong and what comes next is the branch's to write: %q", text(4))
	}
}

// With no records, each data section says 【待补充】 and holds no number
// in any script.
func TestAnnualEmptyYearInventsNothing(t *testing.T) {
	t.Parallel()
	empty := AnnualFacts{Org: "综合处党支部", Year: 2025,
		// Meeting types listed with nothing held, a calendar of misses and
		// a study year with no members: none of it is a record of the year.
		Meetings: []MeetingTally{{"支部党员大会", 0}, {"党课", 0}},
		Life:     LifeFacts{Overdue: 12, Behind: []MeetingTally{{"主题党日", 12}}},
		Study:    huoshui.StudyCompletion{Known: true},
	}
	got := WriteAnnual(empty)
	for _, sec := range got.Sections {
		if !strings.Contains(sec.Text, Pending) {
			t.Errorf("%s does not say %s: %q", sec.Heading, Pending, sec.Text)
		}
		if d := digitRE.FindString(sec.Text); d != "" {
			t.Errorf("%s holds the digit %q: %q", sec.Heading, d, sec.Text)
		}
		if m := chineseCountRE.FindString(sec.Text); m != "" {
			t.Errorf("%s holds a count in Chinese numerals %q: %q", sec.Heading, m, sec.Text)
		}
	}
}

// Activities with no link, or links and no example given: the share is
// stated, and no example is written that the ledger does not hold.
func TestAnnualLinksWithoutExamples(t *testing.T) {
	t.Parallel()
	none := WriteAnnual(AnnualFacts{Org: "X党支部", Year: 2026, Activities: 9}).Sections[3].Text
	if none != "推动党建与业务深度融合，全年开展党组织活动9次，尚未登记带来的工作成效"+fromLinks+"。" {
		t.Errorf("no link: %q", none)
	}
	some := WriteAnnual(AnnualFacts{Org: "X党支部", Year: 2026, Activities: 9, Linked: 4}).Sections[3].Text
	if some != "推动党建与业务深度融合，全年开展党组织活动9次，其中4次带来了明确的工作成效，占44%"+fromLinks+"。" {
		t.Errorf("links without examples: %q", some)
	}
	for _, s := range []string{none, some} {
		if strings.Contains(s, "为契机") || strings.Contains(s, "例如") || strings.Contains(s, "成效：") {
			t.Errorf("an example is written with none given: %q", s)
		}
	}
	// Each kind of outcome is told with its own verb.
	for kind, want := range map[string]string{
		"document":    "以集体研讨“件件有着落”为契机，起草《督查督办工作规程》（成效：写进规程）。",
		"publication": "以集体研讨“件件有着落”为契机，发表文章《督查督办工作规程》（成效：写进规程）。",
		"award":       "以集体研讨“件件有着落”为契机，获得“督查督办工作规程”（成效：写进规程）。",
	} {
		got := linkExample(LinkExample{Activity: "集体研讨“件件有着落”", TargetKind: kind, Target: "督查督办工作规程", Change: "写进规程。"})
		if got != want {
			t.Errorf("%s: %q, want %q", kind, got, want)
		}
	}
}

// A section with some records and not others writes what it has and
// marks what is missing, without a number for it.
func TestAnnualPartialSections(t *testing.T) {
	t.Parallel()
	got := WriteAnnual(AnnualFacts{Org: "X党支部", Year: 2026, Full: 5, Lectures: 2})
	if s := got.Sections[0].Text; !strings.Contains(s, "支部现有党员5名，均为正式党员") || !strings.Contains(s, "支部委员会组成情况"+Pending) {
		t.Errorf("basics %q", s)
	}
	if s := got.Sections[2].Text; !strings.Contains(s, "全年开展微党课2次") || !strings.Contains(s, "党员学习学时完成情况"+Pending) {
		t.Errorf("study %q", s)
	}
	for _, c := range []struct {
		chars int64
		want  string
	}{{3500, "共3500字"}, {10000, "共1万字"}, {583412, "共58万余字"}} {
		s := WriteAnnual(AnnualFacts{Documents: 2, Characters: c.chars}).Sections[3].Text
		if !strings.Contains(s, "起草各类文稿2篇"+c.want) {
			t.Errorf("%d characters: %q, want %q", c.chars, s, c.want)
		}
	}
}

// The Word document holds the title, every heading and every paragraph
// in order, in the official-document fonts.
func TestAnnualDocx(t *testing.T) {
	t.Parallel()
	text := WriteAnnual(fullFacts())
	text.Sections[4].Text = "（一）存在的不足：学用结合还不够紧。\n\n（二）下一步打算：继续推动党建与业务融合。"
	var buf bytes.Buffer
	if err := WriteAnnualDocx(&buf, "秘书处（督查处）党支部", text.Title, text.Sections); err != nil {
		t.Fatal(err)
	}
	paras := docxParagraphs(t, buf.Bytes())
	want := []string{text.Title}
	for _, s := range text.Sections {
		want = append(want, s.Heading)
		want = append(want, s.Paragraphs()...)
	}
	want = append(want, "秘书处（督查处）党支部")
	if !slices.Equal(paras, want) {
		t.Errorf("paragraphs\n%q\nwant\n%q", paras, want)
	}
	got, err := DocxText(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got, "起草各类文稿116篇共58万余字") {
		t.Errorf("the document's text lacks the documents line:\n%s", got)
	}
	doc := docxPart(t, buf.Bytes(), "word/document.xml")
	for _, font := range []string{`w:eastAsia="方正小标宋简体"`, `w:eastAsia="黑体"`, `w:eastAsia="仿宋_GB2312"`, `w:sz w:val="32"`} {
		if !strings.Contains(doc, font) {
			t.Errorf("document.xml lacks %s", font)
		}
	}
}

// docxPart is one part of a Word package, as text.
func docxPart(t *testing.T, b []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			data, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return string(data)
		}
	}
	t.Fatalf("no %s in the package", name)
	return ""
}
