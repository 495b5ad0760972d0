#!/usr/bin/env bash
# Makes sure a command-line tool the build needs is there, then prints its path.
#
#   scripts/tools.sh terraform         a terraform >= 1.5 on PATH, or Terraform 1.5.7 built once
#   scripts/tools.sh terraform-latest  Terraform 1.16.0, built once, without nine state backends
#   scripts/tools.sh tofu              OpenTofu 1.12.6, built once
#   scripts/tools.sh golangci-lint     golangci-lint 2.15.0, built once
#   scripts/tools.sh chromium          a Chromium on PATH, or Debian's chromium package installed
#
# Tools are built from source with the Go toolchain into $TOOLS_DIR/bin, outside the
# repository, and kept there across runs: no prebuilt binary is ever downloaded. Chromium,
# for the browser tests, is the one tool taken from the system's packages instead. Progress
# goes to stderr, the path alone to stdout.
set -euo pipefail

TERRAFORM_VERSION=1.5.7
TERRAFORM_LATEST_VERSION=1.16.0
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

# module_source_copy MODULE VERSION DIR puts a writable copy of a module's source in DIR,
# for the tools that go install refuses to build.
module_source_copy() {
  local src
  src="$(cd "$(dirname "$3")" && go mod download -json "$1@v$2" |
    sed -n 's/.*"Dir": *"\([^"]*\)".*/\1/p')"
  [[ -d "$src" ]] || { log "go mod download did not give the source of $1 $2"; exit 1; }
  cp -R "$src" "$3"
  chmod -R u+w "$3"
}

# drop_lines FILE TEXT COUNT deletes the lines of FILE that contain TEXT, and fails unless
# there are exactly COUNT of them, so that a source laid out otherwise is never built.
drop_lines() {
  local found
  found="$(grep -c -F -- "$2" "$1" || true)"
  if [[ "$found" != "$3" ]]; then
    log "expected $3 line(s) with '$2' in $1, found $found: check what install_terraform_latest leaves out"
    exit 1
  fi
  grep -v -F -- "$2" "$1" >"$1.new"
  mv "$1.new" "$1"
}

# Terraform from 1.9 on cannot be built with go install: its go.mod replaces the nested
# modules of nine cloud state backends (azurerm, consul, cos, gcs, kubernetes, oci, oss, pg,
# s3) and of internal/legacy by their directories, and the module's source as downloaded
# holds none of those directories. So this builds a copy without them: their requires and
# replaces come out of go.mod, and the nine backends' imports and entries out of the table of
# backends in internal/backend/init/init.go. The binary has every other backend (local,
# remote, http, inmem, cloud); the tests use the local one. internal/legacy is imported by a
# test file only.
install_terraform_latest() {
  local bin="$TOOLS_BIN/terraform-$TERRAFORM_LATEST_VERSION"
  if [[ "$(cli_version "$bin")" != "$TERRAFORM_LATEST_VERSION" ]]; then
    log "building Terraform $TERRAFORM_LATEST_VERSION into $TOOLS_BIN (about 8 minutes, once)"
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    local dir="$work/terraform" backend alias
    module_source_copy github.com/hashicorp/terraform "$TERRAFORM_LATEST_VERSION" "$dir"
    local backends="$dir/internal/backend/init/init.go" nested="github.com/hashicorp/terraform/internal"
    drop_lines "$dir/go.mod" "$nested/legacy " 2
    for backend in azure consul cos gcs kubernetes oci oss pg s3; do
      drop_lines "$dir/go.mod" "$nested/backend/remote-state/$backend " 2
      alias="$(awk -v path="\"$nested/backend/remote-state/$backend\"" '$2 == path { print $1 }' "$backends")"
      drop_lines "$backends" "/remote-state/$backend\"" 1
      drop_lines "$backends" "$alias.New()" 1
    done
    mkdir -p "$TOOLS_BIN"
    (cd "$dir" && go build -ldflags "-X github.com/hashicorp/terraform/version.dev=no" -o "$bin.tmp" .)
    mv "$bin.tmp" "$bin"
  fi
  echo "$bin"
}

install_tofu() {
  local bin="$TOOLS_BIN/tofu"
  if [[ "$(cli_version "$bin")" != "$OPENTOFU_VERSION" ]]; then
    log "building OpenTofu $OPENTOFU_VERSION into $TOOLS_BIN (about 8 minutes, once)"
    # go install refuses OpenTofu's module because its go.mod has a replace directive.
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    module_source_copy github.com/opentofu/opentofu "$OPENTOFU_VERSION" "$work/opentofu"
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

# as_root runs a command as root: directly when we are root (CI is), else through sudo.
as_root() {
  if [[ "$(id -u)" == 0 ]]; then
    "$@"
  elif type -P sudo >/dev/null; then
    sudo "$@"
  else
    log "installing Chromium needs root: run '$*' as root, or put a chromium on PATH"
    exit 1
  fi
}

# Chromium is not built from source (hours): Debian's chromium package is installed with
# apt-get when no chromium is on PATH.
install_chromium() {
  local bin
  bin="$(type -P chromium || type -P chromium-browser || true)"
  if [[ -z "$bin" ]]; then
    type -P apt-get >/dev/null || {
      log "no chromium on PATH and no apt-get to install Debian's chromium package: install Chromium, then run again"
      exit 1
    }
    log "no chromium on PATH: installing Debian's chromium package (about 1 minute, once)"
    as_root apt-get update -qq >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >&2
    bin="$(type -P chromium)"
  fi
  echo "$bin"
}

case "${1:-}" in
  terraform) install_terraform ;;
  terraform-latest) install_terraform_latest ;;
  tofu) install_tofu ;;
  golangci-lint) install_golangci_lint ;;
  chromium) install_chromium ;;
  *)
    echo "usage: $0 terraform|terraform-latest|tofu|golangci-lint|chromium" >&2
    exit 2
    ;;
esac
