#!/usr/bin/env bash
# Memory of each Orderly pod on the real node of hack/cluster.sh, as its cgroup (the memory
# controller the kubelet limits and the kernel OOM-kills by) and its JVM see it:
#
#   bench/pod-memory.sh [NAMESPACE]     (default shop; the cluster must be up)
#
# Per pod: the memory limit; the peak of the cgroup's usage since the pod started
# (memory.max_usage_in_bytes, page cache included); now: usage, working set (usage minus inactive
# file cache: what the kubelet evicts by), RSS (anonymous memory, what cannot be reclaimed) and,
# read through the API server's pod proxy from the observe port, the JVM's committed and maximum
# heap; RSS minus committed heap is about what the JVM holds beside the heap (metaspace, code
# cache, thread stacks, GC structures, direct buffers).
# hack/cluster-e2e.sh runs it after the load of RealNodeIT, so "peak" covers that load.
set -euo pipefail
cd "$(dirname "$0")/.."
NAMESPACE=${1:-shop}
eval "$(hack/cluster.sh env)"
CGROUP_ROOT=/sys/fs/cgroup/memory/orderly-${ORDERLY_CLUSTER_NAME:-orderly}

mib() { awk -v b="$1" 'BEGIN { if (b == "") print "-"; else printf "%.0f", b / 1048576 }'; }
stat_of() { awk -v k="$2" '$1 == k { print $2 }' "$1/memory.stat"; }

# The JVM's own view, through the API server (the NetworkPolicies admit no one else to port 9090).
jvm() {
  kubectl get --raw "/api/v1/namespaces/$NAMESPACE/pods/$1:9090/proxy/observe/metrics" 2>/dev/null |
    awk -v name="$2" 'index($0, name) == 1 { split($0, f, " "); sum += f[length(f)] } END { if (sum) printf "%.0f", sum }'
}

printf '%-32s %7s %7s %7s %9s %7s %9s %9s\n' pod limit peak usage workset rss heap heapmax
kubectl -n "$NAMESPACE" get pods -o jsonpath='{range .items[*]}{.metadata.name} {.metadata.uid} {.spec.containers[0].resources.limits.memory}{"\n"}{end}' |
  while read -r pod uid limit; do
    dir=$(find "$CGROUP_ROOT" -maxdepth 3 -type d -name "pod$uid" -print -quit 2>/dev/null)
    [[ -n $dir ]] || { printf '%-32s (no cgroup found)\n' "$pod"; continue; }
    usage=$(cat "$dir/memory.usage_in_bytes")
    inactive=$(stat_of "$dir" total_inactive_file)
    heap="" heapmax=""
    case $pod in
      *-postgres-* | *-rabbitmq-*) ;;
      *)
        heap=$(jvm "$pod" memory_committedHeap_bytes || true)
        heapmax=$(jvm "$pod" memory_maxHeap_bytes || true)
        ;;
    esac
    printf '%-32s %7s %7s %7s %9s %7s %9s %9s\n' "$pod" "${limit:--}" \
      "$(mib "$(cat "$dir/memory.max_usage_in_bytes")")" "$(mib "$usage")" "$(mib $((usage - inactive)))" \
      "$(mib "$(stat_of "$dir" total_rss)")" "$(mib "$heap")" "$(mib "$heapmax")"
  done
echo "(MiB; peak since the pod started, the rest now)"
