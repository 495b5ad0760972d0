// Command statushub-server is the reference StatusHub Management API:
// `serve` serves it from an SQLite store, `accounts create` adds an account
// to a store. See internal/cli.
package main

import (
	"context"
	"os"

	"github.com/statushub-community/terraform-provider-statushub/internal/cli"
)

func main() {
	os.Exit(cli.Run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}
