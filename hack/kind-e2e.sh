#!/usr/bin/env bash
# The Kubernetes end-to-end on kind: a real cluster and real images, the operator installed with
# its Helm chart, an OrderPlatform behind ingress-nginx, and an order placed through the Ingress.
#
#   hack/kind-e2e.sh [--keep] [--skip-build] [--dry-run]
#
#   1. create the kind cluster `orderly` from kind-config.yaml (reused when it exists)
#   2. install ingress-nginx (its kind manifest, pinned) and wait for the controller
#   3. build the five images (hack/images.sh build), load them into the nodes (kind load image-archive)
#   4. install the operator's chart (helm/orderly-operator) into orderly-system and wait for it
#   5. apply the OrderPlatform `shop` (namespace shop, Ingress on shop.localtest.me) and wait for Ready
#   6. through the Ingress: stock a product (as the admin), register a customer, get a token, read
#      the catalogue, place an order and wait until it is CONFIRMED
#   7. print a summary, then delete the cluster (unless --keep)
#
#   --keep        keep the cluster afterwards (kubectl --context kind-orderly ...;
#                 `kind delete cluster --name orderly` removes it)
#   --skip-build  load the image tarballs an earlier build left, do not build
#   --dry-run     print every command in order and run none (needs no docker, kind, kubectl or helm)
#   -h, --help    this text
#
# Needs Docker, kind, kubectl, helm and curl on PATH, and 127.0.0.1:80 and :443 free. Every step
# has a timeout; on failure it prints a diagnosis (platforms and pods, the platform's conditions
# and events, the operator's log) and exits non-zero.
#
# Settings (environment): ORDERLY_KIND_CLUSTER (default orderly), ORDERLY_IMAGE_TAG (default
# 0.1.0), ORDERLY_KIND_NODE_IMAGE (a kindest/node image; default kind's own),
# ORDERLY_INGRESS_NGINX_VERSION (default controller-v1.13.3), ORDERLY_E2E_HOST (default
# shop.localtest.me), ORDERLY_E2E_READY_TIMEOUT (seconds until the platform is Ready, default 900).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=hack/lib/auth.sh disable=SC1091 # followed with `shellcheck -x` from the root
source hack/lib/auth.sh
# shellcheck source=hack/lib/ingress-client.sh disable=SC1091
source hack/lib/ingress-client.sh

CLUSTER=${ORDERLY_KIND_CLUSTER:-orderly}
KIND_CONFIG="$ROOT/kind-config.yaml"
NODE_IMAGE=${ORDERLY_KIND_NODE_IMAGE:-}
INGRESS_NGINX_VERSION=${ORDERLY_INGRESS_NGINX_VERSION:-controller-v1.13.3}
INGRESS_NGINX_MANIFEST="https://raw.githubusercontent.com/kubernetes/ingress-nginx/$INGRESS_NGINX_VERSION/deploy/static/provider/kind/deploy.yaml"
TAG=${ORDERLY_IMAGE_TAG:-0.1.0}
REGISTRY=ghcr.io/orderly
HOST=${ORDERLY_E2E_HOST:-shop.localtest.me}
BASE="http://$HOST"
INGRESS_ADDRESS=127.0.0.1 # kind-config.yaml maps the ingress node's port 80 there
READY_TIMEOUT=${ORDERLY_E2E_READY_TIMEOUT:-900}
ROUTE_TIMEOUT=120 # seconds until the Ingress routes to the gateway once the platform is Ready
ORDER_TIMEOUT=60  # seconds until the order's saga completes
RELEASE=orderly-operator
CHART="$ROOT/helm/orderly-operator"
OPERATOR_NAMESPACE=orderly-system
OPERATOR_SELECTOR=app.kubernetes.io/name=orderly-operator
NAMESPACE=shop
PLATFORM=shop
PRODUCT=kettle

# Every kubectl and helm call names the cluster's context, whatever the current one is.
KUBECTL=(kubectl --context "kind-$CLUSTER")
HELM=(helm --kube-context "kind-$CLUSTER")

DRY_RUN=0
KEEP=0
SKIP_BUILD=0
CLUSTER_TOUCHED=0 # a cluster may exist: clean it up, and diagnose in it on failure
STEP="start"
START=$SECONDS
WORK= # scratch files (request bodies, credentials), removed on exit
HTTP_STATUS=
HTTP_BODY=
# what the summary reports
READY_AFTER=0
ORDER_AFTER=0
CUSTOMER=
ORDER_ID=
TIMELINE=

