#!/usr/bin/env bash
# Makes sure a command-line tool the build needs is there, then prints its path.
#
#   scripts/tools.sh terraform       a terraform >= 1.5 on PATH, or Terraform 1.5.7 built once
#   scripts/tools.sh tofu            OpenTofu 1.12.6, built once
#   scripts/tools.sh golangci-lint   golangci-lint 2.15.0, built once
#
# Tools are built from source with the Go toolchain into $TOOLS_DIR/bin, outside the
# repository, and kept there across runs: no prebuilt binary is ever downloaded. Progress goes
# to stderr, the path alone to stdout.
set -euo pipefail

TERRAFORM_VERSION=1.5.7
OPENTOFU_VERSION=1.12.6
GOLANGCI_LINT_VERSION=2.15.0

TOOLS_DIR="${TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-statushub}"
TOOLS_BIN="$TOOLS_DIR/bin"

log() { echo "tools.sh: $*" >&2; }

# cli_version prints the version a Terraform or OpenTofu binary reports, or nothing.
# The empty CLI configuration keeps a missing ~/.terraformrc from adding warnings.
cli_version() {
  [[ -x "$1" ]] || return 0
  TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1 "$1" version -json 2>/dev/null |
    sed -n 's/.*"terraform_version": *"\([^"]*\)".*/\1/p'
}

# at_least A B succeeds when version A >= version B.
at_least() {
  [[ -n "$1" && "$(printf '%s\n' "$2" "$1" | sort -V | head -n1)" == "$2" ]]
}

install_terraform() {
  local bin
  bin="$(type -P terraform || true)"
  if [[ -n "$bin" ]] && at_least "$(cli_version "$bin")" 1.5.0; then
    echo "$bin"
    return
  fi
  bin="$TOOLS_BIN/terraform"
  if [[ "$(cli_version "$bin")" != "$TERRAFORM_VERSION" ]]; then
    log "no terraform >= 1.5 on PATH: building Terraform $TERRAFORM_VERSION into $TOOLS_BIN (about 4 minutes, once)"
    mkdir -p "$TOOLS_BIN"
    GOBIN="$TOOLS_BIN" go install "github.com/hashicorp/terraform@v$TERRAFORM_VERSION"
  fi
  echo "$bin"
}

install_tofu() {
  local bin="$TOOLS_BIN/tofu"
  if [[ "$(cli_version "$bin")" != "$OPENTOFU_VERSION" ]]; then
    log "building OpenTofu $OPENTOFU_VERSION into $TOOLS_BIN (about 8 minutes, once)"
    # go install refuses OpenTofu's module because its go.mod has a replace directive,
    # so build it from a writable copy of the module source.
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    local src
    src="$(cd "$work" && go mod download -json "github.com/opentofu/opentofu@v$OPENTOFU_VERSION" |
      sed -n 's/.*"Dir": *"\([^"]*\)".*/\1/p')"
    [[ -d "$src" ]] || { log "go mod download did not give OpenTofu's source"; exit 1; }
    cp -R "$src" "$work/opentofu"
    chmod -R u+w "$work/opentofu"
    mkdir -p "$TOOLS_BIN"
    (cd "$work/opentofu" && go build -ldflags "-X github.com/opentofu/opentofu/version.dev=no" -o "$bin.tmp" ./cmd/tofu)
    mv "$bin.tmp" "$bin"
  fi
  echo "$bin"
}

install_golangci_lint() {
  local bin="$TOOLS_BIN/golangci-lint"
  if [[ "$("$bin" version --short 2>/dev/null || true)" != "$GOLANGCI_LINT_VERSION" ]]; then
    log "building golangci-lint $GOLANGCI_LINT_VERSION into $TOOLS_BIN (about 4 minutes, once)"
    mkdir -p "$TOOLS_BIN"
    GOBIN="$TOOLS_BIN" go install "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v$GOLANGCI_LINT_VERSION"
  fi
  echo "$bin"
}

case "${1:-}" in
  terraform) install_terraform ;;
  tofu) install_tofu ;;
  golangci-lint) install_golangci_lint ;;
  *)
    echo "usage: $0 terraform|tofu|golangci-lint" >&2
    exit 2
    ;;
esac
