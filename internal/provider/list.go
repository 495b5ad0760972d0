package provider

import (
	"context"
	"iter"

	"github.com/hashicorp/terraform-plugin-framework/list"
)

// listResults streams the objects of a list resource as list results, no
// more than Terraform's limit: each with its display name and with the
// resource's state, which describe makes with the resource's own mapping
// from the API. The identity is taken from that state, so the two always
// agree; Terraform receives the state only when the query asks for it with
// include_resource.
func listResults[T any](ctx context.Context, req list.ListRequest, identity resourceIdentity, items []T, describe func(T) (displayName string, state any)) iter.Seq[list.ListResult] {
	return func(push func(list.ListResult) bool) {
		for i, item := range items {
			if req.Limit > 0 && int64(i) >= req.Limit {
				return
			}
			displayName, state := describe(item)
			result := req.NewListResult(ctx)
			result.DisplayName = displayName
			result.Diagnostics.Append(result.Resource.Set(ctx, state)...)
			result.Diagnostics.Append(identity.copy(ctx, *result.Resource, result.Identity)...)
			if !push(result) {
				return
			}
		}
	}
}

// listFailed ends a list with the error of a failed API call.
func listFailed(summary string, err error) iter.Seq[list.ListResult] {
	var result list.ListResult
	addClientError(&result.Diagnostics, summary, err)
	return list.ListResultsStreamDiagnostics(result.Diagnostics)
}
