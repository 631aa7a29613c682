package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
)

// Micro lectures and collective discussions count towards study hours in
// the same three ways: leading one, taking part in words, or being
// recorded present at the meeting it was held at. Attendance of either is
// not recorded apart from these. studyKind names the tables and roles of
// one of the two, so that a single query serves both.
type studyKind struct {
	kind     string // huoshui.StudyRecord.Kind
	table    string
	lead     string // the column of the member who led it
	leadRole string
	part     string // the table of those who took part in words
	partKey  string // its column of the lecture or discussion
	partRole string
}

var (
	lectureStudy    = studyKind{"lecture", "lectures", "lecturer_id", "lecturer", "lecture_feedback", "lecture_id", "feedback"}
	discussionStudy = studyKind{"discussion", "discussions", "host_id", "host", "discussion_speakers", "discussion_id", "speaker"}
)

// StudyRecords lists, for each of the members, the micro lectures and
// collective discussions they took part in during a year (Asia/Shanghai
// dates), for the study hours engine: for a lecture as its lecturer
// (role "lecturer"), by leaving feedback ("feedback") or by being present
// at the meeting it was given at ("present"); for a discussion as its
// host ("host"), a speaker ("speaker") or present at its meeting
// ("present"). Each appears once per member, in the first role that
// applies, with its date and length in minutes: a member's lectures
// oldest first, then their discussions oldest first. Members with none
// are absent from the map.
func (s *Store) StudyRecords(ctx context.Context, memberIDs []int64, year int) (map[int64][]huoshui.StudyRecord, error) {
	return studyRecords(ctx, s.r, memberIDs, year)
}

func studyRecords(ctx context.Context, q querier, memberIDs []int64, year int) (map[int64][]huoshui.StudyRecord, error) {
	out := map[int64][]huoshui.StudyRecord{}
	for chunk := range chunks(distinct(memberIDs), 500) {
		for _, k := range []studyKind{lectureStudy, discussionStudy} {
			if err := studyRecordsOf(ctx, q, k, chunk, year, out); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// studyRecordsOf adds the records of one kind of the members ids to out.
// Each of the three ways in is read from the members' side through its
// own index — lectures(lecturer_id, held_on) or discussions(host_id);
// lecture_feedback(member_id) or discussion_speakers(member_id);
// meeting_invitees(member_id, …) joined on meeting_id — rather than an OR
// tested on every lecture of the year, member by member. (Discussions
// have no index on meeting_id, unlike lectures: for that join SQLite
// indexes the year's discussions on the fly and PostgreSQL hashes them.)
// A member in more than one role comes back once per role (a speaker as
// often as they spoke), the strongest first; the first row is kept.
func studyRecordsOf(ctx context.Context, db querier, k studyKind, ids []int64, year int, out map[int64][]huoshui.StudyRecord) error {
	w := &where{}
	ph := make([]string, len(ids))
	for i, id := range ids {
		ph[i] = w.arg(id)
	}
	in := strings.Join(ph, ",")
	cols := "t.id, t.org_id, t.topic, t.held_on, t.minutes, COALESCE(t.meeting_id, 0)"
	// The year is written into the SQL, not passed: pgx prepares and
	// caches each statement, and after five runs PostgreSQL may plan it
	// once for any arguments. Not knowing how much of the table a year is,
	// that plan walked every lecture of the year in the database and
	// looked each one up among the members (1.3 s against 70 ms for 500
	// members). yearStart formats a number: nothing from a user.
	inYear := " AND t.held_on >= '" + yearStart(year) + "' AND t.held_on < '" + yearStart(year+1) + "'"
	q := `SELECT t.` + k.lead + `, 1, ` + cols + ` FROM ` + k.table + ` t
		WHERE t.` + k.lead + ` IN (` + in + `)` + inYear + `
		UNION ALL
		SELECT p.member_id, 2, ` + cols + ` FROM ` + k.part + ` p JOIN ` + k.table + ` t ON t.id = p.` + k.partKey + `
		WHERE p.member_id IN (` + in + `)` + inYear + `
		UNION ALL
		SELECT vi.member_id, 3, ` + cols + ` FROM meeting_invitees vi JOIN ` + k.table + ` t ON t.meeting_id = vi.meeting_id
		WHERE vi.member_id IN (` + in + `) AND vi.attendance = 'present'` + inYear + `
		ORDER BY 1, 6, 3, 2`
	rows, err := db.QueryContext(ctx, q, w.args...)
	if err != nil {
		return fmt.Errorf("store: study records (%s): %w", k.table, err)
	}
	defer rows.Close()
	roles := [...]string{1: k.leadRole, 2: k.partRole, 3: "present"}
	var last huoshui.StudyRecord
	var lastMember int64
	for rows.Next() {
		var member int64
		var rank int
		r := huoshui.StudyRecord{Kind: k.kind}
		if err := rows.Scan(&member, &rank, &r.ID, &r.OrgID, &r.Topic, &r.HeldOn, &r.Minutes, &r.MeetingID); err != nil {
			return fmt.Errorf("store: study records (%s): %w", k.table, err)
		}
		if member == lastMember && r.ID == last.ID {
			continue // a weaker role, or another speech, of the same one
		}
		r.Role = roles[rank]
		out[member] = append(out[member], r)
		last, lastMember = r, member
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: study records (%s): %w", k.table, err)
	}
	return nil
}

// ReadingDays is, for each of the members, their reading time of study
// materials in a year, day by day (Asia/Shanghai), the days with some
// reading only, in order. The study-hours count applies its daily cap;
// this does not. Members who read nothing are absent from the map.
func (s *Store) ReadingDays(ctx context.Context, memberIDs []int64, year int) (map[int64][]huoshui.ReadingDay, error) {
	return readingDays(ctx, s.r, memberIDs, year)
}

func readingDays(ctx context.Context, db querier, memberIDs []int64, year int) (map[int64][]huoshui.ReadingDay, error) {
	out := map[int64][]huoshui.ReadingDay{}
	for chunk := range chunks(distinct(memberIDs), 500) {
		w := &where{}
		ph := make([]string, len(chunk))
		for i, id := range chunk {
			ph[i] = w.arg(id)
		}
		// The primary key (member_id, day, material_id) answers this
		// alone, already in order.
		q := `SELECT member_id, day, SUM(seconds) FROM material_read_days
			WHERE member_id IN (` + strings.Join(ph, ",") + `) AND day >= ` + w.arg(strconv.Itoa(year)+"-01-01") +
			` AND day < ` + w.arg(strconv.Itoa(year+1)+"-01-01") + ` GROUP BY member_id, day ORDER BY member_id, day`
		rows, err := db.QueryContext(ctx, q, w.args...)
		if err != nil {
			return nil, fmt.Errorf("store: reading days: %w", err)
		}
		for rows.Next() {
			var member int64
			var d huoshui.ReadingDay
			if err := rows.Scan(&member, &d.Day, &d.Seconds); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: reading days: %w", err)
			}
			out[member] = append(out[member], d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("store: reading days: %w", err)
		}
	}
	return out, nil
}

// distinct is ids without repeats: a member in two chunks would have their
// records twice.
func distinct(ids []int64) []int64 {
	return slices.Compact(slices.Sorted(slices.Values(ids)))
}
