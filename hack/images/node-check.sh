#!/usr/bin/env bash
# hack/images.sh node-check [TAG]: checks, without a kubelet, what `hack/images.sh node TAG` wrote.
#   1. Every archive: index -> manifest -> config -> layers, sizes, digests and diff_ids (oci.py verify).
#   2. A throwaway containerd (its own root, state, socket and opt folder in a temp folder, no CRI
#      plugin) imports each archive into the k8s.io namespace, unpacking it into overlayfs
#      snapshots; `ctr` must name each image as the list says. It is stopped by its pid.
#   3. PostgreSQL, RabbitMQ and the gateway start from their images' unpacked files the way the
#      operator's pods run them: hack/images/OperatorPods.java writes the pods out of the operator's own model (env with the
#      Secrets resolved, mounts, security context, probes). As the pod's uid/gid with fsGroup as a
#      supplementary group, on a read-only root, the ConfigMaps and Secrets as files, the emptyDirs as
#      tmpfs, the claim as a folder; in mount, network, UTS and PID namespaces of their own, so nothing
#      listens outside them and everything dies with them. Their probes run as the kubelet runs them;
#      then what the services and the operator rely on (logins, databases, definitions, management
#      API), a restart on the same data, and a stop by the image's StopSignal. PostgreSQL once more
#      with the official image's other variables (*_FILE, POSTGRES_DB, .sql and sourced .sh scripts).
#      The gateway is the one service that starts alone: it shows the JRE base and Jib's layers work
#      together (java on PATH, the modules jlink kept, the JVM flags, /tmp the only writable place).
#   Also: `oci.py static` makes an image of busybox's static binary, which containerd imports too.
# Needs root, unshare, ip, containerd and ctr (Debian packages containerd and runc) for step 2.
set -euo pipefail
SELF=$(realpath "$0")
cd "$(dirname "$SELF")/../.."

log() { printf 'node-check: %s\n' "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

# ---- inside a pod's namespaces (bash "$0" __pod DIR POD_FILE PHASE) ---------------------------------

# The pod file's fields into globals.
read_pod() {
  POD_ENV=() POD_MOUNTS=() POD_PROBES=() POD_PORTS=()
  local kind rest
  while IFS=$'\t' read -r kind rest; do
    case $kind in
      user) POD_USER=$rest ;;
      group) POD_GROUP=$rest ;;
      fsgroup) POD_FSGROUP=$rest ;;
      readonly) POD_READONLY=$rest ;;
      env) POD_ENV+=("${rest%%$'\t'*}=${rest#*$'\t'}") ;;
      mount) POD_MOUNTS+=("$rest") ;;
      probe) POD_PROBES+=("$rest") ;;
      port) POD_PORTS+=("$rest") ;;
    esac
  done <"$1"
}

# Runs "$@" in the container as the kubelet's exec probes and `kubectl exec` do: the container's
# user, groups and environment, in its root.
in_container() {
  chroot --userspec="$POD_USER:$POD_GROUP" --groups="$POD_FSGROUP" "$ROOT" /usr/bin/env -i "${CONTAINER_ENV[@]}" "$@"
}

probe() { # probe LINE: kind, then exec ARGS... or tcp PORT_NAME
  local kind type args
  IFS=$'\t' read -r kind type args <<<"$1"
  if [[ $type == exec ]]; then
    local argv
    IFS=$'\t' read -r -a argv <<<"$args"
    in_container "${argv[@]}" >/dev/null 2>&1
  elif [[ $type == http ]]; then
    curl -fsS -m 3 -o /dev/null "http://127.0.0.1:$(port_number "${args%%$'\t'*}")${args#*$'\t'}" 2>/dev/null
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$(port_number "$args")") 2>/dev/null
  fi
}

port_number() {
  local line
  for line in "${POD_PORTS[@]}"; do
    if [[ ${line%%$'\t'*} == "$1" ]]; then
      printf '%s' "${line#*$'\t'}"
      return
    fi
  done
  return 1
}

