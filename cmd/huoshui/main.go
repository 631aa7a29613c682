// Command huoshui runs the party-branch work platform: one binary on an
// embedded SQLite database or on PostgreSQL.
//
//	huoshui serve [--addr 127.0.0.1:8080] [--db sqlite:./huoshui-data/huoshui.db] [--demo]
//	huoshui migrate [--db …]
//	huoshui user add --username NAME --name 姓名 --role secretary --org ID [--db …]
//	huoshui gen --members 1000000 --db …
//	huoshui bench --url http://127.0.0.1:8080 …
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "huoshui:", err)
		os.Exit(1)
	}
}

const usage = `huoshui — 党支部工作平台 / a work platform for party branches

Usage:
  huoshui serve    run the platform (flags: --addr, --db, --demo; see huoshui serve -h)
  huoshui migrate  bring the database schema up to date
  huoshui user add create an account with a role at an organisation node
  huoshui gen      build a province-sized synthetic organisation for load tests
  huoshui bench    load a running server and a bare handler, and compare
`

// run is the whole program: main only calls it, and tests call it with
// their own arguments, environment and streams.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("no command given")
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], getenv, stdout, stderr)
	case "migrate":
		return migrate(ctx, args[1:], getenv, stdout, stderr)
	case "user":
		return user(ctx, args[1:], getenv, stdin, stdout, stderr)
	case "gen":
		return gen(ctx, args[1:], getenv, stdout, stderr)
	case "bench":
		return bench(ctx, args[1:], getenv, stdin, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}
