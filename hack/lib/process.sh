# shellcheck shell=bash
# Sourced by the hack/ scripts: stopping a background process they started.

# stop_process LABEL PID: SIGTERM, up to 15 s for a clean exit, then SIGKILL.
stop_process() {
  local label=$1 pid=$2 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 150; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  printf '%s did not stop in 15s; killing it\n' "$label" >&2
  kill -KILL "$pid" 2>/dev/null || true
}
