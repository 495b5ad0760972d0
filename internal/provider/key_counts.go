package provider

import (
	"context"
	"sync"

	"github.com/statushub-community/terraform-provider-statushub/internal/client"
)

// keyCounts remembers, for one Terraform operation (Configure makes a new
// one for each), how many API keys a member had when the plan-time quota
// check first asked: planning 150 new keys of 40 members lists keys 40
// times, not 150, and a member created in the operation, which had none,
// not at all. (Terraform plans each resource again at apply, when a new
// member's id is known.) Keys created later in the operation are not
// counted, so the check can only miss an 11th key, which the API then
// refuses at apply with the same advice; it never refuses a key that the
// API would take.
type keyCounts struct {
	mu       sync.Mutex
	byMember map[string]func() (int, error)
}

func newKeyCounts() *keyCounts {
	return &keyCounts{byMember: map[string]func() (int, error){}}
}

// created records a member made in this operation: it has no keys.
func (k *keyCounts) created(memberID string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.byMember[memberID] = func() (int, error) { return 0, nil }
}

// count lists the member's keys the first time it is asked about the
// member, and answers the same afterwards.
func (k *keyCounts) count(ctx context.Context, c *client.Client, memberID string) (int, error) {
	k.mu.Lock()
	list, ok := k.byMember[memberID]
	if !ok {
		list = sync.OnceValues(func() (int, error) {
			keys, err := c.ListAPIKeys(ctx, memberID)
			return len(keys), err
		})
		k.byMember[memberID] = list
	}
	k.mu.Unlock()
	return list()
}
