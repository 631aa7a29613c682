package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/huoshui/huoshui"
)

// RecordReadingBeat counts one heartbeat of member reading material m:
// the first beat starts the clock, each later one adds the time since the
// one before, at most huoshui.ReadingBeatMax, and the total stops at
// m.ReadingCap(). What a beat adds goes to the day's total too (Asia/
// Shanghai), for study hours. Beats are measurements, not changes of a
// record: they are not audited. A beat with start set (the page came
// back into view, the reader back from idling) restarts the clock and
// adds nothing. A member reads one thing at a time: with two materials
// open side by side, a beat adds only the time since the last beat of
// either, so the hours counted never run faster than the clock. The
// caller has read m through the member's scope.
func (s *Store) RecordReadingBeat(ctx context.Context, memberID int64, m *huoshui.Material, start bool) (huoshui.MaterialRead, error) {
	var rd huoshui.MaterialRead
	err := s.tx(ctx, func(tx *sql.Tx) error {
		// One member's beats take turns, so two at once cannot both count
		// the same seconds.
		if err := s.d.lockKey(ctx, tx, readingLockKey, memberID); err != nil {
			return fmt.Errorf("store: reading beat: %w", err)
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO material_reads (member_id, material_id, seconds, first_read_at, last_beat_at, done)
			VALUES ($1, $2, 0, $3, $3, FALSE) ON CONFLICT (member_id, material_id) DO NOTHING`, memberID, m.ID, now); err != nil {
			return fmt.Errorf("store: reading beat: %w", err)
		}
		var err error
		if rd, err = findRead(ctx, tx, memberID, m.ID, s.d.forUpdate("r")); err != nil {
			return err
		}
		elapsed := max(0, min(now.Sub(rd.LastBeatAt), huoshui.ReadingBeatMax))
		if start {
			elapsed = 0
		}
		var other time.Time // the member's last beat on another material
		err = tx.QueryRowContext(ctx, `SELECT last_beat_at FROM material_reads WHERE member_id = $1 AND material_id <> $2
			ORDER BY last_beat_at DESC LIMIT 1`, memberID, m.ID).Scan(&other)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return fmt.Errorf("store: reading beat: %w", err)
		case other.After(rd.LastBeatAt):
			elapsed = max(0, min(elapsed, now.Sub(other)))
		}
		total := min(time.Duration(rd.Seconds)*time.Second+elapsed, m.ReadingCap())
		added := int(total/time.Second) - rd.Seconds
		rd.Seconds += max(0, added)
		rd.LastBeatAt = now
		rd.Done = rd.Done || time.Duration(rd.Seconds)*time.Second >= m.ReadingDone()
		if _, err := tx.ExecContext(ctx, `UPDATE material_reads SET seconds = $1, last_beat_at = $2, done = $3
			WHERE member_id = $4 AND material_id = $5`, rd.Seconds, now, rd.Done, memberID, m.ID); err != nil {
			return fmt.Errorf("store: reading beat: %w", err)
		}
		if added <= 0 {
			return nil
		}
		day := huoshui.DateOf(now.In(huoshui.Shanghai))
		var was int // the member's reading that day so far, every material
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(seconds), 0) FROM material_read_days WHERE member_id = $1 AND day = $2`,
			memberID, day).Scan(&was); err != nil {
			return fmt.Errorf("store: reading beat: day: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO material_read_days (member_id, day, material_id, seconds)
			VALUES ($1, $2, $3, $4) ON CONFLICT (member_id, day, material_id)
			DO UPDATE SET seconds = material_read_days.seconds + excluded.seconds`, memberID, day, m.ID, added); err != nil {
			return fmt.Errorf("store: reading beat: day: %w", err)
		}
		return s.addReading(ctx, tx, memberID, day, was, was+added)
	})
	return rd, err
}

func findRead(ctx context.Context, q querier, memberID, materialID int64, lock string) (huoshui.MaterialRead, error) {
	rd := huoshui.MaterialRead{MemberID: memberID, MaterialID: materialID}
	err := q.QueryRowContext(ctx, `SELECT r.seconds, r.first_read_at, r.last_beat_at, r.done FROM material_reads r
		WHERE r.member_id = $1 AND r.material_id = $2`+lock, memberID, materialID).
		Scan(&rd.Seconds, &rd.FirstReadAt, &rd.LastBeatAt, &rd.Done)
	if err != nil {
		return rd, err
	}
	rd.FirstReadAt, rd.LastBeatAt = rd.FirstReadAt.UTC(), rd.LastBeatAt.UTC()
	return rd, nil
}

// FindMaterialRead says how long a member has read a material; a
// material not read yet answers a zero record (Seconds 0), not an error.
func (s *Store) FindMaterialRead(ctx context.Context, memberID, materialID int64) (huoshui.MaterialRead, error) {
	rd, err := findRead(ctx, s.r, memberID, materialID, "")
	if errors.Is(err, sql.ErrNoRows) {
		return huoshui.MaterialRead{MemberID: memberID, MaterialID: materialID}, nil
	}
	if err != nil {
		return rd, fmt.Errorf("store: material read: %w", err)
	}
	return rd, nil
}
