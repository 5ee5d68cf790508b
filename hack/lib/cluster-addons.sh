# shellcheck shell=bash
# Sourced by hack/cluster.sh: builds the real cluster's add-ons from the Go module proxy.
#
#   addons_build BIN_DIR   build coredns, kube-router, traefik, local-path-provisioner and pause
#                          into BIN_DIR, each skipped while its stamp still matches
#   addons_version NAME    the upstream version NAME's module builds (pause: ours, 1.0)
#
# Each add-on is a Go module of ours under hack/cluster/NAME (go.mod and go.sum checked in):
# coredns and pause have a main.go of ours, the others build upstream's main package through the
# module's `tool` line. Like hack/kube-testenv.sh: static (CGO_ENABLED=0), -trimpath, stripped,
# -mod=readonly, `nice`d, and ORDERLY_KUBE_BUILD_JOBS (-p, default 2) and ORDERLY_KUBE_NICE
# (default 10) apply. -buildvcs=false: the checkout's commit is not stamped into coredns and
# pause (whose main packages are ours), so an unchanged add-on builds to the same bytes.
# hack/cluster/README.md has the versions, build times and run flags.
#
# Everything this file defines starts with addons_ / ADDONS_ (hack/cluster.sh has its own
# addon_* functions); nothing here exits the shell that sources it.

ADDONS_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/../cluster" && pwd)"
ADDONS_NAMES=(pause coredns local-path-provisioner kube-router traefik)

# shellcheck source=hack/lib/go.sh
source "$(dirname "${BASH_SOURCE[0]}")/go.sh"

addons_log() { printf '[cluster] %s\n' "$*" >&2; }

# addons_module NAME: the upstream module NAME's go.mod requires (empty for pause).
addons_module() {
  case $1 in
    coredns) echo github.com/coredns/coredns ;;
    kube-router) echo github.com/cloudnativelabs/kube-router/v2 ;;
    traefik) echo github.com/traefik/traefik/v3 ;;
    local-path-provisioner) echo github.com/rancher/local-path-provisioner ;;
    pause) ;;
    *) addons_log "ERROR: no add-on $1"; return 1 ;;
  esac
}

# addons_version NAME: e.g. 1.14.7 (no v), read from hack/cluster/NAME/go.mod.
addons_version() {
  local module
  module=$(addons_module "$1") || return 1
  if [[ -z "$module" ]]; then
    echo 1.0
    return 0
  fi
  # A line of a require block, or a one-line `require MODULE VERSION`.
  awk -v m="$module" '$1 == "require" { $1 = ""; $0 = $0 }
    $1 == m && $2 ~ /^v[0-9]/ { sub(/^v/, "", $2); print $2; exit }' "$ADDONS_SRC/$1/go.mod"
}

# addons_package NAME: what `go build` builds in NAME's module.
addons_package() {
  case $1 in
    coredns | pause) echo . ;;
    kube-router) echo github.com/cloudnativelabs/kube-router/v2/cmd/kube-router ;;
    traefik) echo github.com/traefik/traefik/v3/cmd/traefik ;;
    local-path-provisioner) echo github.com/rancher/local-path-provisioner ;;
  esac
}

# addons_ldflags NAME: -s -w plus the -X version flags of upstream's own release build.
addons_ldflags() {
  local v
  v=$(addons_version "$1") || return 1
  printf -- '-s -w'
  case $1 in
    # `coredns -version`: "CoreDNS-1.14.7 linux/amd64, go1.26.8, <GitCommit>"
    coredns) printf ' -X github.com/coredns/coredns/coremain.GitCommit=v%s' "$v" ;;
    kube-router)
      printf ' -X github.com/cloudnativelabs/kube-router/v2/pkg/version.Version=v%s' "$v"
      printf ' -X github.com/cloudnativelabs/kube-router/v2/pkg/version.BuildDate=1970-01-01T00:00:00Z'
      ;;
    traefik)
      # As goreleaser sets them: the version without v, and v3.6's codename.
      printf ' -X github.com/traefik/traefik/v3/pkg/version.Version=%s' "$v"
      printf ' -X github.com/traefik/traefik/v3/pkg/version.Codename=ramequin'
      printf ' -X github.com/traefik/traefik/v3/pkg/version.BuildDate=1970-01-01T00:00:00Z'
      ;;
    local-path-provisioner) printf ' -X main.VERSION=v%s' "$v" ;;
  esac
}

# addons_stamp NAME: changes to the module, our Go files, the toolchain or the flags rebuild NAME.
addons_stamp() {
  local dir="$ADDONS_SRC/$1"
  {
    "$GO" env GOVERSION GOOS GOARCH
    echo CGO_ENABLED=0 -trimpath -mod=readonly -buildvcs=false
    addons_package "$1"
    addons_ldflags "$1"
    echo
    cat "$dir/go.mod"
    [[ ! -f "$dir/go.sum" ]] || cat "$dir/go.sum"
    find "$dir" -name '*.go' -type f | LC_ALL=C sort | xargs -r cat
  } | sha256sum | cut -d' ' -f1
}

addons_current() {
  local name=$1 bin_dir=$2
  [[ -x "$bin_dir/$name" && -f "$bin_dir/.$name.stamp" && "$(cat "$bin_dir/.$name.stamp")" == "$(addons_stamp "$name")" ]]
}

# addons_build_one NAME BIN_DIR: build NAME into BIN_DIR/NAME (replaced only when the build works).
addons_build_one() {
  local name=$1 bin_dir=$2 tmp start ldflags package
  ldflags=$(addons_ldflags "$name") || return 1
  package=$(addons_package "$name")
  tmp=$(mktemp -d "$bin_dir/.build.XXXXXX") || return 1
  start=$SECONDS
  addons_log "building $name ..."
  if ! (
    cd "$ADDONS_SRC/$name" &&
      CGO_ENABLED=0 nice -n "${ORDERLY_KUBE_NICE:-10}" "$GO" build -trimpath -mod=readonly -buildvcs=false \
        -p "${ORDERLY_KUBE_BUILD_JOBS:-2}" -ldflags "$ldflags" -o "$tmp/$name" "$package"
  ); then
    rm -rf "$tmp"
    addons_log "ERROR: go build of $name failed (module hack/cluster/$name)"
    return 1
  fi
  mv -f "$tmp/$name" "$bin_dir/$name"
  rm -rf "$tmp"
  addons_stamp "$name" >"$bin_dir/.$name.stamp"
  addons_log "built $name in $((SECONDS - start)) s"
}

# addons_build BIN_DIR [NAME...]: build the add-ons (all of them by default) that are missing or stale.
addons_build() {
  local bin_dir=${1:?usage: addons_build BIN_DIR [NAME...]} name built=0
  shift
  local names=("$@")
  ((${#names[@]})) || names=("${ADDONS_NAMES[@]}")
  if ! command -v "$GO" >/dev/null 2>&1; then
    addons_log "ERROR: go not found (set GO=/path/to/go)"
    return 1
  fi
  mkdir -p "$bin_dir" || return 1
  for name in "${names[@]}"; do
    addons_module "$name" >/dev/null || return 1
    addons_current "$name" "$bin_dir" && continue
    addons_build_one "$name" "$bin_dir" || return 1
    built=$((built + 1))
  done
  ((built)) || addons_log "add-ons up to date in $bin_dir"
}
