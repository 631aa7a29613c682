package huoshui

import (
	"errors"
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
// same error reads in Chinese or English; Args fill its placeholders.
type FieldError struct {
	Field string         `json:"field"`
	Code  string         `json:"code"`
	Args  map[string]any `json:"-"`
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

// Has reports whether field already has a problem.
func (v *ValidationError) Has(field string) bool {
	for _, f := range v.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
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
	}
	return "invalid input: " + strings.Join(parts, "; ")
}
