resource "statushub_hub" "example" {
  name      = "Payments"
  subdomain = "payments"
}

resource "statushub_member" "ci" {
  email = "ci@example.com"
  name  = "CI"
  hub_roles = {
    (statushub_hub.example.id) = "manager"
  }
}

# A key that may update the status of components but never change the hub,
# whatever role its member has: its effective role is editor at most.
resource "statushub_api_key" "example" {
  member_id  = statushub_member.ci.id
  name       = "deploy-pipeline"
  limit_role = "editor"

  # Change a value to replace the key: a new key, and the old one revoked.
  keepers = {
    generation = "1"
  }

  # Change a value to reset the key: a new secret for the same key.
  reset_triggers = {
    rotation = "1"
  }

  # With create_before_destroy, a replacement key exists before the old one
  # is revoked. The member then needs a free slot of its 10.
  lifecycle {
    create_before_destroy = true
  }
}

output "deploy_pipeline_key" {
  value     = statushub_api_key.example.secret
  sensitive = true
}
