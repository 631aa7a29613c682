package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
)

// DemoSlug is the public address of the secretariat's channel: /p/mishuchu.
const DemoSlug = "mishuchu"

// demoArticle is one article of the secretariat's channel. themeDay
// links it to the branch's latest theme day; review leaves it in review.
type demoArticle struct {
	title, summary, body string
	themeDay, review     bool
}

var demoArticles = []demoArticle{
	{title: "以学促干 把理论学习成果转化为推动工作的实际成效", summary: "秘书处（督查处）党支部深化理论学习，推动学用结合。",
		body: "今年以来，秘书处（督查处）党支部坚持把理论学习作为首要政治任务，以“三会一课”为抓手，推动学习成果转化为服务履职的实际成效。\n\n## 学在经常\n- 每月一次集中学习，围绕文稿起草、会务保障等业务开展专题研讨\n- 支部书记带头讲微党课，党员轮流领学\n\n## 干在实处\n支部把学习中形成的改进举措逐项列入督办台账，跟踪落实，做到学有所获、干有所成。"},
	{title: "走进基层听民声 主题党日活动纪实", summary: "支部党员走进社区，面对面听取群众意见。", themeDay: true,
		body: "支部组织党员走进基层，开展“走进基层听民声”主题党日活动。\n\n党员们分组走访社区服务中心和企业，面对面听取群众和企业对政协工作的意见建议，共收集意见 12 条，已分类整理并转交相关处室办理。\n\n## 活动收获\n大家表示，走出机关、走进基层，才能把群众的所思所盼带回来，转化为改进工作的具体举措。"},
	{title: "“一稿一审一校” 文稿质量有了硬杠杠", summary: "支部推动建立文稿质量台账，差错率明显下降。",
		body: "为提升文稿质量，支部推动建立文稿起草“一稿一审一校”质量台账，每件文稿逐件登记、逐月通报。\n\n实施以来，文稿差错率明显下降，领导批示满意度持续提升。"},
	{title: "档案数字化工作取得阶段性进展", summary: "支部党员先锋岗带头攻坚档案数字化。", review: true,
		body: "支部设立党员先锋岗，带头推进机关档案数字化工作。\n\n目前已完成 2015 年以来文书档案的扫描和著录，检索时间由过去的半天缩短到几分钟。"},
}

// seedArticles gives the secretariat its public slug and channel: several
// published articles (one reporting its latest theme day, linked to it)
// and one in review.
func seedArticles(ctx context.Context, st *store.Store, branch *huoshui.Org) error {
	slug := DemoSlug
	if _, err := st.UpdateOrg(ctx, actor, branch.ID, huoshui.OrgUpdate{Slug: &slug}); err != nil {
		return err
	}
	now := st.Now()
	days, _, err := st.FindMeetings(ctx, huoshui.MeetingFilter{Scope: huoshui.Everything(), OrgID: branch.ID, Subtree: true,
		Types: []huoshui.MeetingType{huoshui.MeetingThemeDay}, To: now, From: now.AddDate(-1, 0, 0), Limit: 50})
	if err != nil {
		return err
	}
	var themeDay int64
	var latest time.Time
	for _, m := range days {
		if m.Type == huoshui.MeetingThemeDay && m.StartsAt.After(latest) {
			themeDay, latest = m.ID, m.StartsAt
		}
	}
	for _, a := range demoArticles {
		x := &huoshui.Article{OrgID: branch.ID, Version: huoshui.ArticleVersion{Title: a.title, Authors: "秘书处（督查处）党支部",
			Summary: a.summary, Body: a.body}}
		if a.themeDay {
			x.MeetingID = themeDay
		}
		if err := st.CreateArticle(ctx, actor, x); err != nil {
			return fmt.Errorf("article %s: %w", a.title, err)
		}
		if _, err := st.ReviewArticle(ctx, actor, x.ID, huoshui.ArticleSubmit, ""); err != nil {
			return err
		}
		if a.review {
			continue
		}
		if _, err := st.ReviewArticle(ctx, actor, x.ID, huoshui.ArticleApprove, ""); err != nil {
			return err
		}
	}
	return nil
}
