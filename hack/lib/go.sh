# shellcheck shell=bash
# Sourced by the scripts that build Go (the test control plane, the benchmarks' load generator):
# GO names the toolchain, `go` on PATH or the machine's /usr/local/go, unless GO is set already.
if [[ -z "${GO:-}" ]]; then
  if command -v go >/dev/null 2>&1; then GO=go; else GO=/usr/local/go/bin/go; fi
fi
