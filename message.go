package huoshui

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// MessageMax is the longest chat message, in characters.
const MessageMax = 2000

// Message is one message in a room. Its id grows with every message in
// the whole database, so "after id N" is what a reconnecting stream
// missed. A removed message keeps its text for the audit administrator
// (the removal is in the audit trail, with the text); everyone else sees
// only that it was removed.
type Message struct {
	ID         int64      `json:"id"`
	RoomID     int64      `json:"room_id"`
	AuthorID   int64      `json:"-"` // a user
	AuthorName string     `json:"-"`
	Text       string     `json:"text"`
	Mentions   []int64    `json:"mentions,omitempty"` // member ids
	CreatedAt  time.Time  `json:"created_at"`
	RemovedAt  *time.Time `json:"removed_at,omitempty"`
	RemovedBy  int64      `json:"-"`
	// Attachments are the message's photos and files, in the order
	// posted; a message may be files without text.
	Attachments []Attachment `json:"-"`
}

// Removed reports whether an officer removed the message.
func (m *Message) Removed() bool { return m.RemovedAt != nil }

// Validate tidies the text (trimmed at both ends) and checks it: not
// empty, at most MessageMax characters, clean text.
func (m *Message) Validate() error {
	m.Text = strings.TrimSpace(m.Text)
	v := &ValidationError{}
	if m.RoomID == 0 {
		v.Add("room_id", "required")
	}
	if m.Text == "" {
		if len(m.Attachments) == 0 {
			v.Add("text", "required")
		}
	} else {
		checkBody(v, "text", m.Text, MessageMax)
	}
	return v.Err()
}

// MentionedNames returns the names written as "@name" in text: an @
// followed by letters (Han characters or others), ended by space,
// punctuation or the end. The store resolves them to the room's members.
func MentionedNames(text string) []string {
	var out []string
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		i += n
		if r != '@' && r != '＠' {
			continue
		}
		j := i
		for j < len(text) {
			r, n := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '·' {
				break
			}
			j += n
		}
		if j > i && utf8.RuneCountInString(text[i:j]) <= 20 {
			out = append(out, text[i:j])
		}
		i = j
	}
	return out
}
