package config

import (
	"fmt"
	"strings"
)

// DBForms names the values --db (HUOSHUI_DB) accepts, for messages.
const DBForms = "sqlite:PATH (e.g. sqlite:./huoshui-data/huoshui.db), a bare file path, " +
	"or postgres://USER@HOST:PORT/DB?sslmode=… (postgresql:// too)"

// CheckDB refuses a database setting that is none of the accepted forms,
// before anything is opened or created: "sqlite:PATH", a bare file path
// (no "scheme:" in front), or a postgres:// or postgresql:// URL.
func CheckDB(dsn string) error {
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		if len(dsn) > len("postgresql://") || !strings.HasSuffix(dsn, "://") {
			return nil
		}
	case strings.HasPrefix(dsn, "sqlite:"):
		if strings.TrimPrefix(dsn, "sqlite:") != "" {
			return nil
		}
	case dsn != "" && !hasScheme(dsn):
		return nil
	}
	return fmt.Errorf("--db %q: not a database this program opens; use %s", dsn, DBForms)
}

// hasScheme reports whether s starts with "word:" like a URL or "mysql:",
// which as a file name is almost surely a mistake. A one-letter word is a
// Windows drive ("C:").
func hasScheme(s string) bool {
	i := strings.IndexByte(s, ':')
	if i < 2 {
		return false
	}
	for j, c := range s[:i] {
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !letter && (j == 0 || !(c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return true
}
