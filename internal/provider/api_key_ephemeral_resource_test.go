package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

// TestAccAPIKeyEphemeralResource_limitedAlias is the flagship use: the
// owner's provider opens a key of the pipeline's member limited to editor
// and hands it to a second provider block, which may change a component's
// status but not a role. After each apply the key is gone, and no part of
// it is in the state.
func TestAccAPIKeyEphemeralResource_limitedAlias(t *testing.T) {
	srv := newTestServer(t)
	ctx := context.Background()
	c := srv.client(t)
	hub, err := c.CreateHub(ctx, api.HubCreate{Name: "Payments", Subdomain: "payments"})
	if err != nil {
		t.Fatalf("creating hub: %v", err)
	}
	component, err := c.CreateComponent(ctx, hub.ID, api.ComponentCreate{Name: "Checkout"})
	if err != nil {
		t.Fatalf("creating component: %v", err)
	}
	pipeline, err := c.CreateMember(ctx, api.MemberCreate{
		Email: "pipeline@example.com", Name: "Pipeline", HubRoles: map[string]string{hub.ID: "admin"},
	})
	if err != nil {
		t.Fatalf("creating member: %v", err)
	}

	// The run's resources; provider names the block that manages them.
	runResources := func(provider, memberRole string) string {
		return srv.providerConfig() + srv.runProviderConfig("ephemeral.statushub_api_key.run.secret") + fmt.Sprintf(`
ephemeral "statushub_api_key" "run" {
  member_id  = %[1]q
  name       = "pipeline-run"
  limit_role = "editor"
  expires_in = "10m"
}

import {
  to = statushub_component.checkout
  id = "%[2]s/%[3]s"
}

resource "statushub_component" "checkout" {
  provider = %[4]s
  hub_id   = %[2]q
  name     = "Checkout"
  status   = "major_outage"
}

import {
  to = statushub_member.pipeline
  id = %[1]q
}

resource "statushub_member" "pipeline" {
  provider  = %[4]s
  email     = "pipeline@example.com"
  name      = "Pipeline"
  hub_roles = {
    %[2]q = %[5]q
  }
}
`, pipeline.ID, hub.ID, component.ID, provider, memberRole)
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: srv.factoriesWithRun(),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		Steps: []resource.TestStep{
			{
				Config: runResources(runProviderName, "admin"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("statushub_component.checkout", tfjsonpath.New("status"), knownvalue.StringExact("major_outage")),
					noKeyInState{},
				},
				Check: srv.checkKeyCount(pipeline.ID, 0),
			},
			{
				Config:      runResources(runProviderName, "viewer"),
				ExpectError: errorMatching("changing a member needs a key of the account owner"),
			},
			{
				// Terraform does not close an ephemeral resource when an apply
				// fails, so the last step's key lives on until it expires: it
				// must expire within expires_in. Then, as if that time had
				// passed, it goes, and the resources go back to the owner's
				// provider, which may destroy them.
				PreConfig: func() {
					srv.expectKeysExpireWithin(t, pipeline.ID, 10*time.Minute)
					srv.deleteKeys(t, pipeline.ID)
				},
				Config:            runResources("statushub", "admin"),
				ConfigStateChecks: []statecheck.StateCheck{noKeyInState{}},
				Check:             srv.checkKeyCount(pipeline.ID, 0),
			},
		},
	})
}

// The acceptance tests serve the provider in their own process, and
// Terraform then sends every provider block of the provider's address to
// that one server, where the block configured last wins. A run's own
// provider block is therefore served under an address of its own, as
// Terraform outside tests starts a provider of its own for each block.
const runProviderName = "statushubrun"

// factoriesWithRun serves the provider under its address and the run's.
func (s *testServer) factoriesWithRun() map[string]func() (tfprotov6.ProviderServer, error) {
	f := s.factories()
	f[runProviderName] = f["statushub"]
	return f
}

