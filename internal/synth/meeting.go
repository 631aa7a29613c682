package synth

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
)

// Organisational life: the meetings the rules ask of each node
// (rules.Requirements) over Options.Years years ending Today, with who was
// invited and what became of each. A branch holds a committee meeting
// every month when it has a committee, a themed party day every month with
// its visits, gains and work topics, a group meeting every month in each
// of its groups, a general meeting and a party lecture every quarter (the
// lecture often given at the general meeting or on a theme day), the
// year's review meeting with the appraisal of members, and a few talks. A
// general branch holds its general meetings and lectures with all its
// members and the rest with its branches' secretaries; a committee meets
// every month. Most branches keep to the rules; some skip a meeting now and
// then, a few often, and some have a lax year. Meetings before Today have
// attendance — present, on leave with a reason, absent — and a few were
// called off or entered afterwards (补录); those from Today to the end of
// the month are planned.

// lifeSalt makes the streams of organisational life differ from the
// members' streams of the same node.
const lifeSalt = 0x0f1e_11fe_5eed_0001

var (
	visitWords = map[huoshui.Visit]string{
		huoshui.VisitEducationBase: "走进党性教育基地", huoshui.VisitFrontLine: "走进基层一线",
		huoshui.VisitModelBranch: "走进先进党支部", huoshui.VisitModelDeeds: "走进模范典型事迹",
	}
	visitPlaces = map[huoshui.Visit][]string{
		huoshui.VisitEducationBase: {"革命纪念馆", "烈士陵园", "党性教育基地", "廉政教育基地", "党史展览馆"},
		huoshui.VisitFrontLine:     {"基层服务窗口", "联系点村居", "项目建设一线", "便民服务中心"},
		huoshui.VisitModelBranch:   {"省级先进党支部", "市级示范党支部", "过硬党支部"},
		huoshui.VisitModelDeeds:    {"先进事迹展览馆", "劳模创新工作室", "时代楷模事迹展"},
	}
	sectorTopics = map[sector][]string{
		sectorGov:       {"办文办事", "服务群众", "廉政建设", "作风建设", "营商环境"},
		sectorSchool:    {"立德树人", "课堂教学", "师德师风", "家校共育"},
		sectorHealth:    {"医德医风", "患者服务", "公共卫生", "健康义诊"},
		sectorVillage:   {"乡村振兴", "人居环境", "集体经济", "矛盾调解"},
		sectorCommunity: {"社区治理", "服务群众", "志愿服务", "文明创建"},
		sectorCompany:   {"安全生产", "技术攻关", "质量提升", "降本增效"},
		sectorRetired:   {"发挥余热", "关心下一代", "党史宣讲"},
	}
	lectureTopics = []string{"学习贯彻党的二十大精神", "弘扬伟大建党精神", "牢记初心使命", "加强党性修养",
		"深入学习党章党规", "树立和践行正确政绩观", "以学促干 学以致用", "全面从严治党永远在路上", "党史中的为民情怀"}
	committeeAgenda = []string{"传达学习上级会议精神", "研究本月党建工作安排", "讨论发展党员工作",
		"研究主题党日活动方案", "通报党费收缴情况", "研究党员教育培训计划", "分析党员思想状况"}
	leaveReasons = newWeighted(`出差:30 公务外出:25 病假:15 事假:12 外出培训:10 照顾家人:8`)
	quarters     = []string{"一", "二", "三", "四"}
)

// life makes the meetings of one node.
type life struct {
	p     *Province
	r     *rand.Rand
	first huoshui.Date // the first day of the first month
	// months runs to the end of the current month; meetings from cut on
	// are planned, not yet held.
	months int
	cut    time.Time
	// How faithfully the node keeps the rules: the chance of holding each
	// meeting, and a year when it was lax.
	diligence float64
	laxYear   int
	checkIns  int // from this year the node has members scan a code
	leaveRate float64
	out       []store.BulkMeeting
}

