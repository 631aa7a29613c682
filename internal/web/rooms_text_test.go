package web

import (
	"strings"
	"testing"
)

// A message is text: markup, event handlers and javascript: addresses
// come out escaped and inert; only http(s) addresses become links.
func TestChatHTMLNeutralises(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`<script>alert(1)</script>`, `&lt;script&gt;alert(1)&lt;/script&gt;`},
		{`<img src=x onerror=alert(1)>`, `&lt;img src=x onerror=alert(1)&gt;`},
		{`javascript:alert(1)`, `javascript:alert(1)`},
		{`<a href="javascript:alert(1)">点我</a>`, `&lt;a href=&#34;javascript:alert(1)&#34;&gt;点我&lt;/a&gt;`},
		{"看 https://example.org/a?b=1&c=2，好", `看 <a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer nofollow" target="_blank">https://example.org/a?b=1&amp;c=2</a>，好`},
		{`http://x.cn/"onmouseover="alert(1)`, `<a href="http://x.cn/" rel="noopener noreferrer nofollow" target="_blank">http://x.cn/</a>&#34;onmouseover=&#34;alert(1)`},
		{"一行\n两行", "一行<br>两行"},
	} {
		got := string(chatHTML(tc.in))
		if got != tc.want {
			t.Errorf("chatHTML(%q)\n got %s\nwant %s", tc.in, got, tc.want)
		}
		if strings.Contains(got, "<script") || strings.Contains(got, `href="javascript`) {
			t.Errorf("chatHTML(%q) left live markup: %s", tc.in, got)
		}
	}
}
