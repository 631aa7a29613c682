package huoshui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Dues (党费): paid monthly, as a share of income after tax or a fixed
// small amount (docs/domain.md, "Dues"). Money is counted in fen (分,
// 0.01 yuan) as int64, never as a float. The brackets are rules
// (internal/rules, dues.go); this file holds the records they read.

// YearMonth is a calendar month: the month dues are for, the month a
// salary is first paid.
type YearMonth struct {
	Year  int
	Month time.Month
}

// MonthOf is the month in which d falls.
func MonthOf(d Date) YearMonth { return YearMonth{d.Year(), d.Time().Month()} }

// ParseYearMonth reads 'YYYY-MM'.
func ParseYearMonth(s string) (YearMonth, error) {
	t, err := time.Parse("2006-01", strings.TrimSpace(s))
	if err != nil {
		return YearMonth{}, fmt.Errorf("parse month %q: %w", s, err)
	}
	return YearMonth{t.Year(), t.Month()}, nil
}

// IsZero reports whether the month is unset.
func (m YearMonth) IsZero() bool { return m.Year == 0 && m.Month == 0 }

// String gives 'YYYY-MM', or "" for the zero month.
func (m YearMonth) String() string {
	if m.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month))
}

// index counts months from year 0, so months compare and subtract.
func (m YearMonth) index() int { return m.Year*12 + int(m.Month) - 1 }

// Add returns the month n months later (n may be negative).
func (m YearMonth) Add(n int) YearMonth {
	i := m.index() + n
	return YearMonth{i / 12, time.Month(i%12 + 1)}
}

// Sub is the number of months from o to m: 2026-03 minus 2025-12 is 3.
func (m YearMonth) Sub(o YearMonth) int { return m.index() - o.index() }

func (m YearMonth) Before(o YearMonth) bool { return m.index() < o.index() }
func (m YearMonth) After(o YearMonth) bool  { return m.index() > o.index() }

// First and Last are the month's first and last days.
func (m YearMonth) First() Date { return NewDate(m.Year, m.Month, 1) }
func (m YearMonth) Last() Date  { return NewDate(m.Year, m.Month+1, 0) }

