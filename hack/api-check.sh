#!/usr/bin/env bash
# Property-based API tests: schemathesis, with every one of its checks, against the OpenAPI
# document each service serves (gateway, auth, orders, inventory) on the platform that
# hack/run-local.sh runs. Bounded: a fixed number of generated cases per operation and phase, a
# fixed seed. Fails on any failure a check finds; prints each service's counts.
#
#   hack/api-check.sh            start the platform when it is not running (and stop it after)
#
# schemathesis is installed once into a virtualenv under ~/.cache (PyPI); nothing system-wide.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=hack/lib/auth.sh
source hack/lib/auth.sh

SCHEMATHESIS_VERSION=4.32.5
VENV=${ORDERLY_SCHEMATHESIS_VENV:-$HOME/.cache/orderly-schemathesis-$SCHEMATHESIS_VERSION}
EXAMPLES=${ORDERLY_API_CHECK_EXAMPLES:-100}
REPORTS=${ORDERLY_API_CHECK_REPORTS:-target/api-check}
declare -A PORTS=([gateway]=8080 [auth]=8083 [orders]=8081 [inventory]=8082)

log() { printf '[api-check] %s\n' "$*" >&2; }

if [[ ! -x $VENV/bin/schemathesis ]]; then
  log "installing schemathesis $SCHEMATHESIS_VERSION into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet "schemathesis==$SCHEMATHESIS_VERSION"
fi

started_here=0
gateway="http://127.0.0.1:${PORTS[gateway]}/api"
if ! curl -fs -o /dev/null "http://127.0.0.1:${PORTS[gateway]}/observe/health/ready"; then
  hack/run-local.sh up >/dev/null
  started_here=1
fi
stop() {
  if [[ -n ${ORDERLY_API_CLIENT_SECRET:-} ]]; then
    curl -fsS -o /dev/null -XDELETE "$gateway/auth/clients/$ORDERLY_API_CLIENT_ID" \
      -H "Authorization: Bearer $ORDERLY_API_TOKEN" || true
  fi
  if ((started_here)); then hack/run-local.sh down >/dev/null 2>&1 || true; fi
}
trap stop EXIT

ORDERLY_API_TOKEN=$(auth_token "$gateway" admin "$(cat .run/admin-password)")
[[ -n $ORDERLY_API_TOKEN ]] || { log "cannot get an admin token"; exit 1; }
# A client of this run's own for the documents' HTTP Basic scheme; removed at the end.
ORDERLY_API_CLIENT_ID="api-check-$RANDOM$RANDOM"
ORDERLY_API_CLIENT_SECRET=$(curl -fsS "$gateway/auth/clients" -H "Authorization: Bearer $ORDERLY_API_TOKEN" \
  -H 'Content-Type: application/json' -d "{\"clientId\":\"$ORDERLY_API_CLIENT_ID\",\"roles\":[\"customer\"]}" |
  json_field clientSecret)
[[ -n $ORDERLY_API_CLIENT_SECRET ]] || { log "cannot register a client"; exit 1; }
export ORDERLY_API_TOKEN ORDERLY_API_CLIENT_ID ORDERLY_API_CLIENT_SECRET

mkdir -p "$REPORTS"
failed=()
for service in auth inventory orders gateway; do
  base="http://127.0.0.1:${PORTS[$service]}"
  log "$service: $base/openapi.json, $EXAMPLES cases per operation and phase"
  if ! "$VENV/bin/schemathesis" --config-file hack/api-check.toml run "$base/openapi.json" \
      --url "$base" --checks all --max-examples "$EXAMPLES" --seed 42 \
      --report junit --report-junit-path "$REPORTS/$service.xml" >"$REPORTS/$service.log" 2>&1; then
    failed+=("$service")
  fi
  # The summary: test cases generated and failures found.
  sed -n '/^Test cases:/{n;p}; /^Failures:/,/^$/p' "$REPORTS/$service.log" | sed '/^$/d; s/^ */    /' |
    sed "s/^/[api-check] $service: /" >&2 || true
done
if ((${#failed[@]})); then
  log "failures in: ${failed[*]} (details in $REPORTS/<service>.log)"
  exit 1
fi
log "no failures"
