package client

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"sync"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/roles"
)

// The Refresh methods read one object for Terraform's refresh, and answer
// exactly what the matching Get would: Terraform reads every object of a
// configuration one by one, and a thousand GETs cost more than half a minute
// of a key's read budget (30 a second), where ten list pages cost a third of
// a second.
//
// So the objects under one parent (the hubs or the members of the account,
// the components of a hub, the keys of a member) are read through a listing
// of that parent, kept by the Client, which lives for one Terraform
// operation. A listing costs nothing until it pays: the first read under a
// parent is a plain GET, so that a targeted plan or an import stays at one
// request; each later read may fetch one more page, and the pages of a
// parent never outnumber its reads. Concurrent reads wait for the page in
// flight instead of fetching their own. An object that the pages fetched so
// far do not hold is read with a GET: the listing may not have reached it,
// and the GET also answers 404 for an object that is gone, and finds one
// created after the listing. A listing that fails gives up, and its reads
// use GETs.
//
// Every write through the Client drops every listing, answered or not: a
// write may change objects under other parents (deleting a hub removes the
// members' roles on it), writes and refreshes seldom share an operation, and
// a read that follows a write then never returns what the write changed.

// RefreshHub returns what GetHub returns, from the listing of the hubs of
// the account when it can (see above).
func (c *Client) RefreshHub(ctx context.Context, hubID string) (*api.Hub, error) {
	return refresh(ctx, c, apiPath("hubs"), nil, hubID, func(h api.Hub) string { return h.ID },
		func() (*api.Hub, error) { return c.GetHub(ctx, hubID) })
}

// RefreshComponent returns what GetComponent returns, from the listing of
// the hub's components when it can (see above).
func (c *Client) RefreshComponent(ctx context.Context, hubID, componentID string) (*api.Component, error) {
	return refresh(ctx, c, apiPath("hubs", hubID, "components"), nil, componentID, func(cmp api.Component) string { return cmp.ID },
		func() (*api.Component, error) { return c.GetComponent(ctx, hubID, componentID) })
}

// RefreshMember returns what GetMember returns, from the listing of the
// members of the account when it can (see above and seesWholeMembers).
func (c *Client) RefreshMember(ctx context.Context, memberID string) (*api.Member, error) {
	return refresh(ctx, c, apiPath("members"), c.seesWholeMembers, memberID, func(m api.Member) string { return m.ID },
		func() (*api.Member, error) { return c.GetMember(ctx, memberID) })
}

// RefreshAPIKey returns what GetAPIKey returns, from the listing of the
// member's keys when it can (see above).
func (c *Client) RefreshAPIKey(ctx context.Context, memberID, keyID string) (*api.APIKey, error) {
	return refresh(ctx, c, apiPath("members", memberID, "api-keys"), nil, keyID, func(k api.APIKey) string { return k.ID },
		func() (*api.APIKey, error) { return c.GetAPIKey(ctx, memberID, keyID) })
}

// refresh reads the object id of the collection at path through the
// collection's listing, or with get when the listing cannot answer. check,
// when not nil, runs before the listing's first page, and an error from it
// leaves every read of the collection to get.
func refresh[T any](ctx context.Context, c *Client, path string, check func(context.Context) error, id string, idOf func(T) string, get func() (*T, error)) (*T, error) {
	l := listingOf(c.listings, path, func() *listing[T] {
		return &listing[T]{path: path, idOf: idOf, byID: map[string]T{}, fetch: func(ctx context.Context, cursor string) (api.Page[T], error) {
			if check != nil && cursor == "" {
				if err := check(ctx); err != nil {
					return api.Page[T]{}, err
				}
			}
			return fetchPage[T](ctx, c, path, url.Values{"page_size": {strconv.Itoa(api.MaxPageSize)}}, cursor)
		}}
	})
	item, found, err := l.find(ctx, id)
	if err != nil {
		return nil, err
	}
	if found {
		return &item, nil
	}
	return get()
}

// errPartialMembers refuses a listing of members whose hub roles the calling
// key would see only in part.
var errPartialMembers = errors.New("the calling key does not act as the account owner: the member list would show only part of each member's hub_roles")

