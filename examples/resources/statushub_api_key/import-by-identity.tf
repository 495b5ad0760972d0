# Terraform 1.12 and later. OpenTofu, and Terraform before 1.12, import by
# the id string instead. The secret is not imported either way.
import {
  to = statushub_api_key.example
  identity = {
    member_id = "mem_0d1e2f3a4b5c6d7e8f90"
    id        = "key_9a8b7c6d5e4f3a2b1c0d"
  }
}
