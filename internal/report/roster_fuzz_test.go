package report

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
)

// FuzzParseRoster feeds ParseRoster arbitrary bytes: it must never panic,
// and what it returns must hold together.
func FuzzParseRoster(f *testing.F) {
	var tmpl, export bytes.Buffer
	if err := WriteRosterTemplate(&tmpl, testLabels(f, "zh")); err != nil {
		f.Fatal(err)
	}
	m := &huoshui.Member{Name: "王小明", Gender: huoshui.Male, IDNumber: idMale1990, Status: huoshui.StatusFull,
		ProbationOn: huoshui.NewDate(2012, 7, 1), FullOn: huoshui.NewDate(2013, 7, 1)}
	if err := WriteRoster(&export, testLabels(f, "en"), RosterOptions{Title: "Branch roster"}, []*huoshui.Member{m, m}); err != nil {
		f.Fatal(err)
	}
	rows := book(f, header, []any{"王五", "男", "1990-03-07", idMale1990, "正式党员", "2010/10/08", "2012.07.01", "20130701", "第一党小组", "组织委员"},
		[]any{"", "未知", "46350", "3.7E+17", "党外", "明天", "", "", "", "书记"})
	f.Add(tmpl.Bytes())
	f.Add(export.Bytes())
	f.Add(rows)
	f.Add(rows[:len(rows)-30])
	f.Add([]byte("姓名,人员类别\n王五,正式党员\n"))
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Add([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0})
	f.Add([]byte("PK\x03\x04"))
	f.Add(zipOf(f, map[string]string{"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook><sheets><sheet name=\"a\" r:id=\"rId1\"/></sheets></workbook>"}))
	langs := bothLabels(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		ros, err := ParseRoster(bytes.NewReader(data), time.Now(), langs...)
		if err != nil {
			if ros != nil {
				t.Errorf("an error with a roster: %v", err)
			}
			if !errors.Is(err, ErrNotSpreadsheet) && !errors.Is(err, ErrTooManyRows) {
				t.Errorf("unexpected kind of error: %v", err)
			}
			return
		}
		if len(ros.Rows) > MaxRosterRows {
			t.Errorf("%d rows, over the cap", len(ros.Rows))
		}
		if len(ros.Problems) > 0 && len(ros.Rows) > 0 {
			t.Errorf("file problems %v beside %d rows", ros.Problems, len(ros.Rows))
		}
		last := 0
		for _, r := range ros.Rows {
			if r.Line <= last {
				t.Errorf("line %d after %d", r.Line, last)
			}
			last = r.Line
		}
	})
}
