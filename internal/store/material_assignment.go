package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/huoshui/huoshui"
)

// AssignMaterial gives a material to an org (a committee's subtree, a
// branch or a 党小组) to study by a.Due. Assigning it to the same org
// again moves the due date. The caller has checked that the officer keeps
// records at the org and sees the material.
func (s *Store) AssignMaterial(ctx context.Context, a huoshui.Actor, asg *huoshui.MaterialAssignment) error {
	v := &huoshui.ValidationError{}
	if asg.OrgID == 0 {
		v.Add("org_id", "required")
	}
	if asg.Due.IsZero() {
		v.Add("due", "required")
	} else if y := asg.Due.Year(); y < 1921 || y > 2100 {
		v.Add("due", "material.date_out_of_range")
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		m, err := s.lockMaterial(ctx, tx, asg.MaterialID)
		if err != nil {
			return err
		}
		org, err := findOrg(ctx, tx, asg.OrgID)
		if errors.Is(err, huoshui.ErrNotFound) || (err == nil && org.ArchivedAt != nil) {
			v.Add("org_id", "material.org_unknown")
			return v
		}
		if err != nil {
			return err
		}
		if m.ArchivedAt != nil {
			v.Add("org_id", "material.archived")
			return v
		}
		now := s.now()
		asg.AssignedBy, asg.CreatedAt, asg.OrgName = a.UserID, now, org.Name
		if err := tx.QueryRowContext(ctx, `INSERT INTO material_assignments (material_id, org_id, due, assigned_by, created_at)
			VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (material_id, org_id) DO UPDATE SET due = excluded.due, assigned_by = excluded.assigned_by
			RETURNING id`, asg.MaterialID, asg.OrgID, asg.Due, nullInt(a.UserID), now).Scan(&asg.ID); err != nil {
			return fmt.Errorf("store: assign material %d: %w", asg.MaterialID, err)
		}
		return s.audit(ctx, tx, a, huoshui.AuditCreate, "material_assignment", asg.ID, asg.OrgID, nil,
			map[string]any{"material_id": asg.MaterialID, "org_id": asg.OrgID, "due": asg.Due})
	})
}

// FindMaterialAssignments lists the orgs a material is assigned to, by
// due date. The caller has read the material through its scope.
func (s *Store) FindMaterialAssignments(ctx context.Context, materialID int64) ([]huoshui.MaterialAssignment, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT a.id, a.material_id, a.org_id, a.due, COALESCE(a.assigned_by, 0), a.created_at, o.name
		FROM material_assignments a JOIN orgs o ON o.id = a.org_id WHERE a.material_id = $1 ORDER BY a.due, o.path`, materialID)
	if err != nil {
		return nil, fmt.Errorf("store: material %d assignments: %w", materialID, err)
	}
	defer rows.Close()
	out := []huoshui.MaterialAssignment{}
	for rows.Next() {
		var x huoshui.MaterialAssignment
		if err := rows.Scan(&x.ID, &x.MaterialID, &x.OrgID, &x.Due, &x.AssignedBy, &x.CreatedAt, &x.OrgName); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// FindAssignedMaterials lists the current materials assigned to a member
// (to their 党小组, their branch or a node above it), the earliest due
// first, with how far they have read each.
func (s *Store) FindAssignedMaterials(ctx context.Context, memberID int64) ([]huoshui.AssignedMaterial, error) {
	w := &where{}
	q := `SELECT ` + materialColumns + `, MIN(a.due), COALESCE(MAX(r.seconds), 0), COALESCE(MAX(CASE WHEN r.done THEN 1 ELSE 0 END), 0)
		FROM material_assignments a JOIN orgs ao ON ao.id = a.org_id
		JOIN members mm ON mm.id = ` + w.arg(memberID) + ` JOIN orgs mo ON mo.id = mm.org_id
		JOIN materials mt ON mt.id = a.material_id JOIN orgs o ON o.id = mt.org_id
		LEFT JOIN material_reads r ON r.material_id = mt.id AND r.member_id = mm.id
		WHERE mt.archived_at IS NULL AND (a.org_id = mm.group_id OR substr(mo.path, 1, length(ao.path)) = ao.path)
		GROUP BY mt.id, mt.org_id, mt.title, mt.body, mt.source, mt.published_on, mt.tags, mt.created_by,
			mt.created_at, mt.updated_at, mt.archived_at, o.name, o.path
		ORDER BY MIN(a.due), mt.id LIMIT 200`
	rows, err := s.r.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: materials assigned to member %d: %w", memberID, err)
	}
	defer rows.Close()
	out := []huoshui.AssignedMaterial{}
	for rows.Next() {
		var x huoshui.AssignedMaterial
		var done int
		m, err := scanMaterial(scanAppend(rows, &x.Due, &x.Seconds, &done))
		if err != nil {
			return nil, fmt.Errorf("store: scan assigned material: %w", err)
		}
		x.Material, x.Done = *m, done == 1
		out = append(out, x)
	}
	return out, rows.Err()
}

// scanAppend scans a row whose first columns scanMaterial reads and whose
// last ones go to extra.
type appendScanner struct {
	row   interface{ Scan(...any) error }
	extra []any
}

func scanAppend(row interface{ Scan(...any) error }, extra ...any) appendScanner {
	return appendScanner{row, extra}
}

func (a appendScanner) Scan(dest ...any) error { return a.row.Scan(append(dest, a.extra...)...) }