# Commands go to the original stdout (fd 3), also from inside $(...); logs go to stderr.
exec 3>&1

log() { printf '[kind-e2e] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; }

# quote ARG: ARG as the shell would need it typed.
quote() {
  if [[ $1 =~ ^[A-Za-z0-9_./:=@%+,-]+$ ]]; then
    printf '%s' "$1"
  else
    printf "'%s'" "${1//\'/\'\\\'\'}"
  fi
}

# run CMD...: prints CMD, then runs it unless --dry-run. Every external command goes through here.
run() {
  local line='+' arg
  for arg in "$@"; do line+=" $(quote "$arg")"; done
  printf '%s\n' "$line" >&3
  ((DRY_RUN)) && return 0
  "$@"
}

step() {
  STEP=$1
  log "== $1 ($((SECONDS - START))s)"
}

# ---------------------------------------------------------------- cleanup and diagnosis

diagnose() {
  log "diagnosis (cluster kind-$CLUSTER):"
  {
    run "${KUBECTL[@]}" get op,pods -A -o wide
    run "${KUBECTL[@]}" -n "$NAMESPACE" describe op "$PLATFORM"
    run "${KUBECTL[@]}" -n "$NAMESPACE" get events --sort-by=.lastTimestamp
    run "${KUBECTL[@]}" -n "$NAMESPACE" get deploy,sts,pvc,ingress
    run "${KUBECTL[@]}" -n "$NAMESPACE" logs -l "app.kubernetes.io/instance=$PLATFORM" --all-containers \
      --prefix --tail=20 --max-log-requests=20
    run "${KUBECTL[@]}" -n "$OPERATOR_NAMESPACE" get deploy,pods -o wide
    run "${KUBECTL[@]}" -n "$OPERATOR_NAMESPACE" logs -l "$OPERATOR_SELECTOR" --all-containers --prefix --tail=200
    run "${KUBECTL[@]}" -n ingress-nginx get pods -o wide
  } >&2 || true
}

on_exit() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  if ((rc != 0)); then
    log "FAILED (exit $rc) in step: $STEP"
    ((CLUSTER_TOUCHED)) && diagnose
  fi
  if ((CLUSTER_TOUCHED)); then
    if ((KEEP)); then
      log "keeping the cluster: kubectl --context kind-$CLUSTER get op -A; remove it with: kind delete cluster --name $CLUSTER"
    else
      if ((rc != 0)); then log "deleting the kind cluster $CLUSTER (rerun with --keep to inspect it)"
      else log "deleting the kind cluster $CLUSTER"; fi
      run kind delete cluster --name "$CLUSTER"
    fi
  fi
  [[ -n $WORK ]] && rm -rf "$WORK"
  exit "$rc"
}

# ---------------------------------------------------------------- steps

preflight() {
  step "preflight"
  if ! ((DRY_RUN)); then
    local cmd
    for cmd in docker kind kubectl helm curl; do
      command -v "$cmd" >/dev/null 2>&1 || die "$cmd is not on PATH"
    done
    [[ -f $KIND_CONFIG ]] || die "no $KIND_CONFIG"
    [[ -d $CHART ]] || die "no chart at $CHART"
    ((SKIP_BUILD)) || [[ -x $ROOT/hack/images.sh ]] || die "no hack/images.sh to build the images with"
  fi
  run docker info --format '{{.ServerVersion}}' >/dev/null || die "Docker does not answer (is the daemon running?)"
}

create_cluster() {
  step "1/7 kind cluster $CLUSTER"
  local clusters
  clusters=$(run kind get clusters)
  CLUSTER_TOUCHED=1
  if grep -qx "$CLUSTER" <<<"$clusters"; then
    log "reusing the existing cluster $CLUSTER"
    run kind export kubeconfig --name "$CLUSTER"
  else
    local args=(kind create cluster --name "$CLUSTER" --config "$KIND_CONFIG" --wait 180s)
    [[ -n $NODE_IMAGE ]] && args+=(--image "$NODE_IMAGE")
    run "${args[@]}"
  fi
  run "${KUBECTL[@]}" wait --for=condition=Ready nodes --all --timeout=180s
}

