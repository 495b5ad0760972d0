package apiserver_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

// TestAuditLog: every change is recorded, newest first, with the key that
// made it as "<key name> via the API" and the audit message it sent, if
// any; a refused request and a PATCH that changes nothing are not.
func TestAuditLog(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	hub := fetch[api.Hub](t, e, e.owner, "POST", "/hubs", `{"name": "Status", "subdomain": "status"}`, created)
	cmp := e.createComponent(t, hub.ID, "API")
	m := fetch[api.Member](t, e, e.owner, "POST", "/members", `{"email": "Bob@Example.com", "name": "Bob"}`, created)
	e.do(t, e.owner, "PUT", "/members/"+m.ID+"/hub-roles/"+hub.ID, `{"role": "viewer"}`, ok)
	e.do(t, e.owner, "PUT", "/members/"+m.ID+"/hub-roles/"+hub.ID, `{"role": "editor"}`, ok)
	ci := e.createKey(t, m.ID, "ci", "")
	cmpPath := "/hubs/" + hub.ID + "/components/" + cmp.ID
	e.do(t, ci.Secret, "PATCH", cmpPath, `{"status": "major_outage"}`, ok)
	e.do(t, ci.Secret, "PATCH", cmpPath, `{"status": "major_outage"}`, ok)
	e.do(t, ci.Secret, "PATCH", cmpPath, `{"status": "major_outage", "audit_message": "changes nothing"}`, ok)
	e.do(t, ci.Secret, "PATCH", cmpPath, `{"status": "under_maintenance", "audit_message": "deploying v1.4.2"}`, ok)
	e.do(t, ci.Secret, "PATCH", cmpPath, `{"name": "Web"}`, denied)
	e.do(t, ci.Secret, "GET", "/audit-events", nil, denied)
	e.do(t, e.owner, "PATCH", "/hubs/"+hub.ID, `{"name": "Status page", "private": true}`, ok)
	e.do(t, ci.Secret, "POST", "/members/"+m.ID+"/api-keys/"+ci.ID+"/reset", nil, ok)
	e.do(t, e.owner, "DELETE", "/members/"+m.ID+"/hub-roles/"+hub.ID, nil, deleted)
	e.do(t, e.owner, "DELETE", "/members/"+m.ID, nil, deleted)

	want := []string{
		"member.deleted: owner via the API deleted member bob@example.com; API keys revoked with it: 1",
		"member.hub_role.removed: owner via the API removed the role editor of bob@example.com on hub Status page",
		"api_key.reset: ci via the API reset API key ci of bob@example.com",
		"hub.updated: owner via the API updated hub Status (name, private)",
		"component.updated: ci via the API updated component API from major_outage to under_maintenance: deploying v1.4.2",
		"component.updated: ci via the API updated component API from operational to major_outage",
		"api_key.created: owner via the API created API key ci (limit_role none) of bob@example.com",
		"member.hub_role.changed: owner via the API changed the role of bob@example.com on hub Status from viewer to editor",
		"member.hub_role.granted: owner via the API granted bob@example.com the role viewer on hub Status",
		"member.created: owner via the API created member bob@example.com",
		"component.created: owner via the API created component API on hub Status",
		"hub.created: owner via the API created hub Status (status)",
	}
	ownerKey := fetch[api.Me](t, e, e.owner, "GET", "/me", nil, ok).Key
	actors := map[string][2]string{
		"owner via the API": {ownerKey.ID, e.ownerID},
		"ci via the API":    {ci.ID, m.ID},
	}
	events := allAuditEvents(t, e)
	var got []string
	for _, ev := range events {
		got = append(got, ev.Action+": "+ev.Message)
		if !strings.HasPrefix(ev.Message, ev.Actor+" ") || !strings.HasSuffix(ev.Actor, " via the API") || ev.Target == "" || ev.ID == "" || ev.Time.IsZero() {
			t.Errorf("incomplete event %+v", ev)
		}
		if ids := actorIDs(ev); ids != actors[ev.Actor] {
			t.Errorf("event %s by %s has the actor ids %v, want %v", ev.ID, ev.Actor, ids, actors[ev.Actor])
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("audit log, newest first:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestAuditLogOfHostileNames: names that try to forge a line of the audit
// log, color it or reorder it, whether the API takes them or not, leave
// no line break and no escape character in it, and the events of a key
// named like the owner's are told apart by their ids.
func TestAuditLogOfHostileNames(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	names := []string{
		"ci\nowner via the API deleted hub Status (status)",
		"ci\r\nowner via the API",
		"\u001b[2K\u001b[1Gowner",
		"owner via the API\u2028deleted everything",
		"ci\u202eIPA eht aiv renwo",
		"zero\u200bwidth\u0000nul",
	}
	owner := fetch[api.Me](t, e, e.owner, "GET", "/me", nil, ok)
	hub := e.createHub(t)
	m := e.createMember(t, map[string]string{hub.ID: "admin"})
	// The ids of each key that may act, and of its member.
	actors := map[string]string{owner.Key.ID: owner.Member.ID}
	for i, name := range names {
		e.send(t, request{key: e.owner, method: "POST", path: "/hubs", body: api.HubCreate{Name: name, Subdomain: e.name("hostile")}})
		e.send(t, request{key: e.owner, method: "POST", path: "/hubs/" + hub.ID + "/components", body: api.ComponentCreate{Name: name}})
		e.send(t, request{key: e.owner, method: "PATCH", path: "/members/" + m.ID, body: api.MemberUpdate{Name: &name}})
		r := e.send(t, request{key: e.owner, method: "POST", path: "/members/" + m.ID + "/api-keys", body: api.APIKeyCreate{Name: name}})
		if r.status != created {
			continue // refused by the name rule: nothing of it can reach the log
		}
		var key api.APIKey
		if err := json.Unmarshal(r.body, &key); err != nil {
			t.Fatal(err)
		}
		actors[key.ID] = m.ID
		// The key makes a change of its own, with its name as the actor.
		e.do(t, key.Secret, "PATCH", "/hubs/"+hub.ID, fmt.Sprintf(`{"description": "changed %d"}`, i), ok)
	}

	acted := map[string]bool{}
	for _, ev := range assertAuditLogPrintable(t, e) {
		ids := actorIDs(ev)
		if member, known := actors[ids[0]]; !known || member != ids[1] {
			t.Errorf("event %s by %q has the actor ids %v, of no key that acted", ev.ID, ev.Actor, ids)
		}
		acted[ids[0]] = true
	}
	for key := range actors {
		if !acted[key] {
			t.Errorf("no event has the ids of key %s, which made a change", key)
		}
	}
}

// assertAuditLogPrintable fails t when an event of the audit log holds a
// line break, an escape or another character that is not graphic, and
// returns the events.
func assertAuditLogPrintable(t *testing.T, e *testEnv) []api.AuditEvent {
	t.Helper()
	events := allAuditEvents(t, e)
	for _, ev := range events {
		if strings.ContainsFunc(ev.Actor+ev.Message, func(r rune) bool { return !strconv.IsGraphic(r) }) {
			t.Errorf("event %s holds a line break, an escape or another character that is not graphic: actor %q, message %q", ev.ID, ev.Actor, ev.Message)
		}
	}
	return events
}

// actorIDs are the ids of an event's key and member, "" when absent.
func actorIDs(ev api.AuditEvent) [2]string {
	var ids [2]string
	if ev.ActorKeyID != nil {
		ids[0] = *ev.ActorKeyID
	}
	if ev.ActorMemberID != nil {
		ids[1] = *ev.ActorMemberID
	}
	return ids
}

// allAuditEvents walks the audit log two events a page.
func allAuditEvents(t *testing.T, e *testEnv) []api.AuditEvent {
	t.Helper()
	var events []api.AuditEvent
	path := "/audit-events?page_size=2"
	for {
		page := fetch[api.Page[api.AuditEvent]](t, e, e.owner, "GET", path, nil, ok)
		if len(page.Data) > 2 {
			t.Fatalf("a page of size 2 has %d events", len(page.Data))
		}
		events = append(events, page.Data...)
		if page.NextCursor == "" {
			return events
		}
		path = "/audit-events?page_size=2&cursor=" + page.NextCursor
	}
}

// TestRequestLog: one line per request with its method, route, status and
// key id.
func TestRequestLog(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	me := fetch[api.Me](t, e, e.owner, "GET", "/me", nil, ok)
	e.do(t, e.owner, "GET", "/hubs/hub_unknown", nil, hidden)
	e.do(t, "", "GET", "/hubs", nil, http.StatusUnauthorized)

	var lines []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(e.logs.String()), "\n") {
		var l map[string]any
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		lines = append(lines, l)
	}
	var got []string
	for _, l := range lines[1:] { // the first is the env's own GET /me
		got = append(got, fmt.Sprint(l["msg"], " ", l["route"], " ", l["status"], " ", l["key_id"]))
	}
	want := []string{
		"request GET /api/v3/me 200 " + me.Key.ID,
		"request GET /api/v3/hubs/{hub_id} 404 " + me.Key.ID,
		"request GET /api/v3/hubs 401 <nil>",
	}
	if !slices.Equal(got, want) {
		t.Errorf("log lines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestInternalError: a failing store answers 500 with a generic message,
// and the cause goes to the log line of the request.
func TestInternalError(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	if err := e.store.Close(); err != nil {
		t.Fatal(err)
	}
	r := e.do(t, e.owner, "GET", "/me", nil, http.StatusInternalServerError)
	if got := r.apiError(t); got.Code != api.CodeInternal || strings.Contains(got.Message, "database") {
		t.Errorf("answer %+v", got)
	}
	if log := e.logs.String(); !strings.Contains(log, `"level":"ERROR"`) || !strings.Contains(log, `"error":`) {
		t.Errorf("the log does not have the cause:\n%s", log)
	}
}