// MarshalText writes 'YYYY-MM'.
func (m YearMonth) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText reads 'YYYY-MM'; an empty text is the zero month.
func (m *YearMonth) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*m = YearMonth{}
		return nil
	}
	v, err := ParseYearMonth(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// DuesKind is how a member's dues are set.
type DuesKind string

const (
	DuesSalary   DuesKind = "salary"    // 在职: a share of monthly income after tax
	DuesRetired  DuesKind = "retired"   // 离退休: a share of the monthly pension
	DuesFarmer   DuesKind = "farmer"    // 农民: a fixed amount the province sets
	DuesStudent  DuesKind = "student"   // 学生: a fixed small amount
	DuesNoIncome DuesKind = "no_income" // 无固定收入、下岗失业: a fixed small amount
)

// DuesKinds lists the kinds, the usual first.
var DuesKinds = []DuesKind{DuesSalary, DuesRetired, DuesFarmer, DuesStudent, DuesNoIncome}

// Valid reports whether k is a known kind.
func (k DuesKind) Valid() bool {
	for _, x := range DuesKinds {
		if k == x {
			return true
		}
	}
	return false
}

// ByIncome reports whether dues of kind k are a share of income.
func (k DuesKind) ByIncome() bool { return k == DuesSalary || k == DuesRetired }

// Salary is a member's declared monthly income after tax (or pension),
// from the month it is first paid until the next one.
type Salary struct {
	ID        int64     `json:"id"`
	MemberID  int64     `json:"member_id"`
	From      YearMonth `json:"from"`   // the month it is first paid
	Kind      DuesKind  `json:"kind"`   // how dues are set
	IncomeFen int64     `json:"income"` // in fen; 0 for the fixed kinds
	// Seq orders two salaries entered for the same month: the later one
	// stands. The store sets it (the row id does).
	Seq        int64     `json:"-"`
	Note       string    `json:"note,omitempty"`
	RecordedBy int64     `json:"-"`
	RecordedAt time.Time `json:"-"`
}

// MaxIncomeFen bounds a declared monthly income: ten million yuan, far
// above any salary, well inside int64 arithmetic.
const MaxIncomeFen = 10_000_000_00

// Validate checks a salary record: a month, a kind, and for the kinds
// paid by income an income that is positive and believable.
func (s *Salary) Validate() error {
	v := &ValidationError{}
	if s.MemberID == 0 {
		v.Add("member_id", "required")
	}
	if s.From.IsZero() {
		v.Add("month", "required")
	} else if s.From.Year < 1921 || s.From.Year > 2100 || s.From.Month < 1 || s.From.Month > 12 {
		v.Add("month", "dues.month_range")
	}
	if !s.Kind.Valid() {
		v.Add("kind", "invalid_choice")
	}
	switch {
	case s.IncomeFen < 0:
		v.Add("income", "dues.income_negative")
	case s.IncomeFen > MaxIncomeFen:
		v.Add("income", "dues.income_too_large")
	case s.Kind.ByIncome() && s.IncomeFen == 0:
		v.Add("income", "dues.income_required")
	}
	if utf8.RuneCountInString(s.Note) > 200 {
		v.Add("note", "too_long", "Max", 200)
	}
	return v.Err()
}

// PayMethod is how dues were paid.
type PayMethod string

const (
	PayCash    PayMethod = "cash"    // 现金
	PayBank    PayMethod = "bank"    // 银行转账
	PayWeChat  PayMethod = "wechat"  // 微信
	PayAlipay  PayMethod = "alipay"  // 支付宝
	PayPayroll PayMethod = "payroll" // 工资代扣
)

// PayMethods lists the ways of paying.
var PayMethods = []PayMethod{PayCash, PayBank, PayWeChat, PayAlipay, PayPayroll}

// Valid reports whether p is a known way of paying.
func (p PayMethod) Valid() bool {
	for _, x := range PayMethods {
		if p == x {
			return true
		}
	}
	return false
}

// DuesPayment is one month's dues paid by a member, recorded by an
// officer. A month is paid once (rules.CheckPayment).
type DuesPayment struct {
	ID         int64     `json:"id"`
	MemberID   int64     `json:"member_id"`
	Month      YearMonth `json:"month"`  // the month paid for
	AmountFen  int64     `json:"amount"` // in fen
	Method     PayMethod `json:"method"`
	PaidOn     Date      `json:"paid_on"`
	Note       string    `json:"note,omitempty"`
	RecordedBy int64     `json:"-"`
	RecordedAt time.Time `json:"-"`
}

// Validate checks a payment on its own.
func (p *DuesPayment) Validate() error {
	v := &ValidationError{}
	if p.MemberID == 0 {
		v.Add("member_id", "required")
	}
	if p.Month.IsZero() {
		v.Add("month", "required")
	} else if p.Month.Year < 1921 || p.Month.Year > 2100 || p.Month.Month < 1 || p.Month.Month > 12 {
		v.Add("month", "dues.month_range")
	}
	switch {
	case p.AmountFen <= 0:
		v.Add("amount", "dues.amount_positive")
	case p.AmountFen > MaxIncomeFen:
		v.Add("amount", "dues.amount_too_large")
	}
	if !p.Method.Valid() {
		v.Add("method", "invalid_choice")
	}
	if p.PaidOn.IsZero() {
		v.Add("paid_on", "required")
	}
	if utf8.RuneCountInString(p.Note) > 200 {
		v.Add("note", "too_long", "Max", 200)
	}
	return v.Err()
}

// ErrNotMoney: the text is not an amount of yuan with at most two decimals.
var ErrNotMoney = errors.New("not an amount of money")

// ParseYuan reads an amount of yuan as people type it — 5000, 5,000.50,
// ５０００, ¥4 800.5, 4800元 — into fen. A leading minus is read (so that a
// negative income can be refused with its own message); more than two
// decimals, letters or an empty text are ErrNotMoney.
func ParseYuan(s string) (int64, error) {
	t := strings.TrimSpace(FoldWidth(s))
	t = strings.TrimSuffix(t, "元")
	t = strings.TrimPrefix(strings.TrimPrefix(t, "¥"), "￥")
	t = strings.NewReplacer(",", "", " ", "", "，", "").Replace(t)
	neg := strings.HasPrefix(t, "-")
	t = strings.TrimPrefix(t, "-")
	whole, frac, dot := strings.Cut(t, ".")
	if whole == "" && frac == "" || len(frac) > 2 || dot && frac == "" || len(whole) > 12 {
		return 0, fmt.Errorf("parse %q: %w", s, ErrNotMoney)
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return 0, fmt.Errorf("parse %q: %w", s, ErrNotMoney)
		}
	}
	var fen int64
	if whole != "" {
		y, _ := strconv.ParseInt(whole, 10, 64)
		fen = y * 100
	}
	if frac != "" {
		f, _ := strconv.ParseInt(frac, 10, 64)
		if len(frac) == 1 {
			f *= 10
		}
		fen += f
	}
	if neg {
		fen = -fen
	}
	return fen, nil
}

// FormatYuan writes fen as yuan with two decimals: 1550 → "15.50".
func FormatYuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return fmt.Sprintf("%s%d.%02d", sign, fen/100, fen%100)
}
