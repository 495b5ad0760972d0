# The keys of one member.
list "statushub_api_key" "ci" {
  provider         = statushub
  include_resource = true

  config {
    member_id = "mem_0d1e2f3a4b5c6d7e8f90"
  }
}

# Every key of the account: only the account owner's API key may list them.
list "statushub_api_key" "all" {
  provider = statushub
}
