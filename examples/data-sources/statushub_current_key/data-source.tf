# The key the provider runs with, and what it may do.
data "statushub_current_key" "this" {}

output "provider_key" {
  value = {
    name       = data.statushub_current_key.this.name
    limit_role = data.statushub_current_key.this.limit_role
    hubs = {
      for role in data.statushub_current_key.this.roles : role.hub_name => role.effective_role
    }
  }
}