// runProviderConfig names both addresses and gives the run's provider
// block, which authenticates with apiKey, an expression.
func (s *testServer) runProviderConfig(apiKey string) string {
	return fmt.Sprintf(`
terraform {
  required_providers {
    statushub = {
      source = "%[1]s/statushub"
    }
    %[2]s = {
      source = "%[1]s/%[2]s"
    }
  }
}

provider %[2]q {
  endpoint = %[3]q
  api_key  = %[4]s
}
`, Namespace, runProviderName, s.URL, apiKey)
}

// TestAccAPIKeyEphemeralResource_quota: a member at its quota cannot open a
// key, and the error says what to do.
func TestAccAPIKeyEphemeralResource_quota(t *testing.T) {
	srv := newTestServer(t)
	member := srv.createMember(t, "pipeline@example.com")
	srv.createKeys(t, member, api.MaxKeysPerMember)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: srv.factories(),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		Steps: []resource.TestStep{{
			Config: srv.providerConfig() + fmt.Sprintf(`
ephemeral "statushub_api_key" "run" {
  member_id = %q
  name      = "pipeline-run"
}
`, member),
			ExpectError: errorMatching("Unable to Create API Key", "already has 10 API keys",
				"Delete a key it no longer needs (the statushub_api_keys data source lists them)"),
		}},
	})
}

// expectKeysExpireWithin fails t unless every key of the member expires
// within d from now.
func (s *testServer) expectKeysExpireWithin(t *testing.T, memberID string, d time.Duration) {
	t.Helper()
	keys, err := s.client(t).ListAPIKeys(context.Background(), memberID)
	if err != nil {
		t.Fatalf("listing keys of %s: %v", memberID, err)
	}
	deadline := time.Now().Add(d)
	for _, k := range keys {
		if k.ExpiresAt == nil || k.ExpiresAt.After(deadline) {
			t.Errorf("key %s of %s expires at %v, want before %v", k.ID, memberID, k.ExpiresAt, deadline)
		}
	}
}

// noKeyInState fails when `terraform show -json` holds any part of a key
// secret: neither a secret nor the prefix that starts one.
type noKeyInState struct{}

func (noKeyInState) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	b, err := json.Marshal(req.State)
	if err != nil {
		resp.Error = err
		return
	}
	if found := keyPrefixPattern.Find(b); found != nil {
		resp.Error = fmt.Errorf("the state holds a key secret or prefix (%s…)", found)
	}
}

// keyPrefixPattern finds the start of any key secret or prefix.
var keyPrefixPattern = regexp.MustCompile(`shk_`)

func TestAPIKeyEphemeralModelCreateRequest(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	editor := "editor"
	tests := map[string]struct {
		model   apiKeyEphemeralModel
		want    api.APIKeyCreate
		wantErr bool
	}{
		"default lifetime": {
			model: apiKeyEphemeralModel{Name: types.StringValue("run"), ExpiresIn: types.StringNull()},
			want:  api.APIKeyCreate{Name: "run", ExpiresAt: new(now.Add(time.Hour))},
		},
		"expires_in and limit_role": {
			model: apiKeyEphemeralModel{Name: types.StringValue("run"), LimitRole: types.StringValue(editor), ExpiresIn: types.StringValue("90s")},
			want:  api.APIKeyCreate{Name: "run", LimitRole: &editor, ExpiresAt: new(now.Add(90 * time.Second))},
		},
		"zero expires_in": {
			model:   apiKeyEphemeralModel{Name: types.StringValue("run"), ExpiresIn: types.StringValue("0s")},
			wantErr: true,
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := tt.model.createRequest(now)
			if (err != nil) != tt.wantErr {
				t.Fatalf("createRequest() error = %v, want error %v", err, tt.wantErr)
			}
			if tt.wantErr {
				return
			}
			gotJSON, _ := json.Marshal(got)
			wantJSON, _ := json.Marshal(tt.want)
			if string(gotJSON) != string(wantJSON) {
				t.Errorf("createRequest() = %s, want %s", gotJSON, wantJSON)
			}
		})
	}
}
