package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/search"
)

const materialColumns = `mt.id, mt.org_id, mt.title, mt.body, mt.source, mt.published_on, mt.tags,
	COALESCE(mt.created_by, 0), mt.created_at, mt.updated_at, mt.archived_at, o.name, o.path`

const materialFrom = ` FROM materials mt JOIN orgs o ON o.id = mt.org_id`

func scanMaterial(row interface{ Scan(...any) error }) (*huoshui.Material, error) {
	var m huoshui.Material
	var tags string
	if err := row.Scan(&m.ID, &m.OrgID, &m.Title, &m.Body, &m.Source, &m.PublishedOn, &tags,
		&m.CreatedBy, &m.CreatedAt, &m.UpdatedAt, &m.ArchivedAt, &m.OrgName, &m.OrgPath); err != nil {
		return nil, err
	}
	m.Tags = []string{}
	if err := json.Unmarshal([]byte(tags), &m.Tags); err != nil {
		return nil, fmt.Errorf("material %d tags: %w", m.ID, err)
	}
	m.CreatedAt, m.UpdatedAt = m.CreatedAt.UTC(), m.UpdatedAt.UTC()
	return &m, nil
}

// ancestorPaths lists the paths of the nodes above path: "/1/7/42/" →
// "/1/", "/1/7/".
func ancestorPaths(path string) []string {
	var out []string
	for i := 1; i < len(path)-1; i++ {
		if path[i] == '/' {
			out = append(out, path[:i+1])
		}
	}
	return out
}

// materialScope limits a query to the materials a scope may see: those
// kept at a node in one of its subtrees or above one (a committee's
// material reaches its branches), those assigned to such a node, and, for
// the reader's member id, those assigned to their branch, a node above it
// or their 党小组.
func materialScope(w *where, s huoshui.Scope) {
	if s.All {
		return
	}
	var ors, aors []string
	for _, p := range s.Paths {
		lo, hi := subtreeRange(p)
		l, h := w.arg(lo), w.arg(hi)
		ors = append(ors, "(o.path >= "+l+" AND o.path < "+h+")")
		aors = append(aors, "(ao.path >= "+l+" AND ao.path < "+h+")")
		if up := ancestorPaths(p); len(up) > 0 {
			var ph []string
			for _, a := range up {
				ph = append(ph, w.arg(a))
			}
			in := " IN (" + strings.Join(ph, ", ") + ")"
			ors = append(ors, "o.path"+in)
			aors = append(aors, "ao.path"+in)
		}
	}
	if len(aors) > 0 {
		ors = append(ors, "EXISTS (SELECT 1 FROM material_assignments a JOIN orgs ao ON ao.id = a.org_id WHERE a.material_id = mt.id AND ("+
			strings.Join(aors, " OR ")+"))")
	}
	if s.MemberID != 0 {
		ors = append(ors, assignedToMember(w, s.MemberID))
	}
	if len(ors) == 0 {
		w.conds = append(w.conds, "1 = 0")
		return
	}
	w.conds = append(w.conds, "("+strings.Join(ors, " OR ")+")")
}

// assignedToMember is the condition that material mt is assigned to
// member id: to their 党小组, their branch or a node above it.
func assignedToMember(w *where, memberID int64) string {
	return "EXISTS (SELECT 1 FROM material_assignments a JOIN orgs ao ON ao.id = a.org_id, members mm JOIN orgs mo ON mo.id = mm.org_id" +
		" WHERE mm.id = " + w.arg(memberID) + " AND a.material_id = mt.id" +
		" AND (a.org_id = mm.group_id OR substr(mo.path, 1, length(ao.path)) = ao.path))"
}

