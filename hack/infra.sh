#!/usr/bin/env bash
# Local infrastructure for Orderly: PostgreSQL 15 and RabbitMQ from Debian's packages,
# listening on 127.0.0.1 only, one database and one role per service.
#
#   hack/infra.sh up       install when missing, start, create databases/roles/users (idempotent)
#   hack/infra.sh down     stop both servers
#   hack/infra.sh status   show what runs
#   hack/infra.sh reset    drop the service databases and the broker's queues and start them empty
#                          (a clean slate, e.g. before a benchmark; stop the services first)
#   hack/infra.sh rabbitmq-stop | rabbitmq-start   stop/start only the broker (fault tests)
#   hack/infra.sh postgres-stop | postgres-start   stop/start only the database (fault tests)
set -euo pipefail

PG_VERSION=15
PG_CLUSTER=main
PG_PORT="${ORDERLY_PG_PORT:-5432}"
AMQP_PORT="${ORDERLY_AMQP_PORT:-5672}"
# AMQPS, and TLS on PostgreSQL's port too, with a certificate for 127.0.0.1 signed by a CA made
# here: TLS tests trust $TLS_DIR/ca.crt.
AMQPS_PORT="${ORDERLY_AMQPS_PORT:-5671}"
TLS_DIR=/etc/orderly/test-tls
RABBITMQ_USER="${ORDERLY_RABBITMQ_USER:-orderly}"
RABBITMQ_PASSWORD="${ORDERLY_RABBITMQ_PASSWORD:-orderly}"
# One database and one role per service; the password equals the role name (local use only).
SERVICES=(orders inventory auth)

log() { printf '[infra] %s\n' "$*" >&2; }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

