package provider

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/apikey"
	"github.com/statushub-community/terraform-provider-statushub/internal/client"
)

// keyListServer answers key lists with as many keys as keys gives the
// member, 404 for a member it does not name and 400 for "broken". It
// counts the lists of each member.
type keyListServer struct {
	keys  map[string]int
	mu    sync.Mutex
	lists map[string]int
}

func newKeyQuotaForTest(t *testing.T, keys map[string]int) (*keyQuota, *keyListServer) {
	t.Helper()
	s := &keyListServer{keys: keys, lists: map[string]int{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+api.BasePath+"/members/{member_id}/api-keys", func(w http.ResponseWriter, r *http.Request) {
		memberID := r.PathValue("member_id")
		s.mu.Lock()
		s.lists[memberID]++
		s.mu.Unlock()
		n, ok := keys[memberID]
		switch {
		case memberID == "broken":
			w.WriteHeader(http.StatusBadRequest)
		case !ok:
			w.WriteHeader(http.StatusNotFound)
		default:
			_ = json.NewEncoder(w).Encode(api.Page[api.APIKey]{Data: make([]api.APIKey, n)})
		}
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
	return newKeyQuota(c), s
}

func (s *keyListServer) listsOf(memberID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lists[memberID]
}

// privateMap is a key's private state.
type privateMap map[string][]byte

func (p privateMap) GetKey(_ context.Context, key string) ([]byte, diag.Diagnostics) {
	return p[key], nil
}

func (p privateMap) SetKey(_ context.Context, key string, value []byte) diag.Diagnostics {
	p[key] = value
	return nil
}

// replacing is the private state of the plan that replaces a key of memberID.
func replacing(t *testing.T, memberID string) privateMap {
	t.Helper()
	p := privateMap{}
	if diags := rememberKeyMember(context.Background(), p, types.StringValue(memberID)); diags.HasError() {
		t.Fatal(diags)
	}
	return p
}

func TestKeyQuotaCheckNewKey(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name        string
		memberID    types.String
		private     func(t *testing.T) privateMap
		wantSummary string // "": no diagnostic
		wantLists   int
	}{
		{"a member with a free slot", types.StringValue("roomy"), nil, "", 1},
		{"a member at the quota", types.StringValue("full"), nil, "API Key Quota Reached", 1},
		{"a replacement of the member's own key", types.StringValue("full"),
			func(t *testing.T) privateMap { return replacing(t, "full") }, "", 0},
		{"a key moved from another member", types.StringValue("full"),
			func(t *testing.T) privateMap { return replacing(t, "roomy") }, "API Key Quota Reached", 1},
		{"a member created by the same apply", types.StringUnknown(), nil, "", 0},
		{"a missing member, left to create", types.StringValue("missing"), nil, "", 1},
		{"an API that fails", types.StringValue("broken"), nil, "Unable to Check API Key Quota", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			quota, srv := newKeyQuotaForTest(t, map[string]int{"roomy": api.MaxKeysPerMember - 1, "full": api.MaxKeysPerMember})
			private := privateMap{}
			if tt.private != nil {
				private = tt.private(t)
			}

			var diags diag.Diagnostics
			quota.checkNewKey(context.Background(), tt.memberID, private, &diags)

			var summaries []string
			for _, d := range diags {
				summaries = append(summaries, d.Summary())
			}
			if tt.wantSummary == "" && len(diags) != 0 || tt.wantSummary != "" && (len(diags) != 1 || summaries[0] != tt.wantSummary) {
				t.Errorf("diagnostics = %q, want %q", summaries, tt.wantSummary)
			}
			if got := srv.listsOf(tt.memberID.ValueString()); got != tt.wantLists {
				t.Errorf("lists of the member = %d, want %d", got, tt.wantLists)
			}
		})
	}
}

// TestKeyQuotaListsOncePerMember checks that the quota lists a member's
// keys once per operation however many of its keys are planned, and never
// those of a member created in the operation.
func TestKeyQuotaListsOncePerMember(t *testing.T) {
	t.Parallel()
	quota, srv := newKeyQuotaForTest(t, map[string]int{"a": 1, "bbb": api.MaxKeysPerMember, "new": api.MaxKeysPerMember})
	quota.memberCreated("new")

	var mu sync.Mutex
	refused := map[string]int{}
	var wg sync.WaitGroup
	for _, memberID := range []string{"a", "bbb", "new", "a", "bbb", "new", "a", "bbb", "new"} {
		wg.Go(func() {
			var diags diag.Diagnostics
			quota.checkNewKey(context.Background(), types.StringValue(memberID), privateMap{}, &diags)
			if diags.HasError() {
				mu.Lock()
				refused[memberID]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if refused["a"] != 0 || refused["bbb"] != 3 || refused["new"] != 0 {
		t.Errorf("refusals per member = %v, want 3 of bbb only", refused)
	}
	if srv.listsOf("a") != 1 || srv.listsOf("bbb") != 1 || srv.listsOf("new") != 0 {
		t.Errorf("lists of a, bbb, new = %d, %d, %d; want 1, 1, 0", srv.listsOf("a"), srv.listsOf("bbb"), srv.listsOf("new"))
	}
}

// TestKeyQuotaAdviceAtPlanAndApply checks that the API's refusal at apply
// gives the advice of the plan-time check, on the same attribute.
func TestKeyQuotaAdviceAtPlanAndApply(t *testing.T) {
	t.Parallel()
	quota, _ := newKeyQuotaForTest(t, map[string]int{"full": api.MaxKeysPerMember})
	var atPlan, atApply diag.Diagnostics
	quota.checkNewKey(context.Background(), types.StringValue("full"), privateMap{}, &atPlan)
	addCreateKeyError(&atApply, &client.Error{Status: http.StatusConflict, Code: api.CodeQuotaExceeded})

	if len(atPlan) != 1 || len(atApply) != 1 {
		t.Fatalf("diagnostics at plan %v, at apply %v; want one each", atPlan, atApply)
	}
	planned, okPlan := atPlan[0].(diag.DiagnosticWithPath)
	applied, okApply := atApply[0].(diag.DiagnosticWithPath)
	if !okPlan || !okApply {
		t.Fatalf("diagnostics at plan %v, at apply %v; want both on an attribute", atPlan, atApply)
	}
	if !strings.HasPrefix(applied.Detail(), planned.Detail()) || !planned.Path().Equal(applied.Path()) {
		t.Errorf("at apply %q on %s, want the advice at plan %q on %s", applied.Detail(), applied.Path(), planned.Detail(), planned.Path())
	}

	var otherErr diag.Diagnostics
	addCreateKeyError(&otherErr, errors.New("connection refused"))
	if strings.Contains(otherErr[0].Detail(), "may have at most") {
		t.Errorf("an error other than the quota got its advice: %q", otherErr[0].Detail())
	}
}
