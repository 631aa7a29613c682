package report

import (
	"bytes"
	"testing"
)

// FuzzParseBooks: no catalogue file, however broken, makes the reader
// panic; it answers rows, sheet problems or an error.
func FuzzParseBooks(f *testing.F) {
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte("not a workbook"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sh, err := ParseBooks(bytes.NewReader(data))
		if err == nil && sh == nil {
			t.Fatal("nil sheet and nil error")
		}
	})
}
