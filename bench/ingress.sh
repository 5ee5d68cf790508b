#!/usr/bin/env bash
# Orders through the Ingress of a platform on the real node (hack/cluster.sh): Traefik, the
# gateway's pods, orders and inventory pods, PostgreSQL and RabbitMQ pods, every hop a customer's
# order takes on Kubernetes. The same bounded load as bench/platform.sh (bench/loadgen, USERS
# customers registered through the Ingress) and the same measurement: completion from the orders
# database, here through a port-forward.
#
#   bench/ingress.sh [--seconds 30] [--concurrency 32] [--runs 3] [--users 8] [--rate 0] [--warmup 90]
#
# Needs the cluster up with the operator installed and the images loaded, as hack/cluster-e2e.sh
# leaves them. Makes its own platform (namespace and OrderPlatform `bench`, crds/examples/
# minimal.yaml with an Ingress and a gateway rate limit far above the load) and deletes the
# namespace afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
source bench/lib.sh
bench_prepare_load "$@"

NAMESPACE=bench
PLATFORM=bench
HOST=bench.orderly.test
TAG=${ORDERLY_IMAGE_TAG:-0.1.0}

eval "$(hack/cluster.sh env)"
hack/cluster.sh status >/dev/null || { echo "the cluster is not up: hack/cluster-e2e.sh brings it up with the operator" >&2; exit 1; }
kubectl get crd orderplatforms.orderly.dev >/dev/null 2>&1 ||
  { echo "the operator is not installed: hack/cluster-e2e.sh installs it" >&2; exit 1; }
INGRESS=$(hack/cluster.sh ingress)
INGRESS=${INGRESS#http://}

FORWARD_PID=
bench_ingress_cleanup() {
  [[ -n $FORWARD_PID ]] && kill "$FORWARD_PID" 2>/dev/null
  kubectl delete namespace "$NAMESPACE" --ignore-not-found --wait=false >/dev/null 2>&1 || true
  bench_cleanup
}
trap bench_ingress_cleanup EXIT

echo "platform $NAMESPACE/$PLATFORM (version $TAG) behind http://$HOST at $INGRESS"
kubectl delete namespace "$NAMESPACE" --ignore-not-found --timeout=180s >/dev/null
kubectl create namespace "$NAMESPACE" >/dev/null
sed -n '/^apiVersion/,$p' crds/examples/minimal.yaml |
  sed -e "s/^  name: shop$/  name: $PLATFORM/" -e "s/^  version: .*/  version: \"$TAG\"/" >"$WORK/platform.yaml"
cat >>"$WORK/platform.yaml" <<EOF
  ingress:
    host: $HOST
    className: traefik
  gateway:
    rateLimit:
      requestsPerSecond: 100000
      burst: 100000
EOF
kubectl -n "$NAMESPACE" apply -f "$WORK/platform.yaml" >/dev/null
kubectl -n "$NAMESPACE" wait --for=condition=Ready "op/$PLATFORM" --timeout=600s >/dev/null
kubectl -n "$NAMESPACE" get pods -o wide

# curl (here and in bench/lib.sh) reaches the Ingress host the way loadgen does (LOADGEN_CONNECT).
printf 'resolve = "%s:80:%s"\n' "$HOST" "${INGRESS%:*}" >"$WORK/.curlrc"
export CURL_HOME=$WORK LOADGEN_CONNECT=$INGRESS
API="http://$HOST/api"
deadline=$((SECONDS + 120))
until curl -fsS "$API/inventory/products" >/dev/null 2>&1; do
  ((SECONDS < deadline)) || { echo "$API does not answer through the Ingress" >&2; exit 1; }
  sleep 2
done

# The orders database through a port-forward, for the completion figures.
secret() { kubectl -n "$NAMESPACE" get secret "$1" -o go-template="{{index .data \"$2\" | base64decode}}"; }
BENCH_ORDERS_PASSWORD=$(secret "$PLATFORM-postgres-credentials" orders-password)
BENCH_INVENTORY_PASSWORD=$(secret "$PLATFORM-postgres-credentials" inventory-password)
export BENCH_ORDERS_PASSWORD BENCH_INVENTORY_PASSWORD
kubectl -n "$NAMESPACE" port-forward "svc/$PLATFORM-postgres" :5432 >"$WORK/port-forward.log" 2>&1 &
FORWARD_PID=$!
deadline=$((SECONDS + 30))
until PGPORT=$(sed -n 's/^Forwarding from 127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$WORK/port-forward.log") && [[ -n $PGPORT ]]; do
  ((SECONDS < deadline)) || { echo "kubectl port-forward did not start: $(cat "$WORK/port-forward.log")" >&2; exit 1; }
  sleep 0.5
done
export PGPORT

# PRODUCTS products with plenty of stock, as the platform's admin (bench/lib.sh's names).
admin=$(auth_token "$API" admin "$(secret "$PLATFORM-auth-keys" admin-password)")
[[ -n $admin ]] || { echo "the admin could not log in through the Ingress" >&2; exit 1; }
for ((p = 0; p < PRODUCTS; p++)); do
  curl -fsS -XPOST "$API/inventory/products" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    -d "{\"id\":\"bench-$RUN_ID-$p\",\"name\":\"bench\",\"stock\":1000000}" >/dev/null
done

bench_runs "$API" "$API"
bench_table "through the Ingress on the real node"
