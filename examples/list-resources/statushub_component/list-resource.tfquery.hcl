# The components of one hub.
list "statushub_component" "payments" {
  provider         = statushub
  include_resource = true

  config {
    hub_id = "hub_5f0c2d9e8b7a6f1e4d3c"
  }
}
