package huoshui

import "testing"

func TestMaterialPlainText(t *testing.T) {
	m := &Material{Body: "## 一、要点\n\n- 学习[党章](https://example.com/)\n- 遵守党规\n\n正文 ## 不是标题\n\n![支部展板](展板 (1).jpg)\n![](a.png)"}
	want := "一、要点\n\n学习党章\n遵守党规\n\n正文 ## 不是标题\n\n支部展板\n"
	if got := m.PlainText(); got != want {
		t.Errorf("PlainText = %q, want %q", got, want)
	}
}

func TestImageLine(t *testing.T) {
	for _, tt := range []struct {
		line, caption, target string
		ok                    bool
	}{
		{"![支部展板](展板.jpg)", "支部展板", "展板.jpg", true},
		{"  ![](IMG_0412 (1).jpg) ", "", "IMG_0412 (1).jpg", true},
		{"![说明 [一]](a.png)", "说明 [一]", "a.png", true},
		{"![说明](https://example.com/a.jpg)", "说明", "https://example.com/a.jpg", true},
		{"![说明]()", "", "", false},
		{"见 ![说明](a.jpg)", "", "", false},
		{"![说明](a.jpg) 之后", "", "", false},
		{"[说明](a.jpg)", "", "", false},
	} {
		caption, target, ok := ImageLine(tt.line)
		if caption != tt.caption || target != tt.target || ok != tt.ok {
			t.Errorf("ImageLine(%q) = %q, %q, %v; want %q, %q, %v", tt.line, caption, target, ok, tt.caption, tt.target, tt.ok)
		}
	}
}

func TestSafeLink(t *testing.T) {
	for link, want := range map[string]bool{
		"https://www.12371.cn/": true, "http://people.com.cn/a": true, "mailto:a@b.cn": true, "/materials/3": true,
		"javascript:alert(1)": false, "JavaScript:alert(1)": false, "//evil.example": false, "data:text/html,x": false,
		"https://": false, "/\\evil": false,
	} {
		if got := SafeLink(link); got != want {
			t.Errorf("SafeLink(%q) = %v, want %v", link, got, want)
		}
	}
}

func TestMaterialReadingCaps(t *testing.T) {
	for _, tt := range []struct {
		runes         int
		estimate, cap string
	}{
		{10, "1m0s", "5m0s"},
		{4000, "10m0s", "20m0s"},
		{40000, "1h40m0s", "1h0m0s"},
	} {
		m := &Material{Body: string(make([]rune, tt.runes))}
		if got := m.ReadingEstimate().String(); got != tt.estimate {
			t.Errorf("%d characters: estimate %s, want %s", tt.runes, got, tt.estimate)
		}
		if got := m.ReadingCap().String(); got != tt.cap {
			t.Errorf("%d characters: cap %s, want %s", tt.runes, got, tt.cap)
		}
	}
}
