package demo

import (
	"context"
	"strings"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
)

// Beyond the theme days, the secretariat's ledger records what its other
// activities of the year led to, as a branch that keeps it would: most
// committee meetings gave or reviewed a supervision task, some group
// meetings moved one along, micro lectures and discussions led to an
// innovation, a drafted regulation, an article or a task, each with its
// own note. Talks, general meetings, a quarterly lecture, a few theme
// days and many group meetings stay unlinked: a little over half of the year's
// activities show a work outcome.

// committeeNotes say what a committee meeting that gave or reviewed a
// task changed, by words of the task's content.
var committeeNotes = []struct{ task, note string }{
	{"秘书工作规范", "支委会把修订任务分给三名党员，约定每周碰一次头，16 市的意见两周内收回 12 份。"},
	{"一稿一审一校", "会上决定建立质量台账并按月通报，此后退改文稿明显减少，当季重要文稿一次通过率到了九成。"},
	{"印制周期", "委员们逐项过了印制流程，定下排版与校对并行，方案试行后全会材料比往年提前两天交付。"},
	{"提案办理情况开展督查", "明确第一批 46 件提案按承办单位分片包干，每名党员联系 5 家左右，走访不再扎堆。"},
	{"机要文件流转登记", "议定改用电子台账，先补录近三年的纸质登记簿，两个月后做到件件可查。"},
	{"档案数字化扫描", "听取扫描进度后调整分工，把编号重复的案卷单列核对，后期进度没有再卡在挂接目录上。"},
	{"重点工作任务分解", "逐项过了 38 项重点任务，给 6 项跨处室事项明确了牵头人，年中没有出现推诿。"},
	{"调研发现", "确定由书记牵头，把走进基层时记下的问题归成来文办理、委员服务两类，分别拿出改进措施。"},
	{"服务保障工作复盘", "复盘列出 11 个问题，当场定了整改时限；下一次常委会议没有再出现材料迟到。"},
	{"督办回访", "对联系不上的 9 件逐件商定办法，改由承办单位办公室转达，回访得以继续。"},
	{"温湿度", "同意先行采购监控设备，并排出每日巡查表，库房温湿度从此有了书面记录。"},
	{"全会文件起草", "把各类全会文件的成稿时间倒排到周，工作报告第三稿按期完成。"},
	{"保密自查", "对照保密委通知列出 24 项自查要点，分到两个党小组，一周内拿出自查初稿。"},
}

// groupNotes say what a group meeting moved along, by words of the
// group's name and of the task's content.
var groupNotes = []struct{ group, task, note string }{
	{"档案文印机要", "机要文件流转登记", "逐条核对电子台账字段，补上“交接时间”一栏，退件原因从此有据可查。"},
	{"档案文印机要", "档案数字化扫描", "小组会上大家认领了 2017—2018 年的案卷，利用午休时间扫描，当月完成 4000 余页。"},
	{"档案文印机要", "温湿度", "商量出早晚两次巡查的分工，设备到位前先用温湿度计人工记录。"},
	{"档案文印机要", "保密自查", "互查了办公电脑和移动存储介质，当场清理出 3 个未登记的 U 盘。"},
	{"文稿督查", "一稿一审一校", "组员互相审读上月文稿，找出的 12 处问题全部记进了质量台账。"},
	{"文稿督查", "提案办理情况开展督查", "交流走访承办单位的体会，统一了督查报告的写法，初稿一次成形。"},
	{"文稿督查", "全会文件起草", "把工作报告分成五块由五名党员分头打磨，交稿比计划早了三天。"},
	{"文稿督查", "督办回访", "回访分工到人，电话记录用统一格式，满意度当周汇总上报。"},
}

