# Terraform 1.12 and later. OpenTofu, and Terraform before 1.12, import by
# the id string instead.
import {
  to = statushub_component.example
  identity = {
    hub_id = "hub_5f0c2d9e8b7a6f1e4d3c"
    id     = "cmp_a1b2c3d4e5f60718293a"
  }
}
