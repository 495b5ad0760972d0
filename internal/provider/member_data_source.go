package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/client"
)

var (
	_ datasource.DataSource                     = (*memberDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*memberDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*memberDataSource)(nil)
)

// NewMemberDataSource is the statushub_member data source.
func NewMemberDataSource() datasource.DataSource {
	return &memberDataSource{}
}

type memberDataSource struct {
	client *client.Client
}

func (d *memberDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_member"
}

func (d *memberDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up one team member of the account, by its id or by its email address: give " +
			"exactly one of the two. Listing members needs the owner's key, or a key that is admin on at least one " +
			"hub (which then sees only the roles on the hubs where it is admin).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The member's id. Give this or `email`.",
				Optional:            true,
				Computed:            true,
			},
			"email": schema.StringAttribute{
				MarkdownDescription: "The member's email address, matched in any case. Give this or `id`.",
				Optional:            true,
				Computed:            true,
				CustomType:          emailType{},
				Validators:          []validator.String{emailValidator()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The member's name.",
				Computed:            true,
			},
			"hub_roles": schema.MapAttribute{
				MarkdownDescription: "The member's role on each hub it has one on, keyed by hub id; a hub left out " +
					"is `no_access`. Empty for the account owner, who is `admin` on every hub.",
				ElementType: types.StringType,
				CustomType:  newHubRolesType(),
				Computed:    true,
			},
			"owner": schema.BoolAttribute{
				MarkdownDescription: "Whether the member is the account owner.",
				Computed:            true,
			},
		},
	}
}

func (d *memberDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("email")),
	}
}

func (d *memberDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *memberDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config memberModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}

	member, err := d.find(ctx, config)
	if err != nil {
		addClientError(&resp.Diagnostics, "Unable to Read Member", err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, newMemberModel(member))...)
}

// find looks the member up by id, or else by email.
func (d *memberDataSource) find(ctx context.Context, config memberModel) (*api.Member, error) {
	if !config.ID.IsNull() {
		return d.client.GetMember(ctx, config.ID.ValueString())
	}
	return findMemberByEmail(ctx, d.client, config.Email.ValueString())
}
