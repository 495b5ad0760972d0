// Package panel is the Control Panel: the reference server's web pages for
// hubs, team roles, API keys, effective roles and the audit log, served
// beside the API (apiserver.Config.Pages). The pages sign in with an API
// key and act through apiserver.Service, so that the API's own code decides
// what they may do. README.md lists the pages, their forms and element ids.
package panel

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strconv"
	"strings"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver"
	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

var (
	//go:embed templates/*.html
	templateFiles embed.FS
	//go:embed static
	staticFiles embed.FS
)

const (
	sessionCookie = "statushub_session"
	// signInCookie carries the CSRF token of the sign-in form, which comes
	// before any session.
	signInCookie = "statushub_sign_in"
)

// panel holds what every page shares.
type panel struct {
	svc      *apiserver.Service
	sessions *sessions
	pages    map[string]*template.Template
	mux      *http.ServeMux // the routes of the pages
}

// New returns the Control Panel's pages over svc; it fits
// apiserver.Config.Pages.
func New(svc *apiserver.Service) http.Handler {
	p := &panel{svc: svc, sessions: newSessions(svc.Now), pages: parsePages()}
	p.mux = http.NewServeMux()
	p.addRoutes(p.mux)
	return secureHeaders(p.mux)
}

func (p *panel) addRoutes(mux *http.ServeMux) {
	static, _ := fs.Sub(staticFiles, "static") // "static" is embedded above
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))

	mux.HandleFunc("GET /{$}", p.handleHome)
	mux.HandleFunc("GET /sign-in", p.handleSignInPage)
	mux.HandleFunc("POST /sign-in", p.handleSignIn)
	mux.Handle("POST /sign-out", p.signedIn(p.handleSignOut))

	mux.Handle("GET /hubs", p.signedIn(p.handleHubs))
	mux.Handle("POST /hubs", p.signedIn(p.handleCreateHub))
	mux.Handle("POST /hubs/{hub_id}/components", p.signedIn(p.handleCreateComponent))
	mux.Handle("POST /hubs/{hub_id}/components/{component_id}/status", p.signedIn(p.handleComponentStatus))
	mux.Handle("POST /hubs/{hub_id}/components/{component_id}/rename", p.signedIn(p.handleRenameComponent))
	mux.Handle("GET /hubs/{hub_id}/components/{component_id}/delete", p.signedIn(p.handleConfirmDeleteComponent))
	mux.Handle("POST /hubs/{hub_id}/components/{component_id}/delete", p.signedIn(p.handleDeleteComponent))

	mux.Handle("GET /team", p.signedIn(p.handleTeam))
	mux.Handle("POST /team/members", p.signedIn(p.handleCreateMember))
	mux.Handle("POST /team/members/{member_id}/hub-roles/{hub_id}", p.signedIn(p.handleSetHubRole))

	mux.Handle("GET /api-keys", p.signedIn(p.handleKeys))
	mux.Handle("POST /api-keys", p.signedIn(p.handleCreateKey))
	mux.Handle("POST /api-keys/delete-unused", p.signedIn(p.handleDeleteUnused))
	mux.Handle("GET /api-keys/{member_id}/{key_id}", p.signedIn(p.handleKey))
	mux.Handle("POST /api-keys/{member_id}/{key_id}", p.signedIn(p.handleUpdateKey))
	mux.Handle("GET /api-keys/{member_id}/{key_id}/reset", p.signedIn(p.handleConfirmResetKey))
	mux.Handle("POST /api-keys/{member_id}/{key_id}/reset", p.signedIn(p.handleResetKey))
	mux.Handle("GET /api-keys/{member_id}/{key_id}/delete", p.signedIn(p.handleConfirmDeleteKey))
	mux.Handle("POST /api-keys/{member_id}/{key_id}/delete", p.signedIn(p.handleDeleteKey))

	mux.Handle("GET /audit", p.signedIn(p.handleAudit))
	mux.HandleFunc(notFoundPattern, p.handleNotFound)
}

// secureHeaders: no inline script or style, no framing, no sniffing, no
// referrer, and nothing kept by caches (a page may show a new secret).
func secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "+
			"form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

// visit is a request of a signed-in browser: its session and the key as
// the API authenticated it for this request.
type visit struct {
	sessionID string
	session   *session
	caller    store.Caller
}

func (v *visit) cred() apiserver.Credential { return v.session.cred }

type pageHandler func(w http.ResponseWriter, r *http.Request, v *visit)

// signedIn finds the session, authenticates its key as the API would
// (gone, reset, expired or rate-limited keys are refused) and, for a POST,
// checks the form's CSRF token.
func (p *panel) signedIn(h pageHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cookie, err := r.Cookie(sessionCookie)
		if err != nil {
			http.Redirect(w, r, "/sign-in", http.StatusSeeOther)
			return
		}
		s, ok := p.sessions.find(cookie.Value)
		if !ok {
			p.signInAgain(w, r, "Your session ended. Sign in again with an API key.")
			return
		}
		c, err := p.svc.Authenticate(r.Context(), s.cred, r.Method == http.MethodPost)
		if err != nil {
			prob := p.svc.Explain(r.Context(), err)
			if prob.Status == http.StatusUnauthorized {
				p.sessions.end(cookie.Value)
				p.signInAgain(w, r, "Your session ended: "+prob.Message+".")
				return
			}
			p.renderProblem(w, r, nil, prob)
			return
		}
		v := &visit{sessionID: cookie.Value, session: s, caller: c}
		if r.Method == http.MethodPost && !s.validCSRF(r.PostFormValue("csrf_token")) {
			p.renderError(w, r, v, http.StatusForbidden, errForgedForm)
			return
		}
		h(w, r, v)
	})
}

