package provider

import (
	"context"
	"encoding/json"
	"maps"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func TestCurrentStatePassthrough(t *testing.T) {
	ctx := context.Background()
	framework := providerserver.NewProtocol6(New("test")())()
	schemas, err := framework.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.ResourceSchemas) == 0 {
		t.Fatalf("reading the schemas: %v %v", err, schemas.Diagnostics)
	}

	for typeName, schema := range schemas.ResourceSchemas {
		t.Run(typeName, func(t *testing.T) {
			current := sampleState(t, schema)
			upgrade := func(server tfprotov6.ProviderServer, version int64, state map[string]any) *tfprotov6.UpgradeResourceStateResponse {
				t.Helper()
				raw, err := json.Marshal(state)
				if err != nil {
					t.Fatal(err)
				}
				resp, err := server.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{
					TypeName: typeName, Version: version, RawState: &tfprotov6.RawState{JSON: raw},
				})
				if err != nil {
					t.Fatal(err)
				}
				return resp
			}

			t.Run("a current state passes through as it is", func(t *testing.T) {
				got := upgrade(NewServer("test")(), schema.Version, current)
				want := upgrade(framework, schema.Version, current)
				raw, _ := json.Marshal(current)
				if got.UpgradedState == nil || string(got.UpgradedState.JSON) != string(raw) || len(got.Diagnostics) > 0 {
					t.Fatalf("got %+v, want the state's JSON unchanged", got)
				}
				if diff, err := decode(t, schema, got.UpgradedState).Diff(decode(t, schema, want.UpgradedState)); err != nil || len(diff) > 0 {
					t.Errorf("the passed-through state differs from the framework's: %v %v", diff, err)
				}
			})

			retired := maps.Clone(current)
			retired["retired_attribute"] = "x"
			missing := maps.Clone(current)
			delete(missing, "id")
			for name, tc := range map[string]struct {
				version int64
				state   map[string]any
			}{
				"an attribute the schema lacks": {schema.Version, retired},
				"an attribute the state lacks":  {schema.Version, missing},
				"another schema version":        {schema.Version + 1, current},
			} {
				t.Run(name+" goes to the framework", func(t *testing.T) {
					got := upgrade(NewServer("test")(), tc.version, tc.state)
					want := upgrade(framework, tc.version, tc.state)
					if !reflect.DeepEqual(got, want) {
						t.Errorf("got %+v, want the framework's answer %+v", got, want)
					}
				})
			}
		})
	}
}

// sampleState is a state of schema with a value in every attribute.
func sampleState(t *testing.T, schema *tfprotov6.Schema) map[string]any {
	t.Helper()
	state := map[string]any{}
	for _, attribute := range schema.Block.Attributes {
		switch typ := attribute.Type; {
		case typ.Is(tftypes.String):
			state[attribute.Name] = "x"
		case typ.Is(tftypes.Number):
			state[attribute.Name] = 1
		case typ.Is(tftypes.Bool):
			state[attribute.Name] = true
		case typ.Is(tftypes.Map{}):
			state[attribute.Name] = map[string]string{"k": "v"}
		default:
			t.Fatalf("attribute %q: no sample value of type %s", attribute.Name, typ)
		}
	}
	return state
}

func decode(t *testing.T, schema *tfprotov6.Schema, value *tfprotov6.DynamicValue) tftypes.Value {
	t.Helper()
	decoded, err := value.Unmarshal(schema.ValueType())
	if err != nil {
		t.Fatal(err)
	}
	return decoded
}
