#!/usr/bin/env bash
# Container images of the four services and the operator (docs/images.md), built by JKube's Jib
# strategy from the root pom's "images" profile: no Docker daemon needed.
#
#   hack/images.sh build [maven args]  the five images as tarballs under <module>/target/docker;
#                                      needs the base image's registry. -Dorderly.image.registry=...,
#                                      -Dorderly.image.tag=..., -Dorderly.image.base=... pass through
#   hack/images.sh push [maven args]   build, then push each to its registry (credentials from
#                                      ~/.docker/config.json, Maven settings or -Djkube.docker.push.*)
#   hack/images.sh check               offline: builds the same images FROM scratch into
#                                      <module>/target/image-check, checks each one's config and
#                                      files (hack/lib/image_check.py), then starts the gateway from
#                                      its image's files the way a pod runs it
#   hack/images.sh tarballs [TAG]      where `build` left each image: "<image id> <tarball>" a line
#                                      (hack/kind-e2e.sh loads them into kind)
#   hack/images.sh node [TAG]          (root, mmdebstrap) every image a real node runs, as OCI
#                                      archives in target/node-images for `ctr images import`: the
#                                      five on a jlink JRE base, PostgreSQL and RabbitMQ from
#                                      Debian; prints "<image> <archive> (<size>)" a line
#                                      (hack/images/node.sh, docs/images.md)
#   hack/images.sh node-check [TAG]    (root) checks what `node` wrote: every archive's digests, a
#                                      throwaway containerd imports each, and PostgreSQL and RabbitMQ
#                                      start from their images' files as the operator's pods run them
#
# Tests are skipped: build from a commit hack/test.sh has passed.
set -euo pipefail
cd "$(dirname "$0")/.."

MODULES=services/gateway,services/auth,services/orders,services/inventory,operator
# module, image id, artifact id, main class: the names the operator (model/Images.java, Component
# ids) and the Helm chart expect, written here independently of the poms so check catches drift.
IMAGES=(
  "services/gateway gateway orderly-gateway dev.orderly.gateway.GatewayMain"
  "services/auth auth orderly-auth dev.orderly.auth.AuthMain"
  "services/orders orders orderly-orders dev.orderly.orders.OrdersMain"
  "services/inventory inventory orderly-inventory dev.orderly.inventory.InventoryMain"
  "operator orderly-operator orderly-operator dev.orderly.operator.OperatorMain"
)
REGISTRY=ghcr.io/orderly
TAG=0.1.0
BUILD_DIR=target/docker # JKube's default jkube.build.target.dir
CHECK_DIR=target/image-check
# What eclipse-temurin images put on PATH and where their JRE lives; the pods add SERVER_HOST and
# SERVER_PORT (operator model ServiceModel).
BASE_PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
POD_ENV=(SERVER_HOST=0.0.0.0 SERVER_PORT=8080)

# tarball MODULE ID TAG DIR: where Jib writes the image of MODULE under DIR (JKube 1.19.0's layout).
tarball() {
  local arch
  case $(uname -m) in aarch64 | arm64) arch=arm64 ;; *) arch=amd64 ;; esac
  printf '%s' "$1/$4/$REGISTRY/$2/$3/tmp/jib-image.linux-$arch.tar"
}

tarballs() {
  local line module id
  for line in "${IMAGES[@]}"; do
    read -r module id _ <<<"$line"
    printf '%s %s\n' "$id" "$PWD/$(tarball "$module" "$id" "${1:-$TAG}" "$BUILD_DIR")"
  done
}

images_maven() {
  ./mvnw -B -Pimages -pl "$MODULES" -am -DskipTests \
    "-Dorderly.image.revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)" "$@"
}

