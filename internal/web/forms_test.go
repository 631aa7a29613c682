package web

import "testing"

// A "next" address never leaves the site, however it is dressed up.
func TestLocalPath(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"/members?status=full": "/members?status=full",
		"/orgs/2":              "/orgs/2",
		"":                     "/",
		"https://evil.example": "/",
		"//evil.example":       "/",
		"/\\evil.example":      "/",
		"/\t/evil.example":     "/",
		"/\n/evil.example":     "/",
		"/\r\n//evil.example":  "/",
		"\\\\evil.example":     "/",
		"javascript:alert(1)":  "/",
		"/%09/evil.example":    "/%09/evil.example", // stays a path on this site: %09 is not decoded by browsers in paths
	}
	for in, want := range cases {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}
