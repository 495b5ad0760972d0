package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver"
	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver/apiservertest"
)

// refreshServer is the reference API on a private store, recording the
// requests it answers.
type refreshServer struct {
	URL      string
	OwnerKey string

	mu       sync.Mutex
	requests []string // "GET /api/v3/hubs?page_size=100"
}

func newRefreshServer(t *testing.T) *refreshServer {
	t.Helper()
	st, ownerKey := apiservertest.Open(t, ":memory:")
	s := &refreshServer{OwnerKey: ownerKey}
	handler := apiserver.New(apiserver.Config{Store: st, RateLimits: apiserver.RateLimits{Disabled: true}})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests = append(s.requests, r.Method+" "+r.URL.RequestURI())
		s.mu.Unlock()
		handler.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// client is a new Client of the server with key, as the provider makes one
// for each Terraform operation.
func (s *refreshServer) client(t *testing.T, key string) *Client {
	t.Helper()
	return newTestClient(t, s.URL, func(c *Config) { c.APIKey = key })
}

// since returns the requests answered after the first n, and how many there
// are now.
func (s *refreshServer) since(n int) ([]string, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests[n:]), len(s.requests)
}

// count returns the requests answered so far.
func (s *refreshServer) count() int {
	_, n := s.since(0)
	return n
}

// newHubWithComponents makes a hub with n components and returns their ids,
// oldest first.
func newHubWithComponents(t *testing.T, c *Client, subdomain string, n int) (hubID string, componentIDs []string) {
	t.Helper()
	ctx := context.Background()
	hub, err := c.CreateHub(ctx, api.HubCreate{Name: subdomain, Subdomain: subdomain})
	if err != nil {
		t.Fatalf("creating hub: %v", err)
	}
	for i := range n {
		cmp, err := c.CreateComponent(ctx, hub.ID, api.ComponentCreate{Name: fmt.Sprintf("component %d", i)})
		if err != nil {
			t.Fatalf("creating component: %v", err)
		}
		componentIDs = append(componentIDs, cmp.ID)
	}
	return hub.ID, componentIDs
}

// countKinds sorts requests into GETs of one object and pages of lists.
func countKinds(requests []string) (gets, pages int, other []string) {
	for _, r := range requests {
		switch {
		case strings.HasPrefix(r, "GET ") && strings.Contains(r, "page_size="):
			pages++
		case strings.HasPrefix(r, "GET "):
			gets++
		default:
			other = append(other, r)
		}
	}
	return gets, pages, other
}

func TestRefreshReadsManyObjectsThroughOneListing(t *testing.T) {
	t.Parallel()
	srv := newRefreshServer(t)
	hubID, ids := newHubWithComponents(t, srv.client(t, srv.OwnerKey), "many", 250)

	// The subtests count the server's requests, so they run one at a time.
	t.Run("one by one", func(t *testing.T) {
		c := srv.client(t, srv.OwnerKey)
		start := srv.count()
		for _, id := range ids {
			if _, err := c.RefreshComponent(context.Background(), hubID, id); err != nil {
				t.Fatal(err)
			}
		}
		requests, _ := srv.since(start)
		want := []string{
			"GET /api/v3/hubs/" + hubID + "/components/" + ids[0],
			"GET /api/v3/hubs/" + hubID + "/components?page_size=100",
		}
		if len(requests) != 4 || !reflect.DeepEqual(requests[:2], want) {
			t.Errorf("refreshing %d components sent %q, want %q and two more pages", len(ids), requests, want)
		}
	})

	t.Run("ten at once, as Terraform refreshes", func(t *testing.T) {
		c := srv.client(t, srv.OwnerKey)
		start := srv.count()
		got := refreshAll(t, c, hubID, ids)
		requests, _ := srv.since(start)
		gets, pages, other := countKinds(requests)
		// The first read is a GET; the reads that came before the pages
		// outnumbered them by one may be GETs too, but no more.
		if pages != 3 || gets > 3 || len(other) > 0 {
			t.Errorf("refreshing %d components sent %d GETs of one component, %d list pages and %q; want at most 3, 3 and nothing else",
				len(ids), gets, pages, other)
		}
		checkAsGot(t, srv.client(t, srv.OwnerKey), hubID, got)
	})
}

