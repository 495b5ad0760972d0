resource "statushub_hub" "example" {
  name        = "Payments"
  subdomain   = "payments"
  description = "Card payments and payouts."
  timezone    = "Europe/Berlin"
}

# A status page that only signed-in members can see.
resource "statushub_hub" "internal" {
  name      = "Internal tools"
  subdomain = "internal-tools"
  private   = true
}
