#!/usr/bin/env bash
# Prints the provider's schema, as `providers schema -json` gives it, for the
# --providers-schema flag of tfplugindocs (make generate):
#
#   scripts/provider-schema.sh CLI > schema.json
#
# CLI is the Terraform or OpenTofu binary to ask, make generate's being the pinned latest
# Terraform: the provider function is in the schema only with a CLI that knows provider
# functions (Terraform >= 1.8), list resources and actions only with Terraform >= 1.14. The provider is built into a temporary
# directory and reached through dev_overrides, so nothing is installed or downloaded.
set -euo pipefail

cli="$1"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$root" && go build -o "$work/terraform-provider-statushub" .)

# The source names the registry's host, so that OpenTofu keys the schema by the same address
# as Terraform.
cat >"$work/main.tf" <<'EOF'
terraform {
  required_providers {
    statushub = {
      source = "registry.terraform.io/statushub-community/statushub"
    }
  }
}
EOF
cat >"$work/cli.tfrc" <<EOF
provider_installation {
  dev_overrides {
    "registry.terraform.io/statushub-community/statushub" = "$work"
  }
  direct {}
}
EOF

# tfplugindocs finds a schema only under the provider's short name or under the hashicorp
# namespace, so the schema is printed under the short name.
TF_CLI_CONFIG_FILE="$work/cli.tfrc" "$cli" -chdir="$work" providers schema -json |
  sed 's#"registry.terraform.io/statushub-community/statushub":#"statushub":#'
