#!/usr/bin/env bash
# Saga throughput and latency, straight on the order service (no gateway): a bounded closed-loop
# load (fixed duration and concurrency), repeated; completion measured from the orders database.
#
#   bench/saga.sh [--seconds 30] [--concurrency 32] [--runs 3]
#
# Prints per run: orders accepted/s, orders completed/s (CONFIRMED or CANCELLED), completion
# latency p50/p99 (accepted -> terminal), then min/median/max over the runs as a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=hack/lib/java.sh
source hack/lib/java.sh

SECONDS_PER_RUN=30
CONCURRENCY=32
RUNS=3
while [[ $# -gt 0 ]]; do
  case $1 in
    --seconds) SECONDS_PER_RUN=$2; shift 2 ;;
    --concurrency) CONCURRENCY=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

hack/infra.sh up >/dev/null
if [[ ! -f services/orders/target/orderly-orders.jar || ! -f services/inventory/target/orderly-inventory.jar ]]; then
  ./mvnw -B -q -DskipTests -pl services/orders,services/inventory -am install
fi

WORK=$(mktemp -d /tmp/orderly-bench.XXXXXX)
ORDERS_PORT=18081
INVENTORY_PORT=18082
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

start() { # name jar port extra-env...
  local name=$1 jar=$2 port=$3; shift 3
  env SERVER_PORT="$port" LOG_LEVEL=WARN "$@" java -Xmx512m -jar "$jar" >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  local deadline=$((SECONDS + 60))
  until curl -fs "http://127.0.0.1:$port/observe/health/ready" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || { echo "$name did not start; see $WORK/$name.log" >&2; exit 1; }
    sleep 0.5
  done
}

start inventory services/inventory/target/orderly-inventory.jar $INVENTORY_PORT
start orders services/orders/target/orderly-orders.jar $ORDERS_PORT \
  ORDERS_INVENTORY_URL="http://127.0.0.1:$INVENTORY_PORT" ORDERS_SAGA_TIMEOUT=120s

RUN_ID=$(date +%s)
PRODUCTS=16
for ((p = 0; p < PRODUCTS; p++)); do
  curl -fs -XPOST "http://127.0.0.1:$INVENTORY_PORT/products" -H 'Content-Type: application/json' \
    -d "{\"id\":\"bench-$RUN_ID-$p\",\"name\":\"bench\",\"stock\":1000000}" >/dev/null
done

psql_orders() { PGPASSWORD=orders psql -h 127.0.0.1 -U orders -d orders -qAt -F ' ' -c "$1"; }

results=()
for ((run = 1; run <= RUNS; run++)); do
  customer="bench-$RUN_ID-r$run"
  # Warm-up run of the JIT on the first iteration only.
  if ((run == 1)); then
    java bench/SagaLoad.java "http://127.0.0.1:$ORDERS_PORT" 5 "$CONCURRENCY" "warmup-$RUN_ID" "bench-$RUN_ID" $PRODUCTS >/dev/null
  fi
  # Where the CPU goes while the load runs (after a 3 s ramp-up).
  (sleep 3 && bench/cpu-split.sh $((SECONDS_PER_RUN - 5)) >"$WORK/cpu-$run.txt") &
  load=$(java bench/SagaLoad.java "http://127.0.0.1:$ORDERS_PORT" "$SECONDS_PER_RUN" "$CONCURRENCY" "$customer" "bench-$RUN_ID" $PRODUCTS)
  wait $!
  deadline=$((SECONDS + 120))
  while [[ $(psql_orders "select count(*) from orders where customer_id like '$customer-%' and status = 'PENDING'") != 0 ]]; do
    ((SECONDS < deadline)) || { echo "orders still pending after 120 s" >&2; exit 1; }
    sleep 1
  done
  read -r accepted completed window p50 p99 < <(psql_orders "
    select count(*),
           count(*) filter (where status <> 'PENDING'),
           extract(epoch from max(completed_at) - min(created_at)),
           1000 * percentile_cont(0.5) within group (order by extract(epoch from completed_at - created_at)),
           1000 * percentile_cont(0.99) within group (order by extract(epoch from completed_at - created_at))
    from orders where customer_id like '$customer-%'")
  accepted_rate=$(awk -v a="$accepted" -v s="$SECONDS_PER_RUN" 'BEGIN {printf "%.0f", a / s}')
  completed_rate=$(awk -v c="$completed" -v w="$window" 'BEGIN {printf "%.0f", c / w}')
  printf 'run %d: %s; accepted %s/s, completed %s/s, latency p50 %.1f ms, p99 %.1f ms\n' \
    "$run" "$load" "$accepted_rate" "$completed_rate" "$p50" "$p99"
  sed 's/^/    cpu: /' "$WORK/cpu-$run.txt"
  results+=("$accepted_rate $completed_rate $p50 $p99")
done

stats() { # column -> "min median max"
  printf '%s\n' "${results[@]}" | awk -v c="$1" '{print $c}' | sort -g |
    awk '{v[NR] = $1} END {printf "%.1f / %.1f / %.1f", v[1], v[int((NR + 1) / 2)], v[NR]}'
}
echo
echo "| metric (min / median / max of $RUNS runs, ${SECONDS_PER_RUN}s each, concurrency $CONCURRENCY) | value |"
echo "| --- | --- |"
echo "| orders accepted/s | $(stats 1) |"
echo "| orders completed/s | $(stats 2) |"
echo "| completion latency p50 (ms) | $(stats 3) |"
echo "| completion latency p99 (ms) | $(stats 4) |"
