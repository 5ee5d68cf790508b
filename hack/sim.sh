#!/usr/bin/env bash
# An OrderPlatform on a simulated cluster, with one command and no Docker.
#
#   hack/sim.sh [up]     build what is missing, start the control plane (hack/kube-testenv.sh:
#                        etcd, kube-apiserver, controller-manager, scheduler, kwok with fake
#                        Ready nodes), `helm install` the operator's chart, run the operator in
#                        the background, apply an OrderPlatform and wait until it is Ready; exits
#                        non-zero (with a diagnosis) when it is not
#   hack/sim.sh down     stop the operator this script started, then the control plane
#                        (--purge also deletes the cluster's state, logs included)
#   hack/sim.sh status   what runs, and the platform's state
#   hack/sim.sh scale [N] N platforms (default 50, one namespace each) applied at once: the time
#                        until all are Ready, then the operator's writes while nothing changes
#                        (ORDERLY_SIM_STEADY_SECONDS, default 330, from 70 s after the last is
#                        Ready: one queue-health reading later), from the API server's audit
#                        log; exits non-zero unless that is 0 and all stay Ready
#
# What it sets up, as a kind user would find it:
#   - Storage: kind's default StorageClass `standard` is rancher's local-path-provisioner; so is
#     this one. The provisioner runs as a process here (hack/cluster/local-path-provisioner, built
#     and cached like the real node's add-ons) and makes a volume for each claim once its pod is
#     scheduled; its helper pods run nothing, kwok ends them Succeeded. A cluster with its own
#     default StorageClass keeps it.
#   - The operator: `helm upgrade --install orderly-operator helm/orderly-operator` into
#     orderly-system, as on a real cluster (CRD, ServiceAccount, RBAC, Deployment, metrics Service).
#     kwok marks the Deployment's pods Running without running them, so the operator that really
#     reconciles is the jar, run as a Java process on this machine under the chart's
#     ServiceAccount (its token, not cluster admin) with leader election on the chart's Lease:
#     a rule missing from the chart shows up here as it would in a real cluster.
#   - The platform: ORDERLY_SIM_PLATFORM (default crds/examples/minimal.yaml) in the namespace
#     ORDERLY_SIM_NAMESPACE (default shop), with whatever else the file holds (e.g. Secrets).
#     Images are never pulled: pods run no containers.
#
# Settings (environment): ORDERLY_SIM_NAMESPACE, ORDERLY_SIM_PLATFORM, ORDERLY_SIM_TIMEOUT
# (seconds to wait for Ready, default 180), ORDERLY_SIM_OPERATOR_PORT (the operator's
# /healthz, /readyz and /metrics, default 26280), ORDERLY_SIM_JAVA_OPTS (default -Xmx512m), and the
# operator's own variables (WATCH_NAMESPACES, ORDERLY_IMAGE_REGISTRY, ...) pass through.
# The control plane's settings are hack/kube-testenv.sh's (hack/kube/README.md).
#
# Logs: .kube-testenv/logs/operator.log, local-path-provisioner.log and the control plane's beside it.
# Then: eval "$(hack/kube-testenv.sh env)"; kubectl get op -A
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=hack/lib/java.sh
source hack/lib/java.sh
# shellcheck source=hack/lib/process.sh
source hack/lib/process.sh
# shellcheck source=hack/lib/components.sh
source hack/lib/components.sh
# shellcheck source=hack/lib/cluster-addons.sh
source hack/lib/cluster-addons.sh

TESTENV="$ROOT/hack/kube-testenv.sh"
STATE="${ORDERLY_KUBE_HOME:-$ROOT/.kube-testenv}"
LOGS="$STATE/logs"
RUN="$STATE/run"
OPERATOR_LOG="$LOGS/operator.log"
OPERATOR_PID="$RUN/operator.pid"
OPERATOR_KUBECONFIG="$STATE/operator.kubeconfig"
JAR="$ROOT/operator/target/orderly-operator.jar"

