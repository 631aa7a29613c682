// Command huoshui-bench loads a running huoshui server from this machine
// and compares it with a bare net/http handler in the same process, the
// machine's ceiling. It is a command of its own so that the load
// generator (vegeta and what it pulls in) stays out of the production
// binary, cmd/huoshui.
//
//	huoshui gen --members 1000000 --db sqlite:/tmp/prov/p.db
//	huoshui serve --db sqlite:/tmp/prov/p.db --addr 127.0.0.1:28080 &
//	huoshui-bench --url http://127.0.0.1:28080
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// Help that was asked for goes to stdout, and is a success.
	var stderr io.Writer = os.Stderr
	for _, a := range os.Args[1:] {
		if a == "-h" || a == "-help" || a == "--help" {
			stderr = os.Stdout
		}
	}
	if err := bench(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "huoshui-bench:", err)
		os.Exit(1)
	}
}

// benchSecretary is the account `huoshui gen` makes for this command.
const benchSecretary = "bench-secretary"

const benchUsage = `huoshui-bench loads a running huoshui server on this machine at a constant
rate and then as fast as it answers, does the same to a bare net/http
handler (the machine's ceiling), and prints both with the ratio and PASS or
FAIL against the speed goals.

With --scenario checkin it plays the start of an assembly instead: the
organiser bench-assembly calls a general meeting of its committee, members
bench-m0001 … sign in (the server must run with --trust-proxy: each phone
comes from its own address through the proxy), and they all scan the
meeting's code within a second, open loop; every scan must be
acknowledged, the meeting (and, with --db, the database) must hold every
one, and the 99th percentile must stay within 50 ms.

Usage:
  huoshui-bench [--url http://127.0.0.1:8080] [--user bench-secretary] [flags]
  huoshui-bench --scenario checkin [--checkin-members 3000] [--db sqlite:PATH] [flags]

Environment:
  HUOSHUI_BENCH_PASSWORD  the account's password (else read from standard input)

Flags:
`

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), benchUsage)
		fs.PrintDefaults()
	}
	return fs
}
