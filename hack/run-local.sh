#!/usr/bin/env bash
# Runs Orderly on this machine without a cluster: PostgreSQL and RabbitMQ (hack/infra.sh) and
# the four services as background processes, logs under .run/logs.
#
#   hack/run-local.sh up       build when needed, start everything, load a small catalogue and a demo user
#   hack/run-local.sh down     stop exactly the processes `up` started
#   hack/run-local.sh status   what runs, and where
#
# Secrets live in .run/ (git-ignored, mode 600): the dev signing key of the auth service
# (signing-key.pem, made with openssl), the admin's password (admin-password) and the demo
# user's (demo-password). Keep .run/ to keep the users' tokens valid across restarts.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=hack/lib/java.sh
source hack/lib/java.sh
# shellcheck source=hack/lib/process.sh
source hack/lib/process.sh
# shellcheck source=hack/lib/auth.sh
source hack/lib/auth.sh

RUN_DIR="$PWD/.run"
LOGS="$RUN_DIR/logs"
SERVICES=(auth inventory orders gateway)
declare -A PORTS=([gateway]=8080 [orders]=8081 [inventory]=8082 [auth]=8083)
GATEWAY="http://127.0.0.1:${PORTS[gateway]}"
DEMO_USER=demo

log() { printf '[run-local] %s\n' "$*" >&2; }

pid_of() { cat "$RUN_DIR/$1.pid" 2>/dev/null || true; }

# True when the recorded pid of $1 is alive AND is still our service (not a recycled pid).
running() {
  local pid
  pid=$(pid_of "$1")
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null &&
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "orderly-$1.jar"
}

build() {
  local missing=0 svc
  for svc in "${SERVICES[@]}"; do
    [[ -f services/$svc/target/orderly-$svc.jar ]] || missing=1
  done
  if ((missing)); then
    log "building the services (first run only)"
    ./mvnw -B -q -DskipTests -pl services/auth,services/gateway,services/orders,services/inventory -am install
  fi
}

# A random secret of 24 URL-safe characters.
random_secret() { openssl rand -base64 18 | tr '+/' '-_'; }

secrets() {
  umask 077
  if [[ ! -s $RUN_DIR/signing-key.pem ]]; then
    log "generating the dev signing key $RUN_DIR/signing-key.pem"
    make_signing_key "$RUN_DIR/signing-key.pem"
  fi
  [[ -s $RUN_DIR/admin-password ]] || random_secret >"$RUN_DIR/admin-password"
  [[ -s $RUN_DIR/demo-password ]] || random_secret >"$RUN_DIR/demo-password"
  umask 022
}

await_ready() {
  local svc=$1 deadline=$((SECONDS + 90))
  until curl -fs "http://127.0.0.1:${PORTS[$svc]}/observe/health/ready" >/dev/null 2>&1; do
    if ! running "$svc"; then log "$svc exited; see $LOGS/$svc.log"; tail -20 "$LOGS/$svc.log" >&2; exit 1; fi
    ((SECONDS < deadline)) || { log "$svc not ready after 90 s; see $LOGS/$svc.log"; exit 1; }
    sleep 0.5
  done
}

start() {
  local svc=$1
  if running "$svc"; then log "$svc already running (pid $(pid_of "$svc"))"; return; fi
  if curl -fs -o /dev/null "http://127.0.0.1:${PORTS[$svc]}/observe/health/live" 2>/dev/null; then
    log "port ${PORTS[$svc]} is taken by a process this script did not start; stop it first"; exit 1
  fi
  # Each service gets only its own settings (the admin password goes to auth alone).
  local -a settings=(SERVER_PORT="${PORTS[$svc]}" LOG_FORMAT="${LOG_FORMAT:-text}")
  case $svc in
    auth) settings+=(AUTH_SIGNING_KEY_FILE="$RUN_DIR/signing-key.pem"
                     AUTH_ADMIN_PASSWORD="$(cat "$RUN_DIR/admin-password")") ;;
    orders) settings+=(ORDERS_INVENTORY_URL="http://127.0.0.1:${PORTS[inventory]}") ;;
    gateway) settings+=(GATEWAY_UPSTREAMS_AUTH="http://127.0.0.1:${PORTS[auth]}"
                        GATEWAY_UPSTREAMS_ORDERS="http://127.0.0.1:${PORTS[orders]}"
                        GATEWAY_UPSTREAMS_INVENTORY="http://127.0.0.1:${PORTS[inventory]}"
                        GATEWAY_DOCS_ENABLED=true) ;;
  esac
  # Clients reach auth through the gateway: that is the issuer they discover and tokens name.
  settings+=(AUTH_ISSUER="$GATEWAY/api/auth")
  [[ $svc == auth ]] || settings+=(AUTH_JWKS_URL="http://127.0.0.1:${PORTS[auth]}/.well-known/jwks.json")
  local jvm_opts
  read -ra jvm_opts <<<"$ORDERLY_SERVICE_JAVA_OPTS"
  env "${settings[@]}" nohup java "${jvm_opts[@]}" -jar "services/$svc/target/orderly-$svc.jar" >"$LOGS/$svc.log" 2>&1 &
  echo $! >"$RUN_DIR/$svc.pid"
  await_ready "$svc"
  log "$svc ready on http://127.0.0.1:${PORTS[$svc]} (pid $(pid_of "$svc"))"
}

