package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/apikey"
	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver"
	"github.com/statushub-community/terraform-provider-statushub/internal/client"
	"github.com/statushub-community/terraform-provider-statushub/internal/logtest"
	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

// quickRetries make the provider retry often and soon, so that an apply
// through hundreds of faults takes seconds. A slow answer is given up on
// after request_timeout, and retried.
const quickRetries = `
  max_retries     = 15
  retry_wait_min  = "10ms"
  retry_wait_max  = "100ms"
  request_timeout = "2s"
`

// TestAccReliability_faults applies about 300 objects through a server
// that fails one request in five, in every way it can (see
// apiserver.Faults), and destroys them the same way. The apply succeeds in
// one step, the store holds each object once, and the plan after it is empty.
func TestAccReliability_faults(t *testing.T) {
	srv := newTestServerWith(t, apiserver.Config{
		RateLimits: apiserver.RateLimits{Disabled: true},
		Faults:     apiserver.Faults{Rate: 0.2, Seed: 5, SlowDelay: time.Minute},
	})
	f := fleet{hubs: 20, componentsPerHub: 8, members: 30, keysPerMember: 3}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: srv.factories(),
		CheckDestroy:             checkObjectCounts(srv.Store, srv.AccountID, objectCounts{}),
		Steps: []resource.TestStep{
			{
				Config: providerBlock(srv.URL, srv.OwnerKey, quickRetries) + f.config(),
				Check: resource.ComposeTestCheckFunc(
					checkFleet(srv.Store, srv.AccountID, f.counts()),
					srv.checkFaultsInjected,
				),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// checkFaultsInjected checks that the server's log shows every kind of
// fault, so that a pass means the apply went through all of them.
func (s *testServer) checkFaultsInjected(*terraform.State) error {
	logs := string(s.logs.Bytes())
	for _, kind := range apiserver.FaultKinds() {
		if !strings.Contains(logs, "fault="+string(kind)+" ") {
			return fmt.Errorf("the server injected no fault of kind %s", kind)
		}
	}
	return nil
}

// TestAccReliability_longRetryAfter: an API that asks to wait an hour
// before a retry gets a clear error at once, not an hour-long wait.
func TestAccReliability_longRetryAfter(t *testing.T) {
	key, err := apikey.Generate()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "3600")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		_ = json.NewEncoder(w).Encode(api.Error{Code: api.CodeRateLimited, Message: "come back in an hour"})
	}))
	t.Cleanup(srv.Close)

	start := time.Now()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(time.Now),
		Steps: []resource.TestStep{
			{
				Config: providerBlock(srv.URL, key, `max_retry_time = "2s"`) + hubConfig(`
  name      = "Status"
  subdomain = "status"
`),
				ExpectError: errorMatching("Unable to Create Hub", "429 Too Many Requests", "come back in an hour"),
			},
		},
	})
	// A generous bound: what matters is that the hour is not waited.
	if elapsed := time.Since(start); elapsed > 3*time.Minute {
		t.Errorf("the apply took %s to fail", elapsed)
	}
}

// TestAccMemberResource_deletedOutOfBandWithKeys: a member deleted out of
// band takes its keys with it, and the next apply makes all of them again.
func TestAccMemberResource_deletedOutOfBandWithKeys(t *testing.T) {
	srv := newTestServer(t)
	config := srv.providerConfig() + `
resource "statushub_member" "test" {
  email = "dora@example.com"
  name  = "Dora"
}

resource "statushub_api_key" "test" {
  count     = 3
  member_id = statushub_member.test.id
  name      = "key-${count.index}"
}
`
	var oldMember, newMember string
	var oldSecrets []string
	recreated := []plancheck.PlanCheck{plancheck.ExpectResourceAction("statushub_member.test", plancheck.ResourceActionCreate)}
	for i := range 3 {
		recreated = append(recreated, plancheck.ExpectResourceAction(fmt.Sprintf("statushub_api_key.test[%d]", i), plancheck.ResourceActionCreate))
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: srv.factories(),
		CheckDestroy:             checkObjectCounts(srv.Store, srv.AccountID, objectCounts{}),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: resource.ComposeTestCheckFunc(
					captureID("statushub_member.test", &oldMember),
					captureSecrets(&oldSecrets),
				),
			},
			{
				PreConfig: func() {
					if err := srv.client(t).DeleteMember(context.Background(), oldMember); err != nil {
						t.Fatalf("deleting the member out of band: %v", err)
					}
				},
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: recreated},
				Check: resource.ComposeTestCheckFunc(
					captureID("statushub_member.test", &newMember),
					func(state *terraform.State) error { return srv.checkKeyCount(newMember, 3)(state) },
					func(*terraform.State) error {
						for _, secret := range oldSecrets {
							if err := srv.expectMeStatus(secret, "deleted member's", http.StatusUnauthorized); err != nil {
								return err
							}
						}
						return nil
					},
				),
			},
		},
	})
}

