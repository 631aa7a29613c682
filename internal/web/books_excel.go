package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/report"
)

// The book corner's catalogue as .xlsx: the export of a shelf (the books
// the catalogue shows for the same filter, every page), and its import
// through the project's one import (sheet_import.go): upload, preview,
// confirm, every book or none. The export's headings are the import's, so
// an exported catalogue imports into another shelf.

// booksExport sends GET /orgs/{id}/books.xlsx.
func (s *Server) booksExport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o, err := s.shelfOrg(r)
	if err != nil {
		return err
	}
	q := parseBookQuery(r.URL.Query())
	books, _, err := s.store.FindBooks(ctx, huoshui.BookFilter{Scope: auth.Scope(userFrom(ctx), auth.ViewRecord), OrgID: o.ID,
		Query: q.Q, Tag: q.Tag, Available: q.Available, Sort: q.Sort, Limit: s.exportCap() + 1})
	if err != nil {
		return err
	}
	if len(books) > s.exportCap() {
		return s.tooManyRows("export_too_many_books", len(books))
	}
	lang := langFrom(r)
	cols := make([]report.TableColumn, len(report.BookColumns))
	widths := map[string]float64{"isbn": 16, "title": 36, "author": 16, "publisher": 20, "year": 8, "tags": 20, "copies": 8}
	for i, c := range report.BookColumns {
		h := c.Zh
		if lang == "en" {
			h = c.En
		}
		cols[i] = report.TableColumn{Header: h, Width: widths[c.Field]}
	}
	tw, err := report.NewTableWriter(s.msgs.T(lang, "books.export_sheet"), cols)
	if err != nil {
		return err
	}
	defer tw.Close()
	for _, b := range books {
		year := any("")
		if b.Year != 0 {
			year = b.Year
		}
		if err := tw.Add([]any{b.ISBN, b.Title, b.Author, b.Publisher, year, strings.Join(b.Tags, "，"), b.Copies}); err != nil {
			return err
		}
	}
	today := s.today()
	startDownload(w, s.msgs.T(lang, "books.export_file", "Org", o.Name, "Date", today.String()),
		fmt.Sprintf("books-%d-%s.xlsx", o.ID, today), xlsxType)
	if _, err := tw.WriteTo(w); err != nil {
		s.logFailure(r, http.StatusInternalServerError, err)
	}
	return nil
}

// bookShelves lists the orgs whose shelf u keeps (branches and above,
// not 党小组).
func (s *Server) bookShelves(ctx context.Context, u *huoshui.User) ([]*huoshui.Org, error) {
	return s.outputOrgs(ctx, u)
}

// bookImport is the catalogue's import: GET /books/import?org=N and the
// steps below it.
func (s *Server) bookImport() *sheetImport[huoshui.BookRow] {
	return &sheetImport[huoshui.BookRow]{
		s: s, base: "/books/import", perm: auth.EditRecord, maxRows: report.MaxBookRows,
		form: "books_import", title: "books.import_title", list: crumb{Href: "/loans/mine", Label: "books.title"},
		words: sheetWords{OrgLabel: "books.shelf", OrgHelp: "books.import.help_org", ChooseOrg: "books.import.choose_org",
			File: "books.import.preview_file", CountsBad: "books.import.counts_bad", CountsClean: "books.import.counts_clean",
			ConfirmHelp: "books.import.confirm_help", Confirm: "books.import.confirm", Empty: "book.empty_sheet"},
		columns: []string{"books.col.isbn", "books.col.title", "books.col.author", "books.col.publisher", "books.col.year", "books.col.tags", "books.col.copies"},
		orgs: func(r *http.Request) ([]*huoshui.Org, error) {
			return s.bookShelves(r.Context(), userFrom(r.Context()))
		},
		read: func(_ *http.Request, file io.Reader) ([]huoshui.BookRow, []huoshui.FieldError, error) {
			sheet, err := report.ParseBooks(file)
			if err != nil {
				return nil, nil, err
			}
			if len(sheet.Problems) == 0 && len(sheet.Rows) == 0 {
				sheet.Problems = []huoshui.FieldError{{Field: "file", Code: "book.empty_sheet"}}
			}
			return sheet.Rows, sheet.Problems, nil
		},
		stage:   s.store.CreateBookBatch,
		find:    s.store.FindBookBatchByID,
		drop:    s.store.DeleteBookBatch,
		cells:   bookCells,
		problem: s.problemOfField,
		save: func(r *http.Request, b *huoshui.BookBatch, rows []huoshui.BookRow) error {
			return s.store.CreateImportedBooks(r.Context(), s.actor(r), b.ID, rows)
		},
		done: "books.imported",
		next: func(org *huoshui.Org) string { return "/orgs/" + strconv.FormatInt(org.ID, 10) + "/books" },
	}
}

// bookCells shows a catalogue row.
func bookCells(_ string, row huoshui.BookRow) []sheetCell {
	b := row.Book
	year := ""
	if b.Year != 0 {
		year = strconv.Itoa(b.Year)
	}
	return []sheetCell{
		{Text: b.ISBN, NoWrap: true}, {Text: b.Title}, {Text: b.Author}, {Text: b.Publisher},
		{Text: year, NoWrap: true}, {Chips: b.Tags, Chip: "tag"}, {Text: strconv.Itoa(row.Copies), NoWrap: true},
	}
}