install_packages() {
  local missing=()
  command -v pg_ctlcluster >/dev/null 2>&1 && [[ -x /usr/lib/postgresql/${PG_VERSION}/bin/postgres ]] \
    || missing+=("postgresql-${PG_VERSION}")
  command -v rabbitmq-server >/dev/null 2>&1 || missing+=(rabbitmq-server)
  [[ ${#missing[@]} -eq 0 ]] && return 0
  log "installing ${missing[*]}"
  # No init system here: keep the packages' post-install scripts from starting the servers.
  local had_policy=0
  [[ -e /usr/sbin/policy-rc.d ]] && had_policy=1 && as_root cp /usr/sbin/policy-rc.d /tmp/policy-rc.d.orderly
  printf '#!/bin/sh\nexit 101\n' | as_root tee /usr/sbin/policy-rc.d >/dev/null
  as_root chmod +x /usr/sbin/policy-rc.d
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if [[ $had_policy -eq 1 ]]; then as_root mv /tmp/policy-rc.d.orderly /usr/sbin/policy-rc.d; else as_root rm -f /usr/sbin/policy-rc.d; fi
}

pg_running() {
  pg_lsclusters --no-header 2>/dev/null | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1==v && $2==c {print $4}' | grep -q online
}

psql_admin() {
  as_root su postgres -c "psql -v ON_ERROR_STOP=1 -qAt -p ${PG_PORT} $*"
}

postgres_up() {
  if ! pg_lsclusters --no-header 2>/dev/null | awk '{print $1" "$2}' | grep -qx "${PG_VERSION} ${PG_CLUSTER}"; then
    as_root pg_createcluster "$PG_VERSION" "$PG_CLUSTER" -p "$PG_PORT" >/dev/null
  fi
  local conf="/etc/postgresql/${PG_VERSION}/${PG_CLUSTER}/conf.d/orderly.conf"
  local wanted
  wanted=$(cat <<CONF
# Orderly local settings: loopback only, room for several service replicas and tests.
listen_addresses = '127.0.0.1'
port = ${PG_PORT}
max_connections = 300
shared_buffers = 256MB
# Many small transactions commit at once: let them share one WAL flush (group commit) instead
# of giving up durability.
commit_delay = 200
commit_siblings = 3
wal_buffers = 16MB
# Keep checkpoints out of short benchmark windows.
max_wal_size = 4GB
checkpoint_timeout = 15min
# TLS for the clients that ask (sslmode), with the test CA's certificate for 127.0.0.1.
ssl = on
ssl_cert_file = '${TLS_DIR}/server.crt'
ssl_key_file = '${TLS_DIR}/postgres.key'
CONF
)
  local changed=0
  if [[ ! -f $conf ]] || [[ "$(cat "$conf")" != "$wanted" ]]; then
    printf '%s\n' "$wanted" | as_root tee "$conf" >/dev/null
    changed=1
  fi
  if pg_running && ((changed)); then
    # Settings that need a restart (wal_buffers) apply at the next start; the rest right away.
    as_root pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" reload
  fi
  if ! pg_running; then
    log "starting PostgreSQL ${PG_VERSION} on 127.0.0.1:${PG_PORT}"
    as_root pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start
  fi
  local svc
  for svc in "${SERVICES[@]}"; do
    if [[ $(psql_admin "-c \"select 1 from pg_roles where rolname='${svc}'\"") != 1 ]]; then
      psql_admin "-c \"create role ${svc} login password '${svc}'\""
    fi
    if [[ $(psql_admin "-c \"select 1 from pg_database where datname='${svc}'\"") != 1 ]]; then
      psql_admin "-c \"create database ${svc} owner ${svc}\""
    fi
    # A role reaches only its own database.
    psql_admin "-c \"revoke all on database ${svc} from public\""
    psql_admin "-c \"grant connect, temporary on database ${svc} to ${svc}\""
  done
  psql_admin "-c \"revoke connect on database postgres from public\""
}

# A CA and a server certificate for 127.0.0.1 (only), so host name checks can be tested too; the
# key once for each server, owned by the user it runs as (both refuse a key others can read).
test_certificates() {
  [[ -f $TLS_DIR/server.crt ]] && return 0
  as_root mkdir -p "$TLS_DIR"
  local work
  work=$(mktemp -d)
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=Orderly test CA" \
    -keyout "$work/ca.key" -out "$work/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$work/server.key" -out "$work/server.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$work/server.ext"
  openssl x509 -req -in "$work/server.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial -days 3650 \
    -extfile "$work/server.ext" -out "$work/server.crt" 2>/dev/null
  as_root cp "$work/ca.crt" "$work/server.crt" "$TLS_DIR/"
  as_root chmod 644 "$TLS_DIR/ca.crt" "$TLS_DIR/server.crt"
  local user
  for user in rabbitmq postgres; do
    as_root install -m 600 -o "$user" -g "$user" "$work/server.key" "$TLS_DIR/$user.key"
  done
  rm -rf "$work"
}

rabbitmq_env() {
  as_root mkdir -p /etc/rabbitmq
  if [[ ! -f /etc/rabbitmq/rabbitmq.conf ]] || ! grep -q 'rabbitmq.key' /etc/rabbitmq/rabbitmq.conf; then
    as_root tee /etc/rabbitmq/rabbitmq.conf >/dev/null <<CONF
# orderly: loopback only
listeners.tcp.default = 127.0.0.1:${AMQP_PORT}
listeners.ssl.default = 127.0.0.1:${AMQPS_PORT}
ssl_options.cacertfile = ${TLS_DIR}/ca.crt
ssl_options.certfile = ${TLS_DIR}/server.crt
ssl_options.keyfile = ${TLS_DIR}/rabbitmq.key
ssl_options.verify = verify_none
ssl_options.fail_if_no_peer_cert = false
management.tcp.ip = 127.0.0.1
management.tcp.port = 15672
prometheus.tcp.ip = 127.0.0.1
prometheus.tcp.port = 15692
loopback_users = none
CONF
    as_root tee /etc/rabbitmq/rabbitmq-env.conf >/dev/null <<'CONF'
# orderly: keep the Erlang distribution and epmd on loopback too
NODENAME=rabbit@localhost
SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
CONF
  fi
  export ERL_EPMD_ADDRESS=127.0.0.1
}

rabbitmq_running() {
  rabbitmqctl -q status >/dev/null 2>&1
}

await_rabbitmq() {
  local deadline=$((SECONDS + 90))
  # await_startup fails at once while the node is still booting, so retry it.
  until rabbitmqctl -q await_startup --timeout 10 >/dev/null 2>&1; do
    if ((SECONDS > deadline)); then log "RabbitMQ did not start; see /var/log/rabbitmq"; return 1; fi
    sleep 1
  done
}

rabbitmq_up() {
  rabbitmq_env
  if ! rabbitmq_running; then
    log "starting RabbitMQ on 127.0.0.1:${AMQP_PORT}"
    as_root rabbitmq-plugins --offline enable rabbitmq_management rabbitmq_prometheus >/dev/null
    as_root rabbitmq-server -detached
    await_rabbitmq
  fi
  # A broker started before the metrics endpoint was wanted gets it now, without a restart.
  as_root rabbitmq-plugins -q is_enabled rabbitmq_prometheus >/dev/null 2>&1 \
    || as_root rabbitmq-plugins -q enable rabbitmq_prometheus >/dev/null
  rabbitmqctl -q start_app >/dev/null 2>&1 || true
  await_rabbitmq
  if ! rabbitmqctl -q list_users | awk '{print $1}' | grep -qx "$RABBITMQ_USER"; then
    rabbitmqctl -q add_user "$RABBITMQ_USER" "$RABBITMQ_PASSWORD" >/dev/null
    rabbitmqctl -q set_user_tags "$RABBITMQ_USER" management >/dev/null
  fi
  rabbitmqctl -q set_permissions -p / "$RABBITMQ_USER" '.*' '.*' '.*' >/dev/null
}

cmd_up() {
  install_packages
  test_certificates
  postgres_up
  rabbitmq_up
  cmd_status
}

cmd_down() {
  rabbitmq_env
  if rabbitmq_running; then log "stopping RabbitMQ"; rabbitmqctl -q stop >/dev/null 2>&1 || true; fi
  if pg_running; then log "stopping PostgreSQL"; as_root pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" stop; fi
}

cmd_reset() {
  postgres_up
  local svc queue
  for svc in "${SERVICES[@]}"; do
    log "dropping database ${svc}"
    psql_admin "-c \"drop database if exists ${svc} with (force)\""
  done
  postgres_up
  rabbitmq_up
  rabbitmq_env
  # The services declare their queues again when they start.
  for queue in $(rabbitmqctl list_queues --quiet --no-table-headers name); do
    log "deleting queue ${queue}"
    rabbitmqctl -q delete_queue "$queue" >/dev/null
  done
  cmd_status
}

cmd_status() {
  rabbitmq_env
  local rc=0
  if pg_running; then echo "postgresql: running on 127.0.0.1:${PG_PORT} (databases: ${SERVICES[*]})"; else echo "postgresql: stopped"; rc=1; fi
  if rabbitmq_running && rabbitmqctl -q list_queues >/dev/null 2>&1; then
    echo "rabbitmq:   running on 127.0.0.1:${AMQP_PORT} (user ${RABBITMQ_USER}; management http://127.0.0.1:15672, metrics http://127.0.0.1:15692/metrics; AMQPS on ${AMQPS_PORT}, CA ${TLS_DIR}/ca.crt)"
  else
    echo "rabbitmq:   stopped"; rc=1
  fi
  return $rc
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  reset) cmd_reset ;;
  rabbitmq-stop) rabbitmq_env; rabbitmqctl -q stop_app ;;
  postgres-stop) as_root pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" stop ;;
  postgres-start) as_root pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start ;;
  rabbitmq-start) rabbitmq_env; rabbitmqctl -q start_app; await_rabbitmq ;;
  *) echo "usage: $0 up|down|status|reset|rabbitmq-stop|rabbitmq-start|postgres-stop|postgres-start" >&2; exit 2 ;;
esac
