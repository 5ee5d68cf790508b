#!/usr/bin/env bash
# Orderly end to end on the real node of hack/cluster.sh: real images in containerd, the operator
# installed with its Helm chart and running as a pod, an OrderPlatform whose every pod runs, and
# customers' orders through the Ingress.
#
#   hack/cluster-e2e.sh [--skip-build]
#
#   1. the cluster (hack/cluster.sh up) and the images (hack/images.sh node), loaded into the node
#   2. helm install of the operator's chart; the operator pods Ready
#   3. crds/examples/minimal.yaml with an Ingress: Ready, and every pod of it running and ready
#   4. through the Ingress: a customer registers and gets a token; an order is CONFIRMED, one for
#      more than the stock is CANCELLED, a cancelled order gives its stock back
#   5. the NetworkPolicies bite: from another namespace PostgreSQL, RabbitMQ, orders and inventory
#      are unreachable, the gateway is reachable
#   6. (services/integration-tests RealNodeIT) the inventory pod and then the RabbitMQ pod
#      deleted in the middle of a burst of 300 orders, then spec.version changed to a second image
#      tag under a steady load: every accepted order ends CONFIRMED or CANCELLED with nothing lost
#      or applied twice (the invariant checker, on the platform's databases), and the services roll
#      out stage by stage (auth; orders and inventory; gateway), each once the one before is ready;
#      then inventory made small (100m CPU) and autoscaled on its backlog: a burst of 6,000 orders
#      scales it up, the backlog drains, it scales back down, nothing lost (the timeline is left in
#      services/integration-tests/target/autoscaling-timeline.csv); then the database's generated
#      credentials Secret deleted: reported (CredentialsLost), not generated anew, orders still
#      served, and taken back once restored
#   7. deleting the OrderPlatform deletes its workloads, Services and Secrets; the claims of
#      PostgreSQL (reclaimPolicy Retain, the default) and RabbitMQ stay
#
# The cluster stays up afterwards (hack/cluster.sh down stops it). On a failure the script prints
# a diagnosis (pods, events, the platform's status, the operator's log) and exits non-zero.
#
# Settings (environment): ORDERLY_E2E_HOST (the Ingress host, default shop.orderly.test),
# ORDERLY_E2E_READY_TIMEOUT (seconds until the platform is Ready, default 600),
# ORDERLY_E2E_UPGRADE_TAG (the second image tag, default 0.1.1), and hack/cluster.sh's.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=hack/lib/auth.sh
source hack/lib/auth.sh
# shellcheck source=hack/lib/ingress-client.sh
source hack/lib/ingress-client.sh
# shellcheck source=hack/lib/java.sh
source hack/lib/java.sh

HOST=${ORDERLY_E2E_HOST:-shop.orderly.test}
BASE="http://$HOST"
READY_TIMEOUT=${ORDERLY_E2E_READY_TIMEOUT:-600}
ROUTE_TIMEOUT=120
ORDER_TIMEOUT=60
TAG=${ORDERLY_IMAGE_TAG:-0.1.0}
UPGRADE_TAG=${ORDERLY_E2E_UPGRADE_TAG:-0.1.1} # built here as a second version of the same code
REGISTRY=ghcr.io/orderly
RELEASE=orderly-operator
OPERATOR_NAMESPACE=orderly-system
NAMESPACE=shop
PLATFORM=shop
OUTSIDER_NAMESPACE=outsider
IMAGES_DIR="$ROOT/target/node-images"
DRY_RUN=0
SKIP_BUILD=0
WORK=
HTTP_STATUS=
HTTP_BODY=
STEP=start
FAILURE=        # what die said
FAILURE_REPORT= # a file that says what failed in the current step, printed last on a failure
START=$SECONDS
TIMES=() # "seconds  step" of each step done

