package config

import (
	"flag"
	"fmt"
	"strings"
)

// Help is what `huoshui COMMAND --help` says around the flags.
type Help struct {
	Summary  string   // what the command does: the first line(s) of the help
	Synopsis string   // the command line
	Env      []string // environment variables besides the flags' own
}

// serveHelp is the serve command's help.
var serveHelp = Help{
	Summary:  "Runs the platform: migrates the database, then serves the pages until SIGINT or SIGTERM.",
	Synopsis: "huoshui serve [--addr 127.0.0.1:8080] [--db sqlite:./huoshui-data/huoshui.db] [--demo] [flags]",
	Env: []string{
		"HUOSHUI_LOG               log level: debug, info (default), warn or error",
		"GOGC                      the garbage collector's target (200 unless set)",
	},
}

// PrintHelp writes h, the flags of fs and the environment variables they
// read to fs.Output(). Every HUOSHUI_* variable a flag names in its
// description "(HUOSHUI_…)" is listed, so a flag added later is too.
func PrintHelp(fs *flag.FlagSet, h Help) {
	w := fs.Output()
	fmt.Fprintf(w, "%s\n\nUsage:\n  %s\n\nFlags:\n", h.Summary, h.Synopsis)
	fs.PrintDefaults()
	var env []string
	fs.VisitAll(func(f *flag.Flag) {
		if i := strings.Index(f.Usage, "(HUOSHUI_"); i >= 0 {
			if j := strings.IndexByte(f.Usage[i:], ')'); j > 0 {
				env = append(env, fmt.Sprintf("%-25s instead of --%s", f.Usage[i+1:i+j], f.Name))
			}
		}
	})
	env = append(env, h.Env...)
	if len(env) > 0 {
		fmt.Fprintf(w, "\nEnvironment (a flag on the command line wins over its variable):\n")
		for _, e := range env {
			fmt.Fprintf(w, "  %s\n", e)
		}
	}
}
