package demo

import (
	"context"
	"fmt"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
)

// The secretariat's year of results, as the source article counts them:
// in the twelve months ending the day the demo is made, 50-odd articles
// published, most in provincial or national outlets, 20-odd awards, more
// than 110 documents drafted of over 500,000 characters in all, and 13
// innovations in how the office works (print quality, document handling,
// supervision, archive digitisation, confidential mail among them). The
// titles are invented from parts, the same every time; the people are the
// branch's, each to their own line of work. The branch beside it has a few
// records of its own, so a committee's view holds more than one branch.

// demoRand is a small deterministic generator: the demo is the same
// every time it is made.
type demoRand struct{ s uint64 }

func (r *demoRand) next() uint64 {
	r.s = r.s*6364136223846793005 + 1442695040888963407
	return r.s >> 33
}

// intn is a number in [0, n).
func (r *demoRand) intn(n int) int { return int(r.next() % uint64(n)) }

// between is a number in [lo, hi].
func (r *demoRand) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

// The people of the secretariat by their line of work.
var (
	draftersNames    = []string{"王志强", "杨雪梅", "吴佳宁", "李明远"}
	supervisorsNames = []string{"张慧敏", "陈思远", "赵文博", "朱晓琳"}
	archivistsNames  = []string{"刘晓燕", "徐志刚"}
	printersNames    = []string{"黄丽娟", "孙婷婷"}
	mailNames        = []string{"周海涛", "马俊杰"}
)

type demoOutlet struct {
	name  string
	level huoshui.OutputLevel
}

// The outlets, listed so that most picks are provincial or national.
var demoOutlets = []demoOutlet{
	{"人民政协报", huoshui.LevelNational}, {"中国政协", huoshui.LevelNational}, {"人民网", huoshui.LevelNational},
	{"大众日报", huoshui.LevelProvincial}, {"联合日报", huoshui.LevelProvincial}, {"山东政协", huoshui.LevelProvincial},
	{"支部生活", huoshui.LevelProvincial}, {"大众网", huoshui.LevelProvincial}, {"联合日报", huoshui.LevelProvincial},
	{"济南日报", huoshui.LevelCity}, {"济南时报", huoshui.LevelCity},
	{"机关党建（内刊）", huoshui.LevelOther},
}

// Parts of the articles' titles.
var (
	pubLeads = []string{"以高质量督查", "以精准服务", "以规范办文", "以党建引领", "以数字化手段", "以制度建设",
		"以调查研究", "以“四走进四提升”", "以严实作风", "以协商议政"}
	pubEnds = []string{"推动决策部署落地见效", "助力政协工作提质增效", "促进党建与业务深度融合", "服务委员履职尽责",
		"提升文稿起草质量", "打通落实“最后一公里”", "让档案工作更好服务大局", "守牢机要保密底线"}
	pubThemes = []string{"政协督查工作", "机关文稿起草", "委员履职服务", "机关党支部建设", "政协信息工作",
		"档案数字化", "公文处理规范化", "机关作风建设"}
	pubForms = []string{"%s%s", "%s的实践与思考", "关于做好%s的几点体会", "新时代%s的路径探析"}
)

// demoPublications makes n articles, the first ones' outlets in the
// order of demoOutlets, the rest picked.
func demoPublications(r *demoRand, n int) []*huoshui.Output {
	seen := map[string]bool{}
	var out []*huoshui.Output
	for len(out) < n {
		var title string
		form := pubForms[r.intn(len(pubForms))]
		if form == "%s%s" {
			title = fmt.Sprintf(form, pubLeads[r.intn(len(pubLeads))], pubEnds[r.intn(len(pubEnds))])
		} else {
			title = fmt.Sprintf(form, pubThemes[r.intn(len(pubThemes))])
		}
		if seen[title] {
			continue
		}
		seen[title] = true
		o := demoOutlets[r.intn(len(demoOutlets))]
		x := &huoshui.Output{Kind: huoshui.OutputPublication, Title: title, Outlet: o.name, Level: o.level}
		if o.level == huoshui.LevelNational || r.intn(3) == 0 {
			x.Link = fmt.Sprintf("https://www.example.cn/%s/%04d.html", []string{"news", "theory", "cppcc"}[r.intn(3)], 1000+len(out)*37)
		}
		out = append(out, x)
	}
	return out
}