log() { printf '[cluster-e2e] %s\n' "$*" >&2; }
die() {
  FAILURE=$*
  log "ERROR: $*"
  exit 1
}
# run CMD...: prints CMD (the same trace hack/kind-e2e.sh gives) and runs it.
run() {
  printf '+ %s\n' "$*" >&2
  "$@"
}
step() {
  [[ $STEP == start ]] || TIMES+=("$((SECONDS - STEP_STARTED)) s  $STEP")
  STEP=$1
  STEP_STARTED=$SECONDS
  log "== $1 ($((SECONDS - START)) s)"
}

diagnose() {
  log "diagnosis:"
  {
    kubectl get nodes -o wide
    kubectl get op,pods,pvc -A -o wide
    kubectl -n "$NAMESPACE" describe op "$PLATFORM"
    kubectl get events -A --sort-by=.lastTimestamp | tail -n 40
    kubectl -n "$NAMESPACE" logs -l "app.kubernetes.io/instance=$PLATFORM" --all-containers --prefix \
      --tail=30 --max-log-requests=20
    kubectl -n "$OPERATOR_NAMESPACE" logs -l app.kubernetes.io/name=orderly-operator --all-containers \
      --prefix --tail=100
  } >&2 || true
}

on_exit() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  if ((rc != 0)); then
    [[ -n ${KUBECONFIG:-} ]] && diagnose
    # Last, where a reader of only the end of the output sees it: what failed.
    [[ -f $FAILURE_REPORT ]] && tail -n 60 "$FAILURE_REPORT" >&2
    log "FAILED (exit $rc) in step: $STEP${FAILURE:+: $FAILURE}"
  fi
  [[ -n $WORK ]] && rm -rf "$WORK"
  exit "$rc"
}

# ---------------------------------------------------------------- steps

