package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

// terraformCLI runs Terraform in one working directory, with a CLI
// configuration whose dev_overrides point at the freshly built provider:
// nothing is installed or downloaded, and no `terraform init` is needed.
type terraformCLI struct {
	bin string
	dir string
	env []string
}

// newTerraformCLI writes config into a new working directory under parent.
// extraEnv holds the provider's settings (or TF_REATTACH_PROVIDERS).
func newTerraformCLI(bin, cliConfig, parent, config string, extraEnv ...string) (*terraformCLI, error) {
	dir, err := os.MkdirTemp(parent, "tf-")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o644); err != nil {
		return nil, err
	}
	env := append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
	)
	return &terraformCLI{bin: bin, dir: dir, env: append(env, extraEnv...)}, nil
}

// usage is what a command took: wall-clock time, and the CPU time of
// Terraform, the provider processes it started and waited for, and the bench
// process itself (where the reference API runs).
type usage struct {
	Wall, CPU time.Duration
	Self      time.Duration // the part of CPU the bench process used
}

// run runs a command that takes -input and -no-color, such as plan, apply
// or import: they go before its arguments, where every command reads its
// flags.
func (t *terraformCLI) run(ctx context.Context, args ...string) (usage, error) {
	u, _, err := t.exec(ctx, slices.Concat(args[:1], []string{"-input=false", "-no-color"}, args[1:])...)
	return u, err
}

// exec runs one command and returns what it took and its standard output.
// The rest of its output is kept only to explain a failure.
func (t *terraformCLI) exec(ctx context.Context, args ...string) (usage, []byte, error) {
	cmd := exec.CommandContext(ctx, t.bin, args...)
	cmd.Dir = t.dir
	cmd.Env = t.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start, selfStart := time.Now(), selfCPU()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return usage{}, nil, fmt.Errorf("terraform %s: %w\n%s", strings.Join(args, " "), err, tail(stdout.String()+stderr.String(), 40))
	}
	self := selfCPU() - selfStart
	return usage{Wall: wall, CPU: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime() + self, Self: self}, stdout.Bytes(), nil
}

// selfCPU is the CPU time the bench process has used so far.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// writeCLIConfig fills the project's dev_overrides template with the
// directory of the built provider.
func writeCLIConfig(template, providerDir, dest string) error {
	tmpl, err := os.ReadFile(template)
	if err != nil {
		return err
	}
	config := strings.ReplaceAll(string(tmpl), "@PROVIDER_DIR@", providerDir)
	return os.WriteFile(dest, []byte(config), 0o644)
}
