# shellcheck shell=bash
# Shared by bench/saga.sh and bench/platform.sh (sourced from the repository root): options,
# build, processes, the auth service with a key made for the run, users and tokens, the runs
# themselves (warm-up, CPU split, load, completion from the orders database) and the table.
#
# Options of every bench: [--seconds 30] [--concurrency 32] [--runs 3] [--users 8] [--rate 0]
# [--warmup 90] (--rate N paces the callers to N orders/s in all; 0 is a closed loop, as fast as
# answers come; --warmup is the unmeasured load, at the same rate, that warms the JITs first: on
# two busy cores C2 keeps compiling for over a minute, and 5 or 20 s left the runs at a third of
# the warm figures; a closed-loop warm-up before paced runs left their tail high for minutes)
# [--tracing] (every service exports its spans over OTLP/HTTP to an OpenTelemetry Collector the
# bench starts on this machine, hack/otelcol, which counts and drops them: tracing's whole cost
# here, the collector's CPU included)

# shellcheck source=hack/lib/java.sh
source hack/lib/java.sh
# shellcheck source=hack/lib/auth.sh
source hack/lib/auth.sh
# shellcheck source=hack/lib/go.sh
source hack/lib/go.sh
# shellcheck source=hack/lib/otelcol.sh
source hack/lib/otelcol.sh

SECONDS_PER_RUN=30
CONCURRENCY=32
RUNS=3
USERS=8
RATE=0
WARMUP=90
TRACING=0
# bench_prepare ARGS...: bench_prepare_load, then brings up PostgreSQL and RabbitMQ (and the
# collector, with --tracing).
bench_prepare() {
  bench_prepare_load "$@"
  hack/infra.sh up >/dev/null
  if ((TRACING)); then bench_start_collector; fi
}

# bench_start_collector: the collector on 127.0.0.1:14318 (the debug exporter at its lowest
# verbosity: a line per batch), and OTEL_EXPORTER_OTLP_ENDPOINT for every service started after.
bench_start_collector() {
  otelcol_ensure
  cat >"$WORK/otelcol.yaml" <<'YAML'
receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:14318
exporters:
  debug:
    verbosity: basic
service:
  telemetry:
    metrics:
      level: none
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [debug]
YAML
  "$ORDERLY_OTELCOL_BIN" --config "$WORK/otelcol.yaml" >"$WORK/otelcol.log" 2>&1 &
  PIDS+=($!)
  local i
  for ((i = 0; i < 100; i++)); do
    grep -q "Everything is ready" "$WORK/otelcol.log" && break
    sleep 0.1
  done
  grep -q "Everything is ready" "$WORK/otelcol.log" || { echo "the collector did not start: $WORK/otelcol.log" >&2; exit 1; }
  export OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:14318
  echo "[bench] tracing on: every span to the collector at $OTEL_EXPORTER_OTLP_ENDPOINT"
}

# bench_prepare_load ARGS...: reads the options, builds the load generator, prints the machine.
bench_prepare_load() {
  bench_options "$@"
  (cd bench/loadgen && CGO_ENABLED=0 "$GO" build -o "$WORK/loadgen" .) || { echo "cannot build bench/loadgen (needs Go)" >&2; exit 1; }
  bench/machine.sh
}

bench_options() {
  while [[ $# -gt 0 ]]; do
    case $1 in
      --seconds) SECONDS_PER_RUN=$2; shift 2 ;;
      --concurrency) CONCURRENCY=$2; shift 2 ;;
      --runs) RUNS=$2; shift 2 ;;
      --users) USERS=$2; shift 2 ;;
      --rate) RATE=$2; shift 2 ;;
      --warmup) WARMUP=$2; shift 2 ;;
      --tracing) TRACING=1; shift ;;
      *) echo "unknown option $1" >&2; exit 2 ;;
    esac
  done
}

# bench_build SERVICE...: builds the services' jars and what they depend on, every time: a jar
# left from an older checkout would measure old code (Maven skips what is up to date).
bench_build() {
  local modules
  modules=$(printf 'services/%s,' "$@")
  flock /tmp/orderly-mvn.lock ./mvnw -B -q -DskipTests -pl "${modules%,}" -am install
}

WORK=$(mktemp -d /tmp/orderly-bench.XXXXXX)
RUN_ID=$(date +%s)
PRODUCTS=16
PIDS=()
declare -A SERVICE_PID=()
bench_cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap bench_cleanup EXIT

# bench_start_saga: inventory and orders (validating tokens of the bench's auth service).
ORDERS_PORT=18081
INVENTORY_PORT=18082
bench_start_saga() {
  bench_start inventory $INVENTORY_PORT AUTH_JWKS_URL="$JWKS_URL"
  bench_start orders $ORDERS_PORT AUTH_JWKS_URL="$JWKS_URL" \
    ORDERS_INVENTORY_URL="http://127.0.0.1:$INVENTORY_PORT" ORDERS_SAGA_TIMEOUT=120s
}

