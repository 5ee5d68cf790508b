# shellcheck shell=bash
# Sourced by the scripts that run long-lived components as processes of their own (the test
# control plane, the real node). The sourcing script sets:
#   STATE  its state folder: a component's command line must name it (guards against pid reuse)
#   RUN    where pid files go          LOGS  where each component's log goes
# and defines log (one line to stderr).

# shellcheck source=hack/lib/process.sh
source "$(dirname "${BASH_SOURCE[0]}")/process.sh"

pid_file() { printf '%s/%s.pid' "$RUN" "$1"; }

# running_pid NAME: prints the pid of the running component NAME that start_component started, or
# fails. A pid file is trusted only when that process's argv[0] is NAME and its command line
# mentions $STATE, so a reused pid is never taken for ours.
running_pid() {
  local name=$1 file pid argv0
  file=$(pid_file "$name")
  [[ -f "$file" ]] || return 1
  pid=$(cat "$file")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  argv0=$(tr '\0' '\n' <"/proc/$pid/cmdline" | head -n1)
  [[ "$(basename -- "$argv0")" == "$name" ]] || return 1
  grep -qF -- "$STATE" "/proc/$pid/cmdline" || return 1
  printf '%s' "$pid"
}

# start_component NAME COMMAND...: starts COMMAND in a session of its own (so it outlives the
# calling shell), logging to $LOGS/NAME.log, unless NAME runs already. COMMAND may be a wrapper
# that execs the component (nsenter), so the pid stays the component's.
start_component() {
  local name=$1 pid
  shift
  if pid=$(running_pid "$name"); then
    log "$name already running (pid $pid)"
    return 0
  fi
  log "starting $name"
  setsid "$@" >>"$LOGS/$name.log" 2>&1 </dev/null &
  echo $! >"$(pid_file "$name")"
}

stop_component() {
  local name=$1 pid
  if ! pid=$(running_pid "$name"); then
    rm -f "$(pid_file "$name")"
    return 0
  fi
  log "stopping $name (pid $pid)"
  stop_process "$name" "$pid"
  rm -f "$(pid_file "$name")"
}

# wait_for NAME WHAT SECONDS COMMAND...: retries COMMAND until it succeeds; fails early, with the
# component's last log lines, when NAME died.
wait_for() {
  local name=$1 what=$2 timeout=$3 deadline
  shift 3
  deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if ! running_pid "$name" >/dev/null; then
      log "$name exited while waiting for $what; last lines of $LOGS/$name.log:"
      tail -n 30 "$LOGS/$name.log" >&2 || true
      return 1
    fi
    if ((SECONDS >= deadline)); then
      log "timed out after ${timeout}s waiting for $what (see $LOGS/$name.log)"
      return 1
    fi
    sleep 0.5
  done
}
