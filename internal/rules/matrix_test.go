package rules

import (
	"reflect"
	"testing"

	"github.com/huoshui/huoshui"
)

func TestBuildMatrix(t *testing.T) {
	t.Parallel()
	const (
		base  = huoshui.VisitEducationBase
		front = huoshui.VisitFrontLine
		model = huoshui.VisitModelBranch
		deeds = huoshui.VisitModelDeeds

		theory  = huoshui.GainTheory
		spirit  = huoshui.GainPartySpirit
		ability = huoshui.GainAbility
		work    = huoshui.GainWorkLevel
	)
	day := func(vs []huoshui.Visit, gs []huoshui.Gain, topics ...string) ThemeDay {
		return ThemeDay{Visits: vs, Gains: gs, Topics: topics}
	}
	type cell struct {
		v huoshui.Visit
		g huoshui.Gain
	}
	cases := []struct {
		name   string
		days   []ThemeDay
		total  int
		cells  map[cell]int // the rest 0
		visits []int        // huoshui.Visits order
		gains  []int        // huoshui.Gains order
		topics []TopicCount
	}{
		{"no theme days", nil, 0, nil, []int{0, 0, 0, 0}, []int{0, 0, 0, 0}, nil},
		{"one visit, one gain",
			[]ThemeDay{day([]huoshui.Visit{base}, []huoshui.Gain{spirit}, "党性教育")},
			1, map[cell]int{{base, spirit}: 1}, []int{1, 0, 0, 0}, []int{0, 1, 0, 0},
			[]TopicCount{{"党性教育", 1}}},
		{"two visits and two gains cover four cells but count as one day",
			[]ThemeDay{day([]huoshui.Visit{front, deeds}, []huoshui.Gain{ability, work}, "服务群众")},
			1, map[cell]int{{front, ability}: 1, {front, work}: 1, {deeds, ability}: 1, {deeds, work}: 1},
			[]int{0, 1, 0, 1}, []int{0, 0, 1, 1}, []TopicCount{{"服务群众", 1}}},
		{"days add up in a cell",
			[]ThemeDay{
				day([]huoshui.Visit{base}, []huoshui.Gain{theory}, "党性教育"),
				day([]huoshui.Visit{base}, []huoshui.Gain{theory, spirit}, "党性教育", "廉政建设"),
				day([]huoshui.Visit{model}, []huoshui.Gain{work}, "办文办事"),
			},
			3, map[cell]int{{base, theory}: 2, {base, spirit}: 1, {model, work}: 1},
			[]int{2, 0, 1, 0}, []int{2, 1, 0, 1},
			[]TopicCount{{"党性教育", 2}, {"办文办事", 1}, {"廉政建设", 1}}},
		{"a repeated tag counts once; unknown and blank are ignored",
			[]ThemeDay{day([]huoshui.Visit{base, base, "moon"}, []huoshui.Gain{theory, theory, "luck"}, "廉政建设", "廉政建设", "")},
			1, map[cell]int{{base, theory}: 1}, []int{1, 0, 0, 0}, []int{1, 0, 0, 0},
			[]TopicCount{{"廉政建设", 1}}},
		{"visits without gains: rows and total, no cell",
			[]ThemeDay{day([]huoshui.Visit{front}, nil), day(nil, nil, "办文办事")},
			2, nil, []int{0, 1, 0, 0}, []int{0, 0, 0, 0}, []TopicCount{{"办文办事", 1}}},
	}
	for _, c := range cases {
		m := BuildMatrix(c.days)
		if m.Total != c.total {
			t.Errorf("%s: total %d, want %d", c.name, m.Total, c.total)
		}
		if len(m.Cells) != 16 {
			t.Fatalf("%s: %d cells, want 16", c.name, len(m.Cells))
		}
		var empty []Cell
		for i, got := range m.Cells {
			v, g := huoshui.Visits[i/4], huoshui.Gains[i%4]
			want := Cell{v, g, c.cells[cell{v, g}]}
			if got != want {
				t.Errorf("%s: cell %d is %+v, want %+v", c.name, i, got, want)
			}
			if m.Cell(v, g) != want {
				t.Errorf("%s: Cell(%s, %s) = %+v, want %+v", c.name, v, g, m.Cell(v, g), want)
			}
			if want.Count == 0 {
				empty = append(empty, want)
			}
		}
		if !reflect.DeepEqual(m.Empty, empty) {
			t.Errorf("%s: empty %v, want %v", c.name, m.Empty, empty)
		}
		var visits, gains []int
		for i, r := range m.Visits {
			if r.Visit != huoshui.Visits[i] {
				t.Errorf("%s: row %d is %s, want %s", c.name, i, r.Visit, huoshui.Visits[i])
			}
			visits = append(visits, r.Count)
		}
		for i, r := range m.Gains {
			if r.Gain != huoshui.Gains[i] {
				t.Errorf("%s: column %d is %s, want %s", c.name, i, r.Gain, huoshui.Gains[i])
			}
			gains = append(gains, r.Count)
		}
		if !reflect.DeepEqual(visits, c.visits) || !reflect.DeepEqual(gains, c.gains) {
			t.Errorf("%s: rows %v columns %v, want %v %v", c.name, visits, gains, c.visits, c.gains)
		}
		if !reflect.DeepEqual(m.Topics, c.topics) {
			t.Errorf("%s: topics %v, want %v", c.name, m.Topics, c.topics)
		}
	}
}

func TestThemeDayOf(t *testing.T) {
	t.Parallel()
	m := &huoshui.Meeting{Type: huoshui.MeetingThemeDay, Visits: []huoshui.Visit{huoshui.VisitFrontLine},
		Gains: []huoshui.Gain{huoshui.GainAbility}, Topics: []string{"服务群众"}}
	got := BuildMatrix([]ThemeDay{ThemeDayOf(m)}).Cell(huoshui.VisitFrontLine, huoshui.GainAbility).Count
	if got != 1 {
		t.Errorf("front line × ability: %d, want 1", got)
	}
}
