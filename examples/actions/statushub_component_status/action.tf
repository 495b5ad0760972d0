locals {
  release = "v1.4.2"
}

resource "statushub_hub" "shop" {
  name      = "Shop"
  subdomain = "shop"
}

# The status is left unset: the actions below change it without drift.
resource "statushub_component" "checkout" {
  hub_id = statushub_hub.shop.id
  name   = "Checkout"
}

action "statushub_component_status" "maintenance" {
  config {
    hub_id        = statushub_hub.shop.id
    component_id  = statushub_component.checkout.id
    status        = "under_maintenance"
    audit_message = "deploying checkout ${local.release}"
  }
}

action "statushub_component_status" "operational" {
  config {
    hub_id        = statushub_hub.shop.id
    component_id  = statushub_component.checkout.id
    status        = "operational"
    audit_message = "deployed checkout ${local.release}"
  }
}

# The deployment of the checkout; terraform_data stands in for it here.
resource "terraform_data" "checkout_deploy" {
  input = local.release

  lifecycle {
    action_trigger {
      events  = [before_create, before_update]
      actions = [action.statushub_component_status.maintenance]
    }
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.statushub_component_status.operational]
    }
  }
}