// The awards: name, awarding body and level.
var demoAwards = []struct {
	name, issuer string
	level        huoshui.OutputLevel
	line         []string
}{
	{"全国政协系统优秀信息工作者", "全国政协办公厅", huoshui.LevelNational, draftersNames},
	{"全国政协信息工作优秀成果二等奖", "全国政协办公厅", huoshui.LevelNational, draftersNames},
	{"全国机要工作先进个人", "中央机要局", huoshui.LevelNational, mailNames},
	{"全省政协系统督查工作先进个人", "省政协办公厅", huoshui.LevelProvincial, supervisorsNames},
	{"全省政协系统优秀调研报告一等奖", "省政协办公厅", huoshui.LevelProvincial, draftersNames},
	{"全省政协系统优秀调研报告三等奖", "省政协办公厅", huoshui.LevelProvincial, draftersNames},
	{"省直机关优秀共产党员", "省直机关工委", huoshui.LevelProvincial, supervisorsNames},
	{"省直机关优秀共产党员", "省直机关工委", huoshui.LevelProvincial, archivistsNames},
	{"省直机关优秀党务工作者", "省直机关工委", huoshui.LevelProvincial, []string{"李明远"}},
	{"全省档案工作先进个人", "省档案局", huoshui.LevelProvincial, archivistsNames},
	{"全省档案数字化建设优秀案例", "省档案局", huoshui.LevelProvincial, archivistsNames},
	{"全省保密工作先进个人", "省保密局", huoshui.LevelProvincial, mailNames},
	{"全省公文处理工作先进个人", "省委办公厅", huoshui.LevelProvincial, draftersNames},
	{"全省党政机关印刷质量评比一等奖", "省新闻出版局", huoshui.LevelProvincial, printersNames},
	{"省直机关“岗位建功”标兵", "省直机关工委", huoshui.LevelProvincial, printersNames},
	{"省直机关青年理论学习标兵", "省直机关团工委", huoshui.LevelProvincial, []string{"吴佳宁", "朱晓琳"}},
	{"全市机关作风建设优秀案例", "市直机关工委", huoshui.LevelCity, supervisorsNames},
	{"全市征文比赛一等奖", "市委宣传部", huoshui.LevelCity, draftersNames},
	{"全市职工技能竞赛（文印）二等奖", "市总工会", huoshui.LevelCity, printersNames},
	{"机关“服务之星”", "机关党委", huoshui.LevelOther, mailNames},
	{"机关微党课比赛一等奖", "机关党委", huoshui.LevelOther, supervisorsNames},
	{"机关“最美档案人”", "机关党委", huoshui.LevelOther, archivistsNames},
}

// Parts of the documents' titles, by kind, and their lengths.
var (
	speechMeetings = []string{"全省政协秘书长会议", "专题协商会", "委员培训班开班式", "全体机关干部大会", "提案工作座谈会",
		"机关党建工作会议", "督查工作推进会", "委员履职服务工作会", "年中工作务虚会", "新任职干部集体谈话会"}
	reportTopics = []string{"上半年督查工作", "全年重点工作落实", "机关党建工作", "公文处理工作", "委员服务保障工作",
		"档案管理工作", "机要保密工作", "信息报送工作", "文印保障工作", "季度督查督办"}
	researchTopics = []string{"提升政协协商成果转化质量", "加强委员履职服务保障", "机关公文处理提质增效", "政协督查工作机制创新",
		"档案数字化建设", "机要文件流转安全", "市县政协工作联动", "网络议政平台建设", "提案办理协商", "机关作风建设长效机制"}
	briefTopics = []string{"委员围绕稳就业建言献策", "专题协商会议意见落实情况", "重点提案督办进展", "基层政协工作经验",
		"委员视察调研动态", "民生实事督查情况", "政协界别活动情况", "社情民意信息选编", "重点工作月度督查", "协商议政成果转化"}
	regulationTitles = []string{"省政协办公厅公文处理实施细则", "督查督办工作规程", "档案管理办法", "机要文件收发管理规定",
		"文印工作质量管理办法", "会议文件印制规范", "督查事项立项办结销号制度", "电子档案归档操作规范"}
	otherTitles = []string{"关于督查工作情况的说明", "主席会议议题汇报提纲", "委员来信办理情况的复函", "会议纪要",
		"工作简报编写要求的说明", "领导调研行程安排方案"}
)