NAMESPACE="${ORDERLY_SIM_NAMESPACE:-shop}"
PLATFORM_FILE="${ORDERLY_SIM_PLATFORM:-$ROOT/crds/examples/minimal.yaml}"
READY_TIMEOUT="${ORDERLY_SIM_TIMEOUT:-180}"
OPERATOR_PORT="${ORDERLY_SIM_OPERATOR_PORT:-26280}"
PROVISIONER_NAMESPACE=local-path-storage
ADDON_BIN="${ORDERLY_KUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/orderly-kube}/addons/bin"
JAVA_OPTS="${ORDERLY_SIM_JAVA_OPTS:--Xmx512m}"
PLATFORM=
OPERATOR_NAMESPACE=orderly-system
# The chart names its objects, the ServiceAccount included, after this release.
RELEASE=orderly-operator
OPERATOR_ACCOUNT=$RELEASE
CHART="$ROOT/helm/orderly-operator"

log() { printf '[sim] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# kubectl as cluster admin: the testenv's `env` names its kubeconfig and puts kubectl on PATH.
eval "$("$TESTENV" env)"

# ---------------------------------------------------------------- build

operator_jar_current() {
  [[ -f "$JAR" && -d "$ROOT/operator/target/libs" ]] || return 1
  # Stale when a source or the POM changed after the jar was built.
  [[ -z "$(find "$ROOT/operator/src/main" "$ROOT/operator/pom.xml" "$ROOT/pom.xml" -newer "$JAR" -type f -print -quit)" ]]
}

build() {
  if operator_jar_current; then
    log "operator jar is up to date"
  else
    log "building the operator jar (./mvnw -pl operator -am install -DskipTests)"
    local mvn=(./mvnw -B -q -pl operator -am install -DskipTests)
    # Serialize with other Maven builds on a shared machine.
    if command -v flock >/dev/null 2>&1; then mvn=(flock /tmp/orderly-mvn.lock "${mvn[@]}"); fi
    "${mvn[@]}" || die "the operator build failed"
    [[ -f "$JAR" ]] || die "the build did not produce $JAR"
  fi
  # The control plane: `hack/kube-testenv.sh up` builds it first (cached; ~12 min the first time).
}

# ---------------------------------------------------------------- cluster setup

# kwok renews a Lease per fake node only when started with --node-lease-duration-seconds; without
# them the controller-manager finds the nodes silent after its 50s grace period, marks them
# Unknown and every pod on them NotReady (kwok re-readies the nodes, never the pods), so a platform
# that was Ready falls back to Provisioning about a minute later.
node_leases_present() {
  local i
  for ((i = 0; i < $1; i++)); do
    [[ -n "$(kubectl -n kube-node-lease get lease -o name 2>/dev/null)" ]] && return 0
    sleep 0.5
  done
  return 1
}

warn_about_node_leases() {
  log "WARNING: the kwok nodes hold no Lease in kube-node-lease: about 50s after they last" \
    "reported, the controller-manager marks them Unknown and their pods NotReady for good, so the" \
    "platform stops being Ready (kwok needs --node-lease-duration-seconds 40 in hack/kube-testenv.sh;" \
    "until then, \`hack/sim.sh down --purge\` and up again)"
}

# kwok takes the leases as it starts managing the nodes, before `up` sees them Ready.
check_node_leases() { node_leases_present 6 || warn_about_node_leases; }

install_chart() {
  log "helm upgrade --install $RELEASE $CHART (namespace $OPERATOR_NAMESPACE)"
  # A cluster an older hack/sim.sh set up holds the CRD and RBAC without Helm's ownership labels,
  # which Helm refuses to adopt; the simulated cluster is disposable, so say how to start afresh.
  helm upgrade --install "$RELEASE" "$CHART" --namespace "$OPERATOR_NAMESPACE" --create-namespace >/dev/null \
    || die "helm could not install $CHART (objects from an older hack/sim.sh? hack/sim.sh down --purge, then up)"
  kubectl wait --for=condition=Established crd/orderplatforms.orderly.dev --timeout=60s >/dev/null \
    || die "the CRD was not Established within 60s (see $LOGS/kube-apiserver.log)"
}

has_default_storage_class() {
  kubectl get storageclass -o \
    jsonpath='{range .items[*]}{.metadata.annotations.storageclass\.kubernetes\.io/is-default-class}{"\n"}{end}' \
    | grep -qx true
}

# What kind ships: rancher's local-path-provisioner behind the default StorageClass `standard`.
# Here it runs as a process (pods run nothing); its helper pods carry the label on which kwok ends
# them Succeeded (hack/kube-testenv.sh), so each claim gets its volume as on a real node. Nothing
# is written to the volumes' folders.
storage_yaml() {
  cat <<EOF
apiVersion: v1
kind: Namespace
metadata: {name: $PROVISIONER_NAMESPACE}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: local-path-config, namespace: $PROVISIONER_NAMESPACE}
data:
  config.json: |
    {"nodePathMap": [{"node": "DEFAULT_PATH_FOR_NON_LISTED_NODES", "paths": ["$STATE/volumes"]}]}
  setup: |
    #!/bin/sh
    mkdir -m 0777 -p "\$VOL_DIR"
  teardown: |
    #!/bin/sh
    rm -rf "\$VOL_DIR"
  helperPod.yaml: |
    apiVersion: v1
    kind: Pod
    metadata:
      name: helper-pod
      labels: {orderly.dev/kwok-complete: "true"}
    spec:
      containers:
        - {name: helper-pod, image: busybox}
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: standard
  annotations: {storageclass.kubernetes.io/is-default-class: "true"}
  labels: {orderly.dev/sim-storage: "true"}
provisioner: rancher.io/local-path
volumeBindingMode: WaitForFirstConsumer
reclaimPolicy: Delete
EOF
}

