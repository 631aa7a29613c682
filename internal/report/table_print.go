package report

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// WriteLandscapeTo finishes the sheet as WriteTo does, set to print on A4
// landscape, fitted to the page's width with the heading row repeated on
// every page (fitted only if started by NewPrintTableWriter), and with a
// filter on the heading row (headerRow, counted
// from 1: 2 below a title) over its columns.
func (tw *TableWriter) WriteLandscapeTo(w io.Writer, headerRow, columns int) (int64, error) {
	// The stream writes the worksheet's settings when it is flushed:
	// they are set first.
	sheet := tw.f.GetSheetName(0)
	first, _ := excelize.CoordinatesToCellName(1, headerRow)
	last, _ := excelize.CoordinatesToCellName(columns, max(tw.rows, headerRow))
	if err := tw.f.AutoFilter(sheet, first+":"+last, nil); err != nil {
		return 0, fmt.Errorf("report: table filter: %w", err)
	}
	// Fitted to the width when the writer was started so
	// (NewPrintTableWriter): the switch is in the part already streamed.
	orientation, size, fitWidth, fitHeight := "landscape", 9, 1, 0 // 9: A4
	if err := tw.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &orientation, Size: &size,
		FitToWidth: &fitWidth, FitToHeight: &fitHeight}); err != nil {
		return 0, fmt.Errorf("report: table layout: %w", err)
	}
	if err := tw.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet,
		RefersTo: fmt.Sprintf("'%s'!$%d:$%d", sheet, headerRow, headerRow)}); err != nil {
		return 0, fmt.Errorf("report: table print titles: %w", err)
	}
	if err := tw.sw.Flush(); err != nil {
		return 0, fmt.Errorf("report: table: %w", err)
	}
	n, err := tw.f.WriteTo(w)
	if err != nil {
		return n, fmt.Errorf("report: table: %w", err)
	}
	return n, nil
}

// WritePrintableTo finishes the sheet as WriteLandscapeTo does, with the
// filter and the repeated rows on the heading the writer wrote.
func (tw *TableWriter) WritePrintableTo(w io.Writer) (int64, error) {
	return tw.WriteLandscapeTo(w, tw.head, tw.cols)
}
