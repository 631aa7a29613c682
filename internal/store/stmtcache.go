package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
)

// SQLite parses every statement it runs; the driver keeps nothing between
// queries, so a page that runs six queries parsed six SQL texts on every
// request — a tenth of the time of the member list. The SQLite connections
// are therefore opened through a connector that keeps, per connection, the
// statements it has prepared, keyed by their SQL text, and runs a query
// again on its prepared statement. PostgreSQL's driver (pgx) caches its
// own.

// stmtCacheSize is how many statements each connection keeps; past that
// the idle ones are dropped and the cache starts over. The store's SQL has
// a few dozen shapes.
const stmtCacheSize = 200

// openSQLite opens a SQLite pool whose connections cache their statements.
func openSQLite(dsn string) (*sql.DB, error) {
	db, err := sql.Open("sqlite", dsn) // only to find the registered driver
	if err != nil {
		return nil, err
	}
	drv := db.Driver()
	db.Close()
	return sql.OpenDB(&cachingConnector{drv: drv, dsn: dsn}), nil
}

type cachingConnector struct {
	drv driver.Driver
	dsn string
}

func (c *cachingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	for _, ok := range []bool{
		implements[driver.QueryerContext](conn), implements[driver.ExecerContext](conn),
		implements[driver.ConnBeginTx](conn), implements[driver.ConnPrepareContext](conn),
	} {
		if !ok {
			conn.Close()
			return nil, errors.New("store: the sqlite driver lacks a context method")
		}
	}
	return &cachingConn{Conn: conn, stmts: map[string]*cachedStmt{}}, nil
}

func (c *cachingConnector) Driver() driver.Driver { return c.drv }

func implements[T any](v any) bool { _, ok := v.(T); return ok }

// cachingConn is one SQLite connection with its prepared statements.
// database/sql never uses a connection from two goroutines at once.
type cachingConn struct {
	driver.Conn
	stmts map[string]*cachedStmt
}

type cachedStmt struct {
	st   driver.Stmt
	busy bool // its rows are still open
}

// stmt returns the prepared statement for query, preparing it the first
// time, or nil when it cannot be shared now: a script of several
// statements, or the same query already open on this connection.
func (c *cachingConn) stmt(ctx context.Context, query string) (*cachedStmt, error) {
	if strings.IndexByte(query, ';') >= 0 {
		return nil, nil
	}
	if cs, ok := c.stmts[query]; ok {
		if cs.busy {
			return nil, nil
		}
		cs.busy = true
		return cs, nil
	}
	if len(c.stmts) >= stmtCacheSize {
		for q, cs := range c.stmts {
			if !cs.busy {
				cs.st.Close()
				delete(c.stmts, q)
			}
		}
	}
	st, err := c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	cs := &cachedStmt{st: st, busy: true}
	c.stmts[query] = cs
	return cs, nil
}

func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	cs, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if cs == nil {
		return c.Conn.(driver.QueryerContext).QueryContext(ctx, query, args)
	}
	rows, err := cs.st.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		cs.busy = false
		return nil, err
	}
	return &cachedRows{Rows: rows, cs: cs}, nil
}

func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	cs, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if cs == nil {
		return c.Conn.(driver.ExecerContext).ExecContext(ctx, query, args)
	}
	defer func() { cs.busy = false }()
	return cs.st.(driver.StmtExecContext).ExecContext(ctx, args)
}

func (c *cachingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, query)
}

func (c *cachingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
}

func (c *cachingConn) Ping(ctx context.Context) error {
	if p, ok := c.Conn.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

func (c *cachingConn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c *cachingConn) IsValid() bool {
	if v, ok := c.Conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

func (c *cachingConn) Close() error {
	var errs []error
	for q, cs := range c.stmts {
		if err := cs.st.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close statement: %w", err))
		}
		delete(c.stmts, q)
	}
	return errors.Join(append(errs, c.Conn.Close())...)
}

// cachedRows frees its statement for the next query when closed.
type cachedRows struct {
	driver.Rows
	cs *cachedStmt
}

func (r *cachedRows) Close() error {
	err := r.Rows.Close()
	r.cs.busy = false
	return err
}
