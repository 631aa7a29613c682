package report

import (
	"io"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
)

// The annual report (年度支部工作总结) written from a branch's records, in
// the register of a year-end summary: numbered sections, sentences that
// open with what the branch kept to (坚持…) and what it moved forward
// (推动…), and numbers with their units ("全年开展主题党日13次"). Every
// number is one of the facts given and carries a note of the records it
// was counted from ("（据会议记录）"); a section whose facts hold no
// record says Pending and has no number at all, so that nothing is
// claimed that the records do not show. What went wrong and what comes
// next is always the branch's to write.

// Pending marks what the branch still has to write.
const Pending = "【待补充】"

// AnnualFacts are what the records say of a branch's year: the web
// layer reads them (web/annual_input.go) and WriteAnnual writes them.
// A zero value is "no record".
type AnnualFacts struct {
	Org  string
	Year int

	// Members: full and probationary members on the roll; the
	// committee's seats in the order of huoshui.CommitteePosts.
	Full, Probationary int
	Committee          []CommitteeSeat

	// Organisational life: theme days held, the meetings held by type
	// (theme days left out), and the calendar of what the rules asked.
	ThemeDays int
	Meetings  []MeetingTally
	Life      LifeFacts

	// Study: the members' study hours against the year's target, and the
	// micro lectures and collective discussions held.
	Study       huoshui.StudyCompletion
	Lectures    int
	Discussions int

	// Party work and office work: supervision tasks, outputs, and how
	// many party activities led to a work outcome.
	Tasks        huoshui.TaskTally
	Publications LevelTally
	Awards       LevelTally
	Documents    int
	Characters   int64
	Innovations  []InnovationLine
	Activities   int
	Linked       int
	// LinkExamples are a few of the year's links, as the ledger records
	// them, oldest first: what the report tells as examples.
	LinkExamples []LinkExample
}

// LinkExample is one party activity and the work outcome it led to, from
// the link ledger: the activity as the report names it (its title, with
// its kind where the title does not say it), its day, the outcome's kind
// ("task" or an output kind: "innovation", "document", "publication",
// "award") and title, and what changed, as recorded.
type LinkExample struct {
	Activity   string
	Date       huoshui.Date
	TargetKind string
	Target     string
	Change     string
}

// CommitteeSeat is one seat of the branch committee: the post's name
// (书记, 组织委员 …) and who holds it.
type CommitteeSeat struct{ Post, Name string }

// MeetingTally is how many meetings of one type (its name: 支部党员大会 …)
// were held, or how many periods of it were missed.
type MeetingTally struct {
	Label string
	N     int
}

// LifeFacts is the year's calendar of organisational life as the rules
// read it: how many of the requirements whose period has ended were met
// (Done) and missed (Overdue, with which types), and how many are still
// within their period (Due).
type LifeFacts struct {
	Done, Overdue, Due int
	Behind             []MeetingTally
}

// LevelTally counts publications or awards by level.
type LevelTally struct{ National, Provincial, City, Other int }

// Total is the count over every level.
func (l LevelTally) Total() int { return l.National + l.Provincial + l.City + l.Other }

// InnovationLine is one work innovation: its title, the problem, what
// changed, and the situation before and after.
type InnovationLine struct{ Title, Problem, Change, Before, After string }

// AnnualText is the report as written: its title and its sections.
type AnnualText struct {
	Title    string
	Sections []huoshui.ReportSection
}

// AnnualHeadings are the report's section headings, in order.
var AnnualHeadings = []string{"一、基本情况", "二、组织生活", "三、理论学习", "四、党建引领业务", "五、存在的不足和下一步打算"}

// The notes that say which records a number was counted from.
const (
	fromRoster    = "（据党员名册）"
	fromMeetings  = "（据会议记录）"
	fromCalendar  = "（据组织生活日历）"
	fromStudy     = "（据学习学时记录）"
	fromStudyRecs = "（据微党课和集体研讨记录）"
	fromTasks     = "（据督查督办台账）"
	fromOutputs   = "（据成果登记）"
	fromLinks     = "（据活动与成果关联记录）"
)

