#!/usr/bin/env bash
# Places a handful of orders through the gateway of a platform started by `hack/run-local.sh up`
# and prints each saga's outcome and timeline:
#   1. an order with stock           -> CONFIRMED
#   2. an order beyond the stock     -> CANCELLED (out of stock)
#   3. an order cancelled after confirmation -> CANCELLED, its stock released (compensation)
#
#   hack/demo.sh [gateway-url]      (default http://127.0.0.1:8080; the demo user and password from .run/)
#
# Reads JSON with jq when it is installed, else with python3.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=hack/lib/auth.sh
source hack/lib/auth.sh

GATEWAY=${1:-${ORDERLY_GATEWAY:-http://127.0.0.1:8080}}
USERNAME=${DEMO_USER:-$(cat .run/demo-user 2>/dev/null || echo demo)}
PASSWORD=${DEMO_PASSWORD:-$(cat .run/demo-password 2>/dev/null || true)}
[[ -n $PASSWORD ]] || { echo "no demo password: run hack/run-local.sh up first (or set DEMO_PASSWORD)" >&2; exit 1; }

if command -v jq >/dev/null; then JSON=jq
elif command -v python3 >/dev/null; then JSON=python3
else echo "needs jq or python3" >&2; exit 1; fi

# field NAME: a top-level field of the JSON object on stdin ("" when absent or null).
field() {
  if [[ $JSON == jq ]]; then jq -r --arg f "$1" '.[$f] // empty'
  else python3 -c 'import json,sys; v=json.load(sys.stdin).get(sys.argv[1]); print("" if v is None else v)' "$1"; fi
}

# render: the /api/orders/{id}/details document on stdin, readable.
render() {
  if [[ $JSON == jq ]]; then
    jq -r '"  outcome:     \(.order.status)\(if .order.cancelReason then " (" + .order.cancelReason + ")" else "" end)",
      "  items:       \([.order.items[] | "\(.quantity) x \(.productId)"] | join(", "))",
      "  reservation: \(if .reservation then .reservation.status else "none" end)",
      "  timeline:",
      (.timeline.steps[] | "    \(.at[11:23])  \(.step | . + " " * (18 - length))\(.detail // "")"),
      (if .partial then "  (partial answer; missing: \(.missing | join(", ")))" else empty end)'
  else
    python3 -c '
import json, sys
d = json.load(sys.stdin)
o = d["order"]
reason = " (%s)" % o["cancelReason"] if o.get("cancelReason") else ""
print("  outcome:     %s%s" % (o["status"], reason))
print("  items:       %s" % ", ".join("%d x %s" % (i["quantity"], i["productId"]) for i in o["items"]))
print("  reservation: %s" % (d["reservation"]["status"] if d.get("reservation") else "none"))
print("  timeline:")
for s in d["timeline"]["steps"]:
    print("    %s  %-18s%s" % (s["at"][11:23], s["step"], s.get("detail") or ""))
if d.get("partial"):
    print("  (partial answer; missing: %s)" % ", ".join(d["missing"]))
'
  fi
}

TOKEN=$(auth_token "$GATEWAY/api" "$USERNAME" "$PASSWORD")
[[ -n $TOKEN ]] || { echo "cannot log in as $USERNAME through $GATEWAY" >&2; exit 1; }
AUTH=(-H "Authorization: Bearer $TOKEN")

# place PRODUCT QUANTITY -> order id
place() {
  curl -fsS -XPOST "$GATEWAY/api/orders" "${AUTH[@]}" -H 'Content-Type: application/json' \
    -H "Idempotency-Key: demo-$(date +%s%N)" \
    -d "{\"items\":[{\"productId\":\"$1\",\"quantity\":$2}]}" | field id
}

status() { curl -fsS "$GATEWAY/api/orders/$1" "${AUTH[@]}" | field status; }

# await ID STATUS...: waits (10 s at most) until the order is in one of STATUS
await() {
  local id=$1 s deadline=$((SECONDS + 10)); shift
  while :; do
    s=$(status "$id")
    for want in "$@"; do [[ $s == "$want" ]] && return 0; done
    ((SECONDS < deadline)) || { echo "  order $id still $s after 10 s" >&2; return 1; }
    sleep 0.2
  done
}

show() { # TITLE ID
  echo
  echo "== $1"
  echo "  order:       $2"
  curl -fsS "$GATEWAY/api/orders/$2/details" "${AUTH[@]}" | render
}

echo "Orderly demo through $GATEWAY as '$USERNAME'"

ok=$(place filter-papers 1)
await "$ok" CONFIRMED CANCELLED
show "1. an order with stock" "$ok"

short=$(place last-mug 5)
await "$short" CONFIRMED CANCELLED
show "2. an order beyond the stock (5 of 'the last mug')" "$short"

cancelled=$(place grinder 1)
await "$cancelled" CONFIRMED CANCELLED
curl -fsS -o /dev/null -XPOST "$GATEWAY/api/orders/$cancelled/cancel" "${AUTH[@]}"
await "$cancelled" CANCELLED
sleep 0.5 # let the compensation (stock.released) reach the timeline
show "3. an order cancelled by the customer after confirmation (its stock is released)" "$cancelled"