# Runs "$@" (the image's entrypoint) from the image's files in $1 the way the pod does: a read-only
# root with the host's /usr, /etc and JDK standing in for the base image, a writable /tmp only,
# uid/gid 10001, no network but loopback. Needs root for the mount and network namespaces.
run_like_a_pod() {
  local root=$1 workdir=$2
  shift 2
  mkdir -p "$root"/{usr,etc,proc,sys,dev,tmp,opt/java/openjdk}
  ln -sfn usr/bin "$root/bin"
  ln -sfn usr/lib "$root/lib"
  ln -sfn usr/lib64 "$root/lib64"
  # shellcheck disable=SC2016 # expanded by the inner shell
  unshare --mount --net --fork bash -euc '
    root=$1 workdir=$2 java_home=$3
    shift 3
    mount --make-rprivate /
    ip link set lo up
    mount --bind "$root" "$root"
    for dir in usr etc sys dev; do
      mount --rbind "/$dir" "$root/$dir" && mount -o remount,bind,ro "$root/$dir"
    done
    mount --bind "$java_home" "$root/opt/java/openjdk" && mount -o remount,bind,ro "$root/opt/java/openjdk"
    mount -t proc proc "$root/proc"
    mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
    mount -o remount,bind,ro "$root"
    chroot --userspec=10001:10001 "$root" /usr/bin/env -i -C "$workdir" "$@" >"$root.log" 2>&1 &
    pid=$!
    for _ in $(seq 120); do
      if curl -fsS -o /dev/null http://127.0.0.1:8080/observe/health/ready 2>/dev/null; then
        echo "  ready on :8080; files it left in /tmp: $(find "$root/tmp" -mindepth 1 -maxdepth 1 -printf "%f " | grep . || echo none)"
        kill "$pid"; wait "$pid" || true
        exit 0
      fi
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    kill "$pid" 2>/dev/null || true
    echo "  not ready; its output:" >&2; cat "$root.log" >&2
    exit 1
  ' run "$root" "$workdir" "$JAVA_HOME" "$@"
}

check() {
  local started=$SECONDS failed=0
  # Jib's progress lines say nothing a failure would not repeat
  images_maven -q -Dorderly.image.base=scratch "-Djkube.build.target.dir=$CHECK_DIR" package k8s:build |
    { grep -v -e '^JIB> ' -e '^$' || true; }
  echo "images: built FROM scratch in $((SECONDS - started)) s"
  # The gateway needs no database or API server: it is also started from its image's files.
  local start_gateway=1
  if [[ $EUID -ne 0 ]] || ! command -v ip >/dev/null || ! unshare --mount --net true 2>/dev/null; then
    echo "images: NOT starting the gateway from its image: needs root, namespaces and ip (iproute2)"
    start_gateway=0
  fi
  local line module id jar main check_args spec
  root=$(mktemp -d)
  chmod 755 "$root" # an image's / is; mktemp's 700 would lock uid 10001 out
  trap 'rm -rf "$root" "$root.log" "$root.spec"' EXIT
  for line in "${IMAGES[@]}"; do
    read -r module id jar main <<<"$line"
    check_args=("$(tarball "$module" "$id" "$TAG" "$CHECK_DIR")" --ref "$REGISTRY/$id:$TAG" --jar "$jar"
      --main-class "$main" --base scratch)
    if [[ $id == gateway ]] && ((start_gateway)); then
      # Checked and, when it passes, unpacked into $root; the run spec goes to $root.spec.
      python3 hack/lib/image_check.py "${check_args[@]}" --extract "$root" >"$root.spec" || failed=1
    else
      python3 hack/lib/image_check.py "${check_args[@]}" || failed=1
    fi
  done
  ((failed == 0)) || { echo "images: check failed" >&2; return 1; }
  ((start_gateway)) || return 0

  mapfile -d '' spec <"$root.spec"
  # spec: working dir, env count, env entries, entrypoint
  ((${#spec[@]} > 2)) || { echo "images: could not unpack the gateway image" >&2; return 1; }
  local workdir=${spec[0]} count=${spec[1]}
  local env=("${spec[@]:2:count}") entrypoint=("${spec[@]:2+count}")
  echo "images: starting the gateway: ${entrypoint[*]} in $workdir, read-only root, user 10001:10001"
  run_like_a_pod "$root" "$workdir" "PATH=$BASE_PATH" JAVA_HOME=/opt/java/openjdk "${env[@]}" \
    "${POD_ENV[@]}" "${entrypoint[@]}"
  echo "images: check passed in $((SECONDS - started)) s"
}

# Every command but `tarballs` runs Maven or a JVM (`node-check` finds its own).
if [[ ${1:-} != tarballs && ${1:-} != node-check ]]; then
  # shellcheck source=hack/lib/java.sh
  source hack/lib/java.sh
fi

case ${1:-} in
  build) shift; images_maven package k8s:build "$@" ;;
  push) shift; images_maven package k8s:build k8s:push "$@" ;;
  check) check ;;
  tarballs) shift; tarballs "$@" ;;
  node)
    shift
    # shellcheck source=hack/images/node.sh
    source hack/images/node.sh
    node "$@"
    ;;
  node-check) shift; exec bash hack/images/node-check.sh "${1:-$TAG}" ;;
  *) echo "usage: $0 build|push [maven args] | check | tarballs [TAG] | node [TAG] | node-check [TAG]" >&2; exit 2 ;;
esac
