package web

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/report"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
)

// annualFactsOf reads what the records say of org's calendar year, for
// the annual report (report.WriteAnnual): the year's numbers from the
// org's summary (summary.go: theme days, study, tasks, outputs, activities
// and their links) and, from the store, what the summary does not list —
// the roll and the committee, the meetings held by type, the calendar of
// organisational life, the micro lectures and discussions, and the
// innovations one by one. Every read is of org's subtree (a branch and
// its 党小组). The caller has read org through the reader's scope and
// checked that they may see its records. The text is in Chinese, the
// language of the document: it is the branch's report, whatever the
// reader's interface language.
func (s *Server) annualFactsOf(ctx context.Context, o *huoshui.Org, year int) (report.AnnualFacts, error) {
	const lang = "zh"
	f := report.AnnualFacts{Org: o.Name, Year: year}
	from, to := huoshui.NewDate(year, 1, 1), huoshui.NewDate(year, 12, 31)
	sum, err := s.summaryOf(ctx, o, true, from, to)
	if err != nil {
		return f, err
	}
	f.ThemeDays, f.Study, f.Tasks = sum.ThemeDays, sum.Study, sum.Tasks
	f.Activities, f.Linked = sum.Activities, sum.Linked
	tally := func(k huoshui.OutputKind) report.LevelTally {
		return report.LevelTally{
			National:   sum.Outputs.CountLevel(k, huoshui.LevelNational),
			Provincial: sum.Outputs.CountLevel(k, huoshui.LevelProvincial),
			City:       sum.Outputs.CountLevel(k, huoshui.LevelCity),
			Other:      sum.Outputs.CountLevel(k, huoshui.LevelOther),
		}
	}
	f.Publications, f.Awards = tally(huoshui.OutputPublication), tally(huoshui.OutputAward)
	f.Documents, f.Characters = sum.Outputs.Count(huoshui.OutputDocument), sum.Outputs.Characters()

	// The subtree as a scope: the org was read through the reader's.
	tree := huoshui.Scope{Paths: []string{o.Path}}

	// The roll and the committee, as they stand.
	people, _, err := s.store.FindMembers(ctx, huoshui.MemberFilter{Scope: tree})
	if err != nil {
		return f, err
	}
	var seats []*huoshui.Member
	for _, m := range people {
		switch m.Status {
		case huoshui.StatusFull:
			f.Full++
		case huoshui.StatusProbationary:
			f.Probationary++
		}
		if m.CommitteePost != huoshui.PostNone && m.OrgID == o.ID {
			seats = append(seats, m)
		}
	}
	// Study completion counts every 党员 of the roll; a year in which
	// none of them has an hour of study on record has nothing to report.
	if f.Study.Known {
		var ids []int64
		for _, m := range people {
			if m.Status == huoshui.StatusFull || m.Status == huoshui.StatusProbationary {
				ids = append(ids, m.ID)
			}
		}
		hours, err := s.store.KeptStudyHours(ctx, ids, year)
		if err != nil {
			return f, err
		}
		if !slices.ContainsFunc(slices.Collect(maps.Values(hours)), func(h float64) bool { return h > 0 }) {
			f.Study = huoshui.StudyCompletion{}
		}
	}
	slices.SortStableFunc(seats, func(a, b *huoshui.Member) int {
		return slices.Index(huoshui.CommitteePosts, a.CommitteePost) - slices.Index(huoshui.CommitteePosts, b.CommitteePost)
	})
	for _, m := range seats {
		f.Committee = append(f.Committee, report.CommitteeSeat{Post: s.msgs.T(lang, "post."+string(m.CommitteePost)), Name: m.Name})
	}

	// The meetings held by type, from the kept monthly counts.
	counts, err := s.store.FindMeetingCounts(ctx, o, fmt.Sprintf("%04d-01", year), fmt.Sprintf("%04d-12", year))
	if err != nil {
		return f, err
	}
	f.Meetings = meetingTallies(counts, lang, s)

	// The calendar of organisational life: the org's own requirements.
	life, err := s.complianceOf(ctx, o, year, false)
	if err != nil {
		return f, err
	}
	for _, c := range life {
		if c.Org.ID == o.ID {
			f.Life = lifeFacts(c.Items, lang, s)
		}
	}

	// Micro lectures and collective discussions.
	lectures, err := s.store.FindLectures(ctx, store.LectureFilter{Scope: tree, Year: year})
	if err != nil {
		return f, err
	}
	discussions, err := s.store.FindDiscussions(ctx, store.DiscussionFilter{Scope: tree, Year: year})
	if err != nil {
		return f, err
	}
	f.Lectures, f.Discussions = len(lectures), len(discussions)

	// The innovations, oldest first.
	innovations, _, err := s.store.FindOutputs(ctx, huoshui.OutputFilter{Scope: tree, OrgID: o.ID,
		Kind: huoshui.OutputInnovation, From: from, To: to, Sort: "date"})
	if err != nil {
		return f, err
	}
	for _, x := range innovations {
		f.Innovations = append(f.Innovations, report.InnovationLine{Title: x.Title, Problem: x.Problem, Change: x.Change,
			Before: x.Before, After: x.After})
	}

	// A few links of the year, as examples.
	links, err := s.store.FindOrgLinks(ctx, tree, o, true, from, to)
	if err != nil {
		return f, err
	}
	f.LinkExamples = s.linkExamples(links, lang)
	return f, nil
}

