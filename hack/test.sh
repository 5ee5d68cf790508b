#!/usr/bin/env bash
# The test command: brings up PostgreSQL and RabbitMQ (hack/infra.sh), builds the test control
# plane once (hack/kube-testenv.sh build: kube-apiserver and etcd from source, cached in
# ~/.cache/orderly-kube; about 12 minutes the first time on 2 cores, then seconds), and runs
# every test tier this machine can run: unit tests, the services as real processes against the
# real broker and database (and a real Prometheus scraping them with the chart's alert rules, and
# a real OpenTelemetry Collector built from hack/otelcol receiving their spans),
# the operator against a real kube-apiserver, and then the API contract: hack/api-check.sh runs
# schemathesis with all its checks against the OpenAPI document each service serves.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=hack/lib/java.sh
source hack/lib/java.sh
# shellcheck source=hack/lib/prometheus.sh
source hack/lib/prometheus.sh
# shellcheck source=hack/lib/otelcol.sh
source hack/lib/otelcol.sh
hack/infra.sh up
prometheus_ensure
otelcol_ensure
hack/kube-testenv.sh build
# The operator's reconciler tests must run on the real API server, never fall back to the mock.
export ORDERLY_TEST_CLUSTER=apiserver
./mvnw -B verify "$@"
hack/api-check.sh
