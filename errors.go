package huoshui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Sentinel errors. Wrap them with %w and a short prefix; the web layer maps
// them to 404, 403 and 409.
var (
	ErrNotFound  = errors.New("not found")
	ErrForbidden = errors.New("forbidden")
	ErrConflict  = errors.New("conflict")
)

// FieldError says what is wrong with one field. Code names a message in the
// interface's message files ("required", "id_number.checksum", …), so the
// same error reads in Chinese or English; Args fill its placeholders. Row
// is the row of a many-row input (an import, a batch) the field belongs
// to, counted from 1, and 0 when the input is a single record.
type FieldError struct {
	Field string         `json:"field"`
	Code  string         `json:"code"`
	Args  map[string]any `json:"-"`
	Row   int            `json:"row,omitempty"`
}

// ValidationError collects every field problem of one input, so a form can
// show them all at once next to their fields.
type ValidationError struct {
	Fields []FieldError
}

// Add records a problem with field.
func (v *ValidationError) Add(field, code string, args ...any) {
	fe := FieldError{Field: field, Code: code}
	if len(args) > 0 {
		fe.Args = map[string]any{}
		for i := 0; i+1 < len(args); i += 2 {
			if k, ok := args[i].(string); ok {
				fe.Args[k] = args[i+1]
			}
		}
	}
	v.Fields = append(v.Fields, fe)
}

// Has reports whether field already has a problem (in any row).
func (v *ValidationError) Has(field string) bool {
	for _, f := range v.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// HasRow reports whether field has a problem in row (0: not in a row).
func (v *ValidationError) HasRow(row int, field string) bool {
	for _, f := range v.Fields {
		if f.Row == row && f.Field == field {
			return true
		}
	}
	return false
}

// Merge folds the problems of err into v when err is (or wraps) a
// *ValidationError, and reports whether it was one. Any other error,
// nil included, leaves v as it is.
func (v *ValidationError) Merge(err error) bool {
	var other *ValidationError
	if !errors.As(err, &other) {
		return false
	}
	if other != v {
		v.Fields = append(v.Fields, other.Fields...)
	}
	return true
}

// InRow returns err with every field problem placed in row (counted from
// 1), so a batch can say which of its records is wrong. Errors that are
// not a *ValidationError get the row in their text.
func InRow(row int, err error) error {
	var ve *ValidationError
	if !errors.As(err, &ve) {
		return fmt.Errorf("row %d: %w", row, err)
	}
	out := &ValidationError{Fields: make([]FieldError, len(ve.Fields))}
	for i, f := range ve.Fields {
		f.Row = row
		out.Fields[i] = f
	}
	return out
}

// Err returns v when it holds a problem and nil otherwise, so that
// Validate methods can end with "return v.Err()".
func (v *ValidationError) Err() error {
	if v == nil || len(v.Fields) == 0 {
		return nil
	}
	return v
}

func (v *ValidationError) Error() string {
	parts := make([]string, len(v.Fields))
	for i, f := range v.Fields {
		parts[i] = f.Field + ": " + f.Code
		if f.Row > 0 {
			parts[i] = "row " + strconv.Itoa(f.Row) + " " + parts[i]
		}
	}
	return "invalid input: " + strings.Join(parts, "; ")
}