ok() { printf 'ok %s\n' "$*" >>"$RESULTS"; log "  ok: $*"; }
refused() { ! "$@" >/dev/null 2>&1; }
quiet() { "$@" >/dev/null 2>&1; }
has_lines() { # has_lines TEXT REGEX...: every REGEX matches a line of TEXT
  local text=$1 regex
  shift
  for regex; do grep -qE "$regex" <<<"$text" || return 1; done
}
no_log_files() { ! compgen -G "$ROOT/var/log/rabbitmq/*" >/dev/null; }
bad() { printf 'FAILED %s\n' "$*" >>"$RESULTS"; log "  FAILED: $*"; }
expect() { # expect DESCRIPTION COMMAND...: ok when it succeeds
  local what=$1
  shift
  if "$@"; then ok "$what"; else bad "$what"; fi
}

pod_inside() {
  local dir=$1 pod=$2 phase=$3
  ROOT=$dir/root
  RESULTS=$dir/../results
  read_pod "$pod"
  local store hostname
  store=$(basename "$dir")
  hostname=shop-$store-0
  mount --make-rprivate /
  ip link set lo up
  # connections to 127.0.0.2 come from 127.0.0.2 (psql_tcp)
  ip route add local 127.0.0.2/32 dev lo src 127.0.0.2 table local
  hostname "$hostname"

  # Mount points, made as runc makes them, before the root turns read-only.
  mkdir -p "$ROOT"/{proc,dev,sys,etc}
  touch "$ROOT"/etc/{hosts,hostname,resolv.conf}
  mount --bind "$ROOT" "$ROOT"
  mount -t proc proc "$ROOT/proc"
  mount -t tmpfs -o mode=755,nosuid tmpfs "$ROOT/dev"
  local node
  for node in null:1:3 zero:1:5 full:1:7 random:1:8 urandom:1:9 tty:5:0; do
    IFS=: read -r name major minor <<<"$node"
    mknod -m 666 "$ROOT/dev/$name" c "$major" "$minor"
  done
  mkdir "$ROOT/dev/shm" "$ROOT/dev/pts"
  mount -t tmpfs -o mode=1777,nosuid,nodev,size=64m shm "$ROOT/dev/shm"
  ln -s /proc/self/fd "$ROOT/dev/fd"
  ln -s /proc/self/fd/0 "$ROOT/dev/stdin"
  ln -s /proc/self/fd/1 "$ROOT/dev/stdout"
  ln -s /proc/self/fd/2 "$ROOT/dev/stderr"
  mount --rbind /sys "$ROOT/sys" && mount -o remount,bind,ro "$ROOT/sys"
  printf '127.0.0.1\tlocalhost\n::1\tlocalhost\n127.0.0.1\t%s\n' "$hostname" >"$dir/hosts"
  printf '%s\n' "$hostname" >"$dir/hostname"
  printf 'nameserver 127.0.0.1\n' >"$dir/resolv.conf"
  for file in hosts hostname resolv.conf; do
    mount --bind "$dir/$file" "$ROOT/etc/$file"
  done
  local line path kind source ro
  for line in "${POD_MOUNTS[@]}"; do
    IFS=$'\t' read -r path kind source ro <<<"$line"
    # symbolic links resolved inside the root, as runc does (/var/run is a link to /run)
    path=$(chroot "$ROOT" /usr/bin/realpath -m "$path")
    mkdir -p "$ROOT$path"
    case $kind in
      emptydir) mount -t tmpfs -o "mode=2777,gid=$POD_FSGROUP" "$source" "$ROOT$path" ;;
      claim | files) mount --bind "$dir/volumes/$source" "$ROOT$path" ;;
    esac
    if [[ $ro == true ]]; then
      mount -o remount,bind,ro "$ROOT$path"
    fi
  done
  if [[ $POD_READONLY == true ]]; then
    mount -o remount,bind,ro "$ROOT"
  fi

  # The container's environment: the image's, then the pod's (a pod's value wins), HOSTNAME, and
  # HOME from the image's passwd when neither sets it (containerd's CRI does the same).
  local -A seen=()
  CONTAINER_ENV=()
  local entry extra=()
  [[ -f $dir/extra-env-$phase ]] && mapfile -t extra <"$dir/extra-env-$phase"
  for entry in "${POD_ENV[@]}" "${extra[@]}" "HOSTNAME=$hostname"; do
    seen[${entry%%=*}]=1
  done
  while IFS= read -r -d '' entry; do
    [[ -n ${seen[${entry%%=*}]:-} ]] || CONTAINER_ENV+=("$entry")
  done <"$dir/image-env"
  CONTAINER_ENV+=("${POD_ENV[@]}" "${extra[@]}" "HOSTNAME=$hostname")
  if ! printf '%s\n' "${CONTAINER_ENV[@]}" | grep -q '^HOME='; then
    CONTAINER_ENV+=("HOME=$(awk -F: -v u="$POD_USER" '$3 == u { print $6 }' "$ROOT/etc/passwd")")
  fi
  local command workdir
  mapfile -d '' -t command <"$dir/image-command"
  workdir=$(<"$dir/image-workdir")

  local log=$dir/$phase.log started=$SECONDS
  log "$store ($phase): ${command[*]} as $POD_USER:$POD_GROUP (groups $POD_FSGROUP), read-only root: $POD_READONLY"
  # a simple command, so that $! is the process that becomes the entry point (and gets the signal)
  chroot --userspec="$POD_USER:$POD_GROUP" --groups="$POD_FSGROUP" "$ROOT" /usr/bin/env -i -C "${workdir:-/}" \
    "${CONTAINER_ENV[@]}" "${command[@]}" >"$log" 2>&1 &
  local pid=$!
  local ready=0 probe_line
  for _ in $(seq 240); do
    kill -0 "$pid" 2>/dev/null || break
    ready=1
    for probe_line in "${POD_PROBES[@]}"; do
      if [[ $probe_line == startup$'\t'* ]] && ! probe "$probe_line"; then
        ready=0
        break
      fi
    done
    ((ready)) && break
    sleep 0.5
  done
  if ((!ready)); then
    bad "$store ($phase): not started; its log:"
    sed 's/^/    /' "$log" >&2
    kill -KILL "$pid" 2>/dev/null || true
    return 0
  fi
  ok "$store ($phase): startup probes pass after $((SECONDS - started)) s"
  for probe_line in "${POD_PROBES[@]}"; do
    [[ $probe_line == startup$'\t'* ]] && continue
    expect "$store ($phase): ${probe_line//$'\t'/ } passes" probe "$probe_line"
  done
  "check_${store}_$phase" "$dir" "$log"

  local signal
  signal=$(<"$dir/image-stop-signal")
  started=$SECONDS
  kill -s "${signal#SIG}" "$pid"
  for _ in $(seq 120); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    bad "$store ($phase): still running 60 s after $signal (the pods' grace period)"
    kill -KILL "$pid"
  else
    local code=0
    wait "$pid" || code=$?
    # 0, or death by that signal (a JVM exits 128 + 15 after its shutdown hooks)
    expect "$store ($phase): stopped by $signal in $((SECONDS - started)) s (exit $code)" \
      test "$code" -eq 0 -o "$code" -eq $((128 + $(kill -l "${signal#SIG}")))
  fi
  log "  left in /tmp: $(find "$ROOT/tmp" -mindepth 1 -maxdepth 1 -printf '%f ' | grep . || echo nothing)"
  expect "$store ($phase): nothing logged about files it could not write" \
    bash -c "! grep -i -E 'read-only file system|eacces|cannot_log_to_file|could not .*permission denied' '$log'"
}

