package main

import (
	"fmt"
	"strings"
)

// workload is a generated configuration: per 100 objects, one hub with 80
// components, 4 members with a role on a hub, and 15 API keys of those
// members. Components reference their hub, members a hub (as a hub_roles
// key), keys their member: the reference shape users have.
type workload struct {
	Hubs, Components, Members, Keys int
}

// componentsPerHub is the workload's ratio of components to hubs.
const componentsPerHub = 80

// workloadOf returns the workload of n objects, n a multiple of 100.
func workloadOf(n int) workload {
	units := max(1, n/100)
	return workload{Hubs: units, Components: componentsPerHub * units, Members: 4 * units, Keys: 15 * units}
}

func (w workload) Objects() int { return w.Hubs + w.Components + w.Members + w.Keys }

// The goal of refreshing through list pages: per parent, one read per
// started page of its children and one more, and a handful for the whole
// refresh.
const (
	pageSize       = 100 // the API's largest page when the goal was set
	refreshHandful = 5
)

// refreshBudget is the most reads a refresh of every object may send: the
// goal above for each parent, that is the account (of its hubs, and of its
// members), each hub (of its components) and each member (of its keys).
func (w workload) refreshBudget() int {
	children := []int{w.Hubs, w.Members}
	children = append(children, spread(w.Components, w.Hubs)...)
	children = append(children, spread(w.Keys, w.Members)...)
	reads := refreshHandful
	for _, n := range children {
		if n > 0 {
			reads += (n+pageSize-1)/pageSize + 1
		}
	}
	return reads
}

// spread returns how many of n children each of parents has, when the
// children are dealt out in turn (for keys, count.index % members) or in
// blocks (for components, count.index / per hub): either way as evenly as
// possible.
func spread(n, parents int) []int {
	counts := make([]int, parents)
	for i := range n {
		counts[i%parents]++
	}
	return counts
}

// variant is what the workload is made of: StatusHub resources; the same
// resources served by the plugin floor (bench/floorprovider: the same
// schemas in a terraform-plugin-framework provider with no API), the floor
// of any framework plugin; or terraform_data resources with the same
// attributes and references, Terraform's own floor (built in: no plugin
// process, no API).
type variant string

const (
	statusHub     variant = "statushub"
	pluginFloor   variant = "plugin-floor"
	terraformData variant = "terraform_data"
)

// resourceBlock is one counted resource of the workload.
type resourceBlock struct {
	kind  string // hub, component, member or key
	count int
	attrs [][2]string // name, expression
}

// updateEvery is how often, among the objects of each kind, one carries
// var.generation: applying another generation updates those in place.
const updateEvery = 10

// Updated is how many objects a new generation updates.
func (w workload) Updated() int {
	n := 0
	for _, count := range []int{w.Hubs, w.Components, w.Members, w.Keys} {
		n += (count + updateEvery - 1) / updateEvery
	}
	return n
}

// config renders the workload as a root module.
func (w workload) config(v variant) string {
	ref := func(kind string) string {
		if v == terraformData {
			return "terraform_data." + kind
		}
		return resourceType(kind) + "." + kind
	}
	gen := fmt.Sprintf("generation ${count.index %% %d == 0 ? var.generation : 1}", updateEvery)
	blocks := []resourceBlock{
		{"hub", w.Hubs, [][2]string{
			{"name", `"Hub ${count.index}"`},
			{"subdomain", `"hub-${count.index}"`},
			{"description", `"` + gen + `"`},
		}},
		{"component", w.Components, [][2]string{
			{"hub_id", fmt.Sprintf("%s[floor(count.index / %d)].id", ref("hub"), w.Components/w.Hubs)},
			{"name", `"Component ${count.index}"`},
			{"description", `"` + gen + `"`},
		}},
		{"member", w.Members, [][2]string{
			{"email", `"member-${count.index}@example.com"`},
			{"name", `"Member ${count.index}, ` + gen + `"`},
			{"hub_roles", fmt.Sprintf(`{ (%s[count.index %% %d].id) = "editor" }`, ref("hub"), w.Hubs)},
		}},
		{"key", w.Keys, [][2]string{
			{"member_id", fmt.Sprintf("%s[count.index %% %d].id", ref("member"), w.Members)},
			{"name", `"key-${count.index}, ` + gen + `"`},
			{"limit_role", `"viewer"`},
		}},
	}

	var b strings.Builder
	b.WriteString("variable \"generation\" {\n  type    = string\n  default = \"1\"\n}\n")
	if v != terraformData {
		b.WriteString("\nterraform {\n  required_providers {\n    statushub = { source = \"statushub-community/statushub\" }\n  }\n}\n")
	}
	for _, r := range blocks {
		if r.count == 0 {
			continue // its references could not be evaluated
		}
		if v == terraformData {
			fmt.Fprintf(&b, "\nresource \"terraform_data\" %q {\n  count = %d\n  input = {\n", r.kind, r.count)
			for _, a := range r.attrs {
				fmt.Fprintf(&b, "    %s = %s\n", a[0], a[1])
			}
			b.WriteString("  }\n")
		} else {
			fmt.Fprintf(&b, "\nresource %q %q {\n  count = %d\n", resourceType(r.kind), r.kind, r.count)
			for _, a := range r.attrs {
				fmt.Fprintf(&b, "  %s = %s\n", a[0], a[1])
			}
		}
		b.WriteString("}\n")
	}
	return b.String()
}

// resourceType is the StatusHub resource type of a workload kind.
func resourceType(kind string) string {
	if kind == "key" {
		return "statushub_api_key"
	}
	return "statushub_" + kind
}
