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
			if err := materialAttachments.insert(ctx, s, tx, a, m.OrgID, now, x); err != nil {
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
