package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/blob"
	"github.com/huoshui/huoshui/internal/config"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/web"
)

// serve runs the platform until ctx ends. It migrates the database first,
// and with --demo fills an empty one with the demo organisation.
func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := config.Load(args, getenv, stderr)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: logLevel(getenv)}))
	if getenv("GOGC") == "" {
		// A page allocates a few hundred kilobytes and keeps almost none;
		// collecting at 200% rather than 100% growth halves the collector's
		// work for a few megabytes more heap (huoshui-bench: the member list
		// at 1,000/s went from p99 56 ms to 17 ms on two cores).
		debug.SetGCPercent(200)
	}
	st, err := openStore(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	if cfg.Demo {
		accounts, err := demo.Seed(ctx, st)
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		if accounts != nil {
			fmt.Fprintln(stdout, "演示数据已创建 / demo organisation created. Accounts (password "+demo.Password+"):")
			for _, a := range accounts {
				fmt.Fprintf(stdout, "  %-10s %s\n", a.Username, a.Description)
			}
		} else {
			fmt.Fprintln(stdout, "演示账号密码 / demo password: "+demo.Password)
		}
	}
	files, err := blob.Open(cfg.Files)
	if err != nil {
		return err
	}
	app, handler, err := web.New(web.Deps{Store: st, Logger: log, SecureCookies: cfg.SecureCookies, TrustProxy: cfg.TrustProxy,
		TrustedProxies: cfg.Proxies(), Files: files})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", cfg.Addr, err)
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	// Chat streams never go idle: Shutdown ends them rather than waiting.
	srv.RegisterOnShutdown(app.CloseStreams)
	fmt.Fprintf(stdout, "活水 huoshui 已启动 / listening on http://%s (%s)\n", ln.Addr(), st.Engine())
	go sweepSessions(ctx, st, log)
	if cfg.Demo {
		// The demo's photos are drawn and taken in after the server is up:
		// a few seconds of picture work need not hold back the first page.
		go func() {
			if _, err := demo.SeedPhotos(ctx, st, files); err != nil && ctx.Err() == nil {
				log.Warn("demo photos", "err", err)
			}
		}()
	}
	go app.RunReminders(ctx, 30*time.Minute)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func openStore(ctx context.Context, dsn string) (*store.Store, error) {
	if err := config.CheckDB(dsn); err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if err := st.Migrate(ctx); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// sweepSessions removes expired sessions, and import batches nobody
// confirmed (they hold ID numbers), every ten minutes.
func sweepSessions(ctx context.Context, st *store.Store, log *slog.Logger) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := st.DeleteExpiredSessions(ctx); err != nil {
				log.Warn("sweep sessions", "err", err)
			} else if n > 0 {
				log.Info("expired sessions removed", "count", n)
			}
			if n, err := st.DeleteStaleStagedSheets(ctx, st.Now().Add(-huoshui.StagedSheetTTL)); err != nil {
				log.Warn("sweep staged sheets", "err", err)
			} else if n > 0 {
				log.Info("unconfirmed staged sheets removed", "count", n)
			}
		}
	}
}

func logLevel(getenv func(string) string) slog.Level {
	switch getenv("HUOSHUI_LOG") {
	case "debug":
		return slog.LevelDebug
	case "warn":
		return slog.LevelWarn
	case "error":
		return slog.LevelError
	}
	return slog.LevelInfo
}

// migrate brings the schema up to date and says which version it is at.
func migrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("migrate", stderr)
	db := config.DBFlag(fs, getenv)
	if err := fs.Parse(args); err != nil {
		return err
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	v, err := st.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "schema up to date at version %d (%s)\n", v, st.Engine())
	return nil
}
