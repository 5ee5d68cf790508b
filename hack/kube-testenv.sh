#!/usr/bin/env bash
# A real Kubernetes control plane for Orderly's operator tests, built from source.
#
#   hack/kube-testenv.sh build    compile etcd, kube-apiserver, kube-controller-manager,
#                                 kube-scheduler, kubectl, kwok and helm once (cached per version)
#                                 and lay out the binaries io.fabric8:kube-api-test looks for
#   hack/kube-testenv.sh up       start etcd + apiserver (RBAC) + controller-manager +
#                                 scheduler + kwok with 3 fake Ready nodes (idempotent)
#   hack/kube-testenv.sh down     stop exactly what `up` started (--purge also deletes data)
#   hack/kube-testenv.sh status   show what runs and whether the API server is ready
#   hack/kube-testenv.sh env      print `export KUBECONFIG=...` (use: eval "$(... env)")
#   hack/kube-testenv.sh client NAME SUBJECT
#                                 a client certificate and kubeconfig for an agent (prints its path)
#
# Everything is on 127.0.0.1 unless ORDERLY_KUBE_HOST says otherwise (hack/cluster.sh).
# See hack/kube/README.md for the wiring.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=hack/lib/components.sh
source "$ROOT/hack/lib/components.sh"
MOD_DIR="$ROOT/hack/kube"

# The pinned Kubernetes version is the one go.mod requires (single source of truth).
KUBE_VERSION=$(awk '$1 == "k8s.io/kubernetes" && $2 ~ /^v[0-9]/ { sub(/^v/, "", $2); print $2; exit }' "$MOD_DIR/go.mod")
if [[ -z "$KUBE_VERSION" ]]; then
  echo "cannot read the k8s.io/kubernetes version from $MOD_DIR/go.mod" >&2
  exit 1
fi
KUBE_MAJOR=${KUBE_VERSION%%.*}
KUBE_MINOR=${KUBE_VERSION#*.}
KUBE_MINOR=${KUBE_MINOR%%.*}
# helm is a Go tool of the same module (go.mod's `tool` line), built from its upstream main package.
HELM_VERSION=$(awk '$1 == "helm.sh/helm/v3" && $2 ~ /^v[0-9]/ { print $2; exit }' "$MOD_DIR/go.mod")

# shellcheck source=hack/lib/go.sh
source "$ROOT/hack/lib/go.sh"

CACHE_ROOT="${ORDERLY_KUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/orderly-kube}"
BIN_DIR="$CACHE_ROOT/v$KUBE_VERSION/bin"
KUBE_API_TEST_HOME="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}"
STATE="${ORDERLY_KUBE_HOME:-$ROOT/.kube-testenv}"
PKI="$STATE/pki"
LOGS="$STATE/logs"
RUN="$STATE/run"
KUBECONFIG_ADMIN="$STATE/kubeconfig"

# The API server's address. hack/cluster.sh sets the host side of its node's link, so that pods
# reach it; etcd stays on loopback either way.
HOST="${ORDERLY_KUBE_HOST:-127.0.0.1}"
ETCD_HOST=127.0.0.1
ETCD_PORT="${ORDERLY_KUBE_ETCD_PORT:-23790}"
ETCD_PEER_PORT="${ORDERLY_KUBE_ETCD_PEER_PORT:-23800}"
APISERVER_PORT="${ORDERLY_KUBE_APISERVER_PORT:-26443}"
KCM_PORT="${ORDERLY_KUBE_CONTROLLER_MANAGER_PORT:-26257}"
SCHEDULER_PORT="${ORDERLY_KUBE_SCHEDULER_PORT:-26259}"
KWOK_PORT="${ORDERLY_KUBE_KWOK_PORT:-26247}"
KWOK_NODE_PORT="${ORDERLY_KUBE_KWOK_NODE_PORT:-26250}"
NODE_COUNT="${ORDERLY_KUBE_NODES:-3}"
SERVICE_CIDR="${ORDERLY_KUBE_SERVICE_CIDR:-10.96.0.0/16}"
SERVICE_IP="${ORDERLY_KUBE_SERVICE_IP:-10.96.0.1}"
POD_CIDR=10.244.0.1/16
# Set for real nodes: the controller-manager then gives each node a /24 podCIDR from it.
CLUSTER_CIDR="${ORDERLY_KUBE_CLUSTER_CIDR:-}"
UP_TIMEOUT="${ORDERLY_KUBE_UP_TIMEOUT:-180}"

BINARIES=(etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok helm kubelet kube-proxy)
KUBE_API_TEST_BINARIES=(etcd kube-apiserver kubectl)
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler)
((NODE_COUNT == 0)) || COMPONENTS+=(kwok)

