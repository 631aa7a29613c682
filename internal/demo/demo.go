// Package demo fills an empty database with the demo organisation: an
// office party committee with the 秘书处（督查处）党支部 of README.md and a
// second branch beside it, their members, and one account for each role.
// Names and numbers are invented. Later modules add their demo records here.
package demo

import (
	"context"
	"fmt"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/store"
)

// Password is every demo account's password. It exists only in demo mode,
// and is printed when the server starts.
const Password = "huoshui-demo"

// Names of the demo organisation, kept exact: tests and documents use them.
const (
	CommitteeName  = "省政协办公厅机关党委"
	BranchName     = "秘书处（督查处）党支部"
	SecondBranch   = "综合处党支部"
	FirstGroupName = "第一党小组（文稿督查）"
	SecondGroup    = "第二党小组（档案文印机要）"
)

// Account is a demo account as printed at start-up.
type Account struct {
	Username    string
	Description string
}

var actor = huoshui.Actor{Username: "demo"}

type person struct {
	name      string
	gender    huoshui.Gender
	birth     string
	ethnicity string
	education string
	post      string
	status    huoshui.MemberStatus
	applied   string
	activist  string
	candidate string
	admitted  string
	full      string
	group     int // 1 or 2
	seat      huoshui.CommitteePost
}

// The 秘书处（督查处）党支部: 14 people who draft documents, run
// supervision, keep the archives, the print room and confidential mail.
var secretariat = []person{
	{"李明远", huoshui.Male, "1975-04-18", "汉族", "master", "秘书处处长", huoshui.StatusFull, "1996-03-10", "", "", "1997-06-20", "1998-06-20", 1, huoshui.PostSecretary},
	{"张慧敏", huoshui.Female, "1980-09-02", "汉族", "master", "督查处副处长", huoshui.StatusFull, "2001-10-08", "", "", "2003-05-16", "2004-05-16", 1, huoshui.PostOrganiser},
	{"王志强", huoshui.Male, "1983-01-25", "汉族", "bachelor", "秘书处一级主任科员（文稿）", huoshui.StatusFull, "2003-11-12", "", "", "2005-06-01", "2006-06-01", 1, huoshui.PostPublicity},
	{"刘晓燕", huoshui.Female, "1979-07-30", "回族", "bachelor", "档案室主任", huoshui.StatusFull, "1999-04-22", "", "", "2001-07-01", "2002-07-01", 2, huoshui.PostDiscipline},
	{"陈思远", huoshui.Male, "1988-12-05", "汉族", "master", "督查处二级主任科员", huoshui.StatusFull, "2008-03-15", "", "", "2010-06-18", "2011-06-18", 1, ""},
	{"杨雪梅", huoshui.Female, "1986-05-14", "汉族", "bachelor", "秘书处三级主任科员（文稿）", huoshui.StatusFull, "2006-10-09", "", "", "2008-12-01", "2009-12-01", 1, ""},
	{"赵文博", huoshui.Male, "1991-08-21", "汉族", "master", "督查处一级科员", huoshui.StatusFull, "2011-04-06", "", "", "2013-06-25", "2014-06-25", 1, ""},
	{"黄丽娟", huoshui.Female, "1977-02-11", "汉族", "college", "文印室负责人", huoshui.StatusFull, "1998-05-04", "", "", "2000-07-01", "2001-07-01", 2, ""},
	{"周海涛", huoshui.Male, "1984-10-17", "满族", "bachelor", "机要室主任", huoshui.StatusFull, "2004-09-20", "", "", "2006-06-30", "2007-06-30", 2, ""},
	{"吴佳宁", huoshui.Female, "1993-03-08", "汉族", "master", "秘书处一级科员（文稿）", huoshui.StatusFull, "2013-10-15", "", "", "2016-05-20", "2017-05-20", 1, ""},
	{"徐志刚", huoshui.Male, "1981-06-29", "汉族", "bachelor", "档案室副主任", huoshui.StatusFull, "2002-03-18", "", "", "2004-07-01", "2005-07-01", 2, ""},
	{"孙婷婷", huoshui.Female, "1990-11-13", "汉族", "bachelor", "文印室科员", huoshui.StatusFull, "2010-05-10", "", "", "2012-11-08", "2013-11-08", 2, ""},
	{"马俊杰", huoshui.Male, "1995-04-26", "回族", "master", "机要室科员", huoshui.StatusFull, "2016-09-12", "", "", "2019-06-28", "2020-06-28", 2, ""},
	{"朱晓琳", huoshui.Female, "1998-09-19", "汉族", "master", "秘书处一级科员（督查）", huoshui.StatusProbationary, "2020-10-20", "2021-04-15", "2024-06-10", "2026-06-26", "", 1, ""},
}