// outcomeNotes say what a lecture, a discussion or a quarterly lecture
// (by words of its topic or title) led to: a task, or an output whose
// title holds one of words, the first dated on or after the activity.
var outcomeNotes = []struct {
	activity string
	kind     huoshui.OutputKind // "" for a task
	words    []string
	note     string
}{
	{"老支书的三本台账", "", []string{"一稿一审一校"},
		"受老支书“三本台账”的启发，质量台账加了一栏“退改原因”，月底通报时一目了然。"},
	{"档案里的初心故事", huoshui.OutputInnovation, []string{"抢救性数字化"},
		"讲课用到的几份五十年代档案纸张已经发脆，会后把这批案卷列为抢救性数字化的第一批。"},
	{"零差错", huoshui.OutputInnovation, []string{"扫码登记"},
		"讲完几起机要差错的案例，大家主动认领了扫码登记的试行，试行第一个月没有出一次差错。"},
	{"调查研究写进工作日志", huoshui.OutputDocument, []string{"调研报告"},
		"党课后处里统一了调研日志的格式，年底写调研报告时素材直接从日志里取。"},
	{"廉洁从", huoshui.OutputPublication, []string{"机关作风建设", "严实作风"},
		"党课里举的几件身边“小事”，后来整理成一篇谈机关作风的文章刊发出来。"},
	{"数字化让档案", huoshui.OutputDocument, []string{"电子档案归档", "档案管理办法"},
		"党课上讲到的“扫描即挂接”写进了规范，新归档的文件当天就能在系统里调阅。"},
	{"一点体会", huoshui.OutputPublication, []string{"机关党支部建设", "党建引领", "党建与业务"},
		"讲稿经支部集体修改后投了稿，讲课时的三点体会都保留在文章里。"},
	{"文稿里的群众路线", huoshui.OutputDocument, []string{"调研报告"},
		"按党课说的“先下去再落笔”，起草前补走了两个县级政协，报告里的基层案例由 2 个增加到 7 个。"},
	{"马上就办", huoshui.OutputDocument, []string{"督查事项立项办结销号", "督查督办工作规程"},
		"把党课里那张督办单的流转固定下来，督办事项从立项到销号有了统一时限。"},
	{"件件有着落", huoshui.OutputDocument, []string{"督查督办工作规程", "督查事项立项办结销号"},
		"研讨提出的“立项—催办—销号”三步写进了工作规程，逾期未办结事项由每季度 7 件降到 2 件。"},
	{"提高文稿质量", huoshui.OutputPublication, []string{"文稿起草", "公文处理"},
		"研讨中总结的“三问三改”整理成文章发表，处里新同志起草文稿时人手一份。"},
	{"档案数字化中的保密责任", "", []string{"保密自查"},
		"研讨定下扫描环节一律不出库、不联网，这一条列进了保密自查要点。"},
	{"督查督办中的党性修养", "", []string{"督办回访"},
		"党课后对回访中拖得最久的 3 件重新约谈承办单位，其中两件当月就有了答复。"},
	{"公文写作中提高政治判断力", huoshui.OutputDocument, []string{"公文处理实施细则", "公文处理"},
		"党课后修订公文处理实施细则，把“政治把关”单列为核稿的第一关。"},
}