log() { printf '[kube-testenv] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- build

ldflags() {
  local pkg flags="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    flags+=" -X $pkg.gitVersion=v$KUBE_VERSION -X $pkg.gitMajor=$KUBE_MAJOR -X $pkg.gitMinor=$KUBE_MINOR"
    flags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  flags+=" -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
  printf '%s' "$flags"
}

# Changes to the module, our wrappers or the flags invalidate the cached binaries.
build_stamp() {
  {
    "$GO" env GOVERSION GOOS GOARCH
    echo CGO_ENABLED=0
    ldflags
    cat "$MOD_DIR/go.mod" "$MOD_DIR/go.sum"
    find "$MOD_DIR/cmd" -name '*.go' -type f | LC_ALL=C sort | xargs cat
  } | sha256sum | cut -d' ' -f1
}

binaries_current() {
  local b
  for b in "${BINARIES[@]}"; do [[ -x "$BIN_DIR/$b" ]] || return 1; done
  [[ -f "$BIN_DIR/.stamp" && "$(cat "$BIN_DIR/.stamp")" == "$(build_stamp)" ]]
}

install_kube_api_test_layout() {
  local goos goarch dir b
  goos=$("$GO" env GOOS)
  goarch=$("$GO" env GOARCH)
  # kube-api-test 7.5.2: <dir>/k8s/<major.minor.patch>-<os>-<arch>/{etcd,kube-apiserver,kubectl}
  dir="$KUBE_API_TEST_HOME/k8s/$KUBE_VERSION-$goos-$goarch"
  mkdir -p "$dir"
  for b in "${KUBE_API_TEST_BINARIES[@]}"; do
    if ! cmp -s "$BIN_DIR/$b" "$dir/$b"; then
      rm -f "$dir/$b"
      ln "$BIN_DIR/$b" "$dir/$b" 2>/dev/null || cp "$BIN_DIR/$b" "$dir/$b"
    fi
  done
  log "kube-api-test binaries: $dir"
}

cmd_build() {
  if binaries_current; then
    log "binaries for v$KUBE_VERSION are up to date in $BIN_DIR"
  else
    [[ -x "$(command -v "$GO")" ]] || die "go not found (set GO=/path/to/go)"
    mkdir -p "$CACHE_ROOT/v$KUBE_VERSION"
    local tmp start b
    tmp=$(mktemp -d "$CACHE_ROOT/v$KUBE_VERSION/build.XXXXXX")
    start=$SECONDS
    log "building ${BINARIES[*]} for v$KUBE_VERSION (cold: ~12 min on 2 busy cores) ..."
    (
      cd "$MOD_DIR"
      # Static binaries like upstream's release builds (no libc, no C compiler needed).
      CGO_ENABLED=0 GOFLAGS="${GOFLAGS:-} -mod=readonly" nice -n "${ORDERLY_KUBE_NICE:-10}" \
        "$GO" build -trimpath -p "${ORDERLY_KUBE_BUILD_JOBS:-2}" -ldflags "$(ldflags)" -o "$tmp/" ./cmd/... helm.sh/helm/v3/cmd/helm
    ) || { rm -rf "$tmp"; die "go build failed"; }
    mkdir -p "$BIN_DIR"
    for b in "${BINARIES[@]}"; do mv -f "$tmp/$b" "$BIN_DIR/$b"; done
    rm -rf "$tmp"
    build_stamp >"$BIN_DIR/.stamp"
    log "built in $((SECONDS - start))s into $BIN_DIR"
  fi
  install_kube_api_test_layout
}

# ---------------------------------------------------------------- certificates

gen_cert() {
  # gen_cert <name> <subject> [subjectAltName]: a client or serving cert signed by our CA
  local name=$1 subject=$2 san=${3:-} ext
  [[ -f "$PKI/$name.crt" ]] && return 0
  openssl genrsa -out "$PKI/$name.key" 2048 2>/dev/null
  openssl req -new -key "$PKI/$name.key" -subj "$subject" -out "$PKI/$name.csr" 2>/dev/null
  ext="$PKI/$name.ext"
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    if [[ -n "$san" ]]; then
      echo "extendedKeyUsage=serverAuth"
      echo "subjectAltName=$san"
    else
      echo "extendedKeyUsage=clientAuth"
    fi
  } >"$ext"
  openssl x509 -req -in "$PKI/$name.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial \
    -days 3650 -sha256 -extfile "$ext" -out "$PKI/$name.crt" 2>/dev/null
  rm -f "$PKI/$name.csr" "$ext"
}