var general = []person{
	{"郭立新", huoshui.Male, "1972-03-06", "汉族", "bachelor", "综合处处长", huoshui.StatusFull, "1992-05-04", "", "", "1994-07-01", "1995-07-01", 0, huoshui.PostSecretary},
	{"何静怡", huoshui.Female, "1985-12-22", "汉族", "master", "综合处副处长", huoshui.StatusFull, "2005-10-11", "", "", "2007-06-15", "2008-06-15", 0, huoshui.PostDeputy},
	{"罗家明", huoshui.Male, "1989-07-09", "壮族", "bachelor", "综合处一级主任科员", huoshui.StatusFull, "2009-04-02", "", "", "2011-07-01", "2012-07-01", 0, ""},
	{"梁雨萱", huoshui.Female, "1994-02-17", "汉族", "master", "综合处一级科员", huoshui.StatusFull, "2014-11-03", "", "", "2017-06-30", "2018-06-30", 0, ""},
	{"宋浩然", huoshui.Male, "1997-10-30", "汉族", "bachelor", "综合处一级科员", huoshui.StatusCandidate, "2019-03-12", "2019-09-20", "2025-12-18", "", "", 0, ""},
	{"唐诗雨", huoshui.Female, "1999-05-05", "汉族", "master", "综合处二级科员", huoshui.StatusActivist, "2022-04-08", "2022-10-14", "", "", "", 0, ""},
}

// Seed creates the demo organisation when the database holds no
// organisation yet, with a year of its organisational life ending today,
// and returns its accounts. On a database that already has one it does
// nothing and returns nil.
func Seed(ctx context.Context, st *store.Store) ([]Account, error) { return seed(ctx, st, true) }

// SeedPeople creates the demo organisation, its members and accounts
// without any meeting: for tests that lay out a history of their own.
func SeedPeople(ctx context.Context, st *store.Store) ([]Account, error) { return seed(ctx, st, false) }

