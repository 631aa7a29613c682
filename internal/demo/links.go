package demo

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
)

// The secretariat's link ledger (党建+业务关联): most of its theme days of
// the last twelve months are linked to the innovation and the supervision
// task they led to, each with what changed; its other activities follow
// in links_work.go. A few theme days stay unlinked, as in any real year:
// the share is counted, not claimed.

// demoLink is what one activity led to: an innovation whose title holds
// innovation, a task whose content holds task ("" for none), and what
// changed for each.
type demoLink struct {
	innovation, note string
	task, taskNote   string
}

var demoLinks = []demoLink{
	{"三校一检", "会后梳理出排版、校对两个环节的差错来源，建立“三校一检”，印制差错由全年 23 起降到 3 起。",
		"印制周期", "按党日上提出的倒排工期思路修订了印制方案，全会材料提前两天交付。"},
	{"一次流转", "大家对照来文办理流程逐环节找堵点，会后把会签改为并联，一般来文平均 3.2 个工作日办结。",
		"", ""},
	{"督查督办“清单化”", "研讨中提出按责任处室列清单、按周调度，督查事项按时办结率从 78% 提高到 96%。",
		"提案办理情况开展督查", "走访承办单位时用上了党日讨论的清单模板，第一批 46 件全部按期反馈。"},
	{"随办随归", "参观档案馆后讨论归档时机，决定文件办结即归档扫描，调阅一份档案由 40 分钟缩短到 3 分钟。",
		"档案数字化扫描", "党员分组认领年度档案，扫描进度比计划提前两周。"},
	{"扫码登记", "重温保密纪律后梳理机要件收发环节，改为扫码登记，登记一份文件由 6 分钟降到 1 分钟，全年零差错。",
		"机要文件流转登记", "电子台账字段就是在这次党日上逐项商定的。"},
	{"集体研磨", "党员轮流讲一篇自己起草的文稿，形成集体研磨机制，重要讲话稿平均修改轮次由 7 轮减到 3 轮。",
		"一稿一审一校", "质量台账从这次党日开始按月通报。"},
	{"回头看", "讨论“督而不查”的问题后，对已办结事项逐项回头看，全年复核 46 项、重新督办 5 项。",
		"", ""},
	{"双人清点", "学习保密案例后建立涉密载体双人清点，连续四个季度清退账物相符。",
		"保密自查", "按党日上列出的自查要点开展自查。"},
	{"一张表", "走进基层一线听取委员意见，把委员服务事项汇成一张表，答复周期由 15 天缩短到 7 天。",
		"调研发现转化", "调研发现的两类问题已分别转化为改进措施。"},
	{"一页清单", "针对格式退文集中讨论，制成公文格式一页清单，格式退文每月由 15 件左右降到 3 件以内。",
		"", ""},
}

// seedLinks links the secretariat's theme days of the last twelve months
// to its innovations and tasks, then its other activities
// (seedWorkLinks), each link entered a few days after the activity.
func seedLinks(ctx context.Context, st *store.Store, branch *huoshui.Org) error {
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
	u, err := st.FindUserByUsername(ctx, "secretary")
	if err != nil {
		return err
	}
	sec := huoshui.Actor{UserID: u.ID, Username: u.Username}
	all := huoshui.Everything()
	yearAgo := now.AddDate(-1, 0, 0)

	days, _, err := st.FindMeetings(ctx, huoshui.MeetingFilter{Scope: all, OrgID: branch.ID, From: yearAgo, To: now,
		Types: []huoshui.MeetingType{huoshui.MeetingThemeDay}})
	if err != nil {
		return err
	}
	slices.Reverse(days) // oldest first
	innovations, _, err := st.FindOutputs(ctx, huoshui.OutputFilter{Scope: all, OrgID: branch.ID, Kind: huoshui.OutputInnovation})
	if err != nil {
		return err
	}
	tasks, _, err := st.FindTasks(ctx, huoshui.TaskFilter{Scope: all, OrgID: branch.ID})
	if err != nil {
		return err
	}
	find := func(kind huoshui.TargetKind, words string) int64 {
		if words == "" {
			return 0
		}
		if kind == huoshui.TargetTask {
			for _, t := range tasks {
				if strings.Contains(t.Content, words) {
					return t.ID
				}
			}
			return 0
		}
		for _, x := range innovations {
			if strings.Contains(x.Title, words) {
				return x.ID
			}
		}
		return 0
	}
	lk := &linker{st: st, sec: sec, clock: &clock, now: now}
	link := func(kind huoshui.ActivityKind, id int64, on time.Time, l demoLink) error {
		for _, x := range []struct {
			kind        huoshui.TargetKind
			words, note string
		}{{huoshui.TargetOutput, l.innovation, l.note}, {huoshui.TargetTask, l.task, l.taskNote}} {
			target := find(x.kind, x.words)
			if target == 0 {
				continue
			}
			if _, err := lk.add(ctx, kind, id, on, x.kind, target, x.note); err != nil {
				return err
			}
		}
		return nil
	}
	// Three theme days in four lead somewhere the ledger can name.
	n := 0
	for i, m := range days {
		if m.CancelledAt != nil || m.Tally.Present == 0 || i%4 == 3 {
			continue
		}
		if err := link(huoshui.ActivityMeeting, m.ID, m.StartsAt, demoLinks[n%len(demoLinks)]); err != nil {
			return err
		}
		n++
	}
	return seedWorkLinks(ctx, lk, branch, yearAgo, tasks)
}

// linker writes the demo's links as the secretary, each a few days after
// its activity, on the store's clock.
type linker struct {
	st    *store.Store
	sec   huoshui.Actor
	clock *time.Time
	now   time.Time
}

// add links an activity held at on to a target with what changed; a
// link the rules refuse (a task given after the day, archived…) is left
// out and reported false.
func (l *linker) add(ctx context.Context, kind huoshui.ActivityKind, id int64, on time.Time, tk huoshui.TargetKind, target int64, note string) (bool, error) {
	*l.clock = on.Add(72 * time.Hour)
	if l.clock.After(l.now) {
		*l.clock = l.now
	}
	err := l.st.AddWorkLink(ctx, l.sec, huoshui.Everything(), &huoshui.WorkLink{ActivityKind: kind, ActivityID: id,
		TargetKind: tk, TargetID: target, Note: note})
	if err != nil && !isRefused(err) {
		return false, err
	}
	return err == nil, nil
}

// isRefused reports whether err is a validation error: a link the rules
// refuse, which the demo leaves out.
func isRefused(err error) bool {
	var ve *huoshui.ValidationError
	return errors.As(err, &ve)
}
