#!/usr/bin/env bash
# Memory of the local platform: the resident set (VmRSS) of every process `./paved up` runs, at idle,
# right after the catalog benchmark (bench/catalog/run.sh: a 10,000-entity ingest and wrk on reads),
# and after idling again; with the sums. Target: every process idles under 250 MB.
#
#   bench/footprint/run.sh [SCALE]       SCALE as for bench/catalog/run.sh (default 1 = 10,000 entities)
#
# The platform runs on its own ports and data directory (PORT_BASE, default 18180), next to any
# ./paved up of yours, with the gateway's rate limit off so that the catalog benchmark measures reads.
# IDLE_SECONDS (default 60) is how long each idle lasts: long enough for the collectors' periodic
# work to hand freed memory back. RSS counts shared pages (the JDK's class archive, libjvm.so) in
# every process that maps them; the proportional set size (PSS) shares them out, so the PSS sum is
# what the platform adds to the machine.
# PAVED_NO_BUILD=1 measures the jars as they are built, without rebuilding.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
scale="${1:-1}"
port_base="${PORT_BASE:-18180}"
idle_seconds="${IDLE_SECONDS:-60}"
services=(api-gateway catalog-service provisioning-service observability-service)
work="$(mktemp -d "${TMPDIR:-/tmp}/paved-footprint.XXXXXX")"
data="$work/data"
# shellcheck source=bench/lib/platform.sh
. "$root/bench/lib/platform.sh"
trap 'platform_stop; rm -rf "$work"' EXIT

kb_of() { awk -v field="$2:" '$1 == field { print $2 }' "$1"; }

# "name pid" for every process of the platform: the launcher, its four services, and the PostgreSQL
# and Prometheus it started (all PostgreSQL processes together, under the postmaster's pid).
processes() {
  local pid postmaster
  echo "launcher $launcher_pid"
  for pid in $(pgrep -P "$launcher_pid"); do
    local command
    command="$(tr '\0' ' ' <"/proc/$pid/cmdline")"
    for service in "${services[@]}"; do
      [[ "$command" == *"-Dpaved.service=$service "* ]] && echo "$service $pid"
    done
    [[ "$command" == *prometheus* ]] && echo "prometheus $pid"
  done
  postmaster="$(head -1 "$data/postgres/postmaster.pid" 2>/dev/null || true)"
  [[ -n "$postmaster" ]] && echo "postgresql $postmaster"
  return 0
}

# Prints "rss-mb pss-mb largest-rss-mb" of a process, and for PostgreSQL of the postmaster and all its
# backends together (their shared buffers count in each one's RSS), with the largest of them.
memory_of() {
  local name="$1" pid="$2" rss=0 pss=0 largest=0 member member_rss
  local members=("$pid")
  if [[ "$name" == postgresql ]]; then
    mapfile -t -O 1 members < <(pgrep -P "$pid")
  fi
  for member in "${members[@]}"; do
    [[ -r "/proc/$member/status" ]] || continue
    member_rss="$(kb_of "/proc/$member/status" VmRSS)"
    rss=$((rss + member_rss))
    largest=$((member_rss > largest ? member_rss : largest))
    pss=$((pss + $(kb_of "/proc/$member/smaps_rollup" Pss)))
  done
  echo "$((rss / 1024)) $((pss / 1024)) $((largest / 1024))"
}

declare -A rss_at pss_at largest_at
snapshot() {
  local label="$1" name pid rss pss largest
  while read -r name pid; do
    read -r rss pss largest < <(memory_of "$name" "$pid")
    rss_at["$label,$name"]="$rss"
    pss_at["$label,$name"]="$pss"
    largest_at["$label,$name"]="$largest"
  done < <(processes)
}

echo "Machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
PAVED_GATEWAY_RATE_LIMIT_ENABLED=false platform_start "$port_base" "$data" "$work/up.out"
echo "Platform ready; idling ${idle_seconds} s"
sleep "$idle_seconds"
snapshot idle

echo "Catalog benchmark (scale $scale)..."
PAVED_URL="http://127.0.0.1:$port_base" \
  BENCH_TOKEN="$(PAVED_NO_BUILD=1 "$root/paved" token --user bench --role platform-admin --data "$data")" \
  "$root/bench/catalog/run.sh" "$scale" | sed 's/^/  /'
snapshot bench
echo "Idling ${idle_seconds} s"
sleep "$idle_seconds"
snapshot after

labels=(idle bench after)
echo
printf '%-22s %12s %16s %18s\n' "RSS (MB)" "idle" "after catalog" "idle again"
for name in launcher "${services[@]}" postgresql prometheus; do
  [[ -n "${rss_at[idle,$name]:-}" ]] || continue
  printf '%-22s %12s %16s %18s\n' "$name" "${rss_at[idle,$name]}" "${rss_at[bench,$name]}" "${rss_at[after,$name]}"
done
printf '%-22s %12s %16s %18s\n' "  largest postgresql" "${largest_at[idle,postgresql]:-}" \
  "${largest_at[bench,postgresql]:-}" "${largest_at[after,postgresql]:-}"
for sum in "JVMs (RSS sum)" "all (RSS sum)" "all (PSS sum)"; do
  row=()
  for label in "${labels[@]}"; do
    total=0
    for name in launcher "${services[@]}" postgresql prometheus; do
      case "$sum" in
        JVMs*) [[ "$name" == postgresql || "$name" == prometheus ]] && continue; value="${rss_at[$label,$name]:-0}" ;;
        *RSS*) value="${rss_at[$label,$name]:-0}" ;;
        *) value="${pss_at[$label,$name]:-0}" ;;
      esac
      total=$((total + value))
    done
    row+=("$total")
  done
  printf '%-22s %12s %16s %18s\n' "$sum" "${row[@]}"
done
echo "postgresql is its postmaster and every backend together; \"largest\" is the largest one of them."
echo "Target: every process idles under 250 MB."