func seed(ctx context.Context, st *store.Store, life bool) ([]Account, error) {
	existing, err := st.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Everything(), Archived: true, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(existing) > 0 {
		return nil, nil
	}
	today := huoshui.DateOf(st.Now().In(huoshui.Shanghai))
	committee := &huoshui.Org{Kind: huoshui.OrgCommittee, Name: CommitteeName,
		CommitteeElectedOn: huoshui.NewDate(2023, 6, 16), CommitteeTermEnds: huoshui.NewDate(2028, 6, 15)}
	if err := st.CreateOrg(ctx, actor, committee); err != nil {
		return nil, err
	}
	// The secretariat's committee was elected three years ago less 60 days,
	// so the demo always shows the reminder before its term ends.
	elected := today.AddDate(-3, 0, 60)
	branch := &huoshui.Org{ParentID: committee.ID, Kind: huoshui.OrgBranch, Name: BranchName,
		CommitteeElectedOn: elected, CommitteeTermEnds: elected.AddDate(3, 0, 0)}
	second := &huoshui.Org{ParentID: committee.ID, Kind: huoshui.OrgBranch, Name: SecondBranch}
	for _, o := range []*huoshui.Org{branch, second} {
		if err := st.CreateOrg(ctx, actor, o); err != nil {
			return nil, err
		}
	}
	groups := map[int]*huoshui.Org{
		1: {ParentID: branch.ID, Kind: huoshui.OrgGroup, Name: FirstGroupName},
		2: {ParentID: branch.ID, Kind: huoshui.OrgGroup, Name: SecondGroup},
	}
	for _, k := range []int{1, 2} {
		if err := st.CreateOrg(ctx, actor, groups[k]); err != nil {
			return nil, err
		}
	}
	var ms []*huoshui.Member
	add := func(people []person, org int64, phoneBase int) {
		for i, p := range people {
			m := p.member(org, i+phoneBase)
			if p.group != 0 {
				m.GroupID = groups[p.group].ID
			}
			ms = append(ms, m)
		}
	}
	add(secretariat, branch.ID, 0)
	add(general, second.ID, 20)
	if err := st.CreateMembers(ctx, actor, ms); err != nil {
		return nil, fmt.Errorf("demo members: %w", err)
	}
	hash, err := auth.HashPassword(Password)
	if err != nil {
		return nil, err
	}
	accounts := []struct {
		username, name string
		member         *huoshui.Member
		role           huoshui.RoleKind
		org            *huoshui.Org
		desc           string
	}{
		{"secretary", ms[0].Name, ms[0], huoshui.RoleSecretary, branch, "秘书处（督查处）党支部书记 / branch secretary"},
		{"member", ms[5].Name, ms[5], huoshui.RoleMember, branch, "秘书处（督查处）党支部党员 / branch member"},
		{"organiser", "机关党委组织科", nil, huoshui.RoleOrganiser, committee, "机关党委组织工作人员 / committee organiser"},
		{"sysadmin", "系统管理员", nil, huoshui.RoleSysAdmin, committee, "系统管理员 / system administrator"},
		{"secadmin", "安全管理员", nil, huoshui.RoleSecAdmin, committee, "安全管理员 / security administrator"},
		{"auditor", "审计管理员", nil, huoshui.RoleAuditor, committee, "审计管理员 / audit administrator"},
	}
	var out []Account
	for _, a := range accounts {
		u := &huoshui.User{Username: a.username, DisplayName: a.name, PasswordHash: hash,
			Roles: []huoshui.Role{{OrgID: a.org.ID, Kind: a.role}}}
		if a.member != nil {
			u.MemberID = a.member.ID
		}
		if err := st.CreateUser(ctx, actor, u); err != nil {
			return nil, fmt.Errorf("demo account %s: %w", a.username, err)
		}
		out = append(out, Account{a.username, a.desc})
	}
	if !life {
		return out, nil
	}
	if err := seedLife(ctx, st, branch, second, groups, ms); err != nil {
		return nil, fmt.Errorf("demo meetings: %w", err)
	}
	if err := seedStudy(ctx, st, branch, ms); err != nil {
		return nil, fmt.Errorf("demo study: %w", err)
	}
	if err := seedOutputs(ctx, st, branch, second, ms); err != nil {
		return nil, err
	}
	if err := seedTasks(ctx, st, branch, ms); err != nil {
		return nil, fmt.Errorf("demo tasks: %w", err)
	}
	if err := seedLinks(ctx, st, branch); err != nil {
		return nil, fmt.Errorf("demo links: %w", err)
	}
	if err := seedArticles(ctx, st, branch); err != nil {
		return nil, fmt.Errorf("demo articles: %w", err)
	}
	if err := seedChat(ctx, st, branch); err != nil {
		return nil, fmt.Errorf("demo chat: %w", err)
	}
	if err := seedBooks(ctx, st, branch, ms); err != nil {
		return nil, fmt.Errorf("demo books: %w", err)
	}
	if err := seedTransfers(ctx, st, branch, second, ms); err != nil {
		return nil, fmt.Errorf("demo transfers: %w", err)
	}
	if err := seedElections(ctx, st, branch); err != nil {
		return nil, fmt.Errorf("demo elections: %w", err)
	}
	if err := seedDues(ctx, st, ms); err != nil {
		return nil, fmt.Errorf("demo dues: %w", err)
	}
	if err := seedDevelopment(ctx, st, branch, ms); err != nil {
		return nil, fmt.Errorf("demo development: %w", err)
	}
	return out, nil
}

func (p person) member(orgID int64, seq int) *huoshui.Member {
	d := func(s string) huoshui.Date {
		v, err := huoshui.ParseDate(s)
		if err != nil {
			panic(err)
		}
		return v
	}
	birth := d(p.birth)
	return &huoshui.Member{
		OrgID: orgID, Name: p.name, Gender: p.gender, Ethnicity: p.ethnicity, BirthDate: birth,
		Education: p.education, IDNumber: IDNumber("370102", birth, seq, p.gender),
		Phone:     fmt.Sprintf("1376815%04d", 2100+seq*37),
		Workplace: "省政协办公厅", Post: p.post, Status: p.status,
		AppliedOn: d(p.applied), ActivistOn: d(p.activist), CandidateOn: d(p.candidate),
		ProbationOn: d(p.admitted), FullOn: d(p.full), CommitteePost: p.seat,
	}
}

// IDNumber makes a valid 居民身份证 number: region, birth date, a sequence
// whose last digit is odd for men and even for women, and the check
// character.
func IDNumber(region string, birth huoshui.Date, seq int, g huoshui.Gender) string {
	s := (seq*2 + 10) % 1000
	if g == huoshui.Male {
		s |= 1
	} else {
		s &^= 1
	}
	first := fmt.Sprintf("%s%s%03d", region, birth.Time().Format("20060102"), s)
	return first + string(huoshui.IDNumberCheckChar(first))
}
