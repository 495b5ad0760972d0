# A deploy pipeline's configuration. The provider block without an alias
# authenticates with the owner's key; the pipeline's member, the hub and its
# components are managed in another configuration and only looked up here.
data "statushub_member" "pipeline" {
  email = "pipeline@example.com"
}

data "statushub_hub" "payments" {
  subdomain = "payments"
}

# A key of the pipeline's member for this run only, limited to editor: it may
# change a component's status and nothing else. Terraform revokes it when the
# run ends; should the run die first, it stops working after 30 minutes.
ephemeral "statushub_api_key" "run" {
  member_id  = data.statushub_member.pipeline.id
  name       = "deploy-run"
  limit_role = "editor"
  expires_in = "30m"
}

# The run's own provider block, with the run's key: whatever this
# configuration does through it, it cannot change roles or keys.
provider "statushub" {
  alias    = "run"
  endpoint = "https://statushub.example.com"
  api_key  = ephemeral.statushub_api_key.run.secret
}

variable "checkout_component_id" {
  description = "The id of the payments hub's Checkout component."
  type        = string
}

import {
  to = statushub_component.checkout
  id = "${data.statushub_hub.payments.id}/${var.checkout_component_id}"
}

# The component shows maintenance while the pipeline deploys; its other
# settings are the ones the owner's configuration gives it.
resource "statushub_component" "checkout" {
  provider = statushub.run
  hub_id   = data.statushub_hub.payments.id
  name     = "Checkout"
  status   = "under_maintenance"
}
