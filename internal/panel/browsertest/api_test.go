package browsertest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

// The test's own calls to the JSON API: to set up what a scenario needs
// besides what it does in the pages, to find ids, and to check that what a
// page did or refused is what the API sees.

// api sends a request to the JSON API with a key, checks its status and
// decodes the answer into out, when out is not nil.
func (e *env) api(secret, method, path string, in any, want int, out any) {
	e.t.Helper()
	status, body := e.apiCall(secret, method, path, in)
	if status != want {
		e.t.Fatalf("%s %s: status %d, want %d: %s", method, path, status, want, body)
	}
	if out != nil {
		if err := json.Unmarshal(body, out); err != nil {
			e.t.Fatalf("%s %s: decoding the answer: %v", method, path, err)
		}
	}
}

// apiStatus is the status of a request to the JSON API with a key.
func (e *env) apiStatus(secret, method, path string) int {
	e.t.Helper()
	status, _ := e.apiCall(secret, method, path, nil)
	return status
}

func (e *env) apiCall(secret, method, path string, in any) (int, []byte) {
	e.t.Helper()
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			e.t.Fatal(err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(e.t.Context(), method, e.url+api.BasePath+path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+secret)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp.StatusCode, b
}

// createHub creates a hub through the API, as the owner.
func (e *env) createHub(name string) api.Hub {
	e.t.Helper()
	var hub api.Hub
	e.api(e.owner, http.MethodPost, "/hubs", api.HubCreate{Name: name, Subdomain: slug(name)}, http.StatusCreated, &hub)
	return hub
}

// createKey creates a key through the API, as the owner.
func (e *env) createKey(memberID string, create api.APIKeyCreate) api.APIKey {
	e.t.Helper()
	var key api.APIKey
	e.api(e.owner, http.MethodPost, "/members/"+memberID+"/api-keys", create, http.StatusCreated, &key)
	e.sweep.issued(key.Secret)
	return key
}

// createMember creates a member through the API, as the owner.
func (e *env) createMember(email, name string, hubRoles map[string]string) api.Member {
	e.t.Helper()
	var m api.Member
	e.api(e.owner, http.MethodPost, "/members", api.MemberCreate{Email: email, Name: name, HubRoles: hubRoles}, http.StatusCreated, &m)
	return m
}

// createComponent creates a component through the API, as the owner.
func (e *env) createComponent(hubID, name string) api.Component {
	e.t.Helper()
	var c api.Component
	e.api(e.owner, http.MethodPost, "/hubs/"+hubID+"/components", api.ComponentCreate{Name: name}, http.StatusCreated, &c)
	return c
}

// key finds a member's key by its name, through the API.
func (e *env) key(memberID, name string) api.APIKey {
	e.t.Helper()
	k, found := e.findKey(memberID, name)
	if !found {
		e.t.Fatalf("the member %s has no key named %q", memberID, name)
	}
	return k
}

func (e *env) findKey(memberID, name string) (api.APIKey, bool) {
	e.t.Helper()
	var keys api.Page[api.APIKey]
	e.api(e.owner, http.MethodGet, "/members/"+memberID+"/api-keys", nil, http.StatusOK, &keys)
	for _, k := range keys.Data {
		if k.Name == name {
			return k, true
		}
	}
	return api.APIKey{}, false
}

// member finds a member by email, through the API.
func (e *env) member(email string) api.Member {
	e.t.Helper()
	var members api.Page[api.Member]
	e.api(e.owner, http.MethodGet, "/members", nil, http.StatusOK, &members)
	for _, m := range members.Data {
		if strings.EqualFold(m.Email, email) {
			return m
		}
	}
	e.t.Fatalf("no member %s", email)
	return api.Member{}
}

// hub finds a hub by its name, through the API.
func (e *env) hub(name string) api.Hub {
	e.t.Helper()
	var hubs api.Page[api.Hub]
	e.api(e.owner, http.MethodGet, "/hubs", nil, http.StatusOK, &hubs)
	for _, h := range hubs.Data {
		if h.Name == name {
			return h
		}
	}
	e.t.Fatalf("no hub named %q", name)
	return api.Hub{}
}