// FindMaterialByID returns one material, archived or not, when scope
// covers it; any other id answers huoshui.ErrNotFound.
func (s *Store) FindMaterialByID(ctx context.Context, scope huoshui.Scope, id int64) (*huoshui.Material, error) {
	w := &where{}
	w.add("mt.id = ?", id)
	materialScope(w, scope)
	m, err := scanMaterial(s.r.QueryRowContext(ctx, "SELECT "+materialColumns+materialFrom+w.String(), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: find material %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find material %d: %w", id, err)
	}
	return m, nil
}

func (s *Store) lockMaterial(ctx context.Context, tx *sql.Tx, id int64) (*huoshui.Material, error) {
	m, err := scanMaterial(tx.QueryRowContext(ctx, "SELECT "+materialColumns+materialFrom+" WHERE mt.id = $1"+s.d.forUpdate("mt"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: find material %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: lock material %d: %w", id, err)
	}
	return m, nil
}

// auditMaterial is what the audit trail keeps of a material: its fields,
// the body by its length only.
func auditMaterial(m *huoshui.Material) any {
	return map[string]any{"title": m.Title, "source": m.Source, "published_on": m.PublishedOn,
		"tags": m.Tags, "org_id": m.OrgID, "body_chars": len([]rune(m.Body))}
}

// CreateMaterial keeps a new material at its org and indexes it for
// search, in one transaction with its audit record.
func (s *Store) CreateMaterial(ctx context.Context, a huoshui.Actor, m *huoshui.Material) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		org, err := findOrg(ctx, tx, m.OrgID)
		if errors.Is(err, huoshui.ErrNotFound) || (err == nil && org.ArchivedAt != nil) {
			v := &huoshui.ValidationError{}
			v.Add("org_id", "material.org_unknown")
			return v
		}
		if err != nil {
			return err
		}
		now := s.now()
		m.CreatedAt, m.UpdatedAt, m.CreatedBy, m.ArchivedAt = now, now, a.UserID, nil
		m.OrgName, m.OrgPath = org.Name, org.Path
		tags, _ := json.Marshal(nonNil(m.Tags))
		if err := tx.QueryRowContext(ctx, `INSERT INTO materials (org_id, title, body, source, published_on, tags,
			created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			m.OrgID, m.Title, m.Body, m.Source, m.PublishedOn, string(tags), nullInt(a.UserID), now, now).Scan(&m.ID); err != nil {
			return fmt.Errorf("store: create material: %w", err)
		}
		if err := s.d.indexMaterial(ctx, tx, m, false); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, huoshui.AuditCreate, "material", m.ID, m.OrgID, nil, auditMaterial(m))
	})
}

// UpdateMaterial changes a material's text, source, date and tags, and
// its index entry with them. The org never changes.
func (s *Store) UpdateMaterial(ctx context.Context, a huoshui.Actor, id int64, m *huoshui.Material) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.lockMaterial(ctx, tx, id)
		if err != nil {
			return err
		}
		m.OrgID = before.OrgID
		if err := m.Validate(); err != nil {
			return err
		}
		m.ID, m.OrgID, m.OrgName, m.OrgPath = id, before.OrgID, before.OrgName, before.OrgPath
		m.CreatedAt, m.CreatedBy, m.ArchivedAt = before.CreatedAt, before.CreatedBy, before.ArchivedAt
		m.UpdatedAt = s.now()
		tags, _ := json.Marshal(nonNil(m.Tags))
		if _, err := tx.ExecContext(ctx, `UPDATE materials SET title = $1, body = $2, source = $3, published_on = $4,
			tags = $5, updated_at = $6 WHERE id = $7`,
			m.Title, m.Body, m.Source, m.PublishedOn, string(tags), m.UpdatedAt, id); err != nil {
			return fmt.Errorf("store: update material %d: %w", id, err)
		}
		if err := s.d.indexMaterial(ctx, tx, m, true); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, huoshui.AuditUpdate, "material", id, m.OrgID, auditMaterial(before), auditMaterial(m))
	})
}

// ArchiveMaterial takes a material off the lists (restore: false) or puts
// it back (true). An archived material stays readable by its id, and
// its reading time stays counted.
func (s *Store) ArchiveMaterial(ctx context.Context, a huoshui.Actor, id int64, restore bool) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.lockMaterial(ctx, tx, id)
		if err != nil {
			return err
		}
		if (before.ArchivedAt != nil) == !restore {
			return nil
		}
		action := huoshui.AuditArchive
		var at any
		if restore {
			action = huoshui.AuditRestore
		} else {
			at = s.now()
		}
		if _, err := tx.ExecContext(ctx, `UPDATE materials SET archived_at = $1, updated_at = $2 WHERE id = $3`,
			at, s.now(), id); err != nil {
			return fmt.Errorf("store: archive material %d: %w", id, err)
		}
		return s.audit(ctx, tx, a, action, "material", id, before.OrgID, nil, map[string]any{"archived_at": at})
	})
}

// materialTokens is what the index holds of a material: its title and its
// body, each pre-tokenised (internal/search).
func materialTokens(m *huoshui.Material) (title, body string) {
	return search.Bigrams(m.Title), search.Bigrams(m.Body)
}

// materialSnippetWidth is how many characters a search result shows
// either side of its first match.
const materialSnippetWidth = 60

// FindMaterials lists the materials f selects with the total that match:
// newest first, or with f.Query the best matches first (searchMaterials),
// each with a snippet of its body with the matches marked. The zero
// filter lists nothing.
func (s *Store) FindMaterials(ctx context.Context, f huoshui.MaterialFilter) ([]huoshui.MaterialHit, int, error) {
	if strings.TrimSpace(f.Query) != "" {
		return s.searchMaterials(ctx, f)
	}
	w := &where{}
	materialFilters(w, f)
	q := "SELECT " + materialColumns + materialFrom + w.String() + " ORDER BY mt.id DESC"
	countArgs := len(w.args)
	if f.Limit > 0 {
		q += " LIMIT " + w.arg(f.Limit) + " OFFSET " + w.arg(max(0, f.Offset))
	}
	out, err := s.scanMaterialHits(ctx, s.r, q, w.args, "")
	if err != nil {
		return nil, 0, err
	}
	switch {
	case f.Limit <= 0:
		return out, len(out), nil
	case len(out) < f.Limit && (len(out) > 0 || f.Offset <= 0):
		return out, max(0, f.Offset) + len(out), nil
	}
	var total int
	if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*)"+materialFrom+w.String(), w.args[:countArgs]...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count materials: %w", err)
	}
	return out, total, nil
}

// materialFilters adds f's conditions besides the search: the scope,
// archived or not, a tag, assigned to a member.
func materialFilters(w *where, f huoshui.MaterialFilter) {
	materialScope(w, f.Scope)
	if f.Archived {
		w.add("mt.archived_at IS NOT NULL")
	} else {
		w.add("mt.archived_at IS NULL")
	}
	if f.Tag != "" {
		tag, _ := json.Marshal(f.Tag)
		w.add("mt.tags LIKE ?", "%"+likeEscape(string(tag))+"%")
	}
	if f.AssignedTo != 0 {
		w.conds = append(w.conds, assignedToMember(w, f.AssignedTo))
	}
}

// scanMaterialHits runs a query of materialColumns and gives each row its
// snippet for query (the beginning of the body without one).
func (s *Store) scanMaterialHits(ctx context.Context, rd querier, q string, args []any, query string) ([]huoshui.MaterialHit, error) {
	rows, err := rd.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: find materials: %w", err)
	}
	defer rows.Close()
	out := []huoshui.MaterialHit{}
	for rows.Next() {
		m, err := scanMaterial(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan material: %w", err)
		}
		out = append(out, huoshui.MaterialHit{Material: m, Snippet: search.Snippet(m.PlainText(), query, materialSnippetWidth)})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: find materials: %w", err)
	}
	return out, nil
}
