package huoshui_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/huoshui/huoshui"
)

func TestValidationErrorMerge(t *testing.T) {
	t.Parallel()
	v := &huoshui.ValidationError{}
	v.Add("name", "required")
	other := &huoshui.ValidationError{}
	other.Add("phone", "phone.invalid")
	other.Add("name", "too_long", "Max", 40)
	if !v.Merge(fmt.Errorf("store: %w", other)) {
		t.Fatal("Merge of a wrapped validation error reports false")
	}
	if len(v.Fields) != 3 || !v.Has("phone") || v.Fields[0].Code != "required" {
		t.Errorf("after Merge: %+v, want name required first, then phone and name", v.Fields)
	}
	for _, err := range []error{nil, errors.New("disk full"), huoshui.ErrConflict} {
		if v.Merge(err) {
			t.Errorf("Merge(%v) reports a validation error", err)
		}
	}
	if len(v.Fields) != 3 {
		t.Errorf("other errors changed the fields: %+v", v.Fields)
	}
	if !v.Merge(v) || len(v.Fields) != 3 {
		t.Errorf("merging v into itself doubled it: %+v", v.Fields)
	}
	if (&huoshui.ValidationError{}).Err() != nil {
		t.Error("an empty ValidationError is an error")
	}
}

func TestInRow(t *testing.T) {
	t.Parallel()
	ve := &huoshui.ValidationError{}
	ve.Add("name", "required")
	err := huoshui.InRow(3, ve)
	var got *huoshui.ValidationError
	if !errors.As(err, &got) {
		t.Fatalf("InRow: %v, want a validation error", err)
	}
	if !got.HasRow(3, "name") || got.HasRow(0, "name") {
		t.Errorf("InRow(3): %+v, want name in row 3", got.Fields)
	}
	if ve.Fields[0].Row != 0 {
		t.Error("InRow changed the error it was given")
	}
	if got.Fields[0].Field != "name" {
		t.Errorf("field %q, want the plain field name", got.Fields[0].Field)
	}
	plain := huoshui.InRow(2, huoshui.ErrConflict)
	if !errors.Is(plain, huoshui.ErrConflict) || errors.As(plain, &got) {
		t.Errorf("InRow of a conflict: %v, want the conflict kept", plain)
	}
}
