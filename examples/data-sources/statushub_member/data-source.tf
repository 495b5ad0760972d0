# A member managed elsewhere, looked up by email address (in any case).
data "statushub_member" "alice" {
  email = "alice@example.com"
}

# A key of hers for a dashboard, which may only read.
resource "statushub_api_key" "dashboard" {
  member_id  = data.statushub_member.alice.id
  name       = "dashboard"
  limit_role = "viewer"
}
