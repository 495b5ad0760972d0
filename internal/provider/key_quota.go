package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/client"
)

// keyQuota reports a member's 11th API key at plan time, for one Terraform
// operation: Configure makes a new one for each.
//
// It lists a member's keys the first time it is asked about the member and
// answers the same afterwards: planning 150 new keys of 40 members lists
// keys 40 times, not 150. A member created in the operation is not listed
// at all: its keys' member_id is unknown at plan, and when Terraform plans
// them again at apply, with the id known, the member's Create has told the
// quota that it has no keys (nothing in that plan tells them from keys of
// an older member). Keys created later in the operation are not
// counted, so several new keys of one member may pass together; the API
// then refuses the one over the quota at apply, with the same advice.
type keyQuota struct {
	client   *client.Client
	mu       sync.Mutex
	byMember map[string]func() (int, error)
}

func newKeyQuota(c *client.Client) *keyQuota {
	return &keyQuota{client: c, byMember: map[string]func() (int, error){}}
}

// memberCreated records a member made in this operation: it has no keys.
func (q *keyQuota) memberCreated(memberID string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.byMember[memberID] = func() (int, error) { return 0, nil }
}

// count lists the member's keys the first time it is asked about the
// member, and answers the same afterwards.
func (q *keyQuota) count(ctx context.Context, memberID string) (int, error) {
	q.mu.Lock()
	list, ok := q.byMember[memberID]
	if !ok {
		list = sync.OnceValues(func() (int, error) {
			keys, err := q.client.ListAPIKeys(ctx, memberID)
			return countUnexpired(keys), err
		})
		q.byMember[memberID] = list
	}
	q.mu.Unlock()
	return list()
}

// countUnexpired counts the keys that count towards the quota: an expired
// key no longer does.
func countUnexpired(keys []api.APIKey) int {
	n := 0
	for _, k := range keys {
		if !k.Expired {
			n++
		}
	}
	return n
}

// checkNewKey adds an error on member_id when the member of a key that the
// plan creates already has the most keys it may have.
//
// Terraform plans a replacement (a changed keepers or member_id, -replace,
// replace_triggered_by) as the plan of the old key, then as a create that
// gets the old plan's private state, where rememberKeyMember left the old
// key's member. The old key frees its slot first unless the resource uses
// create_before_destroy, which the provider cannot see, so a replacement of
// one of the member's own keys passes here. With create_before_destroy,
// Terraform plans the create again at apply after setting the old key
// aside, and this check then stops it. A tainted key's replacement gets no
// private state, so it is checked as a new key: at the quota it is refused
// at plan, although deleting the tainted key first would free a slot.
func (q *keyQuota) checkNewKey(ctx context.Context, memberID types.String, private privateState, diags *diag.Diagnostics) {
	if q == nil || memberID.IsNull() || memberID.IsUnknown() {
		return
	}
	replaces, d := replacedKeyMember(ctx, private)
	diags.Append(d...)
	if replaces == memberID.ValueString() {
		return
	}
	keys, err := q.count(ctx, memberID.ValueString())
	switch {
	case errors.Is(err, client.ErrNotFound):
		// Create reports a missing member with the API's own words.
	case err != nil:
		diags.AddAttributeWarning(path.Root("member_id"), "Unable to Check API Key Quota",
			fmt.Sprintf("The provider could not list the member's keys to check, before apply, that it has fewer than %d. "+
				"The API still enforces the quota at apply.\n\nError: %s", api.MaxKeysPerMember, err))
	case keys >= api.MaxKeysPerMember:
		diags.AddAttributeError(path.Root("member_id"), "API Key Quota Reached", keyQuotaAdvice(keys))
	}
}

// addCreateKeyError reports a failed create; the API's refusal over the
// quota gets the same advice as the plan-time check.
func addCreateKeyError(diags *diag.Diagnostics, err error) {
	var ce *client.Error
	if errors.As(err, &ce) && ce.Code == api.CodeQuotaExceeded {
		diags.AddAttributeError(path.Root("member_id"), "Unable to Create API Key",
			keyQuotaAdvice(api.MaxKeysPerMember)+"\n\nError: "+err.Error())
		return
	}
	addClientError(diags, "Unable to Create API Key", err)
}

// keyQuotaAdvice says what to do about a member that already has keys
// API keys, the most it may have.
func keyQuotaAdvice(keys int) string {
	return fmt.Sprintf("The member already has %d API keys, and a member may have at most %d. "+
		"Delete a key it no longer needs (the statushub_api_keys data source lists them), or use one of its "+
		"existing keys instead of a new one. A replacement with create_before_destroy also needs a free slot, "+
		"because the new key is created before the old one is revoked.", keys, api.MaxKeysPerMember)
}

// privateMemberKey names, in the private state of a key's plan, the member
// the key belongs to.
const privateMemberKey = "member_id"

// privateState is the framework's private state of a resource.
type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// rememberKeyMember records, in the plan of an existing key, the key's
// member: should Terraform replace the key, it hands this to the plan of
// the new key, and checkNewKey lets a replacement for the same member pass.
func rememberKeyMember(ctx context.Context, private privateState, memberID types.String) diag.Diagnostics {
	b, _ := json.Marshal(memberID.ValueString()) // a string always marshals
	return private.SetKey(ctx, privateMemberKey, b)
}

// replacedKeyMember returns the member of the key that a create plan
// replaces, or "" when it makes a new key.
func replacedKeyMember(ctx context.Context, private privateState) (string, diag.Diagnostics) {
	b, diags := private.GetKey(ctx, privateMemberKey)
	var memberID string
	if len(b) > 0 && json.Unmarshal(b, &memberID) != nil {
		return "", diags
	}
	return memberID, diags
}
