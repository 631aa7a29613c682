package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/huoshui/huoshui"
)

// Study completion is kept, not counted on read (migration 0024):
//
//   - study_years holds each member's year in whole minutes as the rules
//     count them (huoshui.ClassMinutes per session, reading capped at
//     huoshui.DailyReadingCap a day, confirmed training), so that the
//     hours a member sees are huoshui.StudyTenths of the sum, exactly as
//     rules.Study computes them from the same records;
//   - study_org_years holds, per branch and year, how many of its current
//     party members (full and probationary) have reached the branch's
//     target; orgs.party_count how many there are.
//
// Every write that changes what counts for a member — attendance, a
// meeting's type, length, date or cancellation, a lecture or discussion,
// a reading beat, a training decided — recounts the members it touches
// (restudy) in its own transaction; a member's move, status or archiving
// moves them between branches' counts (moveStudyMember); a target set or
// an org moved recounts the subtree's reached counts (recountStudyMet).

// studyLockKey names the PostgreSQL advisory locks of members' study
// years (SQLite has one writer and needs none).
const studyLockKey = 0x73747564 // "stud"

// lockStudy takes the study locks of the members, in ascending order.
func (s *Store) lockStudy(ctx context.Context, tx *sql.Tx, ids ...int64) error {
	for _, id := range distinct(ids) {
		if err := s.d.lockKey(ctx, tx, studyLockKey, id); err != nil {
			return fmt.Errorf("store: study lock of member %d: %w", id, err)
		}
	}
	return nil
}

// partyStatus reports whether members of status st are 党员, whom study
// hours are asked of.
func partyStatus(st huoshui.MemberStatus) bool {
	return st == huoshui.StatusFull || st == huoshui.StatusProbationary
}

// StudyItems lists, for each of the members, what counts toward their
// study hours in a year: the study meetings they attended, the lectures
// and discussions they took part in (one held at a study meeting they
// attended counts with that meeting, once), their reading day by day and
// their confirmed training. rules.Study sums them.
func (s *Store) StudyItems(ctx context.Context, memberIDs []int64, year int) (map[int64][]huoshui.StudyItem, error) {
	return studyItems(ctx, s.r, memberIDs, year)
}

func studyItems(ctx context.Context, q querier, memberIDs []int64, year int) (map[int64][]huoshui.StudyItem, error) {
	ids := distinct(memberIDs)
	from := time.Date(year, 1, 1, 0, 0, 0, 0, huoshui.Shanghai)
	attended, err := attendedMeetings(ctx, q, ids, from, from.AddDate(1, 0, 0))
	if err != nil {
		return nil, err
	}
	items := map[int64][]huoshui.StudyItem{}
	counted := map[int64]map[int64]bool{} // member → meetings whose time counts already
	for id, ms := range attended {
		counted[id] = map[int64]bool{}
		for _, m := range ms {
			if !huoshui.CountsAsStudy(m.Type, m.AlsoCounts) {
				continue
			}
			counted[id][m.ID] = true
			items[id] = append(items[id], huoshui.StudyItem{Source: huoshui.StudyMeeting, Ref: m.ID, Title: m.Title,
				On: huoshui.DateOf(m.StartsAt.In(huoshui.Shanghai)), Minutes: int(m.EndsAt.Sub(m.StartsAt).Minutes())})
		}
	}
	records, err := studyRecords(ctx, q, ids, year)
	if err != nil {
		return nil, err
	}
	reading, err := readingDays(ctx, q, ids, year)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		for _, r := range records[id] {
			if r.MeetingID != 0 && counted[id][r.MeetingID] {
				continue
			}
			src := huoshui.StudyLecture
			if r.Kind == "discussion" {
				src = huoshui.StudyDiscussion
			}
			items[id] = append(items[id], huoshui.StudyItem{Source: src, Ref: r.ID, Title: r.Topic, On: r.HeldOn,
				Minutes: r.Minutes})
		}
		for _, d := range reading[id] {
			items[id] = append(items[id], huoshui.StudyItem{Source: huoshui.StudyReading, On: d.Day, Minutes: d.Seconds / 60})
		}
	}
	for chunk := range chunks(ids, 500) {
		w := &where{}
		ph := make([]string, len(chunk))
		for i, id := range chunk {
			ph[i] = w.arg(id)
		}
		rows, err := q.QueryContext(ctx, `SELECT id, member_id, title, held_on, halves FROM trainings
			WHERE member_id IN (`+strings.Join(ph, ",")+`) AND status = 'confirmed'
			AND held_on >= `+w.arg(fmt.Sprintf("%04d-01-01", year))+` AND held_on <= `+w.arg(fmt.Sprintf("%04d-12-31", year))+
			` ORDER BY held_on DESC, id DESC`, w.args...)
		if err != nil {
			return nil, fmt.Errorf("store: study trainings: %w", err)
		}
		for rows.Next() {
			var it huoshui.StudyItem
			var member int64
			var halves int
			if err := rows.Scan(&it.Ref, &member, &it.Title, &it.On, &halves); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: study trainings: %w", err)
			}
			it.Source, it.Hours = huoshui.StudyTraining, float64(halves)/2
			items[member] = append(items[member], it)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("store: study trainings: %w", err)
		}
	}
	return items, nil
}