install_ingress_nginx() {
  step "2/7 ingress-nginx $INGRESS_NGINX_VERSION"
  run "${KUBECTL[@]}" apply -f "$INGRESS_NGINX_MANIFEST"
  # The Deployment is there as soon as the apply returns; its pod only once the admission Job made
  # the webhook's certificate.
  run "${KUBECTL[@]}" -n ingress-nginx rollout status deployment/ingress-nginx-controller --timeout=300s
  run "${KUBECTL[@]}" -n ingress-nginx wait --for=condition=Ready pod \
    --selector=app.kubernetes.io/component=controller --timeout=120s
}

build_and_load_images() {
  step "3/7 images ($REGISTRY/*:$TAG)"
  if ((SKIP_BUILD)); then
    log "--skip-build: using the tarballs of an earlier build"
  else
    run "$ROOT/hack/images.sh" build -Dorderly.image.registry="$REGISTRY" -Dorderly.image.tag="$TAG"
  fi
  local image tarball
  # hack/images.sh knows where the build writes each image; asking it runs nothing.
  while read -r image tarball; do
    ((DRY_RUN)) || [[ -f $tarball ]] || die "no image tarball for $REGISTRY/$image:$TAG at $tarball"
    run kind load image-archive "$tarball" --name "$CLUSTER"
  done < <("$ROOT/hack/images.sh" tarballs "$TAG")
}

install_operator() {
  step "4/7 operator (helm release $RELEASE in $OPERATOR_NAMESPACE)"
  # upgrade --install: a first install on a new cluster, an upgrade on a kept one.
  run "${HELM[@]}" upgrade --install "$RELEASE" "$CHART" --namespace "$OPERATOR_NAMESPACE" --create-namespace \
    --set image.repository="$REGISTRY/orderly-operator" --set image.tag="$TAG" --set image.pullPolicy=IfNotPresent \
    --set serviceImages.registry="$REGISTRY" --wait --timeout 5m
  run "${KUBECTL[@]}" wait --for=condition=Established crd/orderplatforms.orderly.dev --timeout=60s
}

platform_manifest() {
  cat <<EOF
apiVersion: v1
kind: Namespace
metadata:
  name: $NAMESPACE
---
# Images come from the chart's serviceImages.registry ($REGISTRY): spec.registry is left unset.
apiVersion: orderly.dev/v1alpha1
kind: OrderPlatform
metadata:
  name: $PLATFORM
  namespace: $NAMESPACE
spec:
  version: "$TAG"
  ingress:
    host: $HOST
    className: nginx
EOF
}

apply_platform() {
  step "5/7 OrderPlatform $NAMESPACE/$PLATFORM (Ready within ${READY_TIMEOUT}s)"
  local manifest="$WORK/platform.yaml"
  platform_manifest >"$manifest"
  run "${KUBECTL[@]}" apply -f "$manifest"
  sed 's/^/    | /' "$manifest" >&3
  READY_FROM=$SECONDS
  run "${KUBECTL[@]}" -n "$NAMESPACE" wait --for=condition=Ready "op/$PLATFORM" --timeout="${READY_TIMEOUT}s"
  READY_AFTER=$((SECONDS - READY_FROM))
  run "${KUBECTL[@]}" -n "$NAMESPACE" get op "$PLATFORM"
}

