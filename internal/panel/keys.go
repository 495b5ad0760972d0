package panel

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver"
	"github.com/statushub-community/terraform-provider-statushub/internal/roles"
	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

// unusedFor are the owner's choices for "not used for": the value of the
// not_used_for query parameter and its label.
var unusedFor = []choice{
	{"168h", "7 days"},
	{"720h", "30 days"},
	{"2160h", "90 days"},
	{"8760h", "a year"},
}

type choice struct{ Value, Label string }

// keysView is the API keys page ("API info"): the member's own keys, or
// every key of the account for the owner.
type keysView struct {
	Keys    []keyRow
	Next    string // the next page of the owner's list
	Owner   bool
	Self    api.Member
	Members []api.Member // the owner's choice of holder
	Limits  []string     // every limit role, whatever the member's roles
	// Filters of the owner's list.
	MemberID   string
	NotUsedFor string
	UnusedFor  []choice
	// New is the key just created or reset, with its secret: shown once.
	New *api.APIKey
}

type keyRow struct {
	api.APIKey
	Holder string // the member's email
}

func (p *panel) handleKeys(w http.ResponseWriter, r *http.Request, v *visit) {
	p.showKeys(w, r, v, http.StatusOK, p.newPage(r, v, "API keys"), nil)
}

// showKeys shows the API keys page; created, when not nil, is the key just
// created, with its secret.
func (p *panel) showKeys(w http.ResponseWriter, r *http.Request, v *visit, status int, pg page, created *api.APIKey) {
	view, err := p.keysView(r, v)
	if err != nil {
		p.fail(w, r, v, err)
		return
	}
	view.New = created
	pg.Body = view
	p.render(w, r, status, "keys", pg)
}

func (p *panel) keysView(r *http.Request, v *visit) (keysView, error) {
	ctx, cred := r.Context(), v.cred()
	view := keysView{
		Owner:     apiserver.ActsAsOwner(v.caller),
		Self:      v.caller.Member,
		Members:   []api.Member{v.caller.Member},
		Limits:    roles.LimitNames(),
		UnusedFor: unusedFor,
	}
	if !view.Owner {
		keys, err := p.svc.Keys(ctx, cred, v.caller.Member.ID, firstPage)
		for _, k := range keys.Data {
			view.Keys = append(view.Keys, keyRow{APIKey: k, Holder: v.caller.Member.Email})
		}
		return view, err
	}
	members, err := p.svc.Members(ctx, cred, firstPage)
	if err != nil {
		return view, err
	}
	view.Members = members.Data
	q := r.URL.Query()
	view.MemberID, view.NotUsedFor = q.Get("member_id"), q.Get("not_used_for")
	filter := store.KeyFilter{MemberID: view.MemberID}
	if d, err := time.ParseDuration(view.NotUsedFor); err == nil {
		since := p.svc.Now().Add(-d)
		filter.NotUsedSince = &since
	}
	keys, err := p.svc.AccountKeys(ctx, cred, filter, pageOf(r))
	view.Next = nextPage("/api-keys", r, keys.NextCursor)
	emails := map[string]string{}
	for _, m := range members.Data {
		emails[m.ID] = m.Email
	}
	for _, k := range keys.Data {
		view.Keys = append(view.Keys, keyRow{APIKey: k, Holder: emails[k.MemberID]})
	}
	return view, err
}

// limitRole reads the limit-role dropdown: "" is no limit.
func limitRole(r *http.Request) *string {
	if l := r.PostFormValue("limit_role"); l != "" {
		return &l
	}
	return nil
}

func (p *panel) handleCreateKey(w http.ResponseWriter, r *http.Request, v *visit) {
	pg := p.newPage(r, v, "API keys")
	var k api.APIKey
	expiresAt, err := parseExpiry(r.PostFormValue("expires_at"))
	if err == nil {
		memberID := r.PostFormValue("member_id")
		if memberID == "" {
			memberID = v.caller.Member.ID
		}
		k, err = p.svc.CreateKey(r.Context(), v.cred(), memberID, api.APIKeyCreate{
			Name:      r.PostFormValue("name"),
			LimitRole: limitRole(r),
			ExpiresAt: expiresAt,
		})
	}
	if status, ok := p.refused(r, &pg, "create-key", err); ok {
		p.showKeys(w, r, v, status, pg, nil)
		return
	}
	// The secret is in this answer only: no redirect, no cookie.
	p.showKeys(w, r, v, http.StatusCreated, pg, &k)
}

