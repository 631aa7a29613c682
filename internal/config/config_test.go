package config

import (
	"io"
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
		{"defaults", nil, nil, Config{Addr: DefaultAddr, DB: DefaultDB}, false},
		{"environment", nil, map[string]string{"HUOSHUI_ADDR": ":9000", "HUOSHUI_DB": "postgres://x/y", "HUOSHUI_DEMO": "true"},
			Config{Addr: ":9000", DB: "postgres://x/y", Demo: true}, false},
		{"a flag wins over the environment", []string{"--addr", "127.0.0.1:0", "--demo=false"},
			map[string]string{"HUOSHUI_ADDR": ":9000", "HUOSHUI_DEMO": "1"}, Config{Addr: "127.0.0.1:0", DB: DefaultDB}, false},
		{"secure cookies behind TLS", nil, map[string]string{"HUOSHUI_SECURE_COOKIES": "true"},
			Config{Addr: DefaultAddr, DB: DefaultDB, SecureCookies: true}, false},
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