// Life makes the meetings of node i over Options.Years years ending Today,
// with their invitees and attendance. people are the members its meetings
// draw on, in the order they were made: a branch's own members (its
// groups' meetings come with it), all the members of a general branch's
// branches, or, for a committee, members below it of whom it takes the
// first secretaries as its committee. The same province, node and people
// give the same meetings. Other nodes, and Years 0, give none.
func (p *Province) Life(i int, people []*huoshui.Member) []store.BulkMeeting {
	if p.opts.Years <= 0 || i < 0 || i >= len(p.Nodes) {
		return nil
	}
	n := &p.Nodes[i]
	today := p.opts.Today
	first := huoshui.NewDate(today.Year(), today.Time().Month(), 1).AddDate(-p.opts.Years, 1, 0)
	l := &life{p: p, r: rand.New(rand.NewPCG(p.opts.Seed^lifeSalt, uint64(i))), first: first,
		months: 12 * p.opts.Years, cut: time.Date(today.Year(), today.Time().Month(), today.Time().Day(), 0, 0, 0, 0, huoshui.Shanghai)}
	switch x := l.r.IntN(100); {
	case x < 62:
		l.diligence = 0.985
	case x < 87:
		l.diligence = 0.93
	case x < 97:
		l.diligence = 0.8
	default:
		l.diligence = 0.55
	}
	l.laxYear = -1
	if l.r.IntN(100) < 15 {
		l.laxYear = first.Year() + l.r.IntN(p.opts.Years+1)
	}
	l.checkIns = today.Year() - l.r.IntN(4)
	l.leaveRate = 0.05
	if n.sector == sectorRetired {
		l.leaveRate = 0.14
	}
	switch n.Org.Kind {
	case huoshui.OrgBranch:
		l.branch(n, people)
	case huoshui.OrgGeneralBranch:
		l.generalBranch(n, people)
	case huoshui.OrgCommittee:
		l.committee(n, people)
	}
	return l.out
}

// holds says whether the node held a meeting it was due in year y, month m;
// a theme day in February (the Spring Festival) is skipped more often.
func (l *life) holds(y int, m time.Month, t huoshui.MeetingType) bool {
	d := l.diligence
	if y == l.laxYear {
		d = min(d, 0.6)
	}
	if t == huoshui.MeetingThemeDay && m == time.February {
		d -= 0.1
	}
	return l.r.Float64() < d
}

// day is the working day nearest day d of month (first day of a month):
// a Saturday moves to the Friday, a Sunday to the Monday, within the month.
func day(month huoshui.Date, d int) huoshui.Date {
	last := month.AddDate(0, 1, -1).Time().Day()
	d = max(1, min(d, last))
	out := month.AddDate(0, 0, d-1)
	switch out.Time().Weekday() {
	case time.Saturday:
		if d > 1 {
			return out.AddDate(0, 0, -1)
		}
		return out.AddDate(0, 0, 2)
	case time.Sunday:
		if d < last {
			return out.AddDate(0, 0, 1)
		}
		return out.AddDate(0, 0, -2)
	}
	return out
}

// partyOn lists people who were party members (full or probationary) on d.
func partyOn(people []*huoshui.Member, d huoshui.Date) []*huoshui.Member {
	var out []*huoshui.Member
	for _, m := range people {
		if (m.Status == huoshui.StatusFull || m.Status == huoshui.StatusProbationary) &&
			!m.ProbationOn.IsZero() && !m.ProbationOn.After(d) {
			out = append(out, m)
		}
	}
	return out
}

func (l *life) pick(xs []string) string { return xs[l.r.IntN(len(xs))] }

// plan is one meeting to add.
type plan struct {
	org      *huoshui.Org
	t        huoshui.MeetingType
	also     []huoshui.MeetingType
	title    string
	on       huoshui.Date
	hour     int
	minute   int
	length   time.Duration
	place    string
	agenda   string
	invitees []*huoshui.Member
	host     *huoshui.Member // nil: the secretary among the invitees, or the first
	visits   []huoshui.Visit
	gains    []huoshui.Gain
	topics   []string
}

