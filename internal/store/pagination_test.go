package store

import (
	"encoding/base64"
	"errors"
	"fmt"
	"testing"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

func TestPagination(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		addAfterFirstPage int
		wantSizes         string
	}{
		"250 rows":                     {0, "[100 100 50]"},
		"rows added between the pages": {5, "[100 100 55]"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := openMemory(t)
			f := newFixture(t, s, "status")
			addHubs := func(from, n int) {
				write(t, s, func(tx *Tx) (struct{}, error) {
					for i := range n {
						if _, err := tx.CreateHub(f.account.ID, api.HubCreate{Name: "h", Subdomain: fmt.Sprintf("h%d", from+i)}); err != nil {
							return struct{}{}, err
						}
					}
					return struct{}{}, nil
				})
			}
			addHubs(1, 249) // with the fixture's hub, 250

			seen := map[string]bool{}
			var sizes []int
			var cursor string
			for {
				page := read(t, s, func(tx *Tx) (api.Page[api.Hub], error) {
					return tx.Hubs(f.account.ID, HubFilter{}, PageRequest{Size: 100, Cursor: cursor})
				})
				sizes = append(sizes, len(page.Data))
				for _, h := range page.Data {
					if seen[h.ID] {
						t.Fatalf("hub %s on two pages", h.ID)
					}
					seen[h.ID] = true
				}
				if cursor == "" {
					addHubs(1000, tt.addAfterFirstPage)
				}
				if page.NextCursor == "" {
					break
				}
				cursor = page.NextCursor
			}
			if got := fmt.Sprint(sizes); got != tt.wantSizes {
				t.Errorf("page sizes = %s, want %s", got, tt.wantSizes)
			}
		})
	}
}

func TestPageSize(t *testing.T) {
	t.Parallel()
	s := openMemory(t)
	f := newFixture(t, s, "status")
	write(t, s, func(tx *Tx) (struct{}, error) {
		for i := range api.MaxPageSize + 10 {
			if _, err := tx.AddAuditEvent(f.account.ID, api.AuditEvent{Message: fmt.Sprint(i)}); err != nil {
				return struct{}{}, err
			}
		}
		return struct{}{}, nil
	})

	tests := map[string]struct {
		size, want int
	}{
		"default":    {0, api.DefaultPageSize},
		"negative":   {-1, api.DefaultPageSize},
		"one":        {1, 1},
		"max":        {api.MaxPageSize, api.MaxPageSize},
		"over max":   {api.MaxPageSize + 1, api.MaxPageSize},
		"all at max": {api.MaxPageSize * 2, api.MaxPageSize},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			page := read(t, s, func(tx *Tx) (api.Page[api.AuditEvent], error) {
				return tx.AuditEvents(f.account.ID, PageRequest{Size: tt.size})
			})
			if len(page.Data) != tt.want || page.NextCursor == "" {
				t.Errorf("Size %d: got %d events (next cursor %q), want %d and a next page", tt.size, len(page.Data), page.NextCursor, tt.want)
			}
		})
	}
}

func TestAuditEventsPageNewestFirst(t *testing.T) {
	t.Parallel()
	s := openMemory(t)
	f := newFixture(t, s, "status")
	add := func(msg string) {
		write(t, s, func(tx *Tx) (api.AuditEvent, error) {
			return tx.AddAuditEvent(f.account.ID, api.AuditEvent{Message: msg})
		})
	}
	for i := range 5 {
		add(fmt.Sprint(i))
	}

	var got []string
	var cursor string
	for {
		page := read(t, s, func(tx *Tx) (api.Page[api.AuditEvent], error) {
			return tx.AuditEvents(f.account.ID, PageRequest{Size: 2, Cursor: cursor})
		})
		for _, e := range page.Data {
			got = append(got, e.Message)
		}
		if cursor == "" {
			add("new") // newer than every page still to come: never shown on them
		}
		if page.NextCursor == "" {
			break
		}
		cursor = page.NextCursor
	}
	if fmt.Sprint(got) != "[4 3 2 1 0]" {
		t.Errorf("audit events = %v, want [4 3 2 1 0]", got)
	}
}

func TestBadCursor(t *testing.T) {
	t.Parallel()
	s := openMemory(t)
	f := newFixture(t, s, "status")
	enc := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

	tests := map[string]string{
		"garbage":         "!!not-a-cursor!!",
		"not ours":        enc("hello"),
		"other version":   enc("v2:hubs:1"),
		"other list":      encodeCursor("members", 1),
		"not a number":    enc("v1:hubs:one"),
		"negative":        enc("v1:hubs:-1"),
		"trailing junk":   enc("v1:hubs:1:2"),
		"padded encoding": base64.URLEncoding.EncodeToString([]byte("v1:hubs:10")),
	}
	for name, cursor := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := tryRead(s, func(tx *Tx) (api.Page[api.Hub], error) {
				return tx.Hubs(f.account.ID, HubFilter{}, PageRequest{Cursor: cursor})
			})
			if !errors.Is(err, ErrBadCursor) {
				t.Errorf("cursor %q: err = %v, want ErrBadCursor", cursor, err)
			}
		})
	}
}
