package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"unicode"

	"github.com/huoshui/huoshui"
	"github.com/mozillazg/go-pinyin"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// A member is found by name three ways, each from an index and in name
// order, never by reading every member of the part of the tree searched:
//
//   - characters (王, 王建): the start of the name, as a range of
//     members.name_key — the pinyin collation key begins with the primary
//     weights of the name's characters, so every name starting with 王建
//     has a key starting with those of 王建 (primaryPrefix);
//   - letters with a vowel (li, limingyuan): the start of the full pinyin,
//     a range of member_keys of kind f;
//   - letters without one (lmy, wj): the start of the initials, kind i.
//
// When the kind a query looks like finds nobody, the other is tried
// (oym: the initials of 欧阳明, though it has a vowel).

// Key kinds of member_keys.
const (
	keyFull     = "f"
	keyInitials = "i"
)

// maxSurnameReadings is how many readings of a surname with several (曾
// zeng ceng, 单 shan dan) get keys of their own.
const maxSurnameReadings = 3

// pinyinKeys are the full pinyin and the initials a name is found by: one
// pair for each reading of its first character, the other characters in
// their usual reading. Letters in the name count as they are (lower
// case); anything else is left out. Each key appears once.
func pinyinKeys(name string) (full, initials []string) {
	type part struct{ readings []string }
	var parts []part
	var latin strings.Builder
	flush := func() {
		if latin.Len() > 0 {
			parts = append(parts, part{readings: []string{latin.String()}})
			latin.Reset()
		}
	}
	a := pinyin.NewArgs()
	for i, r := range []rune(huoshui.NormalizeName(name)) {
		switch {
		case unicode.Is(unicode.Han, r):
			flush()
			a.Heteronym = i == 0
			ps := pinyin.SinglePinyin(r, a)
			if len(ps) == 0 {
				continue
			}
			if len(ps) > maxSurnameReadings {
				ps = ps[:maxSurnameReadings]
			}
			parts = append(parts, part{readings: ps})
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			latin.WriteRune(unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
	if len(parts) == 0 {
		return nil, nil
	}
	seen := map[string]bool{}
	for _, first := range parts[0].readings {
		var f, in strings.Builder
		f.WriteString(first)
		in.WriteByte(first[0])
		for _, p := range parts[1:] {
			f.WriteString(p.readings[0])
			in.WriteByte(p.readings[0][0])
		}
		if k := keyFull + f.String(); !seen[k] {
			seen[k] = true
			full = append(full, f.String())
		}
		if k := keyInitials + in.String(); !seen[k] {
			seen[k] = true
			initials = append(initials, in.String())
		}
	}
	return full, initials
}

// writeMemberKeys replaces a member's search keys with those of m as it
// now stands, in the caller's transaction.
func (s *Store) writeMemberKeys(ctx context.Context, tx *sql.Tx, m *huoshui.Member, fresh bool) error {
	if !fresh {
		if _, err := tx.ExecContext(ctx, "DELETE FROM member_keys WHERE member_id = $1", m.ID); err != nil {
			return fmt.Errorf("store: member keys %d: %w", m.ID, err)
		}
	}
	return s.insertMemberKeys(ctx, tx, []*huoshui.Member{m})
}

// insertMemberKeys adds the search keys of members that have none, a few
// thousand rows per statement.
func (s *Store) insertMemberKeys(ctx context.Context, tx *sql.Tx, ms []*huoshui.Member) error {
	const cols = 6
	var args []any
	n := 0
	flushRows := func() error {
		if n == 0 {
			return nil
		}
		var sb strings.Builder
		sb.WriteString("INSERT INTO member_keys (current, kind, key, name_key, member_id, org_id) VALUES ")
		for i := range n {
			if i > 0 {
				sb.WriteByte(',')
			}
			s.d.placeholders(&sb, i*cols, cols)
		}
		if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
			return fmt.Errorf("store: member keys: %w", err)
		}
		args, n = args[:0], 0
		return nil
	}
	for _, m := range ms {
		current := 0
		if m.ArchivedAt == nil {
			current = 1
		}
		nk := nameKey(m.Name)
		full, initials := pinyinKeys(m.Name)
		for _, k := range []struct {
			kind string
			keys []string
		}{{keyFull, full}, {keyInitials, initials}} {
			for _, key := range k.keys {
				args = append(args, current, k.kind, key, nk, m.ID, m.OrgID)
				n++
				if n*cols >= maxBulkParams-2*cols {
					if err := flushRows(); err != nil {
						return err
					}
				}
			}
		}
	}
	return flushRows()
}

// memberKeysMigration is the migration that added member_keys.
const memberKeysMigration = 31

// fillMemberKeys writes the search keys of every member: it runs once,
// on the upgrade that crosses memberKeysMigration, in batches.
func (s *Store) fillMemberKeys(ctx context.Context) error {
	var after int64
	for {
		rows, err := s.w.QueryContext(ctx, `SELECT id, org_id, name, archived_at FROM members
			WHERE id > $1 ORDER BY id LIMIT 5000`, after)
		if err != nil {
			return fmt.Errorf("store: fill member keys: %w", err)
		}
		var todo []*huoshui.Member
		for rows.Next() {
			m := &huoshui.Member{}
			if err := rows.Scan(&m.ID, &m.OrgID, &m.Name, &m.ArchivedAt); err != nil {
				rows.Close()
				return fmt.Errorf("store: fill member keys: %w", err)
			}
			todo = append(todo, m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: fill member keys: %w", err)
		}
		if len(todo) == 0 {
			return nil
		}
		after = todo[len(todo)-1].ID
		if err := s.tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, "DELETE FROM member_keys WHERE member_id > $1 AND member_id <= $2",
				todo[0].ID-1, after); err != nil {
				return err
			}
			return s.insertMemberKeys(ctx, tx, todo)
		}); err != nil {
			return fmt.Errorf("store: fill member keys: %w", err)
		}
	}
}

// primaryCollators give the primary weights alone: the part of a name's
// sort key that a prefix of the name fixes.
var primaryCollators = sync.Pool{New: func() any { return collate.New(language.Chinese, collate.Loose) }}

// namePrefixRange is the range of members.name_key holding the names that
// start with q (characters), or ok false when q has no weight to search
// by.
func namePrefixRange(q string) (lo, hi string, ok bool) {
	c := primaryCollators.Get().(*collate.Collator)
	defer primaryCollators.Put(c)
	var buf collate.Buffer
	k := c.KeyFromString(&buf, q)
	// The loose key is the primary weights and the level separators after
	// them; the weights of a character never hold a zero byte pair.
	for len(k) >= 2 && k[len(k)-2] == 0 && k[len(k)-1] == 0 {
		k = k[:len(k)-2]
	}
	if len(k) == 0 {
		return "", "", false
	}
	lo = fmt.Sprintf("%x", k)
	return lo, lo + "g", true // hex digits sort below g
}
