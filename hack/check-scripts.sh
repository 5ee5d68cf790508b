#!/usr/bin/env bash
# Static checks of the shell scripts, and the parts of hack/kind-e2e.sh that run without Docker:
#   - shellcheck (Debian's package, installed when missing) on every script under hack/ and .ci/;
#   - hack/kind-e2e.sh --dry-run exits 0 without docker, kind, helm or kubectl on PATH and prints
#     the whole sequence in order: cluster, ingress, images, helm install, platform, traffic, cleanup;
#   - the benchmarks' Go load generator (bench/loadgen) passes go vet, so it does not rot unseen.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[check-scripts] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

if ! command -v shellcheck >/dev/null 2>&1; then
  log "installing shellcheck"
  if [[ $(id -u) -eq 0 ]]; then sudo=(); else sudo=(sudo); fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends shellcheck >/dev/null
fi
mapfile -t scripts < <(git ls-files -- 'hack/*.sh' 'hack/lib/*.sh' 'bench/*.sh' .ci/run)
shellcheck -x "${scripts[@]}" || die "shellcheck found problems"
log "shellcheck: ${#scripts[@]} scripts clean"

# The dry run must not depend on the tools it would call: the system's PATH without them.
plain_path=$(mktemp -d)
trap 'rm -rf "$plain_path"' EXIT
for tool in /usr/bin/* /bin/*; do
  case ${tool##*/} in docker | kind | kubectl | helm | curl) continue ;; esac
  [[ -x $tool && ! -e "$plain_path/${tool##*/}" ]] && ln -s "$tool" "$plain_path/${tool##*/}"
done
out=$(PATH="$plain_path" bash hack/kind-e2e.sh --dry-run 2>/dev/null) || die "hack/kind-e2e.sh --dry-run failed"
expected=(
  "kind create cluster --name orderly --config"
  "ingress-nginx"
  "hack/images.sh build"
  "kind load image-archive"
  "helm --kube-context kind-orderly upgrade --install orderly-operator"
  "wait --for=condition=Ready op/shop"
  "curl"
  "kind delete cluster --name orderly"
)
remaining=$out
for step in "${expected[@]}"; do
  [[ $remaining == *"+ "*"$step"* ]] || die "kind-e2e --dry-run does not print '$step' after the steps before it"
  remaining=${remaining#*"$step"}
done
log "kind-e2e --dry-run: $(grep -c '^+ ' <<<"$out") commands, in order"

# shellcheck source=hack/lib/go.sh
source hack/lib/go.sh
(cd bench/loadgen && "$GO" vet ./...) || die "go vet found problems in bench/loadgen"
log "bench/loadgen: go vet clean"
