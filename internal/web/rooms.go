package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/time/rate"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/store"
)

// The group chat (一群): a room per branch and 党小组. Who reads a room is
// auth's ViewRecord over its org — the org's members (a member of a 党小组
// sees the rooms of the whole branch, as they see its other records) and
// the officers and organisers above; everyone else gets 404. Officers
// (EditRecord) pin the announcement, see who has read it, and remove
// messages.

// errRateLimited answers 429: a person posting faster than chatPosts allows.
var errRateLimited = errors.New("posting too fast")

// newChatLimiter lets a person post a burst of 20 messages, then one every
// 3 seconds (20 a minute); each replica counts its own.
func newChatLimiter() *loginLimiter {
	return &loginLimiter{every: rate.Every(3 * time.Second), burst: 20, clients: map[string]*limitEntry{}}
}

// chatMessagePage is how many messages a room's page and a page back hold.
const chatMessagePage = 50

// visibleRoom reads the room {id} of the request if the user may read it.
func (s *Server) visibleRoom(r *http.Request) (*huoshui.Room, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.store.FindRoom(r.Context(), auth.Scope(userFrom(r.Context()), auth.ViewRecord), id)
}

func canKeepRoom(u *huoshui.User, room *huoshui.Room) bool {
	return auth.Can(u, auth.EditRecord, auth.Object{OrgPath: room.OrgPath})
}

// apiMessage is a message as the API, the stream and the page's script
// see it. A removed message has no text.
type apiMessage struct {
	ID        int64     `json:"id"`
	RoomID    int64     `json:"room_id"`
	Author    apiPerson `json:"author"`
	Text      string    `json:"text"`
	Mentions  []int64   `json:"mentions"`
	CreatedAt time.Time `json:"created_at"`
	Removed   bool      `json:"removed"`
	// Files are the message's photos and files (none once removed).
	Files []apiMessageFile `json:"files"`
}

// apiMessageFile is one photo or file of a message: url serves it, thumb
// a photo's thumbnail ("" for a file).
type apiMessageFile struct {
	ID       int64                  `json:"id"`
	Name     string                 `json:"name"`
	Kind     huoshui.AttachmentKind `json:"kind"`
	Size     int64                  `json:"size"`
	SizeText string                 `json:"size_text"`
	URL      string                 `json:"url"`
	Thumb    string                 `json:"thumb_url"`
}

type apiPerson struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

func apiMessageOf(m *huoshui.Message) apiMessage {
	a := apiMessage{ID: m.ID, RoomID: m.RoomID, Author: apiPerson{m.AuthorID, m.AuthorName}, Text: m.Text,
		Mentions: m.Mentions, CreatedAt: m.CreatedAt.In(huoshui.Shanghai), Removed: m.Removed()}
	a.Files = []apiMessageFile{}
	if a.Removed {
		a.Text, a.Mentions = "", nil
	} else {
		for _, x := range m.Attachments {
			f := apiMessageFile{ID: x.ID, Name: x.Name, Kind: x.Kind, Size: x.Size, SizeText: attachmentsView{}.FileSize(x.Size),
				URL: messageFileURL(m.RoomID, x.ID)}
			if x.Thumb != "" {
				f.Thumb = f.URL + "/thumb"
			}
			a.Files = append(a.Files, f)
		}
	}
	if a.Mentions == nil {
		a.Mentions = []int64{}
	}
	return a
}

// postMessage stores a message from the user, within the rate limit, and
// tells this process's streams when no listener will. With files (a
// multipart post that carries some), the text is checked first, then
// every file (takeUploads): when one is refused, nothing is kept.
func (s *Server) postMessage(w http.ResponseWriter, r *http.Request, room *huoshui.Room, text string, files bool) (*huoshui.Message, error) {
	u := userFrom(r.Context())
	if !s.chatPosts.allow("user:"+strconv.FormatInt(u.ID, 10), s.now()) {
		return nil, errRateLimited
	}
	m := &huoshui.Message{RoomID: room.ID, Text: text}
	if files {
		probe := *m
		probe.Attachments = make([]huoshui.Attachment, len(r.MultipartForm.File["files"]))
		if err := probe.Validate(); err != nil {
			r.MultipartForm.RemoveAll()
			return nil, err
		}
		xs, err := s.takeUploads(w, r)
		if err != nil {
			return nil, err
		}
		for _, x := range xs {
			m.Attachments = append(m.Attachments, *x)
		}
	}
	if err := s.store.CreateMessage(r.Context(), s.actor(r), m); err != nil {
		return nil, err
	}
	m.AuthorName = u.DisplayName
	if !s.store.ChatAcrossReplicas() {
		s.publishMessage(m)
	}
	return m, nil
}

// --- pages ---

type roomsPage struct {
	Page
	Rooms []*huoshui.Room
}