// captureSecrets stores the secrets of every key in the state.
func captureSecrets(secrets *[]string) resource.TestCheckFunc {
	return func(state *terraform.State) error {
		*secrets = nil
		for _, rs := range state.RootModule().Resources {
			if rs.Type == "statushub_api_key" {
				*secrets = append(*secrets, rs.Primary.Attributes["secret"])
			}
		}
		return nil
	}
}

// TestAccAPIKeyResource_concurrentQuota creates 12 keys for one member at
// once. The API makes exactly 10 and refuses 2 with the quota's error; the
// state then holds those 10 keys and no other, as the store does, and the
// next plan reports the quota before apply. It sets an environment
// variable, so it cannot run in parallel.
func TestAccAPIKeyResource_concurrentQuota(t *testing.T) {
	srv := newTestServer(t)
	member := srv.createMember(t, "crowded@example.com")
	// Terraform's default -parallelism of 10 would keep 2 creates waiting.
	t.Setenv("TF_CLI_ARGS_apply", "-parallelism=12")
	config := srv.providerConfig() + fmt.Sprintf(`
resource "statushub_api_key" "test" {
  count     = 12
  member_id = %q
  name      = "key-${count.index}"
}
`, member)
	quotaError := regexp.MustCompile(`(?s)(Unable to Create API Key|API Key Quota Reached).*a member may\s+have\s+at\s+most\s+10`)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: srv.factories(),
		CheckDestroy:             srv.checkKeyCount(member, 0),
		Steps: []resource.TestStep{
			{Config: config, ExpectError: quotaError},
			{
				RefreshState: true,
				Check:        srv.checkStateKeysAreStoreKeys(member, api.MaxKeysPerMember),
				ExpectError:  errorMatching("API Key Quota Reached"),
			},
		},
	})
}

// checkStateKeysAreStoreKeys checks that the state's keys are exactly the
// member's keys in the store, and that there are want of them.
func (s *testServer) checkStateKeysAreStoreKeys(memberID string, want int) resource.TestCheckFunc {
	return func(state *terraform.State) error {
		inState := map[string]bool{}
		for _, rs := range state.RootModule().Resources {
			if rs.Type == "statushub_api_key" {
				inState[rs.Primary.ID] = true
			}
		}
		var inStore []api.APIKey
		err := s.Store.View(context.Background(), func(tx *store.Tx) (err error) {
			inStore, err = allItems(func(p store.PageRequest) (api.Page[api.APIKey], error) { return tx.Keys(s.AccountID, memberID, p) })
			return err
		})
		if err != nil {
			return fmt.Errorf("listing the member's keys: %w", err)
		}
		if len(inState) != want || len(inStore) != want {
			return fmt.Errorf("the state holds %d keys and the store %d, want %d in both", len(inState), len(inStore), want)
		}
		for _, k := range inStore {
			if !inState[k.ID] {
				return fmt.Errorf("key %s is in the store but not in the state", k.ID)
			}
		}
		return nil
	}
}

