package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/xuri/excelize/v2"
)

// sheetNames are the names of the roster's sheet and of its instructions.
func sheetNames(t Labels) (roster, help string) {
	return t("report.sheet.roster"), t("report.sheet.help")
}

// rosterStyles are the cell styles the template and the export share.
type rosterStyles struct {
	header, required, example, date, datetime, text, title, wrap int
}

func newStyles(f *excelize.File) (rosterStyles, error) {
	var st rosterStyles
	border := []excelize.Border{{Type: "bottom", Color: "999999", Style: 1}}
	fill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}
	dateFmt, dateTimeFmt, textFmt := "yyyy-mm-dd", "yyyy-mm-dd hh:mm", "@"
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
		{&st.datetime, &excelize.Style{CustomNumFmt: &dateTimeFmt}},
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

func freezeHeader() *excelize.Panes { return freezeBelow(1) }

// freezeBelow keeps the first rows of a sheet (the heading, a title above
// it) in view as the rest scrolls.
func freezeBelow(rows int) *excelize.Panes {
	top := "A" + strconv.Itoa(rows+1)
	return &excelize.Panes{Freeze: true, YSplit: rows, TopLeftCell: top, ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: top, ActiveCell: top, Pane: "bottomLeft"}}}
}

// exampleFields are the columns the template's example row fills, each
// from message "report.example.<field>". The example's name starts with
// 示例 or "Example", so an import skips it.
var exampleFields = []string{"name", "gender", "ethnicity", "birth_date", "education", "id_number", "phone",
	"workplace", "post", "status", "applied_on", "probation_on", "full_on", "group_id"}

func example(t Labels) map[string]string {
	m := map[string]string{}
	for _, f := range exampleFields {
		m[f] = t("report.example." + f)
	}
	return m
}

// WriteRosterTemplate writes the roster to fill in, in t's language: the header
// row (required columns in red) frozen at the top, one example row, drop-
// down lists for the columns with fixed values, text format for ID numbers
// and phones, and a second sheet with instructions and the allowed values.
func WriteRosterTemplate(w io.Writer, t Labels) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return fmt.Errorf("report: template: %w", err)
	}
	sheet, helpSheet := sheetNames(t)
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("report: template: %w", err)
	}
	cols := templateColumns()
	ex := example(t)
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
			func() error { return f.SetCellStr(sheet, name+"1", c.Header(t)) },
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
					labels = append(labels, c.label(t, ch.code))
				}
				if err := dv.SetDropList(labels); err != nil {
					return err
				}
				dv.SetError(excelize.DataValidationErrorStyleStop, c.Header(t), t("report.choose_from_list"))
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
	if err := writeHelpSheet(f, helpSheet, t, st); err != nil {
		return fmt.Errorf("report: template help: %w", err)
	}
	f.SetActiveSheet(0)
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("report: template: %w", err)
	}
	return nil
}

// howTo says how to fill column c.
func howTo(c Column, t Labels) string {
	switch {
	case len(c.choices) > 0:
		var labels []string
		for _, ch := range c.choices {
			labels = append(labels, c.label(t, ch.code))
		}
		return t("report.howto.choose") + strings.Join(labels, t("report.list_sep"))
	case c.kind == kindDate:
		return t("report.howto.date")
	case c.kind == kindID:
		return t("report.howto.id_number")
	case c.kind == kindPhone:
		return t("report.howto.phone")
	case c.Field == "name":
		return t("report.howto.name")
	case c.Field == "group_id":
		return t("report.howto.group")
	}
	return t("report.howto.text")
}

// helpLines is how many numbered lines the instructions have:
// "report.help.1" … "report.help.7".
const helpLines = 7

func writeHelpSheet(f *excelize.File, sheet string, t Labels, st rosterStyles) error {
	if _, err := f.NewSheet(sheet); err != nil {
		return err
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
	if err := f.SetCellStr(sheet, "A1", t("report.help.title")); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, "A1", "A1", st.title); err != nil {
		return err
	}
	for n := 1; n <= helpLines; n++ {
		line := t(fmt.Sprintf("report.help.%d", n))
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
	if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", row), &[]any{t("report.help.column"), t("report.help.required_head"), t("report.help.how")}); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, fmt.Sprintf("A%d", row), fmt.Sprintf("C%d", row), st.header); err != nil {
		return err
	}
	for _, c := range templateColumns() {
		row++
		req := t("report.help.optional")
		if c.Required {
			req = t("report.help.required")
		}
		if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", row), &[]any{c.Header(t), req, howTo(c, t)}); err != nil {
			return err
		}
	}
	return nil
}