// parseExpiry reads the expiry field, a datetime-local in UTC (an RFC 3339
// time is also taken); empty is a key that never expires.
func parseExpiry(s string) (*time.Time, error) {
	if s == "" {
		return nil, nil
	}
	for _, layout := range []string{"2006-01-02T15:04", time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return &t, nil
		}
	}
	return nil, apiserver.InvalidField("expires_at",
		"expires_at must be a date and time in UTC, such as 2026-12-31T23:59; leave it empty for a key that never expires")
}

// keyView is a key's page: its details, its effective role on every hub
// (the StatusHub keys article's table) and the forms that change it.
type keyView struct {
	Key    api.APIKey
	Holder api.Member
	Roles  []api.EffectiveRole
	Limits []string
	Change bool // within the signed-in key's limit
	New    bool // Key.Secret was just made
}

func (p *panel) handleKey(w http.ResponseWriter, r *http.Request, v *visit) {
	p.showKey(w, r, v, http.StatusOK, p.newPage(r, v, "API key"))
}

func (p *panel) showKey(w http.ResponseWriter, r *http.Request, v *visit, status int, pg page) {
	view, err := p.keyView(r, v)
	if err != nil {
		p.fail(w, r, v, err)
		return
	}
	pg.Title = "API key " + view.Key.Name
	pg.Body = view
	p.render(w, r, status, "key", pg)
}

func (p *panel) keyView(r *http.Request, v *visit) (keyView, error) {
	ctx, cred := r.Context(), v.cred()
	memberID, keyID := r.PathValue("member_id"), r.PathValue("key_id")
	k, err := p.svc.Key(ctx, cred, memberID, keyID)
	if err != nil {
		return keyView{}, err
	}
	er, err := p.svc.EffectiveRoles(ctx, cred, memberID, keyID)
	if err != nil {
		return keyView{}, err
	}
	return keyView{
		Key:    k,
		Holder: p.holder(r, v, memberID),
		Roles:  er.Data,
		Limits: roles.LimitNames(),
		Change: roles.Within(apiserver.KeyLimit(k), apiserver.KeyLimit(v.caller.Key)),
	}, nil
}

// holder is the member of a key the caller could read: itself, or one of
// the account for the owner.
func (p *panel) holder(r *http.Request, v *visit, memberID string) api.Member {
	if memberID == v.caller.Member.ID {
		return v.caller.Member
	}
	members, err := p.svc.Members(r.Context(), v.cred(), firstPage)
	if err == nil {
		for _, m := range members.Data {
			if m.ID == memberID {
				return m
			}
		}
	}
	return api.Member{ID: memberID, Email: memberID}
}

func (p *panel) handleUpdateKey(w http.ResponseWriter, r *http.Request, v *visit) {
	name := r.PostFormValue("name")
	in := api.APIKeyUpdate{Name: &name, LimitRole: api.Nullable[string]{Set: true, Null: true}}
	if l := limitRole(r); l != nil {
		in.LimitRole = api.Nullable[string]{Set: true, Value: *l}
	}
	_, err := p.svc.UpdateKey(r.Context(), v.cred(), r.PathValue("member_id"), r.PathValue("key_id"), in)
	p.afterForm(w, r, v, "update-key", err, "API key", "/api-keys/"+r.PathValue("member_id")+"/"+r.PathValue("key_id"), p.showKey)
}

func (p *panel) handleConfirmResetKey(w http.ResponseWriter, r *http.Request, v *visit) {
	p.confirmKey(w, r, v, "Reset API key",
		"Reset the API key %s? It gets a new secret, shown once; the old secret stops working at once.")
}

