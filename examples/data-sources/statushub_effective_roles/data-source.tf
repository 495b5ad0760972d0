resource "statushub_hub" "payments" {
  name      = "Payments"
  subdomain = "payments"
}

resource "statushub_hub" "tools" {
  name      = "Internal tools"
  subdomain = "tools"
}

# The member's roles and the key's limit, given to the resources and to the
# data source alike.
locals {
  alice_hub_roles = {
    (statushub_hub.payments.id) = "admin"
    (statushub_hub.tools.id)    = "editor"
  }
  dashboard_limit = "manager"
}

resource "statushub_member" "alice" {
  email     = "alice@example.com"
  name      = "Alice"
  hub_roles = local.alice_hub_roles
}

resource "statushub_api_key" "dashboard" {
  member_id  = statushub_member.alice.id
  name       = "dashboard"
  limit_role = local.dashboard_limit
}

# Computed from the configuration, without calling the API, and read while
# planning: a plan that changes alice's roles or the key's limit shows the
# roles that the change will give the key. (Given the resources' attributes
# instead of the locals, Terraform would wait for apply to read it whenever
# they change.)
data "statushub_effective_roles" "dashboard" {
  hub_roles  = local.alice_hub_roles
  limit_role = local.dashboard_limit
}

# { "Internal tools" = "editor", "Payments" = "manager" }
output "dashboard_roles" {
  value = {
    for hub in [statushub_hub.payments, statushub_hub.tools] :
    hub.name => data.statushub_effective_roles.dashboard.by_hub[hub.id]
  }
}
