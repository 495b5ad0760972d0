package provider

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/apikey"
	"github.com/statushub-community/terraform-provider-statushub/internal/client"
)

// TestKeyCounts checks that the quota check lists a member's keys once per
// operation however many of its keys are planned, and never those of a
// member it created.
func TestKeyCounts(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	lists := map[string]int{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+api.BasePath+"/members/{member_id}/api-keys", func(w http.ResponseWriter, r *http.Request) {
		memberID := r.PathValue("member_id")
		mu.Lock()
		lists[memberID]++
		mu.Unlock()
		keys := make([]api.APIKey, len(memberID)) // "a" has 1 key, "bbb" 3
		_ = json.NewEncoder(w).Encode(api.Page[api.APIKey]{Data: keys})
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	secret, err := apikey.Generate()
	if err != nil {
		t.Fatal(err)
	}
	c, err := client.New(client.Config{Endpoint: srv.URL, APIKey: secret})
	if err != nil {
		t.Fatal(err)
	}

	counts := newKeyCounts()
	counts.created("new")
	if n, err := counts.count(context.Background(), c, "new"); n != 0 || err != nil {
		t.Errorf("count of a member created in the operation = %d, %v; want 0, nil", n, err)
	}
	var wg sync.WaitGroup
	for _, memberID := range []string{"a", "bbb", "a", "bbb", "a", "bbb"} {
		wg.Go(func() {
			n, err := counts.count(context.Background(), c, memberID)
			if err != nil || n != len(memberID) {
				t.Errorf("count(%q) = %d, %v; want %d, nil", memberID, n, err, len(memberID))
			}
		})
	}
	wg.Wait()
	if lists["a"] != 1 || lists["bbb"] != 1 || lists["new"] != 0 {
		t.Errorf("lists per member = %v, want one each but none of the new member", lists)
	}
}
