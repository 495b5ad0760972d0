# Every member of the account, the owner included.
list "statushub_member" "all" {
  provider = statushub
}

# One member, by email address.
list "statushub_member" "alice" {
  provider         = statushub
  include_resource = true

  config {
    email = "alice@example.com"
  }
}
