package report

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/xuri/excelize/v2"
)

var outputsNow = time.Date(2026, 6, 20, 4, 0, 0, 0, time.UTC)

func sampleOutputs() map[huoshui.OutputKind][]*huoshui.Output {
	owners := []huoshui.OutputOwner{{MemberID: 1, Name: "王志强"}, {MemberID: 2, Name: "杨雪梅"}}
	d := huoshui.NewDate(2026, 3, 12)
	return map[huoshui.OutputKind][]*huoshui.Output{
		huoshui.OutputPublication: {{Kind: huoshui.OutputPublication, Title: "以高质量督查推动决策落地", Date: d, Outlet: "联合日报",
			Level: huoshui.LevelProvincial, Link: "https://example.cn/a.html", Owners: owners}},
		huoshui.OutputAward: {{Kind: huoshui.OutputAward, Title: "全省政协系统优秀信息成果", Date: d, Level: huoshui.LevelNational,
			Issuer: "全国政协办公厅", Owners: owners[:1]}},
		huoshui.OutputDocument: {{Kind: huoshui.OutputDocument, Title: "2026年督查工作要点", Date: d, DocKind: huoshui.DocWorkReport,
			Characters: 12600, Owners: owners}},
		huoshui.OutputInnovation: {{Kind: huoshui.OutputInnovation, Title: "机要文件收发“一码通”", Date: d, Status: huoshui.InnovationPromoted,
			Problem: "登记靠手写，交接难追溯", Change: "每份文件一个二维码，扫码登记、签收", Before: "平均每份 6 分钟", After: "平均每份 1 分钟", Owners: owners}},
	}
}

// Each kind's sheet has a title row over its headings and reads back as
// it was written, in either language, owners by name.
func TestOutputsRoundTrip(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		labels := testLabels(t, lang)
		for k, xs := range sampleOutputs() {
			var buf bytes.Buffer
			if err := WriteOutputs(&buf, k, "秘书处（督查处）党支部 · 2026", labels, xs); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			sheet := f.GetSheetList()[0]
			title, _ := f.GetCellValue(sheet, "A1")
			head, _ := f.GetCellValue(sheet, "A2")
			f.Close()
			if title != "秘书处（督查处）党支部 · 2026" || head != labels("report.output."+string(k)+".title") {
				t.Errorf("%s %s: A1 %q, A2 %q: want the title over the headings", lang, k, title, head)
			}
			sh, err := ParseOutputs(bytes.NewReader(buf.Bytes()), k, outputsNow, bothLabels(t)...)
			if err != nil {
				t.Fatal(err)
			}
			if len(sh.Problems) > 0 || len(sh.Rows) != 1 {
				t.Fatalf("%s %s: %+v", lang, k, sh)
			}
			row, want := sh.Rows[0], xs[0]
			got := row.Output
			if row.Line != 3 || len(row.Problems) > 0 || got.Title != want.Title || got.Date != want.Date || got.Level != want.Level ||
				got.Outlet != want.Outlet || got.Link != want.Link || got.Issuer != want.Issuer || got.DocKind != want.DocKind ||
				got.Characters != want.Characters || got.Status != want.Status || got.Problem != want.Problem || got.After != want.After {
				t.Errorf("%s %s: read back %+v (line %d, %v), want %+v", lang, k, got, row.Line, row.Problems, want)
			}
			if len(row.OwnerNames) != len(want.Owners) || row.OwnerNames[0] != "王志强" {
				t.Errorf("%s %s: owners %v", lang, k, row.OwnerNames)
			}
		}
	}
}

