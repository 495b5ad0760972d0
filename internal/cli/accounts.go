package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver"
	"github.com/statushub-community/terraform-provider-statushub/internal/rules"
	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

const accountsUsage = `Usage: ` + program + ` accounts create --db FILE --name NAME --owner-email EMAIL

Commands:
  create   add an account with its owner to a store and print the owner's API key once

There is no network endpoint that creates accounts: this command is the way.
`

const accountsCreateHelp = `Adds an account, its owner member and an owner API key to the store, and
prints the key once on stdout. The server may be running on the same store.
`

type accountsCreateConfig struct {
	db, name, ownerEmail string
}

func runAccounts(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, accountsUsage)
		return usageError{errors.New("missing accounts command")}
	}
	switch args[0] {
	case "create":
		cfg, err := parseAccountsCreate(args[1:], stderr)
		if err != nil {
			return err
		}
		return createAccount(ctx, cfg, stdout)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stderr, accountsUsage)
		return nil
	default:
		fmt.Fprintf(stderr, "%s accounts: unknown command %q\n\n%s", program, args[0], accountsUsage)
		return usageError{fmt.Errorf("unknown accounts command %q", args[0])}
	}
}

func parseAccountsCreate(args []string, stderr io.Writer) (accountsCreateConfig, error) {
	fs := newFlagSet("accounts create", "accounts create [flags]", accountsCreateHelp, stderr)
	var cfg accountsCreateConfig
	fs.StringVar(&cfg.db, "db", "statushub.db", "SQLite database `file`, created if missing")
	fs.StringVar(&cfg.name, "name", "", "the account's `name` (required)")
	fs.StringVar(&cfg.ownerEmail, "owner-email", "", "the owner's `email` address (required)")

	err := parseFlags(fs, args, func() error {
		switch cfg.db {
		case "":
			return errors.New("--db must name a file")
		case ":memory:":
			return errors.New("--db :memory: would lose the account as soon as this command ends: name a file")
		}
		if cfg.name == "" {
			return errors.New("--name is required")
		}
		if err := rules.Name(cfg.name); err != nil {
			return fmt.Errorf("--name %w", err)
		}
		if cfg.ownerEmail == "" {
			return errors.New("--owner-email is required")
		}
		email, err := rules.Email(cfg.ownerEmail)
		if err != nil {
			return fmt.Errorf("--owner-email %q %w", cfg.ownerEmail, err)
		}
		cfg.ownerEmail = email
		return nil
	})
	return cfg, err
}

func createAccount(ctx context.Context, cfg accountsCreateConfig, stdout io.Writer) (err error) {
	st, err := store.Open(ctx, cfg.db)
	if err != nil {
		return fmt.Errorf("opening the store %s: %w", cfg.db, err)
	}
	defer func() {
		if cerr := st.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("closing the store: %w", cerr)
		}
	}()
	account, secret, err := apiserver.CreateAccount(ctx, st, cfg.name, cfg.ownerEmail)
	if err != nil {
		return fmt.Errorf("creating the account: %w", err)
	}
	fmt.Fprintf(stdout, "statushub: created the account %q (%s) with the owner %s. Its owner API key, shown only this once:\n%s\n",
		account.Name, account.ID, cfg.ownerEmail, secret)
	return nil
}
