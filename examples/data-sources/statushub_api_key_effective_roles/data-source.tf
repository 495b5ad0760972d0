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

# What the API says the key may do on every hub of the account, no_access
# included. depends_on makes Terraform read it after a change of alice's roles
# is applied, not before.
data "statushub_api_key_effective_roles" "dashboard" {
  member_id  = statushub_member.alice.id
  api_key_id = statushub_api_key.dashboard.id

  depends_on = [statushub_member.alice]
}

# "manager": alice is admin on payments, and the key is limited to manager.
output "dashboard_role_on_payments" {
  value = data.statushub_api_key_effective_roles.dashboard.by_hub[statushub_hub.payments.id]
}
