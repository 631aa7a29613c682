package huoshui

import "time"

// StagedSheet is a spreadsheet read and waiting for its uploader to look
// it over (导入预览): its rows as they were read, each with the problems
// found in it. Nothing reaches the records the sheet adds to until the
// uploader confirms; then every row goes in, or none does. Every kind of
// import stages its sheets the same way, with rows of its own kind R;
// sheets nobody confirms are dropped after StagedSheetTTL.
type StagedSheet[R SheetRow] struct {
	ID       int64
	UserID   int64 // who uploaded it; only they may see, confirm or discard it
	OrgID    int64 // the org the rows join
	FileName string
	Rows     []R
	// File is the uploaded file as it came, kept beside the rows so the
	// problems can be handed back in it (staging writes it; finding a
	// sheet leaves it out: the store reads it alone, StagedSheetFile).
	File      []byte
	CreatedAt time.Time
}

// StagedSheetTTL is how long an unconfirmed sheet is kept.
const StagedSheetTTL = 24 * time.Hour

// SheetRow is one data row of an uploaded sheet as it was read.
type SheetRow interface {
	// SheetLine is the row's number in the sheet, as Excel shows it.
	SheetLine() int
	// SheetProblems is what is wrong with the row, found while reading it.
	SheetProblems() []FieldError
}

// RowsWithProblems counts the rows that have a problem.
func (b *StagedSheet[R]) RowsWithProblems() int {
	n := 0
	for _, r := range b.Rows {
		if len(r.SheetProblems()) > 0 {
			n++
		}
	}
	return n
}
