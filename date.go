package huoshui

import (
	"database/sql/driver"
	"fmt"
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
