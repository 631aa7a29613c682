package huoshui

// ImportBatch is a roster file staged for its uploader's look (a
// StagedSheet of roster rows).
type ImportBatch = StagedSheet[ImportRow]

// ImportRow is one data row of a roster file as it was read.
type ImportRow struct {
	Line      int          // the row's number in the sheet, as Excel shows it
	Member    Member       // the fields read from the row
	GroupName string       // the 党小组 as typed; matched to the branch's groups later
	Problems  []FieldError // what is wrong with the row, found while reading it
	Hidden    bool         // the row is hidden in the sheet; it is read all the same

	// Set when the row is checked against the records, never staged:
	// Existing is the member of the branch whose ID number the row has,
	// as stored now, and Member then that member with the row's values
	// over theirs (MergeInto); Changed lists the fields that differ.
	Existing *Member
	Changed  []string
}

func (r ImportRow) SheetLine() int              { return r.Line }
func (r ImportRow) SheetProblems() []FieldError { return r.Problems }

// MergeInto is the member m with this row's values written over theirs:
// what updating m from the row stores. A blank cell keeps what m has (a
// list that lacks a column, or a value, erases nothing), except the stage
// dates past the row's status, which that status leaves empty. The group
// is the row's when it names one (its ID set by the caller). It returns
// the member and the fields that differ from m.
func (r ImportRow) MergeInto(m Member) (Member, []string) {
	out := m
	row := r.Member
	setText := func(dst *string, src string) {
		if src != "" {
			*dst = src
		}
	}
	setDate := func(dst *Date, src Date) {
		if !src.IsZero() {
			*dst = src
		}
	}
	setText(&out.Name, row.Name)
	if row.Gender != "" {
		out.Gender = row.Gender
	}
	setText(&out.Ethnicity, row.Ethnicity)
	setDate(&out.BirthDate, row.BirthDate)
	setText(&out.Education, row.Education)
	setText(&out.Phone, row.Phone)
	setText(&out.Workplace, row.Workplace)
	setText(&out.Post, row.Post)
	if row.Status != "" {
		out.Status = row.Status
	}
	setDate(&out.AppliedOn, row.AppliedOn)
	setDate(&out.ActivistOn, row.ActivistOn)
	setDate(&out.CandidateOn, row.CandidateOn)
	setDate(&out.ProbationOn, row.ProbationOn)
	setDate(&out.FullOn, row.FullOn)
	if reached := out.Status.Rank(); reached > 0 {
		for i, d := range []*Date{&out.AppliedOn, &out.ActivistOn, &out.CandidateOn, &out.ProbationOn, &out.FullOn} {
			if statusRank(i+1) > reached {
				*d = Date{}
			}
		}
	}
	if row.CommitteePost != "" {
		out.CommitteePost = row.CommitteePost
	}
	if r.GroupName != "" && row.GroupID != 0 {
		out.GroupID = row.GroupID
	}
	return out, MemberChanges(&m, &out)
}

// MemberChanges lists the fields of a roster row (as named on the member
// form) in which after differs from before, in the roster's order.
func MemberChanges(before, after *Member) []string {
	var out []string
	add := func(field string, differ bool) {
		if differ {
			out = append(out, field)
		}
	}
	add("name", before.Name != after.Name)
	add("gender", before.Gender != after.Gender)
	add("ethnicity", before.Ethnicity != after.Ethnicity)
	add("birth_date", !before.BirthDate.Equal(after.BirthDate))
	add("education", before.Education != after.Education)
	add("id_number", before.IDNumber != after.IDNumber)
	add("phone", before.Phone != after.Phone)
	add("workplace", before.Workplace != after.Workplace)
	add("post", before.Post != after.Post)
	add("status", before.Status != after.Status)
	add("applied_on", !before.AppliedOn.Equal(after.AppliedOn))
	add("activist_on", !before.ActivistOn.Equal(after.ActivistOn))
	add("candidate_on", !before.CandidateOn.Equal(after.CandidateOn))
	add("probation_on", !before.ProbationOn.Equal(after.ProbationOn))
	add("full_on", !before.FullOn.Equal(after.FullOn))
	add("group_id", before.GroupID != after.GroupID)
	add("committee_post", before.CommitteePost != after.CommitteePost)
	return out
}

// UpdateOf is the MemberUpdate that turns a member into after, setting
// only the fields named.
func UpdateOf(after *Member, fields []string) MemberUpdate {
	var u MemberUpdate
	for _, f := range fields {
		switch f {
		case "name":
			u.Name = &after.Name
		case "gender":
			u.Gender = &after.Gender
		case "ethnicity":
			u.Ethnicity = &after.Ethnicity
		case "birth_date":
			u.BirthDate = &after.BirthDate
		case "education":
			u.Education = &after.Education
		case "id_number":
			u.IDNumber = &after.IDNumber
		case "phone":
			u.Phone = &after.Phone
		case "workplace":
			u.Workplace = &after.Workplace
		case "post":
			u.Post = &after.Post
		case "status":
			u.Status = &after.Status
		case "applied_on":
			u.AppliedOn = &after.AppliedOn
		case "activist_on":
			u.ActivistOn = &after.ActivistOn
		case "candidate_on":
			u.CandidateOn = &after.CandidateOn
		case "probation_on":
			u.ProbationOn = &after.ProbationOn
		case "full_on":
			u.FullOn = &after.FullOn
		case "group_id":
			u.GroupID = &after.GroupID
		case "committee_post":
			u.CommitteePost = &after.CommitteePost
		}
	}
	return u
}

// RosterWrite is what confirming one roster row writes: a new person
// (New), or changes to a member already in the branch (MemberID, Update).
// Row is the row's place among the rows confirmed, from 1, for the error
// of a row that fails.
type RosterWrite struct {
	Row      int
	New      *Member
	MemberID int64
	Update   MemberUpdate
}

func (r ImportRow) SheetHidden() bool { return r.Hidden }
