# The quickstart: three status pages, two team members with different roles
# on each, and API keys with and without a limit role. The three keys of
# alice reproduce the StatusHub API keys article's examples A, B and C.

terraform {
  required_providers {
    statushub = {
      source = "statushub-community/statushub"
    }
  }
}

# The endpoint and the owner's key come from STATUSHUB_ENDPOINT and
# STATUSHUB_API_KEY.
provider "statushub" {}

variable "dashboard_limit" {
  description = "The limit role of alice's dashboard key (example B)."
  type        = string
  default     = "manager"
}

variable "subdomain_suffix" {
  description = "Appended to every subdomain, so that several demos can share a server."
  type        = string
  default     = "quickstart"
}

resource "statushub_hub" "storefront" {
  name      = "Storefront"
  subdomain = "storefront-${var.subdomain_suffix}"
}

resource "statushub_hub" "payments" {
  name        = "Payments"
  subdomain   = "payments-${var.subdomain_suffix}"
  description = "Card payments and payouts."
  timezone    = "Europe/Berlin"
}

resource "statushub_hub" "tools" {
  name      = "Internal tools"
  subdomain = "tools-${var.subdomain_suffix}"
  private   = true
}

resource "statushub_component" "checkout" {
  hub_id = statushub_hub.storefront.id
  name   = "Checkout"
}

resource "statushub_component" "card_api" {
  hub_id      = statushub_hub.payments.id
  name        = "Card API"
  description = "Authorisations and captures."
  group       = "APIs"
}

resource "statushub_component" "payouts" {
  hub_id = statushub_hub.payments.id
  name   = "Payouts"
  group  = "APIs"
}

resource "statushub_component" "ci" {
  hub_id = statushub_hub.tools.id
  name   = "CI runners"
}

# alice has no role on the storefront (no_access), is admin on payments and
# editor on the internal tools: the member of the article's examples.
resource "statushub_member" "alice" {
  email = "alice@example.com"
  name  = "Alice"
  hub_roles = {
    (statushub_hub.payments.id) = "admin"
    (statushub_hub.tools.id)    = "editor"
  }
}

resource "statushub_member" "bob" {
  email = "bob@example.com"
  name  = "Bob"
  hub_roles = {
    (statushub_hub.storefront.id) = "viewer"
    (statushub_hub.payments.id)   = "manager"
  }
}

# Example A: no limit, so the key has alice's role on every hub.
resource "statushub_api_key" "deploy" {
  member_id = statushub_member.alice.id
  name      = "deploy"
}

# Example B: limited to manager (or whatever var.dashboard_limit says).
resource "statushub_api_key" "dashboard" {
  member_id  = statushub_member.alice.id
  name       = "dashboard"
  limit_role = var.dashboard_limit
}

# Example C: limited to editor.
resource "statushub_api_key" "incident_bot" {
  member_id  = statushub_member.alice.id
  name       = "incident-bot"
  limit_role = "editor"
}

# bob's read-only key for a wallboard.
resource "statushub_api_key" "wallboard" {
  member_id  = statushub_member.bob.id
  name       = "wallboard"
  limit_role = "viewer"
}
