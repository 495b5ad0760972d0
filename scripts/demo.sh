#!/usr/bin/env bash
# make demo: builds the provider and statushub-server, starts the reference API on a
# throw-away store and applies examples/quickstart to it with Terraform. It then shows the
# effective role of every API key on every hub, a plan that changes a key's limit_role, and a
# rotation with -replace, and destroys everything. All of it happens in a temporary directory
# that is removed at the end, with the server stopped, whether the demo succeeds, fails or is
# interrupted.
#
# Terraform's own output goes to a log that is shown only when a step fails. Secrets are never
# printed: keys are shown by their public prefix.
set -Eeuo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/statushub-demo.XXXXXX")"
log="$work/demo.log"
server_pid=""
running=""
step_title=""
steps=6
step_number=0
started=$SECONDS

cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid"
    wait "$server_pid" || true
  fi
  rm -rf "$work"
}

# fail stops the demo with the step that failed and the end of the log.
fail() {
  echo "demo: step $step_number ($step_title) failed: $*" >&2
  if [[ -s "$log" ]]; then
    echo "demo: the last lines of the log:" >&2
    tail -n 40 "$log" | sed 's/^/    /' >&2
  fi
  exit 1
}

on_error() {
  local status=$?
  # A failure in a command substitution is reported by the shell that waits for it.
  [[ "$BASHPID" == "$$" ]] || return "$status"
  fail "${running:-$BASH_COMMAND} exited with status $status"
}

shopt -s inherit_errexit
trap cleanup EXIT
trap on_error ERR
trap 'echo; fail "interrupted"' INT TERM

step() {
  step_number=$((step_number + 1))
  step_title="$1"
  echo
  echo "==> [$step_number/$steps] $step_title"
}

say() { echo "    $*"; }

# tf runs Terraform in the copy of the quickstart: its messages go to the log, its output to
# stdout. Never echo a secret read with `tf output -raw`.
tf() {
  echo "+ terraform $*" >>"$log"
  running="terraform $*"
  "$terraform" -chdir="$work/quickstart" "$@" 2>>"$log"
  running=""
}

# excerpt prints a block of a plan: from the line that contains $1 to the end of its braces.
excerpt() {
  awk -v start="$1" 'index($0, start) { on = 1 } on { print "    " $0 } on && /^    }$/ { exit }' "$2"
}

# me_status prints the HTTP status of GET /api/v3/me with the secret $1. The header goes to
# curl on stdin, which keeps the secret out of the process list.
me_status() {
  printf 'Authorization: Bearer %s\n' "$1" |
    curl --silent --output /dev/null --write-out '%{http_code}' --header @- "$endpoint/api/v3/me"
}

step "build the provider and find Terraform"
command -v curl >/dev/null || fail "curl is needed to call the API, and it is not on PATH"
say "go build (the first build on a machine takes a few minutes)"
(cd "$root" && go build -o "$work/bin/terraform-provider-statushub" . &&
  go build -o "$work/statushub-server" ./cmd/statushub-server) >>"$log" 2>&1
terraform="$("$root/scripts/tools.sh" terraform)"
export TF_CLI_CONFIG_FILE="$work/dev-overrides.tfrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
sed "s|@PROVIDER_DIR@|$work/bin|" "$root/.tf-cli/dev-overrides.tfrc.tmpl" >"$TF_CLI_CONFIG_FILE"
say "$("$terraform" version | sed -n 1p) ($terraform), using the provider just built through dev_overrides: no terraform init"

step "start the reference API on a throw-away store"
"$work/statushub-server" serve --listen 127.0.0.1:0 --db "$work/statushub.db" \
  --bootstrap-key-file "$work/owner.key" >"$work/serve.out" 2>>"$log" &
server_pid=$!
endpoint=""
for _ in $(seq 100); do
  endpoint="$(sed -n 's/^statushub: serving on //p' "$work/serve.out")"
  [[ -n "$endpoint" ]] && break
  kill -0 "$server_pid" 2>/dev/null || fail "the server exited before it served"
  sleep 0.1
done
[[ -n "$endpoint" ]] || fail "the server did not say where it serves within 10 seconds"
export STATUSHUB_ENDPOINT="$endpoint"
STATUSHUB_API_KEY="$(cat "$work/owner.key")"
export STATUSHUB_API_KEY
say "serving on $endpoint, store $work/statushub.db"
say "STATUSHUB_ENDPOINT and STATUSHUB_API_KEY (the owner's key, from $work/owner.key) point Terraform at it"
say "the Control Panel, while the server runs: $endpoint/ (sign in with the owner's key from $work/owner.key)"

step "apply the quickstart"
cp -R "$root/examples/quickstart" "$work/quickstart"
tf apply -no-color -auto-approve >>"$log"
say "$(grep 'Apply complete' "$log" | tail -n 1)"
say "Three hubs. Alice is no_access on Storefront, admin on Payments and editor on Internal tools;"
say "Bob is viewer on Storefront and manager on Payments. A key acts with the lower of its member's"
say "role and its limit. Alice's keys deploy, dashboard and incident-bot are the StatusHub API keys"
say "article's examples A, B and C. Their effective roles, as the API reports them:"
echo
tf output -raw effective_roles_table | sed 's/^/    /'
echo

step "plan a new limit for the dashboard key: terraform plan -var dashboard_limit=editor"
tf plan -no-color -var dashboard_limit=editor >"$work/limit.plan"
excerpt "# statushub_api_key.dashboard" "$work/limit.plan"
say "$(grep '^Plan:' "$work/limit.plan")"
say "The effective roles the change will give, known in the plan (data source statushub_effective_roles):"
excerpt "~ planned_effective_roles" "$work/limit.plan"
say "In place: same key, same secret. Not applied."

step "rotate the deploy key: terraform apply -replace=statushub_api_key.deploy"
old_prefix="$(tf output -raw deploy_key_prefix)"
old_secret="$(tf output -raw deploy_key_secret)"
tf apply -no-color -auto-approve -replace=statushub_api_key.deploy >>"$log"
say "$(grep 'Apply complete' "$log" | tail -n 1)"
new_prefix="$(tf output -raw deploy_key_prefix)"
new_secret="$(tf output -raw deploy_key_secret)"
old_status="$(me_status "$old_secret")"
new_status="$(me_status "$new_secret")"
say "GET /api/v3/me with the old key ${old_prefix}...: $old_status"
say "GET /api/v3/me with the new key ${new_prefix}...: $new_status"
[[ "$old_status" == 401 ]] || fail "the old key answered $old_status, not 401: it still works"
[[ "$new_status" == 200 ]] || fail "the new key answered $new_status, not 200"
say "The new key works and the old one is refused."

step "destroy everything and stop the server"
tf destroy -no-color -auto-approve >>"$log"
say "$(grep 'Destroy complete' "$log" | tail -n 1)"
kill "$server_pid"
wait "$server_pid" || fail "the server did not stop cleanly"
server_pid=""
say "server stopped; $work is removed on exit"

echo
echo "demo: done in $((SECONDS - started)) s"
