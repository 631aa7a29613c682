package web

import (
	"context"
	"fmt"
	"net/http"

	"github.com/huoshui/huoshui"
)

// A paper of a development step is taken off the file by whoever may
// record that step, behind a confirmation, with an undo on the page it
// returns to, as a meeting's files are (removeAttachment). The bytes stay
// in the blob store; the 纪实 no longer lists a removed paper.

func (s *Server) developmentPaperRemove(w http.ResponseWriter, r *http.Request) error {
	return s.developmentPaperRemoved(w, r, false)
}

func (s *Server) developmentPaperRestore(w http.ResponseWriter, r *http.Request) error {
	return s.developmentPaperRemoved(w, r, true)
}

func (s *Server) developmentPaperRemoved(w http.ResponseWriter, r *http.Request, restore bool) error {
	f, err := s.findDevFile(r)
	if err != nil {
		return err
	}
	aid, err := pathID(r, "aid")
	if err != nil {
		return err
	}
	paper, err := s.store.FindDevPaperAny(r.Context(), f.Person.ID, aid)
	if err != nil {
		return err
	}
	step := 0
	for _, st := range f.Steps {
		if st.ID == paper.DevStepID {
			step = st.Step
		}
	}
	if step == 0 {
		return fmt.Errorf("development paper %d has no step: %w", aid, huoshui.ErrNotFound)
	}
	if !canRecordStep(userFrom(r.Context()), f.Person, step) {
		return huoshui.ErrForbidden
	}
	return s.removeAttachment(w, r, attachmentHolder{
		page: devPath(f.Person.ID),
		find: func(ctx context.Context, id int64) (*huoshui.Attachment, error) {
			return s.store.FindDevPaper(ctx, f.Person.ID, id)
		},
		remove: func(ctx context.Context, a huoshui.Actor, id int64, restore bool) error {
			return s.store.RemoveDevPaper(ctx, a, f.Person.ID, id, restore)
		},
	}, restore)
}

// RemovedPaper is the paper just taken off the file, which the page
// offers to put back (0: none).
func (p *devFilePage) RemovedPaper() int64 { return removedAttachment(p.RequestURI) }
