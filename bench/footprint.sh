#!/usr/bin/env bash
# Idle resident memory of each service with the settings hack/run-local.sh uses
# (ORDERLY_SERVICE_JAVA_OPTS): the platform is started, used once the way a first client uses it
# (the admin's token and the catalogue, a customer registered and logged in, one order through the
# gateway to its end), then left alone for 15 s before each service's RSS is read. Repeated
# --runs times, each on freshly started processes; prints min/median/max per service.
#
#   bench/footprint.sh [--runs 3]
#
# Bounded: about 40 s a run.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
source bench/lib.sh
bench_options "$@"
hack/infra.sh up >/dev/null
bench_build auth orders inventory gateway
export ORDERLY_BENCH_JAVA_OPTS="$ORDERLY_SERVICE_JAVA_OPTS"
echo "JVM options: $ORDERLY_BENCH_JAVA_OPTS"

API="http://127.0.0.1:$GATEWAY_PORT/api"
SERVICES=(gateway auth orders inventory)
declare -A RSS=()
FIRST_RUN_ID=$RUN_ID
for ((run = 1; run <= RUNS; run++)); do
  RUN_ID="$FIRST_RUN_ID-$run" # new products and users each run: the databases keep the earlier ones
  bench_start_auth
  bench_start_saga
  bench_start_gateway
  bench_products "$API/inventory"
  USERS=1 bench_users "$API" "footprint-$RUN_ID"
  order=$(curl -fsS -XPOST "$API/orders" -H "Authorization: Bearer $(cat "$WORK/footprint-$RUN_ID.tokens")" \
    -H 'Content-Type: application/json' -d "{\"items\":[{\"productId\":\"bench-$RUN_ID-0\",\"quantity\":1}]}" | json_field id)
  bench_await_settled "{$(cat "$WORK/footprint-$RUN_ID.subjects")}"
  sleep 15
  line="run $run (order $order settled):"
  for name in "${SERVICES[@]}"; do
    mb=$(bench_rss_mb "$name")
    RSS[$name]+="$mb "
    line+=" $name $mb MB"
  done
  echo "$line"
  bench_cleanup
  PIDS=()
done

echo
echo "| idle RSS (MB), min / median / max of $RUNS starts | value |"
echo "| --- | --- |"
for name in "${SERVICES[@]}"; do
  # shellcheck disable=SC2086 # one value a word
  echo "| $name | $(printf '%s\n' ${RSS[$name]} | bench_spread %d) |"
done