ensure_storage() {
  # An earlier hack/sim.sh's class (static volumes from a pool) goes, with its unbound volumes.
  if [[ "$(kubectl get storageclass standard -o jsonpath='{.metadata.labels.orderly\.dev/sim-volume}' 2>/dev/null)" == true ]]; then
    log "replacing the StorageClass of static volumes by local-path-provisioner's"
    kubectl delete storageclass standard >/dev/null
    kubectl get pv -l orderly.dev/sim-volume=true -o name | xargs -r kubectl delete --wait=false >/dev/null 2>&1 || true
  fi
  if has_default_storage_class && [[ "$(kubectl get storageclass standard \
    -o jsonpath='{.metadata.labels.orderly\.dev/sim-storage}' 2>/dev/null)" != true ]]; then
    log "the cluster has its own default StorageClass; no provisioner is started"
    return 0
  fi
  addons_build "$ADDON_BIN" local-path-provisioner || die "could not build local-path-provisioner"
  storage_yaml | kubectl apply -f - >/dev/null
  mkdir -p "$STATE/volumes"
  start_component local-path-provisioner "$ADDON_BIN/local-path-provisioner" --debug start \
    --kubeconfig "$STATE/kubeconfig" --namespace "$PROVISIONER_NAMESPACE" \
    --configmap-name local-path-config --service-account-name default --worker-threads 8
  wait_for local-path-provisioner "local-path-provisioner" 30 \
    grep -q 'Provisioner started' "$LOGS/local-path-provisioner.log"
  log "storage: StorageClass standard (default), local-path-provisioner $(addons_version local-path-provisioner)" \
    "(pid $(running_pid local-path-provisioner), log $LOGS/local-path-provisioner.log)"
}

