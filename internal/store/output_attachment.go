package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/huoshui/huoshui"
)

// An output's evidence (证明材料): scans, PDFs, .docx and photos, kept as
// a material's are (material_attachment.go): the records here, the bytes
// in the blob store. Every change is audited as an "output_attachment" at
// the output's org.

// FindOutputAttachments lists an output's evidence, oldest first.
func (s *Store) FindOutputAttachments(ctx context.Context, outputID int64) ([]huoshui.Attachment, error) {
	return outputAttachments.list(ctx, s.r, outputID)
}

// FindOutputAttachment returns one piece of an output's evidence (the
// caller has read the output with the reader's scope); a removed one, or
// one of another output, is not found.
func (s *Store) FindOutputAttachment(ctx context.Context, outputID, id int64) (*huoshui.Attachment, error) {
	return outputAttachments.find(ctx, s.r, outputID, id, false)
}

// AddOutputAttachments records evidence of one output already in the blob
// store, in one transaction: all of it or none.
func (s *Store) AddOutputAttachments(ctx context.Context, a huoshui.Actor, xs []*huoshui.Attachment) error {
	if len(xs) == 0 {
		return nil
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		o, err := s.lockOutput(ctx, tx, xs[0].OutputID)
		if err != nil {
			return err
		}
		return s.addOutputAttachments(ctx, tx, a, o, xs)
	})
}

// addOutputAttachments records evidence of output o in tx.
func (s *Store) addOutputAttachments(ctx context.Context, tx *sql.Tx, a huoshui.Actor, o *huoshui.Output, xs []*huoshui.Attachment) error {
	now := s.now()
	for _, x := range xs {
		if x.OutputID == 0 {
			x.OutputID = o.ID
		}
		if x.OutputID != o.ID || x.MeetingID != 0 || x.MaterialID != 0 {
			return fmt.Errorf("store: add output attachments: output %d, then output %d meeting %d material %d in one batch",
				o.ID, x.OutputID, x.MeetingID, x.MaterialID)
		}
		if err := outputAttachments.insert(ctx, s, tx, a, o.OrgID, now, x); err != nil {
			return err
		}
	}
	return nil
}

// RemoveOutputAttachment takes a piece of evidence off an output
// (restore: false) or puts it back. The bytes stay in the blob store.
// Removing what is already removed, or restoring what is there, changes
// nothing and writes no audit record.
func (s *Store) RemoveOutputAttachment(ctx context.Context, a huoshui.Actor, outputID, id int64, restore bool) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		o, err := s.lockOutput(ctx, tx, outputID)
		if err != nil {
			return err
		}
		return outputAttachments.setRemoved(ctx, s, tx, a, o.ID, o.OrgID, id, restore)
	})
}

// FindAnyOutputAttachment returns a piece of an output's evidence, removed
// or not, for the permission check of its removal and of its undo: an
// owner takes back, and puts back, only what they added.
func (s *Store) FindAnyOutputAttachment(ctx context.Context, outputID, id int64) (*huoshui.Attachment, error) {
	return outputAttachments.find(ctx, s.r, outputID, id, true)
}