cluster_and_images() {
  step "1/7 cluster and images"
  hack/cluster.sh up
  eval "$(hack/cluster.sh env)"
  INGRESS_ADDRESS=$(hack/cluster.sh ingress | sed 's|^http://||; s|:.*||')
  ((SKIP_BUILD)) || hack/images.sh node "$TAG"
  hack/cluster.sh load "$IMAGES_DIR"/*.tar
}

install_operator() {
  step "2/7 helm install $RELEASE"
  # The image's index in a pod annotation: an image rebuilt under the same tag on a cluster kept
  # from an earlier run rolls the operator's pods (the usual checksum annotation of Helm charts).
  local index
  index=$(tar -xOf "$IMAGES_DIR/orderly-operator-$TAG.oci.tar" index.json | sha256sum | cut -c1-16)
  run helm upgrade --install "$RELEASE" helm/orderly-operator --namespace "$OPERATOR_NAMESPACE" \
    --create-namespace --kubeconfig "$KUBECONFIG" \
    --set image.tag="$TAG" --set image.pullPolicy=Never \
    --set-string "podAnnotations.orderly\\.dev/image-index=$index" \
    --set serviceImages.registry="$REGISTRY" \
    --set autoscaling.interval=5s \
    --set dataStoreImages.postgres="$(node_image postgres)" \
    --set dataStoreImages.rabbitmq="$(node_image rabbitmq)" \
    --wait --timeout 5m
  run kubectl -n "$OPERATOR_NAMESPACE" rollout status deploy/"$RELEASE" --timeout=120s
}

# node_image NAME: the reference `hack/images.sh node` gave the image NAME (postgres, rabbitmq).
node_image() { awk -v name="orderly.local/$1:" 'index($1, name) == 1 { print $1; exit }' "$IMAGES_DIR/images-$TAG.txt"; }

# all_pods_running NAMESPACE: every pod of the namespace Running, every container ready.
all_pods_running() {
  local pods
  pods=$(kubectl -n "$1" get pods -o go-template='{{range .items}}{{.metadata.name}} {{.status.phase}}{{range .status.containerStatuses}} {{.ready}}{{end}}{{"\n"}}{{end}}')
  [[ -n $pods ]] || return 1
  ! grep -v -E '^[^ ]+ Running( true)+$' <<<"$pods"
}

apply_platform() {
  step "3/7 OrderPlatform $NAMESPACE/$PLATFORM"
  # A platform made again would reattach an earlier run's kept claims with new passwords
  # (docs/kubernetes.md): start from an empty namespace.
  run kubectl delete namespace "$NAMESPACE" --ignore-not-found --timeout=180s
  run kubectl create namespace "$NAMESPACE"
  # crds/examples/minimal.yaml, with an Ingress for Traefik.
  sed -n '/^apiVersion/,$p' crds/examples/minimal.yaml >"$WORK/platform.yaml"
  printf '  ingress:\n    host: %s\n    className: traefik\n' "$HOST" >>"$WORK/platform.yaml"
  run kubectl -n "$NAMESPACE" apply -f "$WORK/platform.yaml"
  run kubectl -n "$NAMESPACE" wait --for=condition=Ready "op/$PLATFORM" --timeout="${READY_TIMEOUT}s"
  local deadline=$((SECONDS + 60))
  until all_pods_running "$NAMESPACE" >/dev/null; do
    ((SECONDS < deadline)) || die "the platform is Ready, but not all of its pods run: $(all_pods_running "$NAMESPACE")"
    sleep 2
  done
  kubectl -n "$NAMESPACE" get op,pods -o wide >&2
}

# wait_for_status ID HEADER STATUS: polls the order until it has STATUS; fails on the other end state.
wait_for_status() {
  local id=$1 header=$2 want=$3 status deadline=$((SECONDS + ORDER_TIMEOUT))
  while :; do
    http 200 GET "/api/orders/$id" -H "@$header"
    status=$(field status "")
    [[ $status == "$want" ]] && return 0
    [[ $status == CONFIRMED || $status == CANCELLED ]] && die "order $id ended $status, expected $want: $HTTP_BODY"
    ((SECONDS < deadline)) || die "order $id still ${status:-unknown} after ${ORDER_TIMEOUT}s"
    sleep 0.5
  done
}

# place KEY QUANTITY: a customer's order of QUANTITY kettles; prints its id.
place() {
  http 202 POST /api/orders -H "@$WORK/customer.header" -H 'Content-Type: application/json' \
    -H "Idempotency-Key: $1" --data "{\"items\":[{\"productId\":\"kettle\",\"quantity\":$2}]}"
  field id ""
}

# available PRODUCT: its available stock, as the public catalogue says.
available() {
  http 200 GET "/api/inventory/products/$1"
  sed -n 's/.*"available" *: *\([0-9]*\).*/\1/p' <<<"$HTTP_BODY"
}

