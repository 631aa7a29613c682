package report

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/huoshui/huoshui"
)

func discussionLabels(t testing.TB, lang string) Labels {
	t.Helper()
	m := map[string]string{}
	for _, f := range []string{"report", "meeting_report", "lectures"} {
		var part map[string]string
		if _, err := toml.DecodeFile(filepath.Join("..", "web", "locales", f+"."+lang+".toml"), &part); err != nil {
			t.Fatalf("read labels: %v", err)
		}
		for k, v := range part {
			m[k] = v
		}
	}
	return func(id string) string {
		s, ok := m[id]
		if !ok {
			t.Errorf("no message %q in %s", id, lang)
			return id
		}
		return s
	}
}

// A discussion's record is the usual 台账: 时间, 地点, 主持, 议题, then 领学,
// 发言 and 形成的共识/措施, in that order, in both languages.
func TestDiscussionDocxLedgerOrder(t *testing.T) {
	t.Parallel()
	r := DiscussionRecord{Org: "秘书处（督查处）党支部", Topic: "督查督办怎样抓落实", HeldOn: huoshui.NewDate(2026, 3, 15),
		Minutes: 120, Place: "三楼会议室", Host: "李明远", LeadIn: "领学《关于进一步加强督查工作的意见》",
		Speakers:  []SpeakerLine{{"王晓梅", "建立督查台账\n每周通报"}, {"张建国", "办结事项回访"}},
		Consensus: "督查事项实行台账管理",
		Actions:   []FollowUpLine{{Text: "制定督查台账模板", Owner: "王晓梅", Due: huoshui.NewDate(2026, 4, 1)}}}
	for _, lang := range []string{"zh", "en"} {
		var buf bytes.Buffer
		if err := WriteDiscussionDocx(&buf, r, discussionLabels(t, lang)); err != nil {
			t.Fatal(err)
		}
		text := strings.Join(docxParagraphs(t, buf.Bytes()), "\n")
		want := []string{"督查督办怎样抓落实", "领学《关于", "王晓梅", "建立督查台账", "每周通报", "张建国", "督查事项实行台账管理", "制定督查台账模板"}
		if lang == "zh" {
			want = append([]string{"集体研讨记录", "时间", "2026年3月15日", "地点", "三楼会议室", "主持", "李明远", "议题"}, want...)
		}
		at := 0
		for _, w := range want {
			i := strings.Index(text[at:], w)
			if i < 0 {
				t.Errorf("%s: %q missing or out of order in\n%s", lang, w, text)
				break
			}
			at += i
		}
	}
}
