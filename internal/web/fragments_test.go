package web

import (
	"net/url"
	"reflect"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
)

// Two readers who differ in any one input of the member table never share
// a kept table: every input is part of the key.
func TestMembersTableKeyDiffersInEachInput(t *testing.T) {
	t.Parallel()
	branch := &huoshui.Org{ID: 7, RosterVersion: 3, Kind: huoshui.OrgBranch}
	base := func() (*huoshui.Org, string, bool, memberQuery) {
		b := *branch
		return &b, "zh", false, parseMemberQuery(url.Values{"org": {"7"}})
	}
	cases := []struct {
		input  string
		change func(b *huoshui.Org, lang *string, sensitive *bool, q *memberQuery)
	}{
		{"branch", func(b *huoshui.Org, _ *string, _ *bool, _ *memberQuery) { b.ID = 8 }},
		{"roster version", func(b *huoshui.Org, _ *string, _ *bool, _ *memberQuery) { b.RosterVersion++ }},
		{"language", func(_ *huoshui.Org, l *string, _ *bool, _ *memberQuery) { *l = "en" }},
		{"sees personal data", func(_ *huoshui.Org, _ *string, s *bool, _ *memberQuery) { *s = true }},
		{"search", func(_ *huoshui.Org, _ *string, _ *bool, q *memberQuery) { q.Q = "王" }},
		{"status", func(_ *huoshui.Org, _ *string, _ *bool, q *memberQuery) { q.Status = "full" }},
		{"org asked for", func(_ *huoshui.Org, _ *string, _ *bool, q *memberQuery) { q.OrgID = 0 }},
		{"group", func(_ *huoshui.Org, _ *string, _ *bool, q *memberQuery) { q.GroupID = 9 }},
		{"archived", func(_ *huoshui.Org, _ *string, _ *bool, q *memberQuery) { q.Archived = true }},
		{"sort", func(_ *huoshui.Org, _ *string, _ *bool, q *memberQuery) { q.Sort = "-birth_date" }},
		{"page", func(_ *huoshui.Org, _ *string, _ *bool, q *memberQuery) { q.PageNo = 2 }},
	}
	for _, c := range cases {
		t.Run(c.input, func(t *testing.T) {
			kept := newFragments(16)
			b, lang, sensitive, q := base()
			kept.put(newMembersTableKey(b, lang, false, sensitive, huoshui.NewDate(2026, 12, 3), q), "<table>first reader</table>", time.Time{})
			c.change(b, &lang, &sensitive, &q)
			if h, ok := kept.get(newMembersTableKey(b, lang, false, sensitive, huoshui.NewDate(2026, 12, 3), q), time.Now()); ok {
				t.Errorf("a reader differing in %s was given the other's table %q", c.input, h)
			}
			// The same inputs again do share it.
			b2, lang2, sensitive2, q2 := base()
			if _, ok := kept.get(newMembersTableKey(b2, lang2, false, sensitive2, huoshui.NewDate(2026, 12, 3), q2), time.Now()); !ok {
				t.Errorf("the same inputs missed the kept table")
			}
		})
	}
}

// Every part of the member query is in the key: a new filter added to
// memberQuery without adding it to membersTableKey fails here.
func TestMembersTableKeyCoversQuery(t *testing.T) {
	t.Parallel()
	branch := &huoshui.Org{ID: 7, RosterVersion: 3}
	q := parseMemberQuery(url.Values{})
	k0 := newMembersTableKey(branch, "zh", false, false, huoshui.NewDate(2026, 12, 3), q)
	// walk changes each field of q in place, one at a time.
	var walk func(v reflect.Value, path string)
	walk = func(v reflect.Value, path string) {
		for i := 0; i < v.NumField(); i++ {
			f, ft := v.Field(i), v.Type().Field(i)
			name := path + ft.Name
			if ft.Anonymous && ft.Type.Kind() == reflect.Struct {
				walk(f, name+".")
				continue
			}
			if ft.Name == "Values" {
				continue // the raw address; the table's links are rebuilt from the parsed parts
			}
			old := reflect.ValueOf(f.Interface())
			switch f.Kind() {
			case reflect.String:
				f.SetString(f.String() + "x")
			case reflect.Int, reflect.Int64:
				f.SetInt(f.Int() + 5)
			case reflect.Bool:
				f.SetBool(!f.Bool())
			default:
				t.Fatalf("memberQuery.%s: kind %s not covered by this test", name, f.Kind())
			}
			if k := newMembersTableKey(branch, "zh", false, false, huoshui.NewDate(2026, 12, 3), q); k == k0 {
				t.Errorf("memberQuery.%s changed but the table's key did not: add it to membersTableKey", name)
			}
			f.Set(old)
		}
	}
	walk(reflect.ValueOf(&q).Elem(), "")
}

