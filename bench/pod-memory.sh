#!/usr/bin/env bash
# Memory of each Orderly pod on the real node of hack/cluster.sh, as its cgroup (the memory
# controller the kubelet limits and the kernel OOM-kills by) and its JVM see it:
#
#   bench/pod-memory.sh [NAMESPACE]     (default shop; the cluster must be up)
#
# Per pod: the memory limit; the peak of the cgroup's usage since the pod started
# (memory.max_usage_in_bytes, page cache included); now: usage, working set (usage minus inactive
# file cache: what the kubelet evicts by), RSS (anonymous memory, what cannot be reclaimed) and,
# asked of the service's JVM with jcmd (the node's processes are this machine's), its heap: used,
# committed and maximum. RSS minus committed heap is what the JVM holds beside the heap
# (metaspace, code cache, thread stacks, GC structures, direct buffers).
# hack/cluster-e2e.sh runs it after the load of RealNodeIT, so "peak" covers that load.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=hack/lib/java.sh
source hack/lib/java.sh
NAMESPACE=${1:-shop}
eval "$(hack/cluster.sh env)"
CGROUP_ROOT=/sys/fs/cgroup/memory/orderly-${ORDERLY_CLUSTER_NAME:-orderly}

mib() { awk -v b="$1" 'BEGIN { if (b == "") print "-"; else printf "%.0f", b / 1048576 }'; }
stat_of() { awk -v k="$2" '$1 == k { print $2 }' "$1/memory.stat"; }

# used, committed and maximum heap in bytes of the JVM in the pod cgroup $1 (empty: no JVM there).
jvm_heap() {
  local pid
  for pid in $(find "$1" -name cgroup.procs -exec cat {} + 2>/dev/null | sort -u); do
    [[ $(cat "/proc/$pid/comm" 2>/dev/null) == java ]] || continue
    local max
    max=$(timeout 20 "$JAVA_HOME/bin/jcmd" "$pid" VM.flags 2>/dev/null | tr ' ' '\n' | awk -F= '$1 == "-XX:MaxHeapSize" { print $2 }')
    # Each generation's line reads "<name> total <n>K, used <n>K [...]".
    timeout 20 "$JAVA_HOME/bin/jcmd" "$pid" GC.heap_info 2>/dev/null |
      awk -v max="$max" '/ total [0-9]+K, used [0-9]+K/ {
          for (i = 1; i < NF; i++) { if ($i == "total") total += $(i + 1) + 0; if ($i == "used") used += $(i + 1) + 0 }
        } END { if (total) printf "%d %d %d\n", used * 1024, total * 1024, max }'
    return
  done
}

printf '%-32s %7s %7s %7s %9s %7s %9s %9s %9s %9s\n' pod limit peak usage workset rss heapused heap heapmax beside
kubectl -n "$NAMESPACE" get pods -o jsonpath='{range .items[*]}{.metadata.name} {.metadata.uid} {.spec.containers[0].resources.limits.memory}{"\n"}{end}' |
  while read -r pod uid limit; do
    dir=$(find "$CGROUP_ROOT" -maxdepth 3 -type d -name "pod$uid" -print -quit 2>/dev/null)
    [[ -n $dir ]] || { printf '%-32s (no cgroup found)\n' "$pod"; continue; }
    usage=$(cat "$dir/memory.usage_in_bytes")
    inactive=$(stat_of "$dir" total_inactive_file)
    rss=$(stat_of "$dir" total_rss)
    read -r used committed max <<<"$(jvm_heap "$dir")" || true
    printf '%-32s %7s %7s %7s %9s %7s %9s %9s %9s %9s\n' "$pod" "${limit:--}" \
      "$(mib "$(cat "$dir/memory.max_usage_in_bytes")")" "$(mib "$usage")" "$(mib $((usage - inactive)))" \
      "$(mib "$rss")" "$(mib "${used:-}")" "$(mib "${committed:-}")" "$(mib "${max:-}")" \
      "$( [[ -n ${committed:-} ]] && mib $((rss - committed)) || echo -)"
  done
echo "(MiB; peak since the pod started, the rest now; beside = RSS - committed heap)"
