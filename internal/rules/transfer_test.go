package rules

import (
	"testing"

	"github.com/huoshui/huoshui"
)

// A letter is valid for up to 3 months, to the same day or the month's
// last day; overdue once it has expired without its receipt.
func TestLetterValidity(t *testing.T) {
	t.Parallel()
	expires := []struct{ issued, want huoshui.Date }{
		{ymd(2026, 1, 15), ymd(2026, 4, 15)},
		{ymd(2025, 11, 30), ymd(2026, 2, 28)},
		{ymd(2023, 11, 30), ymd(2024, 2, 29)},
		{ymd(2026, 10, 31), ymd(2027, 1, 31)},
	}
	for _, c := range expires {
		if got := LetterExpires(c.issued); !got.Equal(c.want) {
			t.Errorf("issued %s: expires %s, want %s", c.issued, got, c.want)
		}
	}
	today := ymd(2026, 3, 10)
	checks := []struct {
		name string
		l    Letter
		want string
	}{
		{"the longest", Letter{IssuedOn: ymd(2026, 3, 10), ValidUntil: ymd(2026, 6, 10)}, ""},
		{"a day too long", Letter{IssuedOn: ymd(2026, 3, 10), ValidUntil: ymd(2026, 6, 11)}, "transfer.letter_too_long"},
		{"the default", Letter{IssuedOn: ymd(2026, 3, 10)}, ""},
		{"a month", Letter{IssuedOn: ymd(2026, 1, 31), ValidUntil: ymd(2026, 2, 28)}, ""},
		{"over the month end", Letter{IssuedOn: ymd(2025, 11, 30), ValidUntil: ymd(2026, 3, 1)}, "transfer.letter_too_long"},
		{"expiring before issue", Letter{IssuedOn: ymd(2026, 3, 10), ValidUntil: ymd(2026, 3, 9)}, "transfer.letter_validity"},
		{"valid for its day only", Letter{IssuedOn: ymd(2026, 3, 10), ValidUntil: ymd(2026, 3, 10)}, ""},
		{"issued tomorrow", Letter{IssuedOn: ymd(2026, 3, 11)}, "transfer.letter_future"},
	}
	for _, c := range checks {
		if got := ruleCode(t, CheckLetter(c.l, today)); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	l := Letter{IssuedOn: ymd(2025, 11, 30)}
	for _, c := range []struct {
		on   huoshui.Date
		want bool
	}{{ymd(2026, 2, 28), false}, {ymd(2026, 3, 1), true}} {
		if got := LetterOverdue(l, c.on); got != c.want {
			t.Errorf("letter of 2025-11-30 on %s: overdue %v, want %v", c.on, got, c.want)
		}
	}
	l.ReceiptOn = ymd(2026, 1, 5)
	if LetterOverdue(l, ymd(2026, 6, 1)) {
		t.Error("a letter whose receipt is back is overdue")
	}
	short := Letter{IssuedOn: ymd(2026, 1, 10), ValidUntil: ymd(2026, 1, 31)}
	if !LetterOverdue(short, ymd(2026, 2, 1)) || LetterOverdue(short, ymd(2026, 1, 31)) {
		t.Error("a letter valid until 2026-01-31 is overdue from 2026-02-01, not before")
	}
	if got := StubKeptUntil(ymd(2024, 2, 29)); !got.Equal(ymd(2034, 2, 28)) {
		t.Errorf("stub of 2024-02-29 kept until %s, want 2034-02-28", got)
	}
	if ruleCode(t, CheckTransferTarget(7, 7)) != "transfer.same_branch" || CheckTransferTarget(7, 8) != nil {
		t.Error("a transfer into one's own branch is refused, into another allowed")
	}
}

// A receipt comes back once, not before the letter, not in the future;
// after the letter expired it is recorded and marked late.
func TestCheckReceipt(t *testing.T) {
	t.Parallel()
	today := ymd(2026, 6, 1)
	l := Letter{IssuedOn: ymd(2026, 1, 31)} // expires 2026-04-30
	cases := []struct {
		name string
		l    Letter
		on   huoshui.Date
		late bool
		want string
	}{
		{"in time", l, ymd(2026, 2, 10), false, ""},
		{"on the last day", l, ymd(2026, 4, 30), false, ""},
		{"a day late", l, ymd(2026, 5, 1), true, ""},
		{"before the letter", l, ymd(2026, 1, 30), false, "transfer.receipt_before_issue"},
		{"tomorrow", l, ymd(2026, 6, 2), false, "transfer.receipt_future"},
		{"twice", Letter{IssuedOn: l.IssuedOn, ReceiptOn: ymd(2026, 2, 10)}, ymd(2026, 2, 11), false, "transfer.receipt_twice"},
	}
	for _, c := range cases {
		late, err := CheckReceipt(c.l, c.on, today)
		if got := ruleCode(t, err); got != c.want || late != c.late {
			t.Errorf("%s: late %v %q, want %v %q", c.name, late, got, c.late, c.want)
		}
	}
	l.ReceiptOn = ymd(2026, 5, 1)
	if w, ok := ReceiptWarning(l); !ok || w.Code != "transfer.receipt_late" {
		t.Errorf("late receipt: %v %v", w, ok)
	}
	l.ReceiptOn = ymd(2026, 4, 30)
	if _, ok := ReceiptWarning(l); ok {
		t.Error("a receipt on the last day is marked late")
	}
}

// Letter numbers: year, org code, sequence in at least four digits; read
// back as people type them.
func TestLetterNumber(t *testing.T) {
	t.Parallel()
	good := []struct {
		year int
		code string
		seq  int
		want string
	}{
		{2026, "MSC", 7, "2026-MSC-0007"},
		{2026, "秘书处", 12, "2026-秘书处-0012"},
		{2026, "J01", 9999, "2026-J01-9999"},
		{2026, "J01", 10000, "2026-J01-10000"},
	}
	for _, c := range good {
		got, err := LetterNumber(c.year, c.code, c.seq)
		if err != nil || got != c.want {
			t.Errorf("LetterNumber(%d, %q, %d) = %q, %v; want %q", c.year, c.code, c.seq, got, err, c.want)
		}
		y, code, seq, err := ParseLetterNumber(got)
		if err != nil || y != c.year || code != c.code || seq != c.seq {
			t.Errorf("ParseLetterNumber(%q) = %d %q %d %v", got, y, code, seq, err)
		}
	}
	bad := []struct {
		year int
		code string
		seq  int
		want string
	}{
		{1920, "MSC", 1, "transfer.number_year"},
		{2026, "", 1, "transfer.number_code"},
		{2026, "msc", 1, "transfer.number_code"},
		{2026, "M-C", 1, "transfer.number_code"},
		{2026, "ABCDEFGHIJKLM", 1, "transfer.number_code"},
		{2026, "MSC", 0, "transfer.number_seq"},
		{2026, "MSC", 100000, "transfer.number_seq"},
	}
	for _, c := range bad {
		_, err := LetterNumber(c.year, c.code, c.seq)
		if got := ruleCode(t, err); got != c.want {
			t.Errorf("LetterNumber(%d, %q, %d): %q, want %q", c.year, c.code, c.seq, got, c.want)
		}
	}
	typed := []struct {
		in   string
		code string
		seq  int
		want string
	}{
		{"２０２６－ｍｓｃ－０００７", "MSC", 7, ""},
		{"〔2026〕MSC-0007号", "MSC", 7, ""},
		{" 2026 - MSC - 7 ", "MSC", 7, ""},
		{"第2026-秘书处-0012号", "秘书处", 12, ""},
		{"MSC-2026-7", "", 0, "transfer.number_format"},
		{"2026-MS-C-7", "", 0, "transfer.number_format"},
		{"2026-MSC-000007", "", 0, "transfer.number_format"},
		{"2026-MSC-0000", "", 0, "transfer.number_seq"},
		{"", "", 0, "transfer.number_format"},
	}
	for _, c := range typed {
		_, code, seq, err := ParseLetterNumber(c.in)
		if got := ruleCode(t, err); got != c.want || code != c.code || seq != c.seq {
			t.Errorf("ParseLetterNumber(%q) = %q %d %q; want %q %d %q", c.in, code, seq, got, c.code, c.seq, c.want)
		}
	}
}
