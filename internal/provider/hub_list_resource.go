package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

var (
	_ list.ListResource              = (*hubListResource)(nil)
	_ list.ListResourceWithConfigure = (*hubListResource)(nil)
)

// NewHubListResource is the statushub_hub list resource.
func NewHubListResource() list.ListResource {
	return &hubListResource{}
}

// hubListResource lists hubs for terraform query. It has the resource's
// Metadata and Configure: a list resource goes by the type name of the
// resource it lists, and uses the same client.
type hubListResource struct {
	hubResource
}

func (r *hubListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the account's hubs that the provider's API key can see. Each result is shown " +
			"as `name (subdomain)`.",
	}
}

func (r *hubListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	hubs, err := r.client.ListHubs(ctx, "")
	if err != nil {
		stream.Results = listFailed("Unable to List Hubs", err)
		return
	}
	stream.Results = listResults(ctx, req, hubIdentity, hubs, func(h api.Hub) (string, any) {
		return fmt.Sprintf("%s (%s)", h.Name, h.Subdomain), newHubModel(&h)
	})
}
