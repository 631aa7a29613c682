package huoshui

import "time"

// ImportBatch is a roster file read and waiting for its uploader to look it
// over (导入预览). Nothing reaches the members table until the uploader
// confirms; then every row goes in, or none does. Batches nobody confirms
// are dropped after ImportBatchTTL.
type ImportBatch struct {
	ID        int64
	UserID    int64 // who uploaded it; only they may see, confirm or discard it
	OrgID     int64 // the branch the rows join
	FileName  string
	Rows      []ImportRow
	CreatedAt time.Time
}

// ImportBatchTTL is how long an unconfirmed batch is kept.
const ImportBatchTTL = 24 * time.Hour

// ImportRow is one data row of a roster file as it was read.
type ImportRow struct {
	Line      int          // the row's number in the sheet, as Excel shows it
	Member    Member       // the fields read from the row
	GroupName string       // the 党小组 as typed; matched to the branch's groups later
	Problems  []FieldError // what is wrong with the row, found while reading it
}

// RowsWithProblems counts the rows that have a problem.
func (b *ImportBatch) RowsWithProblems() int {
	n := 0
	for _, r := range b.Rows {
		if len(r.Problems) > 0 {
			n++
		}
	}
	return n
}
