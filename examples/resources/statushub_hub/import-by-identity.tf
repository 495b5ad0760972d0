# Terraform 1.12 and later. OpenTofu, and Terraform before 1.12, import by
# the id string instead.
import {
  to = statushub_hub.example
  identity = {
    id = "hub_5f0c2d9e8b7a6f1e4d3c"
  }
}
