# A hub managed elsewhere, looked up by its subdomain.
data "statushub_hub" "storefront" {
  subdomain = "storefront"
}

resource "statushub_component" "search" {
  hub_id = data.statushub_hub.storefront.id
  name   = "Search"
}