secret() { awk -F'\t' -v k="$2" '$1 == k { print $2 }' "$1/secrets.txt"; }

# psql_tcp USER PASSWORD DB SQL: over TCP from 127.0.0.2, as a client that is not localhost: the
# official image's pg_hba.conf (initdb's) trusts 127.0.0.1 and ::1, so a password is checked only
# for other addresses, which is what the services' pods are.
psql_tcp() {
  in_container env PGPASSWORD="$2" psql -X -h 127.0.0.2 -p 5432 -U "$1" -d "$3" -tAc "$4" 2>&1
}

check_postgres_first() {
  local dir=$1 log=$2 owner password out
  expect "postgres (first): ran the operator's init script" grep -q 'running /docker-entrypoint-initdb.d/10-create-databases.sh' "$log"
  expect "postgres (first): init process complete" grep -q 'PostgreSQL init process complete' "$log"
  for owner in auth orders inventory; do
    password=$(secret "$dir" "$owner-password")
    out=$(psql_tcp "$owner" "$password" "$owner" 'select current_user || chr(44) || current_database()') || true
    expect "postgres (first): $owner logs in to its database over TCP with its password" test "$out" = "$owner,$owner"
  done
  out=$(psql_tcp orders "$(secret "$dir" orders-password)" auth 'select 1') || true
  expect "postgres (first): orders cannot connect to auth's database" grep -q 'permission denied for database' <<<"$out"
  out=$(psql_tcp orders wrong-password orders 'select 1') || true
  expect "postgres (first): a wrong password is refused" grep -q 'password authentication failed' <<<"$out"
  out=$(psql_tcp postgres "$(secret "$dir" superuser-password)" postgres 'show server_version') || true
  log "  server_version: $out"
  expect "postgres (first): the superuser logs in over TCP with POSTGRES_PASSWORD" grep -qE '^17\.' <<<"$out"
  out=$(psql_tcp postgres "$(secret "$dir" superuser-password)" postgres \
    "select datcollate || chr(32) || pg_encoding_to_char(encoding) from pg_database where datname = 'orders'") || true
  log "  orders database: collation and encoding $out"
  psql_tcp orders "$(secret "$dir" orders-password)" orders 'create table kept (x int); insert into kept values (42)' >/dev/null
}