// studyMinutes is what a member's items count, in whole minutes: class
// minutes (sessions and training) and reading minutes, as rules.Study
// counts them, each item once.
func studyMinutes(items []huoshui.StudyItem) (class, reading int) {
	type key struct {
		s   huoshui.StudySource
		ref int64
		on  huoshui.Date
	}
	seen := map[key]bool{}
	day := map[huoshui.Date]int{}
	for _, it := range items {
		k := key{it.Source, it.Ref, it.On}
		if it.Source != huoshui.StudyReading {
			k.on = huoshui.Date{}
		}
		if seen[k] {
			continue
		}
		seen[k] = true
		switch it.Source {
		case huoshui.StudyReading:
			m := min(max(0, huoshui.DailyReadingCap-day[it.On]), max(0, it.Minutes))
			day[it.On] += m
			reading += m
		case huoshui.StudyTraining:
			class += int(math.Round(math.Max(0, it.Hours) * 60))
		default:
			class += huoshui.ClassMinutes(it.Minutes)
		}
	}
	return class, reading
}

// studyTouch collects the members whose year a write may change.
type studyTouch map[int][]int64

func (t studyTouch) add(year int, ids ...int64) {
	if year > 0 {
		t[year] = append(t[year], ids...)
	}
}

// addDate adds the members for the year of a day.
func (t studyTouch) addDate(d huoshui.Date, ids ...int64) {
	if !d.IsZero() {
		t.add(d.Year(), ids...)
	}
}

// addTime adds the members for the year (Asia/Shanghai) of an instant.
func (t studyTouch) addTime(at time.Time, ids ...int64) {
	if !at.IsZero() {
		t.add(at.In(huoshui.Shanghai).Year(), ids...)
	}
}

// restudy recounts the touched members' years from the records, inside
// the write's transaction, and moves their branches' reached counts.
//
// Concurrent writes that touch one member take turns on the member
// (lockStudy) before either reads what counts: otherwise both would move
// the reached counts from the same old hours. A write calls it once, so
// that it takes its members' locks in one ascending order.
func (s *Store) restudy(ctx context.Context, tx *sql.Tx, touch studyTouch) error {
	years := make([]int, 0, len(touch))
	var everyone []int64
	for y, ids := range touch {
		years = append(years, y)
		everyone = append(everyone, ids...)
	}
	slices.Sort(years)
	if err := s.lockStudy(ctx, tx, everyone...); err != nil {
		return err
	}
	k := newStudyKeeper()
	for _, y := range years {
		ids := distinct(touch[y])
		if len(ids) == 0 {
			continue
		}
		items, err := studyItems(ctx, tx, ids, y)
		if err != nil {
			return err
		}
		for chunk := range chunks(ids, 500) {
			kept, err := keptStudyYears(ctx, tx, chunk, y)
			if err != nil {
				return err
			}
			for _, id := range chunk {
				class, reading := studyMinutes(items[id])
				if err := k.set(ctx, tx, id, y, kept[id], [2]int{class, reading}); err != nil {
					return err
				}
			}
		}
	}
	return k.apply(ctx, tx)
}

// keptStudyYears reads the kept minutes (class, reading) of members in a
// year; a member without a row has none.
func keptStudyYears(ctx context.Context, q querier, ids []int64, year int) (map[int64][2]int, error) {
	w := &where{}
	ph := make([]string, len(ids))
	for i, id := range ids {
		ph[i] = w.arg(id)
	}
	rows, err := q.QueryContext(ctx, `SELECT member_id, class_minutes, reading_minutes FROM study_years
		WHERE member_id IN (`+strings.Join(ph, ",")+`) AND year = `+w.arg(year), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: study years: %w", err)
	}
	defer rows.Close()
	out := map[int64][2]int{}
	for rows.Next() {
		var id int64
		var v [2]int
		if err := rows.Scan(&id, &v[0], &v[1]); err != nil {
			return nil, fmt.Errorf("store: study years: %w", err)
		}
		out[id] = v
	}
	return out, rows.Err()
}

