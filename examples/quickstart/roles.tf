# What each key may do on each hub, shown two ways: as the plan computes it
# from the configuration, and as the API reports it after apply.

locals {
  # The hubs, in the order of the article's hubs A, B and C.
  hubs = [statushub_hub.storefront, statushub_hub.payments, statushub_hub.tools]

  # The keys, in the order of the article's examples, with their members.
  # hub_roles names every hub, no_access where the member has no role, so that
  # what the plan computes lists every hub, as the API does.
  keys = [
    for k in [
      { member = statushub_member.alice, key = statushub_api_key.deploy },
      { member = statushub_member.alice, key = statushub_api_key.dashboard },
      { member = statushub_member.alice, key = statushub_api_key.incident_bot },
      { member = statushub_member.bob, key = statushub_api_key.wallboard },
      ] : {
      name       = k.key.name
      member     = k.member.name
      hub_roles  = merge({ for hub in local.hubs : hub.id => "no_access" }, k.member.hub_roles)
      member_id  = k.member.id
      key_id     = k.key.id
      limit_role = k.key.limit_role
    }
  ]

  # Key name => hub name => role, on every hub, no_access included.
  planned_effective_roles = {
    for i, k in local.keys : k.name => {
      for hub in local.hubs : hub.name => data.statushub_effective_roles.planned[i].by_hub[hub.id]
    }
  }
  effective_roles = {
    for i, k in local.keys : k.name => {
      for role in data.statushub_api_key_effective_roles.applied[i].roles : role.hub_name => role.effective_role
    }
  }

  # effective_roles as rows of cells, with a header, and the width of each column.
  roles_table = concat(
    [concat(["KEY", "MEMBER", "LIMIT"], [for hub in local.hubs : hub.name])],
    [
      for k in local.keys : concat([k.name, k.member, coalesce(k.limit_role, "none")],
      [for hub in local.hubs : local.effective_roles[k.name][hub.name]])
    ],
  )
  roles_table_widths = [
    for i in range(length(local.roles_table[0])) : max([for row in local.roles_table : length(row[i])]...)
  ]
}

# Computed from the configuration without calling the API, so Terraform reads
# it while planning: a plan that changes a member's hub_roles or a key's
# limit_role shows the effective roles that the change will produce. Its
# arguments come through local.keys: Terraform waits for apply to read a data
# source whose arguments name a resource with changes pending.
data "statushub_effective_roles" "planned" {
  count      = length(local.keys)
  hub_roles  = local.keys[count.index].hub_roles
  limit_role = local.keys[count.index].limit_role
}

# What the API says. depends_on makes Terraform read it after the members and
# keys are changed, never before.
data "statushub_api_key_effective_roles" "applied" {
  count      = length(local.keys)
  member_id  = local.keys[count.index].member_id
  api_key_id = local.keys[count.index].key_id

  depends_on = [
    statushub_member.alice,
    statushub_member.bob,
    statushub_api_key.deploy,
    statushub_api_key.dashboard,
    statushub_api_key.incident_bot,
    statushub_api_key.wallboard,
  ]
}

output "planned_effective_roles" {
  description = "The effective role of each key on each hub, by key name and hub name, as the plan computes it."
  value       = local.planned_effective_roles
}

output "effective_roles" {
  description = "The effective role of each key on each hub, by key name and hub name, as the API reports it."
  value       = local.effective_roles
}

output "effective_roles_table" {
  description = "The effective_roles output as a table, one key a line."
  value = join("\n", [
    for row in local.roles_table :
    trimspace(join("  ", [for i, cell in row : format("%-${local.roles_table_widths[i]}s", cell)]))
  ])
}

output "deploy_key_prefix" {
  description = "The public prefix of the deploy key's secret, which key lists show."
  value       = statushub_api_key.deploy.prefix
}

output "deploy_key_secret" {
  description = "The deploy key's secret: `terraform output -raw deploy_key_secret` prints it."
  value       = statushub_api_key.deploy.secret
  sensitive   = true
}