traffic() {
  step "6/7 traffic through the Ingress ($BASE)"
  umask 077
  wait_for_route

  # The managed platform starts with an empty catalogue: the bootstrapped admin stocks it.
  local admin_password admin_token
  admin_password=$(run "${KUBECTL[@]}" -n "$NAMESPACE" get secret "$PLATFORM-auth-keys" \
    -o go-template='{{index .data "admin-password" | base64decode}}')
  ((DRY_RUN)) && admin_password='<admin-password>'
  [[ -n $admin_password ]] || die "Secret $NAMESPACE/$PLATFORM-auth-keys has no admin-password"
  credentials "$WORK/admin.json" admin "$admin_password"
  http 200 POST /api/auth/token -H 'Content-Type: application/json' --data "@$WORK/admin.json"
  admin_token=$(field access_token '<admin-token>')
  [[ -n $admin_token ]] || die "no access_token for the admin: $HTTP_BODY"
  bearer "$WORK/admin.header" "$admin_token"
  http 201,409 POST /api/inventory/products -H "@$WORK/admin.header" -H 'Content-Type: application/json' \
    --data "{\"id\":\"$PRODUCT\",\"name\":\"Gooseneck kettle\",\"stock\":25}"
  if [[ $HTTP_STATUS == 409 ]]; then # a kept cluster: the product exists, restock it
    http 200 PUT "/api/inventory/products/$PRODUCT/stock" -H "@$WORK/admin.header" \
      -H 'Content-Type: application/json' --data '{"available":25}'
  fi

  # A new customer, their token, the public catalogue, one order.
  CUSTOMER="e2e-$(date +%s)-$RANDOM"
  local password token key status deadline
  password=$(random_secret)
  credentials "$WORK/customer.json" "$CUSTOMER" "$password"
  http 201 POST /api/auth/users -H 'Content-Type: application/json' --data "@$WORK/customer.json"
  http 200 POST /api/auth/token -H 'Content-Type: application/json' --data "@$WORK/customer.json"
  token=$(field access_token '<access-token>')
  [[ -n $token ]] || die "no access_token for $CUSTOMER: $HTTP_BODY"
  bearer "$WORK/customer.header" "$token"

  http 200 GET /api/inventory/products
  ((DRY_RUN)) || grep -q "\"id\" *: *\"$PRODUCT\"" <<<"$HTTP_BODY" || die "the catalogue lacks $PRODUCT: $HTTP_BODY"

  key="order-1-$CUSTOMER"
  http 202 POST /api/orders -H "@$WORK/customer.header" -H 'Content-Type: application/json' \
    -H "Idempotency-Key: $key" --data "{\"items\":[{\"productId\":\"$PRODUCT\",\"quantity\":1}]}"
  ORDER_ID=$(field id '<order-id>')
  [[ -n $ORDER_ID ]] || die "the order has no id: $HTTP_BODY"
  log "order $ORDER_ID accepted; waiting up to ${ORDER_TIMEOUT}s for CONFIRMED"

  local placed=$SECONDS
  deadline=$((SECONDS + ORDER_TIMEOUT))
  while :; do
    http 200 GET "/api/orders/$ORDER_ID" -H "@$WORK/customer.header"
    status=$(field status CONFIRMED)
    case $status in
      CONFIRMED) break ;;
      CANCELLED) die "order $ORDER_ID was CANCELLED: $HTTP_BODY" ;;
    esac
    ((SECONDS < deadline)) || die "order $ORDER_ID still ${status:-unknown} after ${ORDER_TIMEOUT}s: $HTTP_BODY"
    sleep 1
  done
  ORDER_AFTER=$((SECONDS - placed))

  http 200 GET "/api/orders/$ORDER_ID/timeline" -H "@$WORK/customer.header"
  if ((DRY_RUN)); then
    TIMELINE='ORDER_PLACED -> STOCK_RESERVED -> ORDER_CONFIRMED'
  else
    TIMELINE=$(grep -o '"step" *: *"[A-Z_]*"' <<<"$HTTP_BODY" | sed 's/.*"\([A-Z_]*\)"$/\1/' | paste -sd ' ' |
      sed 's/ / -> /g' || true)
  fi
}

summary() {
  step "7/7 summary"
  run "${KUBECTL[@]}" -n "$NAMESPACE" get op,deploy,sts,ingress
  local verdict="PASSED in $((SECONDS - START))s"
  ((DRY_RUN)) && verdict="dry run, nothing ran (placeholders in <...>)"
  cat >&3 <<EOF

Orderly on kind: $verdict
  cluster:   kind-$CLUSTER (kind-config.yaml: 1 control-plane, 2 workers), ingress-nginx $INGRESS_NGINX_VERSION
  operator:  helm release $RELEASE in $OPERATOR_NAMESPACE, image $REGISTRY/orderly-operator:$TAG
  platform:  op/$PLATFORM in namespace $NAMESPACE, version $TAG, Ready after ${READY_AFTER}s
  endpoint:  $BASE/api
  customer:  $CUSTOMER (registered through the Ingress)
  order:     $ORDER_ID ($PRODUCT x 1) CONFIRMED ${ORDER_AFTER}s after it was placed
  timeline:  $TIMELINE
EOF
}

main() {
  local arg
  for arg in "$@"; do
    case $arg in
      --dry-run) DRY_RUN=1 ;;
      --keep) KEEP=1 ;;
      --skip-build) SKIP_BUILD=1 ;;
      -h | --help) usage; exit 0 ;;
      *) usage >&2; exit 2 ;;
    esac
  done
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/orderly-kind-e2e.XXXXXX")
  trap on_exit EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  ((DRY_RUN)) && log "dry run: printing the commands, running none"
  preflight
  create_cluster
  install_ingress_nginx
  build_and_load_images
  install_operator
  apply_platform
  traffic
  summary
}

main "$@"
