# shellcheck shell=bash
# shellcheck disable=SC2016 # mmdebstrap's hooks are expanded by mmdebstrap: "$1" is the root
# Sourced by hack/images.sh for `hack/images.sh node [TAG]`: every image a real node needs, as OCI
# archives (hack/lib/oci.py) under target/node-images, for `ctr -n k8s.io images import`. No registry
# and no Docker: the Debian parts come from mmdebstrap (root), the Java runtime from jlink on the
# machine's JDK, the application layers from Jib (built FROM scratch, as `check` does). See
# docs/images.md, "Images for the real node".
#
# Base root filesystems are cached in ${ORDERLY_IMAGE_CACHE:-~/.cache/orderly-images}, one archive
# per recipe, named by a hash of the recipe (packages, hooks, suite, mirrors, the JDK's release,
# NODE_CACHE_FORMAT): a second run rebuilds none of them. The Debian mirror's later updates are not in
# that hash: ORDERLY_IMAGE_REFRESH=1 rebuilds them anyway. Entry points and image configs are cheap and
# are applied on every run.

NODE_OUT=target/node-images
NODE_JIB_DIR=target/image-node # Jib's FROM-scratch images, apart from check's and build's
NODE_CACHE=${ORDERLY_IMAGE_CACHE:-$HOME/.cache/orderly-images}
NODE_SUITE=trixie # PostgreSQL 17, RabbitMQ 4.0 (bookworm has 15 and 3.10)
NODE_LOCAL=orderly.local
# Part of every cache stamp: raise it when a change to oci.py or to this file's build functions
# (rather than to a recipe, which the stamp covers) must rebuild the cached root filesystems.
NODE_CACHE_FORMAT=1
# Names the operator is pointed at (ORDERLY_POSTGRES_IMAGE, ORDERLY_RABBITMQ_IMAGE): the tag says the
# version Debian ships (the operator's defaults are postgres:17.6 and rabbitmq:4.1.4-management).
NODE_JRE=$NODE_LOCAL/jre:25
NODE_POSTGRES=$NODE_LOCAL/postgres:17
NODE_RABBITMQ=$NODE_LOCAL/rabbitmq:4.0-management
# The Temurin image's layout: the runtime in /opt/java/openjdk, on PATH.
NODE_JAVA_HOME=/opt/java/openjdk
# The JRE's modules: what jdeps finds in the five applications (java.se covers java.compiler,
# java.desktop, java.naming, java.net.http, java.security.sasl, java.sql) plus what a running
# service may need at run time: TLS (jdk.crypto.*), charsets, DNS, JFR and jcmd for diagnosis.
# Not jdk.localedata (26 MB; the services format nothing per locale) nor the compiler and tools.
NODE_JRE_MODULES=java.se,jdk.unsupported,jdk.crypto.cryptoki,jdk.crypto.ec,jdk.charsets,jdk.zipfs,jdk.naming.dns,jdk.net,jdk.httpserver,jdk.management,jdk.management.agent,jdk.management.jfr,jdk.jfr,jdk.attach,jdk.jcmd,jdk.security.auth,jdk.security.jgss,jdk.nio.mapmode,jdk.xml.dom,jdk.dynalink
OCI=(python3 hack/lib/oci.py)

node_log() { printf 'node-images: %s\n' "$*" >&2; }