// A sheet typed by hand: labels in either language, counts with commas,
// and every kind of bad row, each with its problem; nothing refuses the
// sheet as a whole.
func TestParseOutputsRows(t *testing.T) {
	f := excelize.NewFile()
	rows := [][]any{
		{"文稿标题", "成文日期", "文稿类别", "字数", "起草人"},
		{"讲话稿一", "2026-01-05", "讲话稿", "12,600", "王志强、杨雪梅"},
		{"Report two", "2026/2/3", "Work report", 800.0, "王志强"},
		{"负数", "2026-01-05", "讲话稿", "-5", "王志强"},
		{"不是数", "2026-01-05", "讲话稿", "一万二", "王志强"},
		{"类别不对", "2026-01-05", "便函", "100", "王志强"},
		{"明天", "2026-06-21", "讲话稿", "100", "王志强"},
		{"没人", "2026-01-05", "讲话稿", "100", ""},
		{"", "", "", "", ""},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	sh, err := ParseOutputs(&buf, huoshui.OutputDocument, outputsNow, bothLabels(t)...)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"", "", "characters:output.characters_negative", "characters:output.characters_format",
		"doc_kind:output.doc_kind_unknown_value", "dated_on:output.date_future", "owners:output.owners_required"}
	if len(sh.Rows) != len(want) {
		t.Fatalf("%d rows, want %d: %+v", len(sh.Rows), len(want), sh.Rows)
	}
	for i, r := range sh.Rows {
		var got []string
		for _, p := range r.Problems {
			got = append(got, p.Field+":"+p.Code)
		}
		if strings.Join(got, " ") != want[i] {
			t.Errorf("row %d (%s): %v, want %q", r.Line, r.Output.Title, got, want[i])
		}
	}
	if x := sh.Rows[0].Output; x.Characters != 12600 || x.DocKind != huoshui.DocSpeech || len(sh.Rows[0].OwnerNames) != 2 {
		t.Errorf("first row %+v %v", x, sh.Rows[0].OwnerNames)
	}
	if x := sh.Rows[1].Output; x.Characters != 800 || x.DocKind != huoshui.DocWorkReport || x.Date != huoshui.NewDate(2026, 2, 3) {
		t.Errorf("second row %+v", x)
	}
	// A sheet of another kind has no title column: refused as a whole.
	var pub bytes.Buffer
	if err := WriteOutputs(&pub, huoshui.OutputPublication, "", testLabels(t, "zh"), nil); err != nil {
		t.Fatal(err)
	}
	sh, err = ParseOutputs(&pub, huoshui.OutputInnovation, outputsNow, bothLabels(t)...)
	if err != nil || len(sh.Problems) != 1 || sh.Problems[0].Code != CodeNoOutputHeader {
		t.Errorf("a publications sheet read as innovations: %+v %v", sh, err)
	}
	if _, err := ParseOutputs(strings.NewReader("not a workbook"), huoshui.OutputAward, outputsNow); !errors.Is(err, ErrNotSpreadsheet) {
		t.Errorf("text read as a sheet: %v", err)
	}
}

// docx builds a .docx whose document.xml holds body.
func docx(t *testing.T, body string) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for name, text := range map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"word/document.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body + `</w:body></w:document>`,
	} {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(text))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestDocxText(t *testing.T) {
	cases := []struct {
		body, want string
	}{
		{`<w:p><w:r><w:t>关于加强督查工作的意见</w:t></w:r></w:p>`, "关于加强督查工作的意见"},
		{`<w:p><w:r><w:t>一、</w:t></w:r><w:r><w:t xml:space="preserve">总体要求 </w:t></w:r></w:p><w:p><w:r><w:t>二、</w:t></w:r></w:p>`,
			"一、总体要求 \n二、"},
		{`<w:p><w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t></w:r></w:p>`, "甲\t乙\n丙"},
		// Deleted text and field codes are not text.
		{`<w:p><w:del><w:r><w:delText>删去的字</w:delText></w:r></w:del><w:r><w:instrText>PAGE</w:instrText><w:t>留下</w:t></w:r></w:p>`, "留下"},
	}
	for _, c := range cases {
		data := docx(t, c.body)
		got, err := DocxText(bytes.NewReader(data), int64(len(data)))
		if err != nil || got != c.want {
			t.Errorf("%s: %q %v, want %q", c.body, got, err, c.want)
		}
	}
	notDocx := []byte("PK\x03\x04 broken")
	if _, err := DocxText(bytes.NewReader(notDocx), int64(len(notDocx))); !errors.Is(err, ErrNotDocx) {
		t.Errorf("a broken zip: %v", err)
	}
	var empty bytes.Buffer
	z := zip.NewWriter(&empty)
	z.Create("xl/workbook.xml")
	z.Close()
	if _, err := DocxText(bytes.NewReader(empty.Bytes()), int64(empty.Len())); !errors.Is(err, ErrNotDocx) {
		t.Errorf("a workbook read as a document: %v", err)
	}
}
