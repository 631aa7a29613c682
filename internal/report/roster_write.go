package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/xuri/excelize/v2"
)

// Sheet names.
func sheetNames(lang string) (roster, help string) {
	if lang == "en" {
		return "Roster", "Instructions"
	}
	return "党员花名册", "填写说明"
}

// rosterStyles are the cell styles the template and the export share.
type rosterStyles struct {
	header, required, example, date, text, title, wrap int
}

func newStyles(f *excelize.File) (rosterStyles, error) {
	var st rosterStyles
	border := []excelize.Border{{Type: "bottom", Color: "999999", Style: 1}}
	fill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}
	dateFmt, textFmt := "yyyy-mm-dd", "@"
	specs := []struct {
		dst *int
		s   *excelize.Style
	}{
		{&st.header, &excelize.Style{Font: &excelize.Font{Bold: true}, Fill: fill, Border: border,
			Alignment: &excelize.Alignment{Vertical: "center"}}},
		{&st.required, &excelize.Style{Font: &excelize.Font{Bold: true, Color: "B3261E"}, Fill: fill, Border: border,
			Alignment: &excelize.Alignment{Vertical: "center"}}},
		{&st.example, &excelize.Style{Font: &excelize.Font{Italic: true, Color: "7F7F7F"}, CustomNumFmt: &textFmt}},
		{&st.date, &excelize.Style{CustomNumFmt: &dateFmt}},
		{&st.text, &excelize.Style{CustomNumFmt: &textFmt}},
		{&st.title, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&st.wrap, &excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
	}
	for _, sp := range specs {
		id, err := f.NewStyle(sp.s)
		if err != nil {
			return st, err
		}
		*sp.dst = id
	}
	return st, nil
}

func freezeHeader() *excelize.Panes {
	return &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}
}

// example is the template's example row, by field. Its name starts with
// 示例, so an import skips it.
func example(lang string) map[string]string {
	if lang == "en" {
		return map[string]string{"name": "Example: Wang Xiaohong (not imported)", "gender": "Female", "ethnicity": "Han",
			"birth_date": "1992-05-15", "education": "Bachelor", "id_number": "110101199205150028", "phone": "13912345678",
			"workplace": "General Office", "post": "Clerk", "status": "Full member", "applied_on": "2012-10-08",
			"probation_on": "2014-07-01", "full_on": "2015-07-01", "group_id": "First party group"}
	}
	return map[string]string{"name": "示例：王小红（本行不导入）", "gender": "女", "ethnicity": "汉族",
		"birth_date": "1992-05-15", "education": "大学本科", "id_number": "110101199205150028", "phone": "13912345678",
		"workplace": "省政协办公厅", "post": "一级科员", "status": "正式党员", "applied_on": "2012-10-08",
		"probation_on": "2014-07-01", "full_on": "2015-07-01", "group_id": "第一党小组"}
}

// WriteRosterTemplate writes the roster to fill in, in lang: the header
// row (required columns in red) frozen at the top, one example row, drop-
// down lists for the columns with fixed values, text format for ID numbers
// and phones, and a second sheet with instructions and the allowed values.
func WriteRosterTemplate(w io.Writer, lang string) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return fmt.Errorf("report: template: %w", err)
	}
	sheet, helpSheet := sheetNames(lang)
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("report: template: %w", err)
	}
	cols := templateColumns()
	ex := example(lang)
	last := MaxRosterRows + 1
	for i, c := range cols {
		name, _ := excelize.ColumnNumberToName(i + 1)
		steps := []func() error{
			func() error { return f.SetColWidth(sheet, name, name, c.Width) },
			func() error {
				switch c.kind {
				case kindDate:
					return f.SetColStyle(sheet, name, st.date)
				case kindID, kindPhone:
					return f.SetColStyle(sheet, name, st.text)
				}
				return nil
			},
			func() error { return f.SetCellStr(sheet, name+"1", c.Header(lang)) },
			func() error {
				hs := st.header
				if c.Required {
					hs = st.required
				}
				return f.SetCellStyle(sheet, name+"1", name+"1", hs)
			},
			func() error { return f.SetCellStr(sheet, name+"2", ex[c.Field]) },
			func() error { return f.SetCellStyle(sheet, name+"2", name+"2", st.example) },
			func() error {
				if len(c.choices) == 0 {
					return nil
				}
				dv := excelize.NewDataValidation(true)
				dv.SetSqref(fmt.Sprintf("%s2:%s%d", name, name, last))
				var labels []string
				for _, ch := range c.choices {
					labels = append(labels, ch.label(lang))
				}
				if err := dv.SetDropList(labels); err != nil {
					return err
				}
				if lang == "en" {
					dv.SetError(excelize.DataValidationErrorStyleStop, c.En, "Please choose from the list.")
				} else {
					dv.SetError(excelize.DataValidationErrorStyleStop, c.Zh, "请从下拉列表中选择。")
				}
				return f.AddDataValidation(sheet, dv)
			},
		}
		for _, step := range steps {
			if err := step(); err != nil {
				return fmt.Errorf("report: template column %s: %w", c.Field, err)
			}
		}
	}
	if err := f.SetRowHeight(sheet, 1, 22); err != nil {
		return fmt.Errorf("report: template: %w", err)
	}
	if err := f.SetPanes(sheet, freezeHeader()); err != nil {
		return fmt.Errorf("report: template: %w", err)
	}
	if err := writeHelpSheet(f, helpSheet, lang, st); err != nil {
		return fmt.Errorf("report: template help: %w", err)
	}
	f.SetActiveSheet(0)
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("report: template: %w", err)
	}
	return nil
}

