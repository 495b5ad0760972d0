package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/client"
)

var (
	_ datasource.DataSource              = (*apiKeysDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*apiKeysDataSource)(nil)
)

// NewAPIKeysDataSource returns the statushub_api_keys data source.
func NewAPIKeysDataSource() datasource.DataSource {
	return &apiKeysDataSource{}
}

type apiKeysDataSource struct {
	client *client.Client
	now    func() time.Time
}

type apiKeysModel struct {
	MemberID   types.String     `tfsdk:"member_id"`
	NotUsedFor types.String     `tfsdk:"not_used_for"`
	Keys       []apiKeyListItem `tfsdk:"keys"`
}

// apiKeyListItem is a key as lists show it: no secret.
type apiKeyListItem struct {
	ID         types.String `tfsdk:"id"`
	Name       types.String `tfsdk:"name"`
	MemberID   types.String `tfsdk:"member_id"`
	Prefix     types.String `tfsdk:"prefix"`
	LimitRole  types.String `tfsdk:"limit_role"`
	CreatedAt  types.String `tfsdk:"created_at"`
	LastUsedAt types.String `tfsdk:"last_used_at"`
	ExpiresAt  types.String `tfsdk:"expires_at"`
}

func newAPIKeyListItem(k api.APIKey) apiKeyListItem {
	return apiKeyListItem{
		ID:         types.StringValue(k.ID),
		Name:       types.StringValue(k.Name),
		Prefix:     types.StringValue(k.Prefix),
		LimitRole:  types.StringPointerValue(k.LimitRole),
		MemberID:   types.StringValue(k.MemberID),
		CreatedAt:  timeValue(k.CreatedAt),
		LastUsedAt: timePointerValue(k.LastUsedAt),
		ExpiresAt:  timePointerValue(k.ExpiresAt),
	}
}

func (d *apiKeysDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_keys"
}

func (d *apiKeysDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists API keys, oldest first, without their secrets: the API never shows a secret again " +
			"after creating or resetting a key. With `member_id` alone it lists that member's keys, which the member's " +
			"own keys or the account owner's may list. Without `member_id`, or with `not_used_for`, it lists the keys " +
			"of the whole account, which only an owner's key without a `limit_role` below `admin` may list. Expired " +
			"keys are listed too.",
		Attributes: map[string]schema.Attribute{
			"member_id": schema.StringAttribute{
				MarkdownDescription: "The id of the member whose keys to list. Left unset, the keys of every member of " +
					"the account are listed.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"not_used_for": schema.StringAttribute{
				MarkdownDescription: "Lists only the keys not used for at least this long, those never used included, " +
					"as a positive Go duration string such as `2160h` (90 days). The API records a key's use to the " +
					"minute or so.",
				Optional:   true,
				Validators: []validator.String{durationValidator()},
			},
			"keys": schema.ListNestedAttribute{
				MarkdownDescription: "The keys, oldest first.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id": schema.StringAttribute{
							MarkdownDescription: "The key's id.",
							Computed:            true,
						},
						"name": schema.StringAttribute{
							MarkdownDescription: "The key's name.",
							Computed:            true,
						},
						"prefix": schema.StringAttribute{
							MarkdownDescription: "The public start of the key's secret, to tell keys apart.",
							Computed:            true,
						},
						"limit_role": schema.StringAttribute{
							MarkdownDescription: "The key's limit role; null when the key has no limit.",
							Computed:            true,
						},
						"created_at": schema.StringAttribute{
							MarkdownDescription: "When the key was created, in RFC 3339 format.",
							Computed:            true,
						},
						"last_used_at": schema.StringAttribute{
							MarkdownDescription: "When the key was last used, in RFC 3339 format, to the minute or so; null if it never was.",
							Computed:            true,
						},
						"member_id": schema.StringAttribute{
							MarkdownDescription: "The id of the member the key belongs to.",
							Computed:            true,
						},
						"expires_at": schema.StringAttribute{
							MarkdownDescription: "When the key expires or expired, in RFC 3339 format; null if it never does.",
							Computed:            true,
						},
					},
				},
			},
		},
	}
}

func (d *apiKeysDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	if data := dataFrom(req.ProviderData, &resp.Diagnostics); data != nil {
		d.client, d.now = data.client, data.now
	}
}

func (d *apiKeysDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var data apiKeysModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}

	keys, err := d.list(ctx, data)
	if err != nil {
		addClientError(&resp.Diagnostics, "Unable to List API Keys", err)
		return
	}

	data.Keys = make([]apiKeyListItem, len(keys))
	for i, k := range keys {
		data.Keys[i] = newAPIKeyListItem(k)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}

// list asks for one member's keys when that is all the configuration wants,
// which a member's own key may do; anything else asks for the account's.
func (d *apiKeysDataSource) list(ctx context.Context, data apiKeysModel) ([]api.APIKey, error) {
	if data.NotUsedFor.IsNull() && !data.MemberID.IsNull() {
		return d.client.ListAPIKeys(ctx, data.MemberID.ValueString())
	}
	filter := client.APIKeyFilter{MemberID: data.MemberID.ValueString()}
	if !data.NotUsedFor.IsNull() {
		filter.NotUsedSince = d.now().Add(-durationValue(data.NotUsedFor))
	}
	return d.client.ListAccountAPIKeys(ctx, filter)
}