check_postgres_restart() {
  local dir=$1 log=$2 out
  expect "postgres (restart): skipped initialisation on the existing data" grep -q 'Skipping initialization' "$log"
  out=$(psql_tcp orders "$(secret "$dir" orders-password)" orders 'select x from kept') || true
  expect "postgres (restart): the data written before the restart is there" test "$out" = 42
}

check_postgres_extras() {
  local dir=$1 log=$2 out
  out=$(psql_tcp app "$(<"$dir/volumes/extra-secrets/password")" appdb 'select string_agg(name, chr(32) order by name) from made') || true
  expect "postgres (extras): POSTGRES_USER, POSTGRES_PASSWORD_FILE, POSTGRES_DB; .sql, executed and sourced .sh scripts ran" \
    test "$out" = "executed sourced sql"
}

rabbitmqctl_q() { in_container rabbitmqctl -q "$@" 2>&1; }

check_rabbitmq_first() {
  local dir=$1 log=$2 out admin
  admin=$(secret "$dir" admin-password)
  out=$(rabbitmqctl_q list_users) || true
  expect "rabbitmq (first): definitions loaded the users admin [administrator], orders, inventory" \
    has_lines "$out" '^admin\s+\[administrator\]' '^orders\s' '^inventory\s'
  out=$(rabbitmqctl_q list_queues name type) || true
  expect "rabbitmq (first): the four quorum queues exist" \
    test "$(grep -cE '^(inventory\.order-events|orders\.stock-events)(\.dlq)?\s+quorum' <<<"$out")" -eq 4
  out=$(rabbitmqctl_q list_exchanges name type) || true
  expect "rabbitmq (first): orderly.events (topic) and orderly.dlx (direct) exist" \
    has_lines "$out" '^orderly\.events\s+topic' '^orderly\.dlx\s+direct'
  expect "rabbitmq (first): orders authenticates with its password" \
    quiet rabbitmqctl_q authenticate_user orders "$(secret "$dir" orders-password)"
  expect "rabbitmq (first): a wrong password is refused" refused in_container rabbitmqctl -q authenticate_user orders wrong
  out=$(curl -sS -m 10 -u "admin:$admin" http://127.0.0.1:15672/api/queues/%2F/inventory.order-events 2>&1) || true
  expect "rabbitmq (first): the management API shows the admin a queue (the operator's queue-depth reads)" \
    grep -q '"type":"quorum"' <<<"$out"
  out=$(curl -sS -m 10 -o /dev/null -w '%{http_code}' -u "orders:$(secret "$dir" orders-password)" \
    http://127.0.0.1:15672/api/queues/%2F/inventory.order-events 2>&1) || true
  expect "rabbitmq (first): the management API refuses orders (no management tag): HTTP $out" test "$out" = 401
  out=$(curl -sS -m 10 http://127.0.0.1:15692/metrics 2>&1 | grep -c '^rabbitmq_' || true)
  expect "rabbitmq (first): the prometheus plugin serves metrics ($out series)" test "$out" -gt 0
  expect "rabbitmq (first): logs on the console, no log file" no_log_files
  expect "rabbitmq (first): its log is on the console (the container's output)" grep -q 'Server startup complete' "$log"
}

check_rabbitmq_restart() {
  local dir=$1 log=$2 out
  out=$(rabbitmqctl_q list_users) || true
  expect "rabbitmq (restart): users still there" grep -qE '^orders\s' <<<"$out"
  expect "rabbitmq (restart): RABBITMQ_ERLANG_COOKIE written to \$HOME/.erlang.cookie for the CLI tools" \
    test "$(cat "$dir/volumes/data/.erlang.cookie")" = "$(sed -n 's/^RABBITMQ_ERLANG_COOKIE=//p' "$dir/extra-env-restart")"
}

check_rabbitmq_remount() {
  local dir=$1 log=$2 out
  out=$(rabbitmqctl_q list_users) || true
  expect "rabbitmq (remount): started with a cookie the volume's fsGroup had made group-readable" grep -qE '^orders\s' <<<"$out"
  expect "rabbitmq (remount): the cookie is its owner's only again" \
    test "$(stat -c %a "$dir/volumes/data/.erlang.cookie")" = 400
}

check_gateway_first() {
  local dir=$1 log=$2 out
  out=$(in_container java -version 2>&1) || true
  expect "gateway (first): java on PATH is the jlink runtime: $(grep 'Runtime Environment' <<<"$out")" grep -q 'Temurin' <<<"$out"
  expect "gateway (first): the JVM picked up the image's JDK_JAVA_OPTIONS" grep -q 'Picked up JDK_JAVA_OPTIONS: .*MaxRAMPercentage' "$log"
  # shellcheck disable=SC2016 # the container's variables
  out=$(in_container sh -c 'echo "$JAVA_HOME $PATH"') || true
  expect "gateway (first): JAVA_HOME and PATH from the JRE base ($out)" \
    test "$out" = "/opt/java/openjdk /opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
}

if [[ ${1:-} == __pod ]]; then
  shift
  pod_inside "$@"
  exit 0
fi

# ---- outside ---------------------------------------------------------------------------------------

TAG=${1:-0.1.0}
LIST=target/node-images/images-$TAG.txt
[[ $EUID -eq 0 ]] || die "needs root (namespaces, mounts, containerd)"
[[ -f $LIST ]] || die "no $LIST: run hack/images.sh node $TAG first"
for tool in unshare ip chroot curl; do
  command -v "$tool" >/dev/null || die "needs $tool"
done
# shellcheck source=hack/lib/java.sh
source hack/lib/java.sh

work=$(mktemp -d /tmp/orderly-node-check.XXXXXX)
chmod 755 "$work"
containerd_pid=
cleanup() {
  local code=$?
  if [[ -n $containerd_pid ]] && kill -0 "$containerd_pid" 2>/dev/null; then
    kill "$containerd_pid"
    wait "$containerd_pid" 2>/dev/null || true
  fi
  local mounted
  mounted=$(awk -v w="$work" 'index($2, w) == 1 { print $2 }' /proc/mounts | sort -r)
  if [[ -n $mounted ]]; then
    log "unmounting what is left under $work: $mounted"
    xargs -r -n1 umount -l <<<"$mounted"
  fi
  if ((code == 0)); then
    rm -rf "$work"
  else
    log "kept $work for a look"
  fi
}
trap cleanup EXIT
results=$work/results
: >"$results"
started=$SECONDS

mapfile -t entries <"$LIST"
# an image of one static binary, as pause, CoreDNS or Traefik are: Debian's static busybox
# (busybox-static, which hack/cluster.sh installs for its own busybox image)
python3 hack/lib/oci.py static "$work/static.oci.tar" --name orderly.local/static-check:1 \
  --binary /bin/busybox --dest /bin/busybox --cmd '["sleep","3600"]' --user 65532:65532 >&2
entries+=("orderly.local/static-check:1 $work/static.oci.tar")
archives=("${entries[@]#* }")
log "1. verifying ${#archives[@]} archives"
if python3 hack/lib/oci.py verify "${archives[@]}" >&2; then
  printf 'ok %s\n' "${archives[@]/%/: digests, sizes and diff_ids}" >>"$results"
else
  printf 'FAILED oci.py verify\n' >>"$results"
fi

if command -v containerd >/dev/null && command -v ctr >/dev/null; then
  log "2. importing them into a throwaway containerd ($(containerd --version | awk '{print $3}'))"
  mkdir -p "$work/containerd"
  sock=$work/containerd/containerd.sock
  cat >"$work/containerd/config.toml" <<EOF
version = 2
root = "$work/containerd/root"
state = "$work/containerd/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$sock"
[ttrpc]
  address = "$sock.ttrpc"
[plugins."io.containerd.internal.v1.opt"]
  path = "$work/containerd/opt"
EOF
  containerd --config "$work/containerd/config.toml" >"$work/containerd/log" 2>&1 &
  containerd_pid=$!
  for _ in $(seq 60); do
    ctr -a "$sock" version >/dev/null 2>&1 && break
    sleep 0.5
  done
  for entry in "${entries[@]}"; do
    ref=${entry% *} archive=${entry#* }
    if out=$(ctr -a "$sock" -n k8s.io images import "$archive" 2>&1) &&
      ctr -a "$sock" -n k8s.io images ls -q | grep -xF "$ref" >/dev/null; then
      printf 'ok containerd imported and unpacked %s as %s\n' "$archive" "$ref" >>"$results"
    else
      printf 'FAILED containerd import of %s as %s: %s\n' "$archive" "$ref" "$out" >>"$results"
    fi
  done
  ctr -a "$sock" -n k8s.io images ls | awk 'NR == 1 || /orderly/ { print "  " $1, $4, $5 }' >&2
  snapshots=$(ctr -a "$sock" -n k8s.io snapshots --snapshotter overlayfs ls | tail -n +2 | wc -l)
  log "  $snapshots overlayfs snapshots"
  kill "$containerd_pid"
  wait "$containerd_pid" 2>/dev/null || true
  containerd_pid=
else
  log "2. SKIPPED: no containerd or ctr (apt-get install containerd)"
fi

log "3. the operator's PostgreSQL, RabbitMQ and gateway pods, from the operator's model"
ref_of() { awk -v n="$1" 'index($1, n) { print $1; exit }' "$LIST"; }
archive_of() { awk -v n="$1" 'index($1, n) { print $2; exit }' "$LIST"; }
gateway_ref=$(ref_of /gateway:)
java -cp "operator/target/orderly-operator.jar:operator/target/libs/*" hack/images/OperatorPods.java "$work/pods" \
  "$(ref_of /postgres:)" "$(ref_of /rabbitmq:)" "${gateway_ref%/gateway:*}" "${gateway_ref##*:}"

# prepare STORE: the image unpacked, its env, command and stop signal; the pod's volumes.
prepare() {
  local store=$1 dir=$work/$1
  mkdir -p "$dir/volumes"
  python3 hack/lib/oci.py unpack "$(archive_of "/$store:")" "$dir/root" >/dev/null
  python3 hack/lib/oci.py inspect "$(archive_of "/$store:")" | python3 -c '
import json, sys
c = json.load(sys.stdin)["config"]
d = sys.argv[1]
open(d + "/image-env", "w").write("".join(e + "\0" for e in c.get("Env") or []))
open(d + "/image-command", "w").write("".join(a + "\0" for a in (c.get("Entrypoint") or []) + (c.get("Cmd") or [])))
open(d + "/image-stop-signal", "w").write(c.get("StopSignal") or "SIGTERM")
open(d + "/image-workdir", "w").write(c.get("WorkingDir") or "")
' "$dir"
  cp "$work/pods/$store/pod.txt" "$work/pods/$store/secrets.txt" "$dir/"
  local fsgroup kind source
  fsgroup=$(awk -F'\t' '$1 == "fsgroup" { print $2 }' "$dir/pod.txt")
  while IFS=$'\t' read -r _ _ kind source _; do
    case $kind in
      claim) install -d -o 0 -g "$fsgroup" -m 2775 "$dir/volumes/$source" ;; # a new volume under fsGroup
      files) cp -a "$work/pods/$store/$source" "$dir/volumes/$source" && chgrp -R "$fsgroup" "$dir/volumes/$source" ;;
    esac
  done < <(grep $'^mount\t' "$dir/pod.txt")
}

run_pod() { # run_pod STORE POD_FILE PHASE
  unshare --mount --net --uts --pid --fork bash "$SELF" __pod "$work/$1" "$2" "$3" ||
    printf 'FAILED %s (%s): the namespace exited with %s\n' "$1" "$3" "$?" >>"$results"
}

prepare postgres
run_pod postgres "$work/postgres/pod.txt" first
run_pod postgres "$work/postgres/pod.txt" restart
# The official image's other variables, on a new volume: POSTGRES_USER, POSTGRES_PASSWORD_FILE,
# POSTGRES_DB, a .sql script, an executable and a sourced .sh script.
mkdir -p "$work/postgres/volumes"/{extra-init,extra-secrets}
install -d -o 0 -g 999 -m 2775 "$work/postgres/volumes/extra-data"
printf 'app-%s\n' "$RANDOM$RANDOM" >"$work/postgres/volumes/extra-secrets/password"
chgrp -R 999 "$work/postgres/volumes/extra-secrets" && chmod 0440 "$work/postgres/volumes/extra-secrets/password"
cat >"$work/postgres/volumes/extra-init/10-table.sql" <<'EOF'
CREATE TABLE made (name text);
INSERT INTO made VALUES ('sql');
EOF
cat >"$work/postgres/volumes/extra-init/20-executed.sh" <<'EOF'
#!/bin/bash
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -c "INSERT INTO made VALUES ('executed')"
EOF
cat >"$work/postgres/volumes/extra-init/30-sourced.sh" <<'EOF'
"${psql[@]}" -c "INSERT INTO made VALUES ('sourced')"
EOF
chmod 0555 "$work/postgres/volumes/extra-init/20-executed.sh"
chmod 0444 "$work/postgres/volumes/extra-init/10-table.sql" "$work/postgres/volumes/extra-init/30-sourced.sh"
awk -F'\t' -v OFS='\t' '
  $1 == "env" && $2 != "PGDATA" { next }
  $1 == "mount" && $3 == "claim" { $4 = "extra-data" }
  $1 == "mount" && $2 == "/docker-entrypoint-initdb.d" { $4 = "extra-init" }
  { print }
  END {
    print "env", "POSTGRES_USER", "app"
    print "env", "POSTGRES_PASSWORD_FILE", "/run/secrets/app/password"
    print "env", "POSTGRES_DB", "appdb"
    print "mount", "/run/secrets/app", "files", "extra-secrets", "true"
  }' "$work/postgres/pod.txt" >"$work/postgres/pod-extras.txt"
run_pod postgres "$work/postgres/pod-extras.txt" extras

prepare rabbitmq
run_pod rabbitmq "$work/rabbitmq/pod.txt" first
printf 'RABBITMQ_ERLANG_COOKIE=node-check-%s\n' "$RANDOM$RANDOM$RANDOM" >"$work/rabbitmq/extra-env-restart"
run_pod rabbitmq "$work/rabbitmq/pod.txt" restart
# What a kubelet applying fsGroup to the volume does to the cookie on the next mount.
chmod 0460 "$work/rabbitmq/volumes/data/.erlang.cookie"
cp "$work/rabbitmq/extra-env-restart" "$work/rabbitmq/extra-env-remount"
run_pod rabbitmq "$work/rabbitmq/pod.txt" remount

prepare gateway
run_pod gateway "$work/gateway/pod.txt" first


passed=$(grep -c '^ok ' "$results" || true)
failed=$(grep -c '^FAILED' "$results" || true)
grep '^FAILED' "$results" >&2 || true
log "done in $((SECONDS - started)) s"
echo "node-check: $passed passed, $failed failed"
((failed == 0))
