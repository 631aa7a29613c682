package huoshui

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar date with no time of day and no zone: a birth date, the
// day a member became an activist. The zero Date means "not recorded".
// It is stored as 'YYYY-MM-DD' text, which sorts and compares the same way
// on every engine.
type Date struct {
	t time.Time
}

// DateLayout is how dates are written everywhere: in forms, exports and the
// database.
const DateLayout = "2006-01-02"

// NewDate returns the date y-m-d.
func NewDate(y int, m time.Month, d int) Date {
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// DateOf returns the calendar date of t in t's own location.
func DateOf(t time.Time) Date {
	return NewDate(t.Year(), t.Month(), t.Day())
}

// ParseDate reads 'YYYY-MM-DD'; an empty string gives the zero Date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("parse date %q: %w", s, err)
	}
	return Date{t}, nil
}

// ErrYearMonth: the text gives a year and a month but no day (1995.06,
// 1995年6月, 199506). Old paper records often do; the day must be asked
// for, never made up.
var ErrYearMonth = errors.New("year and month only")

var (
	dateSep      = regexp.MustCompile(`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$`)
	dateCN       = regexp.MustCompile(`^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$`)
	dateDigits   = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`)
	yearMonthSep = regexp.MustCompile(`^(\d{4})\s*[-/.]\s*(\d{1,2})$`)
	yearMonthCN  = regexp.MustCompile(`^(\d{4})\s*年\s*(\d{1,2})\s*月?$`)
	yearMonthSix = regexp.MustCompile(`^(\d{4})(\d{2})$`)
	dateCNSpace  = regexp.MustCompile(`\s*([年月日号])\s*`)
)

// ParseDateText reads a date as people write it: 2026-11-24, 2026/11/24,
// 2026.11.24, 20261124, 2026年11月24日, in full-width digits too. An empty
// string is the zero Date. A year and month without a day (1995.06,
// 1995.6, 1995-06, 1995年6月, 199506) is ErrYearMonth; a date before
// 1900 or after 2099 is refused.
func ParseDateText(s string) (Date, error) {
	s = dateCNSpace.ReplaceAllString(strings.TrimSpace(FoldWidth(s)), "$1")
	if s == "" {
		return Date{}, nil
	}
	for _, re := range []*regexp.Regexp{dateSep, dateCN, dateDigits} {
		if p := re.FindStringSubmatch(s); p != nil {
			y, _ := strconv.Atoi(p[1])
			m, _ := strconv.Atoi(p[2])
			d, _ := strconv.Atoi(p[3])
			if y < 1900 || y > 2099 {
				return Date{}, fmt.Errorf("parse date %q: year out of range", s)
			}
			t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
			if m < 1 || m > 12 || d < 1 || t.Month() != time.Month(m) {
				return Date{}, fmt.Errorf("parse date %q: no such day", s)
			}
			return Date{t}, nil
		}
	}
	for _, re := range []*regexp.Regexp{yearMonthSep, yearMonthCN, yearMonthSix} {
		if p := re.FindStringSubmatch(s); p != nil {
			y, _ := strconv.Atoi(p[1])
			m, _ := strconv.Atoi(p[2])
			if y >= 1900 && y <= 2099 && m >= 1 && m <= 12 {
				return Date{}, fmt.Errorf("parse date %q: %w", s, ErrYearMonth)
			}
		}
	}
	return Date{}, fmt.Errorf("parse date %q: not a date", s)
}

func (d Date) IsZero() bool                 { return d.t.IsZero() }
func (d Date) Time() time.Time              { return d.t }
func (d Date) Year() int                    { return d.t.Year() }
func (d Date) Before(o Date) bool           { return d.t.Before(o.t) }
func (d Date) After(o Date) bool            { return d.t.After(o.t) }
func (d Date) AddDate(y, m, dd int) Date    { return Date{d.t.AddDate(y, m, dd)} }
func (d Date) DaysUntil(o Date) int         { return int(o.t.Sub(d.t).Hours() / 24) }
func (d Date) Equal(o Date) bool            { return d.t.Equal(o.t) }
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// String gives 'YYYY-MM-DD', or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(DateLayout)
}

// UnmarshalText reads 'YYYY-MM-DD'.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Value stores the date as text, or NULL when it is zero.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads a date from text or from a time value.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case string:
		if len(v) > 10 {
			v = v[:10]
		}
		x, err := ParseDate(v)
		*d = x
		return err
	case []byte:
		return d.Scan(string(v))
	case time.Time:
		*d = DateOf(v)
		return nil
	}
	return fmt.Errorf("scan date: unsupported type %T", src)
}

// Shanghai is the zone the party's calendar runs in: China Standard Time,
// UTC+8 all year (no daylight saving since 1991). A fixed zone needs no
// tzdata on the machine. Months, quarters and years of organisational life,
// and the times shown on every page, are in this zone.
var Shanghai = time.FixedZone("Asia/Shanghai", 8*60*60)
