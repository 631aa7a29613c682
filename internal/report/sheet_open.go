package report

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// ErrODS: an OpenDocument spreadsheet (.ods), as LibreOffice and WPS
// save by default. It is also an ErrNotSpreadsheet: the refusal asks for
// the file saved as .xlsx or .csv. (No Go reader of .ods is kept well
// enough to trust with uploads: the ones there are small, unmaintained,
// expand repeated rows and columns without a limit, and lose dates and
// hidden rows.)
var ErrODS = fmt.Errorf("%w: OpenDocument spreadsheet (.ods)", ErrNotSpreadsheet)

// sheetOptions are the options every import opens a workbook with.
func sheetOptions(raw bool) excelize.Options {
	o := excelize.Options{UnzipSizeLimit: maxUnzip, UnzipXMLSizeLimit: maxUnzipXML}
	if raw {
		o.RawCellValue, o.ShortDatePattern, o.CultureInfo = true, "yyyy-mm-dd", excelize.CultureNameZhCN
	}
	return o
}

// openSheets opens an uploaded sheet for reading: an .xlsx workbook
// (checked by sniffXLSX first), or a CSV file, read into a workbook of
// one sheet of text cells so every import reads it the same way. A CSV
// file may be UTF-8 (with or without the BOM Excel writes), UTF-16 with
// a BOM (Excel's "Unicode text"), or GBK/GB18030 (Excel's plain CSV on a
// Chinese Windows); commas, tabs or semicolons separate its cells. The
// caller closes the file. It may panic on a malformed workbook: callers
// recover.
func openSheets(data []byte, opts excelize.Options) (*excelize.File, error) {
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) || bytes.HasPrefix(data, oleMagic) {
		if err := sniffXLSX(data); err != nil {
			return nil, err
		}
		f, err := excelize.OpenReader(bytes.NewReader(data), opts)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrNotSpreadsheet, err)
		}
		return f, nil
	}
	text, ok := decodeText(data)
	if !ok {
		return nil, ErrNotSpreadsheet
	}
	return csvBook(text)
}

var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// decodeText reads data as text in the encodings a CSV file comes in, or
// reports that it is not text (a control character, a byte sequence no
// encoding reads).
func decodeText(data []byte) (string, bool) {
	var s string
	switch {
	case len(data) == 0:
		return "", false
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		s = string(data[3:])
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		out, _, err := transform.Bytes(unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder(), data)
		if err != nil {
			return "", false
		}
		s = string(out)
	case utf8.Valid(data):
		s = string(data)
	default:
		out, _, err := transform.Bytes(simplifiedchinese.GB18030.NewDecoder(), data)
		if err != nil {
			return "", false
		}
		s = string(out)
	}
	if !utf8.ValidString(s) || strings.ContainsRune(s, utf8.RuneError) {
		return "", false
	}
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' {
			return "", false
		}
	}
	return s, true
}

// sepOf guesses the separator of a CSV text from its first lines: the
// one of comma, tab and semicolon seen most, or 0 when none is.
func sepOf(text string) rune {
	lines := strings.SplitN(text, "\n", headerScan+1)
	best, most := rune(0), 0
	for _, sep := range []rune{',', '\t', ';'} {
		n := 0
		for _, l := range lines[:min(len(lines), headerScan)] {
			n += strings.Count(l, string(sep))
		}
		if n > most {
			best, most = sep, n
		}
	}
	return best
}

// csvBook reads a CSV text into a workbook of one sheet, every cell text,
// within the limits an .xlsx file has: at most maxSheetLines lines, a
// cell of at most MaxCellKB, maxCells cells.
func csvBook(text string) (*excelize.File, error) {
	sep := sepOf(text)
	if sep == 0 {
		return nil, ErrNotSpreadsheet
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma, cr.FieldsPerRecord, cr.LazyQuotes, cr.ReuseRecord = sep, -1, true, true
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("report: csv: %w", err)
	}
	// line is the row as a spreadsheet shows the file: an empty line is
	// an empty row (the reader skips it), a cell of several lines one row.
	line, end, cells := 0, 0, 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("%w: %w", ErrNotSpreadsheet, err)
		}
		start, _ := cr.FieldPos(0)
		last, _ := cr.FieldPos(len(rec) - 1)
		line += start - end
		end = last + strings.Count(rec[len(rec)-1], "\n")
		if line > maxSheetLines {
			f.Close()
			return nil, ErrTooManyRows
		}
		if cells += len(rec); cells > maxCells {
			f.Close()
			return nil, ErrUnpacksTooLarge
		}
		row := make([]any, len(rec))
		blank := true
		for i, c := range rec {
			if len(c) > maxRun {
				f.Close()
				return nil, ErrUnpacksTooLarge
			}
			if c != "" {
				row[i], blank = c, false
			}
		}
		if blank {
			continue // a row of nothing stays a row of nothing
		}
		cell, _ := excelize.CoordinatesToCellName(1, line)
		if err := sw.SetRow(cell, row); err != nil {
			f.Close()
			return nil, fmt.Errorf("%w: %w", ErrNotSpreadsheet, err)
		}
	}
	if err := sw.Flush(); err != nil {
		f.Close()
		return nil, fmt.Errorf("report: csv: %w", err)
	}
	return f, nil
}