gen_pki() {
  mkdir -p "$PKI"
  chmod 700 "$PKI"
  if [[ ! -f "$PKI/ca.crt" ]]; then
    log "generating CA and certificates in $PKI"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$PKI/ca.key" -out "$PKI/ca.crt" \
      -days 3650 -sha256 -subj "/CN=orderly-testenv-ca" \
      -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" 2>/dev/null
  fi
  gen_cert apiserver "/CN=kube-apiserver" \
    "IP:$HOST,IP:$SERVICE_IP,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
  gen_cert admin "/O=system:masters/CN=orderly-admin"
  gen_cert controller-manager "/CN=system:kube-controller-manager"
  gen_cert scheduler "/CN=system:kube-scheduler"
  gen_cert kwok "/O=system:masters/CN=kwok-controller"
  gen_cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client"
  if [[ ! -f "$PKI/sa.key" ]]; then
    openssl genrsa -out "$PKI/sa.key" 2048 2>/dev/null
    openssl rsa -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null
  fi
}

write_kubeconfig() {
  # write_kubeconfig <file> <cert name>
  local file=$1 user=$2 kc=("$BIN_DIR/kubectl" --kubeconfig "$1")
  "${kc[@]}" config set-cluster orderly-testenv --server "https://$HOST:$APISERVER_PORT" \
    --certificate-authority "$PKI/ca.crt" --embed-certs >/dev/null
  "${kc[@]}" config set-credentials "$user" --client-certificate "$PKI/$user.crt" \
    --client-key "$PKI/$user.key" --embed-certs >/dev/null
  "${kc[@]}" config set-context orderly-testenv --cluster orderly-testenv --user "$user" >/dev/null
  "${kc[@]}" config use-context orderly-testenv >/dev/null
  chmod 600 "$file"
}

# ---------------------------------------------------------------- up / down

kubectl_admin() { "$BIN_DIR/kubectl" --kubeconfig "$KUBECONFIG_ADMIN" "$@"; }

apiserver_ready() { kubectl_admin get --raw /readyz >/dev/null; }

fake_nodes_yaml() {
  local i
  for ((i = 0; i < NODE_COUNT; i++)); do
    cat <<EOF
---
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-$i
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    type: kwok
    kubernetes.io/arch: amd64
    kubernetes.io/hostname: kwok-node-$i
    kubernetes.io/os: linux
    kubernetes.io/role: agent
    node-role.kubernetes.io/agent: ""
    topology.kubernetes.io/zone: zone-$((i % 3))
status:
  allocatable: {cpu: "32", memory: 256Gi, pods: "110"}
  capacity: {cpu: "32", memory: 256Gi, pods: "110"}
  nodeInfo:
    architecture: amd64
    kubeletVersion: v$KUBE_VERSION
    operatingSystem: linux
EOF
  done
}

# The audit log ($LOGS/audit.log, JSON lines) records every write by a service account outside
# kube-system, such as the operator's under its chart's ServiceAccount, so a test can count what a
# controller changed.
audit_policy() {
  cat <<EOF
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
  # The controller-manager's controllers: service accounts too, and by far the busiest writers.
  - level: None
    userGroups: ["system:serviceaccounts:kube-system"]
  - level: Metadata
    userGroups: ["system:serviceaccounts"]
    verbs: [create, update, patch, delete, deletecollection]
  - level: None
EOF
}

# A pod that is meant to end (a volume provisioner's helper pod, say) runs nothing on a fake node;
# with this label kwok ends it Succeeded once it is Running, as its command would.
KWOK_COMPLETE_LABEL=orderly.dev/kwok-complete
kwok_complete_stage() {
  cat <<EOF
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: pod-complete-on-label
spec:
  resourceRef: {apiGroup: v1, kind: Pod}
  selector:
    matchLabels: {$KWOK_COMPLETE_LABEL: "true"}
    matchExpressions:
      - {key: .metadata.deletionTimestamp, operator: DoesNotExist}
      - {key: .status.phase, operator: In, values: [Running]}
  next:
    statusTemplate: |
      {{ \$now := Now }}
      containerStatuses:
      {{ range \$index, \$item := .spec.containers }}
      - image: {{ \$item.image | Quote }}
        name: {{ \$item.name | Quote }}
        ready: false
        restartCount: 0
        started: false
        state:
          terminated:
            exitCode: 0
            finishedAt: {{ \$now | Quote }}
            reason: Completed
            startedAt: {{ \$now | Quote }}
      {{ end }}
      phase: Succeeded
EOF
}