// pendingSection is the text of a section with no records.
const pendingSection = Pending + "（平台中暂无本年度相关记录，请支部据实填写。）"

// WriteAnnual writes the report of f. It reads nothing but f.
func WriteAnnual(f AnnualFacts) AnnualText {
	out := AnnualText{Title: f.Org + strconv.Itoa(f.Year) + "年度工作总结"}
	bodies := [][]string{basics(f), life(f), study(f), work(f),
		{"（一）存在的不足：" + Pending, "（二）下一步打算：" + Pending}}
	for i, paras := range bodies {
		if len(paras) == 0 {
			paras = []string{pendingSection}
		}
		out.Sections = append(out.Sections, huoshui.ReportSection{Heading: AnnualHeadings[i], Text: strings.Join(paras, "\n")})
	}
	return out
}

// n writes a count with its unit: "13次".
func n(v int, unit string) string { return strconv.Itoa(v) + unit }

// basics is 一、基本情况: the members and the committee.
func basics(f AnnualFacts) []string {
	var out []string
	members := f.Full + f.Probationary
	if members > 0 {
		s := "支部现有党员" + n(members, "名")
		switch {
		case f.Probationary == 0:
			s += "，均为正式党员"
		case f.Full == 0:
			s += "，均为预备党员"
		default:
			s += "，其中正式党员" + n(f.Full, "名") + "、预备党员" + n(f.Probationary, "名")
		}
		out = append(out, s+fromRoster+"。")
	}
	if len(f.Committee) > 0 {
		seats := make([]string, len(f.Committee))
		for i, c := range f.Committee {
			seats[i] = c.Post + c.Name
		}
		out = append(out, "支部委员会由"+n(len(f.Committee), "名")+"同志组成："+strings.Join(seats, "，")+fromRoster+"。")
	} else if len(out) > 0 {
		out = append(out, "支部委员会组成情况"+Pending+"。")
	}
	return out
}

// life is 二、组织生活: theme days, 三会一课 and the other meetings by
// type, and the calendar's verdict. With no meeting held it is empty:
// a calendar of nothing but misses is not the branch's year.
func life(f AnnualFacts) []string {
	var held []string
	for _, m := range f.Meetings {
		if m.N > 0 {
			held = append(held, m.Label+n(m.N, "次"))
		}
	}
	if f.ThemeDays == 0 && len(held) == 0 {
		return nil
	}
	var out []string
	if f.ThemeDays > 0 {
		out = append(out, "坚持把主题党日作为党员教育管理的重要抓手，全年开展主题党日"+n(f.ThemeDays, "次")+fromMeetings+"。")
	}
	if len(held) > 0 {
		out = append(out, "坚持落实“三会一课”制度，全年召开"+strings.Join(held, "、")+fromMeetings+"。")
	}
	if ended := f.Life.Done + f.Life.Overdue; ended > 0 {
		s := "对照组织生活有关规定，本年度已到期的" + n(ended, "项") + "要求中，按要求完成" + n(f.Life.Done, "项")
		if f.Life.Overdue > 0 {
			var behind []string
			for _, b := range f.Life.Behind {
				behind = append(behind, b.Label+n(b.N, "项"))
			}
			s += "，未按期完成" + n(f.Life.Overdue, "项")
			if len(behind) > 0 {
				s += "，涉及" + strings.Join(behind, "、")
			}
		}
		if f.Life.Due > 0 {
			s += "；另有" + n(f.Life.Due, "项") + "尚在期限内"
		}
		out = append(out, s+fromCalendar+"。")
	}
	return out
}

