package demo

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
)

// The demo branches' year of organisational life, built backwards from
// the day the demo is made (Asia/Shanghai), so that whatever that day is
// the 秘书处（督查处）党支部 has:
//
//   - every month of the last twelve and this one so far: a committee
//     meeting, a meeting of each 党小组 and a theme day (主题党日) of
//     四走进四提升, one month two; every quarter a general meeting and a
//     party lecture, one lecture given on a theme day that also counts as
//     it; each January the talks, the year's 组织生活会 and the appraisal;
//   - attendance (mostly present, a few on leave with their reasons, two
//     no-shows in the year), minutes, resolutions, follow-ups (one or two
//     still open), reflections with the secretary's comments, and the
//     programme of theme days for the coming months;
//   - two gaps the compliance calendar shows, one overdue item and one due
//     (see designGaps), and a meeting planned for next week whose notice
//     has gone out.
//
// The records are written through the store as they would have been: each
// meeting entered a few days before it (the branch-wide ones with their
// notice), attendance ticked when it ended, reflections and comments days
// later, follow-ups closed when done. The store's clock is set for each
// write, so every time stamp and the audit trail read in time order; two
// meetings are entered after the fact and marked 补录.
//
// The 综合处党支部 gets a thinner record with gaps.

// life builds the demo's meetings.
type life struct {
	ctx    context.Context
	st     *store.Store
	now    time.Time
	today  huoshui.Date
	sec    huoshui.Actor // the branch secretary's account: enters the records, comments
	member huoshui.Actor // the member account, 杨雪梅: hands in her own reflections
	branch *huoshui.Org
	second *huoshui.Org
	groups map[int]*huoshui.Org
	people map[string]*huoshui.Member // by name, both branches
	rng    *rand.Rand
	used   map[huoshui.Date]bool // days the secretariat already meets
	events []event
	n      int // sessions held so far: who hosts the next theme day

	overdue gap // the designed gaps
	due     gap
	lecture int          // the quarter (year*4+q) whose lecture is a theme day
	latest  *session     // the latest committee meeting held
	theme   huoshui.Date // the day of this month's theme day
}

// gap names one designed hole in the calendar: a type at an org in the
// month (or quarter) starting on from.
type gap struct {
	org  *huoshui.Org
	typ  huoshui.MeetingType
	from huoshui.Date
}

// event is one write at one moment of the past.
type event struct {
	at time.Time
	n  int
	do func() error
}

// session is one meeting as planned and held.
type session struct {
	org         *huoshui.Org
	typ         huoshui.MeetingType
	also        []huoshui.MeetingType
	title       string
	day         huoshui.Date
	from, to    int // hhmm, Asia/Shanghai
	place       string
	host, rec   string
	agenda      []string
	visits      []huoshui.Visit
	gains       []huoshui.Gain
	topics      []string
	invite      []*huoshui.Member
	present     []string // who must be there: speakers, authors of reflections
	text        string   // what the minutes tell: whoever it names was there
	absent      int      // no-shows to pick
	lateBy      time.Duration
	minutes     func(a tally) string
	resolutions func(a tally) []string
	tasks       []task
	notes       []note

	meeting *huoshui.Meeting // as written, once planned
}

// tally is what became of a session's invitees, for its minutes.
type tally struct {
	s       *session
	present []*huoshui.Member
	leave   []leave
	absent  []*huoshui.Member
}

type leave struct {
	m      *huoshui.Member
	reason string
}

// task is a follow-up decided at a meeting: due days after it, closed
// close days after it (0: still open).
type task struct {
	text, owner string
	due, close  int
}

// note is a reflection handed in after a meeting, and the secretary's
// comment on it if any. firstYear: only in the author's first year as a
// member (a probationary member's first theme day).
type note struct {
	who, body, comment string
	firstYear          bool
}

// seedLife writes the demo's meetings. Afterwards the store's clock runs
// as before: the wall clock, or the wall clock at the offset it had (a
// test's fixed clock goes on from where it stood).
func seedLife(ctx context.Context, st *store.Store, branch, second *huoshui.Org, groups map[int]*huoshui.Org, ms []*huoshui.Member) error {
	now := st.Now()
	offset := now.Sub(time.Now())
	defer func() {
		if offset > -time.Second && offset < time.Second {
			st.SetClock(time.Now)
		} else {
			st.SetClock(func() time.Time { return time.Now().Add(offset) })
		}
	}()
	l := &life{ctx: ctx, st: st, now: now, today: huoshui.DateOf(now.In(huoshui.Shanghai)),
		branch: branch, second: second, groups: groups, people: map[string]*huoshui.Member{},
		rng: rand.New(rand.NewPCG(2018, 1)), used: map[huoshui.Date]bool{}}
	for _, m := range ms {
		l.people[m.Name] = m
	}
	for _, a := range []struct {
		username string
		to       *huoshui.Actor
	}{{"secretary", &l.sec}, {"member", &l.member}} {
		u, err := st.FindUserByUsername(ctx, a.username)
		if err != nil {
			return fmt.Errorf("demo account %s: %w", a.username, err)
		}
		*a.to = huoshui.Actor{UserID: u.ID, Username: u.Username}
	}
	l.designGaps()
	l.secretariatYear()
	l.plannedMeeting()
	l.themePlans()
	l.secondBranchYear()
	return l.run()
}

// run performs the events in time order, each at its moment.
func (l *life) run() error {
	var clock time.Time
	l.st.SetClock(func() time.Time { return clock })
	latest := l.now.Add(-time.Minute)
	for i := range l.events {
		if e := &l.events[i]; e.at.After(latest) {
			e.at = latest
		}
	}
	slices.SortStableFunc(l.events, func(a, b event) int { return cmp.Or(a.at.Compare(b.at), cmp.Compare(a.n, b.n)) })
	for _, e := range l.events {
		clock = e.at
		if err := e.do(); err != nil {
			return err
		}
	}
	return nil
}

// on schedules a write at t. An optional write (a reflection, a comment,
// closing a follow-up) that would lie in the future is not made; any other
// is made at the latest a minute before now.
func (l *life) on(t time.Time, optional bool, do func() error) {
	if optional && !t.Before(l.now) {
		return
	}
	l.events = append(l.events, event{at: t, n: len(l.events), do: do})
}

// at is a wall-clock time hhmm on day d in Shanghai.
func at(d huoshui.Date, hhmm int) time.Time {
	t := d.Time()
	return time.Date(t.Year(), t.Month(), t.Day(), hhmm/100, hhmm%100, 0, 0, huoshui.Shanghai)
}

// firstOfMonth is the first day of d's month.
func firstOfMonth(d huoshui.Date) huoshui.Date {
	return huoshui.NewDate(d.Year(), d.Time().Month(), 1)
}

// springFestival is the first day of the lunar year (正月初一), by year.
var springFestival = map[int]huoshui.Date{
	2025: huoshui.NewDate(2025, 1, 29), 2026: huoshui.NewDate(2026, 2, 17), 2027: huoshui.NewDate(2027, 2, 6),
	2028: huoshui.NewDate(2028, 1, 26), 2029: huoshui.NewDate(2029, 2, 13), 2030: huoshui.NewDate(2030, 2, 3),
	2031: huoshui.NewDate(2031, 1, 23), 2032: huoshui.NewDate(2032, 2, 11), 2033: huoshui.NewDate(2033, 1, 31),
	2034: huoshui.NewDate(2034, 2, 19), 2035: huoshui.NewDate(2035, 2, 8), 2036: huoshui.NewDate(2036, 1, 28),
}

// workday reports whether d is a working day: not a weekend, not New
// Year's Day, the Spring Festival week (from its eve), the May Day or the
// National Day holidays.
func workday(d huoshui.Date) bool {
	t := d.Time()
	switch {
	case t.Weekday() == time.Saturday || t.Weekday() == time.Sunday:
		return false
	case t.Month() == time.January && t.Day() == 1,
		t.Month() == time.May && t.Day() <= 5,
		t.Month() == time.October && t.Day() <= 7:
		return false
	}
	if sf, ok := springFestival[d.Year()]; ok && !d.Before(sf.AddDate(0, 0, -1)) && d.Before(sf.AddDate(0, 0, 7)) {
		return false
	}
	return true
}

