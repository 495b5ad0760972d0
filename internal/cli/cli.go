// Package cli holds the commands of statushub-server, the reference
// Management API: `serve` and `accounts create`.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
)

// program is the binary's name, as usage texts show it.
const program = "statushub-server"

const usage = `Usage: ` + program + ` <command> [flags]

The reference StatusHub Management API v3. Commands:

  serve             serve the API from an SQLite store
  accounts create   add an account to a store and print its owner key

Run "` + program + ` <command> -h" for the flags of a command.
`

// usageError is a command line mistake; the message and the usage text have
// already been printed.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }

// Run runs the command named by args[0] with the flags that follow it. It
// returns the process exit code: 0 on success (and for -h), 1 when the
// command failed, 2 for a command line mistake.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = runServe(ctx, args[1:], stdout, stderr)
	case "accounts":
		err = runAccounts(ctx, args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stderr, usage) // where the flag package prints a command's usage too
		return 0
	default:
		fmt.Fprintf(stderr, "%s: unknown command %q\n\n%s", program, args[0], usage)
		return 2
	}
	return exitCode(err, stderr)
}

func exitCode(err error, stderr io.Writer) int {
	var usageErr usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &usageErr):
		return 2
	default:
		fmt.Fprintf(stderr, "%s: %v\n", program, err)
		return 1
	}
}

// newFlagSet returns a flag set whose usage text starts with synopsis and
// help, and that reports mistakes instead of exiting.
func newFlagSet(name, synopsis, help string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: %s %s\n\n%s\nFlags:\n", program, synopsis, help)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, refuses positional arguments and then runs
// validate. Every mistake is printed with the usage text and returned as a
// usageError; -h returns flag.ErrHelp.
func parseFlags(fs *flag.FlagSet, args []string, validate func() error) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err} // the flag package has printed it
	}
	var err error
	if fs.NArg() > 0 {
		err = fmt.Errorf("unexpected argument %q", fs.Arg(0))
	} else {
		err = validate()
	}
	if err != nil {
		fmt.Fprintf(fs.Output(), "%s: %v\n\n", fs.Name(), err)
		fs.Usage()
		return usageError{err}
	}
	return nil
}
