package apiserver

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

// answer is a response ready to be written: what a handler computed, or what
// an idempotency record replays.
type answer struct {
	status int
	body   []byte // nil for no body
}

// newAnswer encodes v; a nil v gives an answer without a body.
func newAnswer(status int, v any) (answer, error) {
	if v == nil {
		return answer{status: status}, nil
	}
	body, err := json.Marshal(v)
	if err != nil {
		return answer{}, fmt.Errorf("encoding the answer: %w", err)
	}
	return answer{status: status, body: body}, nil
}

func (a answer) writeTo(w http.ResponseWriter) {
	if a.body == nil {
		w.WriteHeader(a.status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(a.status)
	_, _ = w.Write(a.body) // the client has gone; nothing left to tell it
}

// encode writes v as a JSON answer.
func encode(w http.ResponseWriter, status int, v any) error {
	a, err := newAnswer(status, v)
	if err != nil {
		return err
	}
	a.writeTo(w)
	return nil
}

// readOnlyFields are the fields the server sets. Sending one is an error
// rather than silently ignored, so that a client learns it cannot set it.
var readOnlyFields = map[string]bool{
	"id": true, "created_at": true, "updated_at": true, "hub_id": true, "owner": true,
	"member_id": true, "prefix": true, "reset_at": true, "last_used_at": true, "secret": true,
	"expired": true,
}

// decode reads a JSON object into a T strictly: every error names the field
// at fault, and a field that T does not have is an error, not ignored.
func decode[T any](r *http.Request) (T, error) {
	var v T
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return v, bodyError(err)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil || fields == nil {
		return v, newError(http.StatusBadRequest, api.CodeMalformedJSON, "", "the body must be a JSON object: %s", jsonProblem(err))
	}
	target := reflect.ValueOf(&v).Elem()
	known := jsonFields(target.Type())
	for _, name := range slices.Sorted(maps.Keys(fields)) {
		f, err := fieldNamed(known, name)
		if err != nil {
			return v, err
		}
		if err := decodeField(target.FieldByIndex(f.Index), name, fields[name]); err != nil {
			return v, err
		}
	}
	return v, nil
}

// fieldNamed finds the struct field that a JSON name may set.
func fieldNamed(known map[string]reflect.StructField, name string) (reflect.StructField, error) {
	if readOnlyFields[name] {
		return reflect.StructField{}, newError(http.StatusBadRequest, api.CodeReadOnlyField, name, "%s is read-only: the server sets it", name)
	}
	f, ok := known[name]
	if !ok {
		return reflect.StructField{}, newError(http.StatusBadRequest, api.CodeUnknownField, name, "unknown field %s: expected one of %s",
			name, strings.Join(slices.Sorted(maps.Keys(known)), ", "))
	}
	return f, nil
}

// decodeField decodes one field by itself, so that a type error always
// knows its field (the errors of api.Nullable do not carry one).
func decodeField(field reflect.Value, name string, raw json.RawMessage) error {
	// encoding/json quietly skips a null for a non-pointer field; here it
	// would read as "leave as is" when the client surely meant something else.
	if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) && !acceptsNull(field.Type()) {
		return badField(name, "%s must not be null", name)
	}
	if err := json.Unmarshal(raw, field.Addr().Interface()); err != nil {
		return badField(name, "%s must be %s", name, wireType(field.Type()))
	}
	return nil
}

func bodyError(err error) *apiError {
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return newError(http.StatusRequestEntityTooLarge, api.CodeBodyTooLarge, "", "the body is over the limit of %d bytes", maxBodyBytes)
	}
	return newError(http.StatusBadRequest, api.CodeMalformedJSON, "", "the body could not be read")
}

// jsonProblem says what is wrong with a body that is not a JSON object.
func jsonProblem(err error) string {
	if typeErr, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
		return "got " + typeErr.Value
	}
	if err == nil {
		return "got null"
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

// jsonFields maps the JSON names of a struct's fields to the fields.
func jsonFields(t reflect.Type) map[string]reflect.StructField {
	out := map[string]reflect.StructField{}
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out[name] = f
		}
	}
	return out
}

// nullableValue returns the value type of an api.Nullable, which is the one
// struct type among the request fields.
func nullableValue(t reflect.Type) (reflect.Type, bool) {
	if t.Kind() != reflect.Struct {
		return nil, false
	}
	f, ok := t.FieldByName("Value")
	return f.Type, ok
}

// acceptsNull: a null means "absent" for a pointer and "clear" for an
// api.Nullable.
func acceptsNull(t reflect.Type) bool {
	_, nullable := nullableValue(t)
	return t.Kind() == reflect.Pointer || nullable
}

// wireType says what JSON a field takes, for error messages.
func wireType(t reflect.Type) string {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if v, ok := nullableValue(t); ok {
		t = v
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int32, reflect.Int64:
		return "a whole number"
	case reflect.Map:
		return "an object of strings"
	default:
		return "a " + t.Kind().String()
	}
}

// listQuery reads a list's ?page_size and ?cursor, and refuses parameters
// other than those and the list's filters, which a typo would otherwise
// turn into a silently unfiltered answer. An empty value is no value.
func listQuery(r *http.Request, filters ...string) (store.PageRequest, error) {
	q := r.URL.Query()
	for _, name := range slices.Sorted(maps.Keys(q)) {
		if name != "page_size" && name != "cursor" && !slices.Contains(filters, name) {
			return store.PageRequest{}, badQuery(name, "unknown query parameter %s: expected %s",
				name, strings.Join(append([]string{"page_size", "cursor"}, filters...), ", "))
		}
		if len(q[name]) > 1 {
			return store.PageRequest{}, badQuery(name, "query parameter %s is given more than once", name)
		}
	}
	p := store.PageRequest{Size: api.DefaultPageSize, Cursor: q.Get("cursor")}
	if v := q.Get("page_size"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > api.MaxPageSize {
			return store.PageRequest{}, badQuery("page_size", "page_size must be a whole number from 1 to %d", api.MaxPageSize)
		}
		p.Size = n
	}
	return p, nil
}
