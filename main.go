// Command terraform-provider-statushub is the StatusHub Terraform provider.
// Given "serve" or "accounts" as its first argument it runs the bundled
// reference Management API instead (see internal/cli).
package main

import (
	"context"
	"flag"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/statushub-community/terraform-provider-statushub/internal/cli"
	"github.com/statushub-community/terraform-provider-statushub/internal/provider"
)

// version is set by the release build (goreleaser's ldflags).
var version = "dev"

func main() {
	if len(os.Args) > 1 && isReferenceAPICommand(os.Args[1]) {
		os.Exit(cli.Run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
	}
	serveProvider()
}

func isReferenceAPICommand(arg string) bool {
	return arg == "serve" || arg == "accounts"
}

func serveProvider() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	provider.QuietUnshownLogs()

	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	if err := tf6server.Serve(provider.Address, provider.NewServer(version), opts...); err != nil {
		log.Fatal(err)
	}
}