// handleResetKey shows the key's page with its new secret, in this answer
// only: no redirect, no cookie. The page is read before the reset, since a
// session that signed in with this very key ends with its old secret.
func (p *panel) handleResetKey(w http.ResponseWriter, r *http.Request, v *visit) {
	view, err := p.keyView(r, v)
	if err != nil {
		p.fail(w, r, v, err)
		return
	}
	view.Key, err = p.svc.ResetKey(r.Context(), v.cred(), r.PathValue("member_id"), r.PathValue("key_id"))
	if err != nil {
		p.fail(w, r, v, err)
		return
	}
	view.New = true
	pg := p.newPage(r, v, "API key "+view.Key.Name)
	if view.Key.ID == v.caller.Key.ID {
		p.endSession(w, r, v)
		pg.Nav, pg.CSRF = nil, ""
		pg.Notice = "You reset the key you signed in with, so you are signed out: sign in again with its new secret."
	}
	pg.Body = view
	p.render(w, r, http.StatusOK, "key", pg)
}

func (p *panel) handleConfirmDeleteKey(w http.ResponseWriter, r *http.Request, v *visit) {
	p.confirmKey(w, r, v, "Delete API key", "Delete the API key %s? It stops working at once; this cannot be undone.")
}

func (p *panel) confirmKey(w http.ResponseWriter, r *http.Request, v *visit, title, question string) {
	k, err := p.svc.Key(r.Context(), v.cred(), r.PathValue("member_id"), r.PathValue("key_id"))
	if err != nil {
		p.fail(w, r, v, err)
		return
	}
	pg := p.newPage(r, v, title)
	pg.Body = confirmView{
		Question: strings.Replace(question, "%s", k.Name+" ("+k.Prefix+"…)", 1),
		Action:   r.URL.Path,
		Button:   title,
		Back:     "/api-keys/" + k.MemberID + "/" + k.ID,
	}
	p.render(w, r, http.StatusOK, "confirm", pg)
}

func (p *panel) handleDeleteKey(w http.ResponseWriter, r *http.Request, v *visit) {
	memberID, keyID := r.PathValue("member_id"), r.PathValue("key_id")
	if err := p.svc.DeleteKey(r.Context(), v.cred(), memberID, keyID); err != nil {
		p.fail(w, r, v, err)
		return
	}
	if keyID == v.caller.Key.ID {
		p.endSession(w, r, v)
		p.showSignIn(w, r, http.StatusOK, "You deleted the API key you signed in with, so you are signed out.")
		return
	}
	http.Redirect(w, r, "/api-keys", http.StatusSeeOther)
}

// handleDeleteUnused deletes the keys the owner ticked in the list of keys
// not used for a time: first it asks, then (confirmed=yes) it deletes.
func (p *panel) handleDeleteUnused(w http.ResponseWriter, r *http.Request, v *visit) {
	ids := r.PostForm["keys"]
	if len(ids) == 0 {
		pg := p.newPage(r, v, "API keys")
		pg.Error = "Tick the keys to delete first."
		p.showKeys(w, r, v, http.StatusBadRequest, pg, nil)
		return
	}
	if r.PostFormValue("confirmed") != "yes" {
		pg := p.newPage(r, v, "Delete unused API keys")
		pg.Body = confirmView{
			Question: "Delete the " + plural(len(ids), "API key", "API keys") + " you ticked? They stop working at once; this cannot be undone.",
			Action:   "/api-keys/delete-unused",
			Button:   "Delete the keys",
			Back:     "/api-keys",
			Keys:     ids,
		}
		p.render(w, r, http.StatusOK, "confirm", pg)
		return
	}
	for _, id := range ids {
		memberID, keyID, _ := strings.Cut(id, "/")
		if err := p.svc.DeleteKey(r.Context(), v.cred(), memberID, keyID); err != nil {
			p.fail(w, r, v, err)
			return
		}
	}
	http.Redirect(w, r, "/api-keys", http.StatusSeeOther)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