// add makes the meeting of pl: planned ahead and noticed, or entered
// afterwards (补录), or called off; held ones with each invitee's
// attendance.
func (l *life) add(pl plan) {
	if len(pl.invitees) == 0 {
		return
	}
	r := l.r
	start := time.Date(pl.on.Year(), pl.on.Time().Month(), pl.on.Time().Day(), pl.hour, pl.minute, 0, 0, huoshui.Shanghai)
	m := &huoshui.Meeting{OrgID: pl.org.ID, Type: pl.t, AlsoCounts: pl.also, Title: pl.title,
		StartsAt: start.UTC(), EndsAt: start.Add(pl.length).UTC(), Place: pl.place, Agenda: pl.agenda,
		Visits: pl.visits, Gains: pl.gains, Topics: pl.topics}
	host := pl.host
	if host == nil {
		host = pl.invitees[0]
		for _, p := range pl.invitees {
			if p.CommitteePost == huoshui.PostSecretary {
				host = p
				break
			}
		}
	}
	m.HostID = host.ID
	for _, p := range pl.invitees {
		if p != host {
			m.RecorderID = p.ID
			if p.CommitteePost == huoshui.PostOrganiser {
				break
			}
		}
	}
	planned := !start.Before(l.cut)
	ahead := time.Duration(1+r.IntN(7))*24*time.Hour - time.Duration(r.IntN(8))*time.Hour
	held := !planned
	switch x := r.IntN(1000); {
	case planned:
		m.EnteredAt = start.Add(-ahead)
		if !m.EnteredAt.Before(l.cut) {
			m.EnteredAt = l.cut.Add(-time.Duration(2+r.IntN(40)) * time.Hour)
		}
	case x < 8: // called off the day before
		m.EnteredAt = start.Add(-ahead)
		off := start.Add(-20 * time.Hour).UTC()
		m.CancelledAt, held = &off, false
	case x < 50: // entered afterwards
		m.EnteredAt = m.EndsAt.Add(time.Duration(1+r.IntN(20*24)) * time.Hour)
		if !m.EnteredAt.Before(l.cut) {
			m.EnteredAt = m.EndsAt.Add(10 * time.Minute)
		}
	default:
		m.EnteredAt = start.Add(-ahead)
		notice := m.EnteredAt.Add(time.Hour).UTC()
		m.NoticeSentAt = &notice
	}
	scans := held && start.Year() >= l.checkIns && r.IntN(10) < 7
	b := store.BulkMeeting{Meeting: m, Invitees: make([]store.BulkInvitee, 0, len(pl.invitees))}
	for _, p := range pl.invitees {
		inv := store.BulkInvitee{MemberID: p.ID}
		if held {
			switch x := r.Float64(); {
			case x < 0.015:
				inv.Attendance = huoshui.AttendanceAbsent
			case x < 0.015+l.leaveRate:
				inv.Attendance, inv.LeaveReason = huoshui.AttendanceLeave, leaveReasons.pick(r)
			default:
				inv.Attendance = huoshui.AttendancePresent
				if scans {
					at := start.Add(-time.Duration(r.IntN(25*60)) * time.Second).UTC()
					inv.CheckedInAt = &at
				}
			}
		}
		b.Invitees = append(b.Invitees, inv)
	}
	l.out = append(l.out, b)
}

// month is the first day of the k-th month of the span.
func (l *life) month(k int) (huoshui.Date, int, time.Month) {
	d := l.first.AddDate(0, k, 0)
	return d, d.Year(), d.Time().Month()
}

