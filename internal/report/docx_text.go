package report

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// ErrNotDocx: the file is not a Word document in the Office Open XML
// format (.docx): an old .doc, a renamed file, a damaged one.
var ErrNotDocx = errors.New("report: not a .docx document")

// maxDocxXML bounds what word/document.xml may unpack to: a document of
// a million characters is some 20 MB of XML.
const maxDocxXML = MaxUnpackedMB << 20

// wordML is the namespace of WordprocessingML's elements.
const wordML = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

// DocxText reads the text of a Word document (.docx) as Word shows it:
// the text runs (w:t) of word/document.xml, a tab for w:tab, a line break
// for w:br and w:cr and after each paragraph. Deleted text of tracked
// changes (w:delText) and field codes (w:instrText) are not text. It
// refuses what is not a .docx with ErrNotDocx, and a document that
// unpacks to more than MaxUnpackedMB with ErrUnpacksTooLarge.
func DocxText(r io.ReaderAt, size int64) (string, error) {
	z, err := zip.NewReader(r, size)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrNotDocx, err)
	}
	if len(z.File) > maxZipEntries {
		return "", ErrUnpacksTooLarge
	}
	var doc *zip.File
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			doc = f
		}
	}
	if doc == nil {
		return "", ErrNotDocx
	}
	if doc.UncompressedSize64 > maxDocxXML {
		return "", ErrUnpacksTooLarge
	}
	rc, err := doc.Open()
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrNotDocx, err)
	}
	defer rc.Close()
	// The zip reader refuses an entry that unpacks to more than it
	// declared; the limit is for the declared size's sake all the same.
	lr := &io.LimitedReader{R: rc, N: maxDocxXML + 1}
	dec := xml.NewDecoder(lr)
	var b strings.Builder
	inText := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if lr.N <= 0 {
				return "", ErrUnpacksTooLarge
			}
			return "", fmt.Errorf("%w: %w", ErrNotDocx, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != wordML {
				continue
			}
			switch t.Name.Local {
			case "t":
				inText++
			case "tab":
				b.WriteByte('\t')
			case "br", "cr":
				b.WriteByte('\n')
			}
		case xml.EndElement:
			if t.Name.Space != wordML {
				continue
			}
			switch t.Name.Local {
			case "t":
				inText--
			case "p":
				b.WriteByte('\n')
			}
		case xml.CharData:
			if inText > 0 {
				b.Write(t)
			}
		}
	}
	return strings.TrimRight(b.String(), "\n"), nil
}