# The fake nodes: kwok marks pods bound to them Running and Ready without running them.
start_kwok() {
  {
    "$BIN_DIR/kwok" default-stages
    kwok_complete_stage
  } >"$STATE/kwok-stages.yaml"
  start_component kwok "$BIN_DIR/kwok" \
    --config "$STATE/kwok-stages.yaml" \
    --kubeconfig "$STATE/kwok.kubeconfig" \
    --manage-all-nodes=false \
    --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
    --node-lease-duration-seconds 40 \
    --server-address "$HOST:$KWOK_PORT" --node-port "$KWOK_NODE_PORT" \
    --node-ip "$HOST" --cidr "$POD_CIDR"

  wait_for kwok "kwok /healthz" 60 curl -fsS "http://$HOST:$KWOK_PORT/healthz"

  fake_nodes_yaml | kubectl_admin apply -f - >/dev/null
  wait_for kwok "fake nodes Ready" 60 kubectl_admin wait --for=condition=Ready node -l type=kwok --timeout=5s
}

cmd_up() {
  local start=$SECONDS
  cmd_build
  mkdir -p "$STATE" "$LOGS" "$RUN" "$STATE/etcd" "$STATE/certs"
  gen_pki
  write_kubeconfig "$KUBECONFIG_ADMIN" admin
  write_kubeconfig "$STATE/controller-manager.kubeconfig" controller-manager
  write_kubeconfig "$STATE/scheduler.kubeconfig" scheduler
  write_kubeconfig "$STATE/kwok.kubeconfig" kwok

  # A loopback advertise address is refused by the endpoint reconciler, which leaves the
  # `kubernetes` Service without endpoints; a real node's pods need them.
  local reconciler=(--endpoint-reconciler-type none) node_cidrs=(--allocate-node-cidrs=false)
  [[ $HOST == 127.* ]] || reconciler=()
  [[ -z $CLUSTER_CIDR ]] || node_cidrs=(--allocate-node-cidrs=true --cluster-cidr "$CLUSTER_CIDR" --node-cidr-mask-size 24)

  start_component etcd "$BIN_DIR/etcd" \
    --name orderly-testenv --data-dir "$STATE/etcd" \
    --listen-client-urls "http://$ETCD_HOST:$ETCD_PORT" --advertise-client-urls "http://$ETCD_HOST:$ETCD_PORT" \
    --listen-peer-urls "http://$ETCD_HOST:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://$ETCD_HOST:$ETCD_PEER_PORT" \
    --initial-cluster "orderly-testenv=http://$ETCD_HOST:$ETCD_PEER_PORT" \
    --log-level warn
  wait_for etcd "etcd /health" 30 curl -fsS "http://$ETCD_HOST:$ETCD_PORT/health"

  audit_policy >"$STATE/audit-policy.yaml"
  start_component kube-apiserver "$BIN_DIR/kube-apiserver" \
    --audit-policy-file "$STATE/audit-policy.yaml" --audit-log-path "$LOGS/audit.log" \
    --audit-log-maxsize 100 --audit-log-maxbackup 1 \
    --etcd-servers "http://$ETCD_HOST:$ETCD_PORT" \
    --bind-address "$HOST" --advertise-address "$HOST" --secure-port "$APISERVER_PORT" \
    "${reconciler[@]}" \
    --kubelet-client-certificate "$PKI/apiserver-kubelet-client.crt" \
    --kubelet-client-key "$PKI/apiserver-kubelet-client.key" \
    --kubelet-preferred-address-types InternalIP,Hostname \
    --cert-dir "$STATE/certs" \
    --tls-cert-file "$PKI/apiserver.crt" --tls-private-key-file "$PKI/apiserver.key" \
    --client-ca-file "$PKI/ca.crt" \
    --authorization-mode Node,RBAC \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$PKI/sa.pub" \
    --service-account-signing-key-file "$PKI/sa.key" \
    --service-cluster-ip-range "$SERVICE_CIDR" \
    --allow-privileged=true \
    --enable-admission-plugins NodeRestriction \
    --profiling=false
  wait_for kube-apiserver "kube-apiserver /readyz" "$UP_TIMEOUT" apiserver_ready

  start_component kube-controller-manager "$BIN_DIR/kube-controller-manager" \
    --kubeconfig "$STATE/controller-manager.kubeconfig" \
    --authentication-kubeconfig "$STATE/controller-manager.kubeconfig" \
    --authorization-kubeconfig "$STATE/controller-manager.kubeconfig" \
    --bind-address "$HOST" --secure-port "$KCM_PORT" --cert-dir "$STATE/certs" \
    --leader-elect=false --controllers '*' \
    --use-service-account-credentials=true \
    --service-account-private-key-file "$PKI/sa.key" --root-ca-file "$PKI/ca.crt" \
    --cluster-signing-cert-file "$PKI/ca.crt" --cluster-signing-key-file "$PKI/ca.key" \
    --service-cluster-ip-range "$SERVICE_CIDR" "${node_cidrs[@]}" \
    --flex-volume-plugin-dir "$STATE/flex-volume-plugins" \
    --profiling=false

  start_component kube-scheduler "$BIN_DIR/kube-scheduler" \
    --kubeconfig "$STATE/scheduler.kubeconfig" \
    --authentication-kubeconfig "$STATE/scheduler.kubeconfig" \
    --authorization-kubeconfig "$STATE/scheduler.kubeconfig" \
    --bind-address "$HOST" --secure-port "$SCHEDULER_PORT" --cert-dir "$STATE/certs" \
    --leader-elect=false --profiling=false

  wait_for kube-controller-manager "kube-controller-manager /healthz" 60 \
    curl -fsSk "https://$HOST:$KCM_PORT/healthz"
  wait_for kube-scheduler "kube-scheduler /healthz" 60 curl -fsSk "https://$HOST:$SCHEDULER_PORT/healthz"
  ((NODE_COUNT == 0)) || start_kwok
  # Pods need the default ServiceAccount, which the controller-manager creates.
  wait_for kube-controller-manager "the default ServiceAccount" 60 \
    kubectl_admin -n default get serviceaccount default

  log "up in $((SECONDS - start))s: https://$HOST:$APISERVER_PORT, $NODE_COUNT kwok nodes Ready"
  [[ -n ${ORDERLY_KUBE_HOST:-} ]] || log "use it with: eval \"\$($0 env)\""
}

