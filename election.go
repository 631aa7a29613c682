package huoshui

import (
	"strings"
	"time"
	"unicode/utf8"
)

// An election (换届选举) of a node's committee: the day, how many members
// had a vote and how many came, the votes of each candidate and the posts
// the election filled. Recording it makes its committee the one in office
// (Org.CommitteeElectedOn, CommitteeTermEnds and the members'
// CommitteePost); the elections stay as the node's history. An election
// before its term's last three months (early, 提前换届) or after its end
// (late, 延期换届) is recorded only with the higher committee's approval
// (rules.CheckElection); the secretary and deputy elected are approved by
// the higher committee afterwards (ApprovedOn, ApprovalDoc).

// Election is one election of a committee.
type Election struct {
	ID       int64 `json:"id"`
	OrgID    int64 `json:"org_id"`
	HeldOn   Date  `json:"held_on"`
	Eligible int   `json:"eligible"` // members with a vote (应到会有选举权的党员)
	Present  int   `json:"present"`  // of them, those who came and voted
	// Village: the node is in a village or an urban community, whose
	// committees serve five years.
	Village bool `json:"village"`
	// Timing is rules.ElectionTiming: "on_time", "early" or "late"
	// against PrevTermEnds, the end of the term it closed (zero for a
	// first election).
	Timing       string `json:"timing"`
	PrevTermEnds Date   `json:"prev_term_ends,omitzero"`
	TermEnds     Date   `json:"term_ends"`
	// The higher committee's approval of an early or late election.
	TimingApprovedOn  Date   `json:"timing_approved_on,omitzero"`
	TimingApprovalDoc string `json:"timing_approval_doc,omitempty"`
	// The higher committee's approval of the secretary and deputy elected
	// (批复), with its document number; recorded by an organiser above.
	ApprovedOn  Date   `json:"approved_on,omitzero"`
	ApprovalDoc string `json:"approval_doc,omitempty"`
	ApprovedBy  int64  `json:"-"`
	Note        string `json:"note,omitempty"`
	// LateEntry: recorded more than ElectionLateEntryDays after it was
	// held (补录).
	LateEntry  bool                `json:"late_entry"`
	Candidates []ElectionCandidate `json:"candidates"`
	RecordedBy int64               `json:"-"`
	RecordedAt time.Time           `json:"-"`
	OrgName    string              `json:"-"`
	OrgPath    string              `json:"-"`
}

// ElectionLateEntryDays: an election recorded later than this after it
// was held is marked 补录.
const ElectionLateEntryDays = 30

// ElectionCandidate is one candidate: a member of the node, the votes for
// them and the post they were elected to (PostNone when not elected).
type ElectionCandidate struct {
	MemberID int64         `json:"member_id"`
	Name     string        `json:"name"`
	Votes    int           `json:"votes"`
	Post     CommitteePost `json:"post,omitempty"`
}

// Elected lists the candidates who won a post, in the order of
// CommitteePosts.
func (e *Election) Elected() []ElectionCandidate {
	var out []ElectionCandidate
	for _, p := range CommitteePosts {
		for _, c := range e.Candidates {
			if c.Post == p {
				out = append(out, c)
			}
		}
	}
	return out
}

// Normalize folds what input methods type into the free-text fields.
func (e *Election) Normalize() {
	e.TimingApprovalDoc = strings.TrimSpace(FoldWidth(e.TimingApprovalDoc))
	e.ApprovalDoc = strings.TrimSpace(FoldWidth(e.ApprovalDoc))
	e.Note = strings.TrimSpace(e.Note)
}

// Validate checks an election on its own: the numbers, the candidates and
// the texts. The quorum: more than four fifths of those with a vote came
// (到会人数超过应到会人数的五分之四); a candidate is elected with the
// votes of more than half of those who came. The committee's size and
// timing are rules (rules.CheckCommittee, rules.CheckElection).
func (e *Election) Validate() error {
	v := &ValidationError{}
	if e.OrgID == 0 {
		v.Add("org_id", "required")
	}
	if e.HeldOn.IsZero() {
		v.Add("held_on", "required")
	}
	switch {
	case e.Eligible <= 0:
		v.Add("eligible", "election.eligible_positive")
	case e.Present <= 0 || e.Present > e.Eligible:
		v.Add("present", "election.present_range", "Eligible", e.Eligible)
	case 5*e.Present <= 4*e.Eligible:
		v.Add("present", "election.quorum", "Present", e.Present, "Eligible", e.Eligible, "Min", 4*e.Eligible/5+1)
	}
	if len(e.Candidates) == 0 {
		v.Add("candidates", "election.no_candidates")
	}
	seen := map[int64]bool{}
	for i, c := range e.Candidates {
		switch {
		case c.MemberID == 0:
			v.Fields = append(v.Fields, FieldError{Field: "cand_member", Code: "required", Row: i + 1})
		case seen[c.MemberID]:
			v.Fields = append(v.Fields, FieldError{Field: "cand_member", Code: "election.candidate_twice", Row: i + 1})
		}
		seen[c.MemberID] = true
		if c.Votes < 0 || (e.Present > 0 && c.Votes > e.Present) {
			v.Fields = append(v.Fields, FieldError{Field: "cand_votes", Code: "election.votes_range",
				Args: map[string]any{"Present": e.Present}, Row: i + 1})
		} else if c.Post != PostNone && e.Present > 0 && 2*c.Votes <= e.Present {
			v.Fields = append(v.Fields, FieldError{Field: "cand_votes", Code: "election.votes_majority",
				Args: map[string]any{"Name": c.Name, "Votes": c.Votes, "Present": e.Present}, Row: i + 1})
		}
		if !c.Post.Valid() {
			v.Fields = append(v.Fields, FieldError{Field: "cand_post", Code: "invalid_choice", Row: i + 1})
		}
	}
	if (e.Timing == "early" || e.Timing == "late") && e.TimingApprovedOn.IsZero() {
		v.Add("timing_approved_on", "required")
	}
	if !e.TimingApprovedOn.IsZero() && !e.HeldOn.IsZero() && e.TimingApprovedOn.After(e.HeldOn) {
		v.Add("timing_approved_on", "election.approval_after_held")
	}
	if !e.ApprovedOn.IsZero() && !e.HeldOn.IsZero() && e.ApprovedOn.Before(e.HeldOn) {
		v.Add("approved_on", "election.approved_before_held")
	}
	for field, s := range map[string]string{"timing_approval_doc": e.TimingApprovalDoc, "approval_doc": e.ApprovalDoc} {
		if code := CheckText(s, false); code != "" {
			v.Add(field, code)
		} else if utf8.RuneCountInString(s) > 60 {
			v.Add(field, "too_long", "Max", 60)
		}
	}
	if code := CheckText(e.Note, true); code != "" {
		v.Add("note", code)
	} else if utf8.RuneCountInString(e.Note) > 1000 {
		v.Add("note", "too_long", "Max", 1000)
	}
	return v.Err()
}