// refreshAll refreshes the components with ten goroutines.
func refreshAll(t *testing.T, c *Client, hubID string, ids []string) map[string]*api.Component {
	t.Helper()
	var (
		mu   sync.Mutex
		got  = map[string]*api.Component{}
		wg   sync.WaitGroup
		todo = make(chan string)
	)
	for range 10 {
		wg.Go(func() {
			for id := range todo {
				cmp, err := c.RefreshComponent(context.Background(), hubID, id)
				if err != nil {
					t.Error(err)
					continue
				}
				mu.Lock()
				got[id] = cmp
				mu.Unlock()
			}
		})
	}
	for _, id := range ids {
		todo <- id
	}
	close(todo)
	wg.Wait()
	return got
}

// checkAsGot fails t unless every component refreshed is what a GET of it
// answers.
func checkAsGot(t *testing.T, c *Client, hubID string, refreshed map[string]*api.Component) {
	t.Helper()
	for id, cmp := range refreshed {
		want, err := c.GetComponent(context.Background(), hubID, id)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(cmp, want) {
			t.Errorf("refreshed component %s as %+v, a GET answers %+v", id, cmp, want)
		}
	}
}

func TestRefreshOfOneObjectIsOneGET(t *testing.T) {
	t.Parallel()
	srv := newRefreshServer(t)
	ctx := context.Background()
	owner := srv.client(t, srv.OwnerKey)
	hubID, ids := newHubWithComponents(t, owner, "one", 150)
	member, err := owner.CreateMember(ctx, api.MemberCreate{Email: "ada@example.com", Name: "Ada"})
	if err != nil {
		t.Fatal(err)
	}
	key, err := owner.CreateAPIKey(ctx, member.ID, api.APIKeyCreate{Name: "ci"})
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		refresh func(*Client) error
		want    string
	}{
		{"hub", func(c *Client) error { _, err := c.RefreshHub(ctx, hubID); return err }, "/hubs/" + hubID},
		{"component", func(c *Client) error { _, err := c.RefreshComponent(ctx, hubID, ids[75]); return err }, "/hubs/" + hubID + "/components/" + ids[75]},
		{"member", func(c *Client) error { _, err := c.RefreshMember(ctx, member.ID); return err }, "/members/" + member.ID},
		{"API key", func(c *Client) error { _, err := c.RefreshAPIKey(ctx, member.ID, key.ID); return err }, "/members/" + member.ID + "/api-keys/" + key.ID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := srv.client(t, srv.OwnerKey)
			start := srv.count()
			if err := tt.refresh(c); err != nil {
				t.Fatal(err)
			}
			requests, _ := srv.since(start)
			if want := []string{"GET /api/v3" + tt.want}; !reflect.DeepEqual(requests, want) {
				t.Errorf("sent %q, want %q", requests, want)
			}
		})
	}
}

