#!/usr/bin/env bash
# The whole platform through the gateway: auth, orders, inventory and the gateway as processes,
# each order a POST /api/orders with a real bearer token (USERS bench users registered and
# logged in through the gateway), the same bounded closed-loop load as bench/saga.sh and the
# same measurement (completion from the orders database).
#
#   bench/platform.sh [--seconds 30] [--concurrency 32] [--runs 3] [--users 8]
#
# Also prints each service's resident memory when idle (after start-up, and after the runs).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
source bench/lib.sh
bench_prepare "$@"
bench_build auth orders inventory gateway

bench_start_auth
bench_start_saga
bench_start_gateway
API="http://127.0.0.1:$GATEWAY_PORT/api"
bench_products "$API/inventory"
sleep 5
bench_rss "idle after start-up"

bench_runs "$API" "$API"
sleep 10
bench_rss "idle after the runs"
bench_table "through the gateway"
