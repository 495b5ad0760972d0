package panel

import (
	"crypto/rand"
	"crypto/subtle"
	"sync"
	"time"

	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver"
)

const (
	// sessionIdle ends a session nobody used for this long.
	sessionIdle = time.Hour
	// sessionMax ends a session this long after sign-in, used or not.
	sessionMax = 12 * time.Hour
)

// session is a signed-in browser. It keeps the key's credential (the hash
// of its secret, never the secret), so that every request checks the key
// again: a key reset, deleted or expired ends its sessions at once.
type session struct {
	cred     apiserver.Credential
	csrf     string // the token every form of this session carries
	signedIn time.Time
	lastSeen time.Time
}

// validCSRF compares in constant time: the token is a secret of the session.
func (s *session) validCSRF(token string) bool {
	return token != "" && subtle.ConstantTimeCompare([]byte(token), []byte(s.csrf)) == 1
}

// sessions live in memory: a restart signs everyone out, which costs a
// reference server nothing, and the store never holds them. Each is found
// by its cookie's random value.
type sessions struct {
	mu   sync.Mutex
	byID map[string]*session
	now  func() time.Time
}

func newSessions(now func() time.Time) *sessions {
	return &sessions{byID: map[string]*session{}, now: now}
}

// start makes a session for cred and returns its cookie value.
func (ss *sessions) start(cred apiserver.Credential) string {
	id, csrf := randomToken(), randomToken()
	now := ss.now()
	ss.mu.Lock()
	defer ss.mu.Unlock()
	ss.sweep(now)
	ss.byID[id] = &session{cred: cred, csrf: csrf, signedIn: now, lastSeen: now}
	return id
}

// find returns the live session of a cookie value and marks it used.
func (ss *sessions) find(id string) (*session, bool) {
	now := ss.now()
	ss.mu.Lock()
	defer ss.mu.Unlock()
	s, ok := ss.byID[id]
	if !ok {
		return nil, false
	}
	if ended(s, now) {
		delete(ss.byID, id)
		return nil, false
	}
	s.lastSeen = now
	return s, true
}

func (ss *sessions) end(id string) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	delete(ss.byID, id)
}

// sweep drops the sessions that ended; the caller holds mu.
func (ss *sessions) sweep(now time.Time) {
	for id, s := range ss.byID {
		if ended(s, now) {
			delete(ss.byID, id)
		}
	}
}

func ended(s *session, now time.Time) bool {
	return now.Sub(s.lastSeen) >= sessionIdle || now.Sub(s.signedIn) >= sessionMax
}

// randomToken is 256 random bits, for cookie values and CSRF tokens.
func randomToken() string { return rand.Text() + rand.Text() }