# The Debian mirrors this machine uses (sources.list or deb822), for the image's sources.
node_sources() {
  local file text='' main security
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [[ -r $file ]] && text+=$(<"$file")$'\n'
  done
  main=${ORDERLY_DEBIAN_MIRROR:-$(grep -oE 'https?://[^ ]+/debian/?( |$)' <<<"$text" | head -1 | tr -d ' ' || true)}
  security=${ORDERLY_DEBIAN_SECURITY:-$(grep -oE 'https?://[^ ]+/debian-security/?( |$)' <<<"$text" | head -1 | tr -d ' ' || true)}
  main=${main:-http://deb.debian.org/debian}
  security=${security:-http://deb.debian.org/debian-security}
  NODE_SOURCES=("deb ${main%/} $NODE_SUITE main" "deb ${main%/} $NODE_SUITE-updates main"
    "deb ${security%/} $NODE_SUITE-security main")
}

# mmdebstrap copies the build machine's /etc/resolv.conf and /etc/hostname in; the runtime mounts
# its own over them (and over /etc/hosts), so the image's are neutral.
NODE_ETC_HOOK='--customize-hook=: >"$1"/etc/resolv.conf && : >"$1"/etc/hostname && chmod 644 "$1"/etc/resolv.conf "$1"/etc/hostname && printf "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n" >"$1"/etc/hosts'

# What every Debian root filesystem here shares: the essential set only (no apt), no
# recommends, no documentation but the copyright files, no man pages or translations.
NODE_MMDEBSTRAP=(
  --variant=essential --format=tar --skip=output/dev
  --aptopt='APT::Install-Recommends "false"'
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright'
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*'
  --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/locale/locale.alias'
  --dpkgopt='path-exclude=/usr/share/lintian/*'
  # update-alternatives links man pages and fails on a missing man1 folder
  --essential-hook='mkdir -p "$1"/usr/share/man/man1 "$1"/usr/share/man/man7'
  "$NODE_ETC_HOOK"
)

# node_cached NAME BUILD_FUNCTION STAMP_INPUT...: prints the cached archive of NAME, running
# BUILD_FUNCTION OUT_ARCHIVE to make it when the stamp's archive is missing.
node_cached() {
  local name=$1 build=$2
  shift 2
  local stamp
  stamp=$(printf '%s\0' "$NODE_CACHE_FORMAT" "$NODE_SUITE" "${NODE_SOURCES[@]}" "${NODE_MMDEBSTRAP[@]}" "$@" |
    sha256sum | cut -c1-16)
  local archive=$NODE_CACHE/$name-$stamp.oci.tar
  if [[ -s $archive && -z ${ORDERLY_IMAGE_REFRESH:-} ]] && grep -q '[0-9]' "$archive.version" 2>/dev/null; then
    printf '%s\n' "$archive"
    return
  fi
  mkdir -p "$NODE_CACHE"
  local started=$SECONDS
  node_log "building the $name root filesystem (cache $archive)"
  "$build" "$archive" >&2
  if [[ ! -s $archive ]] || ! grep -q '[0-9]' "$archive.version"; then
    node_log "$name: no archive or no version from $build"
    return 1
  fi
  find "$NODE_CACHE" -maxdepth 1 -name "$name-*.oci.tar*" ! -name "$name-$stamp.oci.tar*" -delete
  node_log "$name: $(cat "$archive.version") in $((SECONDS - started)) s"
  printf '%s\n' "$archive"
}

# node_debian_rootfs OUT_TAR MMDEBSTRAP_ARGS...: one root filesystem as a tar.
node_debian_rootfs() {
  local out=$1
  shift
  nice -n 15 mmdebstrap --quiet "${NODE_MMDEBSTRAP[@]}" "$@" "$NODE_SUITE" "$out" "${NODE_SOURCES[@]}"
}

# node_package_version ROOTFS_TAR PACKAGE: its version in the root filesystem's dpkg status.
node_package_version() {
  tar -xOf "$1" ./var/lib/dpkg/status |
    awk -v p="$2" '$1 == "Package:" { hit = ($2 == p) } hit && $1 == "Version:" { print $2 }'
}

NODE_JRE_ROOTFS=()
# shellcheck disable=SC2054 # --include takes a comma-separated list
NODE_POSTGRES_ROOTFS=(
  --include=postgresql-17,libnss-wrapper
  # uid and gid 999 as in the official image, before postgresql-common's scripts pick a free one
  --essential-hook='echo "postgres:x:999:999:PostgreSQL administrator:/var/lib/postgresql:/bin/bash" >>"$1"/etc/passwd && echo "postgres:x:999:" >>"$1"/etc/group'
  # As the official image: listen on every address by default, no cluster of Debian's own, the
  # socket folder and the data folder ready for any uid (the entry point narrows PGDATA to 0700).
  --customize-hook='sed -ri "s!^#?(listen_addresses)\s*=\s*\S+.*!\1 = '"'*'"'!" "$1"/usr/share/postgresql/17/postgresql.conf.sample'
  --customize-hook='grep -q "^listen_addresses = '"'\\*'"'" "$1"/usr/share/postgresql/17/postgresql.conf.sample'
  --customize-hook='rm -rf "$1"/etc/postgresql/17 "$1"/var/lib/postgresql/17 "$1"/etc/ssl/private/ssl-cert-snakeoil.key "$1"/etc/ssl/certs/ssl-cert-snakeoil.pem'
  # (/run is emptied here rather than by mmdebstrap's clean-up, which comes after the hooks)
  --skip=cleanup/run
  --customize-hook='find "$1"/run -mindepth 1 -delete && install -d -o 999 -g 999 -m 3777 "$1"/run/postgresql && install -d -o 999 -g 999 -m 1777 "$1"/var/lib/postgresql/data && install -d -m 755 "$1"/docker-entrypoint-initdb.d'
  # en_US.UTF-8, the official image's locale (LANG=en_US.utf8): initdb takes the databases' from it
  --customize-hook='echo "en_US.UTF-8 UTF-8" >"$1"/etc/locale.gen && chroot "$1" locale-gen >/dev/null'
  # No JIT: LLVM and its bitcode are 176 of the 395 MB, and the services' short queries never reach
  # jit_above_cost. PostgreSQL runs without JIT when its provider cannot be loaded.
  --dpkgopt='path-exclude=/usr/lib/x86_64-linux-gnu/libLLVM*' --dpkgopt='path-exclude=/usr/lib/x86_64-linux-gnu/libz3.so*'
  --dpkgopt='path-exclude=/usr/lib/postgresql/*/lib/llvmjit*' --dpkgopt='path-exclude=/usr/lib/postgresql/*/lib/bitcode/*'
)
NODE_RABBITMQ_ROOTFS=(
  --include=rabbitmq-server
  # uid and gid 999 as in the official image
  --essential-hook='echo "rabbitmq:x:999:999:RabbitMQ messaging server:/var/lib/rabbitmq:/usr/sbin/nologin" >>"$1"/etc/passwd && echo "rabbitmq:x:999:" >>"$1"/etc/group'
  # The official image's defaults (conf.d/10-defaults.conf, management plugin enabled) plus no log
  # file: the root filesystem is read-only in the pods and /var/log/rabbitmq with it.
  --customize-hook='mkdir -p "$1"/etc/rabbitmq/conf.d && printf "%s\n" "loopback_users.guest = false" "log.console = true" "log.file = false" >"$1"/etc/rabbitmq/conf.d/10-defaults.conf'
  --customize-hook='printf "[rabbitmq_management,rabbitmq_prometheus].\n" >"$1"/etc/rabbitmq/enabled_plugins'
  --customize-hook='install -d -o 999 -g 999 -m 1777 "$1"/var/lib/rabbitmq "$1"/var/log/rabbitmq && rm -f "$1"/var/lib/rabbitmq/.erlang.cookie'
)
node_build_rootfs() {
  local archive=$1 name=$2 package=$3
  shift 3
  local tmp
  tmp=$(mktemp -d "$NODE_CACHE/.build-XXXXXX")
  node_debian_rootfs "$tmp/rootfs.tar" "$@"
  node_package_version "$tmp/rootfs.tar" "$package" >"$tmp/version"
  nice -n 15 "${OCI[@]}" build "$archive" --name "$NODE_LOCAL/rootfs-$name:cache" --layer "$tmp/rootfs.tar" \
    --history "mmdebstrap $NODE_SUITE $package" >/dev/null
  mv "$tmp/version" "$archive.version"
  rm -rf "$tmp"
}

node_build_postgres_rootfs() { node_build_rootfs "$1" postgres postgresql-17 "${NODE_POSTGRES_ROOTFS[@]}"; }
node_build_rabbitmq_rootfs() { node_build_rootfs "$1" rabbitmq rabbitmq-server "${NODE_RABBITMQ_ROOTFS[@]}"; }

# The JRE base: a Debian root filesystem (essential set) and a jlink runtime in /opt/java/openjdk.
node_build_jre() {
  local archive=$1 tmp
  tmp=$(mktemp -d "$NODE_CACHE/.build-XXXXXX")
  node_debian_rootfs "$tmp/rootfs.tar" "${NODE_JRE_ROOTFS[@]}"
  mkdir -p "$tmp/jre/opt/java" && mkdir -m 755 "$tmp/jre/dev" # /dev: the runtime's mount point
  nice -n 15 "$JAVA_HOME/bin/jlink" --add-modules "$NODE_JRE_MODULES" --strip-debug --no-header-files \
    --no-man-pages --output "$tmp/jre$NODE_JAVA_HOME"
  chmod -R u=rwX,go=rX "$tmp/jre"
  local version
  version=$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "$JAVA_HOME/release")
  nice -n 15 "${OCI[@]}" build "$archive" --name "$NODE_JRE" --layer "$tmp/rootfs.tar" --layer "$tmp/jre" \
    --owner 0:0 --history "mmdebstrap $NODE_SUITE; jlink $NODE_JRE_MODULES" \
    --env "PATH=$NODE_JAVA_HOME/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --env "JAVA_HOME=$NODE_JAVA_HOME" --env "JAVA_VERSION=jdk-$version" --env LANG=C.UTF-8 \
    --label "org.opencontainers.image.title=orderly-jre" --label "org.opencontainers.image.version=$version" \
    --label "org.opencontainers.image.description=Debian $NODE_SUITE (essential) with a jlink runtime of Temurin $version" \
    >/dev/null
  printf '%s\n' "$version" >"$archive.version"
  rm -rf "$tmp"
}

# node_store OUT IMAGE ROOTFS_ARCHIVE VERSION ENTRYPOINT_SCRIPT OCI_OPTIONS...: a data store image from
# its cached root filesystem, with our entry point.
node_store() {
  local out=$1 ref=$2 rootfs=$3 version=$4 entrypoint=$5
  shift 5
  "${OCI[@]}" build "$out" --name "$ref" --base "$rootfs" --add "$entrypoint:/usr/local/bin/docker-entrypoint.sh:0755" --add :/dev:0755 \
    --history "hack/images.sh node" --entrypoint '["docker-entrypoint.sh"]' \
    --label "org.opencontainers.image.version=$version" --label "org.opencontainers.image.vendor=Orderly" \
    --label "org.opencontainers.image.revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)" \
    --label "org.opencontainers.image.source=Debian $NODE_SUITE" "$@" >/dev/null
}

node() {
  local tag=${1:-$TAG} started=$SECONDS
  [[ $EUID -eq 0 ]] || { node_log "needs root (mmdebstrap in root mode, file owners in the layers)"; return 1; }
  command -v mmdebstrap >/dev/null || { node_log "needs mmdebstrap (apt-get install mmdebstrap)"; return 1; }
  shopt -s inherit_errexit # a failure inside $(...) fails the build
  node_sources
  mkdir -p "$NODE_OUT" "$NODE_CACHE"
  rm -rf "$NODE_CACHE"/.build-* # what an interrupted build left
  local written=() jre postgres rabbitmq

  jre=$(node_cached jre node_build_jre "${NODE_JRE_ROOTFS[@]}" "$NODE_JRE_MODULES" "$(cat "$JAVA_HOME/release")")
  postgres=$(node_cached postgres node_build_postgres_rootfs "${NODE_POSTGRES_ROOTFS[@]}")
  rabbitmq=$(node_cached rabbitmq node_build_rabbitmq_rootfs "${NODE_RABBITMQ_ROOTFS[@]}")

  local version out
  version=$(<"$postgres.version")
  [[ $version == 17.* ]] || { node_log "postgresql-17 is $version: not a 17"; return 1; }
  out=$NODE_OUT/postgres-17.oci.tar
  node_store "$out" "$NODE_POSTGRES" "$postgres" "$version" hack/images/postgres/docker-entrypoint.sh \
    --label org.opencontainers.image.title=postgres --cmd '["postgres"]' --stop-signal SIGINT --port 5432 \
    --volume /var/lib/postgresql/data --env PG_MAJOR=17 --env PGDATA=/var/lib/postgresql/data --env LANG=en_US.utf8 \
    --env PATH=/usr/lib/postgresql/17/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
  written+=("$NODE_POSTGRES $out")

  version=$(<"$rabbitmq.version")
  [[ $version == 4.0.* ]] || { node_log "rabbitmq-server is $version: not a 4.0"; return 1; }
  out=$NODE_OUT/rabbitmq-4.0-management.oci.tar
  node_store "$out" "$NODE_RABBITMQ" "$rabbitmq" "$version" hack/images/rabbitmq/docker-entrypoint.sh \
    --label org.opencontainers.image.title=rabbitmq --cmd '["rabbitmq-server"]' \
    --port 4369 --port 5671 --port 5672 --port 15671 --port 15672 --port 15691 --port 15692 --port 25672 \
    --volume /var/lib/rabbitmq --env HOME=/var/lib/rabbitmq --env LANG=C.UTF-8 --env LANGUAGE=C.UTF-8 \
    --env LC_ALL=C.UTF-8 --env RUNNING_UNDER_SYSTEMD=true \
    --env PATH=/usr/lib/rabbitmq/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
  written+=("$NODE_RABBITMQ $out")


  node_log "building the five Orderly images FROM scratch with Jib (tag $tag)"
  local maven_started=$SECONDS
  nice -n 15 ./mvnw -B -q -Pimages -pl "$MODULES" -am -DskipTests -DskipITs \
    "-Dorderly.image.revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)" -Dorderly.image.base=scratch \
    "-Dorderly.image.tag=$tag" "-Djkube.build.target.dir=$NODE_JIB_DIR" package k8s:build |
    { grep -v -e '^JIB> ' -e '^$' || true; }
  node_log "Maven and Jib: $((SECONDS - maven_started)) s"
  local line module id jar main jib failed=0
  for line in "${IMAGES[@]}"; do
    read -r module id jar main <<<"$line"
    jib=$(tarball "$module" "$id" "$tag" "$NODE_JIB_DIR")
    python3 hack/lib/image_check.py "$jib" --ref "$REGISTRY/$id:$tag" --jar "$jar" --main-class "$main" \
      --base scratch >/dev/null || { failed=1; continue; }
    out=$NODE_OUT/$id-$tag.oci.tar
    "${OCI[@]}" build "$out" --name "$REGISTRY/$id:$tag" --base "$jre" --image "$jib" \
      --label "org.opencontainers.image.base.name=$NODE_JRE" >/dev/null
    written+=("$REGISTRY/$id:$tag $out")
  done
  ((failed == 0)) || { node_log "an application image failed its check"; return 1; }

  "${OCI[@]}" verify "${written[@]#* }" >/dev/null
  printf '%s\n' "${written[@]/ / $PWD/}" >"$NODE_OUT/images-$tag.txt"
  local entry
  for entry in "${written[@]}"; do
    printf '%-44s %s (%s MB)\n' "${entry% *}" "$PWD/${entry#* }" "$(($(stat -c %s "${entry#* }") / 1000000))"
  done
  node_log "done in $((SECONDS - started)) s; list in $NODE_OUT/images-$tag.txt"
}
