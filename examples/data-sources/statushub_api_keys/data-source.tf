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

# Every key of the account that nobody used for 90 days, never used ones
# included: this needs the account owner's key.
data "statushub_api_keys" "unused" {
  not_used_for = "2160h"
}

# A check warns at every plan and apply, without stopping either.
check "no_unused_api_keys" {
  assert {
    condition = length(data.statushub_api_keys.unused.keys) == 0
    error_message = format("These API keys were not used for 90 days; delete the ones nobody needs: %s.", join(", ", [
      for key in data.statushub_api_keys.unused.keys : "${key.name} (${key.prefix}, member ${key.member_id})"
    ]))
  }
}
