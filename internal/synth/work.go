package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/huoshui/huoshui"
)

// Office work (党建+业务): the supervision tasks and the outputs of each
// branch over Options.Years years ending Today, beside its organisational
// life. A branch is given some tasks a month — by a document, a meeting's
// resolution or a leader's instruction — most done on time, some late, a
// few still open (and of those some past their deadline); and it records
// publications (most at city level or below, a few provincial or
// national), awards, drafted documents with their characters, and now and
// then a work innovation. Some branches are far busier than others.

// workSalt makes the streams of office work differ from the node's other
// streams.
const workSalt = 0x0ff1_ce00_5eed_0002

var (
	taskVerbs   = []string{"落实", "推进", "完成", "督办", "整改", "研究制定"}
	taskObjects = map[sector][]string{
		sectorGov:       {"年度重点工作任务", "营商环境优化措施", "政务服务事项清单", "办文办会流程规范", "调研报告"},
		sectorSchool:    {"课后服务方案", "教师培训计划", "校园安全排查", "教学质量提升方案"},
		sectorHealth:    {"院感防控整改", "患者满意度提升措施", "义诊服务计划", "医疗质量检查"},
		sectorVillage:   {"人居环境整治", "集体经济增收项目", "防汛安全排查", "矛盾纠纷调处"},
		sectorCommunity: {"老旧小区改造", "网格化管理方案", "志愿服务项目", "便民服务清单"},
		sectorCompany:   {"安全生产隐患整改", "技术攻关项目", "质量提升行动", "降本增效方案"},
		sectorRetired:   {"关心下一代活动", "党史宣讲计划", "走访慰问安排"},
	}
	outlets = map[huoshui.OutputLevel][]string{
		huoshui.LevelNational:   {"人民日报", "求是网", "中国组织人事报", "党建研究"},
		huoshui.LevelProvincial: {"大众日报", "支部生活", "省委党校学报", "联合日报"},
		huoshui.LevelCity:       {"市日报", "市党建网", "市委信息"},
		huoshui.LevelOther:      {"单位内刊", "县融媒体中心", "行业简报"},
	}
	issuers = map[huoshui.OutputLevel]string{
		huoshui.LevelNational: "国家有关部委", huoshui.LevelProvincial: "省委办公厅",
		huoshui.LevelCity: "市委组织部", huoshui.LevelOther: "县直机关工委",
	}
	innovationTitles = []string{"印刷质量", "公文处理", "督查督办", "档案数字化", "机要收发", "会议服务", "信息报送"}
)