// RosterOptions say what a roster export holds besides its columns.
type RosterOptions struct {
	// Title, when set, is a row above the header (whose roster, of what
	// day). ParseRoster reads past it.
	Title string
	// Archived adds the archive's time and reason to each row: a list of
	// people who left. Give ArchivedAt in the reader's time zone.
	Archived bool
}

// archiveColumns are the columns an export of archived people adds after
// the roster's: message "report.col.<field>".
var archiveColumns = []struct {
	field string
	width float64
}{{"archived_at", 17}, {"archive_reason", 30}}

// WriteRoster writes members as a roster in t's language, one row each,
// with the template's columns and the branch. It writes what it is given:
// masking what the reader may not see is the caller's job.
func WriteRoster(w io.Writer, t Labels, o RosterOptions, ms []*huoshui.Member) error {
	rw, err := NewRosterWriter(t, o)
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
// then WriteTo. It is a TableWriter with the roster's columns in t's
// language; the rows wait in excelize's stream buffer (a temporary file
// past 16 MB), not as members. Close frees it.
//
// The sheet is made to be worked with and printed: ID numbers and phones
// are text columns (a number typed into them stays text), date columns
// are dates, the header has a filter and stays in view, and it prints on
// A4 landscape, fitted to the width, the header on every page.
type RosterWriter struct {
	tw *TableWriter
	t  Labels
	o  RosterOptions
}

// NewRosterWriter starts a roster in t's language with its title and
// heading rows.
func NewRosterWriter(t Labels, o RosterOptions) (*RosterWriter, error) {
	sheet, _ := sheetNames(t)
	cols := make([]TableColumn, len(RosterColumns))
	for i, c := range RosterColumns {
		cols[i] = TableColumn{Header: c.Header(t), Width: c.Width}
		switch c.kind {
		case kindID, kindPhone:
			cols[i].Format = FormatText
		case kindDate:
			cols[i].Format = FormatDate
		}
	}
	if o.Archived {
		for _, c := range archiveColumns {
			cols = append(cols, TableColumn{Header: t("report.col." + c.field), Width: c.width})
		}
		cols[len(cols)-2].Format = FormatDateTime
	}
	tw, err := NewPrintTableWriter(sheet, o.Title, cols)
	if err != nil {
		return nil, err
	}
	return &RosterWriter{tw: tw, t: t, o: o}, nil
}

// Add writes one member as the next row.
func (rw *RosterWriter) Add(m *huoshui.Member) error {
	row := make([]any, len(RosterColumns), len(RosterColumns)+len(archiveColumns))
	for i, c := range RosterColumns {
		row[i] = exportCell(m, c, rw.t)
	}
	if rw.o.Archived {
		var at DateTime
		if m.ArchivedAt != nil {
			at = DateTime(*m.ArchivedAt)
		}
		row = append(row, at, m.ArchiveReason)
	}
	return rw.tw.Add(row)
}

// WriteTo finishes the sheet, set up to print, and writes the workbook
// to w.
func (rw *RosterWriter) WriteTo(w io.Writer) (int64, error) { return rw.tw.WritePrintableTo(w) }

// Close frees the workbook and its temporary files.
func (rw *RosterWriter) Close() error { return rw.tw.Close() }

// exportCell is the value of column c for member m.
func exportCell(m *huoshui.Member, c Column, t Labels) any {
	if c.kind == kindDate {
		return *dateField(m, c.Field) // a date cell, or empty (TableWriter)
	}
	var v string
	switch c.Field {
	case "name":
		v = m.Name
	case "gender":
		v = labelOf(t, c, string(m.Gender))
	case "ethnicity":
		v = m.Ethnicity
	case "education":
		v = labelOf(t, c, m.Education)
	case "id_number", "phone":
		v = m.IDNumber
		if c.Field == "phone" {
			v = m.Phone
		}
		if v == "" {
			return nil
		}
		return Text(v)
	case "workplace":
		v = m.Workplace
	case "post":
		v = m.Post
	case "status":
		v = labelOf(t, c, string(m.Status))
	case "org":
		v = m.OrgName
	case "group_id":
		v = m.GroupName
	case "committee_post":
		v = labelOf(t, c, string(m.CommitteePost))
	}
	if v == "" {
		return nil
	}
	return v
}