// annualExamples is how many links the annual report tells as examples.
const annualExamples = 4

// linkExamples picks the links the report tells: theme days before other
// activities and innovations before other outcomes, then the earliest;
// no activity and no outcome twice; told oldest first.
func (s *Server) linkExamples(links []huoshui.WorkLink, lang string) []report.LinkExample {
	rank := func(l huoshui.WorkLink) int {
		r := 0
		if l.ActivityType != string(huoshui.MeetingThemeDay) {
			r += 2
		}
		if l.OutputKind != huoshui.OutputInnovation {
			r++
		}
		return r
	}
	ordered := slices.Clone(links)
	slices.SortStableFunc(ordered, func(a, b huoshui.WorkLink) int { return rank(a) - rank(b) }) // links come by day
	var picked []huoshui.WorkLink
	activities, targets := map[string]bool{}, map[string]bool{}
	for _, l := range ordered {
		a, t := fmt.Sprint(l.ActivityKind, l.ActivityID), fmt.Sprint(l.TargetKind, l.TargetID)
		if len(picked) == annualExamples || activities[a] || targets[t] {
			continue
		}
		activities[a], targets[t] = true, true
		picked = append(picked, l)
	}
	slices.SortStableFunc(picked, func(a, b huoshui.WorkLink) int {
		return cmp.Or(a.ActivityOn.Time().Compare(b.ActivityOn.Time()), cmp.Compare(a.ID, b.ID))
	})
	out := make([]report.LinkExample, len(picked))
	for i, l := range picked {
		kind := string(l.OutputKind)
		if l.TargetKind == huoshui.TargetTask {
			kind = string(huoshui.TargetTask)
		}
		out[i] = report.LinkExample{Activity: s.activityName(l, lang), Date: l.ActivityOn, TargetKind: kind,
			Target: l.TargetTitle, Change: l.Note}
	}
	return out
}

// activityName names a link's activity as a report writes it: a
// meeting by its title, with its type before it when the title does not
// say it; a micro lecture 微党课《…》; a discussion 集体研讨“…”.
func (s *Server) activityName(l huoshui.WorkLink, lang string) string {
	switch l.ActivityKind {
	case huoshui.ActivityLecture:
		return s.msgs.T(lang, "work_link.activity.lecture") + "《" + l.ActivityTitle + "》"
	case huoshui.ActivityDiscussion:
		return s.msgs.T(lang, "work_link.activity.discussion") + report.Quote(l.ActivityTitle)
	}
	label := s.msgs.T(lang, "mtype."+l.ActivityType)
	if strings.Contains(l.ActivityTitle, label) {
		return l.ActivityTitle
	}
	return label + report.Quote(l.ActivityTitle)
}

// meetingTallies sums the monthly counts by type, in huoshui.MeetingTypes
// order, theme days left out (the report counts them on their own line).
func meetingTallies(counts []store.MeetingCount, lang string, s *Server) []report.MeetingTally {
	by := map[huoshui.MeetingType]int{}
	for _, c := range counts {
		by[c.Type] += c.N
	}
	var out []report.MeetingTally
	for _, t := range huoshui.MeetingTypes {
		if t != huoshui.MeetingThemeDay && by[t] > 0 {
			out = append(out, report.MeetingTally{Label: s.msgs.T(lang, "mtype."+string(t)), N: by[t]})
		}
	}
	return out
}

// lifeFacts counts the calendar's items by status, and the missed ones
// by type.
func lifeFacts(items []rules.Item, lang string, s *Server) report.LifeFacts {
	var f report.LifeFacts
	behind := map[huoshui.MeetingType]int{}
	for _, it := range items {
		switch it.Status {
		case rules.StatusDone:
			f.Done++
		case rules.StatusOverdue:
			f.Overdue++
			behind[it.Type]++
		case rules.StatusDue:
			f.Due++
		}
	}
	for _, t := range huoshui.MeetingTypes {
		if behind[t] > 0 {
			f.Behind = append(f.Behind, report.MeetingTally{Label: s.msgs.T(lang, "mtype."+string(t)), N: behind[t]})
		}
	}
	return f
}
