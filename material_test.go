package huoshui

import "testing"

func TestMaterialPlainText(t *testing.T) {
	m := &Material{Body: "## 一、要点\n\n- 学习[党章](https://example.com/)\n- 遵守党规\n\n正文 ## 不是标题"}
	want := "一、要点\n\n学习党章\n遵守党规\n\n正文 ## 不是标题"
	if got := m.PlainText(); got != want {
		t.Errorf("PlainText = %q, want %q", got, want)
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
