# Terraform 1.8 or later; on earlier versions, use the statushub_effective_roles
# data source, which gives the same result.

resource "statushub_hub" "payments" {
  name      = "Payments"
  subdomain = "payments"
}

resource "statushub_member" "alice" {
  email = "alice@example.com"
  name  = "Alice"
  hub_roles = {
    (statushub_hub.payments.id) = "admin"
  }
}

resource "statushub_api_key" "dashboard" {
  member_id  = statushub_member.alice.id
  name       = "dashboard"
  limit_role = "manager"
}

# The key's role by hub id, known in the plan: { "hub_..." = "manager" }.
output "dashboard_roles" {
  value = provider::statushub::effective_roles({
    hub_roles  = statushub_member.alice.hub_roles
    limit_role = statushub_api_key.dashboard.limit_role
  })
}

# With literal values: { "hub_a" = "no_access", "hub_b" = "editor" }. Every
# hub that hub_roles names is in the result.
output "literal_roles" {
  value = provider::statushub::effective_roles({
    hub_roles  = { hub_a = "no_access", hub_b = "admin" }
    limit_role = "editor"
  })
}
