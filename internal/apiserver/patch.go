package apiserver

import (
	"maps"
	"slices"
)

// A PATCH that changes nothing writes nothing, not even an audit event, and
// the role a component PATCH needs depends on what it changes: these
// helpers tell what a PATCH changes.

// differs reports whether a PATCH field is sent with a new value.
func differs[T comparable](sent *T, current T) bool {
	return sent != nil && *sent != current
}

// changedFields returns, sorted, the fields whose entry is true.
func changedFields(differ map[string]bool) []string {
	var changed []string
	for _, field := range slices.Sorted(maps.Keys(differ)) {
		if differ[field] {
			changed = append(changed, field)
		}
	}
	return changed
}