// demoDocuments makes n documents of the kinds a secretariat drafts, with
// their lengths; the first go to every kind in turn.
func demoDocuments(r *demoRand, n int) []*huoshui.Output {
	var out []*huoshui.Output
	seen := map[string]bool{}
	issue := 80
	for len(out) < n {
		x := &huoshui.Output{Kind: huoshui.OutputDocument, CharSource: huoshui.CharsEntered}
		switch k := r.intn(20); {
		case k < 4:
			x.DocKind, x.Title, x.Characters = huoshui.DocSpeech, "在"+speechMeetings[r.intn(len(speechMeetings))]+"上的讲话", r.between(2500, 6500)
		case k < 8:
			x.DocKind, x.Title, x.Characters = huoshui.DocWorkReport, "关于"+reportTopics[r.intn(len(reportTopics))]+"情况的报告", r.between(3000, 9000)
		case k < 11:
			x.DocKind, x.Title, x.Characters = huoshui.DocResearchReport, "关于"+researchTopics[r.intn(len(researchTopics))]+"的调研报告", r.between(5000, 12000)
		case k < 17:
			issue++
			x.DocKind, x.Title, x.Characters = huoshui.DocBriefing, fmt.Sprintf("政协信息（第%d期）：%s", issue, briefTopics[r.intn(len(briefTopics))]), r.between(900, 2600)
		case k < 19:
			x.DocKind, x.Title, x.Characters = huoshui.DocRegulation, regulationTitles[r.intn(len(regulationTitles))], r.between(3000, 9000)
		default:
			x.DocKind, x.Title, x.Characters = huoshui.DocOther, otherTitles[r.intn(len(otherTitles))], r.between(1000, 4000)
		}
		if seen[x.Title] {
			// The same speech or report again: a later meeting's, a later
			// period's.
			x.Title += fmt.Sprintf("（%d）", len(out)%9+2)
			if seen[x.Title] {
				continue
			}
		}
		seen[x.Title] = true
		if r.intn(4) == 0 {
			x.CharSource = huoshui.CharsFromText
		}
		out = append(out, x)
	}
	return out
}

