package store

import (
	"context"
	"encoding/hex"
	"fmt"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// Names sort by pinyin (陈 黄 李 刘 …), the order of a Chinese roster,
// not by code point. The key is the zh collation key in hex: hex keeps
// the byte order, so both engines sort the text column the same way.
// A collator is not safe for concurrent use; the pool gives each writer
// its own.
var collators = sync.Pool{New: func() any { return collate.New(language.Chinese) }}

// nameKey is the sort key stored beside a member's name.
func nameKey(name string) string {
	c := collators.Get().(*collate.Collator)
	defer collators.Put(c)
	var buf collate.Buffer
	if k := hex.EncodeToString(c.KeyFromString(&buf, name)); k != "" {
		return k
	}
	return "00"
}

// fillNameKeys writes the sort key of rows that have none: those written
// before the key existed. It runs after migrating, in batches.
func (s *Store) fillNameKeys(ctx context.Context) error {
	for {
		rows, err := s.w.QueryContext(ctx, "SELECT id, name FROM members WHERE name_key = '' LIMIT 5000")
		if err != nil {
			return fmt.Errorf("store: name keys: %w", err)
		}
		type row struct {
			id   int64
			name string
		}
		var todo []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.name); err != nil {
				rows.Close()
				return fmt.Errorf("store: name keys: %w", err)
			}
			todo = append(todo, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: name keys: %w", err)
		}
		if len(todo) == 0 {
			return nil
		}
		tx, err := s.w.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("store: name keys: %w", err)
		}
		for _, r := range todo {
			if _, err := tx.ExecContext(ctx, "UPDATE members SET name_key = $1 WHERE id = $2", nameKey(r.name), r.id); err != nil {
				tx.Rollback()
				return fmt.Errorf("store: name keys: %w", err)
			}
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("store: name keys: %w", err)
		}
	}
}
