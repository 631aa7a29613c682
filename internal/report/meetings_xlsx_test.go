package report

import (
	"bytes"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func TestWriteMeetingsReadsBack(t *testing.T) {
	t.Parallel()
	rows := []MeetingRow{
		{
			// 23:30 UTC on the 23rd is 07:30 on the 24th in Shanghai.
			StartsAt: time.Date(2026, 11, 23, 23, 30, 0, 0, time.UTC), EndsAt: time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC),
			Type: "主题党日", AlsoCounts: []string{"支部党员大会", "党课"}, Title: "十一月主题党日", Place: "党性教育基地",
			Host: "李书记", Recorder: "赵委员", Invited: 12, Present: 9, Leave: 2, Absent: 1, LateEntry: true,
			Visits: []string{"走进党性教育基地"}, Gains: []string{"提升党性修养", "提升理论素养"}, Topics: []string{"党性教育"},
		},
		{
			StartsAt: shanghai(2026, 12, 31, 22, 0), EndsAt: shanghai(2027, 1, 1, 0, 30),
			Type: "支部委员会会议", Title: "跨年值班安排", Invited: 5, Present: 5,
		},
		{Type: "党课", Title: "时间未填"},
	}
	tests := []struct {
		lang string
		want [][]string
	}{
		{"zh", [][]string{
			{"日期", "时间", "类型", "会议名称", "地点", "主持人", "记录人", "应到", "出席", "请假", "缺席", "补录", "四走进", "四提升", "工作主题"},
			{"2026-11-24", "07:30—16:00", "主题党日（同时计为：支部党员大会、党课）", "十一月主题党日", "党性教育基地", "李书记", "赵委员",
				"12", "9", "2", "1", "是", "走进党性教育基地", "提升党性修养、提升理论素养", "党性教育"},
			{"2026-12-31", "22:00—2027年1月1日 00:30", "支部委员会会议", "跨年值班安排", "", "", "", "5", "5", "0", "0"},
			{"", "", "党课", "时间未填", "", "", "", "0", "0", "0", "0"},
		}},
		{"en", [][]string{
			{"Date", "Time", "Type", "Meeting", "Place", "Chaired by", "Minutes taken by", "Expected", "Present", "On leave", "Absent", "Late entry", "Visits", "Aims", "Work topics"},
			{"2026-11-24", "07:30–16:00", "主题党日 (also counts as: 支部党员大会, 党课)", "十一月主题党日", "党性教育基地", "李书记", "赵委员",
				"12", "9", "2", "1", "Yes", "走进党性教育基地", "提升党性修养, 提升理论素养", "党性教育"},
			{"2026-12-31", "22:00–1 January 2027 00:30", "支部委员会会议", "跨年值班安排", "", "", "", "5", "5", "0", "0"},
			{"", "", "党课", "时间未填", "", "", "", "0", "0", "0", "0"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			t.Parallel()
			l := meetingLabels(t, tt.lang)
			var buf bytes.Buffer
			if err := WriteMeetings(&buf, rows, l); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(&buf)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			sheet := l("report.meetings.sheet")
			got, err := f.GetRows(sheet)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("%d rows, want %d: %q", len(got), len(tt.want), got)
			}
			for i := range tt.want {
				if !slices.Equal(got[i], tt.want[i]) {
					t.Errorf("row %d:\n got %q\nwant %q", i+1, got[i], tt.want[i])
				}
			}
			// The date is a date cell (a serial number shown as a date), so
			// the ledger sorts and filters by date.
			raw, err := f.GetCellValue(sheet, "A2", excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			serial, err := strconv.ParseFloat(raw, 64)
			if err != nil {
				t.Fatalf("A2 holds %q, not a date serial", raw)
			}
			if d, _ := excelize.ExcelDateToTime(serial, false); !d.Equal(time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)) {
				t.Errorf("A2 is %v, want 2026-11-24", d)
			}
			if typ, _ := f.GetCellType(sheet, "D2"); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
				t.Fatalf("the title has cell type %v: the check below cannot tell text from numbers", typ)
			}
			// The counts are numbers, so they add up.
			if typ, _ := f.GetCellType(sheet, "H2"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
				t.Errorf("应到 is stored as text")
			}
		})
	}
}