// TestAccReliability_serverKilledMidApply runs the API as a process of its
// own on a file store, kills it with SIGKILL in the middle of an apply and
// starts it again on the same file and address. The provider's retries
// carry the apply through; every object in the state is in the store, none
// twice, and the next plan is empty.
func TestAccReliability_serverKilledMidApply(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance tests run only with TF_ACC=1")
	}
	t.Parallel()
	f := fleet{hubs: 4, componentsPerHub: 5, members: 6, keysPerMember: 2}
	srv := startKillableServer(t, f.counts().total()/3)
	config := providerBlock(srv.url(), srv.ownerKey, `
  max_retries     = 100
  retry_wait_min  = "50ms"
  retry_wait_max  = "200ms"
  max_retry_time  = "1m"
`) + f.config()
	var secrets []string

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(time.Now),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: resource.ComposeTestCheckFunc(
					srv.checkRestarted,
					srv.checkFleet(f.counts()),
					captureSecrets(&secrets),
				),
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
	srv.sweep(t, secrets)
}

// killableServer runs `statushub-server serve` as a child process on a file
// store. Once the API has answered a number of creates, it kills the process
// with SIGKILL and starts it again on the same file and address.
type killableServer struct {
	bin       string
	dir       string // of the store
	addr      string // host:port, the same for every run
	ownerKey  string
	accountID string
	logs      logtest.Buffer // of every run

	killAfter int64
	creates   atomic.Int64
	killed    chan struct{} // closed when killAfter creates were answered
	once      sync.Once
	restarted chan error // gets the outcome of the kill and the restart

	mu      sync.Mutex
	current *serverRun
}

// serverRun is one run of the server process.
type serverRun struct {
	cmd    *exec.Cmd
	exited chan struct{} // closed once the process is gone
}

func startKillableServer(t *testing.T, killAfter int) *killableServer {
	t.Helper()
	s := &killableServer{
		bin: buildServer(t), dir: t.TempDir(),
		killAfter: int64(killAfter), killed: make(chan struct{}), restarted: make(chan error, 1),
	}
	keyFile := filepath.Join(s.dir, "owner.key")
	addr, err := s.start("127.0.0.1:0", "--bootstrap-key-file", keyFile)
	if err != nil {
		t.Fatal(err)
	}
	s.addr = addr
	done, crashed := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(crashed)
		select {
		case <-s.killed:
			s.restarted <- s.killAndRestart()
		case <-done:
		}
	}()
	t.Cleanup(func() {
		close(done)
		<-crashed // a restart under way must end before the stop
		s.stop()
	})

	key, err := os.ReadFile(keyFile)
	if err != nil {
		t.Fatalf("reading the owner key: %v", err)
	}
	s.ownerKey = string(key)
	c, err := client.New(client.Config{Endpoint: s.url(), APIKey: s.ownerKey})
	if err != nil {
		t.Fatal(err)
	}
	me, err := c.Me(context.Background())
	if err != nil {
		t.Fatalf("asking who the owner is: %v", err)
	}
	s.accountID = me.Account.ID
	return s
}

// buildServer builds statushub-server, the reference API's command.
func buildServer(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "statushub-server")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/statushub-server").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func (s *killableServer) url() string { return "http://" + s.addr }

func (s *killableServer) dbPath() string { return filepath.Join(s.dir, "statushub.db") }

// start runs the server on listen and returns the address it serves on,
// once it does.
func (s *killableServer) start(listen string, extraArgs ...string) (string, error) {
	serving := make(chan string, 1)
	cmd := exec.Command(s.bin, append([]string{
		"serve", "--listen", listen, "--db", s.dbPath(), "--rate-limit", "off", "--log-format", "json",
	}, extraArgs...)...)
	cmd.Stdout = &lineWriter{onLine: func(line string) {
		if addr, ok := strings.CutPrefix(line, "statushub: serving on http://"); ok {
			serving <- addr
		}
	}}
	cmd.Stderr = &lineWriter{onLine: s.logLine}
	if err := cmd.Start(); err != nil {
		return "", fmt.Errorf("starting the server: %w", err)
	}
	run := &serverRun{cmd: cmd, exited: make(chan struct{})}
	go func() {
		_ = cmd.Wait() // a killed or stopped server is what the test wants
		close(run.exited)
	}()
	s.mu.Lock()
	s.current = run
	s.mu.Unlock()
	select {
	case addr := <-serving:
		return addr, nil
	case <-run.exited:
		return "", fmt.Errorf("the server stopped before it served:\n%s", s.logs.Bytes())
	}
}

