package config

import (
	"io"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestLoad(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		args    []string
		env     map[string]string
		want    Config
		wantErr bool
	}{
		{"defaults", nil, nil, Config{Addr: DefaultAddr, DB: DefaultDB, Files: "huoshui-data/files"}, false},
		{"environment", nil, map[string]string{"HUOSHUI_ADDR": ":9000", "HUOSHUI_DB": "postgres://x/y", "HUOSHUI_DEMO": "true",
			"HUOSHUI_FILES": "/srv/huoshui/files"},
			Config{Addr: ":9000", DB: "postgres://x/y", Demo: true, Files: "/srv/huoshui/files"}, false},
		{"a flag wins over the environment", []string{"--addr", "127.0.0.1:0", "--demo=false", "--files", "/data/f"},
			map[string]string{"HUOSHUI_ADDR": ":9000", "HUOSHUI_DEMO": "1", "HUOSHUI_FILES": "/srv/f"},
			Config{Addr: "127.0.0.1:0", DB: DefaultDB, Files: "/data/f"}, false},
		{"files beside the SQLite database", []string{"--db", "/var/lib/huoshui/h.db"}, nil,
			Config{Addr: DefaultAddr, DB: "/var/lib/huoshui/h.db", Files: "/var/lib/huoshui/files"}, false},
		{"files beside a database in the working folder", []string{"--db", "sqlite:h.db"}, nil,
			Config{Addr: DefaultAddr, DB: "sqlite:h.db", Files: "files"}, false},
		{"PostgreSQL without a files folder", []string{"--db", "postgres://u@h/d"}, nil, Config{}, true},
		{"secure cookies behind TLS", nil, map[string]string{"HUOSHUI_SECURE_COOKIES": "true"},
			Config{Addr: DefaultAddr, DB: DefaultDB, SecureCookies: true, Files: "huoshui-data/files"}, false},
		{"trusted proxies", []string{"--trusted-proxies", "10.1.2.0/24, 192.168.0.7"}, nil,
			Config{Addr: DefaultAddr, DB: DefaultDB, TrustProxy: true, TrustedProxies: "10.1.2.0/24, 192.168.0.7", Files: "huoshui-data/files"}, false},
		{"trusted proxies from the environment", nil, map[string]string{"HUOSHUI_TRUSTED_PROXIES": "::1"},
			Config{Addr: DefaultAddr, DB: DefaultDB, TrustProxy: true, TrustedProxies: "::1", Files: "huoshui-data/files"}, false},
		{"a bad proxy address", []string{"--trusted-proxies", "10.1.2.0/33"}, nil, Config{}, true},
		{"bad boolean", nil, map[string]string{"HUOSHUI_DEMO": "yes please"}, Config{}, true},
		{"stray argument", []string{"extra"}, nil, Config{}, true},
		{"unknown flag", []string{"--port", "80"}, nil, Config{}, true},
	}
	for _, c := range cases {
		got, err := Load(c.args, env(c.env), io.Discard)
		if (err != nil) != c.wantErr {
			t.Errorf("%s: err %v, wantErr %v", c.name, err, c.wantErr)
			continue
		}
		if err == nil && *got != c.want {
			t.Errorf("%s: got %+v, want %+v", c.name, *got, c.want)
		}
	}
}

func TestCheckDB(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{"sqlite:./huoshui-data/huoshui.db", "sqlite:/tmp/x.db", "./h.db", "/var/lib/huoshui/h.db", "h.db",
		"data/my:file.db", "C:\\huoshui\\h.db", "postgres://huoshui@127.0.0.1:5432/huoshui?sslmode=disable", "postgresql://u@h/d"} {
		if err := CheckDB(ok); err != nil {
			t.Errorf("CheckDB(%q) = %v, want accepted", ok, err)
		}
	}
	for _, bad := range []string{"", "sqlite:", "mysql://x", "mysql:x", "sqlserver://h/d", "file:h.db", "http://127.0.0.1/x", "postgres://", "pg:x"} {
		err := CheckDB(bad)
		if err == nil || !strings.Contains(err.Error(), "sqlite:PATH") || !strings.Contains(err.Error(), "postgres://") {
			t.Errorf("CheckDB(%q) = %v, want a refusal naming the accepted forms", bad, err)
		}
	}
	if _, err := Load([]string{"--db", "mysql://x"}, env(nil), io.Discard); err == nil {
		t.Errorf("Load --db mysql://x: accepted")
	}
}

func TestProxies(t *testing.T) {
	t.Parallel()
	c := &Config{TrustProxy: true}
	if got := c.Proxies(); len(got) != 2 || got[0].String() != "127.0.0.0/8" || got[1].String() != "::1/128" {
		t.Errorf("--trust-proxy alone trusts %v, want the loopback addresses", got)
	}
	c = &Config{TrustProxy: true, TrustedProxies: "10.1.2.0/24, 192.168.0.7"}
	if got := c.Proxies(); len(got) != 2 || got[0].String() != "10.1.2.0/24" || got[1].String() != "192.168.0.7/32" {
		t.Errorf("got %v", got)
	}
	if got := (&Config{}).Proxies(); got != nil {
		t.Errorf("without --trust-proxy: %v, want none", got)
	}
}