// Addresses whose queries have the same key render the same links: the
// table shows nothing its key leaves out.
func TestMembersTableLinksFollowKey(t *testing.T) {
	t.Parallel()
	branch := &huoshui.Org{ID: 7, RosterVersion: 3}
	pairs := [][2]string{
		{"org=7", "org=7&utm_source=mail"},
		{"org=7", "org=7&sort=bogus"},
		{"org=7", "org=7&sort=name"},
		{"org=7", "org=7&page=0"},
		{"org=7&status=full", "status=full&org=7&archived=0"},
		{"org=7&q=%E7%8E%8B", "org=7&q=+%E7%8E%8B+"},
	}
	for _, p := range pairs {
		a, _ := url.ParseQuery(p[0])
		b, _ := url.ParseQuery(p[1])
		qa, qb := parseMemberQuery(a), parseMemberQuery(b)
		if newMembersTableKey(branch, "zh", false, false, huoshui.NewDate(2026, 12, 3), qa) != newMembersTableKey(branch, "zh", false, false, huoshui.NewDate(2026, 12, 3), qb) {
			t.Errorf("%s and %s: keys differ, want equal", p[0], p[1])
			continue
		}
		if ea, eb := qa.values().Encode(), qb.values().Encode(); ea != eb {
			t.Errorf("%s and %s share a key but their links carry %q and %q", p[0], p[1], ea, eb)
		}
	}
}

// Every part of the meeting query is in the key of the kept meeting
// table: a new filter added to meetingQuery without adding it to
// meetingsTableKey fails here.
func TestMeetingsTableKeyCoversQuery(t *testing.T) {
	t.Parallel()
	q := parseMeetingQuery(url.Values{}, 2026)
	k0 := newMeetingsTableKey(3, "zh", q)
	v := reflect.ValueOf(&q).Elem()
	for i := 0; i < v.NumField(); i++ {
		f, name := v.Field(i), v.Type().Field(i).Name
		old := reflect.ValueOf(f.Interface())
		switch f.Kind() {
		case reflect.String:
			f.SetString(f.String() + "x")
		case reflect.Int, reflect.Int64:
			f.SetInt(f.Int() + 5)
		case reflect.Bool:
			f.SetBool(!f.Bool())
		default:
			t.Fatalf("meetingQuery.%s: kind %s not covered by this test", name, f.Kind())
		}
		if k := newMeetingsTableKey(3, "zh", q); k == k0 {
			t.Errorf("meetingQuery.%s changed but the table's key did not: add it to meetingsTableKey", name)
		}
		f.Set(old)
	}
	if newMeetingsTableKey(4, "zh", q) == k0 || newMeetingsTableKey(3, "en", q) == k0 {
		t.Error("the life version or language changed but the key did not")
	}
}

// A kept piece that shows a meeting still to come runs out when it starts.
func TestKeptFragmentRunsOut(t *testing.T) {
	t.Parallel()
	kept := newFragments(4)
	start := time.Date(2026, 3, 12, 14, 30, 0, 0, huoshui.Shanghai)
	key := newMeetingsTableKey(3, "zh", parseMeetingQuery(url.Values{"org": {"7"}}, 2026))
	kept.put(key, "<table>未召开</table>", start)
	if _, ok := kept.get(key, start.Add(-time.Second)); !ok {
		t.Error("the piece was gone before the meeting started")
	}
	if _, ok := kept.get(key, start); ok {
		t.Error("the piece was still given once the meeting started")
	}
}
