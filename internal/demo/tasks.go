package demo

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
)

// demoTask is one supervision task of the secretariat: where it came
// from, who leads and helps, when it was given (days before the demo's
// day), how long it had, its progress reports (days after it was given)
// and when it was done (days after it was given; 0: still open).
type demoTask struct {
	source   huoshui.TaskSource
	ref      string // "{{year}}" becomes the year it was given
	content  string
	lead     string
	co       []string
	given    int // days ago
	days     int // from given to the deadline
	progress []demoProgress
	done     int // days after given; 0 while open
}

type demoProgress struct {
	after int
	who   string
	text  string
}

// demoTasks are the secretariat's supervision tasks of the last twelve
// months: most done on time, two done late, two overdue, two open (one
// within a week of its deadline, which the member account leads).
var demoTasks = []demoTask{
	{huoshui.TaskFromDocument, "鲁政协办字〔{{year}}〕7号", "牵头修订全省政协系统办公厅秘书工作规范，汇总各市意见，形成修订稿。",
		"王志强", []string{"杨雪梅", "吴佳宁"}, 350, 30, []demoProgress{
			{10, "王志强", "已向 16 市政协办公室发函征求意见，收回 12 份。"},
			{24, "杨雪梅", "修订稿形成，已送处务会审议。"}}, 27},
	{huoshui.TaskFromResolution, "", "建立文稿起草“一稿一审一校”质量台账，每月在支部通报一次。",
		"杨雪梅", []string{"王志强"}, 320, 45, []demoProgress{
			{20, "杨雪梅", "台账模板已定，本月起逐件登记，首次通报安排在下次支委会。"}}, 40},
	{huoshui.TaskFromInstruction, "秘书长批示", "压缩全会、常委会议材料印制周期，提出改进方案并试行。",
		"黄丽娟", []string{"孙婷婷"}, 290, 20, []demoProgress{
			{12, "黄丽娟", "梳理出排版、校对、装订三个环节的等待时间，改进方案初稿已成。"}}, 27},
	{huoshui.TaskFromDocument, "鲁政协办发〔{{year}}〕21号", "对政协委员提案办理情况开展督查（第一批），形成督查报告。",
		"张慧敏", []string{"陈思远", "赵文博"}, 260, 60, []demoProgress{
			{25, "陈思远", "第一批 46 件提案已全部联系承办单位，实地走访 9 家。"},
			{50, "张慧敏", "督查报告初稿完成，正在征求承办单位意见。"}}, 55},
	{huoshui.TaskFromResolution, "", "机要文件流转登记改为电子台账，做到件件可查、全程留痕。",
		"周海涛", []string{"马俊杰"}, 230, 40, []demoProgress{
			{15, "马俊杰", "电子台账字段已确定，历史纸质登记簿正在补录。"}}, 38},
	{huoshui.TaskFromInstruction, "分管副秘书长批示", "督办档案数字化扫描进度：2015—2020 年文书档案全部扫描并挂接目录。",
		"刘晓燕", []string{"徐志刚"}, 210, 90, []demoProgress{
			{30, "刘晓燕", "已完成 2015—2016 年档案扫描，共 1.2 万页。"},
			{60, "徐志刚", "2017—2018 年扫描完成，挂接目录时发现部分案卷编号重复，正在核对。"},
			{95, "刘晓燕", "剩余 2020 年档案 3000 余页，预计再需一周。"}}, 100},
	{huoshui.TaskFromDocument, "办公厅〔{{year}}〕3号", "年度重点工作任务分解，逐项明确责任处室和完成时限。",
		"张慧敏", []string{"赵文博"}, 180, 30, []demoProgress{
			{14, "赵文博", "已分解 38 项，与各处室逐项核对完毕。"}}, 22},
	{huoshui.TaskFromResolution, "", "把“走进基层一线”主题党日的调研发现转化为两条工作改进措施。",
		"李明远", []string{"朱晓琳", "陈思远"}, 150, 45, []demoProgress{
			{20, "朱晓琳", "整理调研记录，归纳出来文办理和委员服务两方面问题。"}}, 44},
	{huoshui.TaskFromInstruction, "秘书长批示", "常委会议服务保障工作复盘，形成问题清单和整改措施。",
		"王志强", []string{"黄丽娟"}, 120, 14, nil, 13},
	{huoshui.TaskFromDocument, "鲁政协办字〔{{year}}〕33号", "政协提案督办回访（第二批），逐件电话回访并登记办理满意度。",
		"陈思远", []string{"赵文博"}, 80, 45, []demoProgress{
			{20, "陈思远", "已回访 18 件，余 9 件承办单位联系人变动，正在重新联系。"}}, 0},
	{huoshui.TaskFromResolution, "", "更换档案库房温湿度监控设备，建立每日巡查记录。",
		"徐志刚", []string{"刘晓燕"}, 50, 45, []demoProgress{
			{15, "徐志刚", "设备选型完成，已报办公厅采购。"}}, 0},
	{huoshui.TaskFromInstruction, "秘书长批示", "十二届全会文件起草进度督办：各类文件按时成稿送审。",
		"杨雪梅", []string{"吴佳宁", "王志强"}, 30, 36, []demoProgress{
			{12, "杨雪梅", "工作报告第三稿已完成，提案工作报告在征求意见。"}}, 0},
	{huoshui.TaskFromDocument, "保密委〔{{year}}〕2号", "开展保密自查自评，形成自查报告。",
		"周海涛", []string{"马俊杰", "杨雪梅"}, 12, 40, nil, 0},
}

