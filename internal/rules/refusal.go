package rules

import (
	"fmt"
	"strings"

	"github.com/huoshui/huoshui"
)

// RuleError is a rule that forbids what was asked: a step out of order, a
// second 优秀 beyond a third, a month already paid. Code names the message
// ("dev.out_of_order"); the interface shows it as "error."+Code, filled
// with Args, pairs of a name and a value as ValidationError.Add takes
// them ("Step", 7, "Earliest", "2026-03-15").
type RuleError struct {
	Code string
	Args []any
}

func refuse(code string, args ...any) *RuleError { return &RuleError{Code: code, Args: args} }

func (e *RuleError) Error() string {
	var b strings.Builder
	b.WriteString("rule ")
	b.WriteString(e.Code)
	for i := 0; i+1 < len(e.Args); i += 2 {
		fmt.Fprintf(&b, " %v=%v", e.Args[i], e.Args[i+1])
	}
	return b.String()
}

// Arg returns the value of the named argument, or nil.
func (e *RuleError) Arg(name string) any {
	for i := 0; i+1 < len(e.Args); i += 2 {
		if e.Args[i] == name {
			return e.Args[i+1]
		}
	}
	return nil
}

// Validation turns the refusal into a form's error on field, so the
// web layer answers it like any other invalid input (422, the message
// beside the field).
func (e *RuleError) Validation(field string) *huoshui.ValidationError {
	v := &huoshui.ValidationError{}
	v.Add(field, e.Code, e.Args...)
	return v
}
