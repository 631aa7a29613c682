package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/huoshui/huoshui/internal/config"
)

// commandHelp is what `huoshui COMMAND --help` says, keyed by the flag
// set's name (serve's is in internal/config, beside its flags).
var commandHelp = map[string]config.Help{
	"migrate": {
		Summary:  "Brings the database schema up to date and prints its version.",
		Synopsis: "huoshui migrate [--db …]",
	},
	"init": {
		Summary: "Sets up a real deployment on an empty database, the first time: the root organisation\n" +
			"node and the accounts of the three administrators (system, security, audit), each\n" +
			"holding only its own role at the root. Each password is asked twice on the terminal\n" +
			"without echo, or read as two lines from standard input (six lines in all); each\n" +
			"administrator must change theirs at the first sign-in. Refuses a database that\n" +
			"already has an organisation.",
		Synopsis: "huoshui init --org-name 名称 [--kind committee] [--sysadmin NAME] [--secadmin NAME] [--auditor NAME] [--db …]",
	},
	"user add": {
		Summary: "Creates an account holding one role at one organisation node. The password is asked\n" +
			"twice on the terminal without echo, or read as two lines from standard input.",
		Synopsis: "huoshui user add --username NAME --name 姓名 --role ROLE --org ORG_ID [--member MEMBER_ID] [--db …]",
	},
	"user reset": {
		Summary: "Sets a new password, asked like user add's, that the owner must change at the next\n" +
			"sign-in, and ends the account's sessions: the way to reset an administrator.",
		Synopsis: "huoshui user reset --username NAME [--db …]",
	},
	"gen": {
		Summary: "Builds a province-sized synthetic organisation on an empty database, for load tests,\n" +
			"with years of meetings and attendance, two accounts (bench-secretary, bench-organiser)\n" +
			"for huoshui-bench, and the accounts of its check-in burst (bench-assembly, bench-m0001 …).",
		Synopsis: "huoshui gen [--members 1000000] [--seed 1] [--years 5] [--assembly 3000] --db …",
		Env:      []string{"HUOSHUI_BENCH_PASSWORD    the two accounts' password (else one is made and printed)"},
	},
	"clean": {
		Summary: "Prints a saved news page as clean study text: the title, subtitle, date and source,\n" +
			"and the paragraphs, in Simplified characters. Reads HTML, .mht/.mhtml or plain text\n" +
			"from FILE or standard input, in UTF-8, GBK/GB18030, GB2312 or Big5, declared or not,\n" +
			"and undoes what mirror sites do: spam and keyword lines, breadcrumbs, share bars,\n" +
			"Traditional characters, glued pinyin, injected punctuation, HTML left-overs and GBK\n" +
			"or Big5 text decoded one byte out of step (a character it cannot recover becomes □).",
		Synopsis: "huoshui clean [FILE]",
	},
	"version": {
		Summary:  "Prints the version of this binary and how it was built.",
		Synopsis: "huoshui version",
	},
}

// usage is the top-level help: every command.
const usage = `huoshui — 党支部工作平台 / a work platform for party branches

Usage:
  huoshui serve      run the platform (flags: --addr, --db, --demo …)
  huoshui migrate    bring the database schema up to date
  huoshui init       set up a real deployment: the root node and the three administrators
  huoshui user add   create an account with a role at an organisation node
  huoshui user reset set a password the owner must change (for administrators)
  huoshui gen        build a province-sized synthetic organisation for load tests
  huoshui clean      print a saved news page (HTML, .mht, text) as clean study text
  huoshui bench      moved out of this binary: go run ./cmd/huoshui-bench --help
  huoshui version    print the version and build of this binary
  huoshui help       this text

huoshui COMMAND --help says what a command does, its flags and environment.
--db (HUOSHUI_DB) takes sqlite:PATH, a bare file path, or postgres://….
`

// userUsage answers `huoshui user` without a known subcommand.
const userUsage = `huoshui user manages accounts from the server's command line.

Usage:
  huoshui user add   --username NAME --name 姓名 --role ROLE --org ORG_ID [--member MEMBER_ID] [--db …]
  huoshui user reset --username NAME [--db …]

huoshui user add --help and huoshui user reset --help say more.
`

// newFlagSet makes the flag set of a command; its usage is the command's
// help, its flags and the environment variables it reads.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		h, ok := commandHelp[name]
		if !ok {
			h = config.Help{Summary: "huoshui " + name + ".", Synopsis: "huoshui " + name + " [flags]"}
		}
		config.PrintHelp(fs, h)
	}
	return fs
}

// wantsHelp reports whether the flags before the first argument that is
// not a flag ask for help.
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "-h", "-help", "--h", "--help":
			return true
		case "--":
			return false
		}
	}
	return false
}

// isHelp reports whether err is the flag package's "help requested".
func isHelp(err error) bool { return errors.Is(err, flag.ErrHelp) }

// version prints the module version and the build: the VCS revision and
// time when the binary was built from a checkout, and the Go version.
func version(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("version", stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	bi, _ := debug.ReadBuildInfo()
	fmt.Fprint(stdout, describeBuild(bi))
	return nil
}

// describeBuild says what huoshui version prints for the build bi (nil
// when the binary carries no build information).
func describeBuild(bi *debug.BuildInfo) string {
	v, rev, at, modified := "(devel)", "", "", false
	goVersion := runtime.Version()
	if bi != nil {
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
		if bi.GoVersion != "" {
			goVersion = bi.GoVersion
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				at = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	out := fmt.Sprintf("huoshui %s\n", v)
	if rev != "" {
		if modified {
			rev += " (with uncommitted changes)"
		}
		out += fmt.Sprintf("revision %s\n", rev)
	}
	if at != "" {
		out += fmt.Sprintf("committed %s\n", at)
	}
	return out + fmt.Sprintf("built with %s %s/%s\n", goVersion, runtime.GOOS, runtime.GOARCH)
}