// studyKeeper writes members' years and gathers what they do to their
// branches' reached counts, written together by apply.
type studyKeeper struct {
	members map[int64]*huoshui.Member // id → the member's branch and status, read once
	targets map[int64]int             // org → target in hours
	met     map[[2]int64]int          // (org, year) → change of the reached count
}

func newStudyKeeper() *studyKeeper {
	return &studyKeeper{members: map[int64]*huoshui.Member{}, targets: map[int64]int{}, met: map[[2]int64]int{}}
}

// target is the study target of an org's members.
func (k *studyKeeper) target(ctx context.Context, q querier, orgID int64) (int, error) {
	if t, ok := k.targets[orgID]; ok {
		return t, nil
	}
	var path string
	err := q.QueryRowContext(ctx, "SELECT path FROM orgs WHERE id = $1", orgID).Scan(&path)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("store: study target of org %d: %w", orgID, err)
	}
	t, _, err := studyTarget(ctx, q, path)
	if err != nil {
		return 0, err
	}
	k.targets[orgID] = t
	return t, nil
}

// reached reports whether m, with minutes counted, is a current party
// member who has reached their branch's target; it also answers the
// branch.
func (k *studyKeeper) reached(ctx context.Context, q querier, m *huoshui.Member, minutes int) (bool, error) {
	if m == nil || m.ArchivedAt != nil || !partyStatus(m.Status) {
		return false, nil
	}
	t, err := k.target(ctx, q, m.OrgID)
	if err != nil {
		return false, err
	}
	return huoshui.StudyTenths(minutes) >= t*10, nil
}

