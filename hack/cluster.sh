#!/usr/bin/env bash
# A real one-node Kubernetes cluster on this machine: pods run in containers, built from source.
#
#   hack/cluster.sh up              build what is missing, then start the control plane, the node
#                                   (containerd, kubelet, kube-proxy, kube-router's firewall) and
#                                   the add-ons (CoreDNS, Traefik, local-path-provisioner); idempotent
#   hack/cluster.sh down            stop all of it and undo every mount, namespace, cgroup and file
#                                   it made outside its state folder (--purge: the state folder too)
#   hack/cluster.sh status          what runs; exit 0 only when the node is Ready
#   hack/cluster.sh env             `export KUBECONFIG=... PATH=...` (use: eval "$(... env)")
#   hack/cluster.sh load ARCHIVE... import image archives (OCI or docker-save) into the node
#   hack/cluster.sh ingress         the Ingress controller's address, http://<node ip>:<port>
#
# The node is a network namespace of its own: its bridge, routes, iptables rules, ipsets and
# conntrack entries live and die with it, so two checkouts on one machine do not clash when their
# ORDERLY_CLUSTER_NAME and ORDERLY_CLUSTER_NET differ. The control plane (hack/kube-testenv.sh)
# runs on the host side of the node's link. docs/real-cluster.md has the wiring.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NAME="${ORDERLY_CLUSTER_NAME:-orderly}"
# One /16 per cluster: pods in .0.0/17 (the node's /24 first), Services in .128.0/20, and the
# host <-> node link in .255.0/30.
NET="${ORDERLY_CLUSTER_NET:-10.250}"
STATE="${ORDERLY_CLUSTER_HOME:-$ROOT/.cluster}"
# etcd listens on loopback, the only port the host's other clusters could share.
ETCD_PORT="${ORDERLY_CLUSTER_ETCD_PORT:-23890}"
INGRESS_PORT="${ORDERLY_CLUSTER_INGRESS_PORT:-80}"
UP_TIMEOUT="${ORDERLY_CLUSTER_UP_TIMEOUT:-240}"

HOST_IP="$NET.255.1"
NODE_IP="$NET.255.2"
CLUSTER_CIDR="$NET.0.0/17"
NODE_POD_CIDR="$NET.0.0/24"
POD_GATEWAY="$NET.0.1"
SERVICE_CIDR="$NET.128.0/20"
SERVICE_IP="$NET.128.1"
DNS_IP="$NET.128.10"
NODE="$NAME-node"
HOST_LINK="${NAME:0:12}-h" # interface names are 15 characters at most
NETNS="$STATE/netns/node"
CGROUP_ROOT="/orderly-$NAME"

LOGS="$STATE/logs"
RUN="$STATE/run"
CONTROL_PLANE="$STATE/control-plane"
CONTAINERD_DIR="$STATE/containerd"
CONTAINERD_SOCK="$CONTAINERD_DIR/containerd.sock"
KUBELET_DIR="$STATE/kubelet"
ADDON_IMAGES="$STATE/images"

# shellcheck source=hack/lib/components.sh
source "$ROOT/hack/lib/components.sh"
# shellcheck source=hack/lib/go.sh
source "$ROOT/hack/lib/go.sh"
# shellcheck source=hack/lib/cluster-addons.sh
source "$ROOT/hack/lib/cluster-addons.sh"

KUBE_VERSION=$(awk '$1 == "k8s.io/kubernetes" && $2 ~ /^v[0-9]/ { sub(/^v/, "", $2); print $2; exit }' "$ROOT/hack/kube/go.mod")
CACHE_ROOT="${ORDERLY_KUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/orderly-kube}"
KUBE_BIN="$CACHE_ROOT/v$KUBE_VERSION/bin"
ADDON_BIN="$CACHE_ROOT/addons/bin"

NODE_COMPONENTS=(containerd kubelet kube-proxy kube-router)
PACKAGES=(containerd runc containernetworking-plugins iptables conntrack ipset util-linux iproute2 openssl
  busybox-static)
CNI_BIN=/usr/lib/cni

