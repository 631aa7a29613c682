package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/huoshui/huoshui"
)

// A study material's photos and files, kept as a meeting's are
// (meeting_record.go): the records here, the bytes in the blob store.
// Every change is audited as a "material_attachment" at the material's
// org.

// FindMaterialAttachments lists a material's photos and files, oldest
// first.
func (s *Store) FindMaterialAttachments(ctx context.Context, materialID int64) ([]huoshui.Attachment, error) {
	return materialAttachments.list(ctx, s.r, materialID)
}

// FindMaterialAttachment returns one attachment of a material (the caller
// has read the material with the reader's scope); a removed one, or one
// of another material, is not found.
func (s *Store) FindMaterialAttachment(ctx context.Context, materialID, id int64) (*huoshui.Attachment, error) {
	return materialAttachments.find(ctx, s.r, materialID, id, false)
}

// AddMaterialAttachments records photos and files of one material already
// in the blob store, in one transaction: all of them or none.
func (s *Store) AddMaterialAttachments(ctx context.Context, a huoshui.Actor, xs []*huoshui.Attachment) error {
	if len(xs) == 0 {
		return nil
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		m, err := s.lockMaterial(ctx, tx, xs[0].MaterialID)
		if err != nil {
			return err
		}
		now := s.now()
		for _, x := range xs {
			if x.MaterialID != m.ID || x.MeetingID != 0 {
				return fmt.Errorf("store: add material attachments: material %d, then material %d meeting %d in one batch",
					m.ID, x.MaterialID, x.MeetingID)
			}
			x.CreatedAt, x.UploadedBy = now, a.UserID
			err = tx.QueryRowContext(ctx, `INSERT INTO material_attachments (material_id, kind, name, content_type, size, blob,
				thumb, width, height, uploaded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
				x.MaterialID, x.Kind, x.Name, x.ContentType, x.Size, x.Blob, x.Thumb, x.Width, x.Height, nullInt(a.UserID),
				x.CreatedAt).Scan(&x.ID)
			if err != nil {
				return fmt.Errorf("store: add material attachment: %w", err)
			}
			after := map[string]any{"material_id": m.ID, "kind": x.Kind, "name": x.Name, "content_type": x.ContentType,
				"size": x.Size, "width": x.Width, "height": x.Height}
			if err := s.audit(ctx, tx, a, huoshui.AuditCreate, "material_attachment", x.ID, m.OrgID, nil, after); err != nil {
				return err
			}
		}
		return nil
	})
}

// RemoveMaterialAttachment takes a photo or file off a material (restore:
// false) or puts it back. The bytes stay in the blob store. Removing what
// is already removed, or restoring what is there, changes nothing and
// writes no audit record.
func (s *Store) RemoveMaterialAttachment(ctx context.Context, a huoshui.Actor, materialID, id int64, restore bool) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		m, err := s.lockMaterial(ctx, tx, materialID)
		if err != nil {
			return err
		}
		return materialAttachments.setRemoved(ctx, s, tx, a, m.ID, m.OrgID, id, restore)
	})
}