// roomsList answers GET /rooms: the rooms the user may read.
func (s *Server) roomsList(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	if !auth.CanAnywhere(u, auth.ViewRecord) {
		return huoshui.ErrForbidden
	}
	rooms, err := s.store.FindRooms(r.Context(), auth.Scope(u, auth.ViewRecord))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "rooms_list", &roomsPage{Rooms: rooms})
}

type roomMessageView struct {
	*huoshui.Message
	HTML    template.HTML
	Mine    bool
	Mention bool // the message names the reader
}

type roomPage struct {
	Page
	Room     *huoshui.Room
	Messages []roomMessageView
	Older    int64 // ?before= for the page back; 0: none
	Newest   int64 // the last message's id: the stream starts after it
	CanKeep  bool
	Readers  []huoshui.RoomPerson
	ReadN    int
	People   []huoshui.RoomPerson
	Form     form
}

// roomView answers GET /rooms/{id}: the newest messages (or a page back
// with ?before=ID), oldest at the top; the pinned announcement, which the
// reader has now read; for officers, who has read it.
func (s *Server) roomView(w http.ResponseWriter, r *http.Request) error {
	room, err := s.visibleRoom(r)
	if err != nil {
		return err
	}
	return s.renderRoom(w, r, http.StatusOK, room, newForm(nil))
}

func (s *Server) renderRoom(w http.ResponseWriter, r *http.Request, code int, room *huoshui.Room, f form) error {
	ctx := r.Context()
	u := userFrom(ctx)
	p := &roomPage{Room: room, CanKeep: canKeepRoom(u, room), Form: f}
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	ms, err := s.store.FindMessages(ctx, store.MessageFilter{Scope: auth.Scope(u, auth.ViewRecord), RoomID: room.ID,
		Before: before, Limit: chatMessagePage})
	if err != nil {
		return err
	}
	for _, m := range ms {
		v := roomMessageView{Message: m, HTML: chatHTML(m.Text), Mine: m.AuthorID == u.ID}
		for _, id := range m.Mentions {
			v.Mention = v.Mention || (id == u.MemberID && u.MemberID != 0)
		}
		p.Messages = append(p.Messages, v)
	}
	if len(ms) == chatMessagePage {
		p.Older = ms[0].ID
	}
	if before == 0 && len(ms) > 0 {
		p.Newest = ms[len(ms)-1].ID
	}
	if room.Pinned != "" && u.MemberID != 0 {
		if err := s.store.MarkAnnouncementRead(ctx, room.ID, u.MemberID); err != nil {
			return err
		}
	}
	if p.CanKeep && room.Pinned != "" {
		if p.Readers, err = s.store.AnnouncementReaders(ctx, room.ID); err != nil {
			return err
		}
		for _, x := range p.Readers {
			if x.ReadAt != nil {
				p.ReadN++
			}
		}
	}
	if p.People, err = s.store.RoomPeople(ctx, room.ID); err != nil {
		return err
	}
	p.Crumbs = []crumb{{Href: "/rooms", Label: s.msgs.T(langFrom(r), "nav.rooms")}, {Label: room.Name}}
	return s.render(w, r, code, "room_view", p)
}

// roomPost answers POST /rooms/{id}/messages, the form that works without
// script: text, photos and files (field "files"), or both.
func (s *Server) roomPost(w http.ResponseWriter, r *http.Request) error {
	room, err := s.visibleRoom(r)
	if err != nil {
		return err
	}
	values, files, err := s.readProgressForm(w, r)
	if ref := (*uploadRefused)(nil); errors.As(err, &ref) {
		f := ref.form()
		f.Values = values
		return s.renderRoom(w, r, ref.code, room, f)
	}
	if err != nil {
		return err
	}
	posted, err := s.postMessage(w, r, room, values.Get("text"), files)
	if ref := (*uploadRefused)(nil); errors.As(err, &ref) {
		f := ref.form()
		f.Values = values
		return s.renderRoom(w, r, ref.code, room, f)
	}
	if err != nil {
		f := newForm(values)
		if s.addErrors(r, &f, err) {
			return s.renderRoom(w, r, http.StatusUnprocessableEntity, room, f)
		}
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/rooms/%d#m%d", room.ID, posted.ID), http.StatusSeeOther)
	return nil
}

// keptRoom reads the room {id} if the user may keep it (officers).
func (s *Server) keptRoom(r *http.Request) (*huoshui.Room, error) {
	room, err := s.visibleRoom(r)
	if err != nil {
		return nil, err
	}
	if !canKeepRoom(userFrom(r.Context()), room) {
		return nil, huoshui.ErrForbidden
	}
	return room, nil
}

// roomPin answers POST /rooms/{id}/pin (text) and roomUnpin POST
// /rooms/{id}/unpin.
func (s *Server) roomPin(w http.ResponseWriter, r *http.Request) error {
	room, err := s.keptRoom(r)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[string]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (string, error) {
			text, err := huoshui.CheckAnnouncement(v.Get("pinned"))
			ve.Merge(err)
			return text, nil
		},
		Save:  func(text string) error { return s.store.PinAnnouncement(r.Context(), s.actor(r), room.ID, text) },
		Page:  func(code int, f form) error { return s.renderRoom(w, r, code, room, f) },
		Flash: "chat.pinned_done",
		Next:  func(string) string { return fmt.Sprintf("/rooms/%d", room.ID) },
	})
}

