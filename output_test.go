package huoshui_test

import (
	"slices"
	"testing"

	"github.com/huoshui/huoshui"
)

func TestOutputLists(t *testing.T) {
	for _, k := range huoshui.OutputKinds {
		if !k.Valid() {
			t.Errorf("kind %q is not valid", k)
		}
	}
	if huoshui.OutputKind("poem").Valid() || huoshui.OutputLevel("county").Valid() || huoshui.DocumentKind("memo").Valid() ||
		huoshui.InnovationStatus("done").Valid() || huoshui.CharSource("guess").Valid() {
		t.Error("a value off the lists is valid")
	}
	if len(huoshui.OutputLevels) != 4 || huoshui.OutputLevels[0] != huoshui.LevelNational {
		t.Errorf("levels %v: want four, national first", huoshui.OutputLevels)
	}
	if len(huoshui.DocumentKinds) != 6 || len(huoshui.InnovationStatuses) != 3 {
		t.Errorf("%d document kinds, %d statuses: want 6 and 3", len(huoshui.DocumentKinds), len(huoshui.InnovationStatuses))
	}
	for _, c := range []struct {
		k    huoshui.OutputKind
		want bool
	}{{huoshui.OutputPublication, true}, {huoshui.OutputAward, true}, {huoshui.OutputDocument, false}, {huoshui.OutputInnovation, false}} {
		if c.k.HasLevel() != c.want {
			t.Errorf("%s.HasLevel() = %v", c.k, !c.want)
		}
	}
}

func TestOutputValidate(t *testing.T) {
	today := huoshui.NewDate(2026, 5, 20)
	owners := []huoshui.OutputOwner{{MemberID: 7}}
	pub := func(f func(o *huoshui.Output)) *huoshui.Output {
		o := &huoshui.Output{OrgID: 1, Kind: huoshui.OutputPublication, Title: "以高质量督查推动决策落地", Date: today,
			Level: huoshui.LevelProvincial, Outlet: "联合日报", Owners: owners}
		if f != nil {
			f(o)
		}
		return o
	}
	doc := func(chars int) *huoshui.Output {
		return &huoshui.Output{OrgID: 1, Kind: huoshui.OutputDocument, Title: "2026年工作要点", Date: today,
			DocKind: huoshui.DocWorkReport, Characters: chars, Owners: owners}
	}
	cases := []struct {
		name string
		o    *huoshui.Output
		want []string // field:code, in any order
	}{
		{"a good publication", pub(nil), nil},
		{"an https link", pub(func(o *huoshui.Output) { o.Link = "https://example.cn/a/1.html" }), nil},
		{"a javascript link", pub(func(o *huoshui.Output) { o.Link = "javascript:alert(1)" }), []string{"link:output.link_scheme"}},
		{"a file link", pub(func(o *huoshui.Output) { o.Link = "file:///etc/passwd" }), []string{"link:output.link_scheme"}},
		{"a link without host", pub(func(o *huoshui.Output) { o.Link = "http://" }), []string{"link:output.link_invalid"}},
		{"a link with a password", pub(func(o *huoshui.Output) { o.Link = "https://a:b@example.cn/" }), []string{"link:output.link_invalid"}},
		{"no outlet, no level", pub(func(o *huoshui.Output) { o.Outlet, o.Level = "", "" }), []string{"outlet:required", "level:required"}},
		{"a level off the list", pub(func(o *huoshui.Output) { o.Level = "county" }), []string{"level:output.level_unknown"}},
		{"tomorrow", pub(func(o *huoshui.Output) { o.Date = today.AddDate(0, 0, 1) }), []string{"dated_on:output.date_future"}},
		{"before 1921", pub(func(o *huoshui.Output) { o.Date = huoshui.NewDate(1900, 1, 1) }), []string{"dated_on:output.date_too_early"}},
		{"no date, no title, no owner", pub(func(o *huoshui.Output) { o.Date, o.Title, o.Owners = huoshui.Date{}, " ", nil }),
			[]string{"dated_on:required", "title:required", "owners:output.owners_required"}},
		{"no org", pub(func(o *huoshui.Output) { o.OrgID = 0 }), []string{"org_id:required"}},
		{"an unknown kind", pub(func(o *huoshui.Output) { o.Kind = "poem" }), []string{"output_kind:output.kind_unknown"}},
		{"a document", doc(12000), nil},
		{"a document of no characters", doc(0), nil},
		{"negative characters", doc(-1), []string{"characters:output.characters_negative"}},
		{"too many characters", doc(huoshui.OutputCharactersMax + 1), []string{"characters:output.characters_too_many"}},
		{"a document without its sort", func() *huoshui.Output { o := doc(1); o.DocKind = ""; return o }(), []string{"doc_kind:required"}},
		{"an award without its body", &huoshui.Output{OrgID: 1, Kind: huoshui.OutputAward, Title: "优秀党务工作者", Date: today,
			Level: huoshui.LevelCity, Owners: owners}, []string{"issuer:required"}},
		{"an innovation without problem or status", &huoshui.Output{OrgID: 1, Kind: huoshui.OutputInnovation, Title: "办文流程再造",
			Date: today, Change: "一次流转", Owners: owners}, []string{"problem:required", "innovation_status:required"}},
	}
	for _, c := range cases {
		var got []string
		if err := c.o.Validate(today); err != nil {
			for _, fe := range err.(*huoshui.ValidationError).Fields {
				got = append(got, fe.Field+":"+fe.Code)
			}
		}
		slices.Sort(got)
		want := slices.Sorted(slices.Values(c.want))
		if !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", c.name, got, want)
		}
	}
}

