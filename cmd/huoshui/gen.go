package main

import (
	"context"
	"errors"
	"io"
)

// gen builds a province-sized synthetic organisation.
func gen(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return errors.New("gen: being written")
}
