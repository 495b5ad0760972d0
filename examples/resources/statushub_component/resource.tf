resource "statushub_hub" "example" {
  name      = "Payments"
  subdomain = "payments"
}

# The status is left unset: it belongs to whoever changes it while an
# incident runs, and Terraform never shows it as drift.
resource "statushub_component" "example" {
  hub_id      = statushub_hub.example.id
  name        = "Card API"
  description = "Authorisations and captures."
  group       = "APIs"
  position    = 0
}

# A component whose status Terraform manages, such as a planned maintenance.
resource "statushub_component" "payouts" {
  hub_id   = statushub_hub.example.id
  name     = "Payouts"
  group    = "APIs"
  position = 1
  status   = "under_maintenance"
}