# bench_start NAME PORT ENV...: starts services/NAME's jar on PORT and waits until it is ready.
bench_start() {
  local name=$1 port=$2 jvm_opts; shift 2
  # Throughput first (default GC, 512 MB heap) unless the footprint settings are asked for with
  # ORDERLY_BENCH_JAVA_OPTS="$ORDERLY_SERVICE_JAVA_OPTS"; docs/benchmarks.md has both.
  read -ra jvm_opts <<<"${ORDERLY_BENCH_JAVA_OPTS:--Xmx512m}"
  env SERVER_PORT="$port" LOG_LEVEL=WARN "$@" \
    java "${jvm_opts[@]}" -jar "services/$name/target/orderly-$name.jar" >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  SERVICE_PID[$name]=$!
  local deadline=$((SECONDS + 60))
  until curl -fs "http://127.0.0.1:$port/observe/health/ready" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || { echo "$name did not start; see $WORK/$name.log" >&2; exit 1; }
    sleep 0.5
  done
}

# bench_start_gateway: the gateway in front of the three services, with a rate limit per user far
# above what one bench user sends, so the gateway does not shape the load.
GATEWAY_PORT=18080
bench_start_gateway() {
  bench_start gateway $GATEWAY_PORT AUTH_JWKS_URL="$JWKS_URL" \
    GATEWAY_UPSTREAMS_AUTH="http://127.0.0.1:$AUTH_PORT" \
    GATEWAY_UPSTREAMS_ORDERS="http://127.0.0.1:$ORDERS_PORT" \
    GATEWAY_UPSTREAMS_INVENTORY="http://127.0.0.1:$INVENTORY_PORT" \
    GATEWAY_RATELIMIT_REQUESTSPERSECOND=100000 GATEWAY_RATELIMIT_BURST=100000
}

AUTH_PORT=18083
ADMIN_PASSWORD=$(openssl rand -hex 16)
# shellcheck disable=SC2034 # used by the benches that source this file
JWKS_URL="http://127.0.0.1:$AUTH_PORT/.well-known/jwks.json"

# bench_start_auth: the auth service, signing with a key generated for this bench.
bench_start_auth() {
  make_signing_key "$WORK/signing-key.pem"
  bench_start auth $AUTH_PORT AUTH_SIGNING_KEY_FILE="$WORK/signing-key.pem" AUTH_ADMIN_PASSWORD="$ADMIN_PASSWORD"
}

# bench_products INVENTORY_BASE: creates PRODUCTS products with plenty of stock, as the admin.
bench_products() {
  local admin p
  admin=$(auth_token "http://127.0.0.1:$AUTH_PORT" admin "$ADMIN_PASSWORD")
  for ((p = 0; p < PRODUCTS; p++)); do
    curl -fsS -XPOST "$1/products" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
      -d "{\"id\":\"bench-$RUN_ID-$p\",\"name\":\"bench\",\"stock\":1000000}" >/dev/null
  done
}

# bench_users AUTH_BASE NAME: registers USERS customers NAME-u<i>; their tokens go to
# $WORK/NAME.tokens (one a line), their ids (token subjects) to $WORK/NAME.subjects.
bench_users() {
  local base=$1 name=$2 i user password id
  : >"$WORK/$name.tokens"
  : >"$WORK/$name.subjects"
  for ((i = 0; i < USERS; i++)); do
    user="$name-u$i"
    password="pw-$RUN_ID-$i-benchmark"
    id=$(curl -fsS -XPOST "$base/auth/users" -H 'Content-Type: application/json' \
      -d "{\"username\":\"$user\",\"password\":\"$password\"}" | json_field id)
    printf '%s\n' "$id" >>"$WORK/$name.subjects"
    printf '%s\n' "$(auth_token "$base" "$user" "$password")" >>"$WORK/$name.tokens"
  done
}

# bench_rss_mb NAME: resident memory of service NAME in MB (ps's KiB / 1024).
bench_rss_mb() { echo $(($(ps -o rss= -p "${SERVICE_PID[$1]}") / 1024)); }

# bench_rss LABEL: resident memory of every service started so far.
bench_rss() {
  local name line=""
  for name in "${!SERVICE_PID[@]}"; do
    line+="$name $(bench_rss_mb "$name") MB, "
  done
  echo "RSS $1: ${line%, }"
}

# psql_orders SQL: runs SQL in the orders database as its role (PGPORT and BENCH_ORDERS_PASSWORD
# point elsewhere than hack/infra.sh's PostgreSQL, e.g. a port-forward to a cluster's).
psql_orders() { PGPASSWORD=${BENCH_ORDERS_PASSWORD:-orders} psql -h 127.0.0.1 -U orders -d orders -qAt -F ' ' -c "$1"; }