traffic() {
  step "4/7 orders through the Ingress ($BASE at $INGRESS_ADDRESS)"
  umask 077
  wait_for_route
  local admin_password admin_token customer customer_password token confirmed rejected cancelled before
  admin_password=$(kubectl -n "$NAMESPACE" get secret "$PLATFORM-auth-keys" \
    -o go-template='{{index .data "admin-password" | base64decode}}')
  # A client configures itself from the issuer URL: the metadata names the token endpoint.
  http 200 GET /api/auth/.well-known/oauth-authorization-server
  [[ $(field token_endpoint "$BASE/api/auth/token") == "$BASE/api/auth/token" ]] ||
    die "the issuer's metadata names another token endpoint: $HTTP_BODY"
  password_grant "$WORK/admin.form" admin "$admin_password"
  http 200 POST /api/auth/token --data "@$WORK/admin.form"
  admin_token=$(field access_token "")
  [[ -n $admin_token ]] || die "no access_token for the admin: $HTTP_BODY"
  bearer "$WORK/admin.header" "$admin_token"
  http 201 POST /api/inventory/products -H "@$WORK/admin.header" -H 'Content-Type: application/json' \
    --data '{"id":"kettle","name":"Gooseneck kettle","stock":5}'

  customer="e2e-$RANDOM"
  customer_password=$(random_secret)
  credentials "$WORK/customer.json" "$customer" "$customer_password"
  http 201 POST /api/auth/users -H 'Content-Type: application/json' --data "@$WORK/customer.json"
  password_grant "$WORK/customer.form" "$customer" "$customer_password"
  http 200 POST /api/auth/token --data "@$WORK/customer.form"
  token=$(field access_token "")
  [[ -n $token ]] || die "no access_token for the customer: $HTTP_BODY"
  bearer "$WORK/customer.header" "$token"

  confirmed=$(place confirmed 2)
  wait_for_status "$confirmed" "$WORK/customer.header" CONFIRMED
  [[ $(available kettle) == 3 ]] || die "after an order of 2 the kettle's stock is $(available kettle), expected 3"
  rejected=$(place too-many 4)
  wait_for_status "$rejected" "$WORK/customer.header" CANCELLED
  [[ $(available kettle) == 3 ]] || die "a rejected order changed the stock to $(available kettle)"
  http 200 GET "/api/orders/$rejected" -H "@$WORK/customer.header"
  grep -q OUT_OF_STOCK <<<"$HTTP_BODY" || die "the rejected order gives no stock reason: $HTTP_BODY"
  cancelled=$(place cancelled 1)
  wait_for_status "$cancelled" "$WORK/customer.header" CONFIRMED
  before=$(available kettle)
  http 200,202 POST "/api/orders/$cancelled/cancel" -H "@$WORK/customer.header"
  wait_for_status "$cancelled" "$WORK/customer.header" CANCELLED
  local deadline=$((SECONDS + ORDER_TIMEOUT))
  until [[ $(available kettle) == $((before + 1)) ]]; do
    ((SECONDS < deadline)) || die "the cancelled order's kettle did not come back: stock $(available kettle), expected $((before + 1))"
    sleep 0.5
  done
  log "orders: $confirmed CONFIRMED, $rejected CANCELLED (out of stock), $cancelled cancelled and released"
}

# reachable HOST PORT: whether a TCP connection from the outsider's pod to HOST:PORT succeeds
# (busybox's nc has no -z: it connects, sends nothing and ends at the end of its input).
reachable() {
  kubectl -n "$OUTSIDER_NAMESPACE" exec outsider -- sh -c "nc -w 3 $1 $2 </dev/null >/dev/null" >/dev/null 2>&1
}

# serving SERVICE: the platform's Service has ready endpoints, so a refused connection is the
# NetworkPolicy's doing.
serving() {
  kubectl -n "$NAMESPACE" get endpointslices -l "kubernetes.io/service-name=$1" \
    -o jsonpath='{.items[*].endpoints[?(@.conditions.ready==true)].addresses[0]}' | grep -q .
}