// themeDay fills the 四走进四提升 of a theme day: one or two visits, the
// gains they aim at, and work topics of the node's sector.
func (l *life) themeDay(pl *plan, sec sector) {
	r := l.r
	v := huoshui.Visits[r.IntN(len(huoshui.Visits))]
	pl.visits = []huoshui.Visit{v}
	if r.IntN(4) == 0 {
		pl.visits = append(pl.visits, huoshui.Visits[r.IntN(len(huoshui.Visits))])
	}
	pl.gains = []huoshui.Gain{huoshui.Gains[r.IntN(len(huoshui.Gains))]}
	if r.IntN(3) == 0 {
		pl.gains = append(pl.gains, huoshui.Gains[r.IntN(len(huoshui.Gains))])
	}
	pl.topics = []string{huoshui.SuggestedTopics[r.IntN(len(huoshui.SuggestedTopics))]}
	for range r.IntN(3) {
		pl.topics = append(pl.topics, l.pick(sectorTopics[sec]))
	}
	pl.place = l.pick(visitPlaces[v])
	pl.title += "——" + visitWords[v]
}

// branch makes a 党支部's meetings and those of its groups.
func (l *life) branch(n *Node, people []*huoshui.Member) {
	r := l.r
	org := n.Org
	var committee []*huoshui.Member
	for _, m := range people {
		if m.CommitteePost != huoshui.PostNone {
			committee = append(committee, m)
		}
	}
	groups := make([][]*huoshui.Member, len(n.Groups))
	for _, m := range people {
		for g, gi := range n.Groups {
			if m.GroupID == l.p.Nodes[gi].Org.ID {
				groups[g] = append(groups[g], m)
			}
		}
	}
	room := n.unit + "会议室"
	if n.sector == sectorVillage || n.sector == sectorCommunity {
		room = "党群服务中心"
	}
	// Each branch's habits: its days, and how it gives its lectures.
	committeeDay, themeDay, groupDay := 2+r.IntN(8), 10+r.IntN(16), 5+r.IntN(20)
	lectureAtMeeting := r.IntN(10)
	talkMonths := map[int]bool{}
	for k := 0; k < l.months; k++ {
		month, y, m := l.month(k)
		if m == time.January || k == 0 {
			clear(talkMonths)
			for range 2 + r.IntN(3) {
				talkMonths[1+r.IntN(12)] = true
			}
		}
		if org.HasCommittee() && l.holds(y, m, huoshui.MeetingCommittee) {
			l.add(plan{org: org, t: huoshui.MeetingCommittee, title: fmt.Sprintf("%d年%d月支委会", y, m),
				on: day(month, committeeDay+r.IntN(3)), hour: 9, length: time.Hour, place: room,
				agenda: l.pick(committeeAgenda), invitees: partyOn(committee, month)})
		}
		q := (int(m)-1)/3 + 1
		inQuarter := (int(m)-1)%3 + 1
		// The lecture of the quarter: at the general meeting, on the
		// theme day of its last month, or on its own.
		way := lectureAtMeeting
		if r.IntN(5) == 0 {
			way = r.IntN(10)
		}
		themeOn := day(month, themeDay+r.IntN(3)-1)
		if l.holds(y, m, huoshui.MeetingThemeDay) {
			pl := plan{org: org, t: huoshui.MeetingThemeDay, title: fmt.Sprintf("%d年%d月主题党日", y, m),
				on: themeOn, hour: 14, minute: 30, length: time.Duration(2+r.IntN(2)) * time.Hour,
				invitees: partyOn(people, month)}
			if inQuarter == 3 && way >= 5 && way < 7 {
				pl.also = []huoshui.MeetingType{huoshui.MeetingLecture}
			}
			l.themeDay(&pl, n.sector)
			l.add(pl)
		}
		for g, gi := range n.Groups {
			if l.holds(y, m, huoshui.MeetingGroup) {
				members := partyOn(groups[g], month)
				var host *huoshui.Member
				if len(members) > 0 {
					host = members[0]
				}
				l.add(plan{org: l.p.Nodes[gi].Org, t: huoshui.MeetingGroup,
					title: fmt.Sprintf("%s%d年%d月党小组会", l.p.Nodes[gi].Org.Name, y, m),
					on:    day(month, groupDay+g+r.IntN(3)), hour: 16, length: time.Hour, place: room,
					agenda: "学习讨论，交流思想和工作", invitees: members, host: host})
			}
		}
		if inQuarter == 2 && l.holds(y, m, huoshui.MeetingGeneral) {
			on := day(month, 12+r.IntN(12))
			if on.Equal(themeOn) { // not the afternoon of the theme day
				on = day(month, on.Time().Day()+2)
			}
			pl := plan{org: org, t: huoshui.MeetingGeneral, title: fmt.Sprintf("%d年第%s季度支部党员大会", y, quarters[q-1]),
				on: on, hour: 15, length: 90 * time.Minute, place: room,
				agenda: "传达学习上级精神\n通报支部工作\n讨论决定有关事项", invitees: partyOn(people, month)}
			if way < 5 {
				pl.also = []huoshui.MeetingType{huoshui.MeetingLecture}
				pl.title += "暨党课"
			}
			l.add(pl)
		}
		if inQuarter == 3 && way >= 7 && l.holds(y, m, huoshui.MeetingLecture) {
			l.add(plan{org: org, t: huoshui.MeetingLecture,
				title: fmt.Sprintf("%d年第%s季度党课——%s", y, quarters[q-1], l.pick(lectureTopics)),
				on:    day(month, 8+r.IntN(15)), hour: 15, length: time.Hour, place: room, invitees: partyOn(people, month)})
		}
		if m == time.December || (m == time.November && r.IntN(4) == 0) {
			// Once a year: the review meeting, with the appraisal most often.
			if !l.reviewed(y) && l.holds(y, m, huoshui.MeetingReview) {
				l.review(org, month, y, room, partyOn(people, month), "组织生活会")
			}
		}
		if talkMonths[int(m)] && len(people) > 1 {
			l.talk(org, month, people)
		}
	}
}