var helpText = map[string][]string{
	"zh": {
		"党员花名册填写说明",
		"1. 每行填一个人。第一行是表头，请不要改动列名；列的顺序可以调整，用不到的列可以删掉，但“姓名”和“人员类别”两列必须保留（表头中红色的列）。",
		"2. 以“示例”开头的行不会导入，可以删掉，也可以留着。",
		"3. 日期请写成 2026-11-24 这样；2026/11/24、2026.11.24、20261124、2026年11月24日 也能识别。",
		"4. 身份证号这一列已设为文本格式，请直接填写 18 位号码，不要改成数字格式，否则 Excel 会把后几位变成 0。出生日期不填时，会从身份证号中读出。",
		"5. 人员类别对应阶段的日期必须填写，例如正式党员要填转正日期、预备党员要填入党日期；更早阶段的日期查不到可以空着；还没到的阶段请空着。",
		"6. 党小组请填本支部党小组的名称；支委职务只有正式党员可以填，没有就空着。",
		"7. 上传后系统会先列出每一行和发现的问题，确认无误后才会一次性导入；只要有一行有问题，就一行也不会导入。",
		"列名", "是否必填", "怎么填写", "必填", "选填",
	},
	"en": {
		"How to fill in the member roster",
		"1. One person per row. The first row is the header: keep the column names. You may reorder columns and delete those you do not use, but keep Name and Status (the red columns).",
		"2. Rows whose name starts with \"Example\" are not imported; delete them or leave them.",
		"3. Write dates like 2026-11-24; 2026/11/24, 2026.11.24 and 20261124 are read too.",
		"4. The ID number column is formatted as text: type the 18 characters as they are, and do not turn the column into numbers, or Excel replaces the last digits with zeros. A missing birth date is read from the ID number.",
		"5. The date of the person's current stage is required (a full member's date of full membership, a probationary member's admission date); earlier dates may stay empty when unknown; later stages must stay empty.",
		"6. Party group: the name of one of the branch's party groups. Committee post: only full members may hold one; leave it empty otherwise.",
		"7. After the upload every row is listed with its problems; nothing is imported until you confirm, and if any row has a problem, no row is imported.",
		"Column", "Required", "How to fill it in", "Required", "Optional",
	},
}

func howTo(c Column, lang string) string {
	en := lang == "en"
	switch {
	case len(c.choices) > 0:
		var labels []string
		for _, ch := range c.choices {
			labels = append(labels, ch.label(lang))
		}
		if en {
			return "Choose from the list: " + strings.Join(labels, ", ")
		}
		return "从下拉列表选择：" + strings.Join(labels, "、")
	case c.kind == kindDate:
		if en {
			return "A date, such as 2026-11-24"
		}
		return "日期，如 2026-11-24"
	case c.kind == kindID:
		if en {
			return "18 characters; the last may be X"
		}
		return "18 位，最后一位可以是 X"
	case c.kind == kindPhone:
		if en {
			return "An 11-digit mobile number, or a landline with its area code"
		}
		return "11 位手机号，或带区号的固定电话"
	case c.Field == "name":
		if en {
			return "Up to 40 characters"
		}
		return "不超过 40 个字"
	case c.Field == "group_id":
		if en {
			return "The name of a party group of the branch"
		}
		return "本支部党小组的名称"
	}
	if en {
		return "Text"
	}
	return "文字"
}

func writeHelpSheet(f *excelize.File, sheet, lang string, st rosterStyles) error {
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	t := helpText[lang]
	if t == nil {
		t = helpText["zh"]
	}
	if err := f.SetColWidth(sheet, "A", "A", 20); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "B", "B", 10); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "C", "C", 70); err != nil {
		return err
	}
	row := 1
	if err := f.SetCellStr(sheet, "A1", t[0]); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, "A1", "A1", st.title); err != nil {
		return err
	}
	for _, line := range t[1:8] {
		row++
		cell := fmt.Sprintf("A%d", row)
		if err := f.SetCellStr(sheet, cell, line); err != nil {
			return err
		}
		if err := f.MergeCell(sheet, cell, fmt.Sprintf("C%d", row)); err != nil {
			return err
		}
		if err := f.SetCellStyle(sheet, cell, cell, st.wrap); err != nil {
			return err
		}
		if err := f.SetRowHeight(sheet, row, 36); err != nil {
			return err
		}
	}
	row += 2
	if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", row), &[]any{t[8], t[9], t[10]}); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, fmt.Sprintf("A%d", row), fmt.Sprintf("C%d", row), st.header); err != nil {
		return err
	}
	for _, c := range templateColumns() {
		row++
		req := t[12]
		if c.Required {
			req = t[11]
		}
		if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", row), &[]any{c.Header(lang), req, howTo(c, lang)}); err != nil {
			return err
		}
	}
	return nil
}