func (s *Server) roomUnpin(w http.ResponseWriter, r *http.Request) error {
	room, err := s.keptRoom(r)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[struct{}]{
		Save:  func(struct{}) error { return s.store.PinAnnouncement(r.Context(), s.actor(r), room.ID, "") },
		Flash: "chat.unpinned_done",
		Next:  func(struct{}) string { return fmt.Sprintf("/rooms/%d", room.ID) },
	})
}

// messageRemove answers POST /messages/{id}/remove (behind a
// confirmation): an officer of the room removes the message.
func (s *Server) messageRemove(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u := userFrom(r.Context())
	m, err := s.store.FindMessageByID(r.Context(), auth.Scope(u, auth.ViewRecord), id)
	if err != nil {
		return err
	}
	room, err := s.store.FindRoom(r.Context(), auth.Scope(u, auth.ViewRecord), m.RoomID)
	if err != nil {
		return err
	}
	if !canKeepRoom(u, room) {
		return huoshui.ErrForbidden
	}
	return submit(s, w, r, formFlow[struct{}]{
		Save: func(struct{}) error {
			removed, err := s.store.RemoveMessage(r.Context(), s.actor(r), id)
			if err == nil && !s.store.ChatAcrossReplicas() {
				s.publishMessage(removed)
			}
			return err
		},
		Flash: "chat.removed_done",
		Next:  func(struct{}) string { return fmt.Sprintf("/rooms/%d#m%d", room.ID, id) },
	})
}

// --- JSON ---

type apiRoom struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Org  apiOrg `json:"org"`
}

// apiRoomsList answers GET /api/v1/rooms.
func (s *Server) apiRoomsList(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	if !auth.CanAnywhere(u, auth.ViewRecord) {
		return huoshui.ErrForbidden
	}
	rooms, err := s.store.FindRooms(r.Context(), auth.Scope(u, auth.ViewRecord))
	if err != nil {
		return err
	}
	out := make([]apiRoom, 0, len(rooms))
	for _, x := range rooms {
		out = append(out, apiRoom{ID: x.ID, Name: x.Name, Org: apiOrg{x.ID, x.OrgName}})
	}
	s.writeJSON(w, http.StatusOK, map[string]any{"rooms": out})
	return nil
}

// apiRoomMessages answers GET /api/v1/rooms/{id}/messages?before=ID: the
// 50 messages just before ID (the newest 50 without it), oldest first;
// "older" is the before= of the page back, 0 when there is none.
func (s *Server) apiRoomMessages(w http.ResponseWriter, r *http.Request) error {
	room, err := s.visibleRoom(r)
	if err != nil {
		return err
	}
	f := store.MessageFilter{Scope: auth.Scope(userFrom(r.Context()), auth.ViewRecord), RoomID: room.ID, Limit: chatMessagePage}
	if raw := r.URL.Query().Get("before"); raw != "" {
		if f.Before, err = strconv.ParseInt(raw, 10, 64); err != nil || f.Before <= 0 {
			ve := &huoshui.ValidationError{}
			ve.Add("before", "number_format")
			return ve
		}
	}
	ms, err := s.store.FindMessages(r.Context(), f)
	if err != nil {
		return err
	}
	out := make([]apiMessage, 0, len(ms))
	for _, m := range ms {
		out = append(out, apiMessageOf(m))
	}
	var older int64
	if len(ms) == chatMessagePage {
		older = ms[0].ID
	}
	s.writeJSON(w, http.StatusOK, map[string]any{"messages": out, "older": older})
	return nil
}

// apiRoomPost answers POST /api/v1/rooms/{id}/messages with {"text"}, or
// a multipart form of text and files (the page's script sends the form):
// 201 and the message; 422 for an empty or too long text or a refused
// file (413 one too large); 429 too fast.
func (s *Server) apiRoomPost(w http.ResponseWriter, r *http.Request) error {
	room, err := s.visibleRoom(r)
	if err != nil {
		return err
	}
	var in struct {
		Text string `json:"text"`
	}
	files := false
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
		var values url.Values
		values, files, err = s.readProgressForm(w, r)
		in.Text = values.Get("text")
	} else {
		err = s.decodeJSON(w, r, &in)
	}
	var m *huoshui.Message
	if err == nil {
		m, err = s.postMessage(w, r, room, in.Text, files)
	}
	if ref := (*uploadRefused)(nil); errors.As(err, &ref) {
		s.writeJSON(w, ref.code, map[string]any{"error": strings.Join(ref.msgs, " "), "files": ref.msgs})
		return nil
	}
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusCreated, apiMessageOf(m))
	return nil
}

func marshalMessage(m *huoshui.Message) []byte {
	b, _ := json.Marshal(apiMessageOf(m))
	return b
}