// reviewed says whether the year's review meeting is made already.
func (l *life) reviewed(y int) bool {
	for i := len(l.out) - 1; i >= 0; i-- {
		m := l.out[i].Meeting
		if m.StartsAt.In(huoshui.Shanghai).Year() < y {
			return false
		}
		if m.CountsAs(huoshui.MeetingReview) {
			return true
		}
	}
	return false
}

// review adds the year's review meeting and the appraisal of members.
func (l *life) review(org *huoshui.Org, month huoshui.Date, y int, room string, invitees []*huoshui.Member, what string) {
	on := day(month, 10+l.r.IntN(15))
	if l.r.IntN(5) > 0 {
		l.add(plan{org: org, t: huoshui.MeetingReview, also: []huoshui.MeetingType{huoshui.MeetingAppraisal},
			title: fmt.Sprintf("%d年度%s暨民主评议党员", y, what), on: on, hour: 14, minute: 30, length: 3 * time.Hour,
			place: room, agenda: "对照检查，开展批评和自我批评\n民主评议党员", invitees: invitees})
		return
	}
	l.add(plan{org: org, t: huoshui.MeetingReview, title: fmt.Sprintf("%d年度%s", y, what), on: on, hour: 14, minute: 30,
		length: 2 * time.Hour, place: room, agenda: "对照检查，开展批评和自我批评", invitees: invitees})
	l.add(plan{org: org, t: huoshui.MeetingAppraisal, title: fmt.Sprintf("%d年度民主评议党员", y),
		on: on.AddDate(0, 0, 1+l.r.IntN(3)), hour: 15, length: time.Hour, place: room, invitees: invitees})
}

