package panel

import (
	"html/template"
	"net/url"
	"strings"
	"time"
)

// pageNames are the templates in templates/, each drawn inside layout.html,
// with the pieces of partials.html.
var pageNames = []string{"sign-in", "error", "confirm", "hubs", "team", "keys", "key", "audit"}

var funcs = template.FuncMap{
	"hasPrefix": strings.HasPrefix,
	"when":      when,
	"deref":     func(s *string) string { return valueOr(s, "") },
	"limit":     func(s *string) string { return valueOr(s, "none") },
}

// parsePages parses every page with the layout; the templates are
// embedded, so a failure is a bug of the build.
func parsePages() map[string]*template.Template {
	pages := map[string]*template.Template{}
	for _, name := range pageNames {
		pages[name] = template.Must(template.New(name).Funcs(funcs).ParseFS(templateFiles, "templates/layout.html", "templates/partials.html", "templates/"+name+".html"))
	}
	return pages
}

// when shows a time (or a *time.Time, nil as never) in UTC to the second.
func when(v any) string {
	switch t := v.(type) {
	case time.Time:
		return t.UTC().Format("2006-01-02 15:04:05 UTC")
	case *time.Time:
		if t != nil {
			return when(*t)
		}
	}
	return "never"
}

func valueOr(s *string, none string) string {
	if s == nil {
		return none
	}
	return *s
}

// form is what a refused form held, to show it again.
type form struct {
	ID     string
	Values url.Values
}

// Value is what a field of the form id shows: what the user typed if that
// form was refused, current otherwise.
func (f form) Value(id, field, current string) string {
	if f.ID == id {
		return f.Values.Get(field)
	}
	return current
}
