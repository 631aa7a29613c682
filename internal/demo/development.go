package demo

import (
	"context"
	"fmt"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
)

// The secretariat's member development: one person at each stage with
// the history a branch would have recorded — an applicant whose talk
// falls due within two weeks, an activist whose half-yearly assessment
// is late and who may now be made a candidate, a candidate waiting for
// the committee's training, one whose approval by the committee is past
// its three months (late), and 朱晓琳 on probation with her whole
// history since 2020. The branch's steps are the secretary's, the
// committee's the organiser's.

// devSeedPerson is one person in development: their particulars and
// their steps as days before today (0: none).
type devSeedPerson struct {
	name   string
	gender huoshui.Gender
	birth  string
	post   string
	steps  []devSeedStep
}

type devSeedStep struct {
	step int
	ago  int // days before today
	note string
}

var devSeed = []devSeedPerson{
	{"韩雨桐", huoshui.Female, "2001-03-15", "秘书处一级科员（文稿）", []devSeedStep{{1, 17, "递交入党申请书，表明对党的认识和入党动机。"}}},
	{"冯嘉怡", huoshui.Female, "1999-08-02", "督查处一级科员", []devSeedStep{
		{1, 480, ""}, {2, 462, "支部书记李明远谈话，了解入党动机和工作表现。"}, {3, 395, "支委会研究确定为入党积极分子。"},
		{4, 388, ""}, {5, 385, ""}, {6, 210, "第一次半年考察：学习认真，文稿工作踏实。"}}},
	{"曹子轩", huoshui.Male, "1997-11-20", "机要室科员", []devSeedStep{
		{1, 1100, ""}, {2, 1085, ""}, {3, 900, ""}, {4, 893, ""}, {5, 890, ""}, {6, 720, ""}, {6, 540, ""},
		{7, 200, "支委会研究，听取党员和群众意见，确定为发展对象。"}, {8, 193, ""}, {9, 150, ""}, {10, 90, "政治审查结论：合格。"}}},
	{"邓思琪", huoshui.Female, "1996-04-09", "档案室科员", []devSeedStep{
		{1, 1500, ""}, {2, 1480, ""}, {3, 1300, ""}, {4, 1293, ""}, {5, 1290, ""}, {6, 1110, ""}, {6, 930, ""},
		{7, 600, ""}, {8, 593, ""}, {9, 560, ""}, {10, 420, ""}, {11, 300, ""}, {12, 200, ""}, {13, 180, ""},
		{14, 170, ""}, {15, 130, "支部党员大会讨论，同意接收为预备党员。"}, {16, 110, "机关党委组织科派人谈话。"}}},
}

// zhuXiaolin's history: the secretariat's probationary member, by date.
var zhuXiaolin = []struct {
	step int
	on   string
}{
	{1, "2020-10-20"}, {2, "2020-11-10"}, {3, "2021-04-15"}, {4, "2021-04-22"}, {5, "2021-04-25"},
	{6, "2021-10-20"}, {6, "2022-04-20"}, {6, "2022-10-18"}, {6, "2023-04-19"}, {6, "2023-10-17"},
	{7, "2024-06-10"}, {8, "2024-06-18"}, {9, "2024-09-02"}, {10, "2024-12-10"}, {11, "2025-04-15"},
	{12, "2026-05-08"}, {13, "2026-05-28"}, {14, "2026-06-05"}, {15, "2026-06-26"}, {16, "2026-07-10"},
	{17, "2026-08-20"}, {18, "2026-08-28"}, {19, "2026-09-01"}, {20, "2026-09-05"}, {21, "2026-11-20"},
}

func seedDevelopment(ctx context.Context, st *store.Store, branch *huoshui.Org, ms []*huoshui.Member) error {
	today := huoshui.DateOf(st.Now().In(huoshui.Shanghai))
	plan := rules.PlanStep(today)
	sec, org := huoshui.Actor{Username: "demo"}, huoshui.Actor{Username: "demo"}
	if u, err := st.FindUserByUsername(ctx, "secretary"); err == nil {
		sec = huoshui.Actor{UserID: u.ID, Username: u.Username}
	}
	if u, err := st.FindUserByUsername(ctx, "organiser"); err == nil {
		org = huoshui.Actor{UserID: u.ID, Username: u.Username}
	}
	byName := map[string]*huoshui.Member{}
	for _, m := range ms {
		byName[m.Name] = m
	}
	record := func(m *huoshui.Member, n int, on huoshui.Date, note string) error {
		spec, _ := rules.StepOf(n)
		rec := &huoshui.DevStep{MemberID: m.ID, Step: n, Date: on, Note: note}
		a := sec
		switch spec.Actor {
		case huoshui.ActorPerson:
			rec.ActedBy = m.Name
		case huoshui.ActorBranch:
			rec.ActedBy = branch.Name
		case huoshui.ActorHigher:
			rec.ActedBy, a = CommitteeName, org
		}
		switch n {
		case 5:
			rec.People = []huoshui.DevPerson{{MemberID: byName["王志强"].ID}}
		case 9:
			rec.People = []huoshui.DevPerson{{MemberID: byName["李明远"].ID}, {MemberID: byName["张慧敏"].ID}}
		case 11:
			rec.TrainingDays, rec.ClassHours = 3, 24
		case 15:
			rec.Vote = &huoshui.DevVote{Eligible: 13, Present: 12, For: 12}
		}
		if err := st.RecordDevStep(ctx, a, rec, nil, plan); err != nil {
			return fmt.Errorf("demo development: %s step %d on %s: %w", m.Name, n, on, err)
		}
		return nil
	}
	for i, p := range devSeed {
		birth, err := huoshui.ParseDate(p.birth)
		if err != nil {
			return err
		}
		m := &huoshui.Member{OrgID: branch.ID, Name: p.name, Gender: p.gender, Ethnicity: "汉族", BirthDate: birth,
			Education: "bachelor", IDNumber: IDNumber("370102", birth, 60+i, p.gender), Workplace: "省政协办公厅", Post: p.post,
			Status: huoshui.StatusApplicant, AppliedOn: today.AddDate(0, 0, -p.steps[0].ago)}
		if err := st.CreateMember(ctx, actor, m); err != nil {
			return fmt.Errorf("demo development: %s: %w", p.name, err)
		}
		for _, s := range p.steps {
			if err := record(m, s.step, today.AddDate(0, 0, -s.ago), s.note); err != nil {
				return err
			}
		}
	}
	if zhu := byName["朱晓琳"]; zhu != nil {
		for _, s := range zhuXiaolin {
			on, err := huoshui.ParseDate(s.on)
			if err != nil {
				return err
			}
			if on.After(today) {
				break
			}
			if err := record(zhu, s.step, on, ""); err != nil {
				return err
			}
		}
	}
	return nil
}