# The value of a top-level string field of a one-line JSON object on stdin.
# An access token for user $1 with password $2, through the gateway.
token() { auth_token "$GATEWAY/api" "$1" "$2"; }

load_catalogue() {
  local admin id name stock status
  admin=$(token admin "$(cat "$RUN_DIR/admin-password")")
  [[ -n $admin ]] || { log "cannot get an admin token; see $LOGS/auth.log"; exit 1; }
  while IFS=, read -r id name stock; do
    status=$(curl -s -o /dev/null -w '%{http_code}' -XPOST "http://127.0.0.1:${PORTS[inventory]}/products" \
      -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
      -d "{\"id\":\"$id\",\"name\":\"$name\",\"stock\":$stock}")
    case $status in
      201 | 409) ;;
      *) log "creating product $id answered $status"; exit 1 ;;
    esac
  done <<'CATALOGUE'
espresso-beans,Espresso beans 1 kg,100
grinder,Burr grinder,10
kettle,Gooseneck kettle,25
filter-papers,Filter papers x100,500
last-mug,The last mug,1
CATALOGUE
  log "catalogue loaded"
}

# register USER PASSWORD -> the HTTP status of the registration
register() {
  curl -s -o /dev/null -w '%{http_code}' -XPOST "$GATEWAY/api/auth/users" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"$2\"}"
}

# The demo user `demo` (its name in .run/demo-user). When the database already has a `demo` whose
# password is not the one in .run/ (.run/ was deleted), a fresh demo-<suffix> takes its place.
demo_user() {
  local password status
  password=$(cat "$RUN_DIR/demo-password")
  [[ -s $RUN_DIR/demo-user ]] || echo "$DEMO_USER" >"$RUN_DIR/demo-user"
  DEMO_USER=$(cat "$RUN_DIR/demo-user")
  status=$(register "$DEMO_USER" "$password")
  case $status in
    201) log "demo user '$DEMO_USER' created" ;;
    409) log "demo user '$DEMO_USER' exists" ;;
    *) log "creating the demo user answered $status"; exit 1 ;;
  esac
  if [[ -z $(token "$DEMO_USER" "$password") ]]; then
    DEMO_USER="demo-$(openssl rand -hex 3)"
    log "the existing demo user has another password; creating '$DEMO_USER' instead"
    status=$(register "$DEMO_USER" "$password")
    [[ $status == 201 ]] || { log "creating $DEMO_USER answered $status"; exit 1; }
    echo "$DEMO_USER" >"$RUN_DIR/demo-user"
  fi
}

cmd_up() {
  mkdir -p "$LOGS"
  command -v openssl >/dev/null || { log "openssl is needed for the dev signing key"; exit 1; }
  build
  hack/infra.sh up >/dev/null
  secrets
  local svc
  for svc in "${SERVICES[@]}"; do start "$svc"; done
  load_catalogue
  demo_user
  cat <<EOM

Orderly is running behind the gateway: $GATEWAY/api   (OpenAPI: $GATEWAY/openapi.json, Swagger UI: $GATEWAY/docs/)
  logs:         $LOGS
  demo user:    $DEMO_USER / $(cat "$RUN_DIR/demo-password")
  admin:        admin / see $RUN_DIR/admin-password

Get a token (OAuth 2.0; the issuer's metadata: $GATEWAY/api/auth/.well-known/oauth-authorization-server),
place an order and follow its saga:
  TOKEN=\$(curl -s $GATEWAY/api/auth/token -d grant_type=password -d client_id=orderly \\
       -d username=$DEMO_USER -d password=$(cat "$RUN_DIR/demo-password") | sed 's/.*"access_token":"\\([^"]*\\)".*/\\1/')
  curl -s -XPOST $GATEWAY/api/orders -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' \\
       -H 'Idempotency-Key: first-order' -d '{"items":[{"productId":"kettle","quantity":1}]}'
  # {"id":"42e4…","status":"PENDING",…}
  curl -s $GATEWAY/api/orders/<id>/details -H "Authorization: Bearer \$TOKEN"
  # the order, its reservation and its timeline: ORDER_PLACED -> STOCK_RESERVED -> ORDER_CONFIRMED

A new customer registers with POST $GATEWAY/api/auth/users {"username","password"} (10+ characters).
More: hack/demo.sh      Stop with: hack/run-local.sh down
EOM
}

cmd_down() {
  local i svc pid
  for ((i = ${#SERVICES[@]} - 1; i >= 0; i--)); do
    svc=${SERVICES[i]}
    pid=$(pid_of "$svc")
    if running "$svc"; then
      log "stopping $svc (pid $pid)"
      stop_process "$svc" "$pid"
    elif [[ -n $pid ]]; then
      log "$svc (pid $pid) is not running any more"
    fi
    rm -f "$RUN_DIR/$svc.pid"
  done
  log "services stopped; PostgreSQL and RabbitMQ keep running (hack/infra.sh down stops them)"
}

cmd_status() {
  local svc
  for svc in "${SERVICES[@]}"; do
    if running "$svc"; then echo "$svc: running on http://127.0.0.1:${PORTS[$svc]} (pid $(pid_of "$svc"))"
    else echo "$svc: stopped"; fi
  done
  hack/infra.sh status || true
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
