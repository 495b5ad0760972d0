package panel

import (
	"net/http"
	"net/url"
)

func (p *panel) handleSignInPage(w http.ResponseWriter, r *http.Request) {
	p.showSignIn(w, r, http.StatusOK, "")
}

// showSignIn gives the form a fresh CSRF token, in a cookie and in the
// form (a double submit: there is no session yet to tie it to). The key
// typed is never sent back: a refused sign-in shows an empty field.
func (p *panel) showSignIn(w http.ResponseWriter, r *http.Request, status int, message string) {
	token := randomToken()
	http.SetCookie(w, p.cookie(r, signInCookie, token, "/sign-in"))
	pg := p.newPage(r, nil, "Sign in")
	pg.CSRF = token
	pg.Error = message
	if r.URL.Query().Has("signed_out") {
		pg.Notice = "You signed out."
	}
	p.render(w, r, status, "sign-in", pg)
}

// signInAgain sends a browser whose session ended back to the sign-in form.
func (p *panel) signInAgain(w http.ResponseWriter, r *http.Request, message string) {
	http.SetCookie(w, p.expired(r, sessionCookie, "/"))
	p.showSignIn(w, r, http.StatusUnauthorized, message)
}

func (p *panel) handleSignIn(w http.ResponseWriter, r *http.Request) {
	cookie, err := r.Cookie(signInCookie)
	if err != nil || cookie.Value == "" || cookie.Value != r.PostFormValue("csrf_token") {
		p.showSignIn(w, r, http.StatusForbidden, errForgedForm)
		return
	}
	cred, err := p.svc.SignIn(r.Context(), r.PostFormValue("api_key"))
	if err != nil {
		prob := p.svc.Explain(r.Context(), err)
		p.showSignIn(w, r, prob.Status, "Signing in failed: "+prob.Message+".")
		return
	}
	// A new session id at each sign-in: a cookie planted before cannot
	// become a signed-in session.
	if old, err := r.Cookie(sessionCookie); err == nil {
		p.sessions.end(old.Value)
	}
	http.SetCookie(w, p.expired(r, signInCookie, "/sign-in"))
	http.SetCookie(w, p.cookie(r, sessionCookie, p.sessions.start(cred), "/"))
	http.Redirect(w, r, "/hubs", http.StatusSeeOther)
}

func (p *panel) handleSignOut(w http.ResponseWriter, r *http.Request, v *visit) {
	p.endSession(w, r, v)
	http.Redirect(w, r, "/sign-in?"+url.Values{"signed_out": {"1"}}.Encode(), http.StatusSeeOther)
}

func (p *panel) endSession(w http.ResponseWriter, r *http.Request, v *visit) {
	p.sessions.end(v.sessionID)
	http.SetCookie(w, p.expired(r, sessionCookie, "/"))
}

// cookie is HttpOnly and SameSite=Strict, and Secure over TLS.
func (p *panel) cookie(r *http.Request, name, value, path string) *http.Cookie {
	return &http.Cookie{
		Name:     name,
		Value:    value,
		Path:     path,
		HttpOnly: true,
		SameSite: http.SameSiteStrictMode,
		Secure:   r.TLS != nil,
	}
}

func (p *panel) expired(r *http.Request, name, path string) *http.Cookie {
	c := p.cookie(r, name, "", path)
	c.MaxAge = -1
	return c
}
