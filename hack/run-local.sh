#!/usr/bin/env bash
# Runs Orderly on this machine without a cluster: PostgreSQL and RabbitMQ (hack/infra.sh) and
# the services as background processes, logs under .run/logs.
#
#   hack/run-local.sh up       build when needed, start everything, load a small catalogue
#   hack/run-local.sh down     stop exactly the processes `up` started
#   hack/run-local.sh status   what runs, and where
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=hack/lib/java.sh
source hack/lib/java.sh

RUN_DIR="$PWD/.run"
LOGS="$RUN_DIR/logs"
SERVICES=(inventory orders)
declare -A PORTS=([orders]=8081 [inventory]=8082)

log() { printf '[run-local] %s\n' "$*" >&2; }

pid_of() { cat "$RUN_DIR/$1.pid" 2>/dev/null || true; }

running() {
  local pid
  pid=$(pid_of "$1")
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null
}

build() {
  local missing=0 svc
  for svc in "${SERVICES[@]}"; do
    [[ -f services/$svc/target/orderly-$svc.jar ]] || missing=1
  done
  if ((missing)); then
    log "building the services (first run only)"
    ./mvnw -B -q -DskipTests install
  fi
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
  env SERVER_PORT="${PORTS[$svc]}" LOG_FORMAT="${LOG_FORMAT:-text}" \
    ORDERS_INVENTORY_URL="http://127.0.0.1:${PORTS[inventory]}" \
    nohup java -Xmx256m -jar "services/$svc/target/orderly-$svc.jar" >"$LOGS/$svc.log" 2>&1 &
  echo $! >"$RUN_DIR/$svc.pid"
  await_ready "$svc"
  log "$svc ready on http://127.0.0.1:${PORTS[$svc]} (pid $(pid_of "$svc"))"
}

load_catalogue() {
  local id name stock
  while IFS=, read -r id name stock; do
    curl -fs -o /dev/null -XPOST "http://127.0.0.1:${PORTS[inventory]}/products" \
      -H 'Content-Type: application/json' -d "{\"id\":\"$id\",\"name\":\"$name\",\"stock\":$stock}" || true
  done <<'CATALOGUE'
espresso-beans,Espresso beans 1 kg,100
grinder,Burr grinder,10
kettle,Gooseneck kettle,25
filter-papers,Filter papers x100,500
last-mug,The last mug,1
CATALOGUE
}

cmd_up() {
  mkdir -p "$LOGS"
  build
  hack/infra.sh up >/dev/null
  local svc
  for svc in "${SERVICES[@]}"; do start "$svc"; done
  load_catalogue
  cat <<EOM

Orderly is running.
  orders:    http://127.0.0.1:${PORTS[orders]}/orders
  inventory: http://127.0.0.1:${PORTS[inventory]}/products
  logs:      $LOGS

Place an order and follow its saga:
  curl -s -XPOST http://127.0.0.1:${PORTS[orders]}/orders -H 'X-Customer-Id: demo' \\
       -H 'Idempotency-Key: first-order' -d '{"items":[{"productId":"kettle","quantity":1}]}'
  curl -s http://127.0.0.1:${PORTS[orders]}/orders/<id>/timeline -H 'X-Customer-Id: demo'

Stop with: hack/run-local.sh down
EOM
}

cmd_down() {
  local svc pid
  for svc in "${SERVICES[@]}"; do
    pid=$(pid_of "$svc")
    if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
      log "stopping $svc (pid $pid)"
      kill "$pid"
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -9 "$pid" 2>/dev/null || true
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