// seedWorkLinks links the secretariat's committee meetings, group
// meetings, lectures, discussions and quarterly lectures of the year.
func seedWorkLinks(ctx context.Context, lk *linker, branch *huoshui.Org, yearAgo time.Time, tasks []*huoshui.Task) error {
	all := huoshui.Everything()
	ms, _, err := lk.st.FindMeetings(ctx, huoshui.MeetingFilter{Scope: all, OrgID: branch.ID, Subtree: true, From: yearAgo, To: lk.now})
	if err != nil {
		return err
	}
	var committee, groups, lectures []*huoshui.Meeting
	for i := len(ms) - 1; i >= 0; i-- { // oldest first
		m := ms[i]
		if m.CancelledAt != nil || m.Tally.Present == 0 {
			continue
		}
		switch m.Type {
		case huoshui.MeetingCommittee:
			committee = append(committee, m)
		case huoshui.MeetingGroup:
			groups = append(groups, m)
		case huoshui.MeetingLecture:
			lectures = append(lectures, m)
		}
	}
	day := func(t time.Time) huoshui.Date { return huoshui.DateOf(t.In(huoshui.Shanghai)) }
	active := func(t *huoshui.Task, on huoshui.Date) bool {
		return !on.Before(t.AssignedOn) && (!t.Done() || !t.DoneOn.Before(on))
	}
	taskOf := func(words string) *huoshui.Task {
		for _, t := range tasks {
			if strings.Contains(t.Content, words) {
				return t
			}
		}
		return nil
	}

	// Committee meetings: the task a meeting gave, else one open at it
	// that no meeting has reviewed yet; every fourth meeting dealt with
	// other business.
	used := map[int64]bool{}
	for _, m := range committee {
		on := day(m.StartsAt)
		var pick *huoshui.Task
		var note string
		for _, c := range committeeNotes {
			if t := taskOf(c.task); t != nil && !used[t.ID] && (t.MeetingID == m.ID || pick == nil && active(t, on)) {
				pick, note = t, c.note
				if t.MeetingID == m.ID {
					break
				}
			}
		}
		if pick == nil {
			continue
		}
		used[pick.ID] = true
		if _, err := lk.add(ctx, huoshui.ActivityMeeting, m.ID, m.StartsAt, huoshui.TargetTask, pick.ID, note); err != nil {
			return err
		}
	}

	// Group meetings: one moves a task of its group along, but never two
	// of the same group in a row.
	used = map[int64]bool{}
	last := map[int64]bool{} // whether the group's previous meeting was linked
	for _, m := range groups {
		if last[m.OrgID] {
			last[m.OrgID] = false
			continue
		}
		on := day(m.StartsAt)
		for _, g := range groupNotes {
			t := taskOf(g.task)
			if t == nil || used[t.ID] || !strings.Contains(m.OrgName, g.group) || !active(t, on) {
				continue
			}
			ok, err := lk.add(ctx, huoshui.ActivityMeeting, m.ID, m.StartsAt, huoshui.TargetTask, t.ID, g.note)
			if err != nil {
				return err
			}
			if ok {
				used[t.ID], last[m.OrgID] = true, true
				break
			}
		}
	}

	// Lectures, discussions and quarterly lectures: what they led to.
	type activity struct {
		kind  huoshui.ActivityKind
		id    int64
		title string
		on    time.Time
	}
	var acts []activity
	noon := func(d huoshui.Date) time.Time {
		return time.Date(d.Year(), d.Time().Month(), d.Time().Day(), 15, 0, 0, 0, huoshui.Shanghai)
	}
	ls, err := lk.st.FindLectures(ctx, store.LectureFilter{Scope: all, OrgID: branch.ID})
	if err != nil {
		return err
	}
	for _, l := range ls {
		acts = append(acts, activity{huoshui.ActivityLecture, l.ID, l.Topic, noon(l.HeldOn)})
	}
	ds, err := lk.st.FindDiscussions(ctx, store.DiscussionFilter{Scope: all, OrgID: branch.ID})
	if err != nil {
		return err
	}
	for _, d := range ds {
		acts = append(acts, activity{huoshui.ActivityDiscussion, d.ID, d.Topic, noon(d.HeldOn)})
	}
	for _, m := range lectures {
		acts = append(acts, activity{huoshui.ActivityMeeting, m.ID, m.Title, m.StartsAt})
	}
	outputs := map[huoshui.OutputKind][]*huoshui.Output{}
	for _, k := range []huoshui.OutputKind{huoshui.OutputDocument, huoshui.OutputPublication, huoshui.OutputInnovation} {
		if outputs[k], _, err = lk.st.FindOutputs(ctx, huoshui.OutputFilter{Scope: all, OrgID: branch.ID, Kind: k}); err != nil {
			return err
		}
	}
	for _, a := range acts {
		if a.on.Before(yearAgo) {
			continue
		}
		for _, o := range outcomeNotes {
			if !strings.Contains(a.title, o.activity) {
				continue
			}
			tk, target := huoshui.TargetTask, int64(0)
			if o.kind == "" {
				if t := taskOf(o.words[0]); t != nil {
					target = t.ID
				}
			} else {
				tk, target = huoshui.TargetOutput, outputAfter(outputs[o.kind], o.words, day(a.on))
			}
			if target == 0 {
				continue
			}
			if _, err := lk.add(ctx, a.kind, a.id, a.on, tk, target, o.note); err != nil {
				return err
			}
		}
	}
	return nil
}

// outputAfter is the output among xs whose title holds the first of words
// that any holds, dated on or after on and the earliest such; failing
// that, the latest before on; 0 when no title holds any.
func outputAfter(xs []*huoshui.Output, words []string, on huoshui.Date) int64 {
	for _, w := range words {
		var after, before *huoshui.Output
		for _, x := range xs {
			if !strings.Contains(x.Title, w) {
				continue
			}
			switch {
			case !x.Date.Before(on):
				if after == nil || x.Date.Before(after.Date) {
					after = x
				}
			case before == nil || x.Date.After(before.Date):
				before = x
			}
		}
		if after != nil {
			return after.ID
		}
		if before != nil {
			return before.ID
		}
	}
	return 0
}
