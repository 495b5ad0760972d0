resource "statushub_hub" "payments" {
  name      = "Payments"
  subdomain = "payments"
}

resource "statushub_hub" "storefront" {
  name      = "Storefront"
  subdomain = "storefront"
}

# alice may change anything on the payments page, including who else may,
# and may change the status of the storefront's components. Hubs the map
# leaves out are no_access.
resource "statushub_member" "example" {
  email = "alice@example.com"
  name  = "Alice"
  hub_roles = {
    (statushub_hub.payments.id)   = "admin"
    (statushub_hub.storefront.id) = "editor"
  }
}
