package report

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// WriteLandscapeTo finishes the sheet as WriteTo does, set to print on A4
// landscape, fitted to the page's width with the heading row repeated on
// every page, and with a filter on the heading row (headerRow, counted
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
	orientation, size, fitWidth, fitHeight, fit := "landscape", 9, 1, 0, true // 9: A4
	if err := tw.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &orientation, Size: &size,
		FitToWidth: &fitWidth, FitToHeight: &fitHeight}); err != nil {
		return 0, fmt.Errorf("report: table layout: %w", err)
	}
	if err := tw.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
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