// study is 三、理论学习: study hours against the target, micro lectures
// and collective discussions.
func study(f AnnualFacts) []string {
	var out []string
	if f.Study.Known && f.Study.Members > 0 {
		out = append(out, "坚持把理论学习摆在首位，全年"+n(f.Study.Members, "名")+"党员中有"+n(f.Study.Met, "名")+
			"完成年度学习学时目标，完成率"+strconv.Itoa(f.Study.Percent())+"%"+fromStudy+"。")
	}
	var held []string
	if f.Lectures > 0 {
		held = append(held, "微党课"+n(f.Lectures, "次"))
	}
	if f.Discussions > 0 {
		held = append(held, "集体研讨"+n(f.Discussions, "次"))
	}
	if len(held) > 0 {
		out = append(out, "坚持“书记领、大家议、相互促”，推动学习入脑入心，全年开展"+strings.Join(held, "、")+fromStudyRecs+"。")
	}
	if len(out) > 0 && !(f.Study.Known && f.Study.Members > 0) {
		out = append(out, "党员学习学时完成情况"+Pending+"。")
	}
	return out
}

// levels writes a tally's levels that hold any: "国家级2篇、省级23篇".
func levels(l LevelTally, unit string) string {
	var parts []string
	for _, x := range []struct {
		name string
		v    int
	}{{"国家级", l.National}, {"省级", l.Provincial}, {"市级", l.City}, {"其他", l.Other}} {
		if x.v > 0 {
			parts = append(parts, x.name+n(x.v, unit))
		}
	}
	return strings.Join(parts, "、")
}

// chars writes a count of characters as a summary does: "58万余字" for
// 583,412, "3500字" under ten thousand.
func chars(c int64) string {
	if c < 10000 {
		return strconv.FormatInt(c, 10) + "字"
	}
	s := strconv.FormatInt(c/10000, 10) + "万"
	if c%10000 != 0 {
		s += "余"
	}
	return s + "字"
}

// work is 四、党建引领业务: supervision tasks, outputs by kind and level,
// innovations one by one, the share of party activities that led to a
// work outcome, and a few of those links as examples.
func work(f AnnualFacts) []string {
	var out []string
	if t := f.Tasks; t.Total > 0 {
		s := "坚持以督查督办推动决策部署落地见效，全年承担督查督办事项" + n(t.Total, "项")
		if t.DoneOnTime > 0 {
			s += "，按期办结" + n(t.DoneOnTime, "项")
		}
		if t.DoneLate > 0 {
			s += "，逾期办结" + n(t.DoneLate, "项")
		}
		if t.Open > 0 {
			s += "，正在办理" + n(t.Open, "项")
			if t.Overdue > 0 {
				s += "，其中" + n(t.Overdue, "项") + "已超过办理期限"
			}
		}
		out = append(out, s+fromTasks+"。")
	}
	if p := f.Publications; p.Total() > 0 {
		s := "推动党员在学中干、在干中写，党员在各级报刊发表文章" + n(p.Total(), "篇") + "，其中" + levels(p, "篇")
		if high := p.National + p.Provincial; high > 0 && high < p.Total() {
			s += "，在省级以上刊物发表的共" + n(high, "篇")
		} else if high == p.Total() && p.Total() > 1 {
			s += "，均为省级以上刊物"
		}
		out = append(out, s+fromOutputs+"。")
	}
	if a := f.Awards; a.Total() > 0 {
		out = append(out, "获得各类奖项"+n(a.Total(), "项")+"，其中"+levels(a, "项")+fromOutputs+"。")
	}
	if f.Documents > 0 {
		s := "围绕中心工作起草各类文稿" + n(f.Documents, "篇")
		note := fromOutputs
		if f.Characters > 0 {
			s += "共" + chars(f.Characters)
			if f.Characters >= 10000 {
				note = "（据成果登记，合计" + strconv.FormatInt(f.Characters, 10) + "字）"
			}
		}
		out = append(out, s+note+"。")
	}
	if len(f.Innovations) > 0 {
		out = append(out, "坚持以创新破解工作难题，推出工作创新"+n(len(f.Innovations), "项")+fromOutputs+"：")
		for i, x := range f.Innovations {
			s := strconv.Itoa(i+1) + ".《" + x.Title + "》"
			var parts []string
			if x.Problem != "" {
				parts = append(parts, "针对"+strings.TrimRight(x.Problem, "。；;，,"))
			}
			if x.Change != "" {
				parts = append(parts, strings.TrimRight(x.Change, "。；;，,"))
			}
			if x.Before != "" || x.After != "" {
				var ba []string
				if x.Before != "" {
					ba = append(ba, "此前"+strings.TrimRight(x.Before, "。；;，,"))
				}
				if x.After != "" {
					ba = append(ba, "此后"+strings.TrimRight(x.After, "。；;，,"))
				}
				parts = append(parts, strings.Join(ba, "，"))
			}
			if len(parts) > 0 {
				s += "：" + strings.Join(parts, "；")
			}
			out = append(out, s+"。")
		}
	}
	if f.Activities > 0 {
		s := "推动党建与业务深度融合，全年开展党组织活动" + n(f.Activities, "次") + "，"
		if f.Linked > 0 {
			s += "其中" + n(f.Linked, "次") + "带来了明确的工作成效，占" + strconv.Itoa(f.Linked*100/f.Activities) + "%"
		} else {
			s += "尚未登记带来的工作成效"
		}
		if len(f.LinkExamples) > 0 {
			out = append(out, s+fromLinks+"。例如：")
		} else {
			out = append(out, s+fromLinks+"。")
		}
	}
	for _, x := range f.LinkExamples {
		out = append(out, linkExample(x))
	}
	return out
}