// demoInnovations are the secretariat's thirteen changes to how the
// office works, each with its problem, what changed, before and after.
var demoInnovations = []struct {
	title, problem, change, before, after string
	status                                huoshui.InnovationStatus
	line                                  []string
}{
	{"会议文件印制质量“三校一检”", "会议文件印制时间紧，错字、漏页、装订颠倒时有发生，返工影响会议准备。",
		"建立“三校一检”制度：起草人校内容、文印室校版式、值班人员校页码，付印前由负责人对样本逐页检查并签字；印刷质量问题逐件登记、月度通报。",
		"全年印制差错 23 起，返工 11 次。", "差错降至 3 起，未再发生返工；在全省党政机关印刷质量评比中获一等奖。", huoshui.InnovationInstitute, printersNames},
	{"大型会议材料印制“倒排工期”", "大型会议材料多、时间集中，临时加印常常通宵。",
		"会前十天按议程倒排印制工期表，每类材料明确定稿、排版、付印时间，文印室与起草处室每日对表。",
		"全体会议材料平均加班 3 个通宵。", "按工期表完成，加班减少到半天以内。", huoshui.InnovationPromoted, printersNames},
	{"办文流程“一次流转”", "来文在处室之间多次往返，签批环节不清，办文周期长。",
		"梳理 12 类来文的办理路径，编制办文流程图，来文一次分办到位，会签改为并行，每个环节限时办结。",
		"一般来文平均办理 6.5 个工作日。", "平均 3.2 个工作日办结，退文率下降一半。", huoshui.InnovationInstitute, draftersNames},
	{"文稿起草“集体研磨”机制", "重要文稿由一人起草，视角单一，修改轮次多。",
		"重要文稿起草前集体研讨提纲，初稿由支部党员分段交叉审读，定稿前集中研磨一次，形成修改意见清单。",
		"重要讲话稿平均修改 7 轮。", "平均修改 3 轮，文稿一次通过率明显提高。", huoshui.InnovationPromoted, draftersNames},
	{"公文格式“一页清单”", "新同志不熟悉公文格式，格式问题占退文的大部分。",
		"把公文格式要求浓缩为一页清单，随文稿模板下发，起草人自查后签名。",
		"格式问题退文每月 15 件左右。", "每月不超过 3 件。", huoshui.InnovationTrial, draftersNames},
	{"督查督办“清单化”管理", "督查事项来源多、台账分散，容易遗漏，进展说不清。",
		"把会议决定、领导批示和重点工作统一列入督查清单，明确牵头人、责任处室和时限，每周更新进度，办结一项销号一项。",
		"督查事项按时办结率 78%。", "按时办结率提高到 96%，超期事项提前预警。", huoshui.InnovationInstitute, supervisorsNames},
	{"督查结果“回头看”", "有的事项报了办结，实际落实不到位。",
		"对已办结的重点事项按 20% 抽查实地核实，发现问题重新立项督办，结果在处务会上通报。",
		"办结后无复核。", "全年复核 46 项，重新督办 5 项，均已落实。", huoshui.InnovationPromoted, supervisorsNames},
	{"档案数字化“随办随归”", "纸质档案集中年底归档，查找慢，数字化积压。",
		"文件办结当天扫描挂接，电子与纸质档案同步归档；按年度、机构、问题三级分类，建立全文检索目录。",
		"调阅一份档案平均 40 分钟，数字化率 35%。", "平均 3 分钟检索到位，近五年档案数字化率 100%。", huoshui.InnovationInstitute, archivistsNames},
	{"历史档案抢救性数字化", "早期档案纸张老化，反复调阅造成破损。",
		"对 1990 年以前的档案分批抢救性扫描，原件封存，日常一律调阅电子件。",
		"破损待修档案 300 余卷。", "完成 1,200 卷扫描，原件调阅次数降为零。", huoshui.InnovationTrial, archivistsNames},
	{"机要文件收发“扫码登记”", "机要文件收发靠手工登记，交接签收难追溯，清点耗时。",
		"每份机要文件生成唯一二维码，收发、传阅、清退全程扫码登记，交接双方当场确认，系统自动生成台账。",
		"登记一份文件平均 6 分钟，每月清点一次需 2 天。", "平均 1 分钟，随时可查，清点半天完成，全年零差错。", huoshui.InnovationPromoted, mailNames},
	{"涉密载体“双人清点”", "涉密载体清退时点数不清，责任难以落实。",
		"涉密载体清退实行双人清点、双人签字，差异当日报告，每季度交叉检查。",
		"清退差异靠事后追查。", "连续四个季度清退账物相符。", huoshui.InnovationInstitute, mailNames},
	{"委员服务“一张表”", "委员反映事项分散在各处室，答复不及时。",
		"建立委员服务事项登记表，统一受理、分办、跟踪、答复，办理结果向委员反馈。",
		"答复周期平均 15 天。", "平均 7 天答复，委员满意度提高。", huoshui.InnovationTrial, supervisorsNames},
	{"党建业务“双清单”", "党建活动与业务工作各搞一套，“两张皮”现象突出。",
		"每季度同时制定党建工作清单和业务攻坚清单，主题党日围绕业务难题开展，成效记入台账。",
		"党建活动与业务工作没有对应。", "全年 13 个主题党日均对应一项业务难题，形成工作创新 13 项。", huoshui.InnovationPromoted, []string{"李明远", "张慧敏"}},
}

