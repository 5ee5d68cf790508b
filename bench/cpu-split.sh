#!/usr/bin/env bash
# Prints, for a time window, how the machine's CPU time split between Orderly's components.
#   bench/cpu-split.sh SECONDS
# Samples utime+stime of every process from /proc at the start and the end of the window and
# groups them by what they run; processes that start or end inside the window count partially.
set -euo pipefail
# One collation for sort and join, whatever the caller's locale (join refuses input sorted otherwise).
export LC_ALL=C
window=${1:?seconds}

sample() {
  local f pid cmd
  for f in /proc/[0-9]*/stat; do
    pid=${f#/proc/}; pid=${pid%/stat}
    cmd=$({ tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | cut -c1-300) || continue
    # fields 14 and 15 of stat are utime and stime (clock ticks); the command may contain spaces.
    awk -v pid="$pid" -v cmd="$cmd" '{
      sub(/^.*\) /, ""); print pid, $12 + $13, cmd }' "$f" 2>/dev/null || true
  done
}

group() {
  awk '{
    c = "other"
    if ($0 ~ /orderly-orders/) c = "orders"
    else if ($0 ~ /orderly-inventory/) c = "inventory"
    else if ($0 ~ /orderly-gateway/) c = "gateway"
    else if ($0 ~ /orderly-auth/) c = "auth"
    else if ($0 ~ /loadgen/) c = "load-generator"
    else if ($0 ~ /beam.smp|erl_child/) c = "rabbitmq"
    else if ($0 ~ /postgres/) c = "postgresql"
    print $1, $2, c }'
}

before=$(sample | group)
sleep "$window"
after=$(sample | group)
ticks=$(getconf CLK_TCK)
cores=$(nproc)
join <(sort <<<"$before") <(sort <<<"$after") -a 2 | awk -v t="$ticks" -v w="$window" -v n="$cores" '
  { start = (NF == 5) ? $2 : 0; end = (NF == 5) ? $4 : $2; comp = (NF == 5) ? $5 : $3
    used[comp] += (end - start) / t }
  END { for (c in used) if (used[c] > 0.05) printf "%-15s %5.1f%% of %d cores\n", c, 100 * used[c] / (w * n), n }' |
  sort -k2 -nr
