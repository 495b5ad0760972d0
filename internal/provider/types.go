package provider

import (
	"context"
	"fmt"
	"maps"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/statushub-community/terraform-provider-statushub/internal/roles"
)

// emailType is a string attribute holding an email address. The API stores
// emails lower-cased; semantic equality lets the framework keep the case the
// configuration was written in, so "Alice@Example.com" causes neither an
// inconsistent result after apply nor drift on refresh.
type emailType struct {
	basetypes.StringType
}

var (
	_ basetypes.StringTypable                    = emailType{}
	_ basetypes.StringValuableWithSemanticEquals = emailValue{}
)

func (t emailType) String() string { return "emailType" }

func (t emailType) Equal(o attr.Type) bool {
	_, ok := o.(emailType)
	return ok
}

func (t emailType) ValueType(context.Context) attr.Value { return emailValue{} }

func (t emailType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return emailValue{StringValue: in}, nil
}

func (t emailType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	s, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return emailValue{StringValue: s}, nil
}

// emailValue is a value of emailType.
type emailValue struct {
	basetypes.StringValue
}

func newEmailValue(s string) emailValue { return emailValue{StringValue: types.StringValue(s)} }

func (v emailValue) Type(context.Context) attr.Type { return emailType{} }

func (v emailValue) Equal(o attr.Value) bool {
	other, ok := o.(emailValue)
	return ok && v.StringValue.Equal(other.StringValue)
}

// StringSemanticEquals reports whether two addresses differ only in case.
func (v emailValue) StringSemanticEquals(_ context.Context, other basetypes.StringValuable) (bool, diag.Diagnostics) {
	o, ok := other.(emailValue)
	return ok && strings.EqualFold(v.ValueString(), o.ValueString()), nil
}

// hubRolesType is a map of hub id to role name. A hub the API does not list
// is no_access, so a configuration may also say no_access outright: the
// provider leaves such entries out of requests, and semantic equality keeps
// them in state without drift.
type hubRolesType struct {
	basetypes.MapType
}

var (
	_ basetypes.MapTypable                    = hubRolesType{}
	_ basetypes.MapValuableWithSemanticEquals = hubRolesValue{}
)

func newHubRolesType() hubRolesType {
	return hubRolesType{MapType: basetypes.MapType{ElemType: types.StringType}}
}

func (t hubRolesType) String() string { return "hubRolesType" }

func (t hubRolesType) Equal(o attr.Type) bool {
	other, ok := o.(hubRolesType)
	return ok && t.MapType.Equal(other.MapType)
}

func (t hubRolesType) ValueType(context.Context) attr.Value {
	return hubRolesValue{MapValue: basetypes.NewMapNull(types.StringType)}
}

func (t hubRolesType) ValueFromMap(_ context.Context, in basetypes.MapValue) (basetypes.MapValuable, diag.Diagnostics) {
	return hubRolesValue{MapValue: in}, nil
}

func (t hubRolesType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.MapType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	m, ok := v.(basetypes.MapValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return hubRolesValue{MapValue: m}, nil
}

// hubRolesValue is a value of hubRolesType.
type hubRolesValue struct {
	basetypes.MapValue
}

// newHubRolesValue makes a known value; nil gives an empty map.
func newHubRolesValue(roles map[string]string) hubRolesValue {
	elems := make(map[string]attr.Value, len(roles))
	for hub, role := range roles {
		elems[hub] = types.StringValue(role)
	}
	return hubRolesValue{MapValue: basetypes.NewMapValueMust(types.StringType, elems)}
}

func (v hubRolesValue) Type(context.Context) attr.Type { return newHubRolesType() }

func (v hubRolesValue) Equal(o attr.Value) bool {
	other, ok := o.(hubRolesValue)
	return ok && v.MapValue.Equal(other.MapValue)
}

// granted returns the roles that grant access, the map the API speaks:
// no_access entries are left out. It expects a known value.
func (v hubRolesValue) granted() map[string]string {
	out := make(map[string]string, len(v.Elements()))
	for hub, role := range v.Elements() {
		s, ok := role.(basetypes.StringValue)
		if !ok || s.IsNull() || s.IsUnknown() || s.ValueString() == roles.NoAccess.String() {
			continue
		}
		out[hub] = s.ValueString()
	}
	return out
}

// MapSemanticEquals reports whether two maps grant the same roles.
func (v hubRolesValue) MapSemanticEquals(_ context.Context, other basetypes.MapValuable) (bool, diag.Diagnostics) {
	o, ok := other.(hubRolesValue)
	return ok && maps.Equal(v.granted(), o.granted()), nil
}
