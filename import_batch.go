package huoshui

// ImportBatch is a roster file staged for its uploader's look (a
// StagedSheet of roster rows).
type ImportBatch = StagedSheet[ImportRow]

// ImportRow is one data row of a roster file as it was read.
type ImportRow struct {
	Line      int          // the row's number in the sheet, as Excel shows it
	Member    Member       // the fields read from the row
	GroupName string       // the 党小组 as typed; matched to the branch's groups later
	Problems  []FieldError // what is wrong with the row, found while reading it
	Hidden    bool         // the row is hidden in the sheet; it is read all the same
}

func (r ImportRow) SheetLine() int              { return r.Line }
func (r ImportRow) SheetProblems() []FieldError { return r.Problems }
func (r ImportRow) SheetHidden() bool           { return r.Hidden }