# bench_await_settled SUBJECTS: waits (120 s at most) until no order of these customers is PENDING.
bench_await_settled() {
  local deadline=$((SECONDS + 120))
  while [[ $(psql_orders "select count(*) from orders where customer_id = any('$1') and status = 'PENDING'") != 0 ]]; do
    ((SECONDS < deadline)) || { echo "orders still pending after 120 s" >&2; exit 1; }
    sleep 1
  done
}

# bench_runs ORDERS_BASE AUTH_BASE: RUNS runs of bench/loadgen against ORDERS_BASE/orders, each with
# fresh users registered through AUTH_BASE; fills `results`.
results=()
bench_runs() {
  local orders=$1 auth=$2 run name subjects load accepted completed window p50 p99
  local accepted_rate completed_rate
  # Every run's users first: registering and logging in takes paths the order load does not (the
  # gateway's public routes), and taking them just before run 1 deoptimised the gateway's hot,
  # C2-compiled filters, so run 1 measured seconds of recompilation (-Xlog:jit+compilation).
  for ((run = 1; run <= RUNS; run++)); do bench_users "$auth" "bench-$RUN_ID-r$run"; done
  # Warm up the JITs: WARMUP seconds of the same load (the same rate too), not measured.
  bench_users "$auth" "bench-$RUN_ID-warmup"
  "$WORK/loadgen" "$orders" "$WARMUP" "$CONCURRENCY" "$WORK/bench-$RUN_ID-warmup.tokens" "bench-$RUN_ID" $PRODUCTS "$RATE" >/dev/null
  bench_await_settled "{$(paste -sd, "$WORK/bench-$RUN_ID-warmup.subjects")}"
  for ((run = 1; run <= RUNS; run++)); do
    name="bench-$RUN_ID-r$run"
    subjects="{$(paste -sd, "$WORK/$name.subjects")}"
    # Where the CPU goes while the load runs (after a 3 s ramp-up, until 2 s before its end; 1 s at least).
    (sleep 3 && python3 bench/cpu-split.py $((SECONDS_PER_RUN > 6 ? SECONDS_PER_RUN - 5 : 1)) >"$WORK/cpu-$run.txt") &
    load=$("$WORK/loadgen" "$orders" "$SECONDS_PER_RUN" "$CONCURRENCY" "$WORK/$name.tokens" "bench-$RUN_ID" $PRODUCTS "$RATE")
    wait $!
    bench_await_settled "$subjects"
    read -r accepted completed window p50 p99 < <(psql_orders "
      select count(*),
             count(*) filter (where status <> 'PENDING'),
             extract(epoch from max(completed_at) - min(created_at)),
             1000 * percentile_cont(0.5) within group (order by extract(epoch from completed_at - created_at)),
             1000 * percentile_cont(0.99) within group (order by extract(epoch from completed_at - created_at))
      from orders where customer_id = any('$subjects')")
    accepted_rate=$(awk -v a="$accepted" -v s="$SECONDS_PER_RUN" 'BEGIN {printf "%.0f", a / s}')
    completed_rate=$(awk -v c="$completed" -v w="$window" 'BEGIN {printf "%.0f", c / w}')
    printf 'run %d: %s; accepted %s/s, completed %s/s, latency p50 %.1f ms, p99 %.1f ms\n' \
      "$run" "$load" "$accepted_rate" "$completed_rate" "$p50" "$p99"
    sed 's/^/    cpu: /' "$WORK/cpu-$run.txt"
    python3 bench/hops.py "$subjects"
    results+=("$accepted_rate $completed_rate $p50 $p99")
  done
}

# bench_spread FORMAT: "min / median / max" of the numbers on stdin (one a line), each in FORMAT.
bench_spread() {
  sort -g | awk -v f="$1" '{v[NR] = $1} END {printf f " / " f " / " f, v[1], v[int((NR + 1) / 2)], v[NR]}'
}

bench_stats() { # column -> "min / median / max"
  printf '%s\n' "${results[@]}" | awk -v c="$1" '{print $c}' | bench_spread %.1f
}

# bench_table TITLE: the min/median/max Markdown table over the runs.
bench_table() {
  echo
  local offered="closed loop"
  ((RATE > 0)) && offered="offered $RATE orders/s"
  echo "| $1: min / median / max of $RUNS runs, ${SECONDS_PER_RUN}s each, concurrency $CONCURRENCY, $offered, $USERS users | value |"
  echo "| --- | --- |"
  echo "| orders accepted/s | $(bench_stats 1) |"
  echo "| orders completed/s | $(bench_stats 2) |"
  echo "| completion latency p50 (ms) | $(bench_stats 3) |"
  echo "| completion latency p99 (ms) | $(bench_stats 4) |"
}
