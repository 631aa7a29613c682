package auth

import (
	"strings"

	"github.com/huoshui/huoshui"
)

// The channel's rules (一号): the officers of an org write its articles
// (EditRecord); its members read what is published and what they wrote
// themselves; the reviewer named for the org approves or sends back,
// and so may an officer of an org above it.

// CanReadArticle reports whether u may open article x of the org at
// orgPath: its officers, and members who see the org's records when the
// article has a published version or is their own.
func CanReadArticle(u *huoshui.User, orgPath string, published bool, createdBy int64) bool {
	if Can(u, EditRecord, Object{OrgPath: orgPath}) {
		return true
	}
	if !Can(u, ViewRecord, Object{OrgPath: orgPath}) {
		return false
	}
	return published || (u != nil && createdBy != 0 && createdBy == u.ID)
}

// CanReviewArticle reports whether u may approve or send back an
// article of the org at orgPath whose reviewer is reviewerMemberID: the
// reviewer, when they keep the org's records or are a member of it, or
// an officer whose role reaches an org above it.
func CanReviewArticle(u *huoshui.User, orgPath string, reviewerMemberID int64) bool {
	if u == nil {
		return false
	}
	if reviewerMemberID != 0 && u.MemberID == reviewerMemberID && Can(u, ViewRecord, Object{OrgPath: orgPath}) {
		return true
	}
	p := strings.TrimSuffix(orgPath, "/")
	i := strings.LastIndex(p, "/")
	if i <= 0 {
		return false
	}
	return Can(u, EditRecord, Object{OrgPath: p[:i+1]})
}
