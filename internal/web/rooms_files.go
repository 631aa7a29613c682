package web

import (
	"context"
	"fmt"
	"net/http"
	"regexp"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
)

// A chat message's photos and files: posted with the message (roomPost,
// apiRoomPost, through takeUploads), shown under it, served to whoever
// may read the room. A removed message's files are no longer served to
// anyone: they stay in message_attachments for the audit.

func messageFileURL(room, id int64) string { return fmt.Sprintf("/rooms/%d/files/%d", room, id) }

// roomFile answers GET /rooms/{id}/files/{aid}; roomFileThumb GET
// /rooms/{id}/files/{aid}/thumb, a photo's thumbnail.
func (s *Server) roomFile(w http.ResponseWriter, r *http.Request) error {
	return s.roomFileServe(w, r, false)
}

func (s *Server) roomFileThumb(w http.ResponseWriter, r *http.Request) error {
	return s.roomFileServe(w, r, true)
}

func (s *Server) roomFileServe(w http.ResponseWriter, r *http.Request, thumb bool) error {
	room, err := s.visibleRoom(r)
	if err != nil {
		return err
	}
	scope := auth.Scope(userFrom(r.Context()), auth.ViewRecord)
	return s.serveAttachment(w, r, attachmentHolder{
		page: fmt.Sprintf("/rooms/%d", room.ID),
		find: func(ctx context.Context, aid int64) (*huoshui.Attachment, error) {
			return s.store.FindMessageAttachment(ctx, scope, room.ID, aid)
		},
	}, thumb)
}

// UploadProblems are the reasons the last message's files were refused.
func (p *roomPage) UploadProblems() []string { return uploadProblems(p.Form) }

// UploadAccept is the file picker's list; UploadMaxFiles and UploadMaxMB
// the limits the form states.
func (*roomPage) UploadAccept() string { return attachmentAccept }

// FileSize is a file's size as the message shows it.
func (*roomPage) FileSize(n int64) string { return attachmentsView{}.FileSize(n) }

// FileURL is where a message's photo or file is served.
func (p *roomPage) FileURL(id int64) string { return messageFileURL(p.Room.ID, id) }

// chatPostPath is the API's message post, which also takes the page's
// multipart form (checked by http.CrossOriginProtection).
var chatPostPath = regexp.MustCompile(`^/api/v1/rooms/[0-9]+/messages$`)