network_policies() {
  step "5/7 NetworkPolicies"
  run kubectl create namespace "$OUTSIDER_NAMESPACE" --dry-run=client -o yaml | kubectl apply -f -
  run kubectl -n "$OUTSIDER_NAMESPACE" run outsider --image "$ORDERLY_CLUSTER_BUSYBOX" \
    --image-pull-policy=Never --restart=Never --command -- sleep 3600
  run kubectl -n "$OUTSIDER_NAMESPACE" wait --for=condition=Ready pod/outsider --timeout=60s
  local svc=".$NAMESPACE.svc.cluster.local" target name port
  reachable "$PLATFORM-gateway$svc" 8080 || die "the gateway is unreachable from another namespace"
  for target in postgres:5432 rabbitmq:5672 orders:8080 inventory:8080; do
    name=$PLATFORM-${target%:*} port=${target#*:}
    serving "$name" || die "Service $name has no ready endpoints"
    if reachable "$name$svc" "$port"; then die "$name:$port is reachable from another namespace"; fi
  done
  log "from namespace $OUTSIDER_NAMESPACE: gateway reachable; postgres, rabbitmq, orders, inventory refused"
  run kubectl delete namespace "$OUTSIDER_NAMESPACE" --wait=false
}

# Steps 6 and 7 of the issue's list in one Maven run (services/integration-tests, RealNodeIT): the
# inventory pod and then the RabbitMQ pod deleted in the middle of a burst of orders, then
# spec.version changed under a steady load; each time every accepted order must end terminal, with
# nothing lost or applied twice (the invariant checker, on the platform's databases through a
# port-forward), and the rollout must go stage by stage.
disruptions() {
  step "6/7 pods deleted mid-burst, spec.version $TAG -> $UPGRADE_TAG under load, inventory autoscaled (RealNodeIT)"
  ((SKIP_BUILD)) || hack/images.sh node "$UPGRADE_TAG"
  hack/cluster.sh load "$IMAGES_DIR"/{gateway,auth,orders,inventory}-"$UPGRADE_TAG".oci.tar
  # The JVM resolves the Ingress host with this file (curl's --resolve, for Java).
  printf '%s %s\n127.0.0.1 localhost\n' "$INGRESS_ADDRESS" "$HOST" >"$WORK/hosts"
  FAILURE_REPORT=services/integration-tests/target/failsafe-reports/dev.orderly.it.RealNodeIT.txt
  rm -f "$FAILURE_REPORT"
  run ./mvnw -B -q -pl services/integration-tests -am verify \
    -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test=RealNodeIT -Dfailsafe.failIfNoSpecifiedTests=false \
    -DargLine="-Djdk.net.hosts.file=$WORK/hosts" \
    -Dorderly.cluster.base="$BASE" -Dorderly.cluster.namespace="$NAMESPACE" \
    -Dorderly.cluster.platform="$PLATFORM" -Dorderly.cluster.upgradeVersion="$UPGRADE_TAG"
  FAILURE_REPORT=
  # What the pods needed through that load, against their limits (docs/benchmarks.md).
  bench/pod-memory.sh "$NAMESPACE" | tee services/integration-tests/target/pod-memory.txt >&2 || true
}

delete_platform() {
  step "7/7 delete the OrderPlatform"
  run kubectl -n "$NAMESPACE" delete op "$PLATFORM" --timeout=120s
  local deadline=$((SECONDS + 120)) left
  while :; do
    left=$(kubectl -n "$NAMESPACE" get deploy,sts,svc,secret,ingress,networkpolicy,pdb,pods \
      -l "app.kubernetes.io/instance=$PLATFORM" -o name)
    [[ -z $left ]] && break
    ((SECONDS < deadline)) || die "left 120 s after deleting the platform: $(tr '\n' ' ' <<<"$left")"
    sleep 2
  done
  # docs/kubernetes.md: the PostgreSQL claim stays with reclaimPolicy Retain (the default), the
  # RabbitMQ claim always.
  run kubectl -n "$NAMESPACE" get pvc "data-$PLATFORM-postgres-0" "data-$PLATFORM-rabbitmq-0" >/dev/null ||
    die "a claim went with the platform"
  log "children gone; claims data-$PLATFORM-postgres-0 and data-$PLATFORM-rabbitmq-0 kept"
  run kubectl delete namespace "$NAMESPACE" --wait=false
}

main() {
  while (($#)); do
    case $1 in
      --skip-build) SKIP_BUILD=1 ;;
      -h | --help) sed -n '2,27p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
      *) die "unknown argument $1" ;;
    esac
    shift
  done
  trap on_exit EXIT
  trap 'exit 130' INT TERM
  WORK=$(mktemp -d)
  cluster_and_images
  install_operator
  apply_platform
  traffic
  network_policies
  disruptions
  delete_platform
  step finished
  local line
  for line in "${TIMES[@]}"; do log "  $line"; done
  log "PASSED in $((SECONDS - START)) s"
}

main "$@"
