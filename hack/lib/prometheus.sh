# shellcheck shell=bash
# Sourced by hack/test.sh: Prometheus and promtool from Debian's package, unpacked (never
# installed, so nothing starts a daemon) into ~/.cache/orderly-prometheus. Exports
# ORDERLY_PROMETHEUS_BIN, the folder the monitoring tests run both binaries from.

prometheus_ensure() {
  local cache="${XDG_CACHE_HOME:-$HOME/.cache}/orderly-prometheus"
  ORDERLY_PROMETHEUS_BIN="$cache/usr/bin"
  export ORDERLY_PROMETHEUS_BIN
  [[ -x $ORDERLY_PROMETHEUS_BIN/prometheus && -x $ORDERLY_PROMETHEUS_BIN/promtool ]] && return 0
  local download
  download=$(mktemp -d)
  echo "[prometheus] unpacking Debian's prometheus package into $cache" >&2
  # apt's sandbox user cannot write into a private temporary folder; it downloads as root then.
  (cd "$download" && apt-get download -qq prometheus 2>/dev/null) || {
    (cd "$download" && apt-get update -qq && apt-get download -qq prometheus 2>/dev/null)
  }
  rm -rf "$cache"
  mkdir -p "$cache"
  dpkg-deb -x "$download"/prometheus_*.deb "$cache"
  rm -rf "$download"
  "$ORDERLY_PROMETHEUS_BIN/prometheus" --version >/dev/null
}