// logLine keeps a line of the server's log and counts the creates it answered.
func (s *killableServer) logLine(line string) {
	_, _ = s.logs.Write([]byte(line + "\n"))
	var entry struct {
		Msg    string `json:"msg"`
		Status int    `json:"status"`
	}
	if json.Unmarshal([]byte(line), &entry) != nil || entry.Msg != "request" || entry.Status != http.StatusCreated {
		return
	}
	if s.creates.Add(1) == s.killAfter {
		s.once.Do(func() { close(s.killed) })
	}
}

// killAndRestart kills the server with SIGKILL, as a crash or the OOM
// killer would, and starts it again on the same file and address.
func (s *killableServer) killAndRestart() error {
	if err := s.signal(syscall.SIGKILL); err != nil {
		return fmt.Errorf("killing the server: %w", err)
	}
	_, err := s.start(s.addr)
	return err
}

// stop ends the current run with SIGTERM, as an operator would.
func (s *killableServer) stop() {
	_ = s.signal(syscall.SIGTERM) // an error means it has ended already
}

// signal sends sig to the current run and waits until it has ended.
func (s *killableServer) signal(sig syscall.Signal) error {
	s.mu.Lock()
	run := s.current
	s.mu.Unlock()
	if err := run.cmd.Process.Signal(sig); err != nil {
		return err
	}
	<-run.exited
	return nil
}

// checkRestarted fails unless the server was killed and came back. The
// apply could not have ended without it, so the wait is a formality.
func (s *killableServer) checkRestarted(*terraform.State) error {
	select {
	case err := <-s.restarted:
		return err
	case <-time.After(time.Minute):
		return fmt.Errorf("the server was never killed and restarted: it answered %d creates, and was to be killed after %d",
			s.creates.Load(), s.killAfter)
	}
}

// checkFleet is checkFleet on the server's store, opened beside the server
// as SQLite allows.
func (s *killableServer) checkFleet(want objectCounts) resource.TestCheckFunc {
	return func(state *terraform.State) error {
		st, err := store.Open(context.Background(), s.dbPath())
		if err != nil {
			return fmt.Errorf("opening the server's store: %w", err)
		}
		defer st.Close()
		return checkFleet(st, s.accountID, want)(state)
	}
}

// sweep fails t when the server's log or files hold one of the secrets.
func (s *killableServer) sweep(t *testing.T, secrets []string) {
	t.Helper()
	set := newSecretSet()
	for _, secret := range secrets {
		set.add(secret, t.Name())
		issuedSecrets.add(secret, t.Name())
	}
	set.checkAbsent(t, "the server log", bytes.NewReader(s.logs.Bytes()))
	set.checkFilesAbsent(t, s.dir)
}

// lineWriter calls onLine with each whole line written to it: exec copies
// a child's output in chunks that need not end with a line.
type lineWriter struct {
	onLine  func(line string)
	partial []byte
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.partial = append(w.partial, p...)
	for {
		line, rest, ok := bytes.Cut(w.partial, []byte("\n"))
		if !ok {
			return len(p), nil
		}
		w.onLine(string(line))
		w.partial = rest
	}
}

// fleet is a configuration of many objects of every type: hubs and their
// components, members with a role on a hub, and the members' keys.
type fleet struct {
	hubs, componentsPerHub, members, keysPerMember int
}

func (f fleet) config() string {
	return fmt.Sprintf(`
resource "statushub_hub" "fleet" {
  count     = %[1]d
  name      = "Hub ${count.index}"
  subdomain = "fleet-${count.index}"
}

resource "statushub_component" "fleet" {
  count  = %[1]d * %[2]d
  hub_id = statushub_hub.fleet[count.index %% %[1]d].id
  name   = "Component ${count.index}"
}

resource "statushub_member" "fleet" {
  count     = %[3]d
  email     = "member-${count.index}@example.com"
  name      = "Member ${count.index}"
  hub_roles = { (statushub_hub.fleet[count.index %% %[1]d].id) = "editor" }
}

resource "statushub_api_key" "fleet" {
  count      = %[3]d * %[4]d
  member_id  = statushub_member.fleet[count.index %% %[3]d].id
  name       = "key-${count.index}"
  limit_role = "viewer"
}
`, f.hubs, f.componentsPerHub, f.members, f.keysPerMember)
}

