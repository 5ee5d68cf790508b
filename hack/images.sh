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
#
# Tests are skipped: build from a commit hack/test.sh has passed.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=hack/lib/java.sh
source hack/lib/java.sh

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
CHECK_DIR=target/image-check
# What eclipse-temurin images put on PATH and where their JRE lives; the pods add SERVER_HOST and
# SERVER_PORT (operator model ServiceModel).
BASE_PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
POD_ENV=(SERVER_HOST=0.0.0.0 SERVER_PORT=8080)

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
  local line module id jar main
  for line in "${IMAGES[@]}"; do
    read -r module id jar main <<<"$line"
    python3 hack/lib/image_check.py "$module/$CHECK_DIR/$REGISTRY/$id/$TAG/tmp/jib-image.linux-amd64.tar" \
      --ref "$REGISTRY/$id:$TAG" --jar "$jar" --main-class "$main" --base scratch || failed=1
  done
  ((failed == 0)) || { echo "images: check failed" >&2; return 1; }

  # The gateway needs no database or API server: start it from its image.
  if [[ $EUID -ne 0 ]] || ! command -v ip >/dev/null || ! unshare --mount --net true 2>/dev/null; then
    echo "images: NOT starting the gateway from its image: needs root, namespaces and ip (iproute2)"
    return 0
  fi
  local spec
  root=$(mktemp -d)
  chmod 755 "$root" # an image's / is; mktemp's 700 would lock uid 10001 out
  trap 'rm -rf "$root" "$root.log"' EXIT
  mapfile -d '' spec < <(python3 hack/lib/image_check.py \
    "services/gateway/$CHECK_DIR/$REGISTRY/gateway/$TAG/tmp/jib-image.linux-amd64.tar" \
    --ref "$REGISTRY/gateway:$TAG" --jar orderly-gateway --main-class dev.orderly.gateway.GatewayMain \
    --base scratch --extract "$root")
  # spec: working dir, env count, env entries, entrypoint
  ((${#spec[@]} > 2)) || { echo "images: could not unpack the gateway image" >&2; return 1; }
  local workdir=${spec[0]} count=${spec[1]}
  local env=("${spec[@]:2:count}") entrypoint=("${spec[@]:2+count}")
  echo "images: starting the gateway: ${entrypoint[*]} in $workdir, read-only root, user 10001:10001"
  run_like_a_pod "$root" "$workdir" "PATH=$BASE_PATH" JAVA_HOME=/opt/java/openjdk "${env[@]}" \
    "${POD_ENV[@]}" "${entrypoint[@]}"
  echo "images: check passed in $((SECONDS - started)) s"
}

case ${1:-} in
  build) shift; images_maven package k8s:build "$@" ;;
  push) shift; images_maven package k8s:build k8s:push "$@" ;;
  check) check ;;
  *) echo "usage: $0 build|push [maven args] | check" >&2; exit 2 ;;
esac