// seedOutputs records the secretariat's year of results, and a few of
// the branch beside it, as of today.
func seedOutputs(ctx context.Context, st *store.Store, branch, second *huoshui.Org, ms []*huoshui.Member) error {
	u, err := st.FindUserByUsername(ctx, "secretary")
	if err != nil {
		return err
	}
	sec := huoshui.Actor{UserID: u.ID, Username: u.Username}
	byName := map[string]int64{}
	for _, m := range ms {
		byName[m.Name] = m.ID
	}
	owners := func(r *demoRand, names []string, most int) []huoshui.OutputOwner {
		n := 1 + r.intn(most)
		start := r.intn(len(names))
		var out []huoshui.OutputOwner
		for i := 0; i < n && i < len(names); i++ {
			id := byName[names[(start+i)%len(names)]]
			if id == 0 {
				continue
			}
			out = append(out, huoshui.OutputOwner{MemberID: id})
		}
		return out
	}
	today := huoshui.DateOf(st.Now().In(huoshui.Shanghai))
	r := &demoRand{s: 20180701}
	// Spread over the last twelve months: the nth of count, from 364 days
	// ago to today.
	spread := func(n, count int) huoshui.Date {
		return today.AddDate(0, 0, -364+n*364/max(1, count-1))
	}
	var xs []*huoshui.Output
	pubs := demoPublications(r, 54)
	for i, x := range pubs {
		x.Date = spread(i, len(pubs))
		names := draftersNames
		if i%3 == 1 {
			names = supervisorsNames
		} else if i%7 == 5 {
			names = archivistsNames
		}
		x.Owners = owners(r, names, 2)
		xs = append(xs, x)
	}
	for i, a := range demoAwards {
		xs = append(xs, &huoshui.Output{Kind: huoshui.OutputAward, Title: a.name, Issuer: a.issuer, Level: a.level,
			Date: spread(i, len(demoAwards)).AddDate(0, 0, -r.intn(5)), Owners: owners(r, a.line, 2)})
	}
	docs := demoDocuments(r, 116)
	for i, x := range docs {
		x.Date = spread(i, len(docs))
		names := draftersNames
		switch {
		case x.Title == "督查督办工作规程" || x.Title == "督查事项立项办结销号制度" || i%4 == 1:
			names = supervisorsNames
		case x.Title == "档案管理办法" || x.Title == "电子档案归档操作规范":
			names = archivistsNames
		case x.Title == "机要文件收发管理规定":
			names = mailNames
		case x.Title == "文印工作质量管理办法" || x.Title == "会议文件印制规范":
			names = printersNames
		}
		x.Owners = owners(r, names, 3)
		xs = append(xs, x)
	}
	for i, in := range demoInnovations {
		xs = append(xs, &huoshui.Output{Kind: huoshui.OutputInnovation, Title: in.title, Problem: in.problem, Change: in.change,
			Before: in.before, After: in.after, Status: in.status, Date: spread(i, len(demoInnovations)).AddDate(0, 0, -r.intn(7)),
			Owners: owners(r, in.line, 2)})
	}
	first := today.AddDate(0, 0, -364)
	for _, x := range xs {
		x.OrgID = branch.ID
		if x.Date.After(today) {
			x.Date = today
		}
		if x.Date.Before(first) {
			x.Date = first
		}
	}
	// The branch beside it.
	for i, x := range []*huoshui.Output{
		{Kind: huoshui.OutputPublication, Title: "综合协调工作要在“统”字上下功夫", Outlet: "联合日报", Level: huoshui.LevelProvincial},
		{Kind: huoshui.OutputPublication, Title: "机关后勤服务的精细化探索", Outlet: "济南日报", Level: huoshui.LevelCity},
		{Kind: huoshui.OutputDocument, Title: "关于机关综合事务工作情况的报告", DocKind: huoshui.DocWorkReport, Characters: 6800},
		{Kind: huoshui.OutputDocument, Title: "机关公务接待管理办法", DocKind: huoshui.DocRegulation, Characters: 4200},
		{Kind: huoshui.OutputAward, Title: "省直机关节约型机关建设先进集体", Issuer: "省机关事务管理局", Level: huoshui.LevelProvincial},
	} {
		x.OrgID, x.Date = second.ID, today.AddDate(0, 0, -30-i*50)
		x.Owners = owners(r, []string{"郭立新", "何静怡", "罗家明", "梁雨萱"}, 2)
		xs = append(xs, x)
	}
	if err := st.CreateOutputs(ctx, sec, xs); err != nil {
		return fmt.Errorf("demo outputs: %w", err)
	}
	return nil
}