// talk adds a heart-to-heart talk between the secretary (or an officer)
// and one member.
func (l *life) talk(org *huoshui.Org, month huoshui.Date, people []*huoshui.Member) {
	in := partyOn(people, month)
	if len(in) < 2 {
		return
	}
	host := in[0]
	for _, p := range in {
		if p.CommitteePost == huoshui.PostSecretary {
			host = p
		}
	}
	other := in[l.r.IntN(len(in))]
	if other == host {
		return
	}
	l.add(plan{org: org, t: huoshui.MeetingTalk, title: "谈心谈话", on: day(month, 1+l.r.IntN(28)), hour: 10,
		length: 40 * time.Minute, place: "办公室", invitees: []*huoshui.Member{host, other}, host: host})
}

// officers are up to seven secretaries among people: a general branch's or
// a committee's own committee.
func officers(people []*huoshui.Member) []*huoshui.Member {
	var out []*huoshui.Member
	for _, m := range people {
		if m.CommitteePost == huoshui.PostSecretary {
			out = append(out, m)
			if len(out) == 7 {
				break
			}
		}
	}
	return out
}

// generalBranch makes a 党总支's meetings: general meetings and lectures
// with all its members, the rest with its committee.
func (l *life) generalBranch(n *Node, people []*huoshui.Member) {
	r := l.r
	org := n.Org
	board := officers(people)
	room := "党员活动室"
	themeDay := 10 + r.IntN(16)
	for k := 0; k < l.months; k++ {
		month, y, m := l.month(k)
		q := (int(m)-1)/3 + 1
		inQuarter := (int(m)-1)%3 + 1
		if l.holds(y, m, huoshui.MeetingThemeDay) {
			pl := plan{org: org, t: huoshui.MeetingThemeDay, title: fmt.Sprintf("%d年%d月党总支主题党日", y, m),
				on: day(month, themeDay+r.IntN(3)), hour: 14, minute: 30, length: 2 * time.Hour,
				invitees: partyOn(board, month)}
			l.themeDay(&pl, sectorGov)
			l.add(pl)
		}
		if inQuarter == 2 && l.holds(y, m, huoshui.MeetingGeneral) {
			pl := plan{org: org, t: huoshui.MeetingGeneral, title: fmt.Sprintf("%d年第%s季度党员大会", y, quarters[q-1]),
				on: day(month, 12+r.IntN(12)), hour: 15, length: 2 * time.Hour, place: "礼堂",
				agenda: "传达学习上级精神\n通报总支工作", invitees: partyOn(people, month)}
			if r.IntN(10) < 7 {
				pl.also, pl.title = []huoshui.MeetingType{huoshui.MeetingLecture}, pl.title+"暨党课"
			} else {
				l.add(plan{org: org, t: huoshui.MeetingLecture,
					title: fmt.Sprintf("%d年第%s季度党课——%s", y, quarters[q-1], l.pick(lectureTopics)),
					on:    day(month, 3+r.IntN(6)), hour: 15, length: time.Hour, place: "礼堂", invitees: partyOn(people, month)})
			}
			l.add(pl)
		}
		if m == time.December && l.holds(y, m, huoshui.MeetingReview) {
			l.review(org, month, y, room, partyOn(board, month), "专题组织生活会")
		}
		if m == time.March && len(board) > 1 {
			l.talk(org, month, board)
		}
	}
}

// committee makes a 党委's monthly committee meetings.
func (l *life) committee(n *Node, people []*huoshui.Member) {
	org := n.Org
	if !org.HasCommittee() {
		return
	}
	board := officers(people)
	meetDay := 3 + l.r.IntN(10)
	for k := 0; k < l.months; k++ {
		month, y, m := l.month(k)
		if l.holds(y, m, huoshui.MeetingCommittee) {
			l.add(plan{org: org, t: huoshui.MeetingCommittee, title: fmt.Sprintf("%d年%d月党委会", y, m),
				on: day(month, meetDay+l.r.IntN(3)), hour: 9, length: 90 * time.Minute, place: "党委会议室",
				agenda: l.pick(committeeAgenda), invitees: partyOn(board, month)})
		}
	}
}