const errForgedForm = "This form was refused: its CSRF token is missing or not this session's. Reload the page and send the form again."

func (p *panel) handleHome(w http.ResponseWriter, r *http.Request) {
	if _, err := r.Cookie(sessionCookie); err == nil {
		http.Redirect(w, r, "/hubs", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/sign-in", http.StatusSeeOther)
}

// handleNotFound answers what no page's route takes: a path that is no
// page, or a page's path with a method it does not answer, such as a link
// to the sign-out button's address.
func (p *panel) handleNotFound(w http.ResponseWriter, r *http.Request) {
	allowed := p.methodsOf(r)
	if len(allowed) == 0 {
		p.renderError(w, r, nil, http.StatusNotFound, "There is no page "+r.URL.Path+".")
		return
	}
	w.Header().Set("Allow", strings.Join(allowed, ", "))
	p.renderError(w, r, nil, http.StatusMethodNotAllowed,
		"The page "+r.URL.Path+" does not answer "+r.Method+" requests. Use the links and buttons of the Control Panel's pages.")
}

// notFoundPattern is the route of every request that no page takes.
const notFoundPattern = "/"

// pageMethods are the methods the pages answer.
var pageMethods = []string{http.MethodGet, http.MethodPost}

// methodsOf returns the methods that a route of the pages, other than this
// catch-all, takes for the path of r.
func (p *panel) methodsOf(r *http.Request) []string {
	var allowed []string
	for _, method := range pageMethods {
		probe := r.Clone(r.Context())
		probe.Method = method
		if _, pattern := p.mux.Handler(probe); pattern != notFoundPattern {
			allowed = append(allowed, method)
		}
	}
	return allowed
}

// page is what the layout shows around every page's content.
type page struct {
	Title  string
	Nav    *nav // nil: signed out
	CSRF   string
	Error  string
	Notice string
	Form   form // what a refused form held
	Body   any
}

// nav names who is signed in, and with which key.
type nav struct {
	Account   string
	Member    string
	KeyName   string
	KeyPrefix string
	Owner     bool
	Path      string
}

func (p *panel) newPage(r *http.Request, v *visit, title string) page {
	pg := page{Title: title}
	if v != nil {
		pg.CSRF = v.session.csrf
		pg.Nav = &nav{
			Account:   v.caller.AccountName,
			Member:    v.caller.Member.Email,
			KeyName:   v.caller.Key.Name,
			KeyPrefix: v.caller.Key.Prefix,
			Owner:     apiserver.ActsAsOwner(v.caller),
			Path:      r.URL.Path,
		}
	}
	return pg
}

func (p *panel) render(w http.ResponseWriter, r *http.Request, status int, name string, pg page) {
	var buf bytes.Buffer
	if err := p.pages[name].ExecuteTemplate(&buf, "layout", pg); err != nil {
		prob := p.svc.Explain(r.Context(), fmt.Errorf("rendering the page %s: %w", name, err))
		http.Error(w, prob.Message, prob.Status)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

func (p *panel) renderError(w http.ResponseWriter, r *http.Request, v *visit, status int, message string) {
	pg := p.newPage(r, v, http.StatusText(status))
	pg.Error = message
	p.render(w, r, status, "error", pg)
}

// fail shows an operation's refusal as the API words it.
func (p *panel) fail(w http.ResponseWriter, r *http.Request, v *visit, err error) {
	p.renderProblem(w, r, v, p.svc.Explain(r.Context(), err))
}

// renderProblem shows a refusal as the API answers it, Retry-After
// included: a rate-limited browser, or a script behind it, knows when to
// come back.
func (p *panel) renderProblem(w http.ResponseWriter, r *http.Request, v *visit, prob apiserver.Problem) {
	if prob.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(prob.RetryAfter))
	}
	p.renderError(w, r, v, prob.Status, prob.Message)
}

// refused re-renders a page after a refused form, with the API's message
// and what the user typed; false when err is nil.
func (p *panel) refused(r *http.Request, pg *page, formID string, err error) (int, bool) {
	if err == nil {
		return 0, false
	}
	prob := p.svc.Explain(r.Context(), err)
	pg.Error = prob.Message
	pg.Form = form{ID: formID, Values: r.PostForm}
	return prob.Status, true
}

// showPage renders a page, with what pg already holds (a refusal, what a
// refused form held), answering status.
type showPage func(w http.ResponseWriter, r *http.Request, v *visit, status int, pg page)

// afterForm answers a form that changed something on the page at path: that
// page again with the API's refusal and what was typed when err refused it,
// else a redirect to the page, so that reloading it sends nothing again.
func (p *panel) afterForm(w http.ResponseWriter, r *http.Request, v *visit, formID string, err error, title, path string, show showPage) {
	pg := p.newPage(r, v, title)
	if status, ok := p.refused(r, &pg, formID, err); ok {
		show(w, r, v, status, pg)
		return
	}
	http.Redirect(w, r, path, http.StatusSeeOther)
}

// firstPage is as much of a list as a page shows: lists longer than that
// (more hubs, members or keys) continue on the next page, by ?cursor.
var firstPage = store.PageRequest{Size: api.MaxPageSize}

// pageOf reads the ?cursor of a list page.
func pageOf(r *http.Request) store.PageRequest {
	return store.PageRequest{Size: api.MaxPageSize, Cursor: r.URL.Query().Get("cursor")}
}

// nextPage is the address of the page of path after this one, with the
// same filters; "" when the list ends here.
func nextPage(path string, r *http.Request, cursor string) string {
	if cursor == "" {
		return ""
	}
	q := r.URL.Query()
	q.Set("cursor", cursor)
	return path + "?" + q.Encode()
}