# A kubeconfig that authenticates as the operator's ServiceAccount (a fresh one-year token).
write_operator_kubeconfig() {
  local server ca token
  server=$(kubectl config view --raw --minify -o jsonpath='{.clusters[0].cluster.server}')
  ca=$(kubectl config view --raw --minify -o jsonpath='{.clusters[0].cluster.certificate-authority-data}')
  token=$(kubectl -n "$OPERATOR_NAMESPACE" create token "$OPERATOR_ACCOUNT" --duration=8760h)
  (
    umask 077
    cat >"$OPERATOR_KUBECONFIG" <<EOF
apiVersion: v1
kind: Config
clusters:
  - name: sim
    cluster: {server: "$server", certificate-authority-data: "$ca"}
users:
  - name: $OPERATOR_ACCOUNT
    user: {token: "$token"}
contexts:
  - name: sim
    context: {cluster: sim, user: $OPERATOR_ACCOUNT, namespace: $OPERATOR_NAMESPACE}
current-context: sim
EOF
  )
}

# ---------------------------------------------------------------- the operator process

# The pid of the operator this script started (checked against pid reuse), or failure.
operator_pid() {
  local pid
  [[ -f "$OPERATOR_PID" ]] || return 1
  pid=$(cat "$OPERATOR_PID")
  [[ "$pid" =~ ^[0-9]+$ && -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' '\n' <"/proc/$pid/cmdline" | grep -qxF -- "-Dorderly.sim.state=$STATE" || return 1
  printf '%s' "$pid"
}

operator_ready() { curl -fsS "http://127.0.0.1:$OPERATOR_PORT/readyz" >/dev/null 2>&1; }

operator_log_tail() {
  log "last lines of $OPERATOR_LOG:"
  tail -n "${1:-30}" "$OPERATOR_LOG" >&2 2>/dev/null || true
}

stop_operator() {
  local pid
  if ! pid=$(operator_pid); then
    rm -f "$OPERATOR_PID"
    return 0
  fi
  log "stopping the operator (pid $pid)"
  stop_process "the operator" "$pid"
  rm -f "$OPERATOR_PID"
}

start_operator() {
  local pid deadline
  if pid=$(operator_pid); then
    if [[ "$JAR" -nt "$OPERATOR_PID" ]]; then
      log "the operator jar changed since the operator started; restarting it"
      stop_operator
    else
      log "operator already running (pid $pid)"
      return 0
    fi
  fi
  if operator_ready; then
    die "port $OPERATOR_PORT already answers /readyz: another operator runs; stop it or set ORDERLY_SIM_OPERATOR_PORT"
  fi
  write_operator_kubeconfig
  mkdir -p "$LOGS" "$RUN"
  log "starting the operator (log: $OPERATOR_LOG)"
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of JVM options
  KUBECONFIG="$OPERATOR_KUBECONFIG" HEALTH_PORT="$OPERATOR_PORT" \
    LEADER_ELECTION=true LEADER_ELECTION_NAMESPACE="$OPERATOR_NAMESPACE" \
    setsid "$JAVA_HOME/bin/java" $JAVA_OPTS "-Dorderly.sim.state=$STATE" -jar "$JAR" \
    >>"$OPERATOR_LOG" 2>&1 </dev/null &
  echo $! >"$OPERATOR_PID"
  deadline=$((SECONDS + 90))
  until operator_ready; do
    if ! operator_pid >/dev/null; then
      operator_log_tail
      die "the operator exited during startup (see $OPERATOR_LOG)"
    fi
    if ((SECONDS >= deadline)); then
      operator_log_tail
      die "the operator was not ready on http://127.0.0.1:$OPERATOR_PORT/readyz within 90s (see $OPERATOR_LOG)"
    fi
    sleep 0.5
  done
  log "operator ready (pid $(cat "$OPERATOR_PID"), http://127.0.0.1:$OPERATOR_PORT/{healthz,readyz,metrics})"
}

# ---------------------------------------------------------------- the platform

print_conditions() {
  local resource=$1
  echo "conditions of $resource:"
  kubectl -n "$NAMESPACE" get "$resource" -o \
    jsonpath='{range .status.conditions[*]}{.type}{"\t"}{.status}{"\t"}{.reason}{"\t"}{.message}{"\n"}{end}' \
    | awk -F'\t' 'BEGIN { printf "  %-14s %-7s %-20s %s\n", "TYPE", "STATUS", "REASON", "MESSAGE" }
                  { printf "  %-14s %-7s %-20s %s\n", $1, $2, $3, $4 }'
}

print_platform() {
  local resource=$1
  kubectl get orderplatforms,deploy,sts,svc,ingress,networkpolicy -n "$NAMESPACE"
  echo
  print_conditions "$resource"
}

diagnose() {
  local resource=$1
  log "diagnosis of $resource in namespace $NAMESPACE:"
  {
    kubectl -n "$NAMESPACE" get "$resource" -o wide || true
    print_conditions "$resource" || true
    echo
    kubectl -n "$NAMESPACE" get pods,pvc -o wide || true
    echo
    kubectl -n "$NAMESPACE" get events --sort-by=.lastTimestamp 2>/dev/null | tail -n 20 || true
  } >&2
  operator_log_tail 40
  if [[ -n "$(kubectl -n "$NAMESPACE" get pvc -o jsonpath='{.items[?(@.status.phase=="Pending")].metadata.name}' 2>/dev/null)" ]]; then
    log "claims are Pending: local-path-provisioner makes their volumes once their pods are scheduled" \
      "(see $LOGS/local-path-provisioner.log and: kubectl -n $PROVISIONER_NAMESPACE get pods)"
  fi
  node_leases_present 1 || warn_about_node_leases
  log "logs: $OPERATOR_LOG and the control plane's in $LOGS/"
  log "more: eval \"\$(hack/kube-testenv.sh env)\"; kubectl -n $NAMESPACE describe $resource"
}

# Applies the platform file and waits for Ready; sets PLATFORM to e.g. orderplatform.orderly.dev/shop.
apply_platform() {
  local objects deadline
  [[ -f "$PLATFORM_FILE" ]] || die "no such OrderPlatform file: $PLATFORM_FILE"
  # With -n, kubectl also refuses objects that name another namespace.
  objects=$(kubectl -n "$NAMESPACE" create --dry-run=client -f "$PLATFORM_FILE" -o name) \
    || die "$PLATFORM_FILE does not fit namespace $NAMESPACE (set ORDERLY_SIM_NAMESPACE to the one it names)"
  [[ "$(grep -c '^orderplatform\.orderly\.dev/' <<<"$objects")" == 1 ]] \
    || die "$PLATFORM_FILE must hold exactly one OrderPlatform"
  kubectl get namespace "$NAMESPACE" >/dev/null 2>&1 || kubectl create namespace "$NAMESPACE" >/dev/null
  PLATFORM=$(kubectl -n "$NAMESPACE" apply -f "$PLATFORM_FILE" -o name) || die "could not apply $PLATFORM_FILE"
  PLATFORM=$(grep '^orderplatform\.orderly\.dev/' <<<"$PLATFORM")
  log "applied $PLATFORM in namespace $NAMESPACE; waiting up to ${READY_TIMEOUT}s for Ready"
  deadline=$((SECONDS + READY_TIMEOUT))
  # kubectl wait in short slices, so a dead operator ends the wait at once.
  until kubectl -n "$NAMESPACE" wait --for=condition=Ready "$PLATFORM" --timeout=5s >/dev/null 2>&1; do
    if ! operator_pid >/dev/null; then
      diagnose "$PLATFORM"
      die "the operator died while $PLATFORM was not Ready (see $OPERATOR_LOG)"
    fi
    if ((SECONDS >= deadline)); then
      diagnose "$PLATFORM"
      die "$PLATFORM was not Ready within ${READY_TIMEOUT}s (see $OPERATOR_LOG)"
    fi
  done
}

# start_cluster_and_operator: everything but the platforms, each step idempotent.
start_cluster_and_operator() {
  build
  "$TESTENV" up
  check_node_leases
  install_chart
  ensure_storage
  start_operator
}

# ---------------------------------------------------------------- the scale run

SCALE_PREFIX=scale-
# Long enough to take in every platform's periodic re-check (the operator's 5 minutes).
STEADY_SECONDS="${ORDERLY_SIM_STEADY_SECONDS:-330}"
SETTLE_SECONDS=70
OPERATOR_USER="system:serviceaccount:$OPERATOR_NAMESPACE:$OPERATOR_ACCOUNT"

# scale_yaml COUNT: COUNT copies of $PLATFORM_FILE's OrderPlatform, each in a namespace of its own.
scale_yaml() {
  local i platform
  platform=$(sed -n '/^apiVersion/,$p' "$PLATFORM_FILE")
  for ((i = 1; i <= $1; i++)); do
    printf -- '---\napiVersion: v1\nkind: Namespace\nmetadata: {name: %s%d}\n---\n' "$SCALE_PREFIX" "$i"
    printf '%s\n' "${platform/$'\nmetadata:\n'/$'\nmetadata:\n  namespace: '$SCALE_PREFIX$i$'\n'}"
  done
}

# ready_platforms: how many OrderPlatforms of the scale run are Ready.
ready_platforms() {
  kubectl get orderplatforms -A -o \
    jsonpath='{range .items[*]}{.metadata.namespace} {.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' |
    grep -c "^${SCALE_PREFIX}[0-9]* True\$" || true
}

# operator_writes FROM_LINE: the operator's writes in the audit log after line FROM_LINE, as
# "COUNT verb resource" lines (nothing when there were none).
operator_writes() {
  tail -n +"$(($1 + 1))" "$LOGS/audit.log" | python3 -c '
import collections, json, sys
writes = collections.Counter()
for line in sys.stdin:
    event = json.loads(line)
    if event.get("user", {}).get("username") == sys.argv[1] and event.get("stage") == "ResponseComplete":
        ref = event.get("objectRef", {})
        writes[event["verb"] + " " + ref.get("resource", "") + ("/" + ref["subresource"] if "subresource" in ref else "")] += 1
for what, count in writes.most_common():
    print(count, what)
' "$OPERATOR_USER"
}

audit_lines() { wc -l <"$LOGS/audit.log"; }

# reconciliations: how many reconciliations the operator has started (its JOSDK metrics).
reconciliations() {
  curl -fsS "http://127.0.0.1:$OPERATOR_PORT/metrics" |
    awk '/^operator_sdk_reconciliations_started_total/ {n += $NF} END {printf "%d\n", n}'
}

# cmd_scale [COUNT]: COUNT platforms applied at once; how long until all are Ready, and what the
# operator writes in the steady state afterwards.
cmd_scale() {
  local count=${1:-50} nodes start elapsed ready mark writes runs renewals
  [[ $count =~ ^[1-9][0-9]*$ ]] || die "usage: hack/sim.sh scale [COUNT]"
  # A platform is 8 pods (crds/examples/minimal.yaml) and a fake node takes 110.
  export ORDERLY_KUBE_NODES=${ORDERLY_KUBE_NODES:-$(((count * 8 + 109) / 110 + 1))}
  start_cluster_and_operator
  nodes=$(kubectl get nodes -l type=kwok -o name | grep -c .)
  ((nodes * 110 >= count * 8)) ||
    die "$nodes fake nodes hold $((nodes * 110)) pods, $count platforms need $((count * 8)): hack/sim.sh down, then ORDERLY_KUBE_NODES=$ORDERLY_KUBE_NODES hack/sim.sh scale $count"
  ! kubectl get namespaces -o name | grep -q "^namespace/$SCALE_PREFIX" ||
    die "namespaces $SCALE_PREFIX* are left from an earlier run: kubectl delete namespace -l orderly.dev/sim-scale, or hack/sim.sh down --purge"
  scale_yaml "$count" >"$RUN/scale.yaml"
  log "applying $count OrderPlatforms (namespaces $SCALE_PREFIX""1..$count) at once, on $nodes fake nodes"
  mark=$(audit_lines)
  start=$SECONDS
  kubectl apply -f "$RUN/scale.yaml" >/dev/null
  kubectl label namespace $(seq -f "$SCALE_PREFIX%g" 1 "$count") orderly.dev/sim-scale=true >/dev/null
  while ready=$(ready_platforms) && ((ready < count)); do
    operator_pid >/dev/null || die "the operator died during the scale run (see $OPERATOR_LOG)"
    ((SECONDS - start < READY_TIMEOUT * 5)) || die "$ready of $count platforms Ready after $((SECONDS - start)) s"
    (((SECONDS - start) % 30 == 0)) && log "$ready of $count Ready after $((SECONDS - start)) s"
    sleep 1
  done
  elapsed=$((SECONDS - start))
  log "all $count platforms Ready in $elapsed s; the operator's writes meanwhile:"
  operator_writes "$mark" | sed 's/^/  /' >&2
  # The steady state: nothing changes, so the operator should change nothing either. Its own
  # leader-election Lease it renews every few seconds; that is counted apart. It starts once the
  # queue and outbox readings taken before the pods were ready have been replaced: the operator
  # reads them at most once a QUEUE_HEALTH_INTERVAL (60 s), and the new reading is a status change.
  log "waiting ${SETTLE_SECONDS} s for the first readings of the ready pods"
  sleep "$SETTLE_SECONDS"
  mark=$(audit_lines)
  runs=$(reconciliations)
  log "steady state: counting the operator's writes for ${STEADY_SECONDS} s"
  sleep "$STEADY_SECONDS"
  runs=$(($(reconciliations) - runs))
  writes=$(operator_writes "$mark")
  renewals=$(grep -E '^[0-9]+ (update|patch) leases$' <<<"$writes" | awk '{n += $1} END {print n + 0}')
  writes=$(grep -v -E '^[0-9]+ (update|patch) leases$' <<<"$writes" || true)
  ready=$(ready_platforms)
  echo
  echo "| $count OrderPlatforms applied at once ($nodes kwok nodes, operator $JAVA_OPTS) | value |"
  echo "| --- | --- |"
  echo "| time until all are Ready | $elapsed s |"
  echo "| the operator's writes in the ${STEADY_SECONDS} s after (steady state) | $(awk '{n += $1} END {print n + 0}' <<<"$writes") |"
  echo "| its reconciliations meanwhile; its leader Lease renewals | $runs; $renewals |"
  echo "| platforms still Ready at the end | $ready of $count |"
  [[ -z $writes ]] || { log "the operator wrote in the steady state:"; printf '  %s\n' "${writes//$'\n'/$'\n  '}" >&2; }
  log "the platforms stay; remove them: kubectl delete namespace -l orderly.dev/sim-scale=true"
  [[ -z $writes && $ready == "$count" ]]
}

# ---------------------------------------------------------------- commands

cmd_up() {
  local start=$SECONDS
  start_cluster_and_operator
  apply_platform
  log "$PLATFORM is Ready ($((SECONDS - start))s in all)"
  echo
  print_platform "$PLATFORM"
  echo
  log "use it: eval \"\$(hack/kube-testenv.sh env)\"; kubectl -n $NAMESPACE get op,pods"
  log "stop it: hack/sim.sh down"
}

cmd_down() {
  stop_operator
  stop_component local-path-provisioner
  "$TESTENV" down "$@"
}

cmd_status() {
  local pid rc=0
  if pid=$(operator_pid); then
    echo "operator: running (pid $pid), /readyz $(operator_ready && echo ok || echo 'not ok'), log $OPERATOR_LOG"
  else
    echo "operator: stopped"
    rc=1
  fi
  "$TESTENV" status || return 1
  kubectl get orderplatforms -A 2>/dev/null || true
  return "$rc"
}

usage() {
  sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

main() {
  local cmd=${1:-up}
  [[ $# -gt 0 ]] && shift
  case "$cmd" in
    up) cmd_up ;;
    down) cmd_down "$@" ;;
    status) cmd_status ;;
    scale) cmd_scale "$@" ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
