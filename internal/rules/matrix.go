package rules

import (
	"cmp"
	"slices"

	"github.com/huoshui/huoshui"
)

// ThemeDay is what the 四走进四提升 matrix needs of one themed party day:
// where it went, what it aimed to raise, and its work topics.
type ThemeDay struct {
	Visits []huoshui.Visit
	Gains  []huoshui.Gain
	Topics []string
}

// ThemeDayOf takes from a meeting what the matrix needs.
func ThemeDayOf(m *huoshui.Meeting) ThemeDay {
	return ThemeDay{Visits: m.Visits, Gains: m.Gains, Topics: m.Topics}
}

// Cell is one visit × gain of the matrix and the number of theme days that
// covered both.
type Cell struct {
	Visit huoshui.Visit
	Gain  huoshui.Gain
	Count int
}

// VisitCount is the number of theme days that went on a visit.
type VisitCount struct {
	Visit huoshui.Visit
	Count int
}

// GainCount is the number of theme days that aimed at a gain.
type GainCount struct {
	Gain  huoshui.Gain
	Count int
}

// TopicCount is the number of theme days tagged with a work topic.
type TopicCount struct {
	Topic string
	Count int
}

// Matrix is the 4×4 coverage of a set of theme days: which of the four
// visits (四走进) met which of the four gains (四提升), and how often.
type Matrix struct {
	// Cells holds all 16 cells, visit by visit (huoshui.Visits order), and
	// within a visit gain by gain (huoshui.Gains order).
	Cells []Cell
	// Total is the number of theme days, however many cells each covered.
	Total int
	// Visits and Gains are the rows and columns: theme days per visit and
	// per gain, in huoshui.Visits and huoshui.Gains order, all four each.
	Visits []VisitCount
	Gains  []GainCount
	// Topics are the work topics, most frequent first, then by name (in
	// Unicode order).
	Topics []TopicCount
	// Empty lists the cells no theme day covered, in Cells order: what the
	// programme has not yet touched.
	Empty []Cell
}

// Cell returns the cell of a visit and a gain (zero when either is not
// one of the four).
func (m Matrix) Cell(v huoshui.Visit, g huoshui.Gain) Cell {
	for _, c := range m.Cells {
		if c.Visit == v && c.Gain == g {
			return c
		}
	}
	return Cell{}
}

// BuildMatrix counts theme days into the matrix. A theme day that went on
// several visits and aimed at several gains counts once in every
// visit × gain cell it covers, once in each of its rows and columns, and
// once toward Total. A visit, gain or topic named twice on one day counts
// once; visits and gains not among the four are ignored, and so are blank
// topics. A day with visits but no gain (or the reverse) covers no cell
// but still counts in its rows (or columns) and in Total.
func BuildMatrix(days []ThemeDay) Matrix {
	m := Matrix{Total: len(days)}
	cell := map[huoshui.Visit]map[huoshui.Gain]int{}
	visits := map[huoshui.Visit]int{}
	gains := map[huoshui.Gain]int{}
	topics := map[string]int{}
	for _, d := range days {
		vs := known(d.Visits, huoshui.Visits)
		gs := known(d.Gains, huoshui.Gains)
		for _, v := range vs {
			visits[v]++
			if cell[v] == nil {
				cell[v] = map[huoshui.Gain]int{}
			}
			for _, g := range gs {
				cell[v][g]++
			}
		}
		for _, g := range gs {
			gains[g]++
		}
		var seen []string
		for _, t := range d.Topics {
			if t != "" && !slices.Contains(seen, t) {
				seen = append(seen, t)
				topics[t]++
			}
		}
	}
	for _, v := range huoshui.Visits {
		m.Visits = append(m.Visits, VisitCount{v, visits[v]})
		for _, g := range huoshui.Gains {
			c := Cell{v, g, cell[v][g]}
			m.Cells = append(m.Cells, c)
			if c.Count == 0 {
				m.Empty = append(m.Empty, c)
			}
		}
	}
	for _, g := range huoshui.Gains {
		m.Gains = append(m.Gains, GainCount{g, gains[g]})
	}
	for t, n := range topics {
		m.Topics = append(m.Topics, TopicCount{t, n})
	}
	slices.SortFunc(m.Topics, func(a, b TopicCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Topic, b.Topic))
	})
	return m
}

// known keeps the values of in that are among all, each once.
func known[T comparable](in, all []T) []T {
	var out []T
	for _, x := range in {
		if slices.Contains(all, x) && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}
