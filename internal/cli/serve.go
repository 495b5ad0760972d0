package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver"
	"github.com/statushub-community/terraform-provider-statushub/internal/panel"
	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

const serveHelp = `Serves the StatusHub Management API v3 at /api/v3, and the Control Panel's
web pages at /, until SIGINT or SIGTERM.

Started on an empty store, it creates the account "default" with the owner
owner@example.com and an owner API key, prints the key once on stdout and,
with --bootstrap-key-file, writes it to that file (mode 0600). Then it prints
"statushub: serving on http://ADDRESS", so that --listen 127.0.0.1:0 (a free
port) can be used by scripts, and the Control Panel's address. Logs go to stderr and never hold a secret.
`

// shutdownTimeout is how long the requests under way may take to finish.
const shutdownTimeout = 10 * time.Second

type serveConfig struct {
	listen           string
	db               string
	bootstrapKeyFile string
	rateLimits       apiserver.RateLimits
	logFormat        string
	logLevel         slog.Level
	faults           apiserver.Faults
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseServe(args, stderr)
	if err != nil {
		return err
	}
	return serve(ctx, cfg, stdout, newLogger(cfg.logFormat, cfg.logLevel, stderr))
}

func parseServe(args []string, stderr io.Writer) (serveConfig, error) {
	fs := newFlagSet("serve", "serve [flags]", serveHelp, stderr)
	defaults := apiserver.DefaultRateLimits()
	var cfg serveConfig
	fs.StringVar(&cfg.listen, "listen", "127.0.0.1:8080", "`address` to listen on; port 0 picks a free port")
	fs.StringVar(&cfg.db, "db", "statushub.db", "SQLite database `file`, created if missing; :memory: for a throw-away store")
	rateLimit := fs.String("rate-limit", "on", "per-key rate limits, `on|off`")
	fs.Float64Var(&cfg.rateLimits.ReadPerSecond, "read-rate", defaults.ReadPerSecond, "GET requests per second allowed to each key, with rate limits on")
	fs.Float64Var(&cfg.rateLimits.WritePerSecond, "write-rate", defaults.WritePerSecond, "other requests per second allowed to each key, with rate limits on")
	fs.StringVar(&cfg.bootstrapKeyFile, "bootstrap-key-file", "", "also write the bootstrap owner key to this `file`, readable only by you")
	fs.StringVar(&cfg.logFormat, "log-format", "text", "log format on stderr, `text|json`")
	fs.TextVar(&cfg.logLevel, "log-level", slog.LevelInfo, "lowest `level` logged: debug, info, warn or error")
	fs.Func("faults", "fail requests on purpose, to test clients: `spec` is rate=R[,seed=N][,mix=KIND,...][,delay=D] "+
		"with KIND one of 5xx, 5xx-after, 429, close-after or slow; off unless given", func(spec string) (err error) {
		cfg.faults, err = apiserver.ParseFaults(spec)
		return err
	})

	err := parseFlags(fs, args, func() error {
		switch *rateLimit {
		case "on":
		case "off":
			cfg.rateLimits.Disabled = true
		default:
			return fmt.Errorf("--rate-limit must be on or off, not %q", *rateLimit)
		}
		// A token bucket's burst is its rate: below one request, it would refuse everything.
		if !(cfg.rateLimits.ReadPerSecond >= 1) {
			return errors.New("--read-rate must be at least 1 request per second")
		}
		if !(cfg.rateLimits.WritePerSecond >= 1) {
			return errors.New("--write-rate must be at least 1 request per second")
		}
		if cfg.logFormat != "text" && cfg.logFormat != "json" {
			return fmt.Errorf("--log-format must be text or json, not %q", cfg.logFormat)
		}
		if cfg.db == "" {
			return errors.New("--db must be :memory: or name a file")
		}
		return nil
	})
	return cfg, err
}

func newLogger(format string, level slog.Level, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// serve runs the API until ctx is done or a signal arrives, then shuts down
// within shutdownTimeout and closes the store.
func serve(ctx context.Context, cfg serveConfig, stdout io.Writer, logger *slog.Logger) (err error) {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	st, err := store.Open(ctx, cfg.db)
	if err != nil {
		return fmt.Errorf("opening the store %s: %w", cfg.db, err)
	}
	defer func() {
		if cerr := st.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("closing the store: %w", cerr)
		}
	}()
	if cfg.db == ":memory:" {
		logger.Warn("the store is in memory: everything is lost when the server stops")
	}

	// Bootstrap before listening: once the address is printed, so is the key.
	if err := bootstrap(ctx, st, cfg.bootstrapKeyFile, stdout, logger); err != nil {
		return err
	}

	ln, err := net.Listen("tcp", cfg.listen)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", cfg.listen, err)
	}
	srv := apiserver.NewHTTPServer(apiserver.New(apiserver.Config{
		Store: st, Logger: logger, RateLimits: cfg.rateLimits, Faults: cfg.faults, Pages: panel.New,
	}), logger)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	fmt.Fprintf(stdout, "statushub: serving on http://%s\n", ln.Addr())
	fmt.Fprintf(stdout, "statushub: the Control Panel is at http://%s/ (sign in with an API key)\n", ln.Addr())
	logger.Info("serving", "address", ln.Addr().String(), "db", cfg.db, "rate_limits", !cfg.rateLimits.Disabled)
	if cfg.faults.Rate > 0 {
		logger.Warn("injecting faults on purpose; the same --faults repeats them", "faults", cfg.faults.String())
	}

	select {
	case err := <-served:
		return fmt.Errorf("serving: %w", err)
	case <-ctx.Done():
	}
	stop() // from now on, a second signal ends the process at once
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		srv.Close()
		return fmt.Errorf("shutting down: %w", err)
	}
	logger.Info("stopped")
	return nil
}

// bootstrap gives an empty store its first account and shows the owner key
// once: on stdout and, when keyFile is set, in that file.
func bootstrap(ctx context.Context, st *store.Store, keyFile string, stdout io.Writer, logger *slog.Logger) error {
	// Refuse a bad key file before the store changes, so that a failure
	// cannot leave an account whose key went nowhere.
	if keyFile != "" {
		if err := checkKeyFile(keyFile); err != nil {
			return err
		}
	}
	secret, created, err := apiserver.Bootstrap(ctx, st)
	if err != nil {
		return fmt.Errorf("bootstrapping the store: %w", err)
	}
	if !created {
		logger.Info("the store already holds an account: no bootstrap key was made")
		return nil
	}
	fmt.Fprintf(stdout, "statushub: created the account \"default\" with the owner owner@example.com. Its owner API key, shown only this once:\n%s\n", secret)
	logger.Info("bootstrapped the store: created the account \"default\" with the owner owner@example.com")
	if keyFile == "" {
		return nil
	}
	if err := writeKeyFile(keyFile, secret); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "statushub: the key is also in %s (mode 0600).\n", keyFile)
	return nil
}