func (f fleet) counts() objectCounts {
	return objectCounts{hubs: f.hubs, components: f.hubs * f.componentsPerHub, members: f.members, keys: f.members * f.keysPerMember}
}

// objectCounts counts the objects of an account, but for its owner and the
// owner's keys.
type objectCounts struct {
	hubs, components, members, keys int
}

func (c objectCounts) total() int { return c.hubs + c.components + c.members + c.keys }

// checkFleet checks that the store holds want objects, and every object of
// the state: together, that no object is lost or made twice.
func checkFleet(st *store.Store, accountID string, want objectCounts) resource.TestCheckFunc {
	return resource.ComposeTestCheckFunc(checkObjectCounts(st, accountID, want), func(state *terraform.State) error {
		return st.View(context.Background(), func(tx *store.Tx) error {
			for address, rs := range state.RootModule().Resources {
				if err := lookupObject(tx, accountID, rs); err != nil {
					return fmt.Errorf("%s (%s) is in the state but not in the store: %w", address, rs.Primary.ID, err)
				}
			}
			return nil
		})
	})
}

// checkObjectCounts checks that the store holds want objects.
func checkObjectCounts(st *store.Store, accountID string, want objectCounts) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var got objectCounts
		err := st.View(context.Background(), func(tx *store.Tx) (err error) {
			got, err = countObjects(tx, accountID)
			return err
		})
		if err != nil {
			return fmt.Errorf("counting the objects in the store: %w", err)
		}
		if got != want {
			return fmt.Errorf("the store holds %+v, want %+v", got, want)
		}
		return nil
	}
}

func countObjects(tx *store.Tx, accountID string) (objectCounts, error) {
	var c objectCounts
	hubs, err := tx.AllHubs(accountID)
	if err != nil {
		return c, err
	}
	c.hubs = len(hubs)
	for _, h := range hubs {
		components, err := allItems(func(p store.PageRequest) (api.Page[api.Component], error) { return tx.Components(accountID, h.ID, p) })
		if err != nil {
			return c, err
		}
		c.components += len(components)
	}
	members, err := allItems(func(p store.PageRequest) (api.Page[api.Member], error) {
		return tx.Members(accountID, store.MemberFilter{}, p)
	})
	if err != nil {
		return c, err
	}
	for _, m := range members {
		if m.Owner {
			continue
		}
		c.members++
		n, err := tx.CountKeys(accountID, m.ID)
		if err != nil {
			return c, err
		}
		c.keys += n
	}
	return c, nil
}

// allItems gathers every page of a list.
func allItems[T any](list func(store.PageRequest) (api.Page[T], error)) ([]T, error) {
	var items []T
	p := store.PageRequest{Size: api.MaxPageSize}
	for {
		page, err := list(p)
		if err != nil {
			return nil, err
		}
		items = append(items, page.Data...)
		if page.NextCursor == "" {
			return items, nil
		}
		p.Cursor = page.NextCursor
	}
}

// lookupObject finds the object of a resource of the state in the store.
func lookupObject(tx *store.Tx, accountID string, rs *terraform.ResourceState) error {
	var err error
	switch rs.Type {
	case "statushub_hub":
		_, err = tx.Hub(accountID, rs.Primary.ID)
	case "statushub_component":
		_, err = tx.Component(accountID, rs.Primary.Attributes["hub_id"], rs.Primary.ID)
	case "statushub_member":
		_, err = tx.Member(accountID, rs.Primary.ID)
	case "statushub_api_key":
		err = keyInStore(tx, accountID, rs)
	default:
		err = errors.New("unknown resource type " + rs.Type)
	}
	return err
}

// providerBlock configures the provider for endpoint and key, with more
// settings in HCL.
func providerBlock(endpoint, key, settings string) string {
	return fmt.Sprintf(`
provider "statushub" {
  endpoint = %q
  api_key  = %q
%s
}
`, endpoint, key, settings)
}