// Work makes the supervision tasks and outputs of node i (a branch) over
// Options.Years years ending Today; people are its members, the leads and
// owners. The same province, node and people give the same records. Other
// nodes, a branch without members and Years 0 give none.
func (p *Province) Work(i int, people []*huoshui.Member) ([]*huoshui.Task, []*huoshui.Output) {
	if p.opts.Years <= 0 || i < 0 || i >= len(p.Nodes) || len(people) == 0 {
		return nil, nil
	}
	n := &p.Nodes[i]
	if n.Org.Kind != huoshui.OrgBranch || n.Org.ID == 0 {
		return nil, nil
	}
	r := rand.New(rand.NewPCG(p.opts.Seed^workSalt, uint64(i)))
	today := p.opts.Today
	first := huoshui.NewDate(today.Year(), today.Time().Month(), 1).AddDate(-p.opts.Years, 1, 0)
	busy := 0.5 + 1.5*r.Float64() // how much office work the branch records
	pick := func() int64 { return people[r.IntN(len(people))].ID }
	topics := taskObjects[n.sector]
	var tasks []*huoshui.Task
	var outputs []*huoshui.Output
	for month := first; !month.After(today); month = month.AddDate(0, 1, 0) {
		last := month.AddDate(0, 1, -1)
		if last.After(today) {
			last = today
		}
		days := last.Time().Day()
		on := func() huoshui.Date { return month.AddDate(0, 0, r.IntN(days)) }
		for range poisson(r, 0.8*busy) {
			assigned := on()
			t := &huoshui.Task{OrgID: n.Org.ID, Source: huoshui.TaskSources[r.IntN(3)], LeadID: pick(),
				Content:    taskVerbs[r.IntN(len(taskVerbs))] + topics[r.IntN(len(topics))],
				AssignedOn: assigned, Deadline: assigned.AddDate(0, 0, 10+r.IntN(80)),
				CreatedAt: time.Date(assigned.Year(), assigned.Time().Month(), assigned.Time().Day(), 9, 0, 0, 0, huoshui.Shanghai)}
			if t.Source == huoshui.TaskFromDocument {
				t.SourceRef = fmt.Sprintf("办字〔%d〕%d号", assigned.Year(), 1+r.IntN(200))
			}
			if len(people) > 1 && r.IntN(2) == 0 {
				t.CoIDs = []int64{pick()}
			}
			switch x := r.IntN(100); {
			case x < 78: // on time
				t.DoneOn = assigned.AddDate(0, 0, r.IntN(assigned.DaysUntil(t.Deadline)+1))
			case x < 92: // late
				t.DoneOn = t.Deadline.AddDate(0, 0, 1+r.IntN(30))
			}
			if t.DoneOn.After(today) {
				t.DoneOn = huoshui.Date{} // still open
			}
			tasks = append(tasks, t)
		}
		add := func(x *huoshui.Output) {
			x.OrgID, x.Date = n.Org.ID, on()
			x.Owners = []huoshui.OutputOwner{{MemberID: pick()}}
			if r.IntN(3) == 0 {
				x.Owners = append(x.Owners, huoshui.OutputOwner{MemberID: pick()})
			}
			x.CreatedAt = time.Date(x.Date.Year(), x.Date.Time().Month(), x.Date.Time().Day(), 16, 0, 0, 0, huoshui.Shanghai)
			outputs = append(outputs, x)
		}
		for range poisson(r, 0.3*busy) {
			l := level(r)
			add(&huoshui.Output{Kind: huoshui.OutputPublication, Level: l, Outlet: outlets[l][r.IntN(len(outlets[l]))],
				Title: "浅谈" + topics[r.IntN(len(topics))]})
		}
		for range poisson(r, 0.1*busy) {
			l := level(r)
			add(&huoshui.Output{Kind: huoshui.OutputAward, Level: l, Issuer: issuers[l], Title: "先进集体"})
		}
		for range poisson(r, 0.7*busy) {
			add(&huoshui.Output{Kind: huoshui.OutputDocument, DocKind: huoshui.DocumentKinds[r.IntN(len(huoshui.DocumentKinds))],
				Characters: 1500 + r.IntN(12000), CharSource: huoshui.CharsEntered, Title: topics[r.IntN(len(topics))] + "材料"})
		}
		if r.Float64() < 0.05*busy {
			t := innovationTitles[r.IntN(len(innovationTitles))]
			add(&huoshui.Output{Kind: huoshui.OutputInnovation, Title: t + "工作创新", Problem: t + "环节多、用时长",
				Change: "流程再造，一次办结", Status: huoshui.InnovationStatuses[r.IntN(3)]})
		}
	}
	return tasks, outputs
}

// level draws a publication's or award's level: most city or below.
func level(r *rand.Rand) huoshui.OutputLevel {
	switch x := r.IntN(100); {
	case x < 5:
		return huoshui.LevelNational
	case x < 25:
		return huoshui.LevelProvincial
	case x < 60:
		return huoshui.LevelCity
	}
	return huoshui.LevelOther
}

// poisson draws how many of something happen in a month with mean m.
func poisson(r *rand.Rand, m float64) int {
	n, p, limit := 0, 1.0, math.Exp(-m)
	for {
		p *= r.Float64()
		if p <= limit {
			return n
		}
		n++
	}
}
