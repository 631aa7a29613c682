// Command huoshui runs the party-branch work platform: one binary on an
// embedded SQLite database or on PostgreSQL.
//
//	huoshui serve [--addr 127.0.0.1:8080] [--db sqlite:./huoshui-data/huoshui.db] [--demo]
//	huoshui migrate [--db …]
//	huoshui init --org-name 名称 --kind committee [--db …]
//	huoshui user add --username NAME --name 姓名 --role secretary --org ID [--db …]
//	huoshui user reset --username NAME [--db …]
//	huoshui gen --members 1000000 --db …
//	huoshui clean [FILE]
//	huoshui version
//
// The load generator is a command of its own, cmd/huoshui-bench, so that
// this binary carries none.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
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

// run is the whole program: main only calls it, and tests call it with
// their own arguments, environment and streams.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("no command given")
	}
	// Help that was asked for goes to stdout and is a success; help after
	// a wrong flag goes to stderr with the error.
	if wantsHelp(args[1:]) {
		stderr = stdout
	}
	err := command(ctx, args, getenv, stdin, stdout, stderr)
	if isHelp(err) {
		return nil
	}
	return err
}

func command(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], getenv, stdout, stderr)
	case "migrate":
		return migrate(ctx, args[1:], getenv, stdout, stderr)
	case "init":
		return initDeployment(ctx, args[1:], getenv, stdin, stdout, stderr)
	case "user":
		if len(args) < 2 || (args[1] != "add" && args[1] != "reset" && wantsHelp(args[1:2])) {
			fmt.Fprint(stderr, userUsage)
			if len(args) >= 2 {
				return nil
			}
		}
		return user(ctx, args[1:], getenv, stdin, stdout, stderr)
	case "clean":
		return cleanPage(args[1:], stdin, stdout, stderr)
	case "gen":
		return gen(ctx, args[1:], getenv, stdout, stderr)
	case "bench":
		fmt.Fprint(stderr, benchMoved)
		return fmt.Errorf("bench is not part of this binary: %s", strings.TrimSpace("go run ./cmd/huoshui-bench "+quoteArgs(args[1:])))
	case "version":
		return version(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}

// benchMoved answers `huoshui bench`: the load generator lives in its own
// command so that the production binary does not carry it.
const benchMoved = `The load generator is not part of the production binary. From a checkout, run
  go run ./cmd/huoshui-bench --url http://127.0.0.1:8080
or build it once with go build -o huoshui-bench ./cmd/huoshui-bench.
go run ./cmd/huoshui-bench --help lists its flags.
`

// quoteArgs writes args back as a shell would need them.
func quoteArgs(args []string) string {
	out := make([]string, len(args))
	for i, a := range args {
		if a == "" || strings.ContainsAny(a, " \t\"'$`\\|&;<>()*?[]#~") {
			a = "'" + a + "'"
		}
		out[i] = a
	}
	return strings.Join(out, " ")
}
