package rules

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/huoshui/huoshui"
)

// Transfers (组织关系转接) out of the platform go with an introduction
// letter (介绍信): numbered, valid for up to 3 months, its receipt (回执)
// expected back before then, its stub kept 10 years (docs/domain.md,
// "Transfers").
//
// Message codes (shown as "error."+code; Args in brackets):
//
//	transfer.same_branch          transferring into the branch the member is in (already defined)
//	transfer.letter_future        a letter issued after today
//	transfer.letter_validity      valid until a day before it was issued
//	transfer.letter_too_long      valid longer than 3 months [Max]
//	transfer.receipt_twice        the receipt is back already [On]
//	transfer.receipt_before_issue a receipt dated before the letter [Issued]
//	transfer.receipt_future       a receipt dated after today
//	transfer.number_year          a letter number's year outside 1921–2100
//	transfer.number_code          a letter number's org code: 1–12 letters, digits or Chinese characters
//	transfer.number_seq           a letter number's sequence: 1–99999
//	transfer.number_format        not a letter number (year-code-sequence)
//
// Warnings (shown as "warning."+code):
//
//	transfer.receipt_late         the receipt came back after the letter expired [Expired]

// Figures of the rules on transfer letters.
const (
	LetterValidMonths = 3  // a letter is valid for up to 3 months
	StubKeepYears     = 10 // its stub is kept 10 years
)

// Letter is what the rules read of an introduction letter.
type Letter struct {
	IssuedOn huoshui.Date
	// ValidUntil is the last day the letter may be presented; zero means
	// the longest the rules allow (LetterExpires).
	ValidUntil huoshui.Date
	ReceiptOn  huoshui.Date // the day the receipt came back; zero while it has not
}

// LetterExpires is the last day a letter issued on issued may be valid:
// 3 months on (issued 30 November, valid until 28 February).
func LetterExpires(issued huoshui.Date) huoshui.Date { return issued.AddMonths(LetterValidMonths) }

// Expires is the letter's last valid day.
func (l Letter) Expires() huoshui.Date {
	if l.ValidUntil.IsZero() {
		return LetterExpires(l.IssuedOn)
	}
	return l.ValidUntil
}

// CheckLetter says whether a letter may be issued as l on today: not
// dated ahead, valid from the day issued for at most 3 months.
func CheckLetter(l Letter, today huoshui.Date) error {
	switch {
	case l.IssuedOn.After(today):
		return refuse("transfer.letter_future")
	case !l.ValidUntil.IsZero() && l.ValidUntil.Before(l.IssuedOn):
		return refuse("transfer.letter_validity")
	case l.ValidUntil.After(LetterExpires(l.IssuedOn)):
		return refuse("transfer.letter_too_long", "Max", LetterExpires(l.IssuedOn).String())
	}
	return nil
}

// CheckTransferTarget refuses a transfer into the member's own branch.
func CheckTransferTarget(fromOrgID, toOrgID int64) error {
	if fromOrgID == toOrgID {
		return refuse("transfer.same_branch")
	}
	return nil
}

// LetterOverdue reports whether, on today, the letter's receipt should
// have come back and has not: the letter has expired without it.
func LetterOverdue(l Letter, today huoshui.Date) bool {
	return l.ReceiptOn.IsZero() && today.After(l.Expires())
}

// CheckReceipt says whether the receipt of letter l may be recorded as
// back on `on`, on today. A receipt after the letter expired is recorded
// and marked (late is true): the member did arrive, late.
func CheckReceipt(l Letter, on, today huoshui.Date) (late bool, err error) {
	switch {
	case !l.ReceiptOn.IsZero():
		return false, refuse("transfer.receipt_twice", "On", l.ReceiptOn.String())
	case on.Before(l.IssuedOn):
		return false, refuse("transfer.receipt_before_issue", "Issued", l.IssuedOn.String())
	case on.After(today):
		return false, refuse("transfer.receipt_future")
	}
	return on.After(l.Expires()), nil
}

// ReceiptWarning is the mark of a receipt back after the letter expired.
func ReceiptWarning(l Letter) (Warning, bool) {
	if l.ReceiptOn.IsZero() || !l.ReceiptOn.After(l.Expires()) {
		return Warning{}, false
	}
	return Warning{Code: "transfer.receipt_late", Args: []any{"Expired", l.Expires().String()}}, true
}

// StubKeptUntil is the day a letter's stub may be discarded: 10 years
// after the letter was issued.
func StubKeptUntil(issued huoshui.Date) huoshui.Date { return issued.AddYears(StubKeepYears) }

// A letter number is the year, the issuing org's code and a sequence
// counted per org and year, joined by hyphens, the sequence in at least
// four digits: 2026-MSC-0007, 2026-秘书处-0012.
const (
	MaxOrgCodeRunes = 12
	MaxLetterSeq    = 99999
)

// LetterNumber writes the number of the seq-th letter an org with code
// issued in year.
func LetterNumber(year int, orgCode string, seq int) (string, error) {
	if err := checkNumberParts(year, orgCode, seq); err != nil {
		return "", err
	}
	s := strconv.Itoa(seq)
	if len(s) < 4 {
		s = strings.Repeat("0", 4-len(s)) + s
	}
	return strconv.Itoa(year) + "-" + orgCode + "-" + s, nil
}

func checkNumberParts(year int, orgCode string, seq int) error {
	if year < 1921 || year > 2100 {
		return refuse("transfer.number_year")
	}
	n := 0
	for _, r := range orgCode {
		n++
		if !(r < unicode.MaxASCII && (unicode.IsUpper(r) || unicode.IsDigit(r)) || unicode.Is(unicode.Han, r)) {
			return refuse("transfer.number_code")
		}
	}
	if n == 0 || n > MaxOrgCodeRunes {
		return refuse("transfer.number_code")
	}
	if seq < 1 || seq > MaxLetterSeq {
		return refuse("transfer.number_seq")
	}
	return nil
}

var letterNumberRE = regexp.MustCompile(`^(\d{4})-([^-]+)-(\d{1,5})$`)

// ParseLetterNumber reads a letter number as typed from a receipt:
// full-width characters and spaces are folded, latin letters upper-cased,
// 〔2026〕 brackets and a closing 号 dropped.
func ParseLetterNumber(s string) (year int, orgCode string, seq int, err error) {
	t := strings.ToUpper(strings.Join(strings.Fields(huoshui.FoldWidth(s)), ""))
	t = strings.NewReplacer("〔", "", "〕", "-", "[", "", "]", "-", "—", "-", "–", "-", "－", "-").Replace(t)
	t = strings.TrimSuffix(strings.TrimPrefix(t, "第"), "号")
	t = strings.ReplaceAll(t, "--", "-")
	p := letterNumberRE.FindStringSubmatch(t)
	if p == nil {
		return 0, "", 0, refuse("transfer.number_format")
	}
	year, _ = strconv.Atoi(p[1])
	seq, _ = strconv.Atoi(p[3])
	if err := checkNumberParts(year, p[2], seq); err != nil {
		return 0, "", 0, err
	}
	return year, p[2], seq, nil
}
