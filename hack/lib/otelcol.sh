# shellcheck shell=bash
# Sourced by the integration tests that need a real OTLP receiver: builds hack/otelcol, a minimal
# OpenTelemetry Collector (otlp receiver; file and debug exporters), from the Go module proxy into
# ~/.cache/orderly-otelcol/<sha256 of its go.mod, go.sum and main.go>/otelcol, once for each version
# of those files. Exports ORDERLY_OTELCOL_BIN, the binary. The first build downloads about 120 MB
# of modules and compiles for a minute or two; later calls only hash three files.

# shellcheck source=hack/lib/go.sh
source "$(dirname "${BASH_SOURCE[0]}")/go.sh"

otelcol_ensure() {
  local src hash dir
  src="$(cd "$(dirname "${BASH_SOURCE[0]}")/../otelcol" && pwd)" || return 1
  # Per-file hashes, then a hash of that list: a change in any of the three files rebuilds.
  hash=$(cd "$src" && sha256sum go.mod go.sum main.go | sha256sum | cut -d' ' -f1) || return 1
  dir="${XDG_CACHE_HOME:-$HOME/.cache}/orderly-otelcol/$hash"
  ORDERLY_OTELCOL_BIN="$dir/otelcol"
  export ORDERLY_OTELCOL_BIN
  [[ -x $ORDERLY_OTELCOL_BIN ]] && return 0
  echo "[otelcol] building the OpenTelemetry Collector of hack/otelcol into $dir" >&2
  mkdir -p "$dir" || return 1
  # -mod=readonly: the committed go.sum must be complete; a build never rewrites go.mod or go.sum.
  # Built under a temporary name and renamed, so an interrupted build leaves no binary behind.
  if ! (cd "$src" && CGO_ENABLED=0 "$GO" build -mod=readonly -buildvcs=false -trimpath \
    -ldflags='-s -w' -o "$ORDERLY_OTELCOL_BIN.tmp.$$" .); then
    rm -f "$ORDERLY_OTELCOL_BIN.tmp.$$"
    echo "[otelcol] ERROR: go build in $src failed" >&2
    return 1
  fi
  mv -f "$ORDERLY_OTELCOL_BIN.tmp.$$" "$ORDERLY_OTELCOL_BIN"
}
