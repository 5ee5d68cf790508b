#!/usr/bin/env bash
# The test command: brings up PostgreSQL and RabbitMQ (hack/infra.sh) and runs every test tier
# that this machine can run: unit tests and the integration tests against real processes.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=hack/lib/java.sh
source hack/lib/java.sh
hack/infra.sh up
./mvnw -B verify "$@"
