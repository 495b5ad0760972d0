// Command terraform-provider-statushub is the StatusHub Terraform provider.
// Given "serve" or "accounts" as its first argument it runs the bundled
// reference Management API instead (see internal/cli).
package main

import (
	"context"
	"flag"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/statushub-community/terraform-provider-statushub/internal/cli"
	"github.com/statushub-community/terraform-provider-statushub/internal/provider"
)

// version is set by the release build (goreleaser's ldflags).
var version = "dev"

// registryAddress is the provider's source address.
const registryAddress = "registry.terraform.io/hashicorp/statushub"

func main() {
	if len(os.Args) > 1 && isReferenceAPICommand(os.Args[1]) {
		os.Exit(cli.Run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
	}
	serveProvider()
}

func isReferenceAPICommand(arg string) bool {
	return arg == "serve" || arg == "accounts"
}

// quietUnshownLogs turns off the SDK's and the provider's logs when
// Terraform (or OpenTofu) would drop them: it shows a provider's log lines
// only when TF_LOG_PROVIDER or TF_LOG sets a level, and passes its
// environment on to the provider. Left on, the SDK writes every trace line
// to Terraform, which parses each one before dropping it: about 60 KB of
// JSON per resource and command. A level set for the SDK or for this
// provider still wins.
func quietUnshownLogs() {
	if os.Getenv("TF_LOG_PROVIDER") != "" || os.Getenv("TF_LOG") != "" {
		return
	}
	for _, name := range []string{"TF_LOG_SDK", "TF_LOG_PROVIDER_STATUSHUB"} {
		if _, set := os.LookupEnv(name); !set {
			_ = os.Setenv(name, "OFF")
		}
	}
}

func serveProvider() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	quietUnshownLogs()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: registryAddress,
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}