// A record whose kind changes keeps nothing of the old kind, and owners
// named twice are one.
func TestOutputNormalizeClearsOtherKinds(t *testing.T) {
	o := &huoshui.Output{OrgID: 1, Kind: huoshui.OutputDocument, Title: "  关于  办文流程的  调研报告 ", Date: huoshui.NewDate(2026, 1, 5),
		Level: huoshui.LevelNational, Outlet: "人民日报", Link: "https://example.cn", Issuer: "省委", DocKind: huoshui.DocResearchReport,
		Characters: 8000, Problem: "慢", Status: huoshui.InnovationTrial,
		Owners: []huoshui.OutputOwner{{MemberID: 3}, {MemberID: 3}, {MemberID: 4}}}
	if err := o.Validate(huoshui.NewDate(2026, 1, 5)); err != nil {
		t.Fatal(err)
	}
	if o.Level != "" || o.Outlet != "" || o.Link != "" || o.Issuer != "" || o.Problem != "" || o.Status != "" {
		t.Errorf("fields of other kinds kept: %+v", o)
	}
	if o.Title != "关于 办文流程的 调研报告" || o.CharSource != huoshui.CharsEntered || len(o.Owners) != 2 {
		t.Errorf("title %q, source %q, owners %v", o.Title, o.CharSource, o.Owners)
	}
}

func TestOutputSummary(t *testing.T) {
	s := &huoshui.OutputSummary{Tallies: []huoshui.OutputTally{
		{Kind: huoshui.OutputPublication, Level: huoshui.LevelNational, Count: 2},
		{Kind: huoshui.OutputPublication, Level: huoshui.LevelProvincial, Count: 3},
		{Kind: huoshui.OutputPublication, Level: huoshui.LevelProvincial, Count: 1},
		{Kind: huoshui.OutputDocument, Count: 4, Characters: 30000},
		{Kind: huoshui.OutputDocument, Count: 1, Characters: 2500},
	}}
	if s.Count(huoshui.OutputPublication) != 6 || s.CountLevel(huoshui.OutputPublication, huoshui.LevelProvincial) != 4 ||
		s.Count(huoshui.OutputDocument) != 5 || s.Characters() != 32500 || s.Count(huoshui.OutputAward) != 0 {
		t.Errorf("summary reads wrong: %+v", s)
	}
	if by := s.ByLevel(huoshui.OutputPublication); by[huoshui.LevelNational] != 2 || by[huoshui.LevelCity] != 0 || len(by) != 4 {
		t.Errorf("by level %v", by)
	}
}