// linkExample writes one link as an example: "5月18日，以……主题党日为契机，
// 推出工作创新《……》（成效：……）。"
func linkExample(x LinkExample) string {
	trim := func(s string) string { return strings.TrimRight(strings.TrimSpace(s), "。；;，,：:") }
	var led string
	switch x.TargetKind {
	case "task":
		led = "推进督办事项" + Quote(trim(x.Target))
	case string(huoshui.OutputInnovation):
		led = "推出工作创新《" + trim(x.Target) + "》"
	case string(huoshui.OutputDocument):
		led = "起草《" + trim(x.Target) + "》"
	case string(huoshui.OutputPublication):
		led = "发表文章《" + trim(x.Target) + "》"
	default:
		led = "获得" + Quote(trim(x.Target))
	}
	s := ""
	if !x.Date.IsZero() {
		s = strconv.Itoa(int(x.Date.Time().Month())) + "月" + strconv.Itoa(x.Date.Time().Day()) + "日，"
	}
	s += "以" + x.Activity + "为契机，" + led
	if c := trim(x.Change); c != "" {
		s += "（成效：" + c + "）"
	}
	return s + "。"
}

// Quote puts s in Chinese quotation marks, its own quotation marks turned
// into single ones: 督办事项“建立‘一稿一审一校’质量台账”.
func Quote(s string) string {
	return "“" + strings.NewReplacer("“", "‘", "”", "’").Replace(s) + "”"
}

// annualView is the annual report as its document template reads it.
type annualView struct {
	Title, Org string
	Sections   []annualSection
}

type annualSection struct {
	Heading    string
	Paragraphs []string
}

// annualRun is a run of text in one font and size (half-points).
type annualRun struct {
	Text, Font string
	Size       int
}

// WriteAnnualDocx writes the annual report of org titled title, with the
// given sections (as generated or as the branch edited them), as a Word
// document (.docx) in the look of an official document: the title
// centred, each section's heading and then its paragraphs, and the org's
// name at the foot.
func WriteAnnualDocx(w io.Writer, org, title string, sections []huoshui.ReportSection) error {
	v := annualView{Title: title, Org: org}
	for _, s := range sections {
		v.Sections = append(v.Sections, annualSection{Heading: s.Heading, Paragraphs: s.Paragraphs()})
	}
	return writePackage(w, "docx/annual.xml.tmpl", v)
}
