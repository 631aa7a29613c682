package store

import (
	"strconv"
	"strings"

	"github.com/pressly/goose/v3"
)

// dialect is the only place that knows SQLite from PostgreSQL. SQL is
// written once with $N placeholders, which both drivers bind by number.
type dialect struct {
	name  string // "sqlite" or "postgres"
	goose goose.Dialect
}

var (
	sqliteDialect   = dialect{name: "sqlite", goose: goose.DialectSQLite3}
	postgresDialect = dialect{name: "postgres", goose: goose.DialectPostgres}
)

// subtreeRange returns the bounds of the byte range that holds every path in
// the subtree rooted at path: "/1/7/" → ["/1/7/", "/1/70"), since '0' is the
// byte after '/'. Both engines compare paths bytewise (PostgreSQL through the
// column's "C" collation), so the range is one index scan.
func subtreeRange(path string) (lo, hi string) {
	return path, strings.TrimSuffix(path, "/") + "0"
}

// isUniqueViolation reports whether err is a unique-constraint failure.
func (d dialect) isUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	if d.name == "postgres" {
		return strings.Contains(s, "SQLSTATE 23505")
	}
	return strings.Contains(s, "UNIQUE constraint failed")
}

// forUpdate locks the rows of alias that a query inside a transaction
// reads, until the transaction ends: two requests changing one record then
// take turns instead of both acting on what they read. SQLite needs none:
// its write transactions (_txlock=immediate) already run one at a time.
func (d dialect) forUpdate(alias string) string {
	if d.name == "postgres" {
		return " FOR UPDATE OF " + alias
	}
	return ""
}

// bulkParam is the placeholder of the nth argument (from 1) of a statement
// with thousands of them (bulk.go). SQLite looks each "$N" up by name in a
// list, which makes a statement of n arguments cost n² to prepare and bind;
// its plain "?" binds in order with no lookup. PostgreSQL needs "$N".
func (d dialect) bulkParam(n int) string {
	if d.name == "sqlite" {
		return "?"
	}
	return "$" + strconv.Itoa(n)
}