// seesWholeMembers asks the API who the calling key is, and refuses a
// listing of members unless the key acts as the account owner: only such a
// key sees every member whole in the list. Another key sees only the roles
// on the hubs it administers, or may not list members at all; its member
// reads use GETs. Asked before the first page of each listing of members,
// since a write, which drops the listing, may change the key's limit_role.
func (c *Client) seesWholeMembers(ctx context.Context) error {
	me, err := c.Me(ctx)
	if err != nil {
		return err
	}
	limit, err := roles.ParseOptionalLimit(me.Key.LimitRole)
	if err != nil {
		return err
	}
	if !roles.CanActAsOwner(me.Member.Owner, limit) {
		return errPartialMembers
	}
	return nil
}

// listings holds a Client's listings, by the path of their collection.
type listings struct {
	mu     sync.Mutex
	byPath map[string]any // *listing[T]
}

func newListings() *listings {
	return &listings{byPath: map[string]any{}}
}

// drop forgets every listing. Reads already waiting on one still get its
// answer: they ran concurrently with the write that drops it.
func (ls *listings) drop() {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	clear(ls.byPath)
}

// listingOf returns the listing of the collection at path, made with
// newListing if there is none.
func listingOf[T any](ls *listings, path string, newListing func() *listing[T]) *listing[T] {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if l, ok := ls.byPath[path].(*listing[T]); ok {
		return l
	}
	l := newListing()
	ls.byPath[path] = l
	return l
}

// listing is the part of one collection fetched so far, page by page as
// reads ask for objects it does not hold yet.
type listing[T any] struct {
	path  string
	idOf  func(T) string
	fetch func(ctx context.Context, cursor string) (api.Page[T], error)

	mu      sync.Mutex
	reads   int           // reads asked of it
	pages   int           // pages fetched, or tried
	byID    map[string]T  // the objects of the pages fetched
	cursor  string        // of the next page
	done    bool          // the last page is in, or the listing gave up
	landing chan struct{} // closed when the page in flight lands; nil when none is in flight
}

// find returns the object id when the listing holds it. Otherwise it waits
// for the page in flight, if there is one, or fetches the next page if the
// pages would still not outnumber the reads after the first, and looks
// again. It reports false when the listing cannot answer: the caller then
// GETs the object.
func (l *listing[T]) find(ctx context.Context, id string) (T, bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.reads++
	for {
		if item, ok := l.byID[id]; ok {
			return item, true, nil
		}
		var none T
		if l.done || (l.landing == nil && l.pages >= l.reads-1) {
			return none, false, nil
		}
		if landing := l.landing; landing != nil {
			l.mu.Unlock()
			select {
			case <-landing:
				l.mu.Lock()
			case <-ctx.Done():
				l.mu.Lock()
				return none, false, ctx.Err()
			}
			continue
		}
		l.fetchNext(ctx)
	}
}

// fetchNext fetches the next page. It is called with l.mu held and lets go
// of it while the page is in flight.
func (l *listing[T]) fetchNext(ctx context.Context) {
	landing := make(chan struct{})
	l.landing, l.pages = landing, l.pages+1
	cursor := l.cursor
	l.mu.Unlock()
	page, err := l.fetch(ctx, cursor)
	l.mu.Lock()
	l.landing = nil
	close(landing)

	if err != nil {
		tflog.Debug(ctx, "StatusHub listing given up; its objects are read one by one", map[string]any{
			"path": api.BasePath + l.path, "error": err.Error(),
		})
		l.done = true
		return
	}
	for _, item := range page.Data {
		l.byID[l.idOf(item)] = item
	}
	// A server that hands back the cursor it was given would never end.
	l.cursor, l.done = page.NextCursor, page.NextCursor == "" || page.NextCursor == cursor
}

// fetchPage fetches the page of the list at path that starts at cursor, ""
// for the first.
func fetchPage[T any](ctx context.Context, c *Client, path string, query url.Values, cursor string) (api.Page[T], error) {
	if cursor != "" {
		query.Set("cursor", cursor)
	}
	var page api.Page[T]
	err := c.do(ctx, http.MethodGet, path, query, nil, &page)
	return page, err
}