log() { printf '[cluster] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# The control plane is hack/kube-testenv.sh's, with its own state folder, on the link's host side.
testenv() {
  ORDERLY_KUBE_HOME="$CONTROL_PLANE" ORDERLY_KUBE_HOST="$HOST_IP" ORDERLY_KUBE_NODES=0 \
    ORDERLY_KUBE_CLUSTER_CIDR="$CLUSTER_CIDR" ORDERLY_KUBE_SERVICE_CIDR="$SERVICE_CIDR" \
    ORDERLY_KUBE_SERVICE_IP="$SERVICE_IP" ORDERLY_KUBE_ETCD_PORT="$ETCD_PORT" \
    ORDERLY_KUBE_ETCD_PEER_PORT="$((ETCD_PORT + 10))" ORDERLY_KUBE_APISERVER_PORT=6443 \
    ORDERLY_KUBE_CONTROLLER_MANAGER_PORT=10257 ORDERLY_KUBE_SCHEDULER_PORT=10259 \
    "$ROOT/hack/kube-testenv.sh" "$@"
}

kubectl_admin() { "$KUBE_BIN/kubectl" --kubeconfig "$CONTROL_PLANE/kubeconfig" "$@"; }

# in_node COMMAND...: runs COMMAND in the node's network namespace only (mounts stay the host's,
# so the kubelet, containerd and the pods see the same volumes).
in_node() { nsenter --net="$NETNS" "$@"; }

# ---------------------------------------------------------------- prerequisites

install_packages() {
  local missing=() pkg
  for pkg in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return 0
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

check_machine() {
  [[ $EUID -eq 0 ]] || die "needs root (network namespaces, iptables, cgroups, mounts)"
  [[ -d /sys/fs/cgroup/memory ]] || die "expects cgroup v1 hierarchies under /sys/fs/cgroup (see docs/real-cluster.md)"
  [[ -d /proc/sys/net/bridge ]] || die "the kernel has no bridge netfilter (br_netfilter): NetworkPolicies could not be enforced"
}

cmd_build() {
  install_packages
  testenv build
  addons_build "$ADDON_BIN"
}

# ---------------------------------------------------------------- network

netns_up() {
  mkdir -p "$STATE/netns"
  # A private mount of our own holds the namespace file (a bind mount of a namespace cannot sit
  # on a shared mount), so nothing appears in /run/netns.
  if ! mountpoint -q "$STATE/netns"; then
    mount --bind "$STATE/netns" "$STATE/netns"
    mount --make-private "$STATE/netns"
  fi
  if ! mountpoint -q "$NETNS"; then
    touch "$NETNS"
    unshare --net="$NETNS" true
  fi
  if ! ip link show "$HOST_LINK" >/dev/null 2>&1; then
    log "network: link $HOST_LINK ($HOST_IP) <-> node $NODE ($NODE_IP)"
    ip link add "$HOST_LINK" type veth peer name eth0 netns "$NETNS"
    ip addr add "$HOST_IP/30" dev "$HOST_LINK"
    ip link set "$HOST_LINK" up
  fi
  in_node ip link set lo up
  in_node ip addr replace "$NODE_IP/30" dev eth0
  in_node ip link set eth0 up
  in_node ip route replace default via "$HOST_IP"
  # The host reaches pods and Services through the node, as a router would send them.
  ip route replace "$CLUSTER_CIDR" via "$NODE_IP" dev "$HOST_LINK"
  ip route replace "$SERVICE_CIDR" via "$NODE_IP" dev "$HOST_LINK"
  # Per namespace: the node forwards, and bridged pod traffic passes iptables (kube-proxy's
  # Service NAT between pods on the bridge, kube-router's NetworkPolicy chains).
  in_node sysctl -qw net.ipv4.ip_forward=1 net.bridge.bridge-nf-call-iptables=1 \
    net.bridge.bridge-nf-call-ip6tables=1 net.ipv4.conf.all.route_localnet=1
}

netns_down() {
  if [[ -e "$NETNS" ]]; then
    if mountpoint -q "$NETNS"; then
      umount "$NETNS"
    fi
    rm -f "$NETNS"
  fi
  # The link's two ends go with the namespace; this covers a half-made one.
  ip link del "$HOST_LINK" 2>/dev/null || true
  if mountpoint -q "$STATE/netns" 2>/dev/null; then umount "$STATE/netns"; fi
}

write_cni_config() {
  mkdir -p "$STATE/cni/net.d" "$STATE/cni/ipam"
  cat >"$STATE/cni/net.d/10-orderly.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "orderly-$NAME",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "cni0",
      "isGateway": true,
      "ipMasq": true,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "dataDir": "$STATE/cni/ipam",
        "ranges": [[{"subnet": "$NODE_POD_CIDR", "gateway": "$POD_GATEWAY"}]],
        "routes": [{"dst": "0.0.0.0/0"}]
      }
    },
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
EOF
}

