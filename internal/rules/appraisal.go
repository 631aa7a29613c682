package rules

import "github.com/huoshui/huoshui"

// The annual appraisal of members (民主评议党员): at most a third of the
// members appraised may be rated 优秀 (docs/domain.md, "Appraisal").
//
// Message codes (shown as "error."+code; Args in brackets):
//
//	appraisal.excellent_cap  more 优秀 than a third of the members appraised [Count, Members, Max]
//	appraisal.member_twice   one member graded twice in a year [MemberID]
//	appraisal.mixed          results of different years or branches checked together

// MaxExcellent is the most members of n appraised who may be rated 优秀:
// a third, rounded down, since "at most a third" means 3 × 优秀 ≤ n. With
// 3 members 1, with 4 or 5 still 1, with 6 2, with 10 3; with 1 or 2, none.
func MaxExcellent(n int) int {
	if n <= 0 {
		return 0
	}
	return n / 3
}

// CheckExcellentCap refuses nExcellent 优秀 among nMembers appraised when
// it is more than a third.
func CheckExcellentCap(nExcellent, nMembers int) error {
	if limit := MaxExcellent(nMembers); nExcellent > limit {
		return refuse("appraisal.excellent_cap", "Count", nExcellent, "Members", nMembers, "Max", limit)
	}
	return nil
}

// CheckAppraisal checks one branch's results of one year together: each
// member graded once, and 优秀 within the cap. Members are those with a
// result: the full and probationary members who took part.
func CheckAppraisal(results []huoshui.Appraisal) error {
	seen := map[int64]bool{}
	excellent := 0
	for i, a := range results {
		if a.Year != results[0].Year || a.OrgID != results[0].OrgID {
			return refuse("appraisal.mixed")
		}
		if seen[a.MemberID] {
			return refuse("appraisal.member_twice", "MemberID", a.MemberID)
		}
		seen[a.MemberID] = true
		if results[i].Grade == huoshui.GradeExcellent {
			excellent++
		}
	}
	return CheckExcellentCap(excellent, len(results))
}
