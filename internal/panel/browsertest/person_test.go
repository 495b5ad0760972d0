package browsertest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// titleSuffix ends the title of every page of the Control Panel.
const titleSuffix = " · StatusHub Control Panel"

// stepTimeout bounds each step in the browser, so that a missing element
// fails the test at once, saying which.
const stepTimeout = 15 * time.Second

// person is someone at the browser: a tab with cookies of their own.
type person struct {
	e    *env
	name string // in the names of the screenshots
	ctx  context.Context
}

func (e *env) person(name string) *person {
	e.t.Helper()
	return &person{e: e, name: name, ctx: newTab(e.t)}
}

// run runs one step in the tab and returns its value.
func run[T any](p *person, what string, step chromedp.Action[T]) T {
	p.e.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, step)
	if err != nil {
		p.e.t.Fatalf("%s: %s: %v", p.name, what, err)
	}
	return v
}

// load runs steps that load a page, waits for it, takes its screenshot,
// checks that each of its controls has a label, and returns its HTTP
// status.
func (p *person) load(what string, steps ...chromedp.Action[chromedp.Void]) int {
	p.e.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, steps...)
	if err != nil {
		p.e.t.Fatalf("%s: %s: %v", p.name, what, err)
	}
	title := strings.TrimSuffix(run(p, "reading the title", chromedp.Title()), titleSuffix)
	p.screenshot(title)
	if unlabelled := p.unlabelledControls(); len(unlabelled) > 0 {
		p.e.t.Errorf("%s: the page %q has controls without a label: %s", p.name, title, strings.Join(unlabelled, ", "))
	}
	return int(resp.Status)
}

// unlabelledControls are the page's fields without a label, and its
// buttons without a text, by their HTML.
func (p *person) unlabelledControls() []string {
	p.e.t.Helper()
	return run(p, "looking for controls without a label", chromedp.Evaluate[[]string](`Array.from(
		document.querySelectorAll('input:not([type="hidden"]), select, textarea, button'),
		control => control.labels?.length || control.getAttribute("aria-label") ||
			(control.tagName === "BUTTON" && control.textContent.trim()) ? "" : control.outerHTML,
	).filter(Boolean)`))
}

// open loads the page at path.
func (p *person) open(path string) int {
	p.e.t.Helper()
	return p.load("opening "+path, chromedp.Navigate(p.e.url+path))
}

// submit fills in the fields of the form that the CSS selector form finds,
// by their names, and submits it with its button.
func (p *person) submit(form string, fields map[string]string) int {
	p.e.t.Helper()
	steps := make([]chromedp.Action[chromedp.Void], 0, len(fields)+1)
	for name, value := range fields {
		steps = append(steps, chromedp.SetValue(chromedp.CSS(form+` [name="`+name+`"]`), value))
	}
	steps = append(steps, chromedp.Click(chromedp.CSS(form+` :is(button:not([type]), button[type="submit"], input[type="submit"])`)))
	return p.load("submitting "+form, steps...)
}

// click clicks a link or a button that loads a page.
func (p *person) click(selector string) int {
	p.e.t.Helper()
	return p.load("clicking "+selector, chromedp.Click(chromedp.CSS(selector)))
}

// text is the text of the first element that the CSS selector finds, its
// spaces collapsed.
func (p *person) text(selector string) string {
	p.e.t.Helper()
	return strings.Join(strings.Fields(run(p, "reading "+selector, chromedp.TextContent(chromedp.CSS(selector)))), " ")
}

// value is the value of the first form field that the CSS selector finds.
func (p *person) value(selector string) string {
	p.e.t.Helper()
	return run(p, "reading "+selector, chromedp.Value(chromedp.CSS(selector)))
}

// count is how many elements the CSS selector finds on the page.
func (p *person) count(selector string) int {
	p.e.t.Helper()
	js, err := json.Marshal(selector)
	if err != nil {
		p.e.t.Fatal(err)
	}
	return run(p, "counting "+selector, chromedp.Evaluate[int](`document.querySelectorAll(`+string(js)+`).length`))
}

// table reads the rows of the table that the CSS selector finds, the
// header row first, each cell's text with its spaces collapsed.
func (p *person) table(selector string) [][]string {
	p.e.t.Helper()
	js, err := json.Marshal(selector)
	if err != nil {
		p.e.t.Fatal(err)
	}
	return run(p, "reading the table "+selector, chromedp.Evaluate[[][]string](`Array.from(
		document.querySelector(`+string(js)+`).rows,
		row => Array.from(row.cells, cell => cell.textContent.trim().replace(/\s+/g, " ")))`))
}

// screenshot writes a PNG of the whole page into the test's artifacts.
func (p *person) screenshot(name string) {
	p.e.t.Helper()
	png := run(p, "taking a screenshot", chromedp.FullScreenshot(100))
	if err := os.WriteFile(p.e.nextShot(p.name+" "+name), png, 0o644); err != nil {
		p.e.t.Fatal(err)
	}
}

// cookies are the cookies that the tab sends with a request for path.
func (p *person) cookies(path string) []*network.Cookie {
	p.e.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	res, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{p.e.url + path}})
	if err != nil {
		p.e.t.Fatalf("%s: reading the cookies: %v", p.name, err)
	}
	return res.Cookies
}

// forge sends a form that no page offered, with the tab's cookies (as a
// script of the person's own could), and returns the status and the text
// of the answer, which it does not follow.
func (p *person) forge(path string, form url.Values) (int, string) {
	p.e.t.Helper()
	req, err := http.NewRequestWithContext(p.e.t.Context(), http.MethodPost, p.e.url+path, strings.NewReader(form.Encode()))
	if err != nil {
		p.e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, c := range p.cookies(path) {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		p.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		p.e.t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}