cmd_down() {
  local purge=false i
  [[ "${1:-}" == "--purge" ]] && purge=true
  for ((i = ${#COMPONENTS[@]} - 1; i >= 0; i--)); do
    stop_component "${COMPONENTS[i]}"
  done
  if $purge && [[ -d "$STATE" ]]; then
    log "deleting $STATE"
    rm -rf "$STATE"
  fi
}

cmd_status() {
  local name pid rc=0
  echo "kubernetes v$KUBE_VERSION, binaries: $BIN_DIR ($(binaries_current && echo built || echo 'not built'))"
  echo "state: $STATE"
  for name in "${COMPONENTS[@]}"; do
    if pid=$(running_pid "$name"); then
      printf '  %-24s running (pid %s)\n' "$name" "$pid"
    else
      printf '  %-24s stopped\n' "$name"
      rc=1
    fi
  done
  if running_pid kube-apiserver >/dev/null && apiserver_ready 2>/dev/null; then
    echo "  apiserver https://$HOST:$APISERVER_PORT: ready"
    kubectl_admin get nodes 2>/dev/null | sed 's/^/  /' || true
  else
    echo "  apiserver https://$HOST:$APISERVER_PORT: not ready"
    rc=1
  fi
  return "$rc"
}

# client NAME SUBJECT: a client certificate of our CA and a kubeconfig using it, for the real node's
# agents (hack/cluster.sh); prints the kubeconfig's path.
cmd_client() {
  local name=${1:?client NAME SUBJECT} subject=${2:?client NAME SUBJECT}
  [[ -f "$PKI/ca.crt" ]] || die "no CA in $PKI: run up first"
  gen_cert "$name" "$subject"
  write_kubeconfig "$STATE/$name.kubeconfig" "$name"
  printf '%s\n' "$STATE/$name.kubeconfig"
}

cmd_env() {
  printf 'export KUBECONFIG=%q\n' "$KUBECONFIG_ADMIN"
  # shellcheck disable=SC2016 # $PATH is meant for the shell that evals this
  printf 'export PATH=%q:"$PATH"\n' "$BIN_DIR"
}

usage() {
  sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

main() {
  local cmd=${1:-}
  [[ $# -gt 0 ]] && shift
  case "$cmd" in
    build) cmd_build ;;
    up) cmd_up ;;
    down) cmd_down "$@" ;;
    status) cmd_status ;;
    env) cmd_env ;;
    client) cmd_client "$@" ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
