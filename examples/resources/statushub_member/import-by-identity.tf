# Terraform 1.12 and later. OpenTofu, and Terraform before 1.12, import by
# the id string instead.
import {
  to = statushub_member.example
  identity = {
    id = "mem_0d1e2f3a4b5c6d7e8f90"
  }
}
