package provider

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// TestAccAPIKeyResource_secretsNotLogged creates and resets a key, opens an
// ephemeral key for a second provider block, and reads every key data
// source with trace logging of Terraform and the provider into a file, then
// looks for the owner's key and each secret the server gave out in that
// file. It sets environment variables, so it cannot run in parallel.
func TestAccAPIKeyResource_secretsNotLogged(t *testing.T) {
	srv := newTestServer(t)
	member := srv.createMember(t, "quiet@example.com")
	logPath := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	// The test framework logs each step's configuration, so the provider's
	// key comes from the environment, as it should in real use too.
	t.Setenv("STATUSHUB_API_KEY", srv.OwnerKey)
	provider := fmt.Sprintf("provider \"statushub\" {\n  endpoint = %q\n}\n", srv.URL)
	// The run's key is opened for a member known at plan time: OpenTofu
	// holds a new key's member_id unknown until apply.
	ephemeralKey := fmt.Sprintf(`
ephemeral "statushub_api_key" "run" {
  member_id  = %q
  name       = "run"
  limit_role = "viewer"
}

data "statushub_current_key" "run" {
  provider = %s
}
`, member, runProviderName) + srv.runProviderConfig("ephemeral.statushub_api_key.run.secret")

	var keyIDs []string
	collect := func(state *terraform.State) error {
		for _, addr := range []string{keyAddr, "data.statushub_current_key.run"} {
			keyIDs = append(keyIDs, state.RootModule().Resources[addr].Primary.ID)
		}
		return nil
	}
	config := func(rotation string) string {
		return provider + keyResource(member, "ci", `reset_triggers = { rotation = "`+rotation+`" }`) + `
data "statushub_api_keys" "test" {
  member_id  = statushub_api_key.test.member_id
  depends_on = [statushub_api_key.test]
}

data "statushub_api_key_effective_roles" "test" {
  member_id  = statushub_api_key.test.member_id
  api_key_id = statushub_api_key.test.id
}

data "statushub_current_key" "test" {}
` + ephemeralKey
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: srv.factoriesWithRun(),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		Steps: []resource.TestStep{
			{Config: config("1"), Check: collect},
			{Config: config("2"), Check: collect},
		},
	})

	log, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatalf("reading the trace log: %v", err)
	}
	// Guard against a vacuous pass: the log must cover the keys' requests.
	for _, keyID := range keyIDs {
		if !bytes.Contains(log, []byte(keyID)) {
			t.Fatalf("the trace log (%d bytes) never mentions key %s", len(log), keyID)
		}
	}
	if bytes.Contains(log, []byte(srv.OwnerKey)) {
		t.Error("the owner's key appears in the trace log")
	}
	srv.secrets.checkAbsent(t, "the trace log", bytes.NewReader(log))
}
