# A member is imported by its id, or by its email address.
terraform import statushub_member.example mem_0d1e2f3a4b5c6d7e8f90
terraform import statushub_member.example alice@example.com
