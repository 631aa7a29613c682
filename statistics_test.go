package huoshui

import "testing"

// Ages and years in the party fall in the return's bands by the year of
// the date, at each band's edges; an empty or later year is unknown.
func TestYearBand(t *testing.T) {
	on := NewDate(2025, 12, 31)
	for _, c := range []struct {
		bands []StatBand
		year  string
		want  string
	}{
		{AgeBands, "1995", "30-"}, {AgeBands, "1994", "31-35"}, {AgeBands, "1990", "31-35"}, {AgeBands, "1989", "36-40"},
		{AgeBands, "1965", "56-60"}, {AgeBands, "1964", "61-70"}, {AgeBands, "1955", "61-70"}, {AgeBands, "1954", "71+"},
		{AgeBands, "1921", "71+"}, {AgeBands, "", StatUnknown}, {AgeBands, "2026", StatUnknown}, {AgeBands, "x", StatUnknown},
		{PartyYearBands, "2025", "5-"}, {PartyYearBands, "2020", "5-"}, {PartyYearBands, "2019", "6-10"},
		{PartyYearBands, "2005", "11-20"}, {PartyYearBands, "2004", "21-30"}, {PartyYearBands, "1975", "41-50"},
		{PartyYearBands, "1974", "51+"},
	} {
		if got := YearBand(c.bands, c.year, on); got != c.want {
			t.Errorf("year %q on %s: %q, want %q", c.year, on, got, c.want)
		}
	}
	// On 1 January the year counts the same: the age reached in the year.
	if got := YearBand(AgeBands, "1995", NewDate(2025, 1, 1)); got != "30-" {
		t.Errorf("born 1995 on 2025-01-01: %q", got)
	}
}

// The cells become tables: 党员 are full and probationary together, those
// on the way in apart; minorities are counted together and by nation;
// years in the party count 党员 only.
func TestBuildStatistics(t *testing.T) {
	cells := []StatCell{
		{StatGender, StatusFull, "male", 3}, {StatGender, StatusProbationary, "female", 1}, {StatGender, StatusApplicant, "", 2},
		{StatEthnicity, StatusFull, "汉族", 2}, {StatEthnicity, StatusFull, "回族", 1}, {StatEthnicity, StatusProbationary, "汉", 1},
		{StatEthnicity, StatusApplicant, "", 2},
		{StatJoined, StatusFull, "2000", 3}, {StatJoined, StatusProbationary, "2025", 1}, {StatJoined, StatusApplicant, "", 2},
	}
	st := BuildStatistics(cells, NewDate(2025, 12, 31))
	if want := (StatLine{Party: 4, Full: 3, Probationary: 1, Applicants: 2}); st.Total != want {
		t.Errorf("total %+v, want %+v", st.Total, want)
	}
	if st.Gender[2].Key != StatUnknown || st.Gender[2].Applicants != 2 {
		t.Errorf("gender %+v", st.Gender)
	}
	if st.Ethnicity[0].Party != 3 || st.Ethnicity[1].Party != 1 || len(st.Nations) != 1 || st.Nations[0].Key != "回族" {
		t.Errorf("ethnicity %+v, nations %+v", st.Ethnicity, st.Nations)
	}
	if st.PartyYears[0].Probationary != 1 || st.PartyYears[3].Full != 3 || len(st.PartyYears) != len(PartyYearBands) {
		t.Errorf("years in the party %+v", st.PartyYears)
	}
}