func TestRefreshAfterAWriteNeverReturnsTheOldValue(t *testing.T) {
	t.Parallel()
	srv := newRefreshServer(t)
	ctx := context.Background()
	c := srv.client(t, srv.OwnerKey)
	hubID, ids := newHubWithComponents(t, c, "write", 3)

	refreshAll(t, c, hubID, ids) // the listing now holds every component
	if _, err := c.UpdateComponent(ctx, hubID, ids[1], api.ComponentUpdate{Name: new("renamed")}); err != nil {
		t.Fatal(err)
	}
	got, err := c.RefreshComponent(ctx, hubID, ids[1])
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "renamed" {
		t.Errorf("refreshed the component after renaming it as %q, want \"renamed\"", got.Name)
	}

	// A write under one parent can change objects under another: a member's
	// roles go with a hub.
	m, err := c.CreateMember(ctx, api.MemberCreate{Email: "bo@example.com", Name: "Bo", HubRoles: map[string]string{hubID: "editor"}})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second read fetches the listing of members
		if _, err := c.RefreshMember(ctx, m.ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.DeleteHub(ctx, hubID); err != nil {
		t.Fatal(err)
	}
	after, err := c.RefreshMember(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(after.HubRoles) != 0 {
		t.Errorf("refreshed the member after deleting its hub with hub_roles %v, want none", after.HubRoles)
	}
}

func TestRefreshOfAnObjectGoneUnderALiveParentAnswersNotFound(t *testing.T) {
	t.Parallel()
	srv := newRefreshServer(t)
	ctx := context.Background()
	hubID, ids := newHubWithComponents(t, srv.client(t, srv.OwnerKey), "gone", 3)
	if err := srv.client(t, srv.OwnerKey).DeleteComponent(ctx, hubID, ids[2]); err != nil {
		t.Fatal(err)
	}

	c := srv.client(t, srv.OwnerKey)
	refreshAll(t, c, hubID, ids[:2])
	start := srv.count()
	_, err := c.RefreshComponent(ctx, hubID, ids[2])
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("refreshing a deleted component: got %v, want ErrNotFound", err)
	}
	requests, _ := srv.since(start)
	if want := []string{"GET /api/v3/hubs/" + hubID + "/components/" + ids[2]}; !reflect.DeepEqual(requests, want) {
		t.Errorf("the listing lacks the component, so its GET must confirm that it is gone: sent %q, want %q", requests, want)
	}
}

func TestRefreshUnderAGoneParentAnswersNotFound(t *testing.T) {
	t.Parallel()
	srv := newRefreshServer(t)
	ctx := context.Background()
	hubID, ids := newHubWithComponents(t, srv.client(t, srv.OwnerKey), "parent", 3)
	if err := srv.client(t, srv.OwnerKey).DeleteHub(ctx, hubID); err != nil {
		t.Fatal(err)
	}

	c := srv.client(t, srv.OwnerKey)
	start := srv.count()
	for _, id := range ids {
		if _, err := c.RefreshComponent(ctx, hubID, id); !errors.Is(err, ErrNotFound) {
			t.Errorf("refreshing component %s of a deleted hub: got %v, want ErrNotFound", id, err)
		}
	}
	requests, _ := srv.since(start)
	// The listing answers 404 once and gives up; each component's GET then
	// answers for it.
	if gets, pages, _ := countKinds(requests); gets != 3 || pages != 1 {
		t.Errorf("sent %q; want 3 GETs and the one failed page", requests)
	}
}

func TestRefreshMembersWithAKeyThatSeesPartOfTheirRoles(t *testing.T) {
	t.Parallel()
	srv := newRefreshServer(t)
	ctx := context.Background()
	owner := srv.client(t, srv.OwnerKey)
	ours, err := owner.CreateHub(ctx, api.HubCreate{Name: "Ours", Subdomain: "ours"})
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := owner.CreateHub(ctx, api.HubCreate{Name: "Theirs", Subdomain: "theirs"})
	if err != nil {
		t.Fatal(err)
	}
	admin, err := owner.CreateMember(ctx, api.MemberCreate{Email: "admin@example.com", Name: "Admin", HubRoles: map[string]string{ours.ID: "admin"}})
	if err != nil {
		t.Fatal(err)
	}
	adminKey, err := owner.CreateAPIKey(ctx, admin.ID, api.APIKeyCreate{Name: "hub admin"})
	if err != nil {
		t.Fatal(err)
	}
	var memberIDs []string
	for i := range 3 {
		m, err := owner.CreateMember(ctx, api.MemberCreate{
			Email:    fmt.Sprintf("m%d@example.com", i),
			Name:     "M",
			HubRoles: map[string]string{ours.ID: "editor", theirs.ID: "manager"},
		})
		if err != nil {
			t.Fatal(err)
		}
		memberIDs = append(memberIDs, m.ID)
	}

	tests := []struct {
		name      string
		key       string
		wantGets  int
		wantPages int
	}{
		// /me, then one page of members.
		{"owner", srv.OwnerKey, 2, 1},
		// The first GET, /me, and then a GET for each other member.
		{"hub admin", adminKey.Secret, 4, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := srv.client(t, tt.key)
			start := srv.count()
			got := map[string]*api.Member{}
			for _, id := range memberIDs {
				m, err := c.RefreshMember(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				got[id] = m
			}
			requests, _ := srv.since(start)
			if gets, pages, _ := countKinds(requests); gets != tt.wantGets || pages != tt.wantPages {
				t.Errorf("sent %q; want %d GETs of one object and %d list pages", requests, tt.wantGets, tt.wantPages)
			}
			for id, m := range got {
				want, err := c.GetMember(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(m, want) {
					t.Errorf("refreshed member %s as %+v, a GET answers %+v", id, m, want)
				}
			}
		})
	}
}
