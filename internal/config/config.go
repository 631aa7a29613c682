// Package config reads huoshui's settings from flags and HUOSHUI_*
// environment variables. A flag given on the command line wins over the
// variable, and the variable over the default.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/netip"
	"path/filepath"
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
	// TrustProxy reads the client address from X-Forwarded-For, and the
	// scheme from X-Forwarded-Proto, on requests that come from a trusted
	// proxy.
	TrustProxy bool
	// TrustedProxies is the comma-separated list of the proxies' addresses
	// or CIDR ranges (validated by Load; read it with Proxies). Setting it
	// turns TrustProxy on. Empty with TrustProxy means the loopback
	// addresses: a proxy on the same machine.
	TrustedProxies string
	// Files is the folder of the photos and files of meetings and study
	// materials (internal/blob). By default a "files" folder beside the
	// SQLite database; with PostgreSQL it must be given: every server of
	// the database shares one folder.
	Files string
}

// Proxies is the trusted proxies as address ranges: none without
// TrustProxy, the loopback addresses when no list was given.
func (c *Config) Proxies() []netip.Prefix {
	if !c.TrustProxy {
		return nil
	}
	if strings.TrimSpace(c.TrustedProxies) == "" {
		return []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	}
	ps, _ := ParsePrefixes(c.TrustedProxies)
	return ps
}

// ParsePrefixes reads a comma-separated list of addresses and CIDR ranges;
// a lone address is a range of one.
func ParsePrefixes(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if strings.Contains(f, "/") {
			p, err := netip.ParsePrefix(f)
			if err != nil {
				return nil, fmt.Errorf("trusted proxy %q: want an address or a range such as 10.0.0.0/8", f)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q: want an address or a range such as 10.0.0.0/8", f)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
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
	fs.BoolVar(&c.TrustProxy, "trust-proxy", proxy, "read the client address from X-Forwarded-For sent by a trusted proxy (HUOSHUI_TRUST_PROXY)")
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", getenv("HUOSHUI_TRUSTED_PROXIES"),
		"comma-separated addresses or CIDR ranges of the reverse proxies; implies --trust-proxy; default the loopback addresses (HUOSHUI_TRUSTED_PROXIES)")
	fs.StringVar(&c.Files, "files", getenv("HUOSHUI_FILES"),
		"folder of the photos and files of meetings and materials; default \"files\" beside the SQLite database, required with PostgreSQL (HUOSHUI_FILES)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if strings.TrimSpace(c.TrustedProxies) != "" {
		if _, err := ParsePrefixes(c.TrustedProxies); err != nil {
			return nil, err
		}
		c.TrustProxy = true
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if err := CheckDB(c.DB); err != nil {
		return nil, err
	}
	if c.Files == "" {
		if c.Files, err = DefaultFiles(c.DB); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// DefaultFiles is the folder of photos and files for a database: "files"
// beside a SQLite file. PostgreSQL has none: its servers may run on
// several machines, which must share one folder that only the operator
// can name.
func DefaultFiles(dsn string) (string, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return "", errors.New("--files (HUOSHUI_FILES) is required with PostgreSQL: " +
			"the folder for the photos and files of meetings and materials, the same for every server of the database")
	}
	return filepath.Join(filepath.Dir(strings.TrimPrefix(dsn, "sqlite:")), "files"), nil
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
