resource "statushub_member" "ci" {
  email = "ci@example.com"
  name  = "CI"
}

resource "statushub_api_key" "deploy" {
  member_id = statushub_member.ci.id
  name      = "deploy"
}

# The member's keys, including those made outside Terraform, with their
# prefixes and last use: never their secrets.
data "statushub_api_keys" "ci" {
  member_id = statushub_member.ci.id

  depends_on = [statushub_api_key.deploy]
}

output "ci_keys" {
  value = {
    for key in data.statushub_api_keys.ci.keys : key.name => {
      prefix       = key.prefix
      last_used_at = key.last_used_at
    }
  }
}
