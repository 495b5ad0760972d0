package provider

import (
	"context"
	"encoding/json"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// stateShape is what a state must match to be passed through.
type stateShape struct {
	version    int64
	attributes []string // sorted
}

// UpgradeResourceState answers a state already at the resource's current
// schema version, with exactly the schema's attributes, with its own JSON.
//
// Terraform calls UpgradeResourceState for every resource in the state at
// every plan and apply, even when there is nothing to upgrade. The
// framework then decodes the JSON into its own values against the schema
// and encodes them again as msgpack: about a sixth of the provider's CPU in
// a plan that changes nothing, and a quarter of its memory. Terraform and
// OpenTofu read a JSON answer as well as a msgpack one, and check it against
// the schema as they read it. Any other state (an older version, a legacy
// flatmap, attributes the schema no longer has or does not have yet, a
// schema with nested attributes or blocks, whose keys this does not check)
// goes to the framework, which upgrades it or explains why it cannot.
func (s *server) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	s.shapesOnce.Do(func() { s.shapes = s.readShapes(ctx) })
	if shape, ok := s.shapes[req.TypeName]; ok && shape.fits(req) {
		return &tfprotov6.UpgradeResourceStateResponse{
			UpgradedState: &tfprotov6.DynamicValue{JSON: req.RawState.JSON},
		}, nil
	}
	return detached(ctx, req, s.frameworkServer.UpgradeResourceState)
}

// readShapes asks the framework for the resources' schemas, and keeps
// those whose states it can check: flat ones, of attributes only.
func (s *server) readShapes(ctx context.Context) map[string]stateShape {
	resp, err := s.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || hasError(resp.Diagnostics) {
		return nil
	}
	shapes := map[string]stateShape{}
	for typeName, schema := range resp.ResourceSchemas {
		if shape, ok := flatShape(schema); ok {
			shapes[typeName] = shape
		}
	}
	return shapes
}

func flatShape(schema *tfprotov6.Schema) (stateShape, bool) {
	if schema.Block == nil || len(schema.Block.BlockTypes) > 0 {
		return stateShape{}, false
	}
	shape := stateShape{version: schema.Version}
	for _, attribute := range schema.Block.Attributes {
		if attribute.NestedType != nil {
			return stateShape{}, false
		}
		shape.attributes = append(shape.attributes, attribute.Name)
	}
	slices.Sort(shape.attributes)
	return shape, true
}

// fits reports whether the request's state is a JSON object at the shape's
// version with exactly the shape's attributes.
func (shape stateShape) fits(req *tfprotov6.UpgradeResourceStateRequest) bool {
	if req.Version != shape.version || req.RawState == nil || len(req.RawState.Flatmap) > 0 {
		return false
	}
	var attributes map[string]json.RawMessage
	if err := json.Unmarshal(req.RawState.JSON, &attributes); err != nil {
		return false
	}
	return slices.Equal(slices.Sorted(maps.Keys(attributes)), shape.attributes)
}

func hasError(diagnostics []*tfprotov6.Diagnostic) bool {
	return slices.ContainsFunc(diagnostics, func(d *tfprotov6.Diagnostic) bool {
		return d.Severity == tfprotov6.DiagnosticSeverityError
	})
}
