package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime/pprof"

	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/statushub-community/terraform-provider-statushub/internal/provider"
)

// serveProviderInProcess serves the provider from the bench process, as
// `terraform-provider-statushub -debug` would, so that a CPU profile of the
// bench process covers the provider beside the server. It returns the
// TF_REATTACH_PROVIDERS setting that sends Terraform to it; cancelling ctx
// stops it.
func serveProviderInProcess(ctx context.Context) (string, error) {
	provider.QuietUnshownLogs() // as main.go does
	reattach := make(chan *plugin.ReattachConfig)
	go func() {
		err := tf6server.Serve(provider.Address, provider.NewServer("bench"),
			tf6server.WithDebug(ctx, reattach, nil), tf6server.WithoutLogStderrOverride())
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench: serving the provider in process:", err)
		}
	}()
	var cfg *plugin.ReattachConfig
	select {
	case cfg = <-reattach:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	type addr struct{ Network, String string }
	setting, err := json.Marshal(map[string]any{provider.Address: map[string]any{
		"Protocol":        cfg.Protocol,
		"ProtocolVersion": cfg.ProtocolVersion,
		"Pid":             cfg.Pid,
		"Test":            true,
		"Addr":            addr{Network: cfg.Addr.Network(), String: cfg.Addr.String()},
	}})
	if err != nil {
		return "", err
	}
	return "TF_REATTACH_PROVIDERS=" + string(setting), nil
}

// startCPUProfile profiles the bench process into path until the returned
// function is called.
func startCPUProfile(path string) (stop func() error, err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() error {
		pprof.StopCPUProfile()
		return f.Close()
	}, nil
}
