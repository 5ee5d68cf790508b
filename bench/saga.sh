#!/usr/bin/env bash
# Saga throughput and latency, straight on the order service (no gateway): a bounded closed-loop
# load (fixed duration and concurrency), repeated; completion measured from the orders database.
# Every order carries a real bearer token from the auth service (one per bench user).
#
#   bench/saga.sh [--seconds 30] [--concurrency 32] [--runs 3] [--users 8]
#
# Prints per run: orders accepted/s, orders completed/s (CONFIRMED or CANCELLED), completion
# latency p50/p99 (accepted -> terminal), then min/median/max over the runs as a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
source bench/lib.sh
bench_prepare "$@"
bench_build auth orders inventory

bench_start_auth
bench_start_saga
bench_products "http://127.0.0.1:$INVENTORY_PORT"
sleep 5
bench_rss "idle"

bench_runs "http://127.0.0.1:$ORDERS_PORT" "http://127.0.0.1:$AUTH_PORT"
bench_table "straight to orders"
