// Package config reads huoshui's settings from flags and HUOSHUI_*
// environment variables. A flag given on the command line wins over the
// variable, and the variable over the default.
package config

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Config is every setting of the server.
type Config struct {
	Addr string // listen address
	DB   string // sqlite:PATH or postgres://…
	Demo bool   // create the demo organisation when the database is empty
	// SecureCookies marks the session cookie Secure. It is on by default
	// when the server sits behind TLS (HUOSHUI_SECURE_COOKIES=true).
	SecureCookies bool
	// TrustProxy reads the client address from X-Forwarded-For.
	TrustProxy bool
}

// Defaults.
const (
	DefaultAddr = "127.0.0.1:8080"
	DefaultDB   = "sqlite:./huoshui-data/huoshui.db"
)

// Load reads the serve command's flags from args (without the command
// name) and the environment through getenv.
func Load(args []string, getenv func(string) string, stderr io.Writer) (*Config, error) {
	c := &Config{}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { PrintHelp(fs, serveHelp) }
	fs.StringVar(&c.Addr, "addr", envString(getenv, "HUOSHUI_ADDR", DefaultAddr), "address to listen on (HUOSHUI_ADDR)")
	fs.StringVar(&c.DB, "db", envString(getenv, "HUOSHUI_DB", DefaultDB), "database: sqlite:PATH, a file path, or postgres://… (HUOSHUI_DB)")
	demo, err := envBool(getenv, "HUOSHUI_DEMO", false)
	if err != nil {
		return nil, err
	}
	fs.BoolVar(&c.Demo, "demo", demo, "create the demo organisation when the database is empty (HUOSHUI_DEMO)")
	secure, err := envBool(getenv, "HUOSHUI_SECURE_COOKIES", false)
	if err != nil {
		return nil, err
	}
	fs.BoolVar(&c.SecureCookies, "secure-cookies", secure, "mark cookies Secure; set when served over TLS (HUOSHUI_SECURE_COOKIES)")
	proxy, err := envBool(getenv, "HUOSHUI_TRUST_PROXY", false)
	if err != nil {
		return nil, err
	}
	fs.BoolVar(&c.TrustProxy, "trust-proxy", proxy, "read the client address from X-Forwarded-For (HUOSHUI_TRUST_PROXY)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if err := CheckDB(c.DB); err != nil {
		return nil, err
	}
	return c, nil
}

// DBFlag reads just --db (and HUOSHUI_DB) for commands that need only the
// database: migrate, user add, gen.
func DBFlag(fs *flag.FlagSet, getenv func(string) string) *string {
	return fs.String("db", envString(getenv, "HUOSHUI_DB", DefaultDB), "database: sqlite:PATH, a file path, or postgres://… (HUOSHUI_DB)")
}

func envString(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

func envBool(getenv func(string) string, key string, def bool) (bool, error) {
	v := getenv(key)
	if v == "" {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%s=%q: want true or false", key, v)
	}
	return b, nil
}