// seedTasks writes the secretariat's supervision tasks as they would have
// been written: each given on its day, a resolution's on the day of the
// committee meeting that made it, progress reported along the way, done
// on the day it was. The store's clock is set for each write.
func seedTasks(ctx context.Context, st *store.Store, branch *huoshui.Org, ms []*huoshui.Member) error {
	now := st.Now()
	offset := now.Sub(time.Now())
	defer func() {
		if offset > -time.Second && offset < time.Second {
			st.SetClock(time.Now)
		} else {
			st.SetClock(func() time.Time { return time.Now().Add(offset) })
		}
	}()
	var clock time.Time
	st.SetClock(func() time.Time { return clock })
	today := huoshui.DateOf(now.In(huoshui.Shanghai))
	at := func(d huoshui.Date, hhmm int) time.Time {
		return time.Date(d.Year(), d.Time().Month(), d.Time().Day(), hhmm/100, hhmm%100, 0, 0, huoshui.Shanghai)
	}
	people := map[string]int64{}
	for _, m := range ms {
		people[m.Name] = m.ID
	}
	actors := map[string]huoshui.Actor{}
	for _, username := range []string{"secretary", "member"} {
		u, err := st.FindUserByUsername(ctx, username)
		if err != nil {
			return err
		}
		actors[u.DisplayName] = huoshui.Actor{UserID: u.ID, Username: u.Username}
	}
	sec := actors["李明远"]
	// The reporter writes from their own account when they have one; the
	// secretary enters the others' reports for them.
	actorOf := func(name string) huoshui.Actor {
		if a, ok := actors[name]; ok {
			return a
		}
		return sec
	}
	for i, d := range demoTasks {
		given := today.AddDate(0, 0, -d.given)
		t := &huoshui.Task{OrgID: branch.ID, Source: d.source, Content: d.content, LeadID: people[d.lead], AssignedOn: given}
		if d.source == huoshui.TaskFromResolution {
			m, err := committeeMeetingBefore(ctx, st, branch, given)
			if err != nil {
				return err
			}
			if m != nil {
				t.MeetingID = m.ID
				t.AssignedOn = huoshui.DateOf(m.StartsAt.In(huoshui.Shanghai))
			}
		}
		t.Deadline = t.AssignedOn.AddDate(0, 0, d.days)
		t.SourceRef = replaceYear(d.ref, t.AssignedOn.Year())
		for _, name := range d.co {
			t.CoIDs = append(t.CoIDs, people[name])
		}
		clock = at(t.AssignedOn, 1700)
		if err := st.CreateTask(ctx, sec, t, false); err != nil {
			return fmt.Errorf("demo task %d: %w", i+1, err)
		}
		for _, p := range d.progress {
			day := t.AssignedOn.AddDate(0, 0, p.after)
			if day.After(today) {
				continue
			}
			clock = at(day, 1630)
			if err := st.AddTaskProgress(ctx, actorOf(p.who), &huoshui.TaskProgress{TaskID: t.ID, ReportedOn: day, Text: p.text,
				MemberID: people[p.who]}, nil); err != nil {
				return fmt.Errorf("demo task %d progress: %w", i+1, err)
			}
		}
		if d.done > 0 {
			day := t.AssignedOn.AddDate(0, 0, d.done)
			if day.After(today) {
				continue
			}
			clock = at(day, 1730)
			if err := st.MarkTaskDone(ctx, sec, t.ID, huoshui.Date{}); err != nil {
				return fmt.Errorf("demo task %d done: %w", i+1, err)
			}
		}
	}
	return nil
}

// committeeMeetingBefore is the branch's latest committee meeting held on
// or up to three weeks before day, or nil.
func committeeMeetingBefore(ctx context.Context, st *store.Store, branch *huoshui.Org, day huoshui.Date) (*huoshui.Meeting, error) {
	end := time.Date(day.Year(), day.Time().Month(), day.Time().Day(), 0, 0, 0, 0, huoshui.Shanghai).AddDate(0, 0, 1)
	ms, _, err := st.FindMeetings(ctx, huoshui.MeetingFilter{Scope: huoshui.Everything(), OrgID: branch.ID,
		Types: []huoshui.MeetingType{huoshui.MeetingCommittee}, From: end.AddDate(0, 0, -21), To: end, Limit: 1})
	if err != nil || len(ms) == 0 {
		return nil, err
	}
	return ms[0], nil
}

func replaceYear(ref string, year int) string {
	return strings.ReplaceAll(ref, "{{year}}", strconv.Itoa(year))
}
