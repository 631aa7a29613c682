package huoshui

import "testing"

func TestCommonPathAndNodeID(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ a, b, want string }{
		{"/1/7/42/", "/1/7/43/", "/1/7/"},
		{"/1/7/42/", "/1/7/42/", "/1/7/42/"},
		{"/1/7/", "/1/7/42/", "/1/7/"},
		{"/1/7/42/", "/1/70/", "/1/"}, // "/1/7" is no node of "/1/70/"
		{"/1/", "/2/", ""},
		{"", "/1/", ""},
	} {
		if got := CommonPath(c.a, c.b); got != c.want {
			t.Errorf("CommonPath(%q, %q) = %q, want %q", c.a, c.b, got, c.want)
		}
	}
	for path, want := range map[string]int64{"/1/7/42/": 42, "/1/": 1, "": 0} {
		if got := PathNodeID(path); got != want {
			t.Errorf("PathNodeID(%q) = %d, want %d", path, got, want)
		}
	}
}
