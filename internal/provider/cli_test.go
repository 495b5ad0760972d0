package provider

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// cliRun is a Terraform working directory that a test drives with the CLI
// itself, for what the test framework cannot do (terraform apply -invoke),
// against the provider served from the test process.
type cliRun struct {
	t   *testing.T
	cli string   // the CLI, from cliFor
	dir string   // the working directory
	env []string // the CLI's environment
}

// cliFor returns the CLI in TF_ACC_TERRAFORM_PATH, or skips t without it or
// as checks say, as a TestCase would: call it before making anything.
func cliFor(t *testing.T, checks []tfversion.TerraformVersionCheck) string {
	t.Helper()
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		t.Skip("this test runs the Terraform CLI itself: set TF_ACC_TERRAFORM_PATH")
	}
	skipByVersion(t, cli, checks)
	return cli
}

// newCLIRun serves the provider of s in process, writes config to a new
// working directory and runs cli's init there. env adds to the CLI's
// environment, such as TF_VAR_ settings; the provider runs in the test's
// process, so its own environment variables are the test's.
func (s *testServer) newCLIRun(t *testing.T, cli, config string, env ...string) *cliRun {
	t.Helper()
	r := &cliRun{t: t, cli: cli, dir: t.TempDir()}
	reattach, err := json.Marshal(s.serveInProcess(t))
	if err != nil {
		t.Fatal(err)
	}
	r.env = append(os.Environ(), append(env,
		"TF_REATTACH_PROVIDERS="+string(reattach),
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
	)...)
	// As under the test framework, the CLI logs at TRACE to the log that
	// the secret sweep reads.
	if logPath := os.Getenv("TF_ACC_LOG_PATH"); logPath != "" {
		r.env = append(r.env, "TF_LOG=TRACE", "TF_LOG_PATH="+logPath)
	}
	if err := os.WriteFile(filepath.Join(r.dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	r.run("init", "-no-color")
	return r
}

// run runs the CLI with args and returns what it printed; it fails the test
// when the CLI fails.
func (r *cliRun) run(args ...string) string {
	r.t.Helper()
	cmd := exec.Command(r.cli, args...)
	cmd.Dir, cmd.Env = r.dir, r.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("terraform %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// skipByVersion runs checks on the version of cli.
func skipByVersion(t *testing.T, cli string, checks []tfversion.TerraformVersionCheck) {
	t.Helper()
	out, err := exec.Command(cli, "version", "-json").Output()
	if err != nil {
		t.Fatalf("asking %s for its version: %v", cli, err)
	}
	var v struct {
		TerraformVersion string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("reading the version of %s: %v\n%s", cli, err, out)
	}
	ver, err := version.NewVersion(v.TerraformVersion)
	if err != nil {
		t.Fatalf("reading the version of %s: %v", cli, err)
	}
	for _, check := range checks {
		var resp tfversion.CheckTerraformVersionResponse
		check.CheckTerraformVersion(context.Background(), tfversion.CheckTerraformVersionRequest{TerraformVersion: ver}, &resp)
		if resp.Error != nil {
			t.Fatal(resp.Error)
		}
		if resp.Skip != "" {
			t.Skip(resp.Skip)
		}
	}
}

// serveInProcess serves the provider, on the server's clock, until t ends,
// and returns what tells the Terraform CLI to reach it there rather than
// install it (TF_REATTACH_PROVIDERS). The provider logs as under the test
// framework: to TF_ACC_LOG_PATH.
func (s *testServer) serveInProcess(t *testing.T) tfexec.ReattachInfo {
	t.Helper()
	ctx, stop := context.WithCancel(context.Background())
	reattach := make(chan *plugin.ReattachConfig)
	closed := make(chan struct{})
	failed := make(chan error, 1)
	go func() {
		failed <- tf6server.Serve(Address, serverOf(newWithClock("test", s.now)),
			tf6server.WithDebug(ctx, reattach, closed), tf6server.WithLoggingSink(t), tf6server.WithoutLogStderrOverride(),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()))
	}()
	var config *plugin.ReattachConfig
	select {
	case config = <-reattach:
	case err := <-failed:
		stop()
		t.Fatalf("serving the provider: %v", err)
	}
	t.Cleanup(func() { stop(); <-closed })
	return tfexec.ReattachInfo{Address: {
		Protocol:        string(config.Protocol),
		ProtocolVersion: config.ProtocolVersion,
		Pid:             config.Pid,
		Test:            config.Test,
		Addr:            tfexec.ReattachConfigAddr{Network: config.Addr.Network(), String: config.Addr.String()},
	}}
}