# ---------------------------------------------------------------- cgroups

# The kubelet's cgroup root, made in each v1 hierarchy (cgroupfs driver, no systemd here).
cgroups_up() {
  local hierarchy
  for hierarchy in /sys/fs/cgroup/*/; do
    [[ $hierarchy == */unified/ ]] && continue
    mkdir -p "$hierarchy${CGROUP_ROOT#/}"
  done
}

cgroups_down() {
  local hierarchy dir
  for hierarchy in /sys/fs/cgroup/*/; do
    dir="$hierarchy${CGROUP_ROOT#/}"
    [[ -d $dir ]] || continue
    # Deepest first: a cgroup goes only when it has no children and no processes.
    find "$dir" -depth -type d -exec rmdir {} \; 2>/dev/null || true
    if [[ -d $dir ]]; then log "could not remove $dir (processes left in it?)"; fi
  done
}

# ---------------------------------------------------------------- containerd

write_containerd_config() {
  mkdir -p "$CONTAINERD_DIR"/{root,state,opt} "$STATE/runc"
  cat >"$CONTAINERD_DIR/config.toml" <<EOF
version = 2
root = "$CONTAINERD_DIR/root"
state = "$CONTAINERD_DIR/state"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.zfs"]

[grpc]
  address = "$CONTAINERD_SOCK"
[ttrpc]
  address = "$CONTAINERD_SOCK.ttrpc"
[metrics]
  address = ""

[plugins."io.containerd.internal.v1.opt"]
  path = "$CONTAINERD_DIR/opt"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$(addon_image pause)"
  # The VM refuses a negative oom_score_adj even to root (no CAP_SYS_RESOURCE).
  restrict_oom_score_adj = true
  disable_apparmor = true
  netns_mounts_under_state_dir = true
  stream_server_address = "127.0.0.1"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        Root = "$STATE/runc"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "$CNI_BIN"
    conf_dir = "$STATE/cni/net.d"
EOF
}

ctr_node() { ctr --address "$CONTAINERD_SOCK" --namespace k8s.io "$@"; }

cmd_load() {
  (($# > 0)) || die "load ARCHIVE...: image archives to import"
  running_pid containerd >/dev/null || die "the node is not up (hack/cluster.sh up)"
  local archive
  for archive in "$@"; do
    [[ -f $archive ]] || die "no such archive: $archive"
    log "loading $(basename "$archive")"
    ctr_node images import --digests --snapshotter overlayfs "$archive" >/dev/null
  done
}

# ---------------------------------------------------------------- the node's agents

write_kubelet_config() {
  mkdir -p "$KUBELET_DIR" "$STATE/pod-logs" "$STATE/volume-plugins"
  cat >"$KUBELET_DIR/config.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
# cgroup v1 is all this machine offers (its own processes use the v1 memory hierarchy).
failCgroupV1: false
cgroupDriver: cgroupfs
cgroupRoot: $CGROUP_ROOT
containerRuntimeEndpoint: unix://$CONTAINERD_SOCK
address: $NODE_IP
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $CONTROL_PLANE/pki/ca.crt}
authorization:
  mode: Webhook
clusterDomain: cluster.local
clusterDNS: [$DNS_IP]
podLogsDir: $STATE/pod-logs
failSwapOn: false
registerNode: true
serializeImagePulls: false
# Images come from \`load\`, never from a registry: one the kubelet's image GC deleted (it did, on
# a machine with 15 % of its disk free, a loaded image before its pods started) could not come
# back. So no image GC, and eviction only when the disk is really full.
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard: {nodefs.available: 1Gi, imagefs.available: 1Gi, memory.available: 100Mi}
EOF
}

start_node() {
  local kubelet_kc proxy_kc
  start_component containerd nsenter --net="$NETNS" containerd --config "$CONTAINERD_DIR/config.toml"
  wait_for containerd "containerd's socket" 60 ctr_node version
  load_addon_images

  kubelet_kc=$(testenv client kubelet "/O=system:nodes/CN=system:node:$NODE")
  proxy_kc=$(testenv client kube-proxy "/CN=system:kube-proxy")
  write_kubelet_config
  start_component kubelet nsenter --net="$NETNS" "$KUBE_BIN/kubelet" \
    --config "$KUBELET_DIR/config.yaml" --kubeconfig "$kubelet_kc" \
    --root-dir "$KUBELET_DIR" --cert-dir "$KUBELET_DIR/pki" \
    --volume-plugin-dir "$STATE/volume-plugins" \
    --hostname-override "$NODE" --node-ip "$NODE_IP" --v=1
  wait_for kubelet "node $NODE Ready" "$UP_TIMEOUT" kubectl_admin wait --for=condition=Ready "node/$NODE" --timeout=5s
  local pod_cidr
  pod_cidr=$(kubectl_admin get node "$NODE" -o jsonpath='{.spec.podCIDR}')
  [[ $pod_cidr == "$NODE_POD_CIDR" ]] ||
    die "node $NODE got podCIDR '$pod_cidr', the bridge serves $NODE_POD_CIDR"

  cat >"$STATE/kube-proxy.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: $proxy_kc}
mode: iptables
clusterCIDR: $CLUSTER_CIDR
hostnameOverride: $NODE
bindAddress: $NODE_IP
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
# Zero leaves the machine-wide conntrack settings alone: they are not the node's to change.
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
EOF
  start_component kube-proxy nsenter --net="$NETNS" "$KUBE_BIN/kube-proxy" --config "$STATE/kube-proxy.yaml"
  wait_for kube-proxy "kube-proxy /healthz" 60 in_node curl -fsS http://127.0.0.1:10256/healthz
}

# ---------------------------------------------------------------- add-ons

MANIFESTS="$ROOT/hack/cluster/manifests"
VOLUMES="$STATE/volumes"

# addon_image NAME: the image of an add-on that runs as pods, tagged with its upstream version.
addon_image() { printf 'orderly.local/%s:%s' "$1" "$(addons_version "$1")"; }

# The add-ons that run as pods are images of one static binary each. Made again when a binary
# changes.
build_addon_images() {
  local name stamp
  mkdir -p "$ADDON_IMAGES"
  for name in pause coredns traefik local-path-provisioner; do
    stamp=$(sha256sum "$ADDON_BIN/$name" | cut -d' ' -f1)
    [[ -f "$ADDON_IMAGES/$name.tar" && "$(cat "$ADDON_IMAGES/$name.stamp" 2>/dev/null)" == "$stamp" ]] && continue
    python3 "$ROOT/hack/lib/oci.py" static "$ADDON_IMAGES/$name.tar" --name "$(addon_image "$name")" \
      --binary "$ADDON_BIN/$name" >/dev/null
    echo "$stamp" >"$ADDON_IMAGES/$name.stamp"
  done
  build_busybox_image
}

busybox_version() { dpkg-query -W -f='${Version}' busybox-static | sed 's/^[0-9]*://; s/-.*//'; }

busybox_image() { printf 'orderly.local/busybox:%s' "$(busybox_version)"; }

# Debian's static busybox with its applets on PATH: a shell and tools for the provisioner's helper
# pods and for tests' pods.
build_busybox_image() {
  local stamp root
  stamp=$(sha256sum /bin/busybox | cut -d' ' -f1)
  [[ -f "$ADDON_IMAGES/busybox.tar" && "$(cat "$ADDON_IMAGES/busybox.stamp" 2>/dev/null)" == "$stamp" ]] && return 0
  root=$(mktemp -d)
  mkdir -p "$root/bin" "$root/tmp"
  chmod 1777 "$root/tmp"
  cp /bin/busybox "$root/bin/busybox"
  /bin/busybox --list | grep -vx busybox | while read -r applet; do ln -s busybox "$root/bin/$applet"; done
  python3 "$ROOT/hack/lib/oci.py" build "$ADDON_IMAGES/busybox.tar" --name "$(busybox_image)" \
    --layer "$root" --env PATH=/bin --cmd '["sh"]' >/dev/null
  rm -rf "$root"
  echo "$stamp" >"$ADDON_IMAGES/busybox.stamp"
}

load_addon_images() {
  build_addon_images
  cmd_load "$ADDON_IMAGES"/{pause,coredns,traefik,local-path-provisioner,busybox}.tar
}

# apply_manifest FILE: the file with its @PLACEHOLDERS@ filled in, applied server-side.
apply_manifest() {
  sed -e "s|@DNS_IP@|$DNS_IP|g" -e "s|@NODE_IP@|$NODE_IP|g" -e "s|@INGRESS_PORT@|$INGRESS_PORT|g" \
    -e "s|@VOLUMES@|$VOLUMES|g" -e "s|@COREDNS_IMAGE@|$(addon_image coredns)|g" \
    -e "s|@TRAEFIK_IMAGE@|$(addon_image traefik)|g" \
    -e "s|@PROVISIONER_IMAGE@|$(addon_image local-path-provisioner)|g" -e "s|@BUSYBOX_IMAGE@|$(busybox_image)|g" "$1" |
    kubectl_admin apply --server-side --force-conflicts -f - >/dev/null
}

# A name resolved from a pod, through the Service rules kube-proxy wrote: DNS works for pods.
dns_answers() {
  local pod="dns-check-$RANDOM" ok=1
  kubectl_admin -n default run "$pod" --restart=Never --image "$(busybox_image)" --image-pull-policy=Never \
    --command -- nslookup kubernetes.default.svc.cluster.local "$DNS_IP" >/dev/null
  kubectl_admin -n default wait --for=jsonpath='{.status.phase}'=Succeeded "pod/$pod" --timeout=20s >/dev/null &&
    kubectl_admin -n default logs "$pod" | grep -q "$SERVICE_IP" && ok=0
  kubectl_admin -n default delete pod "$pod" --wait=false >/dev/null
  return "$ok"
}

addons_up() {
  local router_kc
  for manifest in kube-router coredns traefik local-path-storage; do
    apply_manifest "$MANIFESTS/$manifest.yaml"
  done
  router_kc=$(testenv client kube-router "/CN=kube-router")
  start_component kube-router nsenter --net="$NETNS" "$ADDON_BIN/kube-router" \
    --kubeconfig "$router_kc" --hostname-override "$NODE" \
    --run-firewall=true --run-router=false --run-service-proxy=false --enable-cni=false \
    --service-cluster-ip-range "$SERVICE_CIDR" --metrics-port 0 --health-port 20244
  mkdir -p "$VOLUMES"
  wait_for kube-router "kube-router /healthz" 60 in_node curl -fsS http://127.0.0.1:20244/healthz
  wait_for kubelet "CoreDNS Ready" "$UP_TIMEOUT" \
    kubectl_admin -n kube-system rollout status deploy/coredns --timeout=5s
  wait_for kubelet "Traefik Ready" "$UP_TIMEOUT" \
    kubectl_admin -n ingress-traefik rollout status deploy/traefik --timeout=5s
  wait_for kubelet "local-path-provisioner Ready" "$UP_TIMEOUT" \
    kubectl_admin -n local-path-storage rollout status deploy/local-path-provisioner --timeout=5s
  # The first lookups can fail for a second or two after CoreDNS is Ready (Service rules).
  wait_for kube-proxy "a DNS answer in a pod" 60 dns_answers
}

# ---------------------------------------------------------------- up / down

cmd_up() {
  local start=$SECONDS
  check_machine
  cmd_build
  mkdir -p "$STATE" "$LOGS" "$RUN"
  netns_up
  cgroups_up
  write_cni_config
  write_containerd_config
  log "control plane on https://$HOST_IP:6443"
  testenv up
  start_node
  addons_up
  log "up in $((SECONDS - start)) s: node $NODE Ready, Ingress on http://$NODE_IP:$INGRESS_PORT"
  log "use it: eval \"\$($0 env)\"; kubectl get pods -A"
}

# Processes still in the node's network namespace (pods' processes have their own namespaces and
# are found through the cgroup root instead).
netns_pids() {
  [[ -e $NETNS ]] && mountpoint -q "$NETNS" || return 0
  local inode pid
  inode=$(stat -L -c %i "$NETNS")
  for pid in /proc/[0-9]*; do
    [[ "$(stat -L -c %i "$pid/ns/net" 2>/dev/null)" == "$inode" ]] && printf '%s\n' "${pid#/proc/}"
  done
  return 0
}

cgroup_pids() {
  [[ -d /sys/fs/cgroup/pids${CGROUP_ROOT} ]] || return 0
  find "/sys/fs/cgroup/pids${CGROUP_ROOT}" -name cgroup.procs -exec cat {} + 2>/dev/null
}

# containerd's shims outlive it; each names our socket on its command line.
shim_pids() {
  local pid
  for pid in /proc/[0-9]*; do
    grep -qF -- "$CONTAINERD_SOCK" "$pid/cmdline" 2>/dev/null && printf '%s\n' "${pid#/proc/}"
  done
  return 0
}

# The sockets our shims listen on (under /run/containerd/s, named by a hash): a killed shim
# leaves its socket behind.
shim_sockets() {
  local pid fd link
  for pid in $(shim_pids); do
    for fd in "/proc/$pid/fd/"*; do
      link=$(readlink "$fd" 2>/dev/null) || continue
      [[ $link == socket:* ]] || continue
      link=${link#socket:[}
      awk -v inode="${link%]}" '$7 == inode && $8 ~ "^/run/containerd/s/" { print $8 }' "/proc/$pid/net/unix"
    done
  done | sort -u
}

# The pods' sandboxes, whose network results the CNI plugins cache under /var/lib/cni.
sandbox_ids() {
  local dir="$CONTAINERD_DIR/root/io.containerd.grpc.v1.cri/sandboxes"
  [[ -d $dir ]] && ls "$dir"
  return 0
}

kill_all() {
  local pids sockets id
  mapfile -t sockets < <(shim_sockets)
  mapfile -t pids < <({ cgroup_pids; shim_pids; netns_pids; } | sort -u)
  if ((${#pids[@]} > 0)); then
    log "stopping ${#pids[@]} leftover processes of the node (pods, shims)"
    kill -KILL "${pids[@]}" 2>/dev/null || true
    sleep 1
  fi
  ((${#sockets[@]} == 0)) || rm -f "${sockets[@]}"
  for id in $(sandbox_ids); do
    rm -f /var/lib/cni/results/*-"$id"-*
  done
}

unmount_state() {
  local mounts target
  # Deepest first: pods' rootfs, volumes, shm and the namespaces' bind mounts.
  mapfile -t mounts < <(awk -v state="$STATE/" 'index($5, state) == 1 { print $5 }' /proc/self/mountinfo | sort -r)
  for target in "${mounts[@]}"; do
    [[ $target == "$STATE/netns" ]] && continue
    umount "$target" 2>/dev/null || umount -l "$target" 2>/dev/null || true
  done
}

cmd_down() {
  local purge=false i
  [[ "${1:-}" == "--purge" ]] && purge=true
  for ((i = ${#NODE_COMPONENTS[@]} - 1; i >= 0; i--)); do
    stop_component "${NODE_COMPONENTS[i]}"
  done
  kill_all
  rm -f /var/lib/kubelet/device-plugins/kubelet.sock
  testenv down
  unmount_state
  netns_down
  cgroups_down
  # The folders the kubelet, the CNI plugins and the shims make outside the state folder, when
  # they are empty (another runtime on the machine may use them too).
  rmdir /var/lib/kubelet/device-plugins /var/lib/kubelet /var/lib/cni/results /var/lib/cni \
    /run/containerd/s /run/containerd 2>/dev/null || true
  if $purge && [[ -d $STATE ]]; then
    log "deleting $STATE"
    rm -rf "$STATE"
  fi
}

cmd_status() {
  local name pid rc=0
  echo "cluster $NAME: state $STATE, node $NODE ($NODE_IP), control plane https://$HOST_IP:6443"
  testenv status | sed 's/^/  /' || rc=1
  for name in "${NODE_COMPONENTS[@]}"; do
    if pid=$(running_pid "$name"); then
      printf '  %-24s running (pid %s)\n' "$name" "$pid"
    else
      printf '  %-24s stopped\n' "$name"
      rc=1
    fi
  done
  kubectl_admin wait --for=condition=Ready "node/$NODE" --timeout=1s >/dev/null 2>&1 || rc=1
  return "$rc"
}

cmd_env() {
  printf 'export KUBECONFIG=%q\n' "$CONTROL_PLANE/kubeconfig"
  # An image with a shell and network tools, already on the node (test pods use it).
  printf 'export ORDERLY_CLUSTER_BUSYBOX=%q\n' "$(busybox_image)"
  # shellcheck disable=SC2016 # $PATH is meant for the shell that evals this
  printf 'export PATH=%q:"$PATH"\n' "$KUBE_BIN"
}

usage() { sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

main() {
  local cmd=${1:-}
  [[ $# -gt 0 ]] && shift
  case "$cmd" in
    build) cmd_build ;;
    up) cmd_up ;;
    down) cmd_down "$@" ;;
    status) cmd_status ;;
    env) cmd_env ;;
    load) cmd_load "$@" ;;
    ingress) printf 'http://%s:%s\n' "$NODE_IP" "$INGRESS_PORT" ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
