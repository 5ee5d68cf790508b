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

GATEWAY_PORT=18080
bench_start_auth
bench_start_saga
# A rate limit per user far above what one bench user sends, so the gateway does not shape the load.
bench_start gateway $GATEWAY_PORT AUTH_JWKS_URL="$JWKS_URL" \
  GATEWAY_UPSTREAMS_AUTH="http://127.0.0.1:$AUTH_PORT" \
  GATEWAY_UPSTREAMS_ORDERS="http://127.0.0.1:$ORDERS_PORT" \
  GATEWAY_UPSTREAMS_INVENTORY="http://127.0.0.1:$INVENTORY_PORT" \
  GATEWAY_RATELIMIT_REQUESTSPERSECOND=100000 GATEWAY_RATELIMIT_BURST=100000
API="http://127.0.0.1:$GATEWAY_PORT/api"
bench_products "$API/inventory"
sleep 5
bench_rss "idle after start-up"

bench_runs "$API" "$API"
sleep 10
bench_rss "idle after the runs"
bench_table "through the gateway"
