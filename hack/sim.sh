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
#
# What it sets up, as a kind user would find it:
#   - Storage: kind ships a default StorageClass `standard` whose provisioner runs in a pod. No pod
#     runs here (kwok only marks pods Running/Ready), so when the cluster has no default
#     StorageClass this creates `standard` with `kubernetes.io/no-provisioner` and
#     WaitForFirstConsumer, plus a pool of pre-created hostPath PersistentVolumes (labelled
#     orderly.dev/sim-volume; nothing is ever written to their paths). The scheduler binds each
#     PostgreSQL/RabbitMQ claim to one of them, so the StatefulSet pods schedule. `up` keeps
#     ORDERLY_SIM_VOLUMES of them Available and makes Released ones Available again. Claims show
#     the pool volume's size (ORDERLY_SIM_VOLUME_SIZE), not the size they asked for.
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
# /healthz, /readyz and /metrics, default 26280), ORDERLY_SIM_VOLUMES (default 6),
# ORDERLY_SIM_VOLUME_SIZE (default 20Gi), ORDERLY_SIM_JAVA_OPTS (default -Xmx512m), and the
# operator's own variables (WATCH_NAMESPACES, ORDERLY_IMAGE_REGISTRY, ...) pass through.
# The control plane's settings are hack/kube-testenv.sh's (hack/kube/README.md).
#
# Logs: .kube-testenv/logs/operator.log and the control plane's beside it.
# Then: eval "$(hack/kube-testenv.sh env)"; kubectl get op -A
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=hack/lib/java.sh
source hack/lib/java.sh
# shellcheck source=hack/lib/process.sh
source hack/lib/process.sh

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
VOLUMES="${ORDERLY_SIM_VOLUMES:-6}"
VOLUME_SIZE="${ORDERLY_SIM_VOLUME_SIZE:-20Gi}"
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

volume_yaml() {
  local name=$1
  cat <<EOF
apiVersion: v1
kind: PersistentVolume
metadata:
  name: $name
  labels: {orderly.dev/sim-volume: "true"}
spec:
  capacity: {storage: $VOLUME_SIZE}
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: standard
  volumeMode: Filesystem
  hostPath: {path: $STATE/volumes/$name}
EOF
}

ensure_storage() {
  if ! has_default_storage_class; then
    log "creating the default StorageClass 'standard' (static volumes, WaitForFirstConsumer)"
    kubectl apply -f - >/dev/null <<'EOF'
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: standard
  annotations: {storageclass.kubernetes.io/is-default-class: "true"}
  labels: {orderly.dev/sim-volume: "true"}
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
reclaimPolicy: Retain
EOF
  fi
  # Only our own pool is managed, and only when `standard` is ours.
  if [[ "$(kubectl get storageclass standard -o jsonpath='{.metadata.labels.orderly\.dev/sim-volume}' 2>/dev/null)" != true ]]; then
    log "the cluster has its own default StorageClass; no volumes are created"
    return 0
  fi
  local pv
  # A Released volume (its claim was deleted) is made Available again, like a recycler would.
  for pv in $(kubectl get pv -l orderly.dev/sim-volume=true \
    -o jsonpath='{range .items[?(@.status.phase=="Released")]}{.metadata.name}{"\n"}{end}'); do
    kubectl patch pv "$pv" --type=json -p '[{"op":"remove","path":"/spec/claimRef"}]' >/dev/null
  done
  local available names index=0
  available=$(kubectl get pv -l orderly.dev/sim-volume=true \
    -o jsonpath='{range .items[?(@.status.phase!="Bound")]}{.metadata.name}{"\n"}{end}' | grep -c . || true)
  names=$(kubectl get pv -l orderly.dev/sim-volume=true -o jsonpath='{range .items[*]}{.metadata.name}{"\n"}{end}')
  while ((available < VOLUMES)); do
    while grep -qx "sim-pv-$index" <<<"$names"; do index=$((index + 1)); done
    volume_yaml "sim-pv-$index" | kubectl apply -f - >/dev/null
    names+=$'\n'"sim-pv-$index"
    available=$((available + 1))
  done
  log "storage: $VOLUMES volumes of $VOLUME_SIZE available in StorageClass standard"
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
    log "claims are Pending: a claim binds only a pool volume at least as large as it asks" \
      "(ORDERLY_SIM_VOLUMES=$VOLUMES volumes of ORDERLY_SIM_VOLUME_SIZE=$VOLUME_SIZE; see: kubectl get pv)"
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

# ---------------------------------------------------------------- commands

cmd_up() {
  local start=$SECONDS
  build
  "$TESTENV" up
  check_node_leases
  install_chart
  ensure_storage
  start_operator
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
  sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

main() {
  local cmd=${1:-up}
  [[ $# -gt 0 ]] && shift
  case "$cmd" in
    up) cmd_up ;;
    down) cmd_down "$@" ;;
    status) cmd_status ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