// WriteRoster writes members as a roster in lang, one row each, with the
// template's columns and the branch. It writes what it is given: masking
// what the reader may not see is the caller's job.
func WriteRoster(w io.Writer, lang string, ms []*huoshui.Member) error {
	rw, err := NewRosterWriter(lang)
	if err != nil {
		return err
	}
	defer rw.Close()
	for _, m := range ms {
		if err := rw.Add(m); err != nil {
			return err
		}
	}
	_, err = rw.WriteTo(w)
	return err
}

// RosterWriter writes a roster a row at a time, so an export of many
// thousand members never holds them all: Add each member as it is read,
// then WriteTo. The sheet's rows wait in excelize's stream buffer (a
// temporary file past 16 MB), not as members. Close frees it.
type RosterWriter struct {
	f    *excelize.File
	sw   *excelize.StreamWriter
	st   rosterStyles
	lang string
	rows int
}

// NewRosterWriter starts a roster in lang with its heading row.
func NewRosterWriter(lang string) (*RosterWriter, error) {
	f := excelize.NewFile()
	rw := &RosterWriter{f: f, lang: lang}
	if err := rw.start(); err != nil {
		f.Close()
		return nil, fmt.Errorf("report: roster: %w", err)
	}
	return rw, nil
}

func (rw *RosterWriter) start() error {
	var err error
	if rw.st, err = newStyles(rw.f); err != nil {
		return err
	}
	sheet, _ := sheetNames(rw.lang)
	if err := rw.f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	if rw.sw, err = rw.f.NewStreamWriter(sheet); err != nil {
		return err
	}
	for i, c := range RosterColumns {
		if err := rw.sw.SetColWidth(i+1, i+1, c.Width); err != nil {
			return err
		}
	}
	if err := rw.sw.SetPanes(freezeHeader()); err != nil {
		return err
	}
	head := make([]any, len(RosterColumns))
	for i, c := range RosterColumns {
		head[i] = excelize.Cell{StyleID: rw.st.header, Value: c.Header(rw.lang)}
	}
	return rw.sw.SetRow("A1", head, excelize.RowOpts{Height: 22})
}

// Add writes one member as the next row.
func (rw *RosterWriter) Add(m *huoshui.Member) error {
	row := make([]any, len(RosterColumns))
	for i, c := range RosterColumns {
		row[i] = exportCell(m, c, rw.lang, rw.st)
	}
	rw.rows++
	cell, _ := excelize.CoordinatesToCellName(1, rw.rows+1)
	if err := rw.sw.SetRow(cell, row); err != nil {
		return fmt.Errorf("report: roster row %d: %w", rw.rows+1, err)
	}
	return nil
}

// Rows is how many members were added.
func (rw *RosterWriter) Rows() int { return rw.rows }

// WriteTo finishes the sheet and writes the workbook to w.
func (rw *RosterWriter) WriteTo(w io.Writer) (int64, error) {
	if err := rw.sw.Flush(); err != nil {
		return 0, fmt.Errorf("report: roster: %w", err)
	}
	n, err := rw.f.WriteTo(w)
	if err != nil {
		return n, fmt.Errorf("report: roster: %w", err)
	}
	return n, nil
}

// Close frees the workbook and its temporary files.
func (rw *RosterWriter) Close() error { return rw.f.Close() }

// exportCell is the value of column c for member m.
func exportCell(m *huoshui.Member, c Column, lang string, st rosterStyles) any {
	if c.kind == kindDate {
		d := *dateField(m, c.Field)
		if d.IsZero() {
			return nil
		}
		return excelize.Cell{StyleID: st.date, Value: d.Time()}
	}
	var v string
	switch c.Field {
	case "name":
		v = m.Name
	case "gender":
		v = labelOf(genderChoices, string(m.Gender), lang)
	case "ethnicity":
		v = m.Ethnicity
	case "education":
		v = labelOf(educationChoices, m.Education, lang)
	case "id_number", "phone":
		v = m.IDNumber
		if c.Field == "phone" {
			v = m.Phone
		}
		if v == "" {
			return nil
		}
		return excelize.Cell{StyleID: st.text, Value: v}
	case "workplace":
		v = m.Workplace
	case "post":
		v = m.Post
	case "status":
		v = labelOf(statusChoices, string(m.Status), lang)
	case "org":
		v = m.OrgName
	case "group_id":
		v = m.GroupName
	case "committee_post":
		v = labelOf(postChoices, string(m.CommitteePost), lang)
	}
	if v == "" {
		return nil
	}
	return v
}
