package report

import (
	"bytes"
	"testing"
)

// The catalogue export's columns read back as the same books: ISBN-10
// stored as ISBN-13, tags split, copies counted; a bad ISBN is its row's
// problem, with the row's line.
func TestBooksRoundTrip(t *testing.T) {
	cols := make([]TableColumn, len(BookColumns))
	for i, c := range BookColumns {
		cols[i] = TableColumn{Header: c.Zh, Width: 10}
	}
	tw, err := NewTableWriter("书目", cols)
	if err != nil {
		t.Fatal(err)
	}
	defer tw.Close()
	for _, row := range [][]any{
		{"7-01-003387-0", "论持久战", "毛泽东", "人民出版社", 2015, "经典，党史", 2},
		{"978-7-01-017712-9", "坏书号", "某某", "", "", "", 1},
	} {
		if err := tw.Add(row); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := tw.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	sh, err := ParseBooks(&buf)
	if err != nil || len(sh.Problems) != 0 || len(sh.Rows) != 2 {
		t.Fatalf("parse: %v %+v", err, sh)
	}
	good, bad := sh.Rows[0], sh.Rows[1]
	if good.Book.ISBN != "9787010033877" || good.Book.Year != 2015 || len(good.Book.Tags) != 2 || good.Copies != 2 || len(good.Problems) != 0 {
		t.Errorf("good row %+v", good)
	}
	if bad.Line != 3 || len(bad.Problems) != 1 || bad.Problems[0].Code != "isbn.check" {
		t.Errorf("bad row %+v", bad)
	}
}