// workdayFrom is the first working day on or after day n of month m.
func workdayFrom(m huoshui.Date, n int) huoshui.Date {
	d := m.AddDate(0, 0, n-1)
	for !workday(d) {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// free takes the first working day from d on, in d's month, on which the
// secretariat does not meet yet; if the month runs out, the last one
// before d.
func (l *life) free(d huoshui.Date) huoshui.Date {
	month := d.Time().Month()
	for x := d; x.Time().Month() == month; x = x.AddDate(0, 0, 1) {
		if workday(x) && !l.used[x] {
			l.used[x] = true
			return x
		}
	}
	for x := d.AddDate(0, 0, -1); ; x = x.AddDate(0, 0, -1) {
		if workday(x) && !l.used[x] {
			l.used[x] = true
			return x
		}
	}
}

// quarterOf numbers the quarter a day falls in.
func quarterOf(d huoshui.Date) int { return d.Year()*4 + (int(d.Time().Month())-1)/3 }

// designGaps chooses the two holes the compliance calendar shows.
//
// Overdue: last month's meeting of the second 党小组, never held. When
// last month was January (today is in February), a group that missed it
// would have no meeting yet this year and so nothing required of it; then
// it is January's committee meeting of the branch instead, held in the
// thick of the CPPCC plenary session.
//
// Due: late in the month (after the 15th) this month's committee meeting,
// not held yet with the month's end near; earlier in the month, when
// nothing of the month need be held yet, this quarter's general meeting.
// Either way the meeting planned for next week is of that type.
func (l *life) designGaps() {
	this := firstOfMonth(l.today)
	last := this.AddDate(0, -1, 0)
	l.overdue = gap{l.groups[2], huoshui.MeetingGroup, last}
	if last.Time().Month() == time.January {
		l.overdue = gap{l.branch, huoshui.MeetingCommittee, last}
	}
	if l.today.Time().Day() > 15 {
		l.due = gap{l.branch, huoshui.MeetingCommittee, this}
	} else {
		l.due = gap{l.branch, huoshui.MeetingGeneral, huoshui.NewDate(this.Year(), time.Month(3*((int(this.Time().Month())-1)/3)+1), 1)}
	}
	// The quarter before this one had its lecture on a theme day.
	l.lecture = quarterOf(this) - 1
}

// skipped reports whether the designed gaps leave out a meeting of type t
// at org on day d.
func (l *life) skipped(org *huoshui.Org, t huoshui.MeetingType, d huoshui.Date) bool {
	for _, g := range []gap{l.overdue, l.due} {
		if g.org != org || g.typ != t {
			continue
		}
		if t == huoshui.MeetingGeneral && quarterOf(d) == quarterOf(g.from) {
			return true
		}
		if firstOfMonth(d).Equal(g.from) {
			return true
		}
	}
	return false
}

// branchPeople lists who a branch-wide meeting on day d invites: the full
// members and those already probationary members then.
func (l *life) branchPeople(group int, d huoshui.Date) []*huoshui.Member {
	var out []*huoshui.Member
	for _, p := range secretariat {
		m := l.people[p.name]
		if group != 0 && p.group != group {
			continue
		}
		if m.Status == huoshui.StatusFull || (m.Status == huoshui.StatusProbationary && !m.ProbationOn.After(d)) {
			out = append(out, m)
		}
	}
	return out
}

func (l *life) committee() []*huoshui.Member {
	var out []*huoshui.Member
	for _, p := range secretariat {
		if p.seat != huoshui.PostNone {
			out = append(out, l.people[p.name])
		}
	}
	return out
}

// hold plans a session that took place: its writes go into the events.
func (l *life) hold(s *session) {
	if !s.day.Before(l.today) {
		return
	}
	l.n++
	start, end := at(s.day, s.from), at(s.day, s.to)
	a := l.attend(s)
	m := &huoshui.Meeting{OrgID: s.org.ID, Type: s.typ, AlsoCounts: s.also, Title: s.title, StartsAt: start, EndsAt: end,
		Place: s.place, Agenda: strings.Join(s.agenda, "\n"), Visits: s.visits, Gains: s.gains, Topics: s.topics}
	s.meeting = m
	if p := l.people[s.host]; p != nil {
		m.HostID = p.ID
	}
	if p := l.people[s.rec]; p != nil {
		m.RecorderID = p.ID
	}
	ids := make([]int64, len(s.invite))
	for i, p := range s.invite {
		ids[i] = p.ID
	}
	actor := l.actorFor(s.org)
	minutes := s.minutes(a)
	create := func() error {
		if err := l.st.CreateMeeting(l.ctx, actor, m, ids); err != nil {
			return fmt.Errorf("demo meeting %s %s: %w", s.day, s.title, err)
		}
		return nil
	}
	written := end.Add(18 * time.Hour) // the minutes, the next morning
	switch {
	case s.lateBy > 0:
		// 补录: the whole record written down at once, after the fact.
		written = end.Add(s.lateBy)
		m.Minutes = minutes
		l.on(written, false, create)
		l.on(written.Add(time.Minute), false, func() error { return l.st.SetAttendance(l.ctx, actor, m.ID, a.marks()) })
	default:
		entered := at(s.day.AddDate(0, 0, -3), 1000)
		if s.typ == huoshui.MeetingTalk {
			entered = start.Add(-2 * time.Hour)
		}
		// Each write is a transaction, and the demo is built often (every
		// web test builds it): the minutes of older meetings go in with
		// the record; those of the last month are added the next morning.
		recent := end.After(l.now.AddDate(0, -1, 0))
		if !recent {
			m.Minutes = minutes
		}
		l.on(entered, false, create)
		if noticed(s.typ) {
			l.on(entered.Add(10*time.Minute), false, func() error { return l.st.MarkNoticeSent(l.ctx, actor, m.ID) })
		}
		l.on(end, false, func() error { return l.st.SetAttendance(l.ctx, actor, m.ID, a.marks()) })
		if recent {
			l.on(written, false, func() error {
				m.Minutes = minutes
				return l.st.UpdateMeeting(l.ctx, actor, m.ID, m)
			})
		}
	}
	if s.resolutions != nil {
		rs := s.resolutions(a)
		l.on(written.Add(5*time.Minute), false, func() error { return l.st.SetResolutions(l.ctx, actor, m.ID, rs) })
	}
	for _, t := range s.tasks {
		l.followUp(actor, m, s.day, written.Add(10*time.Minute), t)
	}
	for i, n := range s.notes {
		l.reflect(m, s, a, written.Add(time.Duration(30+20*i)*time.Hour), n)
	}
}

// noticed reports whether meetings of type t have their notice sent
// through the platform: those of the whole branch. The committee of four
// and the 党小组 are called together in person.
func noticed(t huoshui.MeetingType) bool {
	switch t {
	case huoshui.MeetingGeneral, huoshui.MeetingLecture, huoshui.MeetingThemeDay, huoshui.MeetingReview:
		return true
	}
	return false
}

// actorFor is who enters an org's records: the secretariat's secretary,
// or the demo loader for the other branch, whose secretary has no account.
func (l *life) actorFor(org *huoshui.Org) huoshui.Actor {
	if org == l.second {
		return actor
	}
	return l.sec
}

func (l *life) followUp(a huoshui.Actor, m *huoshui.Meeting, day huoshui.Date, when time.Time, t task) {
	f := &huoshui.FollowUp{Text: t.text, Due: day.AddDate(0, 0, t.due)}
	if p := l.people[t.owner]; p != nil {
		f.OwnerID = p.ID
	}
	l.on(when, false, func() error {
		f.MeetingID = m.ID
		return l.st.AddFollowUp(l.ctx, a, f)
	})
	if t.close > 0 {
		l.on(at(day.AddDate(0, 0, t.close), 1700), true, func() error { return l.st.CloseFollowUp(l.ctx, a, f.ID, false) })
	}
}

// reflect hands in a note's reflection (when its author was there) and
// the secretary's comment two days later.
func (l *life) reflect(m *huoshui.Meeting, s *session, a tally, when time.Time, n note) {
	p := l.people[n.who]
	if p == nil || !slices.Contains(a.present, p) {
		return
	}
	if n.firstYear && (p.ProbationOn.IsZero() || p.ProbationOn.AddDate(1, 0, 0).Before(s.day)) {
		return
	}
	who := actor
	if p.Name == secretariat[5].name {
		who = l.member
	}
	r := &huoshui.Reflection{MemberID: p.ID, Body: n.body}
	l.on(when, true, func() error {
		r.MeetingID = m.ID
		return l.st.SaveReflection(l.ctx, who, r)
	})
	if n.comment != "" {
		l.on(when.Add(47*time.Hour), true, func() error { return l.st.CommentOnReflection(l.ctx, l.sec, m.ID, r.ID, n.comment) })
	}
}

// Leave reasons by line of work, and those anyone may have.
var (
	leaveByPost = map[string][]string{
		"文稿": {"在起草组集中写稿", "随省政协领导外出调研"},
		"督查": {"出差，赴市县督查调研", "陪同委员视察"},
		"档案": {"参加全省档案业务培训", "出差，赴省档案馆办理移交"},
		"文印": {"值守文印室，保障急件印制"},
		"机要": {"外出传递机要文件"},
	}
	leaveAnyone = []string{"病假", "年休假", "事假，家中老人住院", "参加省委党校培训班", "出差"}
)

func leaveReason(rng *rand.Rand, m *huoshui.Member) string {
	var pool []string
	for k, rs := range leaveByPost {
		if strings.Contains(m.Post, k) {
			pool = append(pool, rs...)
		}
	}
	slices.Sort(pool) // map order must not decide
	pool = append(pool, leaveAnyone...)
	return pool[rng.IntN(len(pool))]
}

// attend decides who came: most, a few on leave, now and then a no-show;
// never the host, the recorder or whoever must be there.
func (l *life) attend(s *session) tally {
	a := tally{s: s}
	must := append([]string{s.host, s.rec}, s.present...)
	var movable []*huoshui.Member
	for _, p := range s.invite {
		if !slices.Contains(must, p.Name) && !strings.Contains(s.text, p.Name) {
			movable = append(movable, p)
		}
	}
	away := 0
	switch r := l.rng.Float64(); {
	case s.typ == huoshui.MeetingTalk:
	case len(s.invite) <= 4:
		if r > 0.8 {
			away = 1
		}
	case r > 0.8:
		away = 2
	case r > 0.35:
		away = 1
	}
	away = min(away+s.absent, len(movable))
	l.rng.Shuffle(len(movable), func(i, j int) { movable[i], movable[j] = movable[j], movable[i] })
	out := movable[:away]
	for _, p := range s.invite {
		switch i := slices.Index(out, p); {
		case i < 0:
			a.present = append(a.present, p)
		case i < s.absent:
			a.absent = append(a.absent, p)
		default:
			a.leave = append(a.leave, leave{p, leaveReason(l.rng, p)})
		}
	}
	return a
}

func (a tally) marks() []store.AttendanceMark {
	var out []store.AttendanceMark
	for _, p := range a.present {
		out = append(out, store.AttendanceMark{MemberID: p.ID, Attendance: huoshui.AttendancePresent})
	}
	for _, lv := range a.leave {
		out = append(out, store.AttendanceMark{MemberID: lv.m.ID, Attendance: huoshui.AttendanceLeave, LeaveReason: lv.reason})
	}
	for _, p := range a.absent {
		out = append(out, store.AttendanceMark{MemberID: p.ID, Attendance: huoshui.AttendanceAbsent})
	}
	return out
}

// line is the attendance as the minutes say it.
func (a tally) line() string {
	var b strings.Builder
	fmt.Fprintf(&b, "应到%d人，实到%d人", len(a.s.invite), len(a.present))
	if len(a.leave) > 0 {
		parts := make([]string, len(a.leave))
		for i, lv := range a.leave {
			parts[i] = lv.m.Name + "（" + lv.reason + "）"
		}
		fmt.Fprintf(&b, "；请假%d人：%s", len(a.leave), strings.Join(parts, "、"))
	}
	if len(a.absent) > 0 {
		names := make([]string, len(a.absent))
		for i, p := range a.absent {
			names[i] = p.Name
		}
		fmt.Fprintf(&b, "；缺席%d人：%s", len(a.absent), strings.Join(names, "、"))
	}
	return b.String() + "。"
}

// voters counts, for a general meeting, the invitees with a vote and
// those of them present.
func (a tally) voters() (all, present int) {
	for _, p := range a.s.invite {
		if p.Status == huoshui.StatusFull {
			all++
			if slices.Contains(a.present, p) {
				present++
			}
		}
	}
	return all, present
}

// opening is the first sentence of a record: when, where, who chaired.
func opening(s *session, who, did string) string {
	half := "下午"
	if s.from < 1200 {
		half = "上午"
	}
	t := s.day.Time()
	return fmt.Sprintf("%d月%d日%s，%s在%s%s，%s同志主持。", t.Month(), t.Day(), half, who, s.place, did, s.host)
}

func fixed(rs ...string) func(tally) []string { return func(tally) []string { return rs } }

// secretariatYear plans the branch's sessions month by month: this one
// first, for whether its theme day is held yet decides the one a year ago,
// then from the month a year ago on.
func (l *life) secretariatYear() {
	this := firstOfMonth(l.today)
	l.month(0, this)
	for k := 12; k >= 1; k-- {
		l.month(k, this.AddDate(0, -k, 0))
	}
	// The latest committee meeting leaves one thing open.
	s := l.latest
	l.followUp(l.sec, s.meeting, s.day, at(s.day.AddDate(0, 0, 1), 1120),
		task{"梳理年度督查督办事项清单，逐项明确责任人和办结时限", "张慧敏", 20, 0})
}

// month plans one month of the secretariat: k months ago.
func (l *life) month(k int, first huoshui.Date) {
	mo := first.Time().Month()
	inQuarter := (int(mo) - 1) % 3
	if mo == time.January {
		l.talks(first)
		l.review(first)
	}
	if d := l.free(workdayFrom(first, 7)); !l.skipped(l.branch, huoshui.MeetingCommittee, d) && d.Before(l.today) {
		s := l.committeeMeeting(k, d)
		if l.latest == nil || l.latest.day.Before(d) {
			l.latest = s
		}
		l.hold(s)
	}
	g1 := l.free(workdayFrom(first, 12))
	l.hold(l.groupMeeting(k, 1, g1))
	if g2 := l.free(g1.AddDate(0, 0, 1)); !l.skipped(l.groups[2], huoshui.MeetingGroup, g2) {
		s := l.groupMeeting(k, 2, g2)
		if k == 4 {
			s.lateBy = 8*24*time.Hour + 2*time.Hour // the group leader was away: written up on his return
		}
		if k == 7 {
			s.absent = 1
		}
		l.hold(s)
	}
	if k == 5 {
		l.hold(l.themeDayOf(extraThemeDay, l.free(workdayFrom(first, 9)), false))
	}
	l.hold(l.monthThemeDay(k, first))
	if inQuarter == 1 && quarterOf(first) != l.lecture {
		l.hold(l.lectureOf(l.free(workdayFrom(first, 25))))
	}
	if inQuarter == 2 {
		d := workdayFrom(first, 24)
		if adm := l.admission(); !adm.IsZero() && firstOfMonth(adm).Equal(first) {
			d = adm
		}
		if d = l.free(d); !l.skipped(l.branch, huoshui.MeetingGeneral, d) {
			l.hold(l.generalMeeting(d))
			if d.Equal(l.admission()) {
				l.welcomeTalk(d)
			}
		}
	}
}

// monthThemeDay is the month's theme day, on a fixed day: the first free
// working day from the 18th. This month's counts if already held; when it
// is not, the one a year ago moves after today's date then, so that the
// twelve months to today hold a theme day of every calendar month.
func (l *life) monthThemeDay(k int, first huoshui.Date) *session {
	d := workdayFrom(first, 18)
	td := themeDays[first.Time().Month()-1]
	switch {
	case k == 12 && l.theme.Before(l.today):
		td = spareThemeDay // this month's own is held again this year
	case k == 12:
		if after := l.today.AddDate(-1, 0, 1); d.Before(after) {
			d = workdayFrom(after, 1)
		}
	}
	d = l.free(d)
	if k == 0 {
		l.theme = d
	}
	s := l.themeDayOf(td, d, quarterOf(first) == l.lecture)
	if k == 2 {
		s.absent = 1
	}
	return s
}

// admission is the day the branch admitted its probationary member, when
// that day falls in the year shown and on a working day; zero otherwise.
func (l *life) admission() huoshui.Date {
	p := l.people[secretariat[13].name]
	d := p.ProbationOn
	if d.IsZero() || !workday(d) || d.Before(firstOfMonth(l.today).AddDate(0, -12, 0)) || !d.Before(l.today) {
		return huoshui.Date{}
	}
	return d
}

func (l *life) committeeMeeting(k int, d huoshui.Date) *session {
	w := monthWork[d.Time().Month()-1]
	s := &session{org: l.branch, typ: huoshui.MeetingCommittee, day: d, from: 1430, to: 1600,
		title: fmt.Sprintf("%d月份支部委员会会议", d.Time().Month()), place: "秘书处会议室",
		host: "李明远", rec: "张慧敏", agenda: w.agenda, invite: l.committee(), text: w.body}
	body := w.body
	if k == 12 {
		// A year ago the same month's business; told by its agenda.
		parts := make([]string, len(w.agenda))
		for i, x := range w.agenda {
			parts[i] = []string{"一是", "二是", "三是", "四是"}[i] + x
		}
		body = "会议按议程研究了以下事项：" + strings.Join(parts, "；") + "。各项议题均形成一致意见，由分管支委抓好落实。"
	}
	s.minutes = func(a tally) string {
		return opening(s, "支部委员会", "召开会议") + a.line() + "\n" + body
	}
	s.resolutions = fixed(w.resolutions...)
	if w.task != nil && k != 12 {
		s.tasks = append(s.tasks, *w.task)
	}
	return s
}

func (l *life) groupMeeting(k, g int, d huoshui.Date) *session {
	mo := d.Time().Month()
	name, lead, rec, place, works := "第一党小组", "陈思远", "赵文博", "秘书处会议室", groupWork1
	if g == 2 {
		name, lead, rec, place, works = "第二党小组", "周海涛", "孙婷婷", "档案室阅览室", groupWork2
	}
	work := works[int(mo)%len(works)]
	if k == 12 {
		work = works[(int(mo)+3)%len(works)]
	}
	study := monthWork[mo-1].study
	s := &session{org: l.groups[g], typ: huoshui.MeetingGroup, day: d, from: 1500, to: 1630,
		title: fmt.Sprintf("%d月份党小组会", mo), place: place, host: lead, rec: rec,
		agenda: []string{study, "结合岗位工作交流讨论"}, invite: l.branchPeople(g, d), text: work}
	closing := []string{"会后，小组长提醒大家按时交纳本月党费。", "小组把讨论中提出的建议整理后报支委会。",
		"小组长对下月重点工作作了提示。"}[(int(mo)+g)%3]
	s.minutes = func(a tally) string {
		return opening(s, name, "召开党小组会") + a.line() + "\n一、集体学习。" + study + "，" + lead +
			"同志领学，大家结合岗位谈了体会。\n二、讨论交流。" + work + "\n三、" + closing
	}
	return s
}

func (l *life) themeDayOf(td themeDay, d huoshui.Date, lecture bool) *session {
	hosts := []string{"李明远", "王志强", "张慧敏"}
	recs := []string{"吴佳宁", "杨雪梅", "赵文博", "孙婷婷"}
	from, to := 1430, 1630
	if td.morning {
		from, to = 900, 1130
	}
	s := &session{org: l.branch, typ: huoshui.MeetingThemeDay, day: d, from: from, to: to, title: "“" + td.name + "”主题党日",
		place: td.place, host: hosts[l.n%len(hosts)], rec: recs[l.n%len(recs)], visits: td.visits, gains: td.gains,
		topics: td.topics, agenda: td.agenda, invite: l.branchPeople(0, d), notes: td.notes}
	for _, n := range td.notes {
		s.present = append(s.present, n.who)
	}
	if td.task != nil {
		s.tasks = append(s.tasks, *td.task)
		s.present = append(s.present, td.task.owner)
	}
	body := td.body
	s.text = body
	if lecture && td.lecture != "" {
		s.also = []huoshui.MeetingType{huoshui.MeetingLecture}
		s.title += "暨现场党课"
		s.present = append(s.present, td.speaker)
		body += "\n活动结束前，" + td.lecture
	}
	s.minutes = func(a tally) string {
		return opening(s, "支部", "开展主题党日活动") + a.line() + "\n" + body
	}
	if td.resolution != "" {
		s.resolutions = fixed(td.resolution)
	}
	return s
}

func (l *life) lectureOf(d huoshui.Date) *session {
	q := int(d.Time().Month()-1) / 3
	lc := lectures[(q+d.Year())%len(lectures)] // a topic a quarter, another one the next year
	s := &session{org: l.branch, typ: huoshui.MeetingLecture, day: d, from: 1500, to: 1630,
		title: fmt.Sprintf("第%s季度党课《%s》", quarterNames[q], lc.topic), place: "机关第二会议室",
		host: lc.speaker, rec: "吴佳宁", agenda: []string{lc.speaker + "同志讲授党课《" + lc.topic + "》", "交流学习体会"},
		invite: l.branchPeople(0, d), notes: lc.notes, text: lc.body}
	for _, n := range lc.notes {
		s.present = append(s.present, n.who)
	}
	s.minutes = func(a tally) string {
		return opening(s, "支部", "举行党课") + a.line() + "\n" + lc.body
	}
	return s
}

var quarterNames = []string{"一", "二", "三", "四"}

func (l *life) generalMeeting(d huoshui.Date) *session {
	q := (d.Time().Month() - 1) / 3
	g := generalMeetings[q]
	s := &session{org: l.branch, typ: huoshui.MeetingGeneral, day: d, from: 1500, to: 1630,
		title: fmt.Sprintf("第%s季度支部党员大会", quarterNames[q]), place: "机关第二会议室",
		host: "李明远", rec: "张慧敏", agenda: g.agenda, invite: l.branchPeople(0, d)}
	body, rs := fmt.Sprintf(g.body, d.Year()), g.resolutions
	s.text = body
	if adm := l.admission(); d.Equal(adm) {
		who := secretariat[13].name
		s.title = "关于接收" + who + "同志为中共预备党员的支部党员大会"
		s.agenda = append([]string{"讨论接收" + who + "同志为中共预备党员"}, g.agenda...)
		if !slices.Contains(s.invite, l.people[who]) {
			s.invite = append(s.invite, l.people[who]) // she attends, without a vote
		}
		s.present = []string{who, "陈思远"}
		s.minutes = func(a tally) string {
			all, in := a.voters()
			return opening(s, "支部", "召开党员大会") + a.line() + "\n会议首先讨论接收" + who + "同志为中共预备党员。" + who +
				"同志汇报了对党的认识、入党动机和本人经历，入党介绍人张慧敏、陈思远同志介绍了她的情况，支部委员会报告了对她的审查情况。" +
				"与会党员进行了讨论，认为她在督查岗位上工作认真、肯下功夫，也指出她在理论学习上还要加强系统性。" +
				fmt.Sprintf("会议以无记名投票方式表决，有表决权的党员应到%d名，实到%d名，赞成%d票，同意接收%s同志为中共预备党员，报机关党委审批。\n",
					all, in, in, who) + body
		}
		s.resolutions = func(a tally) []string {
			return append([]string{"同意接收" + who + "同志为中共预备党员，预备期一年，报机关党委审批。"}, rs...)
		}
		return s
	}
	s.minutes = func(a tally) string {
		all, in := a.voters()
		return opening(s, "支部", "召开党员大会") + a.line() +
			fmt.Sprintf("有表决权的党员应到%d名，实到%d名，超过半数。\n", all, in) + body
	}
	s.resolutions = fixed(rs...)
	return s
}

// talks are the heart-to-heart talks before the year's review.
func (l *life) talks(first huoshui.Date) {
	for i, t := range talkNotes[first.Year()%2] {
		d := workdayFrom(first, 12+2*i)
		s := &session{org: l.branch, typ: huoshui.MeetingTalk, day: d, from: 1000, to: 1045,
			title: t.a + "与" + t.b + "谈心谈话", place: t.place, host: t.a,
			agenda: []string{"组织生活会前谈心谈话"}, invite: []*huoshui.Member{l.people[t.a], l.people[t.b]}}
		body := t.body
		s.minutes = func(tally) string { return body }
		l.hold(s)
	}
}

// welcomeTalk is the secretary's talk with the new probationary member,
// a few days after the branch admitted her.
func (l *life) welcomeTalk(adm huoshui.Date) {
	who := secretariat[13].name
	d := workdayFrom(adm, 5)
	l.hold(&session{org: l.branch, typ: huoshui.MeetingTalk, day: d, from: 1000, to: 1040,
		title: "李明远与" + who + "谈心谈话", place: "书记办公室", host: "李明远",
		agenda: []string{"与新接收的预备党员谈话"}, invite: []*huoshui.Member{l.people["李明远"], l.people[who]},
		minutes: func(tally) string {
			return "李明远同志代表支部与" + who + "同志谈话，祝贺她成为预备党员，对预备期提出要求：每季度至少交一次思想汇报，" +
				"多参加主题党日中的基层调研，在督查工作中注意学习政策、多向老同志请教。" + who + "同志表示一定严格要求自己，接受组织考察。"
		}})
}

// review is the year's 组织生活会, held together with the appraisal of
// members, late in January for the year before.
func (l *life) review(first huoshui.Date) {
	d := l.free(workdayFrom(first, 26))
	s := &session{org: l.branch, typ: huoshui.MeetingReview, also: []huoshui.MeetingType{huoshui.MeetingAppraisal}, day: d,
		from: 1430, to: 1730, title: fmt.Sprintf("%d年度组织生活会暨民主评议党员", first.Year()-1), place: "机关第一会议室",
		host: "李明远", rec: "张慧敏", invite: l.branchPeople(0, d),
		agenda: []string{"支委会作对照检查", "党员个人对照检查，开展批评和自我批评", "民主评议党员"}}
	s.minutes = func(a tally) string {
		return opening(s, "支部", "召开组织生活会") + a.line() + "\n" + fmt.Sprintf(reviewBody, first.Year()-1) + fmt.Sprintf(
			"会议开展了民主评议党员，经个人自评、党员互评和民主测评，评定优秀等次3名，其余%d名同志为合格。", len(s.invite)-3)
	}
	s.resolutions = func(a tally) []string {
		return []string{fmt.Sprintf("民主评议结果：优秀3名，合格%d名，报机关党委备案。", len(s.invite)-3),
			"针对查摆的问题形成整改清单，一季度末前逐项销号。"}
	}
	s.tasks = []task{{"制定组织生活会查摆问题整改清单并逐项落实", "张慧敏", 60, 55}}
	l.hold(s)
}

// plannedMeeting is next week's meeting of the type the calendar shows
// due: entered today and its notice sent.
func (l *life) plannedMeeting() {
	d := workdayFrom(l.today, 6) // five days on, or after the holiday that falls then
	if d.After(l.today.AddDate(0, 0, 10)) {
		// A long holiday: the last working day before it, if it is not too near.
		for x := l.today.AddDate(0, 0, 5); x.After(l.today.AddDate(0, 0, 1)); x = x.AddDate(0, 0, -1) {
			if workday(x) {
				d = x
				break
			}
		}
	}
	m := &huoshui.Meeting{OrgID: l.branch.ID, Type: l.due.typ, StartsAt: at(d, 1430), EndsAt: at(d, 1600)}
	if l.due.typ == huoshui.MeetingCommittee {
		w := monthWork[d.Time().Month()-1]
		m.Title, m.Place, m.Agenda = fmt.Sprintf("%d月份支部委员会会议", d.Time().Month()), "秘书处会议室", strings.Join(w.agenda, "\n")
	} else {
		q := (d.Time().Month() - 1) / 3
		m.Title, m.Place = fmt.Sprintf("第%s季度支部党员大会", quarterNames[q]), "机关第二会议室"
		m.EndsAt = at(d, 1630)
		m.Agenda = strings.Join(generalMeetings[q].agenda, "\n")
	}
	m.HostID, m.RecorderID = l.people["李明远"].ID, l.people["张慧敏"].ID
	var ids []int64
	if l.due.typ == huoshui.MeetingCommittee {
		for _, p := range l.committee() {
			ids = append(ids, p.ID)
		}
	} else {
		for _, p := range l.branchPeople(0, d) {
			ids = append(ids, p.ID)
		}
	}
	l.on(l.now.Add(-2*time.Hour), false, func() error { return l.st.CreateMeeting(l.ctx, l.sec, m, ids) })
	l.on(l.now.Add(-110*time.Minute), false, func() error { return l.st.MarkNoticeSent(l.ctx, l.sec, m.ID) })
}

// themePlans is the programme of theme days for this month and the
// coming ones: the rest of the year, and at least three months ahead.
func (l *life) themePlans() {
	add := func(y, mo int, when time.Time) {
		td := themeDays[mo-1]
		p := &huoshui.ThemePlan{OrgID: l.branch.ID, Year: y, Month: mo, Visit: td.visits[0], Gain: td.gains[0],
			Title: td.name, Topics: strings.Join(td.topics, "、")}
		l.on(when, false, func() error { return l.st.AddThemePlan(l.ctx, l.sec, p) })
	}
	this := firstOfMonth(l.today)
	adopted := at(huoshui.NewDate(this.Year(), time.January, 8), 1000) // with the year's work plan
	for d := this; d.Year() == this.Year() || !d.After(this.AddDate(0, 3, 0)); d = d.AddDate(0, 1, 0) {
		when := adopted
		if d.Year() > this.Year() {
			when = l.now.Add(-3 * time.Hour) // next year's, drafted in December
		}
		add(d.Year(), int(d.Time().Month()), when)
	}
}

// secondBranchYear gives the 综合处党支部 a few meetings of the year, with
// gaps: two general meetings, four theme days (one entered late), a lecture.
func (l *life) secondBranchYear() {
	this := firstOfMonth(l.today)
	var invite []*huoshui.Member
	for _, p := range general {
		if m := l.people[p.name]; m.Status == huoshui.StatusFull {
			invite = append(invite, m)
		}
	}
	for _, x := range secondBranchLife {
		first := this.AddDate(0, -x.k, 0)
		d := workdayFrom(first, x.day)
		s := &session{org: l.second, typ: x.typ, day: d, from: 1500, to: 1630, title: x.title, place: x.place,
			host: "郭立新", rec: "梁雨萱", visits: x.visits, gains: x.gains, topics: x.topics, invite: invite}
		if x.typ == huoshui.MeetingThemeDay {
			s.from, s.to = 900, 1130
		}
		if x.typ == huoshui.MeetingGeneral {
			s.title = fmt.Sprintf("第%s季度支部党员大会", quarterNames[(d.Time().Month()-1)/3])
		}
		if x.late {
			s.lateBy = 5*24*time.Hour + 3*time.Hour
		}
		did := map[huoshui.MeetingType]string{huoshui.MeetingThemeDay: "开展主题党日活动",
			huoshui.MeetingGeneral: "召开党员大会", huoshui.MeetingLecture: "举行党课"}[x.typ]
		body := x.body
		s.minutes = func(a tally) string { return opening(s, "支部", did) + a.line() + "\n" + body }
		l.hold(s)
	}
}

// monthWorkItem is a month's business at the committee meeting, and what
// the party groups study that month.
type monthWorkItem struct {
	agenda      []string
	body        string
	resolutions []string
	task        *task
	study       string
}

// monthWork follows the secretariat's year: the CPPCC plenary session in
// January, proposals handed out and supervised through spring and summer,
// the standing committee, the year's summing-up in December.
var monthWork = [12]monthWorkItem{
	{ // January
		agenda: []string{"传达机关党委关于做好全会期间党建工作的通知", "研究全会会务保障期间党员先锋岗设置", "研究年度组织生活会和民主评议党员准备工作"},
		body: "会议传达了机关党委关于做好省政协全体会议期间党建工作的通知。大家认为，全会是秘书处一年中任务最集中的时候，大会文件起草、简报编发、文件印制和机要传递环节多、时间紧，支部工作要落到会务一线。" +
			"会议研究确定，在文稿起草组、简报编发组和文印保障组设立党员先锋岗，由支委分片联系，每天碰头一次。会议还研究了年度组织生活会的准备工作，明确了会前征求意见和谈心谈话的分工。",
		resolutions: []string{"全会期间在文稿起草组、简报编发组、文印保障组设立党员先锋岗，李明远、张慧敏、王志强、刘晓燕同志分片联系。",
			"1月下旬召开年度组织生活会并开展民主评议党员，会前支委分别与党员谈心谈话，征求意见表于1月20日前收齐。"},
		study: "学习省委全会精神，重点学习关于改进作风、提高效能的部署",
	},
	{ // February
		agenda: []string{"总结全会会务保障工作", "研究支部年度工作要点（讨论稿）", "核定本年度党费缴纳基数"},
		body: "会议对全会期间的会务保障工作进行了回顾。全会期间共起草修改大会文件和讲话稿二十余份，编发会议简报三十余期，文件印制和机要传递没有出现差错，先锋岗的同志加班加点，作用发挥明显。" +
			"也有同志反映，个别文件临时改动多、校核环节被压缩，存在风险，今后要把校核时间留足。会议讨论了支部年度工作要点，提出要把“四走进四提升”主题党日同督查督办、公文办理结合起来，每次活动都要落到一两件具体工作上。",
		resolutions: []string{"支部年度工作要点（讨论稿）修改后提交一季度党员大会审议。", "按调整后的工资标准核定本年度党费缴纳基数，由张慧敏同志核算并在支部内公示。"},
		task:        &task{"核定本年度党员党费缴纳基数并在支部内公示", "张慧敏", 14, 10},
		study:       "学习省政协全会精神和常委会工作报告",
	},
	{ // March
		agenda: []string{"传达学习全国两会精神", "听取一季度督查督办情况通报", "筹备一季度支部党员大会"},
		body: "会议传达学习了全国两会精神，结合省政协今年的协商计划，讨论了秘书处、督查处如何把会议精神落实到办文办会和督查督办中。张慧敏同志通报了一季度督查督办情况：全会决定事项和主席会议交办事项已全部分解立项，大部分按期推进，有两项因涉及多个部门进度偏慢。" +
			"会议要求对进度偏慢的事项实行周调度，必要时由处领导带队到承办部门当面会商。会议还确定了一季度党员大会的议程。",
		resolutions: []string{"对进度偏慢的督办事项实行周调度，每周五汇总进展。", "3月下旬召开一季度党员大会，审议支部年度工作要点和全年主题党日计划。"},
		study:       "学习全国两会精神",
	},
	{ // April
		agenda: []string{"研究重点提案督办调研安排", "部署上年度文书档案移交工作", "清明节前廉洁提醒"},
		body: "会议研究了今年重点提案督办调研的安排。督查处提出，今年的重点提案督办要改变“发函多、见面少”的做法，对每一件重点提案都安排一次实地督办。会议同意由督查处拟定调研计划，秘书处做好文稿和会务配合。" +
			"刘晓燕同志汇报了上年度文书档案整理情况，已完成组卷，待移交省档案馆。会议还对清明节期间的廉洁自律作了提醒。",
		resolutions: []string{"重点提案实地督办调研计划由督查处拟定，4月底前报处领导审定。", "上年度文书档案于5月底前完成移交。"},
		task:        &task{"完成上年度文书档案向省档案馆的移交", "刘晓燕", 40, 35},
		study:       "学习《中国共产党纪律处分条例》有关章节",
	},
	{ // May
		agenda: []string{"研究专题协商会筹备中的支部任务", "研究二季度党课安排", "研究召开青年党员座谈会"},
		body: "会议研究了专题协商会的筹备工作。协商会材料多、参会委员多，秘书处承担会议方案、主持词和情况综述的起草，督查处承担协商成果转化的跟踪。会议要求两个党小组各明确一名党员牵头，把筹备任务分解到人。" +
			"会议还研究了二季度党课安排，并决定召开青年党员座谈会，听听年轻同志对改进文风会风的意见。",
		resolutions: []string{"专题协商会筹备任务由第一党小组陈思远同志、第二党小组周海涛同志分别牵头分解。", "召开青年党员座谈会，由王志强同志负责组织。"},
		study:       "学习习近平总书记关于加强和改进人民政协工作的重要思想",
	},
	{ // June
		agenda: []string{"研究“七一”活动安排", "听取上半年督查督办工作情况汇报", "听取党员发展工作情况汇报"},
		body: "会议研究了“七一”期间的活动安排，决定结合主题党日组织重温入党誓词。张慧敏同志汇报了上半年督查督办情况，主席会议交办事项大部分已办结，少数事项需延续到下半年。" +
			"会议听取了党员发展工作情况汇报，要求严格程序、严把质量，成熟一个发展一个。",
		resolutions: []string{"“七一”前后组织党员重温入党誓词，由王志强同志制定方案。", "上半年未办结的督办事项逐项明确下半年办结时限。"},
		task:        &task{"逐项明确上半年未办结督办事项的办结时限，形成清单", "张慧敏", 20, 18},
		study:       "学习《中国共产党章程》总纲",
	},
	{ // July
		agenda: []string{"总结上半年支部工作，安排下半年工作", "研究常委会会议会务保障", "部署汛期值班"},
		body: "会议对上半年支部工作进行了小结。大家认为，主题党日同业务结合得比往年紧，但也存在个别活动准备不足、事后总结不够的问题。会议研究了常委会会议的会务保障工作，明确了文件印制和机要传递的时间节点。" +
			"结合汛期，会议要求值班同志保持通讯畅通，重要紧急信息第一时间报送。",
		resolutions: []string{"主题党日实行“会前定题、会后交账”，每次活动后一周内形成一条改进工作的具体措施。", "汛期实行处领导带班、党员骨干值班。"},
		study:       "学习《中国共产党党员教育管理工作条例》",
	},
	{ // August
		agenda: []string{"部署年度保密自查", "研究文印室设备更新采购中的廉政风险防控", "研究三季度党课安排"},
		body: "会议部署了年度保密自查工作。会议听取了机要室关于涉密载体管理情况的汇报，决定对各处室涉密文件清退情况进行一次全面核对。刘晓燕同志就文印室设备更新采购中的廉政风险提出意见，建议采购需求由文印室提出、由综合处组织采购，支部全程监督。" +
			"会议对三季度党课作了安排。",
		resolutions: []string{"8月底前完成涉密载体清退核对，由周海涛同志牵头。", "文印室设备更新采购实行需求、采购、验收分离，纪检委员全程监督。"},
		task:        &task{"完成各处室涉密文件清退情况核对并形成报告", "周海涛", 25, 21},
		study:       "学习《中华人民共和国保守国家秘密法》",
	},
	{ // September
		agenda: []string{"国庆中秋节日值班安排和廉洁过节提醒", "研究民主监督专题调研服务保障", "筹备三季度支部党员大会"},
		body: "会议安排了国庆、中秋节日期间的值班，重申了节日期间的廉洁纪律要求。会议研究了民主监督专题调研的服务保障：调研组赴市县期间，由督查处派人全程跟进，秘书处负责调研报告起草。" +
			"会议确定了三季度党员大会议程，重点交流“四走进四提升”开展以来的收获和不足。",
		resolutions: []string{"节日期间值班表于9月20日前报办公厅值班室。", "民主监督专题调研报告由王志强同志牵头起草。"},
		study:       "学习《中国共产党廉洁自律准则》",
	},
	{ // October
		agenda: []string{"听取三季度督查督办情况通报", "研究提案办理“回头看”工作", "分析前三季度信息报送情况"},
		body: "张慧敏同志通报了三季度督查督办情况。会议研究了提案办理“回头看”工作，决定选取答复为“已解决或基本解决”的部分提案，回访提案者和承办部门，看承诺是否兑现。" +
			"会议还分析了前三季度信息报送情况：报送数量稳中有增，但被采用的深度信息偏少，反映社情民意的信息要多到一线去找。",
		resolutions: []string{"提案办理“回头看”选取10件提案进行回访，11月中旬形成报告。", "信息报送实行“一月一选题”，由第一党小组每月提出选题建议。"},
		task:        &task{"形成提案办理“回头看”督查报告", "张慧敏", 35, 30},
		study:       "学习关于大兴调查研究的有关论述",
	},
	{ // November
		agenda: []string{"部署年度公文处理质量评查", "研究信息报送年度考核自评材料", "研究四季度党课和党员年度考核准备工作"},
		body: "会议部署了年度公文处理质量评查工作，以本年度秘书处经办的发文为样本，重点查格式规范、审核把关和办理时限。会议研究了信息报送年度考核的自评材料。" +
			"会议还对四季度党课和党员年度考核准备工作作了安排，要求党员结合岗位写好个人年度小结，不搞“千人一面”。",
		resolutions: []string{"公文处理质量评查由秘书处牵头，12月上旬完成并通报。", "党员个人年度小结于12月20日前交组织委员。"},
		study:       "学习《党政机关公文处理工作条例》",
	},
	{ // December
		agenda: []string{"讨论支部年度工作总结", "部署年度文书档案整理立卷", "研究下一年度主题党日计划和年度组织生活会准备"},
		body: "会议讨论了支部年度工作总结（初稿）。大家认为，今年主题党日走进基层一线的次数多了，从活动中梳理出的督查线索有几条已经转化为督办事项，这是实实在在的收获；不足是理论学习还不够系统，个别党小组会以读文件代替讨论。" +
			"会议部署了年度文书档案整理立卷工作，研究了下一年度主题党日计划的初步安排，并启动年度组织生活会准备工作。",
		resolutions: []string{"年度文书档案于次年1月底前完成立卷归档。", "下一年度主题党日计划（初稿）由王志强同志起草，征求党员意见后提交支委会。"},
		task:        &task{"起草下一年度主题党日计划（初稿）并征求党员意见", "王志强", 30, 25},
		study:       "学习中央经济工作会议精神",
	},
}

// What the 党小组 talked over: the first group drafts documents and runs
// supervision, the second keeps the archives, the print room and the
// confidential mail.
var (
	groupWork1 = []string{
		"结合近期起草的几篇讲话稿，交流“短、实、新”的体会。王志强同志说，有的稿子开头铺垫太长，念到第三页还没有进入正题，今后起草要先把要说的事说清楚。杨雪梅同志提出，引用数据要写明口径和时间，避免不同材料之间打架。",
		"围绕督查督办的“最后一公里”进行讨论。陈思远同志介绍了近期一件交办事项的跟踪情况：承办部门书面回复已办结，实地回访发现群众反映的问题只解决了一半。大家认为，督查不能只看回复件，要看实际效果，建议对重点事项一律实地回访。",
		"交流信息报送选题。吴佳宁同志提出，近期委员在调研中反映的农村养老服务问题很有代表性，可以作为社情民意信息报送；赵文博同志建议和督查处正在跟踪的提案结合起来写，既讲问题也讲办理进展。小组确定由两位同志合写一篇。",
		"讨论如何提高公文办理时效。大家梳理了近期几件办理超时的文件，主要卡在会签环节。小组建议对需要会签的文件在流转单上标明时限，超时由秘书处电话催办，月底汇总一次。",
		"围绕“把学到的用到工作中”进行交流。赵文博同志谈到，刚参加督查工作时只会按清单打电话，后来跟着去市里回访，才知道一件事办不好往往卡在几个部门之间。张慧敏同志补充说，督查人员要熟悉政策，更要熟悉基层办事的流程。",
		"小组对照岗位职责开展自查，每人讲一条本月工作中的不足和改进措施。比较集中的问题是文稿校核不细，出现过标点和数字错误。小组商定，重要文稿实行两人交叉校核，签发前由起草人再通读一遍。",
	}
	groupWork2 = []string{
		"结合档案数字化工作进行讨论。刘晓燕同志介绍了文书档案扫描进度，提出数字化不是一扫了之，著录信息要准确，否则查不到等于没有。徐志刚同志建议对查阅频率高的档案优先处理。",
		"讨论文印保障中的安全和效率问题。黄丽娟同志介绍了全会期间文件印制的做法：印制前一核对、二签字，印完清点数量并登记。孙婷婷同志反映，临时加印的急件多，晚上加班时容易出错，建议急件印制也要两人在场。",
		"围绕机要文件传递规范进行学习讨论。周海涛同志讲解了机要文件签收、登记、传阅、清退各环节的要求，马俊杰同志结合最近一次外送文件的经历，谈了途中保管的注意事项。小组认为，保密无小事，越是熟悉的流程越要防止麻痹。",
		"交流档案查阅服务工作。近期来查阅档案的委员和工作人员较多，刘晓燕同志提出要提前准备常用目录，缩短查找时间；徐志刚同志建议在查阅登记中增加“用途”一栏，便于分析档案利用情况。",
		"讨论节约办文成本。黄丽娟同志统计了近三个月的纸张和耗材用量，会议材料双面印制的比例有所提高，但仍有部分材料印数偏多。小组建议印制前与承办处室核对实际参会人数，按需印制。",
		"小组对照岗位开展自查。周海涛同志提出，个别同志借阅涉密文件后归还不及时；孙婷婷同志提出文印室交接班记录有时不全。大家商定，从本月起涉密文件借阅逐日核对，文印室交接班当面点交、签字确认。",
	}
)

// themeDay is a theme day of 四走进四提升: where the branch went, what it
// meant to raise, and what it brought back.
type themeDay struct {
	name, place string
	morning     bool
	visits      []huoshui.Visit
	gains       []huoshui.Gain
	topics      []string
	agenda      []string
	body        string
	resolution  string
	task        *task
	// speaker and lecture: the lecture given on the day when it also
	// counts as the quarter's party lecture.
	speaker, lecture string
	notes            []note
}

var (
	vBase, vFront, vBranch, vDeeds    = huoshui.VisitEducationBase, huoshui.VisitFrontLine, huoshui.VisitModelBranch, huoshui.VisitModelDeeds
	gTheory, gSpirit, gAbility, gWork = huoshui.GainTheory, huoshui.GainPartySpirit, huoshui.GainAbility, huoshui.GainWorkLevel
)

// themeDays are the theme days of each calendar month, January first.
var themeDays = [12]themeDay{
	{name: "学习身边榜样 重温入党初心", place: "机关第一会议室",
		visits: []huoshui.Visit{vDeeds}, gains: []huoshui.Gain{gSpirit}, topics: []string{"党性教育"},
		agenda: []string{"观看全国优秀共产党员事迹专题片", "老党员讲述督查工作经历", "结合全会会务保障谈体会"},
		body: "活动分三项：一是观看全国优秀共产党员事迹专题片；二是请退休老党员、原督查处处长讲述从事督查工作三十年的经历，他讲到早年骑自行车跑遍全市回访提案的故事，大家很受触动；三是党员结合全会会务保障谈体会。" +
			"李明远同志总结时说，老一辈的好作风就在身边，学榜样不能只停留在感动，要落到每一份文件、每一次督办上。",
		notes: []note{{who: "赵文博", body: "听老处长讲他当年骑车跑回访，一天跑四五个单位，回来还要连夜写情况。现在我们有电话、有系统，反而容易满足于“回复件已收到”。" +
			"我在督查处工作这几年，跟踪过的事项不少，真正到现场看过的不到一半。今年给自己定个小目标：经手的重点事项至少去现场一次，把看到的情况写进督办台账。",
			comment: "这个目标定得实在。下次督办调研可以主动报名，支部支持。"}}},
	{name: "走进社区听民声", place: "联系点社区党群服务中心", morning: true,
		visits: []huoshui.Visit{vFront}, gains: []huoshui.Gain{gWork, gAbility}, topics: []string{"服务群众", "办文办事"},
		agenda: []string{"随社区网格员入户走访", "听取社区党委介绍居民诉求", "交流座谈"},
		body: "党员分成三组，随社区网格员入户走访，了解居民对老旧小区改造、社区养老和停车难的意见。回到党群服务中心后，社区党委书记介绍了近年来居民诉求的变化。" +
			"交流时大家认为，委员提案中反映的不少问题在社区都能找到原型，秘书处起草材料、督查处跟踪提案，都要多到这样的地方来。活动中收集的意见已整理成清单。",
		resolution: "走访中收集的12条居民意见整理成清单，涉及提案办理的转督查处跟踪。",
		speaker:    "李明远", lecture: "李明远同志结合走访情况讲授现场党课《把群众的事当成自己的事》。",
		notes: []note{{who: "杨雪梅", body: "跟着网格员走了六户人家，印象最深的是一位独居老人，说社区食堂开了以后终于不用天天吃挂面了。平时写材料常写“养老服务体系不断完善”，这一句话背后是什么样子，这次算是看到了一点。" +
			"以后起草涉及民生的材料，我想尽量用具体的情况和数字说话，少用空话套话。",
			comment: "写得实在。把这次看到的情况留好，起草年度工作报告民生部分时用得上。"}}},
	{name: "学雷锋志愿服务进社区", place: "联系点社区党群服务中心", morning: true,
		visits: []huoshui.Visit{vFront, vDeeds}, gains: []huoshui.Gain{gSpirit}, topics: []string{"服务群众"},
		agenda: []string{"学习雷锋同志事迹", "开展志愿服务"},
		body: "3月学雷锋活动月，支部党员到联系点社区开展志愿服务。活动前，大家学习了雷锋同志的事迹和雷锋精神的时代内涵。志愿服务分为政策咨询、帮助老人用手机挂号缴费、清理楼道小广告三项。" +
			"档案室的同志还为居民讲解了家庭档案的整理和保存方法，很受欢迎。",
		notes: []note{{who: "孙婷婷", body: "教一位阿姨用手机挂号，前前后后教了三遍，她拿个小本子一步一步记下来。我平时在文印室，接触的都是文件，很少和群众打交道。" +
			"这次感到，耐心本身就是服务。回到岗位上，对来印急件的同志，我也想多一点耐心，少一点“怎么又是急件”的抱怨。"}}},
	{name: "清明祭英烈", place: "市烈士陵园", morning: true,
		visits: []huoshui.Visit{vBase}, gains: []huoshui.Gain{gSpirit, gTheory}, topics: []string{"党性教育"},
		agenda: []string{"向革命烈士敬献花篮", "参观烈士事迹陈列馆", "重温入党誓词"},
		body: "清明节前，支部党员到市烈士陵园祭扫，向革命烈士敬献花篮，重温入党誓词。在陈列馆，大家听讲解员介绍了本地革命斗争的历史。" +
			"返程途中开展了简短交流，大家表示，要把对先烈的敬仰化为干好本职工作的动力，在起草、督办、机要、档案各个岗位上守住底线、干出样子。",
		notes: []note{{who: "马俊杰", body: "陈列馆里有一份当年地下交通员传递的密信，字很小，藏在一截竹管里。讲解员说这位交通员后来被捕，至死没有说出联络点。" +
			"我做机要工作，每天经手的文件也要求件不离身。以前觉得这是制度要求，这次站在那份密信前，才体会到这是有人用生命守护过的规矩。",
			comment: "机要岗位的同志有这份体会很难得。保密就是守纪律、守信念，望坚持下去。"}}},
	{name: "走进先进党支部 学习档案服务经验", place: "省档案馆", morning: true,
		visits: []huoshui.Visit{vBranch}, gains: []huoshui.Gain{gAbility, gWork}, topics: []string{"办文办事"},
		agenda: []string{"参观档案修复室和数字化加工区", "与省档案馆利用服务处党支部交流"},
		body: "支部党员到省档案馆，与该馆利用服务处党支部开展交流。对方介绍了“档案查阅一次办好”的做法：常用档案提前数字化，查阅预约线上办理，复杂查询专人跟踪。大家参观了档案修复室和数字化加工区。" +
			"交流中，第二党小组的同志就机关档案移交、电子文件归档提出了具体问题，对方一一作了解答。",
		resolution: "借鉴省档案馆的做法，梳理机关文书档案常用目录，提高查阅效率。",
		speaker:    "张慧敏", lecture: "张慧敏同志结合参观讲授现场党课《从一份档案看工作作风》。",
		notes: []note{{who: "徐志刚", body: "省档案馆的同志说，档案工作最怕“收进来就睡觉”。他们把查阅最多的档案先做数字化，这个思路我们完全可以借鉴。" +
			"回来后我统计了一下，近两年委员和处室查阅最多的是历次全会和常委会会议的文件，我打算先把这一部分的目录整理出来。"}}},
	{name: "廉政警示教育", place: "省廉政教育基地", morning: true,
		visits: []huoshui.Visit{vBase}, gains: []huoshui.Gain{gSpirit}, topics: []string{"廉政建设"},
		agenda: []string{"参观廉政教育基地", "观看警示教育片", "纪检委员作廉政提醒"},
		body: "支部党员到省廉政教育基地接受警示教育。通过展板、案例视频和忏悔录，大家看到了一些党员干部从小节失守到违纪违法的过程。" +
			"刘晓燕同志结合秘书处的工作特点作了廉政提醒：经手文件早、接触信息多，要防范打招呼、泄露未公开信息等风险。大家表示要从身边小事做起，守住底线。",
		notes: []note{{who: "周海涛", body: "几个案例里，都有一个从“帮个小忙”开始的过程。我们机要室经手的文件，有些在正式印发前就知道内容，有人打听，说者可能无心，听者要有心。" +
			"以后遇到打听未公开文件的，不管关系远近，一律按规定办，不能碍于情面。",
			comment: "说到了要害。秘书处的廉政风险往往在“信息”上，大家都要有这个警觉。"}}},
	{name: "七一重温入党誓词", place: "红色教育基地革命纪念馆", morning: true,
		visits: []huoshui.Visit{vBase, vDeeds}, gains: []huoshui.Gain{gTheory, gSpirit}, topics: []string{"党性教育"},
		agenda: []string{"参观革命纪念馆", "重温入党誓词", "青年党员座谈"},
		body: "庆祝建党节，支部党员到红色教育基地参观革命纪念馆，在党旗前重温入党誓词，由李明远同志领誓。参观中，大家重点了解了党在根据地时期重视调查研究、密切联系群众的历史。" +
			"随后召开座谈会，几名年轻党员谈了入党以来的成长和体会。",
		notes: []note{
			{who: "吴佳宁", body: "每一次重温誓词，感受都不一样。刚入党时觉得誓词很庄严，现在工作了几年，更多想到的是誓词里的“履行党员义务”落到我身上是什么——就是把每一份材料写准确，把每一件交办的事办利索。" +
				"纪念馆里根据地时期的调查报告手稿，密密麻麻全是数字和人名，那是真正下了功夫的材料。"},
			{who: "朱晓琳", firstYear: true, body: "这是我第一次以预备党员的身份站在党旗下宣誓，举起右拳的时候，手心都是汗。写入党申请书的时候，更多的是向往；这一次读誓词，想的是“严守党的纪律”“保守党的秘密”这些具体的话。" +
				"我在督查岗位，接触的事项多，要先把纪律这一课学扎实。",
				comment: "欢迎你。预备期是考察期也是学习期，有什么想法随时和支部谈。"}}},
	{name: "走进信访接待大厅", place: "省信访局信访接待大厅", morning: true,
		visits: []huoshui.Visit{vFront}, gains: []huoshui.Gain{gAbility, gWork}, topics: []string{"服务群众", "办文办事"},
		agenda: []string{"在接待窗口跟班学习", "听取首接负责和回访做法介绍", "座谈交流"},
		body: "支部党员到省信访局信访接待大厅跟班学习半天，分组坐在接待窗口旁，听工作人员接待来访群众。接待处负责同志介绍了首接负责和信访事项办理回访的做法。" +
			"大家注意到，群众反映的问题中有相当一部分曾以提案、社情民意信息的形式出现过。座谈时，督查处的同志提出，可以把信访中反映集中的问题作为提案督办的参照，看办理是否真正见效。",
		resolution: "将信访接待中反映集中的问题与在办提案对照，梳理督查线索。",
		task:       &task{"将接待中群众反映集中的三类问题与在办提案对照，形成督查线索清单", "陈思远", 20, 16},
		speaker:    "李明远", lecture: "李明远同志以《从信访窗口看作风》为题讲授现场党课。",
		notes: []note{{who: "陈思远", body: "窗口前坐了一上午，来了十几位群众。有位大姐为了孩子入学的事跑了三个地方，每个地方都说“不归我们管”。这让我想起督查时常看到的回复：“已转有关部门办理”。转了以后呢？" +
			"回来后我把接待中听到的几个问题和在办的提案对照了一下，有两件正好对得上，准备作为督查线索跟下去。",
			comment: "这就是主题党日的意义：把看到的问题带回来，变成督办的事项。跟下去，有结果了在支委会上说一说。"}}},
	{name: "身边人讲身边事 讲好督查故事", place: "机关第一会议室",
		visits: []huoshui.Visit{vDeeds}, gains: []huoshui.Gain{gTheory}, topics: []string{"党性教育", "督查督办"},
		agenda: []string{"督查处三名同志讲述督办故事", "对照党章讨论党员义务"},
		body: "活动以“身边人讲身边事”的方式进行。督查处三名同志分别讲述了近年来督办的三件事：一件重点提案从交办到落地用了两年，一件群众反映的问题经过三次回访才真正解决，一件交办事项因为督查人员较真避免了“纸面办结”。" +
			"讲完后，大家对照党章关于党员义务的规定进行讨论。李明远同志说，督查工作的价值就在“较真”二字，这既是工作方法，也是党性要求。",
		notes: []note{{who: "王志强", body: "三个故事里，最打动我的是那件回访了三次的事。第一次去，承办单位说已经办了；第二次去，群众说没变化；第三次去，才发现问题卡在一个审批环节上。" +
			"我是写材料的，常常只看到最后一份“已办结”的报告。今后写督查工作综述，我想多去督查处了解过程，把真实情况写进去，而不是只写数字。"}}},
	{name: "重阳敬老走进社区", place: "联系点社区日间照料中心", morning: true,
		visits: []huoshui.Visit{vFront}, gains: []huoshui.Gain{gSpirit, gWork}, topics: []string{"服务群众"},
		agenda: []string{"看望日间照料中心老人", "听取照料中心运营情况介绍"},
		body: "重阳节前，支部党员到联系点社区日间照料中心看望老人，为老人理发、量血压，陪老人聊天。照料中心负责人介绍了运营中的困难：护理人员招不到、留不住，场地租金压力大。" +
			"大家认为这和今年政协关于养老服务的协商议题直接相关，请第一党小组把了解到的情况整理成社情民意信息。",
		resolution: "第一党小组将日间照料中心运营中的困难整理成社情民意信息，按程序报送。",
		notes: []note{{who: "黄丽娟", body: "给一位九十岁的老爷子量血压，他拉着我说了半个小时他年轻时在工厂的事。照料中心的负责人说，老人最缺的不是吃穿，是有人说话。" +
			"我自己的父母也到了这个年纪，这次去感触很深。我们能做的事不大，但每个月去一次、陪着说说话，是做得到的。我跟社区约好了，以后每月去一次。",
			comment: "这份心意很珍贵。支部可以把每月走访固定下来，愿意参加的同志一起去。"}}},
	{name: "走进先进党支部 学习党建和业务融合经验", place: "省政务服务中心", morning: true,
		visits: []huoshui.Visit{vBranch}, gains: []huoshui.Gain{gWork, gTheory}, topics: []string{"办文办事", "廉政建设"},
		agenda: []string{"参观政务服务大厅", "学习窗口党支部“堵点登记”做法", "交流座谈"},
		body: "支部党员到省政务服务中心，学习窗口党支部“党员示范岗加首问负责”的做法。窗口党支部书记介绍，他们把群众办事中遇到的堵点逐条登记，每月在支部会上分析，能改的当月改。" +
			"大家认为，这种把党建和业务放在一张表上的做法，对我们办文办会同样适用。",
		resolution: "参照“堵点登记”的做法，在公文办理中建立问题登记，每月在支委会上分析一次。",
		speaker:    "王志强", lecture: "王志强同志结合参观讲授现场党课《在办文办事中践行群众路线》。",
		notes: []note{{who: "杨雪梅", body: "窗口党支部那张“堵点登记表”给我启发很大。我们的公文流转也有堵点：会签慢、改稿反复、领导批示的落实情况没人跟。" +
			"建议我们也建一张表，谁遇到就记一笔，月底大家一起看。这件事不难，难在坚持。"}}},
	{name: "走进红色档案 学习宪法", place: "省档案馆", morning: false,
		visits: []huoshui.Visit{vBase}, gains: []huoshui.Gain{gTheory, gAbility}, topics: []string{"党性教育", "档案工作"},
		agenda: []string{"参观红色档案展", "集中学习宪法有关条款", "档案鉴定和保护知识讲解"},
		body: "结合国家宪法日，支部党员参观省档案馆红色档案展，看到了新中国成立初期本省召开人民代表会议和政协会议的原始档案，随后集中学习了宪法有关条款。刘晓燕同志结合展品介绍了档案鉴定和保护的基本知识。" +
			"大家认为，今天经手的每一份文件，将来都是历史，办文要有历史意识，归档要对历史负责。"},
}

// PhotoThemeDays names the theme days that went out of the office, in
// calendar-month order: those whose records ought to carry photos. A
// meeting is one of them when its title contains the name.
func PhotoThemeDays() []string {
	var out []string
	for _, td := range append(themeDays[:], extraThemeDay) {
		if !strings.HasPrefix(td.place, "机关") {
			out = append(out, td.name)
		}
	}
	return out
}

// extraThemeDay is the year's one theme day beyond the monthly one.
var extraThemeDay = themeDay{name: "联学共建 走进街道党工委", place: "联系点街道党群服务中心",
	visits: []huoshui.Visit{vBranch, vFront}, gains: []huoshui.Gain{gAbility}, topics: []string{"服务群众", "基层治理"},
	agenda: []string{"听取街道党工委介绍网格化治理做法", "商定联学共建机制"},
	body: "支部与联系点街道党工委开展联学共建。街道党工委介绍了“网格加党建”的基层治理做法和居民诉求“接诉即办”的流程。" +
		"双方围绕如何把群众诉求及时反映到政协协商议题中进行了交流，商定今后每季度互通一次情况。",
	resolution: "与街道党工委建立季度情况互通机制，由张慧敏同志负责联系。"}

// spareThemeDay stands a year ago in for the month's own theme day when
// that is held again this month.
var spareThemeDay = themeDay{name: "观看专题片 学习模范事迹", place: "机关第一会议室",
	visits: []huoshui.Visit{vDeeds}, gains: []huoshui.Gain{gTheory}, topics: []string{"党性教育"},
	agenda: []string{"观看专题片", "交流发言"},
	body:   "支部组织观看专题片，学习近年来全国优秀共产党员的先进事迹。观看后，党员结合各自岗位进行了交流，大家表示要学习先进人物干一行、爱一行、钻一行的精神，把平凡的岗位工作做细做实。"}

// lectures are the party lectures of a year's four quarters.
var lectures = [4]struct {
	speaker, topic, body string
	notes                []note
}{
	{"李明远", "以严实作风做好新时代秘书督查工作",
		"李明远同志从秘书处、督查处的职责讲起，围绕“严”和“实”两个字讲了三点：一是政治上要严，办文办会首先是政治工作；二是作风上要实，督查督办要看实效、不看文件；三是纪律上要严，经手的信息多，更要守口如瓶。" +
			"党课结合近年来工作中的几个实例，大家听后很有共鸣。", nil},
	{"张慧敏", "督查督办中的党性修养",
		"张慧敏同志结合十几年的督查工作经历，讲了督查人员应有的党性修养：对上负责和对群众负责的一致性，敢于较真和善于沟通的关系，督查者首先要接受监督。" +
			"她讲到一件督办事项中承办部门请求“高抬贵手”的经历，强调督查工作的公信力来自一次次不打折扣的坚持。", nil},
	{"王志强", "在公文写作中提高政治判断力",
		"王志强同志结合文稿工作讲授党课。他讲到，一份文件的政治站位体现在提法是否准确、数据是否可靠、措施是否可行，起草人员要经常对照中央和省委的最新提法，做到字斟句酌不走样。" +
			"党课中他展示了几篇文稿修改前后的对比，大家感到很解渴。",
		[]note{{who: "杨雪梅", body: "党课里展示的修改前后对比，其中一篇就是我起草的初稿。当时觉得改动不大，这次放在一起看，才发现改掉的恰恰是那些“好像对、其实不准”的提法。" +
			"以后起草前，我要先把最新的提法和数据核一遍，不靠印象写。"}}},
	{"李明远", "学党章 守规矩 做合格共产党员",
		"李明远同志围绕学习党章讲授党课，结合党员义务和党的纪律，联系秘书处、督查处党员的岗位实际，讲了守规矩在日常工作中的具体表现：按程序办文、按时限办事、按规定保密。" +
			"党课最后，他请大家对照党章各写一条需要改进的地方，在党小组会上交流。",
		[]note{{who: "赵文博", body: "对照党章写一条需要改进的地方，我写的是“按时限办事”。督查处催别人按时限，自己经手的台账却常常拖到月底才补。" +
			"书记说守规矩就在日常工作里，我想先从当天的事当天记做起。",
			comment: "从自己改起，这个态度好。台账及时，督查才有说服力。"}}},
}

// generalMeetings are the quarters' general meetings.
var generalMeetings = [4]struct {
	agenda      []string
	body        string
	resolutions []string
}{
	{[]string{"审议支部年度工作要点", "审议年度主题党日计划", "通报上年度党费收缴情况"},
		"会议审议了支部%d年度工作要点和年度主题党日计划。讨论中，党员们提出主题党日要多安排走进基层一线，督查处的同志建议把回访提案与主题党日结合起来。" +
			"张慧敏同志通报了上年度党费收缴情况，全体党员均按时足额交纳。会议以举手表决方式通过了年度工作要点和主题党日计划。",
		[]string{"通过支部年度工作要点。", "通过年度主题党日计划（“四走进四提升”）。"}},
	{[]string{"通报上半年支部工作", "专题讨论党建和业务融合"},
		"会议通报了%d年上半年支部工作情况，对照年度工作要点逐项检查进度。会议围绕“如何让党建和业务不再是两张皮”进行了专题讨论，第一党小组、第二党小组分别作了交流发言。" +
			"大家提出，主题党日带回来的问题要有人跟、有结果，不能活动一结束就完了。",
		[]string{"下半年每次主题党日确定一项与业务相关的具体任务，活动后由党小组跟进落实。"}},
	{[]string{"交流“四走进四提升”主题党日开展情况", "通报前三季度党费收缴情况"},
		"会议交流了%d年以来“四走进四提升”主题党日的开展情况。王志强同志对照年度计划作了通报：四个“走进”都已安排，走进基层一线和党性教育基地的次数较多，走进先进党支部的安排偏少；" +
			"从活动中带回的督查线索和信息选题，已有几项转化为具体工作。党员们发言时提出，个别活动参观多、交流少，今后要留足讨论时间。",
		[]string{"四季度安排一次走进先进党支部活动，学习党建和业务融合的经验。"}},
	{[]string{"通报支部全年工作", "部署年度组织生活会和民主评议党员", "通报全年党费收缴情况"},
		"李明远同志代表支委会通报了支部%d年全年工作情况，重点讲了主题党日同公文办理、督查督办、会务保障、信息报送结合的情况和存在的不足。" +
			"会议对年度组织生活会和民主评议党员工作作了部署，要求每名党员认真准备对照检查发言，开展批评要“红红脸、出出汗”，不搞一团和气。",
		[]string{"1月下旬召开年度组织生活会，同时开展民主评议党员。"}},
}

const reviewBody = "会前，支委会围绕%d年度的工作，通过座谈、个别谈话等方式征求了意见，支委之间、支委和党员之间开展了谈心谈话。会上，李明远同志代表支委会作对照检查，查摆了理论学习不够系统、主题党日成果转化跟踪不够、对年轻党员关心不够等问题，提出了整改措施。" +
	"随后党员逐一对照检查发言，相互提出批评意见，提的意见具体实在。"

// talkNotes are the talks before the year's review, in alternate years.
var talkNotes = [2][]struct{ a, b, place, body string }{{
	{"李明远", "张慧敏", "书记办公室", "李明远同志与张慧敏同志就支部班子建设和督查工作交换意见，相互提出了批评意见：李明远同志指出张慧敏同志工作标准高，但有时对年轻同志要求过急；" +
		"张慧敏同志提出支部对党小组活动的指导还不够。双方表示在组织生活会上把问题讲透。"},
	{"王志强", "吴佳宁", "秘书处会议室", "王志强同志与吴佳宁同志谈心。吴佳宁同志谈到起草任务重、学习时间少的困惑；王志强同志建议她把学习和起草结合起来，每写一篇稿子前先读原文。" +
		"双方就组织生活会上的个人对照检查交换了意见。"},
	{"刘晓燕", "马俊杰", "档案室阅览室", "刘晓燕同志与马俊杰同志谈心，了解他在机要岗位上的工作和生活情况，提醒他注意保密纪律和廉洁自律；马俊杰同志对支部工作提出了多开展业务交流的建议。"},
}, {
	{"李明远", "王志强", "书记办公室", "李明远同志与王志强同志谈心，肯定了他在文稿工作中的把关作用，也指出他对年轻同志的稿子改得多、讲得少，年轻同志不知道为什么改；" +
		"王志强同志提出支委会研究业务多、研究党员思想少。双方约定把这些意见带到组织生活会上。"},
	{"张慧敏", "赵文博", "督查处办公室", "张慧敏同志与赵文博同志谈心。赵文博同志谈到督查工作常常得罪人、心里有压力；张慧敏同志讲了自己刚到督查处时的经历，" +
		"鼓励他坚持原则、讲究方法。双方还就赵文博同志在组织生活会上的对照检查交换了意见。"},
	{"刘晓燕", "黄丽娟", "档案室阅览室", "刘晓燕同志与黄丽娟同志谈心，听取她对文印室工作安排和设备更新的意见，提醒她在耗材采购和验收中严格执行制度；黄丽娟同志对加班较多的年轻同志的身体表示关心，建议支部多关心。"},
}}

// secondBranchLife is the 综合处党支部's thinner year: k months ago, from
// day of the month.
var secondBranchLife = []struct {
	k, day       int
	typ          huoshui.MeetingType
	title, place string
	visits       []huoshui.Visit
	gains        []huoshui.Gain
	topics       []string
	body         string
	late         bool
}{
	{k: 11, day: 20, typ: huoshui.MeetingThemeDay, title: "“参观红色教育基地”主题党日", place: "红色教育基地革命纪念馆",
		visits: []huoshui.Visit{vBase}, gains: []huoshui.Gain{gSpirit}, topics: []string{"党性教育"},
		body: "支部党员参观革命纪念馆，重温入党誓词。大家表示要把红色传统落实到机关服务保障的日常工作中。"},
	{k: 10, day: 22, typ: huoshui.MeetingGeneral, place: "综合处会议室",
		body: "会议传达了机关党委年度工作要点，研究了支部本年度工作安排，通报了党费收缴情况。"},
	{k: 8, day: 19, typ: huoshui.MeetingThemeDay, title: "“走进服务一线听意见”主题党日", place: "机关食堂和物业服务中心",
		visits: []huoshui.Visit{vFront}, gains: []huoshui.Gain{gWork}, topics: []string{"服务群众"},
		body: "支部党员到机关食堂和物业服务中心，听取一线职工对后勤保障的意见，现场梳理出就餐高峰排队、会议室预约冲突等问题，逐项明确了改进责任人。"},
	{k: 7, day: 24, typ: huoshui.MeetingLecture, title: "党课《做好机关服务保障的“店小二”》", place: "综合处会议室",
		body: "郭立新同志讲授党课，结合综合处的财务、后勤和资产管理工作，讲了机关服务保障人员如何在平凡岗位上践行宗旨。"},
	{k: 5, day: 18, typ: huoshui.MeetingThemeDay, title: "“学习模范事迹”主题党日", place: "机关第一会议室",
		visits: []huoshui.Visit{vDeeds}, gains: []huoshui.Gain{gTheory}, topics: []string{"党性教育"},
		body: "支部组织观看全国优秀共产党员事迹专题片，党员结合岗位交流了学习体会。"},
	{k: 4, day: 23, typ: huoshui.MeetingGeneral, place: "综合处会议室",
		body: "会议通报了上半年支部工作情况，讨论了培养入党积极分子和发展对象的安排，听取了宋浩然同志的思想汇报。"},
	{k: 2, day: 18, typ: huoshui.MeetingThemeDay, title: "“垃圾分类进社区”主题党日", place: "联系点社区党群服务中心", late: true,
		visits: []huoshui.Visit{vFront}, gains: []huoshui.Gain{gAbility}, topics: []string{"服务群众"},
		body: "支部党员到联系点社区开展垃圾分类宣传，入户发放宣传资料，在小区分类投放点值守引导居民分类投放。"},
}