// set writes a member's year from was to now (class, reading minutes).
func (k *studyKeeper) set(ctx context.Context, tx *sql.Tx, memberID int64, year int, was, now [2]int) error {
	if was == now {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO study_years (member_id, year, class_minutes, reading_minutes)
		VALUES ($1, $2, $3, $4) ON CONFLICT (member_id, year) DO UPDATE
		SET class_minutes = excluded.class_minutes, reading_minutes = excluded.reading_minutes`,
		memberID, year, now[0], now[1]); err != nil {
		return fmt.Errorf("store: study year of member %d: %w", memberID, err)
	}
	m, ok := k.members[memberID]
	if !ok {
		var err error
		if m, err = findMember(ctx, tx, memberID); err != nil {
			return err
		}
		k.members[memberID] = m
	}
	before, err := k.reached(ctx, tx, m, was[0]+was[1])
	if err != nil {
		return err
	}
	after, err := k.reached(ctx, tx, m, now[0]+now[1])
	if err != nil {
		return err
	}
	k.move(m.OrgID, year, before, after)
	return nil
}

func (k *studyKeeper) move(orgID int64, year int, before, after bool) {
	if before == after {
		return
	}
	d := 1
	if before {
		d = -1
	}
	k.met[[2]int64{orgID, int64(year)}] += d
}

// apply writes the reached counts' changes, in key order so that
// concurrent writers lock rows in one order.
func (k *studyKeeper) apply(ctx context.Context, tx *sql.Tx) error {
	keys := make([][2]int64, 0, len(k.met))
	for key, d := range k.met {
		if d != 0 {
			keys = append(keys, key)
		}
	}
	slices.SortFunc(keys, func(a, b [2]int64) int {
		if a[0] != b[0] {
			return int(a[0] - b[0])
		}
		return int(a[1] - b[1])
	})
	// An update first, then an insert where there was no row: a row's
	// CHECK (met >= 0) would refuse an upsert's negative candidate row
	// before it met the conflict.
	for _, key := range keys {
		res, err := tx.ExecContext(ctx, `UPDATE study_org_years SET met = met + $1 WHERE org_id = $2 AND year = $3`,
			k.met[key], key[0], key[1])
		var n int64
		if err == nil {
			n, err = res.RowsAffected()
		}
		if err == nil && n == 0 {
			_, err = tx.ExecContext(ctx, `INSERT INTO study_org_years (org_id, year, met) VALUES ($1, $2, $3)`,
				key[0], key[1], k.met[key])
		}
		if err != nil {
			return fmt.Errorf("store: study reached count of org %d: %w", key[0], err)
		}
	}
	return nil
}

// moveStudyMember follows a member row's change (branch, status,
// archiving) into the reached counts of every year the member has.
func (s *Store) moveStudyMember(ctx context.Context, tx *sql.Tx, before, after *huoshui.Member) error {
	counts := func(m *huoshui.Member) bool { return m.ArchivedAt == nil && partyStatus(m.Status) }
	if before.OrgID == after.OrgID && counts(before) == counts(after) {
		return nil
	}
	if err := s.lockStudy(ctx, tx, after.ID); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, "SELECT year, class_minutes + reading_minutes FROM study_years WHERE member_id = $1", after.ID)
	if err != nil {
		return fmt.Errorf("store: study years of member %d: %w", after.ID, err)
	}
	type yearMinutes struct{ year, minutes int }
	var ys []yearMinutes
	for rows.Next() {
		var y yearMinutes
		if err := rows.Scan(&y.year, &y.minutes); err != nil {
			rows.Close()
			return fmt.Errorf("store: study years of member %d: %w", after.ID, err)
		}
		ys = append(ys, y)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: study years of member %d: %w", after.ID, err)
	}
	k := newStudyKeeper()
	for _, y := range ys {
		was, err := k.reached(ctx, tx, before, y.minutes)
		if err != nil {
			return err
		}
		now, err := k.reached(ctx, tx, after, y.minutes)
		if err != nil {
			return err
		}
		if was {
			k.met[[2]int64{before.OrgID, int64(y.year)}]--
		}
		if now {
			k.met[[2]int64{after.OrgID, int64(y.year)}]++
		}
	}
	return k.apply(ctx, tx)
}

// addReading follows a reading beat: the member's reading that day went
// from was to now seconds, and the capped minutes of the year move by the
// difference.
func (s *Store) addReading(ctx context.Context, tx *sql.Tx, memberID int64, day huoshui.Date, was, now int) error {
	capped := func(sec int) int { return min(huoshui.DailyReadingCap, max(0, sec/60)) }
	d := capped(now) - capped(was)
	if d == 0 {
		return nil
	}
	if err := s.lockStudy(ctx, tx, memberID); err != nil {
		return err
	}
	kept, err := keptStudyYears(ctx, tx, []int64{memberID}, day.Year())
	if err != nil {
		return err
	}
	old := kept[memberID]
	k := newStudyKeeper()
	if err := k.set(ctx, tx, memberID, day.Year(), old, [2]int{old[0], old[1] + d}); err != nil {
		return err
	}
	return k.apply(ctx, tx)
}

// recountStudyMet counts afresh the reached counts of every branch in the
// subtree of org id, every year: after its target changed or it moved.
func (s *Store) recountStudyMet(ctx context.Context, tx *sql.Tx, orgID int64) error {
	var path string
	if err := tx.QueryRowContext(ctx, "SELECT path FROM orgs WHERE id = $1", orgID).Scan(&path); err != nil {
		return fmt.Errorf("store: recount study of org %d: %w", orgID, err)
	}
	return s.recountStudyMetUnder(ctx, tx, path)
}

// recountStudyMetUnder recounts the subtree under path ("" for all).
func (s *Store) recountStudyMetUnder(ctx context.Context, tx *sql.Tx, path string) error {
	lo, hi := "", "\U0010FFFF"
	if path != "" {
		lo, hi = subtreeRange(path)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM study_org_years WHERE org_id IN
		(SELECT id FROM orgs WHERE path >= $1 AND path < $2)`, lo, hi); err != nil {
		return fmt.Errorf("store: recount study: %w", err)
	}
	targets, err := subtreeTargets(ctx, tx, lo, hi)
	if err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT m.org_id, y.year, y.class_minutes + y.reading_minutes
		FROM study_years y JOIN members m ON m.id = y.member_id JOIN orgs o ON o.id = m.org_id
		WHERE o.path >= $1 AND o.path < $2 AND m.archived_at IS NULL AND m.status IN ('full', 'probationary')`, lo, hi)
	if err != nil {
		return fmt.Errorf("store: recount study: %w", err)
	}
	k := newStudyKeeper()
	for rows.Next() {
		var org int64
		var year, minutes int
		if err := rows.Scan(&org, &year, &minutes); err != nil {
			rows.Close()
			return fmt.Errorf("store: recount study: %w", err)
		}
		if huoshui.StudyTenths(minutes) >= targets[org]*10 {
			k.met[[2]int64{org, int64(year)}]++
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: recount study: %w", err)
	}
	return k.apply(ctx, tx)
}

// subtreeTargets is the study target of every node with a path in
// [lo, hi): the nearest target set on its path, or the default. The
// targets set are few; they are read whole.
func subtreeTargets(ctx context.Context, q querier, lo, hi string) (map[int64]int, error) {
	set := map[int64]int{}
	rows, err := q.QueryContext(ctx, "SELECT org_id, hours FROM study_targets")
	if err != nil {
		return nil, fmt.Errorf("store: study targets: %w", err)
	}
	for rows.Next() {
		var id int64
		var h int
		if err := rows.Scan(&id, &h); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: study targets: %w", err)
		}
		set[id] = h
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: study targets: %w", err)
	}
	rows, err = q.QueryContext(ctx, "SELECT id, path FROM orgs WHERE path >= $1 AND path < $2", lo, hi)
	if err != nil {
		return nil, fmt.Errorf("store: study targets: %w", err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var path string
		if err := rows.Scan(&id, &path); err != nil {
			return nil, fmt.Errorf("store: study targets: %w", err)
		}
		t := huoshui.DefaultStudyTarget
		ids := huoshui.PathIDs(path)
		for i := len(ids) - 1; i >= 0; i-- {
			if h, ok := set[ids[i]]; ok {
				t = h
				break
			}
		}
		out[id] = t
	}
	return out, rows.Err()
}

// restudyMeeting recounts those present at a meeting, and the members
// also given (whose attendance changed), in the years it was and is in:
// its type, length, date or cancellation changed what their time there
// counts, and that of a lecture or discussion held at it.
func (s *Store) restudyMeeting(ctx context.Context, tx *sql.Tx, before, after *huoshui.Meeting, also ...int64) error {
	rows, err := tx.QueryContext(ctx, "SELECT member_id FROM meeting_invitees WHERE meeting_id = $1 AND attendance = 'present'", after.ID)
	if err != nil {
		return fmt.Errorf("store: study of meeting %d: %w", after.ID, err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return fmt.Errorf("store: study of meeting %d: %w", after.ID, err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: study of meeting %d: %w", after.ID, err)
	}
	ids = append(ids, also...)
	if len(ids) == 0 {
		return nil
	}
	touch := studyTouch{}
	touch.addTime(after.StartsAt, ids...)
	if before != nil {
		touch.addTime(before.StartsAt, ids...)
	}
	return s.restudy(ctx, tx, touch)
}

// studyPeople adds to touch, for the year it is held in, everyone whose
// study a lecture or discussion counts in: its lecturer or host, those who
// took part in words and those present at the meeting it was held at.
// Called before a change and after it, the two cover everyone it moved.
func studyPeople(ctx context.Context, q querier, k studyKind, id int64, touch studyTouch) error {
	var lead int64
	var held huoshui.Date
	var meeting int64
	err := q.QueryRowContext(ctx, "SELECT COALESCE("+k.lead+", 0), held_on, COALESCE(meeting_id, 0) FROM "+k.table+" WHERE id = $1", id).
		Scan(&lead, &held, &meeting)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: study of %s %d: %w", k.kind, id, err)
	}
	var ids []int64
	if lead != 0 {
		ids = append(ids, lead)
	}
	rows, err := q.QueryContext(ctx, `SELECT member_id FROM `+k.part+` WHERE `+k.partKey+` = $1
		UNION SELECT member_id FROM meeting_invitees WHERE meeting_id = $2 AND attendance = 'present'`, id, meeting)
	if err != nil {
		return fmt.Errorf("store: study of %s %d: %w", k.kind, id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var m int64
		if err := rows.Scan(&m); err != nil {
			return fmt.Errorf("store: study of %s %d: %w", k.kind, id, err)
		}
		ids = append(ids, m)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: study of %s %d: %w", k.kind, id, err)
	}
	touch.addDate(held, ids...)
	return nil
}

// studyTouchOf narrows touch to one member: the years it names, for them.
func studyTouchOf(touch studyTouch, memberID int64) studyTouch {
	out := studyTouch{}
	for y := range touch {
		out.add(y, memberID)
	}
	return out
}
