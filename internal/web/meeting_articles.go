package web

import (
	"context"
	"fmt"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
)

// A meeting's page lists the articles of the channel that report on it
// (相关报道): what is published to everyone who sees the meeting, drafts
// and articles in review only to those who may open them (the org's
// officers, the writer).

// meetingArticle is one report on a meeting as its page lists it.
type meetingArticle struct {
	Title string
	Href  string // "" when the reader has nowhere to open it
	// Status is set when the reader sees the newest version (an
	// officer): its draft or review tag.
	Status      huoshui.ArticleStatus
	PublishedAt *time.Time
}

// meetingArticles are the reports on meeting m that u may see.
func (s *Server) meetingArticles(ctx context.Context, u *huoshui.User, m *huoshui.Meeting) ([]meetingArticle, error) {
	xs, err := s.store.FindMeetingArticles(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	var out []meetingArticle
	for _, x := range xs {
		switch {
		case auth.CanReadArticle(u, x.OrgPath, false, x.CreatedBy):
			// Its officers and its writer: the newest version.
			out = append(out, meetingArticle{Title: x.Version.Title, Href: articlePath(x), Status: x.Status,
				PublishedAt: x.PublishedAt})
		case x.Published != nil:
			a := meetingArticle{Title: x.Published.Title, PublishedAt: x.PublishedAt}
			if auth.CanReadArticle(u, x.OrgPath, true, x.CreatedBy) {
				a.Href = articlePath(x)
			} else if x.OrgSlug != "" {
				a.Href = fmt.Sprintf("/p/%s/%d", x.OrgSlug, x.ID)
			}
			out = append(out, a)
		}
	}
	return out, nil
}
