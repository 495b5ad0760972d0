package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// resourceIdentity is a resource's identity: the ids that name one object
// for its whole life, which the resource's state holds under the same
// attribute names. Terraform 1.12 and later keep it beside the state, show
// it in list results and import by it; older versions and OpenTofu ignore
// it, and the framework asks every Create, Read, Update and ImportState for
// it all the same. Read copies it from the prior state before it asks the
// API, since a Read that finds the object gone must answer it too (a state
// written before identities existed has none).
type resourceIdentity []identityAttribute

type identityAttribute struct {
	name        string
	description string
}

func (ri resourceIdentity) schema() identityschema.Schema {
	attributes := make(map[string]identityschema.Attribute, len(ri))
	for _, a := range ri {
		attributes[a.name] = identityschema.StringAttribute{Description: a.description, RequiredForImport: true}
	}
	return identityschema.Schema{Attributes: attributes}
}

// attributeGetter and attributeSetter are a state, a list result's
// resource or an identity.
type attributeGetter interface {
	GetAttribute(ctx context.Context, p path.Path, target any) diag.Diagnostics
}

type attributeSetter interface {
	SetAttribute(ctx context.Context, p path.Path, value any) diag.Diagnostics
}

// copy sets each attribute of the identity in to to its value in from:
// an identity from a state, or a state from an identity.
func (ri resourceIdentity) copy(ctx context.Context, from attributeGetter, to attributeSetter) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, a := range ri {
		var value types.String
		diags.Append(from.GetAttribute(ctx, path.Root(a.name), &value)...)
		diags.Append(to.SetAttribute(ctx, path.Root(a.name), value)...)
	}
	return diags
}

// importState imports by identity (an import block's identity, Terraform
// 1.12 and later) or by a string id, which importID turns into the state's
// id attributes as it always has; either way the import answers both the
// state and the identity.
func (ri resourceIdentity) importState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse, importID func(id string)) {
	if req.ID == "" {
		resp.Diagnostics.Append(ri.copy(ctx, req.Identity, &resp.State)...)
		return
	}
	importID(req.ID)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(ri.copy(ctx, resp.State, resp.Identity)...)
}
